import type { CodeLanguage } from '../../components/CodeBlock';

export const TOKEN_PLACEHOLDER = '<your-switchboard-token>';

export interface Snippet {
  id: string;
  label: string;
  language: CodeLanguage;
  fileName: string;
  code: string;
  note?: string;
}

/**
 * Copy-paste set-ups for common clients. `endpoint` is the proxy origin
 * (e.g. http://127.0.0.1:4141); OpenAI-style clients take `<endpoint>/v1`, the
 * Anthropic SDK and Claude Code take the origin. Any model works with either
 * API shape: Switchboard translates between them.
 */
export function buildSnippets(endpoint: string, token: string | null, model: string): Snippet[] {
  const origin = endpoint.replace(/\/+$/, '');
  const v1 = `${origin}/v1`;
  const t = token ?? TOKEN_PLACEHOLDER;
  const js = (s: string) => JSON.stringify(s).slice(1, -1).replace(/'/g, "\\'");
  return [
    {
      id: 'openai-python',
      label: 'OpenAI Python',
      language: 'python',
      fileName: 'app.py',
      code: `from openai import OpenAI

client = OpenAI(
    base_url="${v1}",
    api_key="${t}",  # a Switchboard client token, not a provider key
)

response = client.chat.completions.create(
    model="${model}",
    messages=[{"role": "user", "content": "Hello!"}],
)
print(response.choices[0].message.content)
`,
    },
    {
      id: 'openai-js',
      label: 'OpenAI JS',
      language: 'javascript',
      fileName: 'app.mjs',
      code: `import OpenAI from 'openai';

const client = new OpenAI({
  baseURL: '${js(v1)}',
  apiKey: '${js(t)}', // a Switchboard client token, not a provider key
});

const response = await client.chat.completions.create({
  model: '${js(model)}',
  messages: [{ role: 'user', content: 'Hello!' }],
});
console.log(response.choices[0].message.content);
`,
    },
    {
      id: 'anthropic-python',
      label: 'Anthropic Python',
      language: 'python',
      fileName: 'app.py',
      code: `import anthropic

client = anthropic.Anthropic(
    base_url="${origin}",
    api_key="${t}",  # a Switchboard client token
)

message = client.messages.create(
    model="${model}",
    max_tokens=1024,
    messages=[{"role": "user", "content": "Hello!"}],
)
print(message.content[0].text)
`,
    },
    {
      id: 'anthropic-ts',
      label: 'Anthropic TS',
      language: 'typescript',
      fileName: 'app.ts',
      code: `import Anthropic from '@anthropic-ai/sdk';

const client = new Anthropic({
  baseURL: '${js(origin)}',
  apiKey: '${js(t)}', // a Switchboard client token
});

const message = await client.messages.create({
  model: '${js(model)}',
  max_tokens: 1024,
  messages: [{ role: 'user', content: 'Hello!' }],
});
console.log(message.content);
`,
    },
    {
      id: 'curl',
      label: 'curl',
      language: 'bash',
      fileName: 'terminal',
      code: `# OpenAI format
curl ${v1}/chat/completions \\
  -H "Authorization: Bearer ${t}" \\
  -H "Content-Type: application/json" \\
  -d '{"model": "${model}", "messages": [{"role": "user", "content": "Hello!"}]}'

# Anthropic format
curl ${v1}/messages \\
  -H "x-api-key: ${t}" \\
  -H "anthropic-version: 2023-06-01" \\
  -H "Content-Type: application/json" \\
  -d '{"model": "${model}", "max_tokens": 1024, "messages": [{"role": "user", "content": "Hello!"}]}'
`,
    },
    {
      id: 'claude-code',
      label: 'Claude Code',
      language: 'bash',
      fileName: 'terminal',
      code: `export ANTHROPIC_BASE_URL="${origin}"
export ANTHROPIC_AUTH_TOKEN="${t}"
claude
`,
      note: 'Claude Code then sends its calls through Switchboard. Set ANTHROPIC_MODEL as well to use a route or another provider’s model.',
    },
    {
      id: 'continue',
      label: 'Continue',
      language: 'yaml',
      fileName: '~/.continue/config.yaml',
      code: `name: Switchboard
version: 1.0.0
schema: v1
models:
  - name: Switchboard · ${model}
    provider: openai
    model: ${model}
    apiBase: ${v1}
    apiKey: ${t}
    roles:
      - chat
      - edit
      - apply
`,
    },
    {
      id: 'cline',
      label: 'Cline / Roo',
      language: 'text',
      fileName: 'Settings → API Provider',
      code: `API Provider:  OpenAI Compatible
Base URL:      ${v1}
API Key:       ${t}
Model ID:      ${model}
`,
      note: 'In Cline or Roo Code, open the provider settings and choose “OpenAI Compatible”.',
    },
    {
      id: 'cursor',
      label: 'Cursor',
      language: 'text',
      fileName: 'Settings → Models → API Keys',
      code: `OpenAI API Key:            ${t}
Override OpenAI Base URL:  ${v1}
Custom model name:         ${model}
`,
      note: 'Tools with an “OpenAI base URL” setting work the same way. Cursor sends some requests from its own servers, which can’t reach 127.0.0.1; those need a tunnel.',
    },
  ];
}
