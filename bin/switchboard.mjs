#!/usr/bin/env node
// The CLI runs the TypeScript sources directly through tsx, so `npx switchboard`
// works right after `npm install`, with no build step to forget.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../electron/cli/main.ts');
await main(process.argv.slice(2));
