/**
 * Intake of general hazards through the batch API next to a bare COPY of the same rows, on a city that already
 * exists (issue 15's ratio, without re-seeding 2,000,000 hazards: bench/general-hazards.ts does the whole city).
 * Batches of 10,000 alternate with bare COPYs of the next 10,000 rows, so both see the same load on a shared
 * machine; the ratio is the sum of the API's times over the sum of the COPYs'.
 *   npx tsx bench/hazard-intake.ts --database-url postgres://…/city [--rows 100000]
 * The city: `npm run seed -- --city --database-url …` into a database of its own. Prints the ratio and writes
 * bench/results/hazard-intake.json.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { from as copyFrom } from 'pg-copy-streams';
import { createApp } from '../api/app.js';
import { configSchema } from '../config/config.js';
import { openDatabase, schema } from '../db/client.js';
import { hashPassword } from '../db/password.js';
import { addCalendarDays, shanghaiDate } from '../domain/calendar.js';
import { toCsvLines } from '../domain/import/table.js';

const { values } = parseArgs({
  options: { 'database-url': { type: 'string' }, rows: { type: 'string', default: '100000' } },
});
const url = values['database-url'] ?? process.env.DATABASE_URL;
if (!url) throw new Error('give --database-url of a seeded city');
const N = Number(values.rows);
const BATCH = 10_000;

const database = await openDatabase({ url, poolSize: 8 });
await database.migrate();
const { db } = database;
const pool = database.pool!;
await db
  .insert(schema.users)
  .values([
    {
      username: 'bench-intake',
      displayName: '基准管理员',
      passwordHash: await hashPassword('Bench#2026x'),
      role: 'admin',
      regionCode: null,
    },
  ])
  .onConflictDoNothing();
const config = {
  ...configSchema.parse({ LOG_LEVEL: 'silent' }),
  uploadDir: mkdtempSync(path.join(tmpdir(), 'duban-intake-')),
};
// The batch route starts no workflow.
const app = createApp({ db, temporal: undefined as never, config });
const login = await app.request('/api/auth/login', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'bench-intake', password: 'Bench#2026x' }),
});
if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
const cookie = login.headers.get('set-cookie')!.split(';')[0]!;

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
     where status <> 'closed' and region_path like '420000/420100/420111/%' order by id limit 20000`,
  )
).rows;
const foundOn = addCalendarDays(shanghaiDate(new Date()), -1);
const deadline = addCalendarDays(foundOn, 7);
const tag = Date.now();
const rows = Array.from({ length: N }, (_, i) => ({
  enterpriseId: ents[i % ents.length]!.id,
  source: 'other',
  category: i % 3 ? 'site' : 'management',
  description: `外部系统报送的隐患 ${i}`,
  location: '生产车间',
  foundOn,
  externalRef: `intake:${tag}:${i}`,
}));
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
async function bareCopy(from: number): Promise<number> {
  const nowIso = new Date().toISOString();
  const cells = rows.slice(from, from + BATCH).map((r, k) => {
    const e = ents[(from + k) % ents.length]!;
    return [
      randomUUID(),
      e.id,
      e.region_code,
      e.region_path,
      e.industry_category,
      e.industry_code,
      e.department_id,
      'other',
      `copy:${tag}:${from + k}`,
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
  const t = performance.now();
  const client = await pool.connect();
  try {
    const stream = client.query(
      copyFrom(`COPY general_hazards (${copyCols.join(',')}) FROM STDIN WITH (FORMAT csv, NULL '\\N')`),
    );
    async function* chunks() {
      for (let i = 0; i < cells.length; i += 5000) yield toCsvLines(cells.slice(i, i + 5000), '\\N');
    }
    await pipeline(Readable.from(chunks()), stream);
  } finally {
    client.release();
  }
  return performance.now() - t;
}

let apiMs = 0;
let copyMs = 0;
for (let i = 0; i < N; i += BATCH) {
  copyMs += await bareCopy(i);
  const t = performance.now();
  const res = await app.request('/api/general-hazards/batch', {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ rows: rows.slice(i, i + BATCH) }),
  });
  if (res.status !== 200) throw new Error(`batch ${i}: ${res.status} ${(await res.text()).slice(0, 300)}`);
  await res.arrayBuffer();
  apiMs += performance.now() - t;
}
const hazards = Number((await pool.query('select count(*) as n from general_hazards')).rows[0].n);
const result = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, loadavg: os.loadavg() },
  data: { hazardsInLedger: hazards, rows: N, batch: BATCH },
  apiMs: Math.round(apiMs),
  copyMs: Math.round(copyMs),
  ratio: +(apiMs / copyMs).toFixed(2),
  goal: '≤ 3×',
};
console.table({
  intake: { api: `${result.apiMs} ms`, copy: `${result.copyMs} ms`, ratio: result.ratio, goal: '≤ 3×' },
});
mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true });
writeFileSync(
  path.join(import.meta.dirname, 'results/hazard-intake.json'),
  `${JSON.stringify(result, null, 2)}\n`,
);
await database.close?.();
