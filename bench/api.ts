/**
 * The API at scale: 100,000 enterprises and 20,000 cases loaded by the seed generator (scripts/seed.ts, COPY) into
 * a fresh PostgreSQL database, the real app (createApp) in-process with a Temporal dev server and the case worker.
 *   1. Case list as the demo district supervisor (洪山区 hs.supervisor): filtered, sorted, scoped to the
 *      region subtree, page of 25 with the Content-Range total. p50/p95 over --requests requests, next to the very
 *      SQL statements the route issued (captured from the pool) run directly. Goal p95 ≤ 30 ms.
 *   2. Command round trip: judge (研判) on cases started through the API, --concurrency clients at once; the
 *      response comes after the workflow Update is accepted and the case row, event, tasks are written (checked
 *      afterwards). Next to the same row changes written directly in SQL in one transaction. Goal p95 ≤ 150 ms.
 *      For scale, the floor: one Update on a minimal workflow (a local no-op activity, no API, no database) through
 *      the same dev server at the same concurrency.
 * Prints a table and writes bench/results/api.json.
 *   npx tsx bench/api.ts [--enterprises 100000] [--cases 20000] [--requests 360] [--commands 320] [--concurrency 16]
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { createCaseWorker } from '../activities/worker.js';
import { createApp } from '../api/app.js';
import { configSchema } from '../config/config.js';
import { openDatabase } from '../db/client.js';
import { createDevServerEnv } from '../test/helpers/temporal.js';
import { workflowBundle } from '../test/workflows/fixture.js';
import { stepUpdate } from './workflows/baseline.workflow.js';

const { values } = parseArgs({
  options: {
    enterprises: { type: 'string', default: '100000' },
    cases: { type: 'string', default: '20000' },
    requests: { type: 'string', default: '360' },
    commands: { type: 'string', default: '320' },
    concurrency: { type: 'string', default: '16' },
  },
});
const REQUESTS = Number(values.requests);
const COMMANDS = Number(values.commands);
const CONCURRENCY = Number(values.concurrency);
const SUPERVISOR = { username: 'hs.supervisor', password: 'Duban@2026' }; // db/seed/demo-registry.ts

const root = path.resolve(import.meta.dirname, '..');
const adminUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
if (!adminUrl) throw new Error('set TEST_DATABASE_URL (make bench does) or DATABASE_URL');
const dbName = `duban_bench_api_${Date.now()}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
const dbUrl = new URL(adminUrl);
dbUrl.pathname = `/${dbName}`;

const seedStarted = performance.now();
const seeded = spawnSync(
  'npx',
  [
    'tsx',
    'scripts/seed.ts',
    '--enterprises',
    values.enterprises,
    '--cases',
    values.cases,
    '--database-url',
    dbUrl.toString(),
  ],
  { cwd: root, stdio: 'inherit' },
);
if (seeded.status !== 0) {
  await admin.query(`DROP DATABASE ${dbName} WITH (FORCE)`);
  throw new Error(`seed failed with status ${seeded.status}`);
}
const seedSeconds = (performance.now() - seedStarted) / 1000;

const database = await openDatabase({ url: dbUrl.toString(), poolSize: 20 });
const pool = database.pool!;
pool.on('error', () => undefined); // the final DROP DATABASE ends idle connections
// The seed's COPY leaves search_text empty; the workflow's projection fills it (title, description, enterprise,
// location), so fill it the same way for the text-search query to meet realistic rows.
await pool.query(
  `UPDATE cases SET search_text = concat_ws(' ', title, description, enterprise_name, location) WHERE search_text IS NULL`,
);
await pool.query('VACUUM ANALYZE');

const env = await createDevServerEnv();
const worker = await createCaseWorker({
  connection: env.nativeConnection,
  namespace: env.namespace ?? 'default',
  db: database.db,
  uploadDir: mkdtempSync(path.join(tmpdir(), 'duban-bench-api-')),
  workflowBundle: await workflowBundle(),
});
const workerRun = worker.run();
// The floor: the same Update round trip on a minimal workflow (one local no-op activity, bench/workflows), no API
// and no database, through the same dev server at the same concurrency.
const FLOOR_QUEUE = 'bench-floor';
const floorWorker = await Worker.create({
  connection: env.nativeConnection,
  namespace: env.namespace ?? 'default',
  taskQueue: FLOOR_QUEUE,
  workflowBundle: await bundleWorkflowCode({
    workflowsPath: path.join(import.meta.dirname, 'workflows/baseline.workflow.ts'),
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error } as never,
  }),
  activities: { noop: async () => undefined },
});
const floorRun = floorWorker.run();
const config = {
  ...configSchema.parse({ LOG_LEVEL: 'silent' }),
  uploadDir: mkdtempSync(path.join(tmpdir(), 'duban-bench-api-up-')),
};
const app = createApp({ db: database.db, temporal: env.client, config });

try {
  // ---------- helpers ----------
  /** CPU time (ms) of the running processes `which` picks (by parent pid and command name). */
  function cpuMsOf(which: (ppid: number, comm: string) => boolean): number {
    const tick = 100; // USER_HZ on Linux
    let total = 0;
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (!which(Number(fields[1]), comm)) continue;
        total += ((Number(fields[11]) + Number(fields[12])) * 1000) / tick; // utime + stime
      } catch {
        // the process ended meanwhile
      }
    }
    return total;
  }
  /** This process's children still running, i.e. the Temporal dev server. */
  const childCpuMs = () => cpuMsOf((ppid) => ppid === process.pid);
  /** Every PostgreSQL process on the machine: meaningful when nothing else uses the server meanwhile. */
  const pgCpuMs = () => cpuMsOf((_ppid, comm) => comm === 'postgres');
  async function call(method: string, url: string, body?: unknown, token?: string) {
    const res = await app.request(url, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${text.slice(0, 300)}`);
    return { headers: res.headers, body: JSON.parse(text) as unknown };
  }
  const ms = (t0: number) => performance.now() - t0;
  function pct(xs: number[], q: number): number {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.max(0, Math.ceil(q * s.length) - 1)] ?? NaN;
  }
  async function inParallel<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
    let next = 0;
    await Promise.all(
      Array.from({ length: n }, async () => {
        while (next < items.length) await fn(items[next++]!);
      }),
    );
  }

  const { token } = (await call('POST', '/api/auth/tokens', SUPERVISOR)).body as { token: string };
  const me = (await call('GET', '/api/me', undefined, token)).body as { id: string; regionPath: string };

  // ---------- 1. case list ----------
  const streets = (
    await pool.query<{ code: string }>(
      `SELECT code FROM regions WHERE path LIKE $1 AND level = 'street' ORDER BY code LIMIT 4`,
      [me.regionPath + '%'],
    )
  ).rows.map((r) => r.code);
  const openStatuses = [
    'judged',
    'listed',
    'plan_submitted',
    'rectifying',
    'suspended',
    'acceptance_requested',
  ];
  // What the console asks most: open cases by deadline, overdue ones, one street's cases newest first, a text search.
  const listQueries = [
    { label: 'open, by deadline', filter: { status: openStatuses }, sort: ['deadline', 'ASC'] },
    { label: 'overdue, by deadline', filter: { overdue: true }, sort: ['deadline', 'ASC'] },
    ...streets.map((code) => ({
      label: `street ${code} open, newest`,
      filter: { regionCode: code, status: openStatuses },
      sort: ['reportedAt', 'DESC'],
    })),
    {
      label: `text "规模测试 12" open, newest`,
      filter: { q: '规模测试 12', status: openStatuses },
      sort: ['reportedAt', 'DESC'],
    },
  ].map((q) => ({
    ...q,
    url: `/api/cases?${new URLSearchParams({ filter: JSON.stringify(q.filter), sort: JSON.stringify(q.sort), range: '[0,24]' })}`,
  }));

  // The route's own SQL, captured from the pool while it serves one request of each kind, to be replayed directly.
  // Kept as the arguments the driver passed (drizzle gives pg a query config plus the parameters).
  type Captured = unknown[];
  const captured: Captured[] = [];
  let capturing = false;
  const origQuery = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  (pool as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = (...args: unknown[]) => {
    if (capturing) captured.push(args);
    return origQuery(...args);
  };
  const sqlText = (c: Captured) => (typeof c[0] === 'string' ? c[0] : (c[0] as { text: string }).text);
  const direct: Captured[][] = [];
  const totals: number[] = [];
  for (const q of listQueries) {
    captured.length = 0;
    capturing = true;
    const res = await call('GET', q.url, undefined, token);
    capturing = false;
    totals.push(Number(res.headers.get('content-range')?.split('/')[1]));
    // Only the list's statements (rows + count); the session lookup is API overhead.
    direct.push(captured.filter((c) => /from "cases"/.test(sqlText(c))));
  }
  if (direct.some((d) => d.length === 0)) throw new Error('did not capture the list SQL');

  const listApi: number[] = [];
  const listSql: number[] = [];
  const perQuery = listQueries.map(() => ({ api: [] as number[], sql: [] as number[] }));
  // Warm-up: plans cached, pages in shared buffers, JIT-free steady state.
  for (let i = 0; i < 30; i++) await call('GET', listQueries[i % listQueries.length]!.url, undefined, token);
  for (let i = 0; i < REQUESTS; i++) {
    const k = i % listQueries.length;
    let t0 = performance.now();
    await call('GET', listQueries[k]!.url, undefined, token);
    const a = ms(t0);
    t0 = performance.now();
    await Promise.all(direct[k]!.map((c) => origQuery(...c)));
    const s = ms(t0);
    listApi.push(a);
    listSql.push(s);
    perQuery[k]!.api.push(a);
    perQuery[k]!.sql.push(s);
  }

  // ---------- 2. command round trip ----------
  const enterprises = (
    await pool.query<{ id: string; region_code: string }>(
      `SELECT id, region_code FROM enterprises WHERE region_path LIKE $1 ORDER BY id LIMIT $2`,
      [me.regionPath + '%', COMMANDS],
    )
  ).rows;
  const clauseId = (
    (await call('GET', '/api/clauses?range=[0,0]', undefined, token)).body as Array<{ id: string }>
  )[0]!.id;
  const caseIds: string[] = [];
  const startTimes: number[] = [];
  await inParallel(
    Array.from({ length: COMMANDS }, (_, i) => i),
    CONCURRENCY,
    async (i) => {
      const e = enterprises[i % enterprises.length]!;
      const t0 = performance.now();
      const res = await call(
        'POST',
        '/api/cases',
        {
          source: 'inspection',
          enterpriseId: e.id,
          regionCode: e.region_code,
          title: `压测隐患 ${i + 1}：涉爆粉尘除尘器未设泄爆装置`,
          description: '执法检查发现除尘系统未按规定设置泄爆、隔爆装置',
        },
        token,
      );
      startTimes.push(ms(t0));
      caseIds.push((res.body as { id: string }).id);
    },
  );
  const judgeTimes: number[] = [];
  const cpuBefore = { node: process.cpuUsage(), temporal: childCpuMs(), postgres: pgCpuMs() };
  const judgeStarted = performance.now();
  await inParallel(caseIds, CONCURRENCY, async (id) => {
    const t0 = performance.now();
    await call(
      'POST',
      `/api/cases/${id}/judge`,
      { decision: 'major', clauseId, reason: '符合工贸行业重大事故隐患判定标准' },
      token,
    );
    judgeTimes.push(ms(t0));
  });
  const judgeSeconds = ms(judgeStarted) / 1000;
  const nodeCpu = process.cpuUsage(cpuBefore.node);
  // CPU spent per command by this process (API, client, worker, activities), the Temporal dev server and PostgreSQL: on a
  // small machine the round trip at 16 clients is bounded by their sum (see the table's note).
  const cpuPerCommand = {
    node: (nodeCpu.user + nodeCpu.system) / 1000 / caseIds.length,
    temporal: (childCpuMs() - cpuBefore.temporal) / caseIds.length,
    postgres: (pgCpuMs() - cpuBefore.postgres) / caseIds.length,
  };
  const { rows: written } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM cases c WHERE c.id = ANY($1) AND c.status = 'judged'
     AND EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.type = 'judged')`,
    [caseIds],
  );
  if (written[0]!.n !== caseIds.length)
    throw new Error(
      `only ${written[0]!.n} of ${caseIds.length} judged cases have their row and event written`,
    );

  // The floor (see floorWorker): one Update on each of as many minimal workflows, started beforehand.
  const floorHandles = await Promise.all(
    caseIds.map(() =>
      env.client.workflow.start('baselineWorkflow', {
        taskQueue: FLOOR_QUEUE,
        workflowId: `bench-floor-${randomUUID()}`,
        args: [1, 'local'],
      }),
    ),
  );
  // Ready like the judged cases were: each has run its first workflow task (its start's no-op included).
  for (const h of floorHandles) {
    while (Number((await h.describe()).historyLength) < 5) await new Promise((r) => setTimeout(r, 50));
  }
  const floorTimes: number[] = [];
  await inParallel(floorHandles, CONCURRENCY, async (h) => {
    const t0 = performance.now();
    await h.executeUpdate(stepUpdate, { args: [{}] });
    floorTimes.push(ms(t0));
  });
  await Promise.all(floorHandles.map((h) => h.result()));

  // The same row changes, straight SQL: one transaction per case like the recordTransition activity (case row with
  // its view, the hash-chained event, the next task, the judge task closed), on COPY-seeded cases, same concurrency.
  const sample = (
    await pool.query<{ view: unknown; deadline: Date }>(`SELECT view, deadline FROM cases WHERE id = $1`, [
      caseIds[0],
    ])
  ).rows[0]!;
  const targets = (
    await pool.query<{ id: string; region_path: string }>(
      `SELECT id, region_path FROM cases WHERE region_path LIKE $1 AND id <> ALL($2) ORDER BY id LIMIT $3`,
      [me.regionPath + '%', caseIds, COMMANDS],
    )
  ).rows;
  const sqlTimes: number[] = [];
  await inParallel(targets, CONCURRENCY, async (t) => {
    const t0 = performance.now();
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `UPDATE cases SET status = 'judged', clause_id = $2, deadline = $3, view = $4, version = version + 1,
         overdue = false, overdue_since = null, updated_at = now() WHERE id = $1`,
        [t.id, clauseId, sample.deadline, sample.view],
      );
      const { rows } = await client.query<{ seq: number; hash: string }>(
        `SELECT seq, hash FROM case_events WHERE case_id = $1 ORDER BY seq DESC LIMIT 1`,
        [t.id],
      );
      await client.query(
        `INSERT INTO case_events (case_id, seq, type, actor_id, actor_role, payload, occurred_at, prev_hash, hash)
       VALUES ($1, $2, 'judged', $3, 'supervisor', $4, now(), $5, $6) ON CONFLICT DO NOTHING`,
        [
          t.id,
          (rows[0]?.seq ?? 0) + 1,
          me.id,
          { decision: 'major', clauseId, reason: '符合工贸行业重大事故隐患判定标准' },
          rows[0]?.hash ?? 'genesis',
          randomUUID(),
        ],
      );
      await client.query(
        `INSERT INTO tasks (id, case_id, kind, title, assignee_role, assignee_region_path, due_at, opened_at)
       VALUES ($1, $2, 'list', '挂牌督办', 'supervisor', $3, $4, now()) ON CONFLICT DO NOTHING`,
        [randomUUID(), t.id, t.region_path, sample.deadline],
      );
      await client.query(
        `UPDATE tasks SET status = 'done', closed_at = now(), closed_by = $2
       WHERE case_id = $1 AND kind = 'judge' AND status = 'open'`,
        [t.id, me.id],
      );
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    } finally {
      client.release();
    }
    sqlTimes.push(ms(t0));
  });

  // ---------- report ----------
  const f = (x: number) => x.toFixed(1);
  const ratio = (a: number, b: number) => (a / b).toFixed(1);
  const rows = [
    {
      measure: `case list as district supervisor (${listApi.length} req)`,
      'API p50 ms': f(pct(listApi, 0.5)),
      'API p95 ms': f(pct(listApi, 0.95)),
      'SQL p50 ms': f(pct(listSql, 0.5)),
      'SQL p95 ms': f(pct(listSql, 0.95)),
      'ratio p95': ratio(pct(listApi, 0.95), pct(listSql, 0.95)),
      goal: 'p95 ≤ 30',
      met: pct(listApi, 0.95) <= 30 ? 'yes' : 'NO',
    },
    ...listQueries.map((q, k) => ({
      measure: `  ${q.label} (${totals[k]} rows)`,
      'API p50 ms': f(pct(perQuery[k]!.api, 0.5)),
      'API p95 ms': f(pct(perQuery[k]!.api, 0.95)),
      'SQL p50 ms': f(pct(perQuery[k]!.sql, 0.5)),
      'SQL p95 ms': f(pct(perQuery[k]!.sql, 0.95)),
      'ratio p95': ratio(pct(perQuery[k]!.api, 0.95), pct(perQuery[k]!.sql, 0.95)),
      goal: '',
      met: '',
    })),
    {
      measure: `command judge, ${CONCURRENCY} clients (${judgeTimes.length})`,
      'API p50 ms': f(pct(judgeTimes, 0.5)),
      'API p95 ms': f(pct(judgeTimes, 0.95)),
      'SQL p50 ms': f(pct(sqlTimes, 0.5)),
      'SQL p95 ms': f(pct(sqlTimes, 0.95)),
      'ratio p95': ratio(pct(judgeTimes, 0.95), pct(sqlTimes, 0.95)),
      goal: 'p95 ≤ 150',
      met: pct(judgeTimes, 0.95) <= 150 ? 'yes' : 'NO',
    },
    {
      measure: `  (info) floor: bare Temporal update, minimal workflow`,
      'API p50 ms': f(pct(floorTimes, 0.5)),
      'API p95 ms': f(pct(floorTimes, 0.95)),
      'SQL p50 ms': '',
      'SQL p95 ms': '',
      'ratio p95': '',
      goal: '',
      met: '',
    },
    {
      measure: `  (info) report: workflow start`,
      'API p50 ms': f(pct(startTimes, 0.5)),
      'API p95 ms': f(pct(startTimes, 0.95)),
      'SQL p50 ms': '',
      'SQL p95 ms': '',
      'ratio p95': '',
      goal: '',
      met: '',
    },
  ];
  console.log(
    `\nAPI benchmark: ${values.enterprises} enterprises, ${values.cases} seeded cases (seeded in ${seedSeconds.toFixed(0)} s); judge throughput ${(judgeTimes.length / judgeSeconds).toFixed(1)}/s; CPU per judge: API+worker process ${cpuPerCommand.node.toFixed(1)} ms, Temporal dev server ${cpuPerCommand.temporal.toFixed(1)} ms, PostgreSQL ${cpuPerCommand.postgres.toFixed(1)} ms (${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)})`,
  );
  console.table(rows);
  mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true });
  writeFileSync(
    path.join(import.meta.dirname, 'results/api.json'),
    JSON.stringify(
      {
        enterprises: Number(values.enterprises),
        cases: Number(values.cases),
        concurrency: CONCURRENCY,
        judgePerSecond: judgeTimes.length / judgeSeconds,
        cpuPerCommandMs: cpuPerCommand,
        loadAverage: os.loadavg()[0],
        rows,
      },
      null,
      2,
    ),
  );
} finally {
  worker.shutdown();
  floorWorker.shutdown();
  await Promise.all([workerRun, floorRun]);
  await env.teardown();
  await database.close();
  await admin.query(`DROP DATABASE ${dbName} WITH (FORCE)`);
  await admin.end();
}
