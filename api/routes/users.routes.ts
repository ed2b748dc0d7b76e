import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { appendAudit } from '../../db/queries/audit.js';
import { listQuerySchema } from '../../db/queries/list-params.js';
import {
  changeOwnPassword,
  createUser,
  createUserInput,
  getUser,
  listUsers,
  passwordSchema,
  resetPassword,
  updateUser,
  userInput,
} from '../../db/queries/users.js';
import { DomainError } from '../../domain/errors.js';
import { roles } from '../../domain/roles.js';
import type { AppDeps, AppEnv } from '../context.js';
import { errorResponses, forbiddenResponse, jsonBody, jsonOk } from '../openapi.js';
import { requireUser } from './auth.routes.js';

const account = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(roles),
    regionCode: z.string().nullable(),
    departmentId: z.string().nullable(),
    enterpriseId: z.string().nullable(),
    phone: z.string().nullable(),
    unit: z.string().nullable(),
    active: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Account');
const idParam = z.object({ id: z.uuid({ error: '用户编号无效' }) });
const conflict = {
  409: {
    description: 'The username is taken, or the change would lock the administrator out',
    content: { 'application/json': { schema: errorResponses[422].content['application/json'].schema } },
  },
};

/** 用户管理: administrators manage accounts; everyone may change their own password. */
export function userRoutes(deps: AppDeps) {
  const { db } = deps;
  const app = new OpenAPIHono<AppEnv>();
  const requireAdmin = (c: Parameters<typeof requireUser>[0]) => {
    const user = requireUser(c);
    if (user.role !== 'admin') throw new DomainError('FORBIDDEN', '只有系统管理员可以管理用户');
    return user;
  };
  const audit = (
    c: { get(key: 'requestId'): string },
    user: { id: string; role: string },
    action: string,
    resourceId: string,
    payload: Record<string, unknown>,
  ) =>
    appendAudit(db, {
      actorId: user.id,
      actorRole: user.role,
      action,
      resource: 'users',
      resourceId,
      requestId: c.get('requestId'),
      payload,
    });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/users',
      operationId: 'listUsers',
      tags: ['users'],
      summary: 'Accounts (administrators only), filter {q, role, active, regionCode, enterpriseId}',
      request: { query: listQuerySchema },
      responses: { 200: jsonOk(z.array(account)), ...errorResponses, ...forbiddenResponse },
    }),
    async (c) => {
      requireAdmin(c);
      const { rows, total, from } = await listUsers(db, c.req.valid('query'));
      c.header('Content-Range', `users ${from}-${from + Math.max(rows.length - 1, 0)}/${total}`);
      return c.json(rows as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/users/{id}',
      operationId: 'getUser',
      tags: ['users'],
      request: { params: idParam },
      responses: { 200: jsonOk(account), ...errorResponses, ...forbiddenResponse },
    }),
    async (c) => {
      requireAdmin(c);
      return c.json((await getUser(db, c.req.valid('param').id)) as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/users',
      operationId: 'createUser',
      tags: ['users'],
      summary: 'Create an account with an initial password (≥10 characters, letters and digits)',
      request: { body: jsonBody(createUserInput) },
      responses: { 201: jsonOk(account), ...errorResponses, ...forbiddenResponse, ...conflict },
    }),
    async (c) => {
      const admin = requireAdmin(c);
      const body = c.req.valid('json');
      const created = await createUser(db, body);
      const { password: _p, ...logged } = body;
      await audit(c, admin, 'create', created.id, logged);
      return c.json(created as never, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/users/{id}',
      operationId: 'updateUser',
      tags: ['users'],
      summary: 'Update an account; `active: false` disables it and ends its sessions',
      request: { params: idParam, body: jsonBody(userInput.loose()) },
      responses: { 200: jsonOk(account), ...errorResponses, ...forbiddenResponse, ...conflict },
    }),
    async (c) => {
      const admin = requireAdmin(c);
      const { id } = c.req.valid('param');
      // react-admin sends the whole record back; only the editable fields are taken.
      const body = userInput.parse(c.req.valid('json'));
      const updated = await updateUser(db, id, body, admin.id);
      await audit(c, admin, body.active === false ? 'disable' : 'update', id, body);
      return c.json(updated as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/users/{id}/reset-password',
      operationId: 'resetUserPassword',
      tags: ['users'],
      summary: "Set a new password for a user (ends the user's sessions, lifts a lockout)",
      request: { params: idParam, body: jsonBody(z.object({ password: passwordSchema })) },
      responses: { 200: jsonOk(z.object({ ok: z.literal(true) })), ...errorResponses, ...forbiddenResponse },
    }),
    async (c) => {
      const admin = requireAdmin(c);
      const { id } = c.req.valid('param');
      await resetPassword(db, id, c.req.valid('json').password);
      await audit(c, admin, 'reset_password', id, {});
      return c.json({ ok: true as const }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/me/password',
      operationId: 'changeMyPassword',
      tags: ['auth'],
      summary: 'Change your own password; your other sessions end',
      request: {
        body: jsonBody(
          z.object({
            currentPassword: z.string().min(1, { error: '请输入当前密码' }).max(256),
            newPassword: passwordSchema,
          }),
        ),
      },
      responses: { 200: jsonOk(z.object({ ok: z.literal(true) })), ...errorResponses },
    }),
    async (c) => {
      const user = requireUser(c);
      const { currentPassword, newPassword } = c.req.valid('json');
      await changeOwnPassword(db, user.id, c.get('token'), currentPassword, newPassword);
      await audit(c, user, 'change_password', user.id, {});
      return c.json({ ok: true as const }, 200);
    },
  );
  return app;
}
