/**
 * Temporal Schedules for the product's periodic work, created or updated at every start (idempotent): the outbox
 * dispatcher every OUTBOX_DISPATCH_EVERY_SECONDS, the deadline notices every hour, and every night at 02:30 Shanghai
 * time the hash-chain verification (a broken chain is an alert for administrators, db/queries/audit-verify.ts).
 * Overlapping runs are skipped: a slow run is never joined by a second one.
 */
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { TASK_QUEUE, scheduleIds } from '../workflows/definitions.js';

export const AUDIT_VERIFY_SCHEDULE_ID = 'duban-audit-verify';

export async function ensureSchedules(client: Client, opts: { dispatchEverySeconds: number }): Promise<void> {
  const specs = [
    {
      scheduleId: scheduleIds.outbox,
      spec: { intervals: [{ every: `${opts.dispatchEverySeconds}s` }] },
      workflowType: 'outboxDispatchWorkflow',
      args: [{}],
    },
    {
      scheduleId: scheduleIds.deadlineNotices,
      spec: { intervals: [{ every: '1h' }] },
      workflowType: 'deadlineNoticeWorkflow',
      args: [],
    },
    {
      scheduleId: AUDIT_VERIFY_SCHEDULE_ID,
      spec: { calendars: [{ hour: 2, minute: 30 }], timezone: 'Asia/Shanghai' },
      workflowType: 'nightlyMaintenanceWorkflow',
      args: [],
    },
  ];
  for (const s of specs) {
    const options = {
      scheduleId: s.scheduleId,
      spec: s.spec,
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
