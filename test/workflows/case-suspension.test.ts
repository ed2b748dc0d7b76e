import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../db/client.js';
import { enterpriseTasksDueSoon } from '../../db/queries/deadline-notices.js';
import { createWorkingCalendar, yearsFromChineseDays } from '../../domain/calendar.js';
import type { Actor } from '../../domain/commands.js';
import * as defs from '../../workflows/definitions.js';
import { createTestDatabase } from '../helpers/db.js';
import { createTimeSkippingEnvAt } from '../helpers/temporal.js';
import {
  enterpriseActor,
  events,
  runWorker,
  seedRegistry,
  startCase,
  supervisor,
  type TestDb,
} from './fixture.js';
import { toRectifying } from './steps.js';

const DAY = 86_400_000;
const sh = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
/** The official calendar the worker computes on (the package's years; none entered by an administrator here). */
const calendar = createWorkingCalendar(yearsFromChineseDays(chineseDays));
const workingDaysAfter = (from: string, to: string) => {
  let n = 0;
  while (calendar.addWorkingDays(from, n + 1) <= to) n += 1;
  return n;
};

/** The refusal the validators throw: code and field in the failure's details. */
async function refusal(p: Promise<unknown>) {
  const e = await p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (e as WorkflowUpdateFailedError).cause as ApplicationFailure;
  expect(cause.type).toBe('CaseRefusal');
  return { message: cause.message, ...(cause.details?.[0] as { code: string; field?: string }) };
}

/**
 * Fix 11 of issue #12 on the real time-skipping test server: the enterprise asks to stop the clock (停表) on
 * Monday 14 September 2026; the district approves 10 working days; nothing runs while it stands (no reminder, no
 * progress report due, no missed deadline); it ends by itself and the rectification deadline becomes that day plus
 * the working days that were left, across the 2026 National Day holiday and its make-up working days (调休).
 */
