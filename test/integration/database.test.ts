import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, schema, type DatabaseHandle } from '../../db/client.js';
import { GENESIS_HASH, chainHash } from '../../db/hash-chain.js';
import { createTestDatabase } from '../helpers/db.js';

/** The same migrations and queries must work on a real PostgreSQL server and on embedded PGlite. */
async function exercise(handle: DatabaseHandle): Promise<void> {
  const { db } = handle;
  await db.insert(schema.regions).values([
    { code: '420000', name: '湖北省', level: 'province', parentCode: null, path: '420000/' },
    { code: '420111', name: '洪山区', level: 'district', parentCode: '420000', path: '420000/420111/' },
  ]);
  const caseId = randomUUID();
  await db.insert(schema.cases).values({
    id: caseId,
    status: 'reported',
    source: 'inspection',
    title: '粉尘爆炸危险场所未按规定设置泄爆装置',
    description: '除尘系统未设置泄爆装置',
    regionCode: '420111',
    regionPath: '420000/420111/',
    reportedAt: new Date('2026-09-30T02:00:00Z'),
  });
  const record = { type: 'reported', caseId };
  await db.insert(schema.caseEvents).values({
    caseId,
    seq: 1,
    type: 'reported',
    actorRole: 'supervisor',
    payload: record,
    occurredAt: new Date(),
    prevHash: GENESIS_HASH,
    hash: chainHash(GENESIS_HASH, record),
  });
  // Jurisdiction checks are prefix matches on the materialised region path.
  const inDistrict = await db
    .select({ id: schema.cases.id, caseNo: schema.cases.caseNo })
    .from(schema.cases)
    .where(sql`${schema.cases.regionPath} like ${'420000/420111/%'}`);
  expect(inDistrict).toEqual([{ id: caseId, caseNo: 1 }]);

  // The event log refuses edits and deletions.
  await expect(
    db.update(schema.caseEvents).set({ type: 'forged' }).where(eq(schema.caseEvents.caseId, caseId)),
  ).rejects.toThrow();
  await expect(db.delete(schema.caseEvents).where(eq(schema.caseEvents.caseId, caseId))).rejects.toThrow();
  const [event] = await db.select().from(schema.caseEvents).where(eq(schema.caseEvents.caseId, caseId));
  expect(event?.type).toBe('reported');
  // (case_id, seq) is unique: a retried append cannot duplicate an event.
  await expect(
    db
      .insert(schema.caseEvents)
      .values({ ...event!, id: undefined, hash: 'x' } as typeof schema.caseEvents.$inferInsert),
  ).rejects.toThrow();
}

describe('database on real PostgreSQL', () => {
  let handle: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => handle?.drop());

  it('applies the migrations and serves the queries', async () => {
    await exercise(handle);
  });

  it('survives a connection the server drops while it is checked out between two statements', async () => {
    // PostgreSQL going away mid-transaction (a restart) must fail that transaction, not end the process: before
    // db/client.ts gave every client an error listener, the dropped connection's 'error' was uncaught (vitest
    // reports it as an unhandled error, failing this file).
    const killer = handle.pool!;
    const outcome = await handle.db
      .transaction(async (tx) => {
        const pid = (await tx.execute(sql`select pg_backend_pid() as pid`)) as { rows: { pid: number }[] };
        const backend = pid.rows[0]!.pid;
        await killer.query('select pg_terminate_backend($1)', [backend]);
        await new Promise((r) => setTimeout(r, 300)); // the client learns of it while idle in the transaction
        await tx.execute(sql`select 1`);
        return 'committed';
      })
      .catch((err: unknown) => `failed: ${String(err)}`);
    expect(outcome).toMatch(/^failed:/);
    // The broken client is discarded; the next statement gets a new connection.
    const again = (await handle.db.execute(sql`select 1 as one`)) as { rows: unknown[] };
    expect(again.rows[0]).toEqual({ one: 1 });
  });
});

describe('database on embedded PGlite (make dev without DATABASE_URL)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'duban-pglite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('applies the same migrations, serves the same queries and keeps data across a reopen', async () => {
    const first = await openDatabase({ dataDir: dir });
    await first.migrate();
    await exercise(first);
    await first.close();

    const second = await openDatabase({ dataDir: dir });
    await second.migrate(); // a second start re-applies nothing
    const [row] = await second.db.select({ n: sql<number>`count(*)::int` }).from(schema.cases);
    expect(row?.n).toBe(1);
    await second.close();
  });
});
