import { useMemo } from 'react';
import { Box, Button, CopyButton, Group, Paper, Text } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import python from 'highlight.js/lib/languages/python';
import typescript from 'highlight.js/lib/languages/typescript';
import yaml from 'highlight.js/lib/languages/yaml';

hljs.registerLanguage('bash', bash);
hljs.registerLanguage('javascript', javascript);
hljs.registerLanguage('typescript', typescript);
hljs.registerLanguage('python', python);
hljs.registerLanguage('yaml', yaml);
hljs.registerLanguage('json', json);

export type CodeLanguage = 'bash' | 'javascript' | 'typescript' | 'python' | 'yaml' | 'json' | 'text';

/** Syntax-highlighted, scrollable code with a labelled copy button. */
export function CodeBlock({ code, language, label, fileName }: { code: string; language: CodeLanguage; label: string; fileName?: string }) {
  const html = useMemo(() => (language === 'text' ? null : hljs.highlight(code, { language, ignoreIllegals: true }).value), [code, language]);
  return (
    <Paper withBorder className="code-block" radius="md">
      <Group justify="space-between" px="sm" py={6} className="code-block-bar">
        <Text size="xs" c="dimmed" ff="monospace">
          {fileName ?? language}
        </Text>
        <CopyButton value={code} timeout={1600}>
          {({ copied, copy }) => (
            <Button
              size="compact-xs"
              variant={copied ? 'light' : 'subtle'}
              color={copied ? 'teal' : 'gray'}
              leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
              onClick={copy}
              aria-label={copied ? `${label} copied` : `Copy ${label}`}
            >
              {copied ? 'Copied' : 'Copy'}
            </Button>
          )}
        </CopyButton>
      </Group>
      <Box component="pre" className="code-block-pre" tabIndex={0} aria-label={label}>
        {html === null ? <code>{code}</code> : <code className={`hljs language-${language}`} dangerouslySetInnerHTML={{ __html: html }} />}
      </Box>
    </Paper>
  );
}
