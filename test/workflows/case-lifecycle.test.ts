import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainHash, GENESIS_HASH } from '../../db/hash-chain.js';
import { createTestDatabase } from '../helpers/db.js';
import { createTimeSkippingEnv } from '../helpers/temporal.js';
import {
  applyAcceptanceUpdate,
  confirmPublicationUpdate,
  getCaseQuery,
  judgeUpdate,
  listUpdate,
  recordAcceptanceUpdate,
  reviewPlanUpdate,
  signOffUpdate,
  submitPlanUpdate,
} from '../../workflows/definitions.js';
import {
  caseRow,
  dateIn,
  enterpriseActor,
  events,
  openTasks,
  runWorker,
  seedRegistry,
  startCase,
  supervisor,
  type TestDb,
} from './fixture.js';
import { randomUUID } from 'node:crypto';

const plan = {
  responsiblePerson: '赵厂长',
  responsiblePhone: '13800138000',
  measures: '加装泄爆片与无焰泄放装置，更换防爆电机',
  funds: 380000,
  timeLimit: '2027-03-31',
  emergencyPlan: '粉尘爆炸专项应急预案（2026版）',
  objectives: '消除粉尘爆炸重大事故隐患',
  interimSafetyMeasures: '除尘系统停用，二号车间停产',
  documentIds: [],
};

