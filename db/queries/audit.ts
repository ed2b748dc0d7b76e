import { desc, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { GENESIS_HASH, chainHash } from '../hash-chain.js';
import { auditLog } from '../schema/index.js';

export interface AuditEntry {
  actorId: string | null;
  actorRole: string;
  action: string;
  resource: string;
  resourceId?: string | null;
  requestId?: string | null;
  payload?: unknown;
}

/**
 * Appends to the product-wide audit trail. The chain is extended under a transaction-scoped advisory lock so
 * concurrent writers never fork it.
 */
export async function appendAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('duban.audit_log'))`);
    const [last] = await tx
      .select({ hash: auditLog.hash })
      .from(auditLog)
      .orderBy(desc(auditLog.id))
      .limit(1);
    const prevHash = last?.hash ?? GENESIS_HASH;
    const at = new Date();
    const record = {
      ...entry,
      resourceId: entry.resourceId ?? null,
      requestId: entry.requestId ?? null,
      payload: entry.payload ?? null,
      at: at.toISOString(),
    };
    await tx.insert(auditLog).values({ ...record, at, prevHash, hash: chainHash(prevHash, record) });
  });
}
