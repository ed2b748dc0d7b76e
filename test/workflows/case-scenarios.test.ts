import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../db/client.js';
import type { Actor } from '../../domain/commands.js';
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { computeDates, createWorkingCalendar, yearsFromChineseDays } from '../../domain/calendar.js';
import * as defs from '../../workflows/definitions.js';
import { createTestDatabase } from '../helpers/db.js';
import { createTimeSkippingEnv } from '../helpers/temporal.js';
import {
  caseRow,
  dateIn,
  enterpriseActor,
  events,
  openTasks,
  runWorker,
  seedExperts,
  seedRegistry,
  startCase,
  supervisor,
  type TestDb,
} from './fixture.js';
import { planInput, rejection, toRectifying } from './steps.js';

const DAY = 86_400_000;

describe('case workflow scenarios (time-skipping)', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDb;
  let ids: Awaited<ReturnType<typeof seedRegistry>>;
  beforeAll(async () => {
    [env, db] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
    ids = await seedRegistry(db.db);
  });
  afterAll(async () => {
    await env?.teardown();
    await db?.drop();
  });
  const company = () => enterpriseActor(ids.enterpriseId);

  it('returns a plan with reasons and accepts the resubmission', async () => {
    await runWorker(env, db.db, async () => {
      const handle = await startCase(env, ids.enterpriseId);
      const deadline = await dateIn(env, 90);
      await handle.executeUpdate(defs.judgeUpdate, {
        args: [{ actor: supervisor, input: { decision: 'major', clauseId: ids.clauseId, reason: '符合' } }],
      });
      await handle.executeUpdate(defs.listUpdate, {
        args: [
          {
            actor: supervisor,
            input: {
              level: 'county',
              listingAuthority: 'a',
              supervisingUnit: 'b',
              rectificationDeadline: deadline,
              interimControls: ['stop_use'],
            },
          },
        ],
      });
      // A plan that misses an element never enters history.
      expect(
        await rejection(
          handle.executeUpdate(defs.submitPlanUpdate, {
            args: [{ actor: company(), input: { ...planInput(deadline), emergencyPlan: '' } }],
          }),
        ),
      ).toContain('emergencyPlan');
      await handle.executeUpdate(defs.submitPlanUpdate, {
        args: [{ actor: company(), input: planInput(deadline) }],
      });
      expect(
        await rejection(
          handle.executeUpdate(defs.reviewPlanUpdate, {
            args: [{ actor: supervisor, input: { decision: 'return' } }],
          }),
        ),
      ).toContain('reason');
      let view = await handle.executeUpdate(defs.reviewPlanUpdate, {
        args: [{ actor: supervisor, input: { decision: 'return', reason: '资金来源未落实' } }],
      });
      expect(view).toMatchObject({ status: 'listed', planReturns: 1 });
      const caseId = handle.workflowId.slice(5);
      expect(await openTasks(db.db, caseId)).toEqual(['publish_listing', 'submit_plan']);
      await handle.executeUpdate(defs.submitPlanUpdate, {
        args: [{ actor: company(), input: { ...planInput(deadline), funds: 420000 } }],
      });
      view = await handle.executeUpdate(defs.reviewPlanUpdate, {
        args: [{ actor: supervisor, input: { decision: 'approve' } }],
      });
      expect(view.status).toBe('rectifying');
      expect((await events(db.db, caseId)).map((e) => e.type).slice(-4)).toEqual([
        'plan_submitted',
        'plan_returned',
        'plan_submitted',
        'plan_approved',
      ]);
    });
  });

  it('approves and rejects extensions, and refuses one asked too late or too often', async () => {
    await runWorker(env, db.db, async () => {
      const handle = await startCase(env, ids.enterpriseId);
      const deadline = await dateIn(env, 120);
      await toRectifying(handle, { clauseId: ids.clauseId, company: company(), deadline });
      const first = await dateIn(env, 150);
      await handle.executeUpdate(defs.requestExtensionUpdate, {
        args: [{ actor: company(), input: { newDeadline: first, reason: '设备供货延迟' } }],
      });
      expect(
        await rejection(
          handle.executeUpdate(defs.requestExtensionUpdate, {
            args: [{ actor: company(), input: { newDeadline: first, reason: '再次' } }],
          }),
        ),
      ).toContain('待审批');
      let view = await handle.executeUpdate(defs.decideExtensionUpdate, {
        args: [{ actor: supervisor, input: { approve: true, reason: '理由充分' } }],
      });
      expect(view.extensionCount).toBe(1);
      expect(view.deadline).toBe(new Date(Date.parse(`${first}T23:59:59.999+08:00`)).toISOString());
      const caseId = handle.workflowId.slice(5);
      const rectify = (await db.db.query.tasks.findMany()).find(
        (t) => t.caseId === caseId && t.kind === 'rectify',
      );
      expect(rectify?.dueAt?.toISOString()).toBe(view.deadline);

      await handle.executeUpdate(defs.requestExtensionUpdate, {
        args: [{ actor: company(), input: { newDeadline: await dateIn(env, 200), reason: '再次延期' } }],
      });
      view = await handle.executeUpdate(defs.decideExtensionUpdate, {
        args: [{ actor: supervisor, input: { approve: false, reason: '理由不充分' } }],
      });
      expect(view.extensionCount).toBe(1);
      expect(view.deadline).toBe(new Date(Date.parse(`${first}T23:59:59.999+08:00`)).toISOString());

      // 20 working days before the deadline is the last chance: skip to within that window.
      await env.sleep(140 * DAY);
      expect(
        await rejection(
          handle.executeUpdate(defs.requestExtensionUpdate, {
            args: [{ actor: company(), input: { newDeadline: await dateIn(env, 60), reason: '来不及' } }],
          }),
        ),
      ).toMatch(/延期申请须在整改期限前20个工作日提出/);
    });
  });

  it('stops the clock while suspended and restarts it with the working days that were left', async () => {
    await runWorker(env, db.db, async () => {
      const handle = await startCase(env, ids.enterpriseId);
      await toRectifying(handle, {
        clauseId: ids.clauseId,
        company: company(),
        deadline: await dateIn(env, 10),
      });
      const before = await handle.query(defs.getCaseQuery);
      const stoppedOn = await dateIn(env, 0);
      await handle.executeUpdate(defs.suspendUpdate, {
        args: [{ actor: supervisor, input: { reason: '上游断供全面停产' } }],
      });
      await env.sleep(30 * DAY); // well past the original deadline
      expect(await handle.query(defs.getCaseQuery)).toMatchObject({ status: 'suspended', overdue: false });
      const resumed = await handle.executeUpdate(defs.resumeUpdate, {
        args: [{ actor: supervisor, input: {} }],
      });
      // Since `case-suspension-request` (fix 11): the deadline is the day it resumes + the working days left when the
      // clock stopped, on the worker's calendar (a year the package does not know yet estimated on weekends).
      const calendar = createWorkingCalendar(yearsFromChineseDays(chineseDays));
      const addWorking = (from: string, n: number) =>
        computeDates(calendar, from, [{ amount: n, unit: 'working' }])[0]!.date;
      const sh = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
      let left = 0;
      while (addWorking(stoppedOn, left + 1) <= sh(before.deadline!)) left += 1;
      expect(resumed.details.suspensions?.[0]).toMatchObject({ remainingWorkingDays: left });
      expect(sh(resumed.deadline!)).toBe(addWorking(await dateIn(env, 0), left));
      await env.sleep(5 * DAY);
      expect((await handle.query(defs.getCaseQuery)).overdue).toBe(false);
      await env.sleep(10 * DAY);
      const after = await handle.query(defs.getCaseQuery);
      expect(after.overdue).toBe(true);
      expect(after.escalations[0]?.step).toBe('warning');
    });
  });

  it('sends a failed acceptance back to rectifying with a written explanation, then passes it', async () => {
    const [wang] = await seedExperts(db.db, ['王专家']);
    await runWorker(env, db.db, async () => {
      const handle = await startCase(env, ids.enterpriseId);
      await toRectifying(handle, {
        clauseId: ids.clauseId,
        company: company(),
        deadline: await dateIn(env, 30),
      });
      await handle.executeUpdate(defs.applyAcceptanceUpdate, {
        args: [{ actor: company(), input: { completionReport: '已整改', documentIds: [randomUUID()] } }],
      });
      expect(
        await rejection(
          handle.executeUpdate(defs.recordAcceptanceUpdate, {
            args: [
              {
                actor: supervisor,
                input: {
                  passed: false,
                  heldOn: await dateIn(env, 1),
                  opinions: [{ expert: '王专家', opinion: '泄爆口朝向人员通道' }],
                },
              },
            ],
          }),
        ),
      ).toContain('书面说明');
      let view = await handle.executeUpdate(defs.recordAcceptanceUpdate, {
        args: [
          {
            actor: supervisor,
            input: {
              passed: false,
              heldOn: await dateIn(env, 1),
              opinions: [{ expert: '王专家', opinion: '泄爆口朝向人员通道' }],
              explanation: '泄爆方向不符合要求，须改向',
              newDeadline: await dateIn(env, 45),
            },
          },
        ],
      });
      expect(view).toMatchObject({ status: 'rectifying', acceptanceFailures: 1 });
      await handle.executeUpdate(defs.applyAcceptanceUpdate, {
        args: [
          { actor: company(), input: { completionReport: '泄爆口已改向', documentIds: [randomUUID()] } },
        ],
      });
      // An expert records the result only when invited to this acceptance.
      const expertRecords = () =>
        handle.executeUpdate(defs.recordAcceptanceUpdate, {
          args: [
            {
              actor: wang!,
              input: {
                passed: true,
                heldOn: '2030-01-01',
                opinions: [{ expert: '王专家', opinion: '整改到位' }],
              },
            },
          ],
        });
      expect(await rejection(expertRecords())).toContain('受邀');
      await handle.executeUpdate(defs.inviteExpertsUpdate, {
        args: [{ actor: supervisor, input: { experts: [{ id: wang!.id!, name: wang!.name }] } }],
      });
      view = await handle.executeUpdate(defs.recordAcceptanceUpdate, {
        args: [
          {
            actor: wang!,
            input: {
              passed: true,
              heldOn: await dateIn(env, 2),
              opinions: [{ expert: '王专家', opinion: '整改到位' }],
            },
          },
        ],
      });
      expect(view.status).toBe('accepted');
      expect((await caseRow(db.db, handle.workflowId.slice(5))).acceptanceFailures).toBe(1);
    });
  });

  it('invites experts to the acceptance, takes one opinion from each, and closes the rest with the result', async () => {
    const [wang, li, zhao] = await seedExperts(db.db, ['王专家', '李专家', '赵专家']);
    await runWorker(env, db.db, async () => {
      const handle = await startCase(env, ids.enterpriseId);
      const caseId = handle.workflowId.slice(5);
      const invite = (actor: Actor, experts: Actor[]) =>
        handle.executeUpdate(defs.inviteExpertsUpdate, {
          args: [{ actor, input: { experts: experts.map((e) => ({ id: e.id!, name: e.name })) } }],
        });
      const opinion = (actor: Actor, recommendation: 'pass' | 'fail' = 'pass') =>
        handle.executeUpdate(defs.submitExpertOpinionUpdate, {
          args: [{ actor, input: { opinion: `${actor.name}：泄爆装置已按规范安装`, recommendation } }],
        });
      const record = (actor: Actor) =>
        handle.executeUpdate(defs.recordAcceptanceUpdate, {
          args: [
            {
              actor,
              input: {
                passed: true,
                heldOn: '2030-01-01',
                opinions: [{ expert: '王专家', opinion: '同意' }],
              },
            },
          ],
        });
      await toRectifying(handle, {
        clauseId: ids.clauseId,
        company: company(),
        deadline: await dateIn(env, 30),
      });
      expect(await rejection(invite(supervisor, [wang!]))).toContain('整改中'); // wrong state
      await handle.executeUpdate(defs.applyAcceptanceUpdate, {
        args: [{ actor: company(), input: { completionReport: '已整改', documentIds: [randomUUID()] } }],
      });

      // Refusals: none of them enters history.
      const before = (await events(db.db, caseId)).length;
      const versionBefore = (await handle.query(defs.getCaseQuery)).version;
      expect(await rejection(invite(company(), [wang!]))).toContain('无权');
      expect(await rejection(invite(wang!, [wang!]))).toContain('无权');
      expect(await rejection(invite(supervisor, [wang!, wang!]))).toContain('不能重复');
      expect(await rejection(invite(supervisor, []))).toContain('至少一位');
      expect(await rejection(opinion(wang!))).toContain('受邀'); // not invited yet
      expect(await rejection(record(wang!))).toContain('受邀');
      expect((await events(db.db, caseId)).length).toBe(before);
      expect((await handle.query(defs.getCaseQuery)).version).toBe(versionBefore);

      let view = await invite(supervisor, [wang!, li!]);
      expect(view.details.invitedExperts).toMatchObject([
        { id: wang!.id, name: '王专家', round: 1, invitedBy: supervisor.name, invitedAt: expect.any(String) },
        { id: li!.id, name: '李专家', round: 1 },
      ]);
      const expertTasks = view.openTasks.filter((t) => t.kind === 'expert_opinion');
      expect(expertTasks.map((t) => [t.assigneeRole, t.assigneeUserId, t.dueAt])).toEqual([
        ['expert', wang!.id, view.deadline],
        ['expert', li!.id, view.deadline],
      ]);
      // One task of each expert's own, in no territory: supervisors do not see it as theirs.
      const rows = await db.db.select().from(schema.tasks).where(eq(schema.tasks.kind, 'expert_opinion'));
      const mine = rows.filter((t) => t.caseId === caseId);
      expect(
        mine.map((t) => [t.assigneeUserId, t.assigneeRegionPath, t.status, t.dueAt?.toISOString()]),
      ).toEqual([
        [wang!.id, null, 'open', view.deadline],
        [li!.id, null, 'open', view.deadline],
      ]);

      const mid = (await events(db.db, caseId)).length;
      expect(await rejection(invite(supervisor, [zhao!, li!]))).toContain('李专家已受邀');
      expect(await rejection(opinion(zhao!))).toContain('受邀'); // never invited
      expect(await rejection(opinion({ ...supervisor }))).toContain('无权');
      expect(
        await rejection(
          handle.executeUpdate(defs.submitExpertOpinionUpdate, {
            args: [{ actor: wang!, input: { opinion: '', recommendation: 'pass' } }],
          }),
        ),
      ).toContain('opinion');
      expect((await events(db.db, caseId)).length).toBe(mid);

      view = await opinion(wang!, 'fail');
      expect(view.details.expertOpinions).toMatchObject([
        { expertId: wang!.id, expertName: '王专家', recommendation: 'fail', round: 1 },
      ]);
      expect(await rejection(opinion(wang!))).toContain('已提交'); // one opinion per expert
      expect(view.openTasks.filter((t) => t.kind === 'expert_opinion').map((t) => t.assigneeUserId)).toEqual([
        li!.id,
      ]);

      // An invited expert may record the result; 李专家 never gave an opinion: the task closes with it.
      expect(await rejection(record(zhao!))).toContain('受邀');
      view = await record(li!);
      expect(view.status).toBe('accepted');
      expect(view.openTasks.map((t) => t.kind)).toEqual(['sign_off']);
      const after = (await db.db.select().from(schema.tasks).where(eq(schema.tasks.caseId, caseId))).filter(
        (t) => t.kind === 'expert_opinion',
      );
      expect(after.map((t) => [t.assigneeUserId, t.status, t.closedBy])).toEqual([
        [wang!.id, 'done', wang!.id],
        [li!.id, 'done', li!.id],
      ]);
      expect(await rejection(opinion(li!))).toContain('验收合格'); // wrong state now
      const log = await events(db.db, caseId);
      expect(log.map((e) => e.type).slice(-4)).toEqual([
        'acceptance_requested',
        'experts_invited',
        'expert_opinion_submitted',
        'acceptance_passed',
      ]);
      expect(log.at(-3)).toMatchObject({ actorId: supervisor.id, actorRole: 'supervisor' });
      expect(log.at(-2)).toMatchObject({
        actorId: wang!.id,
        actorRole: 'expert',
        payload: expect.objectContaining({ recommendation: 'fail', expertId: wang!.id }),
      });
    });
  });

  it('lets the listing authority withdraw a case, cancelling its open tasks', async () => {
    await runWorker(env, db.db, async () => {
      const handle = await startCase(env, ids.enterpriseId);
      await toRectifying(handle, {
        clauseId: ids.clauseId,
        company: company(),
        deadline: await dateIn(env, 30),
      });
      expect(
        await rejection(
          handle.executeUpdate(defs.withdrawUpdate, {
            args: [{ actor: company(), input: { reason: '不想整改' } }],
          }),
        ),
      ).toContain('无权');
      const view = await handle.executeUpdate(defs.withdrawUpdate, {
        args: [{ actor: supervisor, input: { reason: '企业已依法关闭' } }],
      });
      expect(view.status).toBe('withdrawn');
      expect((await handle.result()).status).toBe('withdrawn');
      const caseId = handle.workflowId.slice(5);
      const tasks = (await db.db.query.tasks.findMany()).filter((t) => t.caseId === caseId);
      expect(tasks.filter((t) => t.status === 'open')).toEqual([]);
      expect(tasks.some((t) => t.status === 'cancelled')).toBe(true);
    });
  });
});

