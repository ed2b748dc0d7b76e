import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import { authenticate, createSession, deleteSession, userForToken } from '../../db/queries/auth.js';
import { appendAudit } from '../../db/queries/audit.js';
import type { AppDeps, AppEnv } from '../context.js';
import svgCaptcha from 'svg-captcha';
import { createCaptcha } from '../../db/queries/login-throttle.js';
import { DomainError } from '../../domain/errors.js';
import { errorResponses, errorSchema, jsonBody, jsonOk, internalErrorResponse } from '../openapi.js';

const err401 = (description: string) => ({
  description,
  content: { 'application/json': { schema: errorSchema } },
});

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
    c.set('user', token ? await userForToken(deps.db, token, deps.config.SESSION_IDLE_MINUTES) : undefined);
    await next();
  });
}

export function requireUser(c: { get(key: 'user'): AppEnv['Variables']['user'] }) {
  const user = c.get('user');
  if (!user) throw new HTTPException(401, { message: '请先登录' });
  return user;
}

const credentials = z
  .object({
    username: z.string().trim().min(1, { error: '请输入用户名' }).max(64),
    password: z.string().min(1, { error: '请输入密码' }).max(256),
    captchaId: z.uuid({ error: '图形验证码已失效，请刷新' }).optional().openapi({
      description: 'The id of a challenge from GET /auth/captcha, after an answer with code CAPTCHA_REQUIRED',
    }),
    captcha: z.string().trim().min(1, { error: '请输入图形验证码' }).max(16).optional().openapi({
      description: 'The characters of that challenge (case-insensitive)',
    }),
  })
  .openapi('Credentials');
const captchaSchema = z
  .object({
    id: z.uuid(),
    image: z.string().openapi({ description: 'data:image/svg+xml URL of the challenge picture' }),
    expiresInSeconds: z.number().int(),
  })
  .openapi('Captcha');
const CAPTCHA_TTL_SECONDS = 300;
const loginRefusals = {
  401: err401(
    'Wrong username or password (code UNAUTHENTICATED), or a 图形验证码 is needed (code CAPTCHA_REQUIRED)',
  ),
  429: err401('Too many attempts from this address (Retry-After tells when to try again)'),
};

export function authRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'Lax' as const,
    path: '/',
    secure: deps.config.COOKIE_SECURE,
  };

  /**
   * Checks the credentials of a login or token request; every refusal is in the audit trail with the username as
   * typed, the client's address and why (a wrong password, a missing challenge, too many attempts).
   */
  const login = async (c: Context<AppEnv>, creds: z.infer<typeof credentials>) => {
    const { username, password, captchaId, captcha } = creds;
    try {
      return await authenticate(deps.db, {
        username,
        password,
        address: c.get('clientAddress'),
        captcha: captchaId && captcha ? { id: captchaId, answer: captcha } : undefined,
      });
    } catch (err) {
      if (err instanceof DomainError)
        await appendAudit(deps.db, {
          actorId: null,
          actorRole: 'public',
          action: err.code === 'UNAUTHENTICATED' ? 'login_failed' : 'login_refused',
          resource: 'users',
          resourceId: username,
          requestId: c.get('requestId'),
          payload: { address: c.get('clientAddress'), code: err.code },
        });
      throw err;
    }
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/auth/captcha',
      operationId: 'getCaptcha',
      tags: ['auth'],
      summary: '图形验证码 A new single-use challenge picture, for a login answered with CAPTCHA_REQUIRED',
      security: [],
      responses: { 200: jsonOk(captchaSchema), ...internalErrorResponse },
    }),
    async (c) => {
      // Characters that are easy to tell apart, and a little noise: a person reads it at a glance.
      const picture = svgCaptcha.create({
        size: 4,
        noise: 2,
        ignoreChars: '0oO1iIlL',
        background: '#f4f6f8',
      });
      const id = await createCaptcha(deps.db, { answer: picture.text, ttlSeconds: CAPTCHA_TTL_SECONDS });
      c.header('Cache-Control', 'no-store');
      return c.json(
        {
          id,
          image: `data:image/svg+xml;base64,${Buffer.from(picture.data).toString('base64')}`,
          expiresInSeconds: CAPTCHA_TTL_SECONDS,
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/auth/login',
      operationId: 'login',
      tags: ['auth'],
      summary: 'Log in with username and password; sets the HTTP-only session cookie',
      security: [],
      request: { body: jsonBody(credentials) },
      responses: {
        200: jsonOk(z.object({ user: userSchema })),
        422: errorResponses[422],
        ...loginRefusals,
      },
    }),
    async (c) => {
      const user = await login(c, c.req.valid('json'));
      const token = await createSession(deps.db, user.id, deps.config.SESSION_TTL_HOURS);
      setCookie(c, SESSION_COOKIE, token, { ...cookieOptions, maxAge: deps.config.SESSION_TTL_HOURS * 3600 });
      await appendAudit(deps.db, {
        actorId: user.id,
        actorRole: user.role,
        action: 'login',
        resource: 'users',
        resourceId: user.id,
        requestId: c.get('requestId'),
        payload: { address: c.get('clientAddress') },
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
      security: [],
      request: { body: jsonBody(credentials) },
      responses: {
        201: jsonOk(z.object({ token: z.string(), expiresInHours: z.number() })),
        422: errorResponses[422],
        ...loginRefusals,
      },
    }),
    async (c) => {
      const user = await login(c, c.req.valid('json'));
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
      summary: 'End the session (the cookie or bearer token sent); without one, nothing to end',
      security: [],
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
      security: [],
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
