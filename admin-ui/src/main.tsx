import createCache from '@emotion/cache';
import { CacheProvider } from '@emotion/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { installChineseZodMessages } from '../../domain/zod-zh';
import { App } from './App';

// Validation messages zod writes itself (missing fields, lengths, formats): the same Chinese map as the API's.
installChineseZodMessages();

// The page's Content-Security-Policy allows only styles that carry this response's nonce (docs/adr/0010): emotion,
// which styles MUI and react-admin, gives it to every <style> element it inserts.
const nonce = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce || undefined;
const styleCache = createCache({ key: 'css', nonce });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <CacheProvider value={styleCache}>
      <App />
    </CacheProvider>
  </StrictMode>,
);
