import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = path.dirname(new URL(import.meta.url).pathname);

export default defineConfig({
  root,
  plugins: [react()],
  // The API replaces this placeholder in index.html with each response's CSP nonce (api/app.ts); Vite puts it on
  // the tags it writes and in a csp-nonce meta tag, where main.tsx finds it for emotion's style elements.
  html: { cspNonce: 'DUBAN_CSP_NONCE' },
  build: { outDir: path.join(root, 'dist'), emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
