import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../db/client.js';
import { enterprisePenalties } from '../../db/queries/penalties.js';
import type { EscalationStep } from '../../domain/case-status.js';
import * as defs from '../../workflows/definitions.js';
import { createTestDatabase } from '../helpers/db.js';
import { createTimeSkippingEnv } from '../helpers/temporal.js';
import {
  dateIn,
  enterpriseActor,
  events,
  runWorker,
  seedRegistry,
  startCase,
  supervisor,
  type TestDb,
} from './fixture.js';
import { rejection, toRectifying } from './steps.js';

/**
 * 行政处罚 recorded with the outcome of an enforcement rung (执法建议) reach the penalties table and count towards the
 * 安全生产法 Art. 113 closure threshold; on any other rung the workflow refuses them before they enter history.
 */
describe('penalties on escalation outcomes (time-skipping)', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDb;
  let ids: Awaited<ReturnType<typeof seedRegistry>>;
  beforeAll(async () => {
    [env, db] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
    ids = await seedRegistry(db.db);
    // A manual escalation names its owner: the supervisor is a real user.
    await db.db.insert(schema.users).values({
      id: supervisor.id!,
      username: 'penalty-supervisor',
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

  it('records penalties on enforcement rungs, flags the enterprise at three, refuses one on an interview', async () => {
    await runWorker(env, db.db, async () => {
      const handle = await startCase(env, ids.enterpriseId);
      const caseId = handle.workflowId.slice('case-'.length);
      await toRectifying(handle, {
        clauseId: ids.clauseId,
        company: enterpriseActor(ids.enterpriseId),
        deadline: await dateIn(env, 60),
      });
      const escalate = (step: EscalationStep) =>
        handle.executeUpdate(defs.escalateUpdate, {
          args: [{ actor: supervisor, input: { step, reason: '整改不力，提请执法' } }],
        });
      await escalate('interview');
      await escalate('enforcement');
      await escalate('enforcement');
      const view = await escalate('joint_punishment');
      const [interview, enf1, enf2, joint] = view.escalations.map((e) => e.id);
      const today = await dateIn(env, 0);

      // Refused on an interview, naming the field: nothing is applied, nothing enters history.
      const before = await handle.query(defs.getCaseQuery);
      const accepted = async () =>
        (await handle.fetchHistory()).events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)
          .length;
      const acceptedBefore = await accepted();
      const refused = await rejection(
        handle.executeUpdate(defs.recordEscalationOutcomeUpdate, {
          args: [
            {
              actor: supervisor,
              input: {
                escalationId: interview!,
                outcome: '已约谈',
                minutes: '约谈纪要',
                documentIds: [],
                penalty: { kind: 'fine', decidedOn: today, decisionNo: '洪应急罚〔2026〕1号', amountYuan: 1 },
              },
            },
          ],
        }),
      );
      expect(refused).toContain('penalty');
      expect((await handle.query(defs.getCaseQuery)).version).toBe(before.version);
      expect(await accepted()).toBe(acceptedBefore);

      // A fine and a suspension on the two enforcement rungs, a licence suspension on the joint punishment.
      const record = (escalationId: string, penalty: Record<string, unknown>, commandId?: string) =>
        handle.executeUpdate(defs.recordEscalationOutcomeUpdate, {
          args: [
            {
              actor: supervisor,
              commandId,
              input: { escalationId, outcome: '已作出行政处罚', documentIds: [], penalty: penalty as never },
            },
          ],
        });
      const fine = { kind: 'fine', decidedOn: today, decisionNo: '洪应急罚〔2026〕11号', amountYuan: 50000 };
      const afterFine = await record(enf1!, fine, 'cmd-fine');
      expect(afterFine.escalations.find((e) => e.id === enf1)).toMatchObject({
        status: 'done',
        penalty: fine,
      });
      // A rung records one outcome: a second penalty on it is refused (a second decision needs its own rung).
      expect(await rejection(record(enf1!, { ...fine, decisionNo: '洪应急罚〔2026〕12号' }))).toContain(
        '已办结',
      );
      await record(enf2!, {
        kind: 'suspension',
        decidedOn: await dateIn(env, -10),
        decisionNo: '洪应急责停〔2026〕3号',
      });
      const last = await record(joint!, {
        kind: 'licence_suspension',
        decidedOn: await dateIn(env, -100),
        decisionNo: '洪应急暂扣〔2026〕2号',
      });
      expect(last.escalations.filter((e) => e.penalty).length).toBe(3);

      const outcomeEvents = (await events(db.db, caseId)).filter((e) => e.type === 'escalation_outcome');
      expect(
        outcomeEvents.map((e) => (e.payload as { penalty?: { decisionNo: string } }).penalty?.decisionNo),
      ).toEqual(['洪应急罚〔2026〕11号', '洪应急责停〔2026〕3号', '洪应急暂扣〔2026〕2号']);
      const rows = await db.db.select().from(schema.penalties).where(eq(schema.penalties.caseId, caseId));
      expect(rows.map((r) => [r.escalationId, r.kind, r.amountYuan, r.recordedBy]).sort()).toEqual(
        [
          [enf1, 'fine', 50000, supervisor.id],
          [enf2, 'suspension', null, supervisor.id],
          [joint, 'licence_suspension', null, supervisor.id],
        ].sort(),
      );
      expect(rows.every((r) => r.enterpriseId === ids.enterpriseId)).toBe(true);

      const scope = {
        userId: supervisor.id!,
        role: 'supervisor' as const,
        regionPath: '420000/',
        enterpriseId: null,
      };
      const flagged = await enterprisePenalties(db.db, {
        scope,
        enterpriseId: ids.enterpriseId,
        asOf: today,
      });
      expect(flagged.closureThreshold).toMatchObject({ penalties180: 3, penalties365: 3, reached: true });
    });
  });
});
