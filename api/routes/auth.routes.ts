import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import { authenticate, createSession, deleteSession, userForToken } from '../../db/queries/auth.js';
import { appendAudit } from '../../db/queries/audit.js';
import type { AppDeps, AppEnv } from '../context.js';
import { errorResponses, jsonBody, jsonOk, internalErrorResponse } from '../openapi.js';

export const SESSION_COOKIE = 'duban_session';

export const userSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(['admin', 'supervisor', 'leader', 'enterprise', 'expert', 'grid_member']),
    regionCode: z.string().nullable(),
    regionPath: z.string().nullable(),
    departmentId: z.string().nullable(),
    /** The department's industries, which narrow what a supervisor or leader sees; null without a department. */
    departmentIndustries: z.array(z.string()).nullable(),
    enterpriseId: z.string().nullable(),
  })
  .openapi('User');

/** Resolves the caller from the session cookie or a bearer token; routes that need a user call requireUser. */
export function sessionMiddleware(deps: AppDeps) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization');
    const token = header?.startsWith('Bearer ') ? header.slice(7) : getCookie(c, SESSION_COOKIE);
    c.set('token', token);
    c.set('user', token ? await userForToken(deps.db, token) : undefined);
    await next();
  });
}

export function requireUser(c: { get(key: 'user'): AppEnv['Variables']['user'] }) {
  const user = c.get('user');
  if (!user) throw new HTTPException(401, { message: '请先登录' });
  return user;
}

const credentials = z.object({
  username: z.string().trim().min(1, { error: '请输入用户名' }).max(64),
  password: z.string().min(1, { error: '请输入密码' }).max(256),
});

export function authRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'Lax' as const,
    path: '/',
    secure: deps.config.COOKIE_SECURE,
  };

  app.openapi(
    createRoute({
      method: 'post',
      path: '/auth/login',
      operationId: 'login',
      tags: ['auth'],
      summary: 'Log in with username and password; sets the HTTP-only session cookie',
      request: { body: jsonBody(credentials) },
      responses: {
        200: jsonOk(z.object({ user: userSchema })),
        422: errorResponses[422],
        401: errorResponses[401],
        429: errorResponses[401],
      },
    }),
    async (c) => {
      const { username, password } = c.req.valid('json');
      let user;
      try {
        user = await authenticate(deps.db, username, password);
      } catch (err) {
        await appendAudit(deps.db, {
          actorId: null,
          actorRole: 'public',
          action: 'login_failed',
          resource: 'users',
          resourceId: username,
          requestId: c.get('requestId'),
        });
        throw err;
      }
      const token = await createSession(deps.db, user.id, deps.config.SESSION_TTL_HOURS);
      setCookie(c, SESSION_COOKIE, token, { ...cookieOptions, maxAge: deps.config.SESSION_TTL_HOURS * 3600 });
      await appendAudit(deps.db, {
        actorId: user.id,
        actorRole: user.role,
        action: 'login',
        resource: 'users',
        resourceId: user.id,
        requestId: c.get('requestId'),
      });
      return c.json({ user }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/auth/tokens',
      operationId: 'createToken',
      tags: ['auth'],
      summary: 'Issue a bearer token for a machine client (send it as Authorization: Bearer <token>)',
      request: { body: jsonBody(credentials) },
      responses: {
        201: jsonOk(z.object({ token: z.string(), expiresInHours: z.number() })),
        401: errorResponses[401],
        422: errorResponses[422],
      },
    }),
    async (c) => {
      const { username, password } = c.req.valid('json');
      const user = await authenticate(deps.db, username, password);
      const token = await createSession(deps.db, user.id, deps.config.SESSION_TTL_HOURS, 'bearer');
      await appendAudit(deps.db, {
        actorId: user.id,
        actorRole: user.role,
        action: 'token_issued',
        resource: 'users',
        resourceId: user.id,
        requestId: c.get('requestId'),
      });
      return c.json({ token, expiresInHours: deps.config.SESSION_TTL_HOURS }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/auth/logout',
      operationId: 'logout',
      tags: ['auth'],
      responses: { 204: { description: 'Logged out' }, ...internalErrorResponse },
    }),
    async (c) => {
      const token = c.get('token');
      if (token) await deleteSession(deps.db, token);
      deleteCookie(c, SESSION_COOKIE, cookieOptions);
      return c.body(null, 204);
    },
  );

  // The console's first question on every visit. Logged out is an answer, not a failure: a 401 here would be a
  // failed request (a console error) on every first visit, and react-query would retry it.
  app.openapi(
    createRoute({
      method: 'get',
      path: '/auth/session',
      operationId: 'getSession',
      tags: ['auth'],
      summary: 'Who is logged in: the user, or null when nobody is (never 401)',
      responses: { 200: jsonOk(z.object({ user: userSchema.nullable() })), ...internalErrorResponse },
    }),
    (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json({ user: c.get('user') ?? null }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/me',
      operationId: 'getMe',
      tags: ['auth'],
      summary: 'The logged-in user',
      responses: { 200: jsonOk(userSchema), 401: errorResponses[401] },
    }),
    (c) => c.json(requireUser(c), 200),
  );
  return app;
}
