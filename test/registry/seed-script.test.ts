import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseStatuses } from '../../domain/case-status.js';
import { isValidCreditCode } from '../../domain/credit-code.js';
import { createTestDatabase } from '../helpers/db.js';

/**
 * The scale generator (scripts/seed.ts) run as people run it — a child process against a fresh database — with
 * small numbers: deterministic from its seed, the counts asked for, every case status, and loaded through COPY.
 */
const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const NOW = '2026-11-20T02:00:00.000Z';
const ENTERPRISES = 2000;
const CASES = 300;

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;

async function seedInto(db: TestDb, seed: number): Promise<number> {
  const t0 = performance.now();
  await run(
    path.join(root, 'node_modules/.bin/tsx'),
    [
      'scripts/seed.ts',
      '--enterprises',
      String(ENTERPRISES),
      '--cases',
      String(CASES),
      '--seed',
      String(seed),
      '--now',
      NOW,
      '--database-url',
      db.url,
    ],
    { cwd: root, timeout: 240_000 },
  );
  return performance.now() - t0;
}

/**
 * A digest of what the generator wrote. Rows the demo registry makes with database-generated keys (departments)
 * enter only through stable columns, and password hashes (salted) not at all.
 */
async function digest(db: TestDb): Promise<Record<string, string>> {
  const q = async (text: string) => (await db.pool!.query<{ h: string }>(text)).rows[0]!.h;
  return {
    enterprises: await q(`
      SELECT md5(string_agg(concat_ws('|', e.id, e.name, e.credit_code, e.region_code, e.region_path, e.industry_code,
        e.industry_category, e.scale, d.name, e.risk_grade, e.status, e.status_changed_at), ',' ORDER BY e.id)) AS h
      FROM enterprises e LEFT JOIN departments d ON d.id = e.department_id WHERE e.name LIKE '洪山规模测试%'`),
    users: await q(`
      SELECT md5(string_agg(concat_ws('|', id, username, display_name, role, region_code, enterprise_id), ','
        ORDER BY id)) AS h FROM users WHERE username LIKE 'scale.%'`),
    cases: await q(`
      SELECT md5(string_agg(concat_ws('|', id, status, source, title, enterprise_id, region_path, industry_category,
        deadline, overdue, overdue_since, escalation_step, reported_at, listed_at, closed_at), ',' ORDER BY id)) AS h
      FROM cases`),
  };
}

describe('scale generator (npm run seed)', () => {
  const dbs: TestDb[] = [];
  let a: TestDb, b: TestDb, c: TestDb;
  let ms = 0;
  beforeAll(async () => {
    [a, b, c] = await Promise.all([createTestDatabase(), createTestDatabase(), createTestDatabase()]);
    dbs.push(a, b, c);
    // Every INSERT or COPY statement into the loaded tables records its top-level command and row count.
    await a.pool!.query(`
      CREATE TABLE load_probe (tbl text, query text, n int);
      CREATE FUNCTION load_probe_f() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN INSERT INTO load_probe SELECT TG_TABLE_NAME, current_query(), count(*) FROM new_rows; RETURN NULL; END $$;
      CREATE TRIGGER probe_e AFTER INSERT ON enterprises REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION load_probe_f();
      CREATE TRIGGER probe_c AFTER INSERT ON cases REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION load_probe_f();
      CREATE TRIGGER probe_u AFTER INSERT ON users REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION load_probe_f();`);
    // One at a time: the machine is shared, and timing one run alone means something.
    ms = await seedInto(a, 7);
    await seedInto(b, 7);
    await seedInto(c, 8);
  }, 600_000);
  afterAll(async () => {
    await Promise.all(dbs.map((d) => d.drop()));
  });

  it('writes the numbers asked for, valid codes, every case status, some overdue', async () => {
    const one = async <T>(text: string) => (await a.pool!.query(text)).rows[0] as T;
    expect(
      (await one<{ n: number }>(`SELECT count(*)::int n FROM enterprises WHERE name LIKE '洪山规模测试%'`)).n,
    ).toBe(ENTERPRISES);
    expect((await one<{ n: number }>(`SELECT count(*)::int n FROM cases`)).n).toBe(CASES);
    expect(
      (await one<{ n: number }>(`SELECT count(*)::int n FROM users WHERE username LIKE 'scale.%'`)).n,
    ).toBe(ENTERPRISES / 50);
    const codes = (await a.pool!.query<{ c: string }>(`SELECT credit_code c FROM enterprises`)).rows;
    expect(codes.every((r) => isValidCreditCode(r.c))).toBe(true);
    expect(new Set(codes.map((r) => r.c)).size).toBe(codes.length);
    const statuses = (await a.pool!.query<{ s: string }>(`SELECT DISTINCT status s FROM cases`)).rows;
    expect(new Set(statuses.map((r) => r.s))).toEqual(new Set(caseStatuses));
    const o = await one<{ overdue: number; late: number; placed: number; span: number }>(`
      SELECT count(*) FILTER (WHERE overdue)::int overdue,
             count(*) FILTER (WHERE overdue AND deadline < '${NOW}')::int late,
             count(*) FILTER (WHERE department_id IS NOT NULL)::int placed,
             extract(day FROM max(reported_at) - min(reported_at))::int span
      FROM cases`);
    expect(o.overdue).toBeGreaterThan(0);
    expect(o.late).toBe(o.overdue);
    expect(o.placed).toBeGreaterThan(CASES / 2);
    expect(o.span).toBeGreaterThanOrEqual(150);
    console.log(
      `seed.ts: ${ENTERPRISES} enterprises + ${CASES} cases (+ demo registry) in ${Math.round(ms)} ms`,
    );
  });

  it('is deterministic: the same seed gives the same rows, another seed other rows', async () => {
    const [da, db, dc] = await Promise.all([digest(a), digest(b), digest(c)]);
    expect(db).toEqual(da);
    expect(dc.enterprises).not.toBe(da.enterprises);
    expect(dc.users).not.toBe(da.users);
    expect(dc.cases).not.toBe(da.cases);
  });

  it('loads the generated rows through COPY, one statement per table', async () => {
    const probes = (
      await a.pool!.query<{ tbl: string; query: string; n: number }>(`SELECT tbl, query, n FROM load_probe`)
    ).rows;
    const big = (tbl: string) => probes.filter((p) => p.tbl === tbl && /^\s*COPY\b/i.test(p.query));
    expect(big('enterprises').map((p) => p.n)).toEqual([ENTERPRISES]);
    expect(big('cases').map((p) => p.n)).toEqual([CASES]);
    expect(big('users').map((p) => p.n)).toEqual([ENTERPRISES / 50]);
    // Whatever else was INSERTed is the demo registry, not the generated load.
    expect(probes.filter((p) => p.tbl === 'cases' && !/^\s*COPY\b/i.test(p.query))).toEqual([]);
  });
});
