/** The case core (pure): labels, model, the table of rules, clocks. See docs/adr/0011-case-table-of-rules.md. */
export * from './labels.js';
export * from './model.js';
export * from './refusal.js';
export * from './rules.js';
export { Draft, SYSTEM, caseFeatures, endOfShanghaiDay, shanghaiDateOf, type CaseFeature } from './draft.js';
export { estimateWarning, type EstimatedDate } from './estimates.js';
export { recomputeEstimates, type MovedDate, type Recomputed } from './recompute.js';
