export * from './registry.js';
export * from './cases.js';
