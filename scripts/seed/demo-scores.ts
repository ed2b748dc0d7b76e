import { sql } from 'drizzle-orm';
import { computeScoreRun } from '../../activities/score-activities.js';
import { addCalendarDays, shanghaiDate } from '../../domain/calendar.js';
import { monthOf, previousMonth } from '../../domain/scores/month.js';
import type { ScoreScheme } from '../../domain/scores/scheme.js';
import type { Db } from '../../db/client.js';
import { appendAudit } from '../../db/queries/audit.js';
import { publishRun, scoreRoots } from '../../db/queries/score-runs.js';
import { rowsOf } from '../../db/queries/score-facts.js';
import { DISTRICT } from '../../db/seed/demo-registry.js';
import { seedLedgerMonths } from '../../db/seed/ledger-months.js';

/**
 * The demo's scores, so the 绩效考核 pages are not empty on a first `make dev`: three months of the district's
 * general-hazard ledger (db/seed/ledger-months.ts), the two months that have ended computed and published by the
 * administrator (each ranked against the one before, with its 四类水平 follow-ups), and the running month computed as
 * provisional — through the same computation the monthly Schedule runs.
 */
export async function seedDemoScores(
  db: Db,
  now = new Date(),
): Promise<{ published: string[]; provisional: string }> {
  const running = monthOf(now);
  const months = [previousMonth(previousMonth(running))];
  while (months.length < 3) months.push(nextMonth(months.at(-1)!));
  await seedLedgerMonths(db, { regionPath: DISTRICT.path, months, today: shanghaiDate(now) });
  const admin = rowsOf<{ id: string }>(
    await db.execute(sql`select id from users where username = 'admin'`),
  )[0];
  const roots = await scoreRoots(db);
  for (const month of months)
    for (const rootCode of roots) {
      const run = await computeScoreRun(db, { rootCode, month, trigger: 'schedule', now });
      if (month === running || !admin || run.unchanged) continue;
      const [row] = rowsOf<{ scheme: ScoreScheme }>(
        await db.execute(sql`select scheme from score_runs where id = ${run.runId}`),
      );
      await publishRun(db, {
        runId: run.runId,
        by: admin.id,
        at: now,
        followUp: {
          dueOn: addCalendarDays(shanghaiDate(now), row!.scheme.followUpWithinDays),
          previousMonth: previousMonth(month),
        },
      });
      await appendAudit(db, {
        actorId: admin.id,
        actorRole: 'admin',
        action: 'publish',
        resource: 'score_runs',
        resourceId: run.runId,
        requestId: 'demo-seed',
        payload: { rootCode, month, demo: true },
      });
    }
  return { published: months.slice(0, 2), provisional: running };
}

function nextMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
