import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { DomainError } from '../../domain/errors.js';
import { isoDate } from '../../domain/dates.js';
import { dutyPolicyInput, dutyPolicySchema } from '../../domain/hazards/policy.js';
import type { Role } from '../../domain/roles.js';
import type { AppDeps, AppEnv } from '../context.js';
import { errorResponses, forbiddenResponse, jsonBody, jsonOk } from '../openapi.js';
import { authorDutyPolicy, dutyPolicyInForce, listDutyPolicyVersions } from '../services/duty-policies.js';
import { requireUser } from './auth.routes.js';

const version = z
  .object({
    id: z.uuid(),
    regionCode: z.string(),
    regionName: z.string(),
    version: z.number().int(),
    effectiveFrom: z.string(),
    body: dutyPolicySchema,
    createdAt: z.string(),
    createdBy: z.string().nullable(),
  })
  .openapi('DutyPolicy');
const change = z.object({ path: z.string(), before: z.unknown(), after: z.unknown() });
const regionCode = z.string().regex(/^\d{6,12}$/, { error: '行政区划代码应为6至12位数字' });
const READERS: readonly Role[] = ['admin', 'supervisor', 'leader'];

/**
 * 一般隐患与排查职责 (duty policy) as data: patrol, inspection and self-report frequencies per grade, rectification
 * periods and the yellow light. Administrators author a version per region subtree from an effective date;
 * supervisors and leaders read them.
 */
export function dutyPolicyRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const reader = (c: Parameters<typeof requireUser>[0]) => {
    const user = requireUser(c);
    if (!READERS.includes(user.role)) throw new DomainError('FORBIDDEN', '无权查看排查职责规定');
    return user;
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/duty-policies',
      operationId: 'listDutyPolicies',
      tags: ['general hazards'],
      summary:
        '排查职责规定 Every version of the duty policy (optionally of one region), newest first per region',
      request: { query: z.object({ regionCode: regionCode.optional() }) },
      responses: {
        200: jsonOk(z.array(version)),
        401: errorResponses[401],
        422: errorResponses[422],
        ...forbiddenResponse,
      },
    }),
    async (c) => {
      reader(c);
      return c.json(await listDutyPolicyVersions(deps, c.req.valid('query').regionCode), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/duty-policies/in-force',
      operationId: 'getDutyPolicyInForce',
      tags: ['general hazards'],
      summary:
        'The duty policy in force in a region on a day (today by default); isDefault when no version applies',
      request: { query: z.object({ regionCode, on: isoDate.optional() }) },
      responses: {
        200: jsonOk(z.object({ policy: dutyPolicySchema, isDefault: z.boolean() })),
        401: errorResponses[401],
        422: errorResponses[422],
        ...forbiddenResponse,
      },
    }),
    async (c) => {
      reader(c);
      const q = c.req.valid('query');
      return c.json(await dutyPolicyInForce(deps, q.regionCode, q.on), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/duty-policies',
      operationId: 'createDutyPolicy',
      tags: ['general hazards'],
      summary:
        'A new duty-policy version for a region subtree (administrators), from its effective date (today or later); the next daily sweep applies it',
      request: { body: jsonBody(dutyPolicyInput) },
      responses: {
        201: jsonOk(version.extend({ changes: z.array(change) })),
        ...errorResponses,
        ...forbiddenResponse,
      },
    }),
    async (c) => {
      const user = requireUser(c);
      if (user.role !== 'admin') throw new DomainError('FORBIDDEN', '只有系统管理员可以制定排查职责规定');
      return c.json(
        (await authorDutyPolicy(deps, { user, requestId: c.get('requestId') }, c.req.valid('json'))) as never,
        201,
      );
    },
  );
  return app;
}
