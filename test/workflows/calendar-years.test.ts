import type { TestWorkflowEnvironment } from '@temporalio/testing';
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../db/client.js';
import { computeDates, createWorkingCalendar, yearsFromChineseDays } from '../../domain/calendar.js';
import { DEFAULT_POLICY } from '../../domain/policy.js';
import * as defs from '../../workflows/definitions.js';
import { createTestDatabase } from '../helpers/db.js';
import { createTimeSkippingEnvAt } from '../helpers/temporal.js';
import { enterpriseActor, runWorker, seedRegistry, startCase, supervisor, type TestDb } from './fixture.js';
import { toRectifying } from './steps.js';

const packageYears = yearsFromChineseDays(chineseDays);
/** The last year the `chinese-days` package knows, and the next one, which only an administrator can enter. */
const KNOWN = Math.max(...packageYears.map((y) => y.year));
const UNKNOWN = KNOWN + 1;
/** What an administrator enters for the unknown year (a Spring-Festival-like week off, for the test). */
const entered = {
  year: UNKNOWN,
  holidays: [
    `${UNKNOWN}-01-01`,
    ...[8, 9, 10, 11, 12].map((d) => `${UNKNOWN}-02-${String(d).padStart(2, '0')}`),
  ],
  workdays: [],
};
const before = DEFAULT_POLICY.extension.requestAtLeastBefore;
const cutoffOn = (deadline: string, years: typeof packageYears) =>
  computeDates(createWorkingCalendar(years), deadline, [{ ...before, amount: -before.amount }])[0]!;

/**
 * Deadlines are computed in the workflow on the calendar years it loaded. A year nobody knows yet is estimated and
 * flagged; once an administrator enters it, running cases use it at their next deadline (the loaded years are
 * refreshed hourly).
 */
describe('working-day calendar in the case workflow', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDb;
  let ids: Awaited<ReturnType<typeof seedRegistry>>;
  beforeAll(async () => {
    // 1 December of the last year the package knows, 10:00 in Shanghai: deadlines reach into the next year.
    [env, db] = await Promise.all([createTimeSkippingEnvAt(`${KNOWN}-12-01 02:00:00`), createTestDatabase()]);
    ids = await seedRegistry(db.db);
  });
  afterAll(async () => {
    await env?.teardown();
    await db?.drop();
  });

  it('flags a deadline in an unknown year, then computes it on the year an administrator enters', async () => {
    await runWorker(env, db.db, async () => {
      const company = enterpriseActor(ids.enterpriseId);
      const handle = await startCase(env, ids.enterpriseId);
      const view = await toRectifying(handle, {
        clauseId: ids.clauseId,
        company,
        deadline: `${UNKNOWN}-01-20`,
      });
      // The extension cutoff (20 working days before the deadline) reaches the unknown year: estimated, flagged.
      expect(String(view.details.calendarWarning)).toContain(`${UNKNOWN}`);
      const state = async () => (await handle.query(defs.caseStateQuery)) as { extensionCutoff: string };
      const estimated = cutoffOn(`${UNKNOWN}-01-20`, packageYears);
      expect(estimated.unknownYear).toBe(UNKNOWN);
      expect((await state()).extensionCutoff).toBe(estimated.endOfDay);

      await db.db.insert(schema.calendarYears).values({ ...entered, source: '国务院办公厅通知（测试数据）' });
      await env.sleep(2 * 3_600_000); // past the hour the workflow keeps its loaded years
      await handle.executeUpdate(defs.requestExtensionUpdate, {
        args: [{ actor: company, input: { newDeadline: `${UNKNOWN}-02-24`, reason: '设备到货延迟' } }],
      });
      await handle.executeUpdate(defs.decideExtensionUpdate, {
        args: [{ actor: supervisor, input: { approve: true, reason: '同意延期' } }],
      });
      const official = cutoffOn(`${UNKNOWN}-02-24`, [...packageYears, entered]);
      const guessed = cutoffOn(`${UNKNOWN}-02-24`, packageYears);
      expect(official.unknownYear).toBeNull();
      expect(official.date).not.toBe(guessed.date); // the entered holidays move it
      expect((await state()).extensionCutoff).toBe(official.endOfDay);
    });
  });
});
