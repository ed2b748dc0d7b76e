// Entry point bundled for the worker: every workflow type the task queue serves.
export { caseWorkflow } from './case.workflow.js';
export { deadlineNoticeWorkflow, outboxDispatchWorkflow } from './notifications.workflow.js';
export { dutySweepWorkflow } from './duty-sweep.workflow.js';
export { monthlyScoresWorkflow, scoreRunWorkflow } from './scores.workflow.js';
export { nightlyMaintenanceWorkflow } from './maintenance.workflow.js';
export { calendarChangedWorkflow } from './calendar-changed.workflow.js';
