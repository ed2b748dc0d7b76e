/**
 * The general-hazard ledger at city scale, every figure a ratio against the bare database doing the same, in one run:
 *
 *   1. intake of 100,000 hazards through POST /api/general-hazards/batch (10 requests of 10,000: validated, placed,
 *      policy deadlines, one COPY, audited) vs a bare COPY of the same rows            goal ≤ 3×
 *   2. the supervisor's hazard list (a street + open + red/yellow, by deadline) through GET /api/general-hazards,
 *      p95, vs the same SQL (the list's two statements) on the pool                      goal ≤ 1.5×
 *   3. the daily light sweep as the Schedule's activity runs it (policy, one UPDATE, audit) vs one hand-written
 *      UPDATE doing the same                                                             goal ≤ 2×
 *   4. bytes per hazard: PostgreSQL (table + indexes), and Temporal: the district's daily sweep history spread over
 *      its hazards, next to a workflow held per hazard (bench/workflows/held-hazard.workflow.ts)
 *
 * The city comes from the scale generator (scripts/seed.ts, the `make seed` of the issue):
 *   npx tsx bench/general-hazards.ts [--enterprises 64000] [--hazards 2000000] [--intake 100000] [--held 300]
 * Prints a table and writes bench/results/general-hazards.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { and, asc, sql } from 'drizzle-orm';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createDutyActivities } from '../activities/duty-activities.js';
import { createCaseWorker } from '../activities/worker.js';
import { createApp } from '../api/app.js';
import { configSchema } from '../config/config.js';
import { openDatabase, schema } from '../db/client.js';
import { hazardListWhere, parseHazardFilter } from '../db/queries/general-hazards.js';
import { lightCase } from '../db/queries/hazard-sweeps.js';
import { hashPassword } from '../db/password.js';
import { addCalendarDays, shanghaiDate } from '../domain/calendar.js';
import { toCsvLines } from '../domain/import/table.js';
import { DEFAULT_DUTY_POLICY } from '../domain/hazards/policy.js';
import { searchAttributes, TASK_QUEUE } from '../workflows/definitions.js';
import { temporalCliPath } from '../test/helpers/paths.js';

const { values } = parseArgs({
  options: {
    enterprises: { type: 'string', default: '64000' },
    hazards: { type: 'string', default: '2000000' },
    intake: { type: 'string', default: '100000' },
    held: { type: 'string', default: '300' },
    runs: { type: 'string', default: '200' },
  },
});
const N_ENT = Number(values.enterprises);
const N_HAZ = Number(values.hazards);
const N_INTAKE = Number(values.intake);
const N_HELD = Number(values.held);
const RUNS = Number(values.runs);

const adminUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
if (!adminUrl) throw new Error('set TEST_DATABASE_URL (make bench does) or DATABASE_URL');
const dbName = `duban_bench_hazards_${process.pid}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${dbName}`);
const url = new URL(adminUrl);
url.pathname = `/${dbName}`;

const ms = (t: number) => Math.round(t * 10) / 10;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1]!;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// ---------- the city ----------
const tSeed = performance.now();
execFileSync(
  'npx',
  [
    'tsx',
    'scripts/seed.ts',
    '--database-url',
    url.toString(),
    '--enterprises',
    String(N_ENT),
    '--hazards',
    String(N_HAZ),
    '--cases',
    '2000',
  ],
  { stdio: 'inherit' },
);
const seedMs = performance.now() - tSeed;

const database = await openDatabase({ url: url.toString(), poolSize: 8 });
database.pool!.on('error', () => undefined);
const { db } = database;
const pool = database.pool!;
const district = (
  await pool.query<{ code: string; path: string }>(
    `select code, path from regions where level = 'district' and code = '420111'`,
  )
).rows[0]!;
const street = (
  await pool.query<{ code: string; path: string }>(
    `select r.code, r.path from regions r where r.level = 'street' and r.path like $1
    order by (select count(*) from general_hazards g where g.region_path like r.path || '%' and g.status = 'open') desc limit 1`,
    [`${district.path}%`],
  )
).rows[0]!;
const hash = await hashPassword('Bench#2026x');
await db.insert(schema.users).values([
  { username: 'bench-admin', displayName: '基准管理员', passwordHash: hash, role: 'admin', regionCode: null },
  {
    username: 'bench-sup',
    displayName: '基准监管',
    passwordHash: hash,
    role: 'supervisor',
    regionCode: district.code,
  },
]);

const env = await TestWorkflowEnvironment.createLocal({
  server: {
    executable: { type: 'existing-path', path: temporalCliPath },
    searchAttributes: Object.values(searchAttributes),
    extraArgs: ['--log-level', 'error'],
  },
});
const config = {
  ...configSchema.parse({ LOG_LEVEL: 'silent' }),
  uploadDir: mkdtempSync(path.join(tmpdir(), 'duban-bh-')),
};
const app = createApp({ db, temporal: env.client, config });
async function login(username: string) {
  const res = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'Bench#2026x' }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}
const [adminCookie, supCookie] = [await login('bench-admin'), await login('bench-sup')];

// ---------- 1. intake: the batch API vs a bare COPY of the same rows ----------
const ents = (
  await pool.query<{
    id: string;
    region_code: string;
    region_path: string;
    industry_category: string;
    industry_code: string;
    department_id: string | null;
  }>(
    `select id, region_code, region_path, industry_category, industry_code, department_id from enterprises
       where status <> 'closed' and region_path like $1 order by id limit 20000`,
    [`${district.path}%`],
  )
).rows;
const today = shanghaiDate(new Date());
const foundOn = addCalendarDays(today, -1);
const intakeRows = Array.from({ length: N_INTAKE }, (_, i) => ({
  enterpriseId: ents[i % ents.length]!.id,
  source: 'other',
  category: i % 3 ? 'site' : 'management',
  description: `外部系统报送的隐患 ${i}`,
  location: '生产车间',
  foundOn,
  externalRef: `bench:${i}`,
}));
const tApi = performance.now();
for (let i = 0; i < N_INTAKE; i += 10_000) {
  const res = await app.request('/api/general-hazards/batch', {
    method: 'POST',
    headers: { cookie: adminCookie, 'content-type': 'application/json' },
    body: JSON.stringify({ rows: intakeRows.slice(i, i + 10_000) }),
  });
  if (res.status !== 200 && res.status !== 201)
    throw new Error(`batch ${i}: ${res.status} ${(await res.text()).slice(0, 300)}`);
}
const apiMs = performance.now() - tApi;
const deadline = addCalendarDays(foundOn, 7);
const copyCols = [
  'id',
  'enterprise_id',
  'region_code',
  'region_path',
  'industry_category',
  'industry_code',
  'department_id',
  'source',
  'external_ref',
  'category',
  'description',
  'location',
  'found_on',
  'reported_at',
  'reporter_role',
  'deadline',
  'status',
  'light',
];
const nowIso = new Date().toISOString();
const copyRows = intakeRows.map((r, i) => {
  const e = ents[i % ents.length]!;
  return [
    randomUUID(),
    e.id,
    e.region_code,
    e.region_path,
    e.industry_category,
    e.industry_code,
    e.department_id,
    'other',
    `copy:${i}`,
    r.category,
    r.description,
    r.location,
    foundOn,
    nowIso,
    'admin',
    deadline,
    'open',
    'green',
  ];
});
const tCopy = performance.now();
{
  const client = await pool.connect();
  try {
    const stream = client.query(
      copyFrom(`COPY general_hazards (${copyCols.join(',')}) FROM STDIN WITH (FORMAT csv, NULL '\\N')`),
    );
    async function* chunks() {
      for (let i = 0; i < copyRows.length; i += 5000) yield toCsvLines(copyRows.slice(i, i + 5000), '\\N');
    }
    await pipeline(Readable.from(chunks()), stream);
  } finally {
    client.release();
  }
}
const copyMs = performance.now() - tCopy;
await pool.query('ANALYZE general_hazards');

// ---------- 4. bytes per hazard (read before the sweeps leave dead tuples behind) ----------
const sizes = (
  await pool.query<{ rows: string; table: string; total: string; events: string; open: string }>(
    `select (select count(*) from general_hazards) as rows,
            pg_relation_size('general_hazards') as table,
            pg_total_relation_size('general_hazards') as total,
            pg_total_relation_size('general_hazard_events') as events,
            (select count(*) from general_hazards where status in ('open','reopened') and region_path like $1) as open`,
    [`${district.path}%`],
  )
).rows[0]!;

// ---------- 2. the supervisor's list vs the same SQL ----------
const filter = { regionCode: street.code, status: ['open', 'reopened'], light: ['red', 'yellow'] };
const listUrl = `/api/general-hazards?filter=${encodeURIComponent(JSON.stringify(filter))}&sort=${encodeURIComponent('["deadline","ASC"]')}&range=${encodeURIComponent('[0,24]')}`;
const supScope = {
  role: 'supervisor' as const,
  userId: randomUUID(),
  regionPath: district.path,
  enterpriseId: null,
  departmentIndustries: null,
};
const where = hazardListWhere(supScope as never, parseHazardFilter(filter));
const g = schema.generalHazards;
const sqlOnce = () =>
  Promise.all([
    db.select().from(g).where(where).orderBy(asc(g.deadline), asc(g.hazardNo)).limit(25).offset(0),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(g)
      .where(and(where)),
  ]);
const apiOnce = async () => {
  const res = await app.request(listUrl, { headers: { cookie: supCookie } });
  if (res.status !== 200) throw new Error(`list ${res.status}`);
  return res.json();
};
let listTotal = 0;
for (let i = 0; i < 20; i++) {
  await sqlOnce();
  await apiOnce();
}
const apiLat: number[] = [];
const sqlLat: number[] = [];
for (let i = 0; i < RUNS; i++) {
  // Interleaved, so the machine's load falls on both alike.
  let t = performance.now();
  const [, [c]] = await sqlOnce();
  sqlLat.push(performance.now() - t);
  listTotal = c!.n;
  t = performance.now();
  await apiOnce();
  apiLat.push(performance.now() - t);
}

// ---------- 3. the daily light sweep vs one hand-written UPDATE ----------
const duty = createDutyActivities({ db });
const yellowDays = DEFAULT_DUTY_POLICY.hazard.yellowDays;
async function relightTo(day: string) {
  await db.execute(sql`update general_hazards set light = ${lightCase(day, yellowDays)}
     where status in ('open','reopened') and region_path like ${district.path + '%'} and light <> ${lightCase(day, yellowDays)}`);
}
const sweepRuns: number[] = [];
const handRuns: number[] = [];
let sweepChanged = 0;
let handChanged = 0;
for (let i = 0; i < 5; i++) {
  const day = addCalendarDays(today, 1 + i);
  await relightTo(today);
  let t = performance.now();
  const r = await duty.runDutySweep({ kind: 'lights', districtCode: district.code, today: day });
  sweepRuns.push(performance.now() - t);
  sweepChanged = r.changed ?? 0;
  await relightTo(today);
  t = performance.now();
  const hand = await pool.query(
    `update general_hazards set light = case when deadline < $1::date then 'red' when deadline <= $1::date + $2::int then 'yellow' else 'green' end
      where status in ('open','reopened') and region_path like $3
        and light <> case when deadline < $1::date then 'red' when deadline <= $1::date + $2::int then 'yellow' else 'green' end`,
    [day, yellowDays, `${district.path}%`],
  );
  handRuns.push(performance.now() - t);
  handChanged = hand.rowCount ?? 0;
}
await relightTo(today);

const hazardsInDb = Number(sizes.rows);
const districtHazards = Number(
  (
    await pool.query<{ n: string }>(`select count(*) as n from general_hazards where region_path like $1`, [
      `${district.path}%`,
    ])
  ).rows[0]!.n,
);

// The district's daily sweep, as its Schedule starts it, on the real worker: its history is Temporal's whole cost.
const caseWorker = await createCaseWorker({
  connection: env.nativeConnection,
  namespace: env.namespace ?? 'default',
  db,
  uploadDir: config.uploadDir,
});
const heldBundle = await bundleWorkflowCode({
  workflowsPath: path.resolve('bench/workflows/held-hazard.workflow.ts'),
  logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} } as never,
});
const heldWorker = await Worker.create({
  connection: env.nativeConnection,
  namespace: env.namespace ?? 'default',
  taskQueue: 'bench-held',
  workflowBundle: heldBundle,
});
const running = Promise.all([caseWorker.run(), heldWorker.run()]);
const sweepId = `bench-duty-sweep-${district.code}`;
await env.client.workflow.execute('dutySweepWorkflow', {
  taskQueue: TASK_QUEUE,
  workflowId: sweepId,
  args: [{ districtCode: district.code, sweeps: ['lights', 'patrols', 'self_reports', 'draws'], today }],
});
const sweepDesc = await env.client.workflow.getHandle(sweepId).describe();
const sweepHistoryBytes = Number(sweepDesc.raw.workflowExecutionInfo?.historySizeBytes ?? 0);

// A workflow per hazard: start N, rectify each, read their histories.
const heldIds = Array.from({ length: N_HELD }, (_, i) => `bench-held-${i}`);
const tStart = performance.now();
for (let i = 0; i < heldIds.length; i += 16)
  await Promise.all(
    heldIds.slice(i, i + 16).map((workflowId) =>
      env.client.workflow.start('heldHazardWorkflow', {
        taskQueue: 'bench-held',
        workflowId,
        args: [{ yellowInMs: 5 * 86_400_000, redInMs: 2 * 86_400_000 }],
      }),
    ),
  );
const heldStartMs = performance.now() - tStart;
for (let i = 0; i < heldIds.length; i += 16)
  await Promise.all(
    heldIds.slice(i, i + 16).map((id) => env.client.workflow.getHandle(id).signal('rectify')),
  );
await Promise.all(heldIds.map((id) => env.client.workflow.getHandle(id).result()));
const heldBytes: number[] = [];
for (const id of heldIds.slice(0, 50))
  heldBytes.push(
    Number(
      (await env.client.workflow.getHandle(id).describe()).raw.workflowExecutionInfo?.historySizeBytes ?? 0,
    ),
  );
caseWorker.shutdown();
heldWorker.shutdown();
await running;

const result = {
  machine: 'shared 2-core development machine',
  city: {
    enterprises: N_ENT,
    hazards: N_HAZ,
    months: 12,
    seedMs: Math.round(seedMs),
    hazardsInDb,
    districtHazards,
  },
  intake: {
    rows: N_INTAKE,
    apiMs: Math.round(apiMs),
    copyMs: Math.round(copyMs),
    ratio: Math.round((apiMs / copyMs) * 100) / 100,
    goal: 3,
  },
  list: {
    filter,
    total: listTotal,
    runs: RUNS,
    apiP95: ms(p95(apiLat)),
    sqlP95: ms(p95(sqlLat)),
    ratio: Math.round((p95(apiLat) / p95(sqlLat)) * 100) / 100,
    goal: 1.5,
  },
  sweep: {
    district: district.code,
    changed: { sweep: sweepChanged, hand: handChanged },
    sweepMedianMs: ms(median(sweepRuns)),
    handMedianMs: ms(median(handRuns)),
    ratio: Math.round((median(sweepRuns) / median(handRuns)) * 100) / 100,
    goal: 2,
  },
  bytes: {
    postgresPerHazard: Math.round(Number(sizes.total) / hazardsInDb),
    postgresHeapPerHazard: Math.round(Number(sizes.table) / hazardsInDb),
    eventsTableBytes: Number(sizes.events),
    temporalSweepHistoryBytes: sweepHistoryBytes,
    temporalPerHazardPerDay: Math.round((sweepHistoryBytes / districtHazards) * 1000) / 1000,
    temporalPerHazardOverAYear: Math.round(((sweepHistoryBytes * 365) / districtHazards) * 10) / 10,
    heldWorkflowHistoryBytes: median(heldBytes),
    heldStartsPerSecond: Math.round(N_HELD / (heldStartMs / 1000)),
    copyRowsPerSecond: Math.round(N_INTAKE / (copyMs / 1000)),
    apiRowsPerSecond: Math.round(N_INTAKE / (apiMs / 1000)),
  },
};

console.log(
  `\nGeneral hazards at city scale — ${N_ENT} enterprises, ${hazardsInDb} hazards (${N_HAZ} seeded over 12 months + 2 × ${N_INTAKE} intake)`,
);
console.table({
  'intake 100k: batch API / bare COPY': {
    measured: `${result.intake.apiMs} ms / ${result.intake.copyMs} ms`,
    ratio: result.intake.ratio,
    goal: '≤ 3×',
  },
  "supervisor's list p95: API / SQL": {
    measured: `${result.list.apiP95} ms / ${result.list.sqlP95} ms`,
    ratio: result.list.ratio,
    goal: '≤ 1.5×',
  },
  'light sweep: activity / hand UPDATE': {
    measured: `${result.sweep.sweepMedianMs} ms / ${result.sweep.handMedianMs} ms`,
    ratio: result.sweep.ratio,
    goal: '≤ 2×',
  },
  'PostgreSQL bytes / hazard': {
    measured: `${result.bytes.postgresPerHazard} B (heap ${result.bytes.postgresHeapPerHazard} B)`,
    ratio: '',
    goal: 'reported',
  },
  'Temporal bytes / hazard': {
    measured: `${result.bytes.temporalPerHazardPerDay} B a day (sweep history ${sweepHistoryBytes} B for ${districtHazards} hazards)`,
    ratio: '',
    goal: 'reported',
  },
  'held workflow / hazard (not built)': {
    measured: `${result.bytes.heldWorkflowHistoryBytes} B history, ${result.bytes.heldStartsPerSecond} starts/s vs ${result.bytes.copyRowsPerSecond} rows/s COPY`,
    ratio: '',
    goal: 'ADR 0012',
  },
});
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/general-hazards.json', JSON.stringify(result, null, 2));

await env.teardown();
await database.close();
await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
await admin.end();
