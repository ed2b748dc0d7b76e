/**
 * Idempotency-Key records (api/idempotency.ts), shape `fn(db, params)`.
 *
 * - `claimIdempotencyKey(db, { userId, key, requestHash, now, ttlMs, leaseMs })` → what to do with the request:
 *   run it (`claimed`, with the operation id to use), `replay` the stored response, refuse it as a `mismatch`
 *   (the key was used for another request) or as `in_progress` (a duplicate is running right now).
 * - `completeIdempotencyKey(db, { userId, key, status, response })`: stores the first successful response.
 * - `forgetIdempotencyKey(db, { userId, key })`: the request failed without effect (4xx): the key is free again.
 * - `releaseIdempotencyKey(db, { userId, key })`: the request broke (5xx): the lease ends, the operation id stays,
 *   so a retry takes over the same operation (the same case id, the same Temporal update id) instead of a new one.
 */
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { idempotencyKeys } from '../schema/index.js';

export type IdempotencyClaim =
  | { kind: 'claimed'; operationId: string }
  | { kind: 'replay'; status: number; response: string }
  | { kind: 'mismatch' }
  | { kind: 'in_progress' };

const rowKey = (userId: string, key: string) => `${userId}:${key}`;

export async function claimIdempotencyKey(
  db: Db,
  p: { userId: string; key: string; requestHash: string; now: Date; ttlMs: number; leaseMs: number },
): Promise<IdempotencyClaim> {
  const key = rowKey(p.userId, p.key);
  const leaseEnd = new Date(p.now.getTime() + p.leaseMs);
  // Cleanup on write: expired keys go (any user's, served by the expires_at index), so this one may be reused.
  await db.delete(idempotencyKeys).where(lt(idempotencyKeys.expiresAt, p.now));
  // A row deleted between the insert and the read (its request just failed with a 4xx) is claimed on the next turn.
  for (let attempt = 0; attempt < 3; attempt++) {
    const [inserted] = await db
      .insert(idempotencyKeys)
      .values({
        key,
        userId: p.userId,
        requestHash: p.requestHash,
        lockedUntil: leaseEnd,
        createdAt: p.now,
        expiresAt: new Date(p.now.getTime() + p.ttlMs),
      })
      .onConflictDoNothing({ target: idempotencyKeys.key })
      .returning({ operationId: idempotencyKeys.operationId });
    if (inserted) return { kind: 'claimed', operationId: inserted.operationId };
    const [row] = await db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key));
    if (!row) continue;
    if (row.requestHash !== p.requestHash) return { kind: 'mismatch' };
    if (row.status !== null && row.response !== null)
      return { kind: 'replay', status: row.status, response: row.response };
    // Pending: take it over only when its lease has run out (its process died or it broke with a 5xx). The
    // conditional UPDATE lets one taker win: a second waits for the row lock, then no longer matches.
    const [taken] = await db
      .update(idempotencyKeys)
      .set({ lockedUntil: leaseEnd })
      .where(
        and(
          eq(idempotencyKeys.key, key),
          isNull(idempotencyKeys.status),
          or(isNull(idempotencyKeys.lockedUntil), lt(idempotencyKeys.lockedUntil, p.now)),
        ),
      )
      .returning({ operationId: idempotencyKeys.operationId });
    return taken ? { kind: 'claimed', operationId: taken.operationId } : { kind: 'in_progress' };
  }
  return { kind: 'in_progress' };
}

export async function completeIdempotencyKey(
  db: Db,
  p: { userId: string; key: string; status: number; response: string },
): Promise<void> {
  // The first completion wins (a taken-over request may finish too; both answers describe the one operation).
  await db
    .update(idempotencyKeys)
    .set({ status: p.status, response: p.response, lockedUntil: null })
    .where(and(eq(idempotencyKeys.key, rowKey(p.userId, p.key)), isNull(idempotencyKeys.status)));
}

export async function forgetIdempotencyKey(db: Db, p: { userId: string; key: string }): Promise<void> {
  await db
    .delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.key, rowKey(p.userId, p.key)), isNull(idempotencyKeys.status)));
}

export async function releaseIdempotencyKey(db: Db, p: { userId: string; key: string }): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set({ lockedUntil: sql`null` })
    .where(and(eq(idempotencyKeys.key, rowKey(p.userId, p.key)), isNull(idempotencyKeys.status)));
}
