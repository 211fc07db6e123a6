import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('./renderer', import.meta.url));

/**
 * The renderer (React UI). One build serves both surfaces: the desktop window
 * (app://switchboard/) and `switchboard serve` (http://127.0.0.1:PORT/), so
 * asset URLs are relative (`base: './'`). Electron main + preload are built
 * by vite.electron.config.ts.
 */
export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // No inline scripts or eval: the CSP forbids both.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 2000,
  },
  server: { host: '127.0.0.1' },
});
