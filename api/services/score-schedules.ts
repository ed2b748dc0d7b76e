/**
 * The Temporal Schedule of the monthly scores: `duban-scores-monthly` at 02:30 on the 1st, Asia/Shanghai, computes the
 * month just ended for every jurisdiction (workflows/scores.workflow.ts). Created when missing and brought up to date
 * at every start of the API and of `make dev` (idempotent).
 */
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { TASK_QUEUE } from '../../workflows/definitions.js';
import { SCORES_SCHEDULE_ID } from '../../workflows/score-definitions.js';

export const SCORES_SPEC = {
  calendars: [{ dayOfMonth: 1, hour: 2, minute: 30 }],
  timezone: 'Asia/Shanghai',
};

export async function ensureScoreSchedule(p: {
  client: Client;
  taskQueue?: string;
}): Promise<'created' | 'updated'> {
  const action = {
    type: 'startWorkflow' as const,
    workflowType: 'monthlyScoresWorkflow',
    workflowId: SCORES_SCHEDULE_ID, // the server appends the nominal time
    taskQueue: p.taskQueue ?? TASK_QUEUE,
    args: [{}],
  };
  try {
    await p.client.schedule.create({
      scheduleId: SCORES_SCHEDULE_ID,
      spec: SCORES_SPEC,
      action,
      // A month still being computed makes the next wait rather than overlap; a server that was down over the 1st
      // catches up within the week (the month before is still the one it computes: the nominal time decides).
      policies: { overlap: ScheduleOverlapPolicy.BUFFER_ONE, catchupWindow: '7 days' },
      memo: { what: '月度绩效考核 monthly scores' },
    });
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await p.client.schedule
      .getHandle(SCORES_SCHEDULE_ID)
      .update((prev) => ({ ...prev, spec: SCORES_SPEC, action: { ...action } }));
    return 'updated';
  }
}
