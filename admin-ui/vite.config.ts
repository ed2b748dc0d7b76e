import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const root = path.dirname(new URL(import.meta.url).pathname);

export default defineConfig({
  root,
  plugins: [
    react(),
    // The service worker (src/sw.ts, docs/adr/0013-offline-console.md): the console opens with no network at all.
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      // A new deploy's worker takes over at once; main.tsx registers it (no inline script: the CSP forbids one).
      registerType: 'autoUpdate',
      injectRegister: false,
      // No web app manifest (installing to the home screen needs icons the product does not have yet).
      manifest: false,
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,woff2,svg,png,ico}'],
        // Workbox leaves out (with a warning) files above this; the largest chunk is ~0.6 MB, so none is.
        maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
      },
    }),
  ],
  // The API replaces this placeholder in index.html with each response's CSP nonce (api/app.ts); Vite puts it on
  // the tags it writes and in a csp-nonce meta tag, where main.tsx finds it for emotion's style elements.
  html: { cspNonce: 'DUBAN_CSP_NONCE' },
  build: { outDir: path.join(root, 'dist'), emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
