import { forwardRef, useRef } from 'react';

/** A monospace JSON textarea with a line-number gutter; lines with issues are marked. Tab keeps moving focus (no keyboard trap). */
export const JsonEditor = forwardRef<HTMLTextAreaElement, { value: string; onChange: (v: string) => void; errorLines: Set<number>; label: string; describedBy?: string; invalid: boolean }>(
  function JsonEditor({ value, onChange, errorLines, label, describedBy, invalid }, ref) {
    const gutter = useRef<HTMLDivElement>(null);
    const count = value.split('\n').length;
    return (
      <div className="json-editor" data-invalid={invalid || undefined}>
        <div className="json-gutter" ref={gutter} aria-hidden>
          {Array.from({ length: count }, (_, i) => (
            <div key={i} data-error={errorLines.has(i + 1) || undefined}>
              {i + 1}
            </div>
          ))}
        </div>
        <textarea
          ref={ref}
          className="json-textarea"
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
          onScroll={(e) => {
            if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
          }}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          autoCorrect="off"
          wrap="off"
          aria-label={label}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          rows={Math.max(14, Math.min(count + 2, 30))}
          data-testid="route-json"
        />
      </div>
    );
  },
);

/** Put the caret at the start of `line` (1-based) and focus the editor. */
export function focusLine(el: HTMLTextAreaElement | null, line: number): void {
  if (!el) return;
  const lines = el.value.split('\n');
  let offset = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i]!.length + 1;
  el.focus();
  el.setSelectionRange(offset, offset + (lines[line - 1]?.length ?? 0));
  const lineHeight = 20;
  el.scrollTop = Math.max(0, (line - 4) * lineHeight);
}
