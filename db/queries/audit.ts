import { desc, sql } from 'drizzle-orm';
import type pg from 'pg';
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

interface Pending {
  entry: AuditEntry;
  at: Date;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** One writer per database, so that its appends queue together. */
const writers = new WeakMap<Db, AuditWriter>();
/** Entries written in one transaction at most; the rest wait for the next. */
const MAX_BATCH = 200;

/**
 * Appends to the product-wide audit trail; resolves once the entry is committed. The chain is extended under a
 * transaction-scoped advisory lock so concurrent writers (other processes too) never fork it. Within a process the
 * appends are group-committed: while one transaction is writing, the entries that arrive meanwhile queue and go
 * together in the next, so under load the global lock is taken once per batch instead of once per action. Each
 * entry keeps the time it was appended. An entry the database refuses fails alone: a failed batch is written again
 * one entry at a time.
 */
export function appendAudit(db: Db, entry: AuditEntry): Promise<void> {
  let writer = writers.get(db);
  if (!writer) writers.set(db, (writer = new AuditWriter(db)));
  return writer.append(entry);
}

class AuditWriter {
  private readonly queue: Pending[] = [];
  private flushing = false;

  constructor(private readonly db: Db) {}

  append(entry: AuditEntry): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ entry, at: new Date(), resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          await writeBatch(this.db, batch);
          for (const p of batch) p.resolve();
        } catch (err) {
          if (batch.length === 1) batch[0]!.reject(err);
          else
            for (const p of batch) {
              await writeBatch(this.db, [p]).then(p.resolve, p.reject);
            }
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}

/**
 * Appends one record inside the caller's transaction, so it commits (or not) with what it records — a new case and
 * its report. It holds the chain's lock until that transaction ends: keep such transactions short.
 */
export async function appendAuditInTransaction(tx: Tx, entry: AuditEntry): Promise<void> {
  await chainInsert(tx, [{ entry, at: new Date(), resolve: () => undefined, reject: () => undefined }]);
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

async function writeBatch(db: Db, batch: readonly Pending[]): Promise<void> {
  await db.transaction((tx) => chainInsert(tx, batch));
}

async function chainInsert(tx: Tx, batch: readonly Pending[]): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('duban.audit_log'))`);
  const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  let prevHash = last?.hash ?? GENESIS_HASH;
  const rows = batch.map(({ entry, at }) => {
    const record = {
      ...entry,
      resourceId: entry.resourceId ?? null,
      requestId: entry.requestId ?? null,
      payload: entry.payload ?? null,
      at: at.toISOString(),
    };
    const hash = chainHash(prevHash, record);
    const row = { ...record, at, prevHash, hash };
    prevHash = hash;
    return row;
  });
  // One statement: its rows take their ids in the order given, so the chain follows the ids.
  await tx.insert(auditLog).values(rows);
}

/**
 * Appends one entry inside a transaction the caller holds open on a node-postgres client (a batch's COPY), so the
 * record commits or rolls back with what it records. It takes the chain's lock, which is global: call it last, just
 * before COMMIT, so the lock is held for one insert, not for the caller's whole write.
 */
export async function appendAuditOnClient(client: pg.PoolClient, entry: AuditEntry): Promise<void> {
  const at = new Date();
  await client.query(`select pg_advisory_xact_lock(hashtext('duban.audit_log'))`);
  const last = await client.query<{ hash: string }>('select hash from audit_log order by id desc limit 1');
  const record = {
    ...entry,
    resourceId: entry.resourceId ?? null,
    requestId: entry.requestId ?? null,
    payload: entry.payload ?? null,
    at: at.toISOString(),
  };
  const prevHash = last.rows[0]?.hash ?? GENESIS_HASH;
  await client.query(
    `insert into audit_log (at, actor_id, actor_role, action, resource, resource_id, request_id, payload, prev_hash, hash)
     values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10)`,
    [
      at,
      record.actorId,
      record.actorRole,
      record.action,
      record.resource,
      record.resourceId,
      record.requestId,
      record.payload === null ? null : JSON.stringify(record.payload),
      prevHash,
      chainHash(prevHash, record),
    ],
  );
}
