import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { installChineseZodMessages } from '../../domain/zod-zh';
import { App } from './App';

// Validation messages zod writes itself (missing fields, lengths, formats): the same Chinese map as the API's.
installChineseZodMessages();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