describe('停表 on the case workflow (time-skipping)', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDb;
  let ids: Awaited<ReturnType<typeof seedRegistry>>;
  let company: Actor;
  beforeAll(async () => {
    // Monday 14 September 2026, 10:00 in Shanghai.
    [env, db] = await Promise.all([createTimeSkippingEnvAt('2026-09-14 02:00:00'), createTestDatabase()]);
    ids = await seedRegistry(db.db);
    company = enterpriseActor(ids.enterpriseId);
  });
  afterAll(async () => {
    await env?.teardown();
    await db?.drop();
  });

  it('request, decision, nothing runs while stopped, automatic resume with the working days left', async () => {
    await runWorker(env, db.db, async () => {
      const handle = await startCase(env, ids.enterpriseId);
      await toRectifying(handle, { clauseId: ids.clauseId, company, deadline: '2026-10-30' });
      const caseId = handle.workflowId.slice(5);
      const request = { reason: '上游停电，设备无法安装', days: 12, documentIds: [ids.clauseId] };
      expect(
        await refusal(
          handle.executeUpdate(defs.requestSuspensionUpdate, {
            args: [{ actor: supervisor, input: request }],
          }),
        ),
      ).toMatchObject({ code: 'forbidden', message: '只有责任企业可以申请停表' });
      expect(
        await refusal(
          handle.executeUpdate(defs.requestSuspensionUpdate, {
            args: [{ actor: company, input: { ...request, days: 61 } }],
          }),
        ),
      ).toMatchObject({ code: 'invalid', field: 'days' });
      let view = await handle.executeUpdate(defs.requestSuspensionUpdate, {
        args: [{ actor: company, input: request }],
      });
      expect(view.openTasks.map((t) => t.kind)).toContain('decide_suspension');
      expect(
        await refusal(
          handle.executeUpdate(defs.requestSuspensionUpdate, { args: [{ actor: company, input: request }] }),
        ),
      ).toMatchObject({ code: 'conflict', message: '已有待审批的停表申请' });
      const street: Actor = { ...supervisor, regionPath: `${supervisor.regionPath}420111002000/` };
      expect(
        await refusal(
          handle.executeUpdate(defs.decideSuspensionUpdate, {
            args: [{ actor: street, input: { approve: true } }],
          }),
        ),
      ).toMatchObject({ code: 'forbidden' });

      view = await handle.executeUpdate(defs.decideSuspensionUpdate, {
        args: [{ actor: supervisor, input: { approve: true, reason: '情况属实' } }],
      });
      const today = sh(new Date(await env.currentTimeMs()).toISOString());
      expect(today).toBe('2026-09-14');
      const left = workingDaysAfter(today, '2026-10-30');
      const until = calendar.addWorkingDays(today, 12);
      // By hand: Sunday 20 September is worked (调休), Friday 25 September (中秋) and 1–7 October are not; Saturday
      // 10 October is worked. 12 working days from 14 September end on the 30th; 30 were left to 30 October.
      expect([until, left]).toEqual(['2026-09-30', 30]);
      expect(view).toMatchObject({ status: 'suspended', suspended: true });
      expect(view.details.suspension).toMatchObject({ days: 12, until, remainingWorkingDays: left });
      let row = (await db.db.select().from(schema.cases).where(eq(schema.cases.id, caseId)))[0]!;
      expect(row.status).toBe('suspended');
      const decideTask = (
        await db.db.select().from(schema.tasks).where(eq(schema.tasks.caseId, caseId))
      ).find((t) => t.kind === 'decide_suspension')!;
      expect(decideTask.status).toBe('done');

      // No 期限预告 goes out for a stopped case's tasks (the rectification task is due within the horizon).
      const dueSoon = async () =>
        (
          await enterpriseTasksDueSoon(db.db, {
            now: new Date(await env.currentTimeMs()),
            horizonDays: 60,
            defaultDays: [3, 1],
          })
        ).filter((t) => t.caseId === caseId);
      expect(await dueSoon()).toEqual([]);

      // Nothing runs while the clock stands: sleep to the last day of the 停表 (the progress report due on
      // 29 September, 15 days after the plan's approval, waits too).
      const before = (await events(db.db, caseId)).length;
      await env.sleep(Date.parse(`${until}T20:00:00+08:00`) - (await env.currentTimeMs()));
      expect((await events(db.db, caseId)).slice(before).map((e) => e.type)).toEqual([]);
      await env.sleep(DAY);
      const after = (await events(db.db, caseId)).slice(before);
      expect(after[0]).toMatchObject({ type: 'resumed', actorRole: 'system' });
      expect(after[0]!.payload).toMatchObject({ automatic: true, remainingWorkingDays: left });
      view = await handle.query(defs.getCaseQuery);
      const newDeadline = calendar.addWorkingDays(until, left);
      expect(newDeadline).toBe('2026-11-17'); // 30 working days after 30 September
      expect(view.status).toBe('rectifying');
      expect(sh(view.deadline!)).toBe(newDeadline);
      expect(sh(view.rectificationDeadline!)).toBe(newDeadline);
      row = (await db.db.select().from(schema.cases).where(eq(schema.cases.id, caseId)))[0]!;
      expect(row.status).toBe('rectifying');
      expect(sh(row.deadline!.toISOString())).toBe(newDeadline);
      const rectify = (await db.db.select().from(schema.tasks).where(eq(schema.tasks.caseId, caseId))).find(
        (t) => t.kind === 'rectify' && t.status === 'open',
      )!;
      expect(sh(rectify.dueAt!.toISOString())).toBe(newDeadline);
      expect((await dueSoon()).map((t) => t.taskId)).toContain(rectify.id);
      // The events are chained like every other.
      const all = await events(db.db, caseId);
      for (let i = 1; i < all.length; i += 1) expect(all[i]!.prevHash).toBe(all[i - 1]!.hash);
      expect(all.map((e) => e.type)).toEqual(
        expect.arrayContaining(['suspension_requested', 'suspended', 'resumed']),
      );
    });
  });
});
