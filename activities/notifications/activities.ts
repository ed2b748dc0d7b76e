/** The activities of the notification queue: outbox delivery and the deadline notices. */
import type { Db } from '../../db/client.js';
import { enterpriseTasksDueSoon } from '../../db/queries/deadline-notices.js';
import { enqueueNotifications } from '../../db/queries/outbox.js';
import { notificationForDeadline } from '../../domain/notifications.js';
import { DEFAULT_POLICY } from '../../domain/policy.js';
import { createDispatchActivities, type DispatchDeps } from './dispatch.js';

export function createNotificationActivities(deps: DispatchDeps & { now?: () => Date }) {
  const db: Db = deps.db;
  return {
    ...createDispatchActivities(deps),

    /**
     * 期限预告: for each enterprise task due soon, the tightest notice threshold it has crossed (3 days, then 1 day…)
     * is written to the outbox once (keyed by task, due date and threshold).
     */
    async enqueueDeadlineNotices(_: Record<string, never>): Promise<{ enqueued: number }> {
      const now = deps.now?.() ?? new Date();
      const defaultDays = DEFAULT_POLICY.noticeEnterpriseBefore;
      const due = await enterpriseTasksDueSoon(db, { now, horizonDays: 60, defaultDays });
      const intents = due.flatMap((t) => {
        const left = (t.dueAt.getTime() - now.getTime()) / 86_400_000;
        const crossed = t.days.filter((d) => left <= d);
        if (crossed.length === 0) return [];
        return [
          notificationForDeadline({
            ...t,
            dueAt: t.dueAt.toISOString(),
            daysBefore: Math.min(...crossed),
          }),
        ];
      });
      let enqueued = 0;
      for (let i = 0; i < intents.length; i += 200)
        enqueued += await db.transaction((tx) => enqueueNotifications(tx, intents.slice(i, i + 200)));
      return { enqueued };
    },
  };
}
