import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../db/client.js';
import * as defs from '../../workflows/definitions.js';
import { createTestDatabase } from '../helpers/db.js';
import { createTimeSkippingEnvAt } from '../helpers/temporal.js';
import { enterpriseActor, runWorker, seedRegistry, startCase, type TestDb } from './fixture.js';
import { toRectifying } from './steps.js';

const DAY = 86_400_000;
const sh = (local: string) => new Date(`${local}+08:00`).toISOString();

/**
 * A rectification deadline of Wednesday 30 September 2026, missed. The ladder's working-day offsets must skip the
 * National Day holiday (1–7 October) and count Saturday 10 October, a make-up working day (调休).
 */
describe('escalation ladder across the 2026 National Day holiday', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDb;
  let ids: Awaited<ReturnType<typeof seedRegistry>>;
  beforeAll(async () => {
    // Monday 28 September 2026, 10:00 in Shanghai.
    [env, db] = await Promise.all([createTimeSkippingEnvAt('2026-09-28 02:00:00'), createTestDatabase()]);
    ids = await seedRegistry(db.db);
  });
  afterAll(async () => {
    await env?.teardown();
    await db?.drop();
  });

  const escalationsOf = async (caseId: string) =>
    (
      await db.db
        .select()
        .from(schema.escalations)
        .where(eq(schema.escalations.caseId, caseId))
        .orderBy(asc(schema.escalations.triggeredAt))
    )
      // The deadline's ladder; missed progress reports climb their own (policy.progressReportMisses).
      .filter((e) => !e.reason.includes('整改进展'))
      .map((e) => [e.step, e.triggeredAt.toISOString()]);

  it('climbs every rung at the right working-day moment', async () => {
    await runWorker(env, db.db, async () => {
      const handle = await startCase(env, ids.enterpriseId);
      await toRectifying(handle, {
        clauseId: ids.clauseId,
        company: enterpriseActor(ids.enterpriseId),
        deadline: '2026-09-30',
      });
      await env.sleep(52 * DAY); // to 19 November
      const caseId = handle.workflowId.slice(5);
      const expected: Array<[string, string]> = [
        ['warning', sh('2026-09-30T23:59:59.999')], // the day it is missed the case turns red
        ['urging_letter', sh('2026-10-08T09:00:00')], // first working day after the holiday
        ['interview', sh('2026-10-13T09:00:00')], // 8, 9, 10 (Saturday, 调休), 12, 13 October
        ['public_notice', sh('2026-10-20T09:00:00')],
        ['level_raise', sh('2026-10-27T09:00:00')],
        ['enforcement', sh('2026-11-03T09:00:00')],
        ['joint_punishment', sh('2026-11-17T09:00:00')],
      ];
      // Timers fire at their instant. The recorded time is the workflow's clock when its task ran, which the
      // time-skipping server advances in real time while the worker works: on a loaded machine that is a second or
      // more after the instant (1.37 s seen at load 18). A minute still tells a wrong working day or hour apart.
      const fired = await escalationsOf(caseId);
      expect(fired.map(([step]) => step)).toEqual(expected.map(([step]) => step));
      fired.forEach(([, at], i) => {
        const late = Date.parse(at!) - Date.parse(expected[i]![1]);
        expect(late).toBeGreaterThanOrEqual(0);
        expect(late).toBeLessThan(60_000);
      });
      const view = await handle.query(defs.getCaseQuery);
      expect(view).toMatchObject({ overdue: true, overdueSince: sh('2026-09-30T23:59:59.999') });
      // Each rung is a supervisor task with its own deadline.
      const tasks = await db.db.select().from(schema.tasks).where(eq(schema.tasks.caseId, caseId));
      const interviewTask = tasks.find((t) => t.kind === 'escalation:interview');
      expect(interviewTask).toMatchObject({ assigneeRole: 'supervisor', status: 'open' });
      expect(interviewTask?.dueAt?.toISOString()).toBe(sh('2026-10-20T23:59:59.999')); // held within 7 days
    });
  });

  it('stops climbing when the enterprise complies', async () => {
    await runWorker(env, db.db, async () => {
      const handle = await startCase(env, ids.enterpriseId);
      const company = enterpriseActor(ids.enterpriseId);
      // This test starts where the previous one left the clock: 19 November 2026 (Thursday).
      await toRectifying(handle, { clauseId: ids.clauseId, company, deadline: '2026-11-20' });
      await env.sleep(6 * DAY); // 25 November: warning (20th 23:59) and urging letter (23rd 09:00) have fired
      const caseId = handle.workflowId.slice(5);
      expect((await escalationsOf(caseId)).map(([step]) => step)).toEqual(['warning', 'urging_letter']);
      const view = await handle.executeUpdate(defs.applyAcceptanceUpdate, {
        args: [{ actor: company, input: { completionReport: '已整改完毕', documentIds: [randomUUID()] } }],
      });
      expect(view).toMatchObject({ status: 'acceptance_requested', overdue: false });
      await env.sleep(40 * DAY);
      expect((await escalationsOf(caseId)).map(([step]) => step)).toEqual(['warning', 'urging_letter']);
    });
  });
});
