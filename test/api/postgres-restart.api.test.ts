/**
 * Issue #13, the PostgreSQL fault: the API, the case worker and Temporal run against a PostgreSQL cluster of this
 * test's own (never the shared one), which is restarted (`pg_ctl -m fast stop`, a pause, start) while keyed reports
 * and commands are in flight. Every answer comes within a bound and is a success, a 202 (handed over) or a retryable
 * 503/409 with Retry-After and a Chinese message — never a 500. Once it is back, clients retry with the same
 * Idempotency-Keys: every report made exactly one case, every command applied once, no event or task is doubled or
 * lost, both hash chains verify, and health recovers.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVerification } from '../../db/queries/audit-verify.js';
import buildTemplate from '../helpers/global-setup.js';
import { loginAs, startHarness, type Harness } from './harness.js';

const PG_BIN = '/usr/lib/postgresql/15/bin';
const PORT = 55000 + (process.pid % 400) + 491;
const asRoot = process.getuid?.() === 0;
/** Runs a PostgreSQL binary as the postgres user (it refuses root), without blocking requests in flight. */
const pgRun = async (bin: string, args: string[]) => {
  const cmd = [path.join(PG_BIN, bin), ...args];
  if (asRoot)
    await promisify(execFile)('su', ['postgres', '-s', '/bin/sh', '-c', cmd.map((a) => `'${a}'`).join(' ')]);
  else await promisify(execFile)(cmd[0]!, cmd.slice(1));
};

type Client = Awaited<ReturnType<typeof loginAs>>;
type Answer = Awaited<ReturnType<Client['post']>> & { ms: number; what: string };
const report = (enterpriseId: string, title: string) => ({
  source: 'inspection',
  enterpriseId,
  regionCode: '420111',
  title,
  description: '执法检查发现除尘器未设置泄爆装置',
});
const JUDGE = { decision: 'not_hazard', reason: '复核不构成隐患' };
/** Longest any answer may take during the outage. */
const BOUND_MS = 10_000;

