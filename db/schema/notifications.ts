import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { cases } from './cases.js';
import { regions, users } from './registry.js';

/**
 * The outbox: one row per message and channel, written in the same transaction as the transition that caused
 * it (so a rolled-back transition notifies nobody and a committed one is never forgotten). `key` is unique: a
 * retried transition writes no second row. The dispatcher (workflows/outbox.workflow.ts) claims rows, delivers
 * them and marks them sent (docs/adr/0009-notification-outbox.md).
 */
export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    key: text('key').notNull(), // idempotency key, also sent to webhooks and SMS gateways
    channel: text('channel', { enum: ['in_app', 'email', 'sms', 'webhook'] }).notNull(),
    kind: text('kind').notNull(), // task_assigned | reminder_due | urged | escalated | document_issued | ...
    recipientUserId: uuid('recipient_user_id').references(() => users.id),
    webhookId: uuid('webhook_id'),
    address: text('address'), // e-mail address, phone number or URL, resolved when written
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    link: text('link'),
    caseId: uuid('case_id').references(() => cases.id),
    payload: jsonb('payload'),
    status: text('status', { enum: ['pending', 'sending', 'sent', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('outbox_key_uq').on(t.key),
    index('outbox_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} in ('pending', 'sending')`),
  ],
);

/** The in-app inbox (通知中心). Its id is the outbox row's: delivering twice cannot make two. */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    link: text('link'),
    caseId: uuid('case_id').references(() => cases.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    index('notifications_user_created_idx').on(t.userId, t.createdAt),
    index('notifications_user_unread_idx')
      .on(t.userId)
      .where(sql`${t.readAt} is null`),
  ],
);

/** A person's channels: in-app always; e-mail and SMS when they ask for them. */
export const notificationPreferences = pgTable('notification_preferences', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  email: text('email'),
  phone: text('phone'), // defaults to users.phone when null
  channels: text('channels')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`), // 'email' | 'sms'
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Other government systems that receive events, HMAC-signed (each with its own secret), within a jurisdiction. */
export const webhookSubscriptions = pgTable('webhook_subscriptions', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  url: text('url').notNull(),
  secret: text('secret').notNull(),
  kinds: text('kinds')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`), // empty: every kind
  regionCode: text('region_code').references(() => regions.code), // null: everywhere
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  createdBy: uuid('created_by'),
});

/**
 * 公示: the listing and delisting of major hazards as the public may read them, written by the publication steps.
 * Only what is published is here: no description, no people, no contacts.
 */
export const publicNotices = pgTable(
  'public_notices',
  {
    id: uuid('id').primaryKey(), // derived from (case, kind): a step retried publishes once
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    kind: text('kind', { enum: ['listing', 'delisting'] }).notNull(),
    regionCode: text('region_code').notNull(),
    regionPath: text('region_path').notNull(),
    regionName: text('region_name').notNull(),
    enterpriseName: text('enterprise_name').notNull(),
    hazardTitle: text('hazard_title').notNull(),
    level: text('level'),
    listingAuthority: text('listing_authority'),
    supervisingUnit: text('supervising_unit'),
    listedOn: text('listed_on'), // yyyy-MM-dd, Asia/Shanghai
    rectificationDeadline: text('rectification_deadline'),
    delistedOn: text('delisted_on'),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('public_notices_region_idx').using('btree', sql`${t.regionPath} text_pattern_ops`),
    index('public_notices_published_idx').on(t.publishedAt),
    uniqueIndex('public_notices_case_kind_uq').on(t.caseId, t.kind),
  ],
);

/** A public reporter's contact (举报人联系方式), kept apart from the case: never shown to the enterprise or the public. */
export const reportContacts = pgTable('report_contacts', {
  caseId: uuid('case_id')
    .primaryKey()
    .references(() => cases.id),
  contact: text('contact').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A public form report received before its case exists (migration 0019): the contact and the photos the form stored,
 * under the reporter's tracking code. The worker's first transition moves them onto the case in the case row's own
 * transaction and deletes the row; while it is here the progress page says "received, being registered".
 */
export const publicReportIntake = pgTable('public_report_intake', {
  trackingCode: text('tracking_code').primaryKey(),
  caseId: uuid('case_id').notNull(),
  contact: text('contact'),
  photoIds: uuid('photo_ids')
    .array()
    .notNull()
    .default(sql`'{}'::uuid[]`),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
});
