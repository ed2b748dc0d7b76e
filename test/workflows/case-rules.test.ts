import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowExecutionAlreadyStartedError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../db/client.js';
import type { Actor } from '../../domain/commands.js';
import * as defs from '../../workflows/definitions.js';
import { createTestDatabase } from '../helpers/db.js';
import { createTimeSkippingEnv } from '../helpers/temporal.js';
import {
  DISTRICT,
  caseRow,
  dateIn,
  enterpriseActor,
  events,
  runWorker,
  seedRegistry,
  startCase,
  startCaseWithUpdate,
  supervisor,
  type TestDb,
} from './fixture.js';
import { planInput, toRectifying } from './steps.js';

const DAY = 86_400_000;

/** The refusal the validators throw: code and field in the failure's details, the Chinese message as message. */
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
 * The case workflow as a thin adapter around the table of rules, on the real time-skipping test server: typed
 * refusals, and the fixes of issue #12 that need the clock (1, 3, 4, 9, 10).
 */
describe('case workflow on the table of rules (time-skipping)', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDb;
  let ids: Awaited<ReturnType<typeof seedRegistry>>;
  let company: Actor;
  beforeAll(async () => {
    [env, db] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
    ids = await seedRegistry(db.db);
    company = enterpriseActor(ids.enterpriseId);
    // A manual escalation names its owner: the supervisor is a real user.
    await db.db.insert(schema.users).values({
      id: supervisor.id!,
      username: 'rules-supervisor',
      displayName: supervisor.name,
      passwordHash: 'not-used',
      role: 'supervisor',
      regionCode: '420111',
    });
  });
  afterAll(async () => {
    await env?.teardown();
    await db?.drop();
  });

  it('starts with update-with-start on the test server: the answer is the first view, recorded before it answers', async () => {
    await runWorker(env, db.db, async () => {
      const { handle, view } = await startCaseWithUpdate(env, ids.enterpriseId);
      expect(view).toMatchObject({ status: 'reported', version: 1 });
      expect(view).toEqual(await handle.query(defs.getCaseQuery));
      // Answered after the first transition was written: the row and its one event exist when the answer comes.
      expect((await caseRow(db.db, view.caseId))?.view).toEqual(view);
      expect((await events(db.db, view.caseId)).map((e) => e.type)).toEqual(['reported']);
      // The same id again while it runs (a keyed retry): the Update goes to the running case, no second run.
      const again = await startCaseWithUpdate(env, ids.enterpriseId, { caseId: view.caseId });
      expect(again.view).toEqual(view);
      expect((await again.handle.describe()).runId).toBe((await handle.describe()).runId);
      expect(await events(db.db, view.caseId)).toHaveLength(1);
      // After it closed: refused as already started (what the API's keyed retry answers with the case row).
      await handle.executeUpdate(defs.judgeUpdate, {
        args: [{ actor: supervisor, input: { decision: 'not_hazard', reason: '复核不构成隐患' } }],
      });
      await handle.result();
      await expect(
        startCaseWithUpdate(env, ids.enterpriseId, { caseId: view.caseId }),
      ).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
    });
  });

  it('refuses with typed failures: forbidden for the role, conflict for the state, invalid naming the field', async () => {
    await runWorker(env, db.db, async () => {
      const handle = await startCase(env, ids.enterpriseId);
      await handle.executeUpdate(defs.reportedUpdate, { args: [] });
      expect(
        await refusal(
          handle.executeUpdate(defs.recordAcceptanceUpdate, {
            args: [
              {
                actor: company,
                input: {
                  passed: true,
                  heldOn: await dateIn(env, 0),
                  opinions: [{ expert: 'x', opinion: 'y' }],
                },
              },
            ],
          }),
        ),
      ).toMatchObject({ code: 'forbidden', message: '企业用户无权记录验收结果' });
      expect(
        await refusal(
          handle.executeUpdate(defs.signOffUpdate, {
            args: [{ actor: supervisor, input: { comment: '同意' } }],
          }),
        ),
      ).toMatchObject({ code: 'conflict', message: '案件当前状态为“待研判”，不能批准销号' });
      expect(
        await refusal(
          handle.executeUpdate(defs.judgeUpdate, {
            args: [{ actor: supervisor, input: { decision: 'major', reason: '重大' } }],
          }),
        ),
      ).toMatchObject({
        code: 'invalid',
        field: 'clauseId',
        message: '认定为重大事故隐患须引用判定标准条款',
      });
      expect((await handle.query(defs.getCaseQuery)).version).toBe(1);
    });
  });

  it('1: a late plan review no longer switches escalation off: the missed rectification deadline climbs the ladder', async () => {
    await runWorker(env, db.db, async () => {
      const handle = await startCase(env, ids.enterpriseId);
      const deadline = await dateIn(env, 40);
      await handle.executeUpdate(defs.judgeUpdate, {
        args: [{ actor: supervisor, input: { decision: 'major', clauseId: ids.clauseId, reason: '符合' } }],
      });
      await handle.executeUpdate(defs.listUpdate, {
        args: [
          {
            actor: supervisor,
            input: {
              level: 'county',
              listingAuthority: '洪山区安委办',
              supervisingUnit: '洪山区应急管理局',
              rectificationDeadline: deadline,
              interimControls: ['stop_use'],
            },
          },
        ],
      });
      await handle.executeUpdate(defs.confirmPublicationUpdate, {
        args: [
          {
            actor: supervisor,
            input: { kind: 'listing', publishedOn: await dateIn(env, 0), reference: '洪安办〔2027〕1号' },
          },
        ],
      });
      await handle.executeUpdate(defs.submitPlanUpdate, {
        args: [{ actor: company, input: planInput(deadline) }],
      });
      await env.sleep(12 * DAY); // the review (5 working days) is late
      expect(await handle.query(defs.getCaseQuery)).toMatchObject({
        overdue: true,
        deadlineKind: 'plan_review',
      });
      const approved = await handle.executeUpdate(defs.reviewPlanUpdate, {
        args: [{ actor: supervisor, input: { decision: 'approve' } }],
      });
      expect(approved).toMatchObject({ status: 'rectifying', overdue: false, deadlineKind: 'rectification' });
      await env.sleep(32 * DAY); // the enterprise misses its deadline
      const view = await handle.query(defs.getCaseQuery);
      expect(view).toMatchObject({ overdue: true, deadlineKind: 'rectification' });
      expect(view.details.overdueParty).toBe('enterprise');
      const caseId = handle.workflowId.slice(5);
      const missed = (await events(db.db, caseId)).filter((e) => e.type === 'deadline_missed');
      expect(missed.map((e) => (e.payload as { kind: string }).kind)).toEqual([
        'plan_review',
        'rectification',
      ]);
      expect(view.escalations.map((e) => e.step)).toContain('warning');
    });
  });

  it('3: the 约谈 outcome opens a 书面承诺 the enterprise submits; a missed one starts the next rung', async () => {
    await runWorker(env, db.db, async () => {
      const interviewed = async () => {
        const handle = await startCase(env, ids.enterpriseId);
        await toRectifying(handle, { clauseId: ids.clauseId, company, deadline: await dateIn(env, 200) });
        const escalated = await handle.executeUpdate(defs.escalateUpdate, {
          args: [{ actor: supervisor, input: { step: 'interview', reason: '拒不整改' } }],
        });
        const esc = escalated.escalations[0]!;
        const out = await handle.executeUpdate(defs.recordEscalationOutcomeUpdate, {
          args: [
            {
              actor: supervisor,
              input: { escalationId: esc.id, outcome: '已约谈', minutes: '纪要', documentIds: [] },
            },
          ],
        });
        expect(out.openTasks.map((t) => t.kind)).toContain('written_commitment');
        return handle;
      };
      const keeps = await interviewed();
      const scan = '44444444-4444-4444-8444-444444444444';
      expect(
        await refusal(
          keeps.executeUpdate(defs.submitWrittenCommitmentUpdate, {
            args: [
              {
                actor: enterpriseActor(ids.otherEnterpriseId),
                input: { text: '承诺', signedScanDocumentId: scan, documentIds: [] },
              },
            ],
          }),
        ),
      ).toMatchObject({ code: 'forbidden' });
      const done = await keeps.executeUpdate(defs.submitWrittenCommitmentUpdate, {
        args: [
          {
            actor: company,
            input: { text: '承诺于期限内完成整改', signedScanDocumentId: scan, documentIds: [] },
          },
        ],
      });
      expect(done.openTasks.map((t) => t.kind)).not.toContain('written_commitment');
      const late = await interviewed();
      await env.sleep(10 * DAY);
      for (const [h, rungs] of [
        [keeps, ['interview']],
        [late, ['interview', 'public_notice']],
      ] as const) {
        const v = await h.query(defs.getCaseQuery);
        expect(v.escalations.map((e) => e.step)).toEqual(rungs);
      }
      expect((await late.query(defs.getCaseQuery)).escalations[1]!.reason).toBe('约谈后逾期未提交书面承诺');
    });
  });

  it('6: the progress-report cycle re-arms every period, counts misses, escalates per policy, restarts after a failed acceptance', async () => {
    await runWorker(env, db.db, async () => {
      const handle = await startCase(env, ids.enterpriseId);
      await toRectifying(handle, { clauseId: ids.clauseId, company, deadline: await dateIn(env, 200) });
      const caseId = handle.workflowId.slice(5);
      await env.sleep(31 * DAY); // two periods of 15 days missed
      let view = await handle.query(defs.getCaseQuery);
      expect(view.details).toMatchObject({ progressReportMisses: 2, progressMissesInRow: 2 });
      expect(view.escalations.map((e) => [e.step, e.reason])).toEqual([
        ['warning', '连续1次未按期报送整改进展'],
        ['urging_letter', '连续2次未按期报送整改进展'],
      ]);
      const reportTasks = (await db.db.select().from(schema.tasks).where(eq(schema.tasks.caseId, caseId)))
        .filter((t) => t.kind === 'report_progress')
        .sort((a, b) => a.dueAt!.getTime() - b.dueAt!.getTime());
      expect(reportTasks.map((t) => t.status)).toEqual(['cancelled', 'cancelled', 'open']);
      expect(reportTasks[2]!.dueAt!.getTime() - reportTasks[1]!.dueAt!.getTime()).toBe(15 * DAY);
      const missed = (await events(db.db, caseId)).filter((e) => e.type === 'progress_report_missed');
      expect(missed.map((e) => (e.payload as { misses: number }).misses)).toEqual([1, 2]);
      // A report resets the count in a row; the acceptance stops the cycle, a failure restarts it.
      await handle.executeUpdate(defs.reportProgressUpdate, {
        args: [{ actor: company, input: { summary: '完成一半', percentComplete: 50, documentIds: [] } }],
      });
      await handle.executeUpdate(defs.applyAcceptanceUpdate, {
        args: [
          {
            actor: company,
            input: { completionReport: '已整改', documentIds: ['44444444-4444-4444-8444-444444444444'] },
          },
        ],
      });
      await env.sleep(20 * DAY);
      view = await handle.query(defs.getCaseQuery);
      expect(view.details.progressReportMisses).toBe(2);
      const failed = await handle.executeUpdate(defs.recordAcceptanceUpdate, {
        args: [
          {
            actor: supervisor,
            input: {
              passed: false,
              heldOn: await dateIn(env, 0),
              opinions: [{ expert: '王', opinion: '不合格' }],
              explanation: '泄爆片规格不符',
              newDeadline: await dateIn(env, 90),
            },
          },
        ],
      });
      const kinds = failed.openTasks.map((t) => t.kind);
      expect(kinds.filter((k) => k === 'report_progress' || k === 'rectify').sort()).toEqual([
        'rectify',
        'report_progress',
      ]);
      await env.sleep(16 * DAY);
      view = await handle.query(defs.getCaseQuery);
      expect(view.details).toMatchObject({ progressReportMisses: 3, progressMissesInRow: 1 });
    });
  });

  it('7: the listing 公示 limit and the extension decision limit are clocks: missed, the case is overdue, the supervisor’s', async () => {
    await runWorker(env, db.db, async () => {
      const handle = await startCase(env, ids.enterpriseId);
      await toRectifying(handle, {
        clauseId: ids.clauseId,
        company,
        deadline: await dateIn(env, 200),
        publish: false,
      });
      const caseId = handle.workflowId.slice(5);
      await env.sleep(20 * DAY); // 挂牌公示 within 5 working days (holidays included): missed
      let view = await handle.query(defs.getCaseQuery);
      expect(view).toMatchObject({ overdue: true, deadlineKind: 'rectification' });
      expect(view.details.overdueParty).toBe('supervisor');
      expect(view.details.overdueClocks?.map((c) => c.step)).toEqual(['publish_listing']);
      view = await handle.executeUpdate(defs.confirmPublicationUpdate, {
        args: [
          {
            actor: supervisor,
            input: { kind: 'listing', publishedOn: await dateIn(env, 0), reference: '洪安办〔2027〕2号' },
          },
        ],
      });
      expect(view.overdue).toBe(false);
      await handle.executeUpdate(defs.requestExtensionUpdate, {
        args: [{ actor: company, input: { newDeadline: await dateIn(env, 200), reason: '设备到货延迟' } }],
      });
      await env.sleep(25 * DAY); // 延期审批 within 10 working days: missed
      view = await handle.query(defs.getCaseQuery);
      expect(view.overdue).toBe(true);
      expect(view.details.overdueClocks?.map((c) => c.step)).toEqual(['decide_extension']);
      const missed = (await events(db.db, caseId))
        .filter((e) => e.type === 'deadline_missed')
        .map((e) => e.payload as { kind: string; party: string });
      expect(missed).toEqual([
        expect.objectContaining({ kind: 'publish_listing', party: 'supervisor' }),
        expect.objectContaining({ kind: 'decide_extension', party: 'supervisor' }),
      ]);
      view = await handle.executeUpdate(defs.decideExtensionUpdate, {
        args: [{ actor: supervisor, input: { approve: true, reason: '同意' } }],
      });
      expect(view.overdue).toBe(false);
      const [row] = await db.db.select().from(schema.cases).where(eq(schema.cases.id, caseId));
      expect(row!.overdue).toBe(false);
    });
  });

  it('8: a late judgement climbs the supervisory ladder: handler, 包案领导, the 安委办 above; closed when judged', async () => {
    await runWorker(env, db.db, async () => {
      const handle = await startCase(env, ids.enterpriseId);
      await handle.executeUpdate(defs.reportedUpdate, { args: [] });
      const caseId = handle.workflowId.slice(5);
      await env.sleep(20 * DAY); // judgement within 3 working days; + 2 and + 5 working days
      const rungTasks = async () =>
        (await db.db.select().from(schema.tasks).where(eq(schema.tasks.caseId, caseId)))
          .filter((t) => t.kind === 'supervise:judgement')
          .sort((a, b) => a.id.localeCompare(b.id));
      const open = await rungTasks();
      expect(open.map((t) => [t.assigneeRole, t.assigneeRegionPath, t.status])).toEqual([
        ['supervisor', DISTRICT.path, 'open'],
        ['leader', DISTRICT.path, 'open'],
        ['supervisor', '420000/420100/', 'open'], // the city's 安委办: on its supervisors' home page
      ]);
      const rungs = (await events(db.db, caseId)).filter((e) => e.type === 'supervisory_escalated');
      expect(rungs.map((e) => (e.payload as { notify: string }).notify)).toEqual([
        'handler',
        'leader',
        'committee',
      ]);
      await handle.executeUpdate(defs.judgeUpdate, {
        args: [{ actor: supervisor, input: { decision: 'major', clauseId: ids.clauseId, reason: '符合' } }],
      });
      expect((await rungTasks()).map((t) => t.status)).toEqual(['done', 'done', 'done']);
    });
  });

  it('4: a withdrawal cancels the open tasks and rungs as the system, with the reason', async () => {
    await runWorker(env, db.db, async () => {
      const handle = await startCase(env, ids.enterpriseId);
      await toRectifying(handle, { clauseId: ids.clauseId, company, deadline: await dateIn(env, 30) });
      await env.sleep(40 * DAY); // missed: rungs open
      await handle.executeUpdate(defs.withdrawUpdate, {
        args: [{ actor: supervisor, input: { reason: '企业已依法关闭' } }],
      });
      const caseId = handle.workflowId.slice(5);
      const tasks = await db.db.select().from(schema.tasks).where(eq(schema.tasks.caseId, caseId));
      const unfinished = tasks.filter((t) => t.kind === 'rectify' || t.kind.startsWith('escalation:'));
      expect(unfinished.length).toBeGreaterThan(1);
      for (const t of unfinished) expect(t).toMatchObject({ status: 'cancelled', closedBy: null });
      const rungs = await db.db
        .select()
        .from(schema.escalations)
        .where(eq(schema.escalations.caseId, caseId));
      expect(rungs.length).toBeGreaterThan(0);
      for (const r of rungs) {
        expect(r.status).toBe('cancelled');
        expect(r.outcome).toContain('企业已依法关闭');
      }
    });
  });

  it('9 and 10: sign-off by the listing authority or above; no withdrawal after it; a failed acceptance past the limit refused', async () => {
    await runWorker(env, db.db, async () => {
      const handle = await startCase(env, ids.enterpriseId);
      await toRectifying(handle, {
        clauseId: ids.clauseId,
        company,
        deadline: await dateIn(env, 30),
        publish: false,
      });
      await handle.executeUpdate(defs.applyAcceptanceUpdate, {
        args: [
          {
            actor: company,
            input: { completionReport: '已整改', documentIds: ['44444444-4444-4444-8444-444444444444'] },
          },
        ],
      });
      const limit = (await handle.query(defs.getCaseQuery)).details.rectificationLimit!;
      const failed = {
        passed: false,
        heldOn: await dateIn(env, 0),
        opinions: [{ expert: '王', opinion: '不合格' }],
        explanation: '规格不符',
        newDeadline: await dateIn(env, 400),
      };
      const r = await refusal(
        handle.executeUpdate(defs.recordAcceptanceUpdate, { args: [{ actor: supervisor, input: failed }] }),
      );
      expect(r).toMatchObject({ code: 'invalid', field: 'newDeadline' });
      expect(r.message).toContain(limit);
      await handle.executeUpdate(defs.recordAcceptanceUpdate, {
        args: [
          {
            actor: supervisor,
            input: {
              passed: true,
              heldOn: await dateIn(env, 0),
              opinions: [{ expert: '王', opinion: '合格' }],
            },
          },
        ],
      });
      // 销号 waits for the listing's publication (fix 7).
      expect(
        await refusal(
          handle.executeUpdate(defs.signOffUpdate, {
            args: [{ actor: supervisor, input: { comment: '同意' } }],
          }),
        ),
      ).toMatchObject({ code: 'conflict', message: '挂牌信息尚未公示，须先确认挂牌公示，再批准销号' });
      await handle.executeUpdate(defs.confirmPublicationUpdate, {
        args: [
          {
            actor: supervisor,
            input: { kind: 'listing', publishedOn: await dateIn(env, 0), reference: '洪安办〔2027〕1号' },
          },
        ],
      });
      const street: Actor = { ...supervisor, id: 'street', regionPath: `${DISTRICT.path}420111002000/` };
      expect(
        await refusal(
          handle.executeUpdate(defs.signOffUpdate, { args: [{ actor: street, input: { comment: '同意' } }] }),
        ),
      ).toMatchObject({ code: 'forbidden' });
      await handle.executeUpdate(defs.signOffUpdate, {
        args: [{ actor: supervisor, input: { comment: '同意' } }],
      });
      expect(
        await refusal(
          handle.executeUpdate(defs.withdrawUpdate, {
            args: [{ actor: supervisor, input: { reason: '误报' } }],
          }),
        ),
      ).toMatchObject({ code: 'conflict', message: '案件已销号，不能撤销' });
    });
  });
  it('5: 提级督办: the ladder’s rung asks the city; the city raises the level, lists, supervises and has the tasks', async () => {
    const CITY = '420000/420100/';
    const citySup: Actor = { id: randomUUID(), role: 'supervisor', name: '市安委办王', regionPath: CITY };
    await db.db.insert(schema.users).values({
      id: citySup.id!,
      username: 'rules-city-supervisor',
      displayName: citySup.name,
      passwordHash: 'not-used',
      role: 'supervisor',
      regionCode: '420100',
    });
    await runWorker(env, db.db, async () => {
      const handle = await startCase(env, ids.enterpriseId);
      await toRectifying(handle, { clauseId: ids.clauseId, company, deadline: await dateIn(env, 30) });
      const caseId = handle.workflowId.slice(5);
      await env.sleep(70 * DAY); // missed, and the ladder past 升级督办 (15 working days after)
      const tasksOf = async () =>
        (await db.db.select().from(schema.tasks).where(eq(schema.tasks.caseId, caseId))).sort((a, b) =>
          a.openedAt < b.openedAt ? -1 : a.openedAt > b.openedAt ? 1 : a.id.localeCompare(b.id),
        );
      const asked = (await tasksOf()).find((t) => t.kind === 'escalation:level_raise')!;
      expect([asked.assigneeRegionPath, asked.status]).toEqual([CITY, 'open']); // on the city's home page
      // The district (the listing authority) may not pick any level; the street below it may not raise at all.
      const street: Actor = { ...supervisor, regionPath: `${DISTRICT.path}420111002000/` };
      const input = {
        level: 'city' as const,
        listingAuthority: '武汉市安委办',
        supervisingUnit: '武汉市应急管理局',
        reason: '逾期未整改，提级督办',
      };
      expect(
        await refusal(handle.executeUpdate(defs.raiseLevelUpdate, { args: [{ actor: street, input }] })),
      ).toMatchObject({ code: 'forbidden' });
      expect(
        await refusal(
          handle.executeUpdate(defs.raiseLevelUpdate, {
            args: [{ actor: supervisor, input: { ...input, level: 'province' } }],
          }),
        ),
      ).toMatchObject({ code: 'invalid', field: 'level' });
      const view = await handle.executeUpdate(defs.raiseLevelUpdate, { args: [{ actor: citySup, input }] });
      expect([view.level, view.listingAuthority, view.supervisingUnit]).toEqual([
        'city',
        '武汉市安委办',
        '武汉市应急管理局',
      ]);
      const [row] = await db.db.select().from(schema.cases).where(eq(schema.cases.id, caseId));
      expect([row!.level, row!.listingAuthority, row!.supervisingUnit]).toEqual([
        'city',
        '武汉市安委办',
        '武汉市应急管理局',
      ]);
      const tasks = await tasksOf();
      expect(tasks.find((t) => t.id === asked.id)!.status).toBe('done');
      // Every open supervisor task is the city's now; the enterprise keeps its own.
      const open = tasks.filter((t) => t.status === 'open');
      for (const t of open.filter((x) => x.assigneeRole === 'supervisor'))
        expect(t.assigneeRegionPath, t.kind).toBe(CITY);
      expect(open.filter((t) => t.kind === 'escalation:level_raise').length).toBe(1);
      expect(open.find((t) => t.kind === 'rectify')!.assigneeEnterpriseId).toBe(ids.enterpriseId);
      const raised = (await events(db.db, caseId)).filter(
        (e) => e.type === 'escalated' && (e.payload as { step: string }).step === 'level_raise',
      );
      expect(raised.map((e) => (e.payload as { manual: boolean }).manual)).toEqual([false, true]);
      expect((raised[1]!.payload as { raise: unknown }).raise).toMatchObject({
        fromLevel: 'county',
        toLevel: 'city',
        fromAuthority: '洪山区安委办',
        regionPath: CITY,
      });
      // The documents follow who acted: the rung asks the city (the district's 提请 letter, between agencies); the
      // city's own raise is its notice of taking the case over, issued by the city, to the district and the enterprise.
      const docs = await db.db
        .select()
        .from(schema.officialDocuments)
        .where(eq(schema.officialDocuments.caseId, caseId));
      const ofRung = (i: number) =>
        docs.find((d) => d.escalationId === (raised[i]!.payload as { escalationId: string }).escalationId)!;
      expect([ofRung(0).kind, ofRung(0).audience, ofRung(0).regionPath]).toEqual([
        'level_raise_letter',
        'internal',
        DISTRICT.path,
      ]);
      expect(ofRung(0).title).toMatch(/^关于提请提级督办.+重大事故隐患的函$/);
      const notice = ofRung(1);
      expect([notice.kind, notice.audience, notice.regionPath, notice.recipientEnterpriseId]).toEqual([
        'level_raise_notice',
        'enterprise',
        CITY,
        ids.enterpriseId,
      ]);
      expect(notice.title).toMatch(/^关于对.+重大事故隐患提级督办的通知$/);
      const words = JSON.stringify(notice.content);
      expect(words).not.toContain('提请');
      expect(words).toContain(
        '决定对该隐患提级督办，自即日起由武汉市安委办实行市级挂牌督办，督办单位为武汉市应急管理局',
      );
      expect(words).toContain('洪山区安委办、');
      // The district office reads the case still, but acts on it no more: the city does.
      expect(
        await refusal(
          handle.executeUpdate(defs.withdrawUpdate, {
            args: [{ actor: supervisor, input: { reason: '撤销' } }],
          }),
        ),
      ).toMatchObject({
        code: 'forbidden',
        message: '本案已提级由武汉市安委办督办，须由挂牌单位或其上级撤销挂牌',
      });
      await handle.executeUpdate(defs.withdrawUpdate, {
        args: [{ actor: citySup, input: { reason: '企业关闭' } }],
      });
    });
  });
});
