import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { App } from './App';

// Validation messages zod writes itself (lengths, formats) in Chinese, as the API writes them.
z.config(z.locales.zhCN());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
