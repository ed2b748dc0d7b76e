/**
 * Faults 2 and 3 of issue #13, with Temporal and the production worker (activities/main.ts) as separate processes and
 * the worker killed with SIGKILL:
 *
 * - /api/health reports the worker: the pollers Temporal saw on each task queue (DescribeTaskQueue), 503 with the
 *   reason when none polls.
 * - Right after the kill, before anyone can tell: a report and a command Temporal took answer 202 with the case's
 *   address within the bound (not a hang of 20–47 s), and nothing is claimed done: no case row, no report audit.
 * - Once the worker is known down: 503 UNAVAILABLE with Retry-After within 2 s, nothing started (no workflow, no row,
 *   no audit record).
 * - After the restart: the pending report's case exists with exactly one audit record; the keyed retries answer with
 *   the same case and the same command, nothing doubled; the audit chain verifies.
 *
 * The server's long poll is shortened to 3 s (a live worker re-polls every 3 s) and WORKER_POLL_STALE_SECONDS to 8
 * (startWorkerProcessHarness), so the test need not wait the production default's 70 s for a dead worker to be noticed.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerProcess } from '../helpers/worker-process.js';
import { verifiedAuditChain } from '../helpers/audit.js';
import {
  loginAs,
  startWorkerProcessHarness,
  until,
  type Harness,
  type WorkerProcessHarness,
} from './harness.js';

type Client = Awaited<ReturnType<typeof loginAs>>;
type Answer = Awaited<ReturnType<Client['post']>>;
const report = (enterpriseId: string, title: string) => ({
  source: 'inspection',
  enterpriseId,
  regionCode: '420111',
  title,
  description: '执法检查发现除尘器未设置泄爆装置',
});
const PENDING_TITLE = '处理程序刚停时报告的隐患';
const REFUSED_TITLE = '处理程序停止后报告的隐患';
const K_PENDING = randomUUID();
const K_REFUSED = randomUUID();
const K_JUDGE = randomUUID();
const JUDGE = { decision: 'not_hazard', reason: '复核不构成隐患' };

describe('worker down: health says so, commands answer within a bound and truthfully, nothing doubled', () => {
  let stack: WorkerProcessHarness;
  let worker: WorkerProcess;
  let h: Harness;
  let sup: Client;
  let caseId: string;
  let pendingCaseId: string;
  let pendingRequestId: string;

  const health = () => stack.health();
  const counts = async () => {
    const { rows } = await h.db.pool!.query<{ cases: string; events: string; audit: string }>(
      `select (select count(*) from cases)::text as cases, (select count(*) from case_events)::text as events,
              (select count(*) from audit_log where action <> 'login')::text as audit`,
    );
    return rows[0]!;
  };
  const workflows = () => h.env.client.workflow.count('WorkflowType = "caseWorkflow"').then((c) => c.count);
  const timed = async (call: () => Promise<Answer>) => {
    const t0 = performance.now();
    const res = await call();
    return { ...res, ms: performance.now() - t0 };
  };
  const casesTitled = async (title: string) =>
    (await h.db.pool!.query<{ id: string }>(`select id from cases where title = $1`, [title])).rows;

  beforeAll(async () => {
    stack = await startWorkerProcessHarness(); // the worker running, health 200
    ({ h, worker } = stack);
    sup = await loginAs(h.app, 'sup');
    const created = await sup.post('/api/cases', report(h.ids.enterpriseId, '处理程序运行时报告的隐患'));
    expect(created.status).toBe(201);
    caseId = created.body.id;
  }, 180_000);
  afterAll(() => stack?.stop(), 60_000);

  it('reports the worker as the task queues see it', async () => {
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body).toMatchObject({ database: 'up', temporal: 'up', worker: 'up', reasons: [] });
    for (const q of body.queues) expect(q.pollers, `${q.queue}/${q.type}`).toBeGreaterThan(0);
  });

  it('right after the kill: a report and a command Temporal took answer 202 with the address, within the bound', async () => {
    await worker.kill();
    const before = await counts();
    const [reported, judged] = await Promise.all([
      timed(() =>
        sup.post('/api/cases', report(h.ids.enterpriseId, PENDING_TITLE), { 'idempotency-key': K_PENDING }),
      ),
      timed(() => sup.post(`/api/cases/${caseId}/judge`, JUDGE, { 'idempotency-key': K_JUDGE })),
    ]);
    expect(reported.status).toBe(202);
    expect(reported.body).toMatchObject({
      status: 'pending',
      message: expect.stringMatching(/Idempotency-Key/),
    });
    pendingCaseId = reported.body.caseId;
    pendingRequestId = reported.body.requestId;
    expect(reported.headers.get('location')).toBe(`/api/cases/${pendingCaseId}`);
    expect(Number(reported.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(judged.status).toBe(202);
    expect(judged.body).toMatchObject({ status: 'pending', caseId });
    expect(judged.headers.get('location')).toBe(`/api/cases/${caseId}`);
    for (const res of [reported, judged]) expect(res.ms).toBeLessThan(17_000);
    // Nothing claimed done: no case row for the report, no report audit; the judged case unchanged.
    expect(await casesTitled(PENDING_TITLE)).toEqual([]);
    const after = await counts();
    expect(after.cases).toBe(before.cases);
    expect(after.events).toBe(before.events);
    const { rows: audited } = await h.db.pool!.query<{ action: string; payload: { outcome?: string } }>(
      `select action, payload from audit_log where resource_id in ($1, $2) and action <> 'report'`,
      [caseId, pendingCaseId],
    );
    expect(audited).toEqual([{ action: 'judge', payload: expect.objectContaining({ outcome: 'pending' }) }]);
    expect((await sup.get(`/api/cases/${caseId}`)).body.status).toBe('reported');
  }, 60_000);

  it('once the worker is known down: health 503 with the reason; 503 with Retry-After within 2 s, nothing started', async () => {
    await until('health 503', async () => (await health()).status === 503, 30_000);
    const { body } = await health();
    expect(body).toMatchObject({ database: 'up', temporal: 'up', worker: 'down' });
    expect(body.reasons.join()).toMatch(/没有处理程序（worker）.*duban-cases/);
    const before = { ...(await counts()), workflows: await workflows() };
    const reported = await timed(() =>
      sup.post('/api/cases', report(h.ids.enterpriseId, REFUSED_TITLE), { 'idempotency-key': K_REFUSED }),
    );
    const judged = await timed(() => sup.post(`/api/cases/${caseId}/judge`, JUDGE));
    for (const res of [reported, judged]) {
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('UNAVAILABLE');
      expect(res.body.error.message).toMatch(/未执行.*稍后重试/);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(res.ms).toBeLessThan(2_000);
    }
    // The keyed retry of the pending report is still pending (its workflow exists), not a second case.
    const retried = await sup.post('/api/cases', report(h.ids.enterpriseId, PENDING_TITLE), {
      'idempotency-key': K_PENDING,
    });
    expect(retried.status).toBe(202);
    expect(retried.body.caseId).toBe(pendingCaseId);
    expect({ ...(await counts()), workflows: await workflows() }).toEqual(before);
  }, 60_000);

  it('after the restart: the pending case exists with one audit record; keyed retries complete once', async () => {
    await worker.start();
    await until('health 200', async () => (await health()).status === 200, 60_000);
    await until('the pending case', async () => (await casesTitled(PENDING_TITLE)).length > 0, 30_000);
    expect(await casesTitled(PENDING_TITLE)).toEqual([{ id: pendingCaseId }]);
    // Its report's audit record: exactly one, naming the request that reported it.
    await until(
      'its audit record',
      async () =>
        (await h.db.pool!.query(`select 1 from audit_log where resource_id = $1`, [pendingCaseId]))
          .rowCount! > 0,
      10_000,
    );
    const { rows: reportAudit } = await h.db.pool!.query<{ action: string; request_id: string }>(
      `select action, request_id from audit_log where resource_id = $1`,
      [pendingCaseId],
    );
    expect(reportAudit).toEqual([{ action: 'report', request_id: pendingRequestId }]);

    const again = await sup.post('/api/cases', report(h.ids.enterpriseId, PENDING_TITLE), {
      'idempotency-key': K_PENDING,
    });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(pendingCaseId);
    const judged = await sup.post(`/api/cases/${caseId}/judge`, JUDGE, { 'idempotency-key': K_JUDGE });
    expect(judged.status).toBe(200);
    expect(judged.body.status).toBe('dismissed');
    const refusedBefore = await sup.post('/api/cases', report(h.ids.enterpriseId, REFUSED_TITLE), {
      'idempotency-key': K_REFUSED,
    });
    expect(refusedBefore.status).toBe(201);

    expect(await casesTitled(PENDING_TITLE)).toHaveLength(1);
    expect(await casesTitled(REFUSED_TITLE)).toHaveLength(1);
    const { rows: judgedEvents } = await h.db.pool!.query(
      `select seq from case_events where case_id = $1 and type = 'judged'`,
      [caseId],
    );
    expect(judgedEvents).toHaveLength(1);
    // Every case has exactly one report audit record, and the chain holds.
    const { rows: unaudited } = await h.db.pool!.query(
      `select c.id, count(a.id)::int as n from cases c
         left join audit_log a on a.resource_id = c.id::text and a.action = 'report'
        group by c.id having count(a.id) <> 1`,
    );
    expect(unaudited).toEqual([]);
    await verifiedAuditChain(h.db.db);
  }, 120_000);
});
