export * from './registry.js';
export * from './cases.js';
export * from './documents.js';
export * from './notifications.js';
export * from './general-hazards.js';
export * from './scores.js';
