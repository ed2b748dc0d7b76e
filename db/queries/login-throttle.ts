/**
 * Attempt counters of the login throttle and the public report limit (domain/login-throttle.ts), and the
 * 图形验证码 challenges, shaped `fn(db, params)`.
 *
 * - `countAttempt(db, { keys, windowMinutes })`: bumps every key in ONE statement (an upsert that starts a new window
 *   when the old one has run out) and returns each key's count, this attempt included. Concurrent attempts each
 *   get their own count — nothing is read and written back — so 30 guesses sent at once see 1, 2, … 30.
 * - `forgiveAttempt(db, { keys })`: takes a counted attempt back (it succeeded).
 * - `createCaptcha` / `consumeCaptcha`: a challenge is used once, right or wrong (a DELETE … RETURNING).
 */
import { inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { authThrottle, captchaChallenges } from '../schema/index.js';

export async function countAttempt(
  db: Db,
  p: { keys: readonly string[]; windowMinutes: number },
): Promise<Map<string, { count: number; windowStart: Date }>> {
  const window = sql.raw(`interval '${Math.trunc(p.windowMinutes)} minutes'`);
  const expired = sql`${authThrottle.windowStart} <= now() - ${window}`;
  // Sorted: two statements upserting the same keys take their row locks in the same order (no deadlock).
  const rows = await db
    .insert(authThrottle)
    .values([...p.keys].sort().map((key) => ({ key, count: 1, windowStart: sql`now()` })))
    .onConflictDoUpdate({
      target: authThrottle.key,
      set: {
        count: sql`case when ${expired} then 1 else ${authThrottle.count} + 1 end`,
        windowStart: sql`case when ${expired} then now() else ${authThrottle.windowStart} end`,
      },
    })
    .returning({ key: authThrottle.key, count: authThrottle.count, windowStart: authThrottle.windowStart });
  return new Map(rows.map((r) => [r.key, { count: r.count, windowStart: r.windowStart }]));
}

export async function forgiveAttempt(db: Db, p: { keys: readonly string[] }): Promise<void> {
  await db
    .update(authThrottle)
    .set({ count: sql`greatest(${authThrottle.count} - 1, 0)` })
    .where(inArray(authThrottle.key, [...p.keys]));
}

/** Counters whose window ended long ago, and expired challenges: run by the nightly maintenance. */
export async function purgeThrottle(db: Db, p: { olderThanMinutes: number }): Promise<void> {
  const cutoff = new Date(Date.now() - p.olderThanMinutes * 60_000);
  await db.delete(authThrottle).where(lt(authThrottle.windowStart, cutoff));
  await db.delete(captchaChallenges).where(lt(captchaChallenges.expiresAt, new Date()));
}

export async function createCaptcha(db: Db, p: { answer: string; ttlSeconds: number }): Promise<string> {
  // Cleanup on write keeps the table to the challenges of the last few minutes.
  await db.delete(captchaChallenges).where(lt(captchaChallenges.expiresAt, new Date()));
  const [row] = await db
    .insert(captchaChallenges)
    .values({ answer: p.answer, expiresAt: new Date(Date.now() + p.ttlSeconds * 1000) })
    .returning({ id: captchaChallenges.id });
  return row!.id;
}

/** Whether `answer` solves challenge `id` (case-insensitive); the challenge is gone afterwards either way. */
export async function consumeCaptcha(db: Db, p: { id: string; answer: string }): Promise<boolean> {
  const [row] = await db
    .delete(captchaChallenges)
    .where(sql`${captchaChallenges.id} = ${p.id} and ${captchaChallenges.expiresAt} > now()`)
    .returning({ answer: captchaChallenges.answer });
  return !!row && row.answer.toLowerCase() === p.answer.trim().toLowerCase();
}
