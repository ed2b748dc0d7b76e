/**
 * Temporal Schedules for the product's periodic work, created or updated at every start (idempotent): the outbox
 * dispatcher every OUTBOX_DISPATCH_EVERY_SECONDS, the deadline notices every hour. Overlapping runs are skipped: a
 * slow run is never joined by a second one.
 */
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { TASK_QUEUE, scheduleIds } from '../workflows/definitions.js';

export async function ensureSchedules(client: Client, opts: { dispatchEverySeconds: number }): Promise<void> {
  const specs = [
    {
      scheduleId: scheduleIds.outbox,
      every: `${opts.dispatchEverySeconds}s`,
      workflowType: 'outboxDispatchWorkflow',
      args: [{}],
    },
    {
      scheduleId: scheduleIds.deadlineNotices,
      every: '1h',
      workflowType: 'deadlineNoticeWorkflow',
      args: [],
    },
  ];
  for (const s of specs) {
    const options = {
      scheduleId: s.scheduleId,
      spec: { intervals: [{ every: s.every }] },
      action: {
        type: 'startWorkflow' as const,
        workflowType: s.workflowType,
        args: s.args,
        taskQueue: TASK_QUEUE,
        workflowId: s.scheduleId,
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
    };
    try {
      await client.schedule.create(options);
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      await client.schedule.getHandle(s.scheduleId).update((prev) => ({ ...prev, spec: options.spec }));
    }
  }
}
