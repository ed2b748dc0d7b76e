import { defineSearchAttributeKey } from '@temporalio/common';
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { createDutyActivities } from '../activities/duty-activities.js';
import type { DutySweepInput, DutySweepReport } from './duty-definitions.js';

const { runDutySweep } = proxyActivities<ReturnType<typeof createDutyActivities>>({
  // A district's sweep is a handful of set-based statements: minutes at most, even for a large district.
  startToCloseTimeout: '15 minutes',
  retry: {
    initialInterval: '10 seconds',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    maximumAttempts: 20,
  },
});

const scheduledStart = defineSearchAttributeKey('TemporalScheduledStartTime', 'DATETIME');

/** Asia/Shanghai calendar date of an instant (China keeps UTC+8 all year). */
const shanghaiDate = (d: Date): string => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * One district's daily sweep: each named sweep in turn, each idempotent, each its own activity (a failure retries that
 * sweep alone). The day is the schedule's nominal time, so a late or backfilled run sweeps the day it stands for.
 */
export async function dutySweepWorkflow(input: DutySweepInput): Promise<DutySweepReport> {
  const info = workflowInfo();
  const nominal = info.typedSearchAttributes.get(scheduledStart) ?? info.startTime;
  const today = input.today ?? shanghaiDate(nominal);
  const results: DutySweepReport['results'] = {};
  for (const kind of input.sweeps) {
    results[kind] = await runDutySweep({ kind, districtCode: input.districtCode, today });
  }
  return { districtCode: input.districtCode, today, results };
}
