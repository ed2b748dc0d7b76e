/**
 * The hash-chain verifier in the product (issue #13): tampering done the way the triggers cannot stop — with
 * `SET session_replication_role = replica` — is found by the admin endpoint, the CLI and the nightly Temporal
 * Schedule, each naming the first broken row of each chain. Real PostgreSQL, Temporal dev server, worker and API.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { desc, eq } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_VERIFY_SCHEDULE_ID, ensureSchedules } from '../../activities/schedules.js';
import { schema } from '../../db/client.js';
import { loginAs, startHarness, type Harness } from '../api/harness.js';
import { repoRoot } from '../helpers/paths.js';

type Client = Awaited<ReturnType<typeof loginAs>>;

describe('the hash-chain verifier', () => {
  let h: Harness;
  let admin: Client;
  let sup: Client;
  const caseIds: string[] = [];

  /** Runs SQL as a superuser with the append-only triggers switched off, as a tamperer would. */
  const tamper = async (...statements: string[]) => {
    const c = new pg.Client({ connectionString: h.db.url });
    await c.connect();
    try {
      await c.query('SET session_replication_role = replica');
      for (const s of statements) await c.query(s);
    } finally {
      await c.end();
    }
  };
  const verify = async () => {
    const res = await admin.post('/api/audit/verifications');
    expect(res.status).toBe(201);
    return res.body;
  };

  beforeAll(async () => {
    h = await startHarness();
    admin = await loginAs(h.app, 'admin');
    sup = await loginAs(h.app, 'sup');
    for (let i = 0; i < 3; i++) {
      const res = await sup.post('/api/cases', {
        source: 'inspection',
        enterpriseId: h.ids.enterpriseId,
        regionCode: '420111',
        title: `审计链测试隐患 ${i + 1}`,
        description: '用于校验哈希链',
      });
      expect(res.status).toBe(201);
      caseIds.push(res.body.id);
    }
    const judged = await sup.post(`/api/cases/${caseIds[0]}/judge`, {
      decision: 'major',
      clauseId: h.ids.clauseId,
      reason: '构成重大事故隐患',
    });
    expect(judged.status).toBe(200);
  });
  afterAll(async () => h?.stop());

  it('finds nothing wrong in untouched chains, and is for administrators only', async () => {
    const run = await verify();
    expect(run).toMatchObject({ ok: true, trigger: 'admin', breaks: [] });
    expect(run.chainsChecked).toBe(1 + caseIds.length);
    expect(run.rowsChecked).toBeGreaterThan(5);
    const refused = await sup.post('/api/audit/verifications');
    expect([refused.status, refused.body.error.code]).toEqual([403, 'FORBIDDEN']);
    expect((await sup.get('/api/audit/verifications')).status).toBe(403);
  });

  it('notices the audit trail’s last rows removed (the rest of the chain still links up)', async () => {
    const [anchor] = await h.db.db
      .select({ head: schema.auditVerifications.auditHead })
      .from(schema.auditVerifications)
      .orderBy(desc(schema.auditVerifications.startedAt))
      .limit(1);
    const head = anchor!.head as { id: number };
    await tamper(`DELETE FROM audit_log WHERE id >= ${head.id}`);
    const run = await verify();
    expect(run.ok).toBe(false);
    expect(run.breaks).toEqual([
      { chain: 'audit_log', rowId: head.id, reason: '上次校验时的末条记录已不存在（记录被删除）' },
    ]);
  });

  it('names the forged case event and the first audit row after a removed one', async () => {
    const [event] = await h.db.db
      .select()
      .from(schema.caseEvents)
      .where(eq(schema.caseEvents.caseId, caseIds[0]!))
      .orderBy(schema.caseEvents.seq)
      .limit(1);
    const [first, second] = await h.db.db
      .select({ id: schema.auditLog.id })
      .from(schema.auditLog)
      .orderBy(schema.auditLog.id)
      .limit(2);
    await tamper(
      `UPDATE case_events SET payload = jsonb_set(payload, '{title}', '"已整改完毕"') WHERE id = ${event!.id}`,
      `DELETE FROM audit_log WHERE id = ${first!.id}`,
    );
    // The product still serves the forged event: the triggers did not stop it.
    const timeline = await sup.get(
      `/api/case-events?filter=${encodeURIComponent(JSON.stringify({ caseId: caseIds[0] }))}`,
    );
    expect(JSON.stringify(timeline.body)).toContain('已整改完毕');
    const run = await verify();
    expect(run.ok).toBe(false);
    expect(run.breaks).toEqual(
      expect.arrayContaining([
        { chain: 'audit_log', rowId: second!.id, reason: '前一条记录的哈希不符（记录被删除、插入或改动）' },
        {
          chain: 'case_events',
          caseId: caseIds[0],
          rowId: event!.id,
          seq: 1,
          reason: '事件内容与其哈希不符（事件被改动）',
        },
      ]),
    );
    // The other cases' chains are intact.
    expect(run.breaks.filter((b: { caseId?: string }) => b.caseId && b.caseId !== caseIds[0])).toEqual([]);
  });

  it('names a case whose last events were removed, by the read model’s count', async () => {
    await tamper(`DELETE FROM case_events WHERE case_id = '${caseIds[1]}' AND seq > 0`);
    const run = await verify();
    expect(run.breaks).toContainEqual({
      chain: 'case_events',
      caseId: caseIds[1],
      rowId: null,
      seq: 1,
      reason: expect.stringContaining('缺少第 1 至'),
    });
  });

  it('reports the same from the command line, exiting non-zero', async () => {
    const run = promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, 'scripts/audit-verify.ts')],
      { cwd: repoRoot, env: { ...process.env, DATABASE_URL: h.db.url, LOG_LEVEL: 'silent' } },
    );
    const failed = await run.then(
      () => undefined,
      (err: { code: number; stdout: string }) => err,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toMatch(/audit:verify BROKEN/);
    expect(failed?.stdout).toContain(`case ${caseIds[0]} event #1`);
    const [last] = await h.db.db
      .select({ trigger: schema.auditVerifications.trigger, ok: schema.auditVerifications.ok })
      .from(schema.auditVerifications)
      .orderBy(desc(schema.auditVerifications.startedAt))
      .limit(1);
    expect(last).toEqual({ trigger: 'cli', ok: false });
  });

  it('runs nightly as a Temporal Schedule whose failed run is an open alert until acknowledged', async () => {
    await ensureSchedules(h.env.client, { dispatchEverySeconds: 3600 });
    await ensureSchedules(h.env.client, { dispatchEverySeconds: 3600 }); // idempotent at every start-up
    const schedule = h.env.client.schedule.getHandle(AUDIT_VERIFY_SCHEDULE_ID);
    const described = await schedule.describe();
    expect(described.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 2 }], minute: [{ start: 30 }] });
    await schedule.trigger();
    let run: { trigger: string; ok: boolean; id: string } | undefined;
    for (let i = 0; i < 300 && run?.trigger !== 'schedule'; i++) {
      [run] = await h.db.db
        .select({
          trigger: schema.auditVerifications.trigger,
          ok: schema.auditVerifications.ok,
          id: schema.auditVerifications.id,
        })
        .from(schema.auditVerifications)
        .orderBy(desc(schema.auditVerifications.startedAt))
        .limit(1);
      if (run?.trigger !== 'schedule') await new Promise((r) => setTimeout(r, 100));
    }
    expect(run).toMatchObject({ trigger: 'schedule', ok: false });
    const alerts = await admin.get(
      `/api/audit/verifications?filter=${encodeURIComponent('{"alerts":true}')}`,
    );
    expect(alerts.body.map((a: { id: string }) => a.id)).toContain(run!.id);
    const ack = await admin.post(`/api/audit/verifications/${run!.id}/acknowledge`);
    expect(ack.status).toBe(200);
    expect(ack.body.acknowledgedAt).toBeTruthy();
    const after = await admin.get(`/api/audit/verifications?filter=${encodeURIComponent('{"alerts":true}')}`);
    expect(after.body.map((a: { id: string }) => a.id)).not.toContain(run!.id);
  });
});
