import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { ZodError } from 'zod';
import { listQuerySchema } from '../../db/queries/list-params.js';
import { policyInputSchema } from '../../db/queries/policy-versions.js';
import { DomainError } from '../../domain/errors.js';
import { casePolicySchema } from '../../domain/policy.js';
import type { Role } from '../../domain/roles.js';
import { authorPolicy, inForce, listPolicies, previewPolicy, showPolicy } from '../services/policies.js';
import type { AppDeps, AppEnv } from '../context.js';
import { fieldErrors } from '../errors.js';
import { errorResponses, forbiddenResponse, jsonBody, jsonOk } from '../openapi.js';
import { requireUser } from './auth.routes.js';
import { isoDate } from '../../domain/dates.js';

const source = z
  .object({
    id: z.string(),
    regionCode: z.string(),
    regionName: z.string(),
    version: z.number().int(),
    effectiveFrom: z.string(),
  })
  .nullable();
const inForceSchema = z.object({ policy: casePolicySchema, source });
const change = z.object({ path: z.string(), label: z.string(), before: z.string(), after: z.string() });
const policy = z
  .object({
    id: z.string(),
    regionCode: z.string(),
    regionName: z.string(),
    version: z.number().int(),
    effectiveFrom: z.string(),
    name: z.string(),
    note: z.string().nullable(),
    body: casePolicySchema,
    createdAt: z.string(),
    createdBy: z.string().nullable(),
  })
  .openapi('Policy');
const policyDetail = policy
  .extend({ overrides: inForceSchema, changes: z.array(change) })
  .openapi('PolicyDetail');
const preview = z.object({
  overrides: inForceSchema,
  changes: z.array(change),
  listedOn: z.string(),
  dates: z.array(
    z.object({
      path: z.string(),
      label: z.string(),
      duration: z.string(),
      from: z.string(),
      date: z.string(),
      estimatedYear: z.number().int().nullable(),
    }),
  ),
});
const READERS: readonly Role[] = ['admin', 'supervisor', 'leader'];

/**
 * 督办时限规定: administrators author a version per region subtree (it applies from its effective date to cases
 * listed from then on); supervisors and leaders read them.
 */
export function policyRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const reader = (c: Parameters<typeof requireUser>[0]) => {
    const user = requireUser(c);
    if (!READERS.includes(user.role)) throw new DomainError('FORBIDDEN', '无权查看督办时限规定');
    return user;
  };
  const admin = (c: Parameters<typeof requireUser>[0] & { get(key: 'requestId'): string }) => {
    const user = requireUser(c);
    if (user.role !== 'admin') throw new DomainError('FORBIDDEN', '只有系统管理员可以制定督办时限规定');
    return { user, requestId: c.get('requestId') };
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/policies',
      operationId: 'listPolicies',
      tags: ['policies'],
      summary: '督办时限规定 Every version, by region (filter regionCode)',
      request: { query: listQuerySchema },
      responses: { 200: jsonOk(z.array(policy)), ...errorResponses, ...forbiddenResponse },
    }),
    async (c) => {
      reader(c);
      const q = c.req.valid('query');
      const { rows, total } = await listPolicies(deps.db, { filter: q.filter, range: q.range });
      const from = q.range?.[0] ?? 0;
      c.header('Content-Range', `policies ${from}-${from + Math.max(rows.length - 1, 0)}/${total}`);
      return c.json(rows, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/policies/in-force',
      operationId: 'getPolicyInForce',
      tags: ['policies'],
      summary: 'The policy a case listed in the region on the date (today by default) is pinned to',
      request: {
        query: z.object({
          regionCode: z.string().regex(/^\d{6,12}$/, { error: '请选择适用区域' }),
          on: isoDate.optional(),
        }),
      },
      responses: { 200: jsonOk(inForceSchema), ...errorResponses, ...forbiddenResponse },
    }),
    async (c) => {
      reader(c);
      const { regionCode, on } = c.req.valid('query');
      return c.json(await inForce(deps, regionCode, on), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/policies/preview',
      operationId: 'previewPolicy',
      tags: ['policies'],
      summary:
        "A draft's changes against the policy it would override, and the dates a case listed today would get (nothing is saved)",
      request: {
        body: jsonBody(
          z.object({
            regionCode: z.string().regex(/^\d{6,12}$/, { error: '请选择适用区域' }),
            effectiveFrom: isoDate.nullish(),
            listedOn: isoDate.nullish(),
            body: z.unknown(),
          }),
        ),
      },
      responses: { 200: jsonOk(preview), ...errorResponses, ...forbiddenResponse },
    }),
    async (c) => {
      admin(c);
      try {
        return c.json(await previewPolicy(deps, c.req.valid('json')), 200);
      } catch (err) {
        throw prefixed(err, 'body');
      }
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/policies/{id}',
      operationId: 'getPolicy',
      tags: ['policies'],
      request: { params: z.object({ id: z.string().min(1).max(64) }) },
      responses: { 200: jsonOk(policyDetail), ...errorResponses, ...forbiddenResponse },
    }),
    async (c) => {
      reader(c);
      return c.json(await showPolicy(deps, c.req.valid('param').id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/policies',
      operationId: 'createPolicy',
      tags: ['policies'],
      summary:
        'A new version for a region subtree (administrators): applies to cases listed there from its effective date; running cases keep theirs',
      request: { body: jsonBody(policyInputSchema) },
      responses: { 201: jsonOk(policyDetail), ...errorResponses, ...forbiddenResponse },
    }),
    async (c) => {
      const who = admin(c);
      return c.json(await authorPolicy(deps, who, c.req.valid('json')), 201);
    },
  );
  return app;
}

/** A draft's own schema names its fields from the body: the form nests them under `body`. */
function prefixed(err: unknown, prefix: string): unknown {
  if (!(err instanceof ZodError)) return err;
  const fields = fieldErrors(err.issues.map((i) => ({ ...i, path: [prefix, ...i.path] })));
  return new DomainError('VALIDATION', Object.values(fields)[0] ?? '输入无效', fields);
}
