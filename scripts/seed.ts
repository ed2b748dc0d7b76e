/**
 * Deterministic scale generator for benchmarks:
 *   npm run seed -- --enterprises 100000 --cases 20000 --seed 42 [--database-url postgres://...]
 *   npm run seed -- --city   (the city of issue 15: 64,000 enterprises, 2,000,000 general hazards over 12 months)
 *   npm run seed -- --enterprises 64000 --hazards 500000 --months 12   (a smaller city)
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
const city = process.argv.includes('--city');
const nEnterprises = Number(arg('enterprises', city ? '64000' : '100000'));
const nCases = Number(arg('cases', '20000'));
const nHazards = Number(arg('hazards', city ? '2000000' : '0'));
const nMonths = Number(arg('months', '12'));
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

/**
 * General hazards over `months` months, streamed through one COPY (2,000,000 rows never sit in memory at once):
 * found evenly over the window, deadlines 7–30 days out, rectified as the seed districts do (99.99 % of those past
 * their deadline, most on time), the recent ones still open; lights as the sweep would set them today.
 */
async function seedGeneralHazards(
  pool: pg.Pool,
  p: { n: number; months: number; now: number; enterprises: Array<Array<string | null>> },
): Promise<{ rows: number; open: number }> {
  if (p.n <= 0 || p.enterprises.length === 0) return { rows: 0, open: 0 };
  const DAY = 86_400_000;
  const shDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
  const today = shDate(p.now);
  const span = Math.round(p.months * 30.4);
  const sources = [
    'self_inspection',
    'self_inspection',
    'self_inspection',
    'grid_patrol',
    'inspection',
    'public_report',
  ];
  const descriptions = [
    '灭火器压力不足',
    '安全出口堵塞',
    '配电箱未接地',
    '防护罩缺失',
    '特种作业人员无证上岗',
    '应急照明损坏',
  ];
  let open = 0;
  const cols = [
    'id',
    'enterprise_id',
    'region_code',
    'region_path',
    'industry_category',
    'industry_code',
    'department_id',
    'source',
    'category',
    'description',
    'location',
    'found_on',
    'reported_at',
    'reporter_role',
    'deadline',
    'status',
    'light',
    'rectified_on',
    'rectification',
    'on_time',
    'closed_at',
    'updated_at',
  ];
  function row(i: number): Array<string | null> {
    const e = p.enterprises[Math.floor(rand() * p.enterprises.length)]!;
    const found = p.now - Math.floor(rand() * span) * DAY;
    const foundOn = shDate(found);
    const deadlineMs = found + (7 + Math.floor(rand() * 24)) * DAY;
    const deadline = shDate(deadlineMs);
    const r = rand();
    // Past its deadline: all but 0.01 % rectified; before it: about half already.
    const closed = deadline < today ? r > 0.0001 : r < 0.5;
    const rectMs = closed
      ? Math.min(
          p.now,
          found + Math.floor(rand() * ((deadlineMs - found) / DAY + (rand() < 0.05 ? 10 : 0))) * DAY,
        )
      : 0;
    if (!closed) open++;
    const left = Math.round((Date.parse(`${deadline}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY);
    const light = closed ? 'none' : left < 0 ? 'red' : left <= 2 ? 'yellow' : 'green';
    const src = pick(sources);
    return [
      uuidOf('general_hazard', i),
      e[0]!,
      e[3]!,
      e[4]!,
      e[6]!,
      e[5]!,
      e[8] ?? null,
      src,
      rand() < 0.3 ? 'management' : 'site',
      pick(descriptions),
      pick(['一号车间', '仓库', '配电室', '办公楼']),
      foundOn,
      new Date(found + 3_600_000).toISOString(),
      src === 'self_inspection' ? 'enterprise' : src === 'grid_patrol' ? 'grid_member' : 'supervisor',
      deadline,
      closed ? 'closed' : 'open',
      light,
      closed ? shDate(rectMs) : null,
      closed ? '已整改完毕' : null,
      closed ? (shDate(rectMs) <= deadline ? 't' : 'f') : null,
      closed ? new Date(rectMs + 3_600_000).toISOString() : null,
      new Date(closed ? rectMs + 3_600_000 : found + 3_600_000).toISOString(),
    ];
  }
  const client = await pool.connect();
  try {
    const stream = client.query(
      copyFrom(`COPY general_hazards (${cols.join(',')}) FROM STDIN WITH (FORMAT csv, NULL '\\N')`),
    );
    async function* chunks() {
      for (let i = 0; i < p.n; i += 5000) {
        const batch: Array<Array<string | null>> = [];
        for (let k = i; k < Math.min(p.n, i + 5000); k++) batch.push(row(k));
        yield toCsvLines(batch, '\\N');
      }
    }
    await pipeline(Readable.from(chunks()), stream);
  } finally {
    client.release();
  }
  await pool.query('ANALYZE general_hazards');
  return { rows: p.n, open };
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
  // 差异化监管: risk colours and management levels as assessed (未评定 stays its own value for a share of units).
  await pool.query(
    `UPDATE enterprises SET risk_colour = (ARRAY['red','orange','yellow','blue','blue','blue','unassessed'])[1 + abs(hashtext(id::text || 'c')) % 7],
                            management_level = (ARRAY['A','B','B','C','C','D','unassessed'])[1 + abs(hashtext(id::text || 'l')) % 7]
      WHERE region_path LIKE $1`,
    [`${reg.district.path}%`],
  );
  const hz = await seedGeneralHazards(pool, {
    n: nHazards,
    months: nMonths,
    now,
    enterprises: ents.filter((e) => e.row[10] !== 'closed').map((e) => e.row),
  });
  console.log(
    `seeded ${nEnterprises} enterprises, ${users.length} users, ${nCases} cases, ${hz.rows} general hazards (${hz.open} open) over ${nMonths} months (seed ${seed}) in ${Math.round(performance.now() - t0)} ms`,
  );
} finally {
  await h.close();
}
