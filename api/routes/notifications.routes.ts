import { randomBytes } from 'node:crypto';
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { appendAudit } from '../../db/queries/audit.js';
import { listQuerySchema } from '../../db/queries/list-params.js';
import {
  createWebhook,
  getPreferences,
  listMyNotifications,
  listWebhooks,
  markAllRead,
  markRead,
  setPreferences,
  unreadCount,
  updateWebhook,
  type NotificationRow,
  type WebhookRow,
} from '../../db/queries/notifications.js';
import { DomainError } from '../../domain/errors.js';
import { notificationKinds, personalChannels, preferencesSchema } from '../../domain/notifications.js';
import type { AppDeps, AppEnv } from '../context.js';
import { errorResponses, forbiddenResponse, jsonBody, jsonOk } from '../openapi.js';
import { requireUser } from './auth.routes.js';

const notificationSchema = z
  .object({
    id: z.uuid(),
    kind: z.string(),
    title: z.string(),
    body: z.string(),
    link: z.string().nullable(),
    caseId: z.string().nullable(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .openapi('Notification');
const toNotification = (r: NotificationRow) => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  link: r.link,
  caseId: r.caseId,
  createdAt: r.createdAt.toISOString(),
  readAt: r.readAt?.toISOString() ?? null,
});
const preferencesOut = z
  .object({
    email: z.string().nullable(),
    phone: z.string().nullable(),
    accountPhone: z.string().nullable(),
    channels: z.array(z.enum(personalChannels)),
    available: z.array(z.enum(personalChannels)),
  })
  .openapi('NotificationPreferences');
const kindEnum = z.enum(Object.keys(notificationKinds) as [keyof typeof notificationKinds], {
  error: '通知类型无效',
});
const webhookIn = z.object({
  name: z.string().trim().min(1, { error: '名称不能为空' }).max(100),
  url: z.url({ protocol: /^https?$/, error: '地址应为 http(s) URL' }).max(500),
  kinds: z.array(kindEnum).max(10).default([]),
  regionCode: z
    .string()
    .regex(/^\d{6,12}$/, { error: '行政区划代码应为6至12位数字' })
    .nullable()
    .default(null),
  active: z.boolean().default(true),
});
const webhookOut = z
  .object({
    id: z.uuid(),
    name: z.string(),
    url: z.string(),
    kinds: z.array(z.string()),
    regionCode: z.string().nullable(),
    active: z.boolean(),
    createdAt: z.string(),
    secret: z.string().optional().openapi({ description: 'Shown once, when the subscription is created' }),
  })
  .openapi('WebhookSubscription');
const toWebhook = ({ secret: _s, createdBy: _c, createdAt, ...w }: WebhookRow) => ({
  ...w,
  createdAt: createdAt.toISOString(),
});
const idParam = z.object({ id: z.uuid({ error: '编号无效' }) });

/** 通知中心 (everyone's own), notification preferences, and webhook subscriptions (administrators). */
export function notificationRoutes(deps: AppDeps) {
  const { db, config } = deps;
  const app = new OpenAPIHono<AppEnv>();
  const now = () => deps.now?.() ?? new Date();
  const available = () =>
    personalChannels.filter((c) => (c === 'email' ? !!config.SMTP_URL : !!config.SMS_GATEWAY_URL));

  app.openapi(
    createRoute({
      method: 'get',
      path: '/notifications',
      operationId: 'listNotifications',
      tags: ['notifications'],
      summary: 'The caller\'s own notifications, newest first (filter {"unread":true})',
      request: { query: listQuerySchema },
      responses: {
        200: jsonOk(z.array(notificationSchema)),
        401: errorResponses[401],
        422: errorResponses[422],
      },
    }),
    async (c) => {
      const user = requireUser(c);
      const { rows, total, from } = await listMyNotifications(db, user.id, c.req.valid('query'));
      c.header('Content-Range', `notifications ${from}-${from + Math.max(rows.length - 1, 0)}/${total}`);
      return c.json(rows.map(toNotification), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/notifications/unread-count',
      operationId: 'unreadNotificationCount',
      tags: ['notifications'],
      summary: 'How many of the caller’s notifications are unread (the bell’s badge)',
      responses: { 200: jsonOk(z.object({ count: z.number().int() })), 401: errorResponses[401] },
    }),
    async (c) => c.json({ count: await unreadCount(db, requireUser(c).id) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/notifications/{id}/read',
      operationId: 'markNotificationRead',
      tags: ['notifications'],
      summary: 'Mark one of the caller’s notifications read',
      request: { params: idParam },
      responses: { 200: jsonOk(notificationSchema), ...errorResponses },
    }),
    async (c) => {
      const user = requireUser(c);
      return c.json(toNotification(await markRead(db, user.id, c.req.valid('param').id, now())), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/notifications/read-all',
      operationId: 'markAllNotificationsRead',
      tags: ['notifications'],
      summary: 'Mark all the caller’s notifications read; returns how many were unread',
      responses: { 200: jsonOk(z.object({ count: z.number().int() })), 401: errorResponses[401] },
    }),
    async (c) => c.json({ count: await markAllRead(db, requireUser(c).id, now()) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/me/notification-preferences',
      operationId: 'getNotificationPreferences',
      tags: ['notifications'],
      summary: 'The channels the caller chose (in-app always) and those this deployment offers',
      responses: { 200: jsonOk(preferencesOut), 401: errorResponses[401] },
    }),
    async (c) => {
      const p = await getPreferences(db, requireUser(c).id);
      return c.json({ ...p, available: available() }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/me/notification-preferences',
      operationId: 'setNotificationPreferences',
      tags: ['notifications'],
      summary: 'Choose e-mail and/or SMS besides in-app; an address is needed for each channel chosen',
      request: { body: jsonBody(preferencesSchema) },
      responses: { 200: jsonOk(preferencesOut), ...errorResponses },
    }),
    async (c) => {
      const user = requireUser(c);
      const p = c.req.valid('json');
      const offered = available();
      const errors: Record<string, string> = {};
      for (const ch of p.channels)
        if (!offered.includes(ch)) errors.channels = `本系统未开通${ch === 'email' ? '邮件' : '短信'}通知`;
      if (p.channels.includes('email') && !p.email) errors.email = '选择邮件通知须填写邮箱';
      const current = await getPreferences(db, user.id);
      if (p.channels.includes('sms') && !(p.phone ?? current.accountPhone))
        errors.phone = '选择短信通知须填写手机号';
      if (Object.keys(errors).length > 0)
        throw new DomainError('VALIDATION', Object.values(errors)[0]!, errors);
      await setPreferences(db, user.id, p);
      await appendAudit(db, {
        actorId: user.id,
        actorRole: user.role,
        action: 'set_notification_preferences',
        resource: 'users',
        resourceId: user.id,
        requestId: c.get('requestId'),
        payload: { channels: p.channels },
      });
      return c.json({ ...(await getPreferences(db, user.id)), available: offered }, 200);
    },
  );

  const requireAdmin = (c: Parameters<typeof requireUser>[0]) => {
    const user = requireUser(c);
    if (user.role !== 'admin') throw new DomainError('FORBIDDEN', '只有系统管理员可以管理数据推送');
    return user;
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/webhook-subscriptions',
      operationId: 'listWebhookSubscriptions',
      tags: ['notifications'],
      summary: 'Webhook subscriptions of other government systems (administrators)',
      responses: { 200: jsonOk(z.array(webhookOut)), 401: errorResponses[401], ...forbiddenResponse },
    }),
    async (c) => {
      requireAdmin(c);
      const rows = await listWebhooks(db);
      c.header('Content-Range', `webhook-subscriptions 0-${Math.max(rows.length - 1, 0)}/${rows.length}`);
      return c.json(rows.map(toWebhook), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/webhook-subscriptions',
      operationId: 'createWebhookSubscription',
      tags: ['notifications'],
      summary: 'Subscribe a system to events; the answer shows the HMAC secret once',
      request: { body: jsonBody(webhookIn) },
      responses: { 201: jsonOk(webhookOut), ...errorResponses, ...forbiddenResponse },
    }),
    async (c) => {
      const user = requireAdmin(c);
      const secret = randomBytes(24).toString('base64url');
      const row = await createWebhook(db, { ...c.req.valid('json'), secret, createdBy: user.id });
      await appendAudit(db, {
        actorId: user.id,
        actorRole: user.role,
        action: 'create',
        resource: 'webhook_subscriptions',
        resourceId: row.id,
        requestId: c.get('requestId'),
        payload: { name: row.name, url: row.url },
      });
      return c.json({ ...toWebhook(row), secret }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/webhook-subscriptions/{id}',
      operationId: 'updateWebhookSubscription',
      tags: ['notifications'],
      summary: 'Change or deactivate a subscription (the secret stays)',
      request: { params: idParam, body: jsonBody(webhookIn) },
      responses: { 200: jsonOk(webhookOut), ...errorResponses, ...forbiddenResponse },
    }),
    async (c) => {
      const user = requireAdmin(c);
      const row = await updateWebhook(db, c.req.valid('param').id, c.req.valid('json'));
      await appendAudit(db, {
        actorId: user.id,
        actorRole: user.role,
        action: 'update',
        resource: 'webhook_subscriptions',
        resourceId: row.id,
        requestId: c.get('requestId'),
        payload: { name: row.name, url: row.url, active: row.active },
      });
      return c.json(toWebhook(row), 200);
    },
  );
  return app;
}