describe('case workflow (time-skipping)', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDb;
  let enterpriseId: string;
  let otherEnterpriseId: string;
  let clauseId: string;
  let inDays: (n: number) => string;
  beforeAll(async () => {
    [env, db] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
    ({ enterpriseId, otherEnterpriseId, clauseId } = await seedRegistry(db.db));
  });
  afterAll(async () => {
    await env?.teardown();
    await db?.drop();
  });

  it('runs the happy path from report to closure, writing the read model and a hash chain', async () => {
    const base = await dateIn(env, 0);
    inDays = (n) => new Date(Date.parse(`${base}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    await runWorker(env, db.db, async () => {
      const handle = await startCase(env, enterpriseId);
      const caseId = handle.workflowId.replace(/^case-/, '');
      const company = enterpriseActor(enterpriseId);
      await handle.executeUpdate(judgeUpdate, {
        args: [
          { actor: supervisor, input: { decision: 'major', clauseId, reason: '符合工贸判定标准第十条' } },
        ],
      });
      let view = await handle.executeUpdate(listUpdate, {
        args: [
          {
            actor: supervisor,
            input: {
              level: 'county',
              listingAuthority: '洪山区安委办',
              supervisingUnit: '洪山区应急管理局',
              rectificationDeadline: inDays(120),
              interimControls: ['stop_use'],
            },
          },
        ],
      });
      expect(view.status).toBe('listed');
      expect(await openTasks(db.db, caseId)).toEqual(['publish_listing', 'submit_plan']);
      await handle.executeUpdate(confirmPublicationUpdate, {
        args: [
          {
            actor: supervisor,
            input: { kind: 'listing', publishedOn: inDays(1), reference: '洪安办〔2026〕12号' },
          },
        ],
      });
      await handle.executeUpdate(submitPlanUpdate, {
        args: [{ actor: company, input: { ...plan, timeLimit: inDays(100) } }],
      });
      view = await handle.executeUpdate(reviewPlanUpdate, {
        args: [{ actor: supervisor, input: { decision: 'approve' } }],
      });
      expect(view.status).toBe('rectifying');
      expect(await openTasks(db.db, caseId)).toEqual(['rectify', 'report_progress']);
      await handle.executeUpdate(applyAcceptanceUpdate, {
        args: [
          {
            actor: company,
            input: { completionReport: '已加装泄爆装置并检测合格', documentIds: [randomUUID()] },
          },
        ],
      });
      await handle.executeUpdate(recordAcceptanceUpdate, {
        args: [
          {
            actor: supervisor,
            input: { passed: true, heldOn: inDays(2), opinions: [{ expert: '王专家', opinion: '整改到位' }] },
          },
        ],
      });
      await handle.executeUpdate(signOffUpdate, {
        args: [{ actor: supervisor, input: { comment: '同意销号' } }],
      });
      view = await handle.executeUpdate(confirmPublicationUpdate, {
        args: [
          {
            actor: supervisor,
            input: { kind: 'delisting', publishedOn: inDays(3), reference: '洪安办〔2026〕30号' },
          },
        ],
      });
      expect(view.status).toBe('closed');
      expect(await handle.result()).toMatchObject({ status: 'closed', openTasks: [] });

      const row = await caseRow(db.db, caseId);
      expect(row).toMatchObject({ status: 'closed', level: 'county', version: view.version });
      expect(row.closedAt).toBeInstanceOf(Date);
      const log = await events(db.db, caseId);
      expect(log.map((e) => e.type)).toEqual([
        'reported',
        'judged',
        'listed',
        'listing_published',
        'plan_submitted',
        'plan_approved',
        'acceptance_requested',
        'acceptance_passed',
        'signed_off',
        'closed',
      ]);
      // Every event's hash covers the one before it.
      let prev = GENESIS_HASH;
      for (const e of log) {
        expect(e.prevHash).toBe(prev);
        const { caseId: c, seq, type, actorId, actorRole, payload } = e;
        expect(e.hash).toBe(
          chainHash(prev, {
            caseId: c,
            seq,
            type,
            actorId,
            actorRole,
            payload,
            occurredAt: e.occurredAt.toISOString(),
          }),
        );
        prev = e.hash;
      }
      expect(await openTasks(db.db, caseId)).toEqual([]);
    });
  });

  it('rejects a command the state or the role refuses, before it enters history, leaving the case unchanged', async () => {
    const base = await dateIn(env, 0);
    inDays = (n) => new Date(Date.parse(`${base}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    await runWorker(env, db.db, async () => {
      const handle = await startCase(env, enterpriseId);
      // An enterprise cannot judge; nobody can list before judgement; the wrong enterprise cannot submit a plan.
      await expect(
        handle.executeUpdate(judgeUpdate, {
          args: [{ actor: enterpriseActor(enterpriseId), input: { decision: 'not_hazard', reason: 'x' } }],
        }),
      ).rejects.toThrow(WorkflowUpdateFailedError);
      const listErr = await handle
        .executeUpdate(listUpdate, {
          args: [
            {
              actor: supervisor,
              input: {
                level: 'county',
                listingAuthority: 'a',
                supervisingUnit: 'b',
                rectificationDeadline: inDays(30),
                interimControls: ['stop_use'],
              },
            },
          ],
        })
        .catch((e: WorkflowUpdateFailedError) => e);
      expect(String((listErr as WorkflowUpdateFailedError).cause?.message)).toContain('待研判');
      // A major judgement without a clause names the field.
      const judgeErr = await handle
        .executeUpdate(judgeUpdate, {
          args: [{ actor: supervisor, input: { decision: 'major', reason: '重大' } }],
        })
        .catch((e: WorkflowUpdateFailedError) => e);
      expect((judgeErr as WorkflowUpdateFailedError).cause).toMatchObject({
        type: 'CaseRefusal',
        message: '认定为重大事故隐患须引用判定标准条款',
        details: [{ code: 'invalid', field: 'clauseId' }],
      });
      await handle.executeUpdate(judgeUpdate, {
        args: [{ actor: supervisor, input: { decision: 'major', clauseId, reason: '重大' } }],
      });
      await handle.executeUpdate(listUpdate, {
        args: [
          {
            actor: supervisor,
            input: {
              level: 'county',
              listingAuthority: 'a',
              supervisingUnit: 'b',
              rectificationDeadline: inDays(30),
              interimControls: ['stop_use'],
            },
          },
        ],
      });
      await expect(
        handle.executeUpdate(submitPlanUpdate, {
          args: [{ actor: enterpriseActor(otherEnterpriseId), input: { ...plan, timeLimit: inDays(20) } }],
        }),
      ).rejects.toThrow(WorkflowUpdateFailedError);
      const after = await handle.query(getCaseQuery);
      expect(after.version).toBe(3); // reported, judged, listed: nothing from the rejected commands
      const history = await handle.fetchHistory();
      const rejectedInHistory = history.events!.filter(
        (e) => e.workflowExecutionUpdateAcceptedEventAttributes,
      ).length;
      expect(rejectedInHistory).toBe(2); // only the two accepted commands
    });
  });
});
