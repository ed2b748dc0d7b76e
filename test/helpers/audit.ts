import { asc } from 'drizzle-orm';
import { expect } from 'vitest';
import { schema, type Db } from '../../db/client.js';
import { GENESIS_HASH, chainHash } from '../../db/hash-chain.js';

/**
 * Reads the whole audit trail in id order and checks its chain: each record's prevHash is the hash before it, and
 * its hash covers its own content. Returns the records.
 */
export async function verifiedAuditChain(db: Db) {
  const log = await db.select().from(schema.auditLog).orderBy(asc(schema.auditLog.id));
  let prev = GENESIS_HASH;
  for (const e of log) {
    expect(e.prevHash).toBe(prev);
    const { actorId, actorRole, action, resource, resourceId, requestId, payload } = e;
    const record = {
      actorId,
      actorRole,
      action,
      resource,
      resourceId,
      requestId,
      payload,
      at: e.at.toISOString(),
    };
    expect(e.hash).toBe(chainHash(prev, record));
    prev = e.hash;
  }
  return log;
}

/**
 * The verified trail without the `refused` records (api/audit-refusals.ts): what was written. A test that checks the
 * writes of a resource reads these; the refusals are checked on their own (a refused command changes nothing but
 * leaves its trace).
 */
export async function verifiedWrites(db: Db) {
  return (await verifiedAuditChain(db)).filter((e) => e.action !== 'refused');
}

/** The `refused` records of the verified trail: status, code and fields of each refused write, in order. */
export async function verifiedRefusals(db: Db) {
  return (await verifiedAuditChain(db))
    .filter((e) => e.action === 'refused')
    .map((e) => ({
      ...e,
      why: e.payload as { method: string; path: string; status: number; code: string | null },
    }));
}