describe.skipIf(!existsSync(path.join(PG_BIN, 'initdb')))(
  'PostgreSQL restarted during commands: bounded retryable answers, nothing lost or doubled',
  () => {
    let dir: string;
    let started = false;
    const savedUrl = process.env.TEST_DATABASE_URL;
    let h: Harness;
    let sup: Client;
    const judgedCases: string[] = [];
    // Operations sent while PostgreSQL goes away: keyed reports and keyed judge commands.
    const reports = Array.from({ length: 6 }, (_, i) => ({
      key: randomUUID(),
      title: `重启期间报告的隐患 ${i}`,
    }));
    const judges: { key: string; caseId: string }[] = [];
    const during: Answer[] = [];

    const pgCtl = (...args: string[]) => pgRun('pg_ctl', ['-D', dir, ...args]);
    const startPg = () =>
      pgCtl(
        '-l',
        path.join(dir, 'server.log'),
        '-w',
        '-o',
        `-p ${PORT} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`,
        'start',
      );

    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'duban-pg-restart-'));
      chmodSync(dir, 0o700);
      if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
      await pgRun('initdb', ['-D', dir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8']);
      await startPg();
      started = true;
      process.env.TEST_DATABASE_URL = `postgres://postgres@127.0.0.1:${PORT}/postgres`;
      await buildTemplate(); // the migrated template, on this cluster
      h = await startHarness();
      sup = await loginAs(h.app, 'sup');
      for (let i = 0; i < 4; i++) {
        const created = await sup.post('/api/cases', report(h.ids.enterpriseId, `重启前报告的隐患 ${i}`));
        expect(created.status).toBe(201);
        judgedCases.push(created.body.id);
        judges.push({ key: randomUUID(), caseId: created.body.id });
      }
    }, 180_000);

    afterAll(async () => {
      try {
        if (started) await startPg();
      } catch {
        // already running
      }
      await h?.stop();
      process.env.TEST_DATABASE_URL = savedUrl;
      if (started) {
        try {
          await pgCtl('-m', 'immediate', 'stop');
        } catch {
          // gone already
        }
      }
      if (dir) rmSync(dir, { recursive: true, force: true });
    }, 120_000);

    const send = async (what: string, call: () => Promise<Awaited<ReturnType<Client['post']>>>) => {
      const t0 = performance.now();
      const res = await call().catch((err: unknown) => ({
        status: -1,
        headers: new Headers(),
        body: { thrown: String(err) },
      }));
      return { ...res, ms: performance.now() - t0, what };
    };
    const sendReport = (r: (typeof reports)[number]) =>
      send(`report ${r.key}`, () =>
        sup.post('/api/cases', report(h.ids.enterpriseId, r.title), { 'idempotency-key': r.key }),
      );
    const sendJudge = (j: (typeof judges)[number]) =>
      send(`judge ${j.caseId}`, () =>
        sup.post(`/api/cases/${j.caseId}/judge`, JUDGE, { 'idempotency-key': j.key }),
      );

    it('answers every request within the bound, never 500, while PostgreSQL restarts', async () => {
      let outage = true;
      const traffic = (async () => {
        // The first wave is in flight when the server goes down; the loop keeps sending while it is down.
        let round = 0;
        while (outage || round === 0) {
          const wave = await Promise.all([
            ...reports.map(sendReport),
            ...judges.map(sendJudge),
            send('list', () => sup.get('/api/cases')),
          ]);
          during.push(...wave);
          round++;
          await new Promise((r) => setTimeout(r, 200));
        }
      })();
      // Stop while the first wave is in flight (its requests are in their transactions or waiting on the worker).
      await new Promise((r) => setTimeout(r, 150));
      await pgCtl('-m', 'fast', '-w', 'stop');
      const downAt = performance.now();
      // Down long enough for every path to meet it: refused connections, not only dropped ones.
      while (performance.now() - downAt < 4_000) {
        during.push(
          await sendReport(reports[0]!),
          await send('health', async () => {
            const r = await h.app.request('/api/health');
            return { status: r.status, headers: r.headers, body: await r.json() };
          }),
        );
        await new Promise((r) => setTimeout(r, 300));
      }
      await startPg();
      outage = false;
      await traffic;

      const tally: Record<string, number> = {};
      for (const a of during) tally[a.status] = (tally[a.status] ?? 0) + 1;
      console.log(
        `postgres restart: ${during.length} answers ${JSON.stringify(tally)}, slowest ${Math.round(
          Math.max(...during.map((a) => a.ms)),
        )} ms`,
      );
      for (const a of during) {
        expect([200, 201, 202, 409, 503], `${a.what}: ${a.status} ${JSON.stringify(a.body)}`).toContain(
          a.status,
        );
        expect(a.ms, a.what).toBeLessThan(BOUND_MS);
        if (a.status === 503 || (a.status === 409 && a.headers.get('retry-after'))) {
          if (a.what !== 'health') {
            expect(Number(a.headers.get('retry-after')), a.what).toBeGreaterThan(0);
            expect(a.body.error.message, a.what).toMatch(/[\u4e00-\u9fff]/);
          }
        }
        if (a.status === 409 && a.what.startsWith('report'))
          expect(a.headers.get('retry-after'), `${a.what}: ${JSON.stringify(a.body)}`).toBeTruthy();
      }
      // The outage was seen: at least one answer said so.
      expect(during.some((a) => a.status === 503)).toBe(true);
    }, 180_000);

    it('after it is back, keyed retries leave each report one case and each command one event; chains verify', async () => {
      const settle = async (fn: () => Promise<Answer>) => {
        let res = await fn();
        // 503 while the pools reconnect; 409 while a claim taken before the outage holds its lease; 202 until the
        // worker has applied it.
        for (let i = 0; i < 200 && [503, 409, 202, -1].includes(res.status); i++) {
          await new Promise((r) => setTimeout(r, 500));
          res = await fn();
        }
        return res;
      };
      const reported = await Promise.all(reports.map((r) => settle(() => sendReport(r))));
      const judged = await Promise.all(judges.map((j) => settle(() => sendJudge(j))));
      for (const r of reported) expect(r.status, JSON.stringify(r.body)).toBe(201);
      for (const j of judged) expect(j.status, JSON.stringify(j.body)).toBe(200);

      const pool = h.db.pool!;
      // Each key one case, with its own title: six reports, six cases, none twice.
      const { rows: cases } = await pool.query<{ title: string; n: string }>(
        `select title, count(*)::text as n from cases where title like '重启期间报告的隐患%' group by title`,
      );
      expect(cases.map((c) => [c.title, c.n]).sort()).toEqual(reports.map((r) => [r.title, '1']).sort());
      expect(new Set(reported.map((r) => r.body.id)).size).toBe(reports.length);
      // No event twice: each case has one 'reported' event, each judged case one judge event, seqs 1..n unbroken.
      const { rows: events } = await pool.query<{ case_id: string; type: string; n: string }>(
        `select case_id, type, count(*)::text as n from case_events group by case_id, type`,
      );
      const byCase = new Map<string, Record<string, number>>();
      for (const e of events) byCase.set(e.case_id, { ...byCase.get(e.case_id), [e.type]: Number(e.n) });
      expect(byCase.size).toBe(reports.length + judgedCases.length);
      for (const [caseId, types] of byCase) {
        for (const [type, n] of Object.entries(types)) expect(n, `${caseId} ${type}`).toBe(1);
      }
      for (const id of judgedCases) expect(Object.keys(byCase.get(id)!).length).toBeGreaterThan(1);
      const { rows: gaps } = await pool.query(
        `select case_id from case_events group by case_id having max(seq) <> count(*) or min(seq) <> 1`,
      );
      expect(gaps).toEqual([]);
      // No task twice: at most one open task of a kind per case.
      const { rows: dupTasks } = await pool.query(
        `select case_id, kind from tasks where status = 'open' group by case_id, kind having count(*) > 1`,
      );
      expect(dupTasks).toEqual([]);
      // Both chains, as `npm run audit:verify` walks them.
      const run = await runVerification(h.db.db, { trigger: 'cli' });
      expect(run.breaks).toEqual([]);
      expect(run.ok).toBe(true);
      // Health recovers.
      let health = 0;
      for (let i = 0; i < 40 && health !== 200; i++) {
        health = (await h.app.request('/api/health')).status;
        if (health !== 200) await new Promise((r) => setTimeout(r, 500));
      }
      expect(health).toBe(200);
    }, 240_000);
  },
);
