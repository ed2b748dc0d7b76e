/**
 * Fault 1 of issue #13 on the real stack with Temporal as a separate process: while it is down, every report and
 * command answers 503 UNAVAILABLE with Retry-After within 2 s (never 500), and nothing is applied — no case, no event,
 * no audit record; after it is back, the same requests succeed.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporalProcess, type TemporalProcess } from '../helpers/temporal-process.js';
import { loginAs, startHarness, type Harness } from './harness.js';

type Client = Awaited<ReturnType<typeof loginAs>>;
const KEY = randomUUID();
const report = (enterpriseId: string, title: string) => ({
  source: 'inspection',
  enterpriseId,
  regionCode: '420111',
  title,
  description: '执法检查发现除尘器未设置泄爆装置',
});

describe('Temporal down: a bounded, retryable 503, nothing half-applied, success after restart', () => {
  let temporal: TemporalProcess;
  let h: Harness;
  let sup: Client;
  let caseId: string;
  const counts = async () => {
    const { rows } = await h.db.pool!.query<{ cases: string; events: string; audit: string }>(
      `select (select count(*) from cases)::text as cases, (select count(*) from case_events)::text as events,
              (select count(*) from audit_log)::text as audit`,
    );
    return rows[0]!;
  };

  beforeAll(async () => {
    temporal = await temporalProcess();
    h = await startHarness({ temporal: () => temporal.env() });
    sup = await loginAs(h.app, 'sup');
    const created = await sup.post('/api/cases', report(h.ids.enterpriseId, '停机前报告的隐患'));
    expect(created.status).toBe(201);
    caseId = created.body.id;
  }, 120_000);
  afterAll(async () => {
    await temporal?.start().catch(() => undefined); // the harness stops a running server
    await h?.stop();
  }, 60_000);

  it('answers 503 UNAVAILABLE with Retry-After within 2 s while Temporal is down, and applies nothing', async () => {
    await temporal.kill();
    const before = await counts();
    type Answer = Awaited<ReturnType<Client['post']>>;
    const timed = async (call: () => Promise<Answer>) => {
      const t0 = performance.now();
      const res = await call();
      return { ...res, ms: performance.now() - t0 };
    };
    const reported = await timed(() =>
      sup.post('/api/cases', report(h.ids.enterpriseId, '停机期间报告的隐患'), {
        'idempotency-key': KEY,
      }),
    );
    const judged = await timed(() =>
      sup.post(`/api/cases/${caseId}/judge`, { decision: 'not_hazard', reason: '复核不构成隐患' }),
    );
    for (const res of [reported, judged]) {
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('UNAVAILABLE');
      expect(res.body.error.message).toMatch(/稍后重试/);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(res.ms).toBeLessThan(2_500);
    }
    const health = await h.app.request('/api/health');
    expect(health.status).toBe(503);
    expect(await counts()).toEqual(before);
  }, 60_000);

  it('succeeds once Temporal is back: the same keyed report creates one case, the command applies', async () => {
    await temporal.start();
    const before = await counts();
    let reported: Awaited<ReturnType<Client['post']>> | undefined;
    // The worker and the client reconnect on their own; give them a few seconds.
    for (let i = 0; i < 40; i++) {
      reported = await sup.post('/api/cases', report(h.ids.enterpriseId, '停机期间报告的隐患'), {
        'idempotency-key': KEY,
      });
      if (reported.status !== 503) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(reported!.status).toBe(201);
    const judged = await sup.post(`/api/cases/${caseId}/judge`, {
      decision: 'not_hazard',
      reason: '复核不构成隐患',
    });
    expect(judged.status).toBe(200);
    const after = await counts();
    expect(Number(after.cases)).toBe(Number(before.cases) + 1);
  }, 120_000);
});
