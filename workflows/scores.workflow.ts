import { defineSearchAttributeKey } from '@temporalio/common';
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { createScoreActivities } from '../activities/score-activities.js';
import type {
  ComputeScoresInput,
  ComputeScoresResult,
  MonthlyScoresInput,
  MonthlyScoresReport,
} from './score-definitions.js';

const { listScoreRoots, computeScores } = proxyActivities<ReturnType<typeof createScoreActivities>>({
  // A city's month is a handful of set-based statements and one bulk write: minutes at most.
  startToCloseTimeout: '30 minutes',
  retry: {
    initialInterval: '10 seconds',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    maximumAttempts: 20,
    nonRetryableErrorTypes: ['ScoreRootNotFound', 'ScoreMonthInFuture'],
  },
});

const scheduledStart = defineSearchAttributeKey('TemporalScheduledStartTime', 'DATETIME');

/** The month before an instant's Asia/Shanghai month (China keeps UTC+8 all year). */
function monthBefore(d: Date): string {
  const local = new Date(d.getTime() + 8 * 3_600_000);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth(); // 0-based: the previous month's 1-based number
  return m === 0 ? `${y - 1}-12` : `${y}-${String(m).padStart(2, '0')}`;
}

/**
 * 月度考核: the month just ended, for every jurisdiction in turn (each its own activity: a failure retries that one).
 * The month is taken from the schedule's nominal time, so a late or backfilled run computes the month it stands for.
 */
export async function monthlyScoresWorkflow(input: MonthlyScoresInput = {}): Promise<MonthlyScoresReport> {
  const info = workflowInfo();
  const month = input.month ?? monthBefore(info.typedSearchAttributes.get(scheduledStart) ?? info.startTime);
  const roots = await listScoreRoots();
  const runs: ComputeScoresResult[] = [];
  for (const rootCode of roots) runs.push(await computeScores({ rootCode, month, trigger: 'schedule' }));
  return { month, runs };
}

/** One jurisdiction's month on demand (the API): provisional for the running month, final for an ended one. */
export async function scoreRunWorkflow(input: ComputeScoresInput): Promise<ComputeScoresResult> {
  return computeScores(input);
}
