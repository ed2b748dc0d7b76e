/**
 * Periodic work of notifications, each started by a Temporal Schedule (activities/schedules.ts):
 * - the outbox dispatcher drains the outbox in batches, its activities on their own task queue
 *   (NOTIFY_TASK_QUEUE) so delivery scales and fails apart from the case workflows;
 * - the deadline notices announce an enterprise's deadlines N days before they are missed (policy data).
 */
import { proxyActivities } from '@temporalio/workflow';
import type { createNotificationActivities } from '../activities/notifications/activities.js';
import { NOTIFY_TASK_QUEUE } from './definitions.js';

type Activities = ReturnType<typeof createNotificationActivities>;

export interface OutboxDispatchInput {
  /** Messages per activity call (default 100). */
  batch?: number;
  /** How long the dispatcher may go silent before Temporal runs it again elsewhere (default 30 s). */
  heartbeatTimeoutMs?: number;
}

export async function outboxDispatchWorkflow(
  input: OutboxDispatchInput = {},
): Promise<{ sent: number; retried: number; failed: number }> {
  const { dispatchOutbox } = proxyActivities<Activities>({
    taskQueue: NOTIFY_TASK_QUEUE,
    startToCloseTimeout: '10 minutes',
    heartbeatTimeout: input.heartbeatTimeoutMs ?? 30_000,
    retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
  });
  const total = { sent: 0, retried: 0, failed: 0 };
  // A bounded number of batches per run: the next scheduled run picks up the rest (the history stays small).
  for (let i = 0; i < 20; i++) {
    const r = await dispatchOutbox({ limit: input.batch ?? 100 });
    total.sent += r.sent;
    total.retried += r.retried;
    total.failed += r.failed;
    if (!r.more) break;
  }
  return total;
}

export async function deadlineNoticeWorkflow(): Promise<{ enqueued: number }> {
  const { enqueueDeadlineNotices } = proxyActivities<Activities>({
    taskQueue: NOTIFY_TASK_QUEUE,
    startToCloseTimeout: '5 minutes',
  });
  return enqueueDeadlineNotices({});
}
