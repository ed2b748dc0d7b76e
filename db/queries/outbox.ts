/**
 * The outbox (docs/adr/0009-notification-outbox.md): written in the transaction of the fact that causes a message,
 * read by the dispatcher. Each row is one message on one channel to one recipient; its `key` is unique, so a
 * retried transition writes nothing twice, and it travels with the message (Message-ID, Idempotency-Key) so a
 * receiver can tell a resend from a new message.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import {
  notificationPreferences,
  notifications,
  outbox,
  users,
  webhookSubscriptions,
} from '../schema/index.js';
import type { Audience, Channel, NotificationIntent } from '../../domain/notifications.js';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type OutboxRow = typeof outbox.$inferSelect;

interface Person {
  id: string;
  phone: string | null;
  email: string | null;
  prefPhone: string | null;
  channels: string[] | null;
}

async function peopleOf(tx: Tx | Db, a: Audience): Promise<Person[]> {
  const cols = {
    id: users.id,
    phone: users.phone,
    email: notificationPreferences.email,
    prefPhone: notificationPreferences.phone,
    channels: notificationPreferences.channels,
  };
  const q = tx
    .select(cols)
    .from(users)
    .leftJoin(notificationPreferences, eq(notificationPreferences.userId, users.id));
  if ('user' in a) return q.where(and(eq(users.id, a.user), eq(users.active, true)));
  if ('enterprise' in a) return q.where(and(eq(users.enterpriseId, a.enterprise), eq(users.active, true)));
  if ('admins' in a) return q.where(and(eq(users.role, 'admin'), eq(users.active, true)));
  // Supervisors/leaders whose region is the case's or above it; only the nearest level that has any is told (a
  // province's supervisors are not paged for every street's task), and a department member only for its industries.
  const chain = a.regionPath.split('/').filter(Boolean);
  const rows = await tx
    .select({
      ...cols,
      regionCode: users.regionCode,
      industries: sql<
        string[] | null
      >`(select d.industry_codes from departments d where d.id = ${users.departmentId})`,
    })
    .from(users)
    .leftJoin(notificationPreferences, eq(notificationPreferences.userId, users.id))
    .where(and(eq(users.role, a.role), eq(users.active, true), inArray(users.regionCode, chain)));
  const fits = rows.filter(
    (r) => !r.industries || (a.industryCategory !== null && r.industries.includes(a.industryCategory)),
  );
  const depth = Math.max(-1, ...fits.map((r) => chain.indexOf(r.regionCode!)));
  return fits.filter((r) => chain.indexOf(r.regionCode!) === depth);
}

function rowsFor(intent: NotificationIntent, p: Person): (typeof outbox.$inferInsert)[] {
  const common = {
    kind: intent.kind,
    recipientUserId: p.id,
    subject: intent.subject,
    body: intent.body,
    link: intent.link ?? null,
    caseId: intent.caseId ?? null,
    payload: intent.data ?? null,
  };
  const out: (typeof outbox.$inferInsert)[] = [
    { ...common, key: `${intent.key}:${p.id}:in_app`, channel: 'in_app' },
  ];
  const chosen = new Set(p.channels ?? []);
  if (chosen.has('email') && p.email)
    out.push({ ...common, key: `${intent.key}:${p.id}:email`, channel: 'email', address: p.email });
  const phone = p.prefPhone ?? p.phone;
  if (chosen.has('sms') && phone)
    out.push({ ...common, key: `${intent.key}:${p.id}:sms`, channel: 'sms', address: phone });
  return out;
}

/**
 * Writes the messages of some notifications, inside the caller's transaction. Returns how many rows were new (a
 * retried transition writes none).
 */
