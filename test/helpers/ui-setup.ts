import { afterAll } from 'vitest';
import { installChineseZodMessages } from '../../domain/zod-zh.js';

/**
 * react-admin debounces reference filters (useReferenceParams, 500 ms): a timer set just before a test unmounts
 * fires later and calls React, which reads `window`. Give such timers their time while jsdom still exists, so they
 * cannot surface as an uncaught "window is not defined" after the file's environment is torn down.
 */
afterAll(() => new Promise((resolve) => setTimeout(resolve, 700)));

// The console installs the product's Chinese zod messages at boot (admin-ui/src/main.tsx); so do component tests.
installChineseZodMessages();
