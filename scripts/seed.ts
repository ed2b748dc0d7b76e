/**
 * Deterministic scale generator for benchmarks:
 *   npm run seed -- --enterprises 100000 --cases 20000 --seed 42 [--database-url postgres://...]
 * On a migrated PostgreSQL (DATABASE_URL or --database-url): seeds the demo district's registry (regions,
 * departments, standards, demo users) if absent, then loads through COPY the extra enterprises, one enterprise user
 * per 50 enterprises, and case read-model rows with realistic statuses, deadlines and overdue flags (no workflows).
 * The same --seed always produces the same rows; case dates count back from --now (ISO instant, default the current
 * time), so giving --now as well makes the output identical byte for byte.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openDatabase } from '../db/client.js';
import { hashPassword } from '../db/password.js';
import { seedDemoRegistry } from '../db/seed/demo-registry.js';
import { makeCreditCode } from '../domain/credit-code.js';
import { toCsvLines } from '../domain/import/table.js';
import { supervisingDepartment } from '../domain/registry.js';

function arg(name: string, dflt?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
}
const nEnterprises = Number(arg('enterprises', '100000'));
const nCases = Number(arg('cases', '20000'));
const seed = Number(arg('seed', '42'));
const url = arg('database-url', process.env.DATABASE_URL);
if (!url) throw new Error('seed: give --database-url or DATABASE_URL (PostgreSQL; COPY needs a server)');

/** mulberry32: small, fast, deterministic. */
function rng(s: number): () => number {
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(seed);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const uuidOf = (kind: string, i: number): string => {
  const h = createHash('sha1').update(`${seed}:${kind}:${i}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

async function copy(
  pool: pg.Pool,
  table: string,
  cols: string[],
  rows: Array<Array<string | number | null>>,
) {
  const client = await pool.connect();
  try {
    const stream = client.query(
      copyFrom(`COPY ${table} (${cols.join(',')}) FROM STDIN WITH (FORMAT csv, NULL '\\N')`),
    );
    async function* chunks() {
      for (let i = 0; i < rows.length; i += 2000) yield toCsvLines(rows.slice(i, i + 2000), '\\N');
    }
    await pipeline(Readable.from(chunks()), stream);
  } finally {
    client.release();
  }
}

const h = await openDatabase({ url, poolSize: 2 });
const t0 = performance.now();
try {
  await h.migrate();
  const reg = await seedDemoRegistry(h.db);
  const pool = h.pool!;
  const leaves = (
    await pool.query<{ code: string; path: string }>(
      `SELECT code, path FROM regions WHERE path LIKE $1 AND level IN ('community','grid')`,
      [`${reg.district.path}%`],
    )
  ).rows;
  const deps = (
    await pool.query<{ id: string; industry_codes: string[]; path: string }>(
      'SELECT d.id, d.industry_codes, r.path FROM departments d JOIN regions r ON r.code = d.region_code',
    )
  ).rows.map((d) => ({ id: d.id, industryCodes: d.industry_codes, regionPath: d.path }));
  // The active 小类 of the classification (table industries).
  const subs = (
    await pool.query<{ code: string; category: string }>(
      'SELECT code, parent_code AS category FROM industries WHERE parent_code IS NOT NULL AND active ORDER BY code',
    )
  ).rows;
  const serialBase = 50_000_000 + seed * 1_000_000;

  const ents = Array.from({ length: nEnterprises }, (_, i) => {
    const region = pick(leaves);
    const sub = pick(subs);
    const r = rand();
    const status = r < 0.9 ? 'operating' : r < 0.96 ? 'suspended' : 'closed';
    return {
      id: uuidOf('enterprise', i),
      row: [
        uuidOf('enterprise', i),
        `洪山规模测试${i}号${pick(['机械', '商贸', '化工', '建材', '物流', '食品'])}有限公司`,
        makeCreditCode('420111', serialBase + i),
        region.code,
        region.path,
        sub.code,
        sub.category,
        rand() < 0.3 ? 'above' : 'below',
        supervisingDepartment({ regionPath: region.path, industryCategory: sub.category }, deps)?.id ?? null,
        pick(['A', 'B', 'C', 'D', 'D', 'D']),
        status,
        status === 'operating' ? null : `2026-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`,
      ] as Array<string | null>,
    };
  });
  await copy(
    pool,
    'enterprises',
    [
      'id',
      'name',
      'credit_code',
      'region_code',
      'region_path',
      'industry_code',
      'industry_category',
      'scale',
      'department_id',
      'risk_grade',
      'status',
      'status_changed_at',
    ],
    ents.map((e) => e.row),
  );

  const pw = await hashPassword('Duban@2026');
  const users = ents
    .filter((_, i) => i % 50 === 0)
    .map((e, k) => [
      uuidOf('user', k),
      `scale.ent${seed}.${k}`,
      `企业用户${k}`,
      pw,
      'enterprise',
      e.row[3]!,
      e.id,
    ]);
  await copy(
    pool,
    'users',
    ['id', 'username', 'display_name', 'password_hash', 'role', 'region_code', 'enterprise_id'],
    users,
  );

  const statuses = [
    'reported',
    'judged',
    'listed',
    'plan_submitted',
    'rectifying',
    'rectifying',
    'rectifying',
    'suspended',
    'acceptance_requested',
    'accepted',
    'signed_off',
    'closed',
    'closed',
    'closed',
    'downgraded',
    'dismissed',
    'withdrawn',
  ];
  const nowArg = arg('now');
  const now = nowArg ? Date.parse(nowArg) : Date.now();
  if (Number.isNaN(now)) throw new Error(`seed: --now ${nowArg} is not an ISO date`);
  const day = 86_400_000;
  const caseRows = Array.from({ length: nCases }, (_, i) => {
    const e = pick(ents).row;
    const status = pick(statuses);
    const reportedAt = now - Math.floor(rand() * 180) * day;
    const listed = !['reported', 'judged', 'downgraded', 'dismissed'].includes(status);
    const open = !['closed', 'downgraded', 'dismissed', 'withdrawn'].includes(status);
    const deadline = listed && open ? reportedAt + (30 + Math.floor(rand() * 90)) * day : null;
    const overdue = deadline !== null && deadline < now && status !== 'suspended';
    return [
      uuidOf('case', i),
      status,
      pick(['inspection', 'self_report', 'public_report']),
      `重大事故隐患 规模测试 ${i}`,
      '规模测试生成的案件读模型行',
      e[0]!,
      e[1]!,
      e[3]!,
      e[4]!,
      e[6]!,
      e[8] ?? null,
      deadline ? new Date(deadline).toISOString() : null,
      overdue ? 't' : 'f',
      overdue ? new Date(deadline!).toISOString() : null,
      overdue ? pick(['reminder', 'notice', 'interview', 'escalated']) : null,
      new Date(reportedAt).toISOString(),
      listed ? new Date(reportedAt + 3 * day).toISOString() : null,
      open ? null : new Date(Math.min(now, reportedAt + 60 * day)).toISOString(),
    ];
  });
  await copy(
    pool,
    'cases',
    [
      'id',
      'status',
      'source',
      'title',
      'description',
      'enterprise_id',
      'enterprise_name',
      'region_code',
      'region_path',
      'industry_category',
      'department_id',
      'deadline',
      'overdue',
      'overdue_since',
      'escalation_step',
      'reported_at',
      'listed_at',
      'closed_at',
    ],
    caseRows,
  );
  console.log(
    `seeded ${nEnterprises} enterprises, ${users.length} users, ${nCases} cases (seed ${seed}) in ${Math.round(performance.now() - t0)} ms`,
  );
} finally {
  await h.close();
}