export async function enqueueNotifications(tx: Tx | Db, intents: NotificationIntent[]): Promise<number> {
  if (intents.length === 0) return 0;
  const rows: (typeof outbox.$inferInsert)[] = [];
  for (const intent of intents) {
    for (const person of await peopleOf(tx, intent.audience)) rows.push(...rowsFor(intent, person));
  }
  // Other government systems subscribed to this kind of event in the case's jurisdiction (or everywhere).
  const hooks = await tx.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.active, true));
  for (const intent of intents) {
    for (const h of hooks) {
      if (h.kinds.length > 0 && !h.kinds.includes(intent.kind)) continue;
      if (h.regionCode && !`/${intent.regionPath ?? ''}`.includes(`/${h.regionCode}/`)) continue;
      rows.push({
        key: `${intent.key}:webhook:${h.id}`,
        channel: 'webhook',
        kind: intent.kind,
        webhookId: h.id,
        address: h.url,
        subject: intent.subject,
        body: intent.body,
        link: intent.link ?? null,
        caseId: intent.caseId ?? null,
        payload: intent.data ?? null,
      });
    }
  }
  // One webhook message per fact, not per person: the same key collapses the duplicates of one intent.
  const unique = [...new Map(rows.map((r) => [r.key, r])).values()];
  if (unique.length === 0) return 0;
  const inserted = await tx
    .insert(outbox)
    .values(unique)
    .onConflictDoNothing({ target: outbox.key })
    .returning({ id: outbox.id });
  return inserted.length;
}

/**
 * Claims the next message due on one of `channels` for `leaseMs`: a dispatcher that dies holding it loses it when
 * the lease ends, and another takes it (sending it again under the same key). SKIP LOCKED lets dispatchers run
 * side by side.
 */
export async function claimNext(
  db: Db,
  p: { channels: Channel[]; leaseMs: number },
): Promise<OutboxRow | undefined> {
  const rows = await db.execute<Record<string, unknown>>(sql`
    update ${outbox} set status = 'sending', attempts = ${outbox.attempts} + 1,
      locked_until = now() + ${`${p.leaseMs} milliseconds`}::interval
    where ${outbox.id} = (
      select o.id from ${outbox} o
      where o.status in ('pending', 'sending') and o.next_attempt_at <= now()
        and (o.locked_until is null or o.locked_until < now())
        and o.channel in ${sql.raw(`(${p.channels.map((c) => `'${c}'`).join(',')})`)}
      order by o.next_attempt_at, o.created_at
      limit 1 for update skip locked)
    returning id`);
  const id =
    (rows as unknown as { rows?: { id: string }[] }).rows?.[0]?.id ??
    (rows as unknown as { id: string }[])[0]?.id;
  if (!id) return undefined;
  const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
  return row;
}

export async function markSent(db: Db | Tx, id: string): Promise<void> {
  await db
    .update(outbox)
    .set({ status: 'sent', sentAt: sql`now()`, lockedUntil: null, lastError: null })
    .where(and(eq(outbox.id, id), eq(outbox.status, 'sending')));
}

/** A failed attempt: tried again at `retryAt`, or given up (`failed`) when null. */
export async function markFailedAttempt(
  db: Db,
  id: string,
  error: string,
  retryAt: Date | null,
): Promise<void> {
  await db
    .update(outbox)
    .set(
      retryAt
        ? { status: 'pending', lockedUntil: null, nextAttemptAt: retryAt, lastError: error.slice(0, 1000) }
        : { status: 'failed', lockedUntil: null, lastError: error.slice(0, 1000) },
    )
    .where(and(eq(outbox.id, id), eq(outbox.status, 'sending')));
}

/** In-app delivery: the inbox row (its id is the message's) and the mark, in one transaction: exactly once. */
export async function deliverInApp(db: Db, row: OutboxRow): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .insert(notifications)
      .values({
        id: row.id,
        userId: row.recipientUserId!,
        kind: row.kind,
        title: row.subject,
        body: row.body,
        link: row.link,
        caseId: row.caseId,
        createdAt: row.createdAt,
      })
      .onConflictDoNothing({ target: notifications.id });
    await markSent(tx, row.id);
  });
}

export async function webhookSecret(db: Db, id: string): Promise<string | undefined> {
  const [h] = await db
    .select({ secret: webhookSubscriptions.secret })
    .from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.active, true)));
  return h?.secret;
}

/**
 * 系统告警: tells every active administrator (in-app, and by e-mail/SMS where they chose them), e.g. when the nightly
 * audit-chain verification fails. `key` makes it once: the same key raised again notifies nobody twice.
 */
export async function raiseAdminAlert(
  db: Db | Tx,
  alert: { key: string; subject: string; body: string; link?: string },
): Promise<number> {
  return enqueueNotifications(db, [
    {
      key: `alert:${alert.key}`,
      kind: 'system_alert',
      audience: { admins: true },
      subject: alert.subject,
      body: alert.body,
      ...(alert.link ? { link: alert.link } : {}),
    },
  ]);
}
