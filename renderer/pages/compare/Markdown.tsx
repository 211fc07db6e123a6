import { memo } from 'react';
import { Typography } from '@mantine/core';
import ReactMarkdown from 'react-markdown';
import remarkGfm from 'remark-gfm';

/** A model's answer rendered as Markdown (GFM; raw HTML is not rendered). Links open outside. */
export const Markdown = memo(function Markdown({ text }: { text: string }) {
  return (
    <Typography className="cmp-markdown">
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        components={{
          a: ({ node: _node, ...props }) => <a {...props} target="_blank" rel="noreferrer noopener" />,
        }}
      >
        {text}
      </ReactMarkdown>
    </Typography>
  );
});
