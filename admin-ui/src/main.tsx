import createCache from '@emotion/cache';
import { CacheProvider } from '@emotion/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { registerSW } from 'virtual:pwa-register';
import { installChineseZodMessages } from '../../domain/zod-zh';
import { App } from './App';

// Validation messages zod writes itself (missing fields, lengths, formats): the same Chinese map as the API's.
installChineseZodMessages();

// The page's Content-Security-Policy allows only styles that carry this response's nonce (docs/adr/0010): emotion,
// which styles MUI and react-admin, gives it to every <style> element it inserts.
const nonce = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce || undefined;
const styleCache = createCache({ key: 'css', nonce });

// The service worker (src/sw.ts) keeps the console on the phone, so it opens without network. A new deploy's worker
// takes over and the page reloads once, usually seconds after opening: what it shows then is the new build.
if ('serviceWorker' in navigator) registerSW({ immediate: true });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <CacheProvider value={styleCache}>
      <App />
    </CacheProvider>
  </StrictMode>,
);