describe('long cases (time-skipping)', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDb;
  let ids: Awaited<ReturnType<typeof seedRegistry>>;
  beforeAll(async () => {
    [env, db] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
    ids = await seedRegistry(db.db);
  });
  afterAll(async () => {
    await env?.teardown();
    await db?.drop();
  });

  it('continues as new before the history grows large, carrying the whole case', async () => {
    await runWorker(env, db.db, async () => {
      const handle = await startCase(env, ids.enterpriseId, { historyLimit: 60 });
      const company = enterpriseActor(ids.enterpriseId);
      await toRectifying(handle, { clauseId: ids.clauseId, company, deadline: await dateIn(env, 200) });
      const firstRun = (await handle.describe()).runId;
      for (let i = 1; i <= 12; i++) {
        await handle.executeUpdate(defs.reportProgressUpdate, {
          args: [
            { actor: company, input: { summary: `第${i}次进展`, percentComplete: i * 8, documentIds: [] } },
          ],
        });
        await env.sleep(DAY);
      }
      const now = await handle.describe();
      expect(now.runId).not.toBe(firstRun);
      const view = await handle.query(defs.getCaseQuery);
      expect(view).toMatchObject({ status: 'rectifying', version: 18 }); // reported, judged, listed, published, plan, approved + 12 reports
      expect((view.details.progressReports as unknown[]).length).toBe(12);
      const log = await events(db.db, handle.workflowId.slice(5));
      expect(log.map((e) => e.seq)).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
      // The case still takes commands after continuing.
      const done = await handle.executeUpdate(defs.applyAcceptanceUpdate, {
        args: [{ actor: company, input: { completionReport: '完成', documentIds: [randomUUID()] } }],
      });
      expect(done.status).toBe('acceptance_requested');
    });
  });
});
