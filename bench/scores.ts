/**
 * 绩效考核 at city scale. A fresh PostgreSQL database: the seed generator (scripts/seed.ts, COPY) loads the registry
 * (--enterprises, spread over the demo district's streets) and cases, then db/seed/ledger-months.ts writes two months
 * of the general-hazard ledger for every operating enterprise (checklists, hazards, follow-ups, self-reports, grids,
 * patrols). Then, in one run, ratios of the same machine at the same moment:
 *   1. A month's scores for every unit of the city (enterprises, grids, departments, streets, districts, the city):
 *      loadRunInput + computeRun + the inputs hash — what the monthly Schedule's activity does before it stores —
 *      next to ONE hand-written SQL statement computing the same indicators' facts for every unit and the
 *      enterprises' points (bench/scores-baseline.ts). The bench first checks that the statement gives every unit
 *      the same facts (and every enterprise the same total) as the app. Goal ≤ 2×.
 *   2. The rankings page: GET /api/scores/rankings (the enterprises of the city, page of 25, the app in-process with
 *      a session) p95, next to the SQL statement the route issued, replayed directly. Goal ≤ 1.3×.
 * Prints a table and writes bench/results/scores.json.
 *   npx tsx bench/scores.ts [--enterprises 20000] [--runs 7] [--requests 300]
 *   npx tsx bench/scores.ts --database-url postgres://…/city   (a city made by `make seed ARGS=--city` in a database of
 *     its own: the ledger months are added to it and it is kept)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { inputsHash } from '../activities/score-activities.js';
import { createApp } from '../api/app.js';
import { configSchema } from '../config/config.js';
import { openDatabase } from '../db/client.js';
import { hashPassword } from '../db/password.js';
import { loadRunInput } from '../db/queries/score-facts.js';
import { findRoot, publishRun } from '../db/queries/score-runs.js';
import { seedLedgerMonths } from '../db/seed/ledger-months.js';
import { computeScoreRun } from '../activities/score-activities.js';
import { computeRun } from '../domain/scores/compute.js';
import { monthBounds, monthOf, previousMonth } from '../domain/scores/month.js';
import { factKeys } from '../domain/scores/indicators.js';
import { BASELINE_SQL, baselineParams } from './scores-baseline.js';
import { DEFAULT_SCORE_SCHEME } from '../domain/scores/scheme.js';
import { shanghaiDate } from '../domain/calendar.js';

const { values } = parseArgs({
  options: {
    enterprises: { type: 'string', default: '20000' },
    runs: { type: 'string', default: '7' },
    requests: { type: 'string', default: '300' },
    'database-url': { type: 'string' },
  },
});
const cityUrl = values['database-url'];
const RUNS = Number(values.runs);
const REQUESTS = Number(values.requests);
const root = path.resolve(import.meta.dirname, '..');
const adminUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
if (!adminUrl) throw new Error('set TEST_DATABASE_URL (make bench does) or DATABASE_URL');
const dbName = `duban_bench_scores_${Date.now()}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
if (!cityUrl) await admin.query(`CREATE DATABASE ${dbName}`);
const dbUrl = new URL(cityUrl ?? adminUrl);
if (!cityUrl) dbUrl.pathname = `/${dbName}`;

const ms = (t0: number) => performance.now() - t0;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const median = (xs: number[]) => pct(xs, 50);

const seedStarted = performance.now();
const seeded = cityUrl
  ? { status: 0 }
  : spawnSync(
      'npx',
      [
        'tsx',
        'scripts/seed.ts',
        '--enterprises',
        values.enterprises,
        '--cases',
        '2000',
        '--database-url',
        dbUrl.toString(),
      ],
      { cwd: root, stdio: 'inherit' },
    );
if (seeded.status !== 0) {
  await admin.query(`DROP DATABASE ${dbName} WITH (FORCE)`);
  throw new Error(`seed failed with status ${seeded.status}`);
}
const database = await openDatabase({ url: dbUrl.toString(), poolSize: 10 });
const pool = database.pool!;
pool.on('error', () => undefined);
const db = database.db;
if (cityUrl) await database.migrate();
const now = new Date();
const running = monthOf(now);
const month = previousMonth(running);
const ledgerDone = cityUrl
  ? (await pool.query(`select count(*)::int as n from checklists`)).rows[0].n > 0
  : false;
const { hazards } = ledgerDone
  ? { hazards: 0 }
  : await seedLedgerMonths(db, {
      regionPath: '420000/420100/',
      months: [previousMonth(month), month],
      today: shanghaiDate(now),
    });
await pool.query('VACUUM ANALYZE');
const seedSeconds = ms(seedStarted) / 1000;
const [{ n: hazardsInLedger }] = (
  await pool.query<{ n: number }>(`select count(*)::int as n from general_hazards`)
).rows as [{ n: number }];
const [{ n: enterprises }] = (
  await pool.query<{ n: number }>(`select count(*)::int as n from enterprises where status = 'operating'`)
).rows as [{ n: number }];

try {
  const city = (await findRoot(db, '420100'))!;
  // ---------- 1. a month's scores for every unit ----------
  type Captured = unknown[];
  const captured: Captured[] = [];
  let capturing = false;
  const origQuery = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  (pool as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = (...args: unknown[]) => {
    if (capturing) captured.push(args);
    return origQuery(...args);
  };
  const sqlText = (c: Captured) => (typeof c[0] === 'string' ? c[0] : (c[0] as { text: string }).text);
  const scoreMonth = async () => {
    const input = await loadRunInput(db, { root: city, month, scheme: DEFAULT_SCORE_SCHEME });
    inputsHash(month, input);
    return computeRun({ ...input, previous: undefined });
  };
  capturing = true;
  const units = await scoreMonth();
  capturing = false;
  // The baseline: one hand-written statement computing every unit's facts; first, that it agrees with the app.
  const params = baselineParams(city.path, monthBounds(month));
  const baseline = async () =>
    (await origQuery(BASELINE_SQL, params)) as {
      rows: Array<{ level: string; unit_id: string; facts: number[]; total: number | null }>;
    };
  const ours = new Map(units.map((u) => [`${u.level}:${u.unitId}`, u]));
  const theirs = (await baseline()).rows;
  const disagreements: string[] = [];
  for (const r of theirs) {
    const u = ours.get(`${r.level}:${r.unit_id}`);
    if (!u) {
      disagreements.push(`${r.level}:${r.unit_id} not scored by the app`);
      continue;
    }
    const f = factKeys.map((k) => u.facts[k]);
    if (f.some((v, i) => v !== r.facts[i]))
      disagreements.push(
        `${r.level}:${r.unit_id} facts ${factKeys
          .filter((_, i) => f[i] !== r.facts[i])
          .map((k) => `${k} ${f[factKeys.indexOf(k)]}≠${r.facts[factKeys.indexOf(k)]}`)
          .join(', ')}`,
      );
    else if (r.total !== null && Math.abs(r.total - u.total) > 0.001)
      disagreements.push(`${r.level}:${r.unit_id} total ${u.total}≠${r.total}`);
  }
  if (theirs.length !== units.length)
    disagreements.push(`${units.length} units scored by the app, ${theirs.length} by the statement`);
  if (disagreements.length)
    throw new Error(`the baseline disagrees with the app:\n${disagreements.slice(0, 20).join('\n')}`);
  const full: number[] = [];
  const bare: number[] = [];
  await scoreMonth(); // warm-up
  await baseline();
  for (let i = 0; i < RUNS; i++) {
    let t0 = performance.now();
    await scoreMonth();
    full.push(ms(t0));
    t0 = performance.now();
    await baseline();
    bare.push(ms(t0));
  }
  // The month stored and published once (what the Schedule does), for the rankings page and for the record.
  const t0 = performance.now();
  const run = await computeScoreRun(db, { rootCode: '420100', month, trigger: 'schedule', now });
  const storeMs = ms(t0);
  const adminId = (
    (await pool.query(`select id from users where username = 'admin'`)).rows[0] as { id: string }
  ).id;
  // A kept city database may hold this month published by an earlier run already.
  await publishRun(db, {
    runId: run.runId,
    by: adminId,
    at: now,
    followUp: { dueOn: shanghaiDate(now), previousMonth: previousMonth(month) },
  }).catch((e: { code?: string }) => {
    if (e.code !== 'INVALID_TRANSITION') throw e;
  });
  await pool.query('ANALYZE unit_scores');

  // ---------- 2. the rankings page ----------
  const config = {
    ...configSchema.parse({ LOG_LEVEL: 'silent' }),
    uploadDir: mkdtempSync(path.join(tmpdir(), 'duban-bench-scores-')),
  };
  const app = createApp({ db, temporal: undefined as never, config });
  await pool.query(`update users set password_hash = $1 where username = 'hs.supervisor'`, [
    await hashPassword('Bench@2026x'),
  ]);
  const login = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'http://localhost' },
    body: JSON.stringify({ username: 'hs.supervisor', password: 'Bench@2026x' }),
  });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const pages = [0, 25, 50, 100].map(
    (from) =>
      `/api/scores/rankings?${new URLSearchParams({
        filter: JSON.stringify({ rootCode: '420100', month, level: 'enterprise' }),
        range: JSON.stringify([from, from + 24]),
      })}`,
  );
  const call = async (url: string) => {
    const res = await app.request(url, { headers: { cookie } });
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
    return res;
  };
  const direct: Captured[][] = [];
  let rankedTotal = 0;
  for (const url of pages) {
    captured.length = 0;
    capturing = true;
    const res = await call(url);
    capturing = false;
    rankedTotal = Number(res.headers.get('content-range')?.split('/')[1]);
    direct.push(captured.filter((c) => /from "unit_scores"/.test(sqlText(c))));
  }
  if (direct.some((d) => d.length === 0)) throw new Error('did not capture the rankings SQL');
  for (let i = 0; i < 30; i++) await call(pages[i % pages.length]!);
  const api: number[] = [];
  const sqlMs: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const k = i % pages.length;
    let t1 = performance.now();
    await call(pages[k]!);
    api.push(ms(t1));
    t1 = performance.now();
    await Promise.all(direct[k]!.map((c) => origQuery(...c)));
    sqlMs.push(ms(t1));
  }

  const result = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model },
    data: {
      enterprises,
      generalHazardsSeededForTheMonths: hazards,
      generalHazardsInLedger: hazardsInLedger,
      cityDatabase: !!cityUrl,
      month,
      units: units.length,
      rankedEnterprises: rankedTotal,
      seedSeconds: Math.round(seedSeconds),
    },
    monthScores: {
      runs: RUNS,
      fullMedianMs: Math.round(median(full)),
      baselineSqlMedianMs: Math.round(median(bare)),
      baseline:
        'one hand-written statement (bench/scores-baseline.ts), checked to give every unit the same facts',
      ratio: +(median(full) / median(bare)).toFixed(2),
      goal: '≤ 2×',
      computeAndStoreMs: Math.round(storeMs),
    },
    rankingsPage: {
      requests: REQUESTS,
      apiP50Ms: +pct(api, 50).toFixed(2),
      apiP95Ms: +pct(api, 95).toFixed(2),
      sqlP50Ms: +pct(sqlMs, 50).toFixed(2),
      sqlP95Ms: +pct(sqlMs, 95).toFixed(2),
      ratioP95: +(pct(api, 95) / pct(sqlMs, 95)).toFixed(2),
      goal: '≤ 1.3×',
    },
  };
  console.table({
    'month scores (every unit)': {
      ours: `${result.monthScores.fullMedianMs} ms`,
      sql: `${result.monthScores.baselineSqlMedianMs} ms`,
      ratio: result.monthScores.ratio,
      goal: '≤ 2×',
    },
    'rankings page p95': {
      ours: `${result.rankingsPage.apiP95Ms} ms`,
      sql: `${result.rankingsPage.sqlP95Ms} ms`,
      ratio: result.rankingsPage.ratioP95,
      goal: '≤ 1.3×',
    },
  });
  console.log(
    `${enterprises} operating enterprises, ${hazardsInLedger} general hazards in the ledger (${hazards} written for the two months), ${units.length} units scored for ${month}; compute+store ${Math.round(storeMs)} ms`,
  );
  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  writeFileSync(path.join(root, 'bench/results/scores.json'), `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await database.close?.();
  if (!cityUrl) await admin.query(`DROP DATABASE ${dbName} WITH (FORCE)`);
  await admin.end();
}
