/**
 * The contract of the scores workflows: the monthly Schedule (`duban-scores-monthly`, 02:30 on the 1st, Asia/Shanghai)
 * starts `monthlyScoresWorkflow`, which computes the month just ended for every jurisdiction; the API starts
 * `scoreRunWorkflow` to compute one jurisdiction's month on demand (the running month is provisional).
 */
export interface ComputeScoresInput {
  rootCode: string;
  month: string; // 'YYYY-MM'
  trigger: 'schedule' | 'request';
  requestedBy?: string | null;
  /** Keep the computed unit scores in the answer (the bench; never across Temporal). */
  keepUnits?: boolean;
}

export interface ComputeScoresResult {
  runId: string;
  rootCode: string;
  month: string;
  kind: 'provisional' | 'final';
  inputsHash: string;
  /** The inputs were those of the latest run of the month: nothing was written, `runId` is that run. */
  unchanged: boolean;
  /** The run of the same month this computation compares with (its diff), if there was one. */
  recomputesRunId: string | null;
  unitCount: number;
}

export interface MonthlyScoresInput {
  /** The month to compute; absent: the month before the schedule's nominal time (a backfill computes its own). */
  month?: string;
}

export interface MonthlyScoresReport {
  month: string;
  runs: ComputeScoresResult[];
}

export const SCORES_SCHEDULE_ID = 'duban-scores-monthly';
/** On-demand computations: one workflow id per jurisdiction and month, so two clicks join one computation. */
export const scoreRunWorkflowId = (rootCode: string, month: string): string => `scores-${rootCode}-${month}`;
