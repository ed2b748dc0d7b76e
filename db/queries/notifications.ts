import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { notificationPreferences, notifications, users, webhookSubscriptions } from '../schema/index.js';
import { DomainError } from '../../domain/errors.js';
import type { Preferences } from '../../domain/notifications.js';
import { pageOf, type ListQuery, type ListResult } from './list-params.js';
import { isUuidText } from './ids.js';

export type NotificationRow = typeof notifications.$inferSelect;

/** 通知中心: a person's own notifications, newest first (filter `unread: true`). */
export async function listMyNotifications(
  db: Db,
  userId: string,
  q: ListQuery,
): Promise<ListResult<NotificationRow>> {
  const f = q.filter ?? {};
  const extra = Object.keys(f).find((k) => k !== 'unread');
  if (extra)
    throw new DomainError('VALIDATION', `不支持的筛选条件：${extra}`, {
      [`filter.${extra}`]: '可用筛选：unread',
    });
  const where = and(
    eq(notifications.userId, userId),
    f.unread === true ? isNull(notifications.readAt) : undefined,
  )!;
  const { offset, limit } = pageOf(q);
  const [rows, [count]] = await Promise.all([
    db
      .select()
      .from(notifications)
      .where(where)
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(limit)
      .offset(offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(notifications)
      .where(where),
  ]);
  return { rows, total: count?.n ?? 0, from: offset };
}

export async function unreadCount(db: Db, userId: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return r?.n ?? 0;
}

/** Marks one of the caller's notifications read; someone else's is not found. */
export async function markRead(db: Db, userId: string, id: string, at: Date): Promise<NotificationRow> {
  if (!isUuidText(id)) throw new DomainError('NOT_FOUND', '通知不存在');
  await db
    .update(notifications)
    .set({ readAt: at })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId), isNull(notifications.readAt)));
  const [row] = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)));
  if (!row) throw new DomainError('NOT_FOUND', '通知不存在');
  return row;
}

export async function markAllRead(db: Db, userId: string, at: Date): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: at })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}

export async function getPreferences(
  db: Db,
  userId: string,
): Promise<Required<Preferences> & { accountPhone: string | null }> {
  const [row] = await db
    .select({
      email: notificationPreferences.email,
      phone: notificationPreferences.phone,
      channels: notificationPreferences.channels,
      accountPhone: users.phone,
    })
    .from(users)
    .leftJoin(notificationPreferences, eq(notificationPreferences.userId, users.id))
    .where(eq(users.id, userId));
  return {
    email: row?.email ?? null,
    phone: row?.phone ?? null,
    channels: (row?.channels ?? []) as Preferences['channels'],
    accountPhone: row?.accountPhone ?? null,
  };
}

export async function setPreferences(db: Db, userId: string, p: Preferences): Promise<void> {
  const values = {
    email: p.email ?? null,
    phone: p.phone ?? null,
    channels: p.channels,
    updatedAt: new Date(),
  };
  await db
    .insert(notificationPreferences)
    .values({ userId, ...values })
    .onConflictDoUpdate({ target: notificationPreferences.userId, set: values });
}

export type WebhookRow = typeof webhookSubscriptions.$inferSelect;
export async function listWebhooks(db: Db): Promise<WebhookRow[]> {
  return db.select().from(webhookSubscriptions).orderBy(desc(webhookSubscriptions.createdAt));
}
export async function createWebhook(
  db: Db,
  values: typeof webhookSubscriptions.$inferInsert,
): Promise<WebhookRow> {
  const [row] = await db.insert(webhookSubscriptions).values(values).returning();
  return row!;
}
export async function updateWebhook(
  db: Db,
  id: string,
  values: Partial<typeof webhookSubscriptions.$inferInsert>,
): Promise<WebhookRow> {
  const [row] = isUuidText(id)
    ? await db.update(webhookSubscriptions).set(values).where(eq(webhookSubscriptions.id, id)).returning()
    : [];
  if (!row) throw new DomainError('NOT_FOUND', '订阅不存在');
  return row;
}
