/**
 * Answer rendering: GitHub-flavoured markdown, syntax-highlighted code with a
 * copy button per block.
 *
 * Cheap while streaming: the text is split into blocks at blank lines outside
 * code fences; every finished block is a memoised component (parsed and
 * highlighted once), and only the block still growing is parsed again — at
 * most every `liveMs`, with the newest characters shown as plain text in
 * between.
 */
import { memo, startTransition, useEffect, useMemo, useRef, useState, type ComponentProps } from 'react';
import { ActionIcon, CopyButton, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import hljs from 'highlight.js/lib/common';
import ReactMarkdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';

/** Splits markdown at blank lines that are not inside a ``` / ~~~ fence. The last block may still be growing. */
export function splitBlocks(text: string): string[] {
  const lines = text.split('\n');
  const blocks: string[] = [];
  let cur: string[] = [];
  let fence: string | null = null;
  for (const line of lines) {
    const m = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (m) {
      if (fence === null) fence = m[1]!;
      else if (m[1]!.startsWith(fence[0]!) && m[1]!.length >= fence.length && line.trim() === m[1]) fence = null;
    }
    if (fence === null && line.trim() === '' && cur.length > 0 && cur.some((l) => l.trim() !== '')) {
      blocks.push(cur.join('\n'));
      cur = [];
      continue;
    }
    cur.push(line);
  }
  if (cur.length) blocks.push(cur.join('\n'));
  return blocks;
}

function Pre(props: ComponentProps<'pre'> & { node?: unknown }) {
  const { node: _node, children, ...rest } = props;
  const ref = useRef<HTMLPreElement>(null);
  const [text, setText] = useState('');
  return (
    <div className="race-code">
      <pre ref={ref} {...rest}>
        {children}
      </pre>
      <CopyButton value={text} timeout={1500}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : 'Copy code'} withArrow>
            <ActionIcon
              className="race-code-copy"
              size="sm"
              variant="default"
              aria-label={copied ? 'Code copied' : 'Copy code'}
              onMouseEnter={() => setText(ref.current?.textContent ?? '')}
              onFocus={() => setText(ref.current?.textContent ?? '')}
              onClick={() => {
                // read at click time: the block may have grown since hover
                setText(ref.current?.textContent ?? '');
                queueMicrotask(copy);
              }}
            >
              {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </div>
  );
}

/**
 * Fenced code with a known language, highlighted by highlight.js (its common
 * languages, registered once per app, not per render as rehype-highlight
 * would). Its output is escaped HTML.
 */
function HighlightedCode(props: ComponentProps<'code'> & { node?: unknown }) {
  const { node: _node, className, children, ...rest } = props;
  const lang = /language-([\w+#-]+)/.exec(className ?? '')?.[1];
  const code = typeof children === 'string' ? children : Array.isArray(children) && children.every((c) => typeof c === 'string') ? children.join('') : null;
  const html = useMemo(() => {
    if (!lang || code === null || !hljs.getLanguage(lang)) return null;
    try {
      return hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
    } catch {
      return null;
    }
  }, [lang, code]);
  if (html === null) return <code className={className} {...rest}>{children}</code>;
  return <code className={`hljs ${className ?? ''}`} {...rest} dangerouslySetInnerHTML={{ __html: html }} />;
}

const base: Components = {
  pre: Pre,
  a: ({ node: _n, ...p }) => <a {...p} target="_blank" rel="noreferrer noopener" />,
};
const withHighlight: Components = { ...base, code: HighlightedCode };

const remarkPlugins = [remarkGfm];

/** One block, parsed once per distinct text. */
const Block = memo(function Block({ text, highlight }: { text: string; highlight: boolean }) {
  return (
    <ReactMarkdown remarkPlugins={remarkPlugins} components={highlight ? withHighlight : base}>
      {text}
    </ReactMarkdown>
  );
});

/** A code fence still being written: its language and the code so far; null when `block` isn't one. */
export function openFence(block: string): { lang: string; code: string } | null {
  const m = /^\s{0,3}(`{3,}|~{3,})([^\n`]*)\n?/.exec(block);
  if (!m) return null;
  const fence = m[1]!;
  const body = block.slice(m[0].length);
  const lines = body.split('\n');
  const closed = lines.some((l) => { const t = l.trim(); return t.startsWith(fence[0]!.repeat(fence.length)) && /^(`+|~+)$/.test(t); });
  if (closed) return null;
  return { lang: m[2]!.trim().split(/\s+/)[0] ?? '', code: body };
}

/**
 * The growing last block. Code still inside its fence is shown as plain
 * preformatted text (no parse; highlighted once the fence closes). Anything
 * else is parsed as markdown at most every `liveMs` (each instance with its
 * own phase, so six columns don't all parse in the same frame); the
 * characters that arrived since are shown as plain text.
 */
function LiveBlock({ text, liveMs }: { text: string; liveMs: number }) {
  const fence = openFence(text);
  return fence ? (
    <div className="race-live-block">
      <div className="race-code">
        <pre>
          <code className={fence.lang ? `language-${fence.lang}` : undefined}>{fence.code}</code>
        </pre>
      </div>
    </div>
  ) : (
    <LiveProse text={text} liveMs={liveMs} />
  );
}

function LiveProse({ text, liveMs }: { text: string; liveMs: number }) {
  const [parsed, setParsed] = useState('');
  const last = useRef(performance.now() - Math.random() * liveMs);
  useEffect(() => {
    if (text === parsed) return;
    const wait = Math.max(0, liveMs - (performance.now() - last.current));
    const t = setTimeout(() => {
      last.current = performance.now();
      startTransition(() => setParsed(text)); // interruptible: six columns' parses don't block a frame together
    }, wait);
    return () => clearTimeout(t);
  }, [text, parsed, liveMs]);
  const tail = text.startsWith(parsed) ? text.slice(parsed.length) : '';
  return (
    <div className="race-live-block">
      <Block text={text.startsWith(parsed) ? parsed : text} highlight={false} />
      {tail && <span className="race-tail">{tail}</span>}
    </div>
  );
}

export const Markdown = memo(function Markdown({ text, streaming, liveMs = 200 }: { text: string; streaming: boolean; liveMs?: number }) {
  const blocks = splitBlocks(text);
  if (!streaming) {
    return (
      <div className="race-md">
        {blocks.map((b, i) => (
          <Block key={i} text={b} highlight />
        ))}
      </div>
    );
  }
  const done = blocks.slice(0, -1);
  const live = blocks.at(-1) ?? '';
  return (
    <div className="race-md">
      {done.map((b, i) => (
        <Block key={i} text={b} highlight />
      ))}
      {live && <LiveBlock key={done.length} text={live} liveMs={liveMs} />}
    </div>
  );
});
