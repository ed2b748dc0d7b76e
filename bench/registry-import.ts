/**
 * Registry import benchmark: 100,000 enterprises from a CSV file, parsed and validated row by row (credit code check
 * character, duplicates in file and against the DB, region, industry, enums, phones, dates), placed by 谁家的孩子谁抱走
 * and loaded — versus a bare PostgreSQL COPY of the same rows already in table shape. Both in one run, each into its
 * own fresh database holding the demo district's registry. Goal: validated ≤ 2× bare COPY.
 * Writes bench/results/registry-import.json.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify/sync';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openDatabase } from '../db/client.js';
import { ENTERPRISE_COPY_COLUMNS, importEnterprises } from '../db/queries/import.js';
import { seedDemoRegistry } from '../db/seed/demo-registry.js';
import { makeCreditCode } from '../domain/credit-code.js';
import { ENTERPRISE_COLUMNS } from '../domain/import/enterprises.js';
import { supervisingDepartment } from '../domain/registry.js';
import { loadTaxonomy } from '../db/queries/industries.js';

const N = Number(process.env.BENCH_ROWS ?? 100_000);
const admin = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
if (!admin) throw new Error('TEST_DATABASE_URL is not set (run through `make bench`)');

async function freshDb(tag: string) {
  const name = `duban_bench_${tag}_${process.pid}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(admin!);
  u.pathname = `/${name}`;
  const h = await openDatabase({ url: u.toString(), poolSize: 2 });
  await h.migrate();
  const reg = await seedDemoRegistry(h.db, { enterprises: 10 });
  return {
    ...h,
    reg,
    async drop() {
      await h.close();
      const a = new pg.Client({ connectionString: admin });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

const [a, b] = [await freshDb('validated'), await freshDb('copy')];
const subs = (await loadTaxonomy(a.db)).categories.flatMap((i) =>
  i.subs.filter((s) => s.active).map((s) => ({ code: s.code, name: s.name, category: i.code })),
);
const streets = a.reg.streets;
const fileRows = Array.from({ length: N }, (_, i) => {
  const s = subs[i % subs.length]!;
  return {
    name: `武汉基准${i}号企业有限公司`,
    code: makeCreditCode('420111', 10_000_000 + i),
    region: streets[i % streets.length]!,
    sub: s,
    scale: i % 3 ? '规下' : '规上',
    risk: 'ABCD'[i % 4]!,
    status: i % 50 === 0 ? '停产' : '正常经营',
    changed: i % 50 === 0 ? '2026-06-01' : '',
    address: `洪山区基准路${i}号`,
    phone: `139${String(10_000_000 + (i % 90_000_000)).slice(-8)}`,
  };
});
const csv = Buffer.from(
  '\uFEFF' +
    stringify([
      ENTERPRISE_COLUMNS.map(([, h]) => h),
      ...fileRows.map((r) => [
        r.name,
        r.code,
        r.region.code,
        r.sub.name,
        r.scale,
        r.risk,
        r.status,
        r.changed,
        r.address,
        '张三',
        r.phone,
        '李四',
        '027-87654321',
      ]),
    ]),
);
// The bare COPY loads the same rows in table shape (placement precomputed outside the timing).
const deps = (
  await b.pool!.query<{ id: string; industry_codes: string[]; path: string }>(
    'SELECT d.id, d.industry_codes, r.path FROM departments d JOIN regions r ON r.code = d.region_code',
  )
).rows.map((d) => ({ id: d.id, industryCodes: d.industry_codes, regionPath: d.path }));
const copyCsv = stringify(
  fileRows.map((r) => [
    r.name,
    r.code,
    r.region.code,
    r.region.path,
    r.sub.code,
    r.sub.category,
    r.scale === '规上' ? 'above' : 'below',
    supervisingDepartment({ regionPath: r.region.path, industryCategory: r.sub.category }, deps)?.id ?? '\\N',
    r.risk,
    r.status === '停产' ? 'suspended' : 'operating',
    r.changed || '\\N',
    r.address,
    '张三',
    r.phone,
    '李四',
    '027-87654321',
  ]),
);

async function bareCopy(): Promise<number> {
  const client = await b.pool!.connect();
  const t0 = performance.now();
  await client.query('BEGIN');
  const stream = client.query(
    copyFrom(
      `COPY enterprises (${ENTERPRISE_COPY_COLUMNS.join(',')}) FROM STDIN WITH (FORMAT csv, NULL '\\N')`,
    ),
  );
  await pipeline(Readable.from([copyCsv]), stream);
  await client.query('COMMIT');
  const ms = performance.now() - t0;
  client.release();
  return ms;
}
async function validated(): Promise<number> {
  const t0 = performance.now();
  const r = await importEnterprises(a.db, { data: csv, format: 'csv', pool: a.pool! });
  const ms = performance.now() - t0;
  if (r.imported !== N || r.errors.length)
    throw new Error(`validated import: ${JSON.stringify(r).slice(0, 500)}`);
  return ms;
}

async function reset(h: typeof a): Promise<void> {
  await h.pool!.query(`DELETE FROM enterprises WHERE name LIKE '武汉基准%'`);
  await h.pool!.query('VACUUM ANALYZE enterprises');
}
const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
// The machine is shared: alternate the two sides over several rounds and compare medians.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
try {
  const copyRuns: number[] = [];
  const validatedRuns: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    if (r) await Promise.all([reset(a), reset(b)]);
    if (r % 2) {
      validatedRuns.push(await validated());
      copyRuns.push(await bareCopy());
    } else {
      copyRuns.push(await bareCopy());
      validatedRuns.push(await validated());
    }
  }
  const copyMs = median(copyRuns);
  const validatedMs = median(validatedRuns);
  const ratio = validatedMs / copyMs;
  const result = {
    rows: N,
    bareCopyMs: Math.round(copyMs),
    validatedImportMs: Math.round(validatedMs),
    ratio: Number(ratio.toFixed(2)),
    rounds: ROUNDS,
    bareCopyRunsMs: copyRuns.map(Math.round),
    validatedRunsMs: validatedRuns.map(Math.round),
    goal: '≤ 2×',
    met: ratio <= 2,
    at: new Date().toISOString(),
  };
  console.table([
    { run: 'bare COPY (median)', rows: N, ms: result.bareCopyMs, 'rows/s': Math.round(N / (copyMs / 1000)) },
    {
      run: 'CSV parse + validate + COPY',
      rows: N,
      ms: result.validatedImportMs,
      'rows/s': Math.round(N / (validatedMs / 1000)),
    },
  ]);
  console.log(`ratio ${result.ratio}× (goal ≤ 2×): ${result.met ? 'met' : 'NOT met'}`);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/registry-import.json', JSON.stringify(result, null, 2) + '\n');
} finally {
  await a.drop();
  await b.drop();
}
