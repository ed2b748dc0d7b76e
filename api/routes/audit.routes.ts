import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { appendAudit } from '../../db/queries/audit.js';
import {
  acknowledgeVerification,
  getVerification,
  listVerifications,
  runVerification,
  type VerificationRow,
} from '../../db/queries/audit-verify.js';
import { listQuerySchema, pageOf } from '../../db/queries/list-params.js';
import { DomainError } from '../../domain/errors.js';
import type { AppDeps, AppEnv } from '../context.js';
import { errorResponses, forbiddenResponse, jsonOk } from '../openapi.js';
import { requireUser } from './auth.routes.js';

const breakSchema = z
  .object({
    chain: z.enum(['audit_log', 'case_events']),
    caseId: z.string().optional(),
    rowId: z.number().int().nullable(),
    seq: z.number().int().optional(),
    reason: z.string(),
  })
  .openapi('ChainBreak');
const verificationSchema = z
  .object({
    id: z.uuid(),
    trigger: z.enum(['schedule', 'admin', 'cli']),
    requestedBy: z.string().nullable(),
    startedAt: z.string(),
    finishedAt: z.string(),
    ok: z.boolean(),
    chainsChecked: z.number().int(),
    rowsChecked: z.number().int(),
    breaks: z.array(breakSchema),
    acknowledgedBy: z.string().nullable(),
    acknowledgedAt: z.string().nullable(),
  })
  .openapi('AuditVerification');

const toRecord = (r: VerificationRow): z.infer<typeof verificationSchema> => ({
  id: r.id,
  trigger: r.trigger,
  requestedBy: r.requestedBy,
  startedAt: r.startedAt.toISOString(),
  finishedAt: r.finishedAt.toISOString(),
  ok: r.ok,
  chainsChecked: r.chainsChecked,
  rowsChecked: r.rowsChecked,
  breaks: z.array(breakSchema).parse(r.breaks),
  acknowledgedBy: r.acknowledgedBy,
  acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null,
});
const idParam = z.object({ id: z.uuid({ error: '校验编号无效' }) });

function requireAdmin(c: Parameters<typeof requireUser>[0]) {
  const user = requireUser(c);
  if (user.role !== 'admin') throw new DomainError('FORBIDDEN', '只有系统管理员可以校验审计链');
  return user;
}

/**
 * 审计校验 The hash-chain verifier for administrators: run it now, read past runs (the nightly Schedule's too), and
 * acknowledge a failed one. A failed run not yet acknowledged is an open alert (filter `{"alerts":true}`).
 */
export function auditRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const { db } = deps;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/audit/verifications',
      operationId: 'listAuditVerifications',
      tags: ['audit'],
      summary:
        '审计校验记录 Runs of the hash-chain verifier, newest first (filter {"alerts":true}: open alerts)',
      request: { query: listQuerySchema },
      responses: { 200: jsonOk(z.array(verificationSchema)), ...errorResponses, ...forbiddenResponse },
    }),
    async (c) => {
      requireAdmin(c);
      const q = c.req.valid('query');
      const extra = Object.keys(q.filter ?? {}).find((k) => k !== 'alerts');
      if (extra)
        throw new DomainError('VALIDATION', `不支持的筛选条件：${extra}`, {
          [`filter.${extra}`]: '可用筛选：alerts',
        });
      const { offset, limit } = pageOf(q);
      const { rows, total } = await listVerifications(db, {
        alertsOnly: q.filter?.alerts === true,
        limit,
        offset,
      });
      c.header(
        'Content-Range',
        `audit/verifications ${offset}-${offset + Math.max(rows.length - 1, 0)}/${total}`,
      );
      return c.json(rows.map(toRecord), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/audit/verifications/{id}',
      operationId: 'getAuditVerification',
      tags: ['audit'],
      request: { params: idParam },
      responses: { 200: jsonOk(verificationSchema), ...errorResponses, ...forbiddenResponse },
    }),
    async (c) => {
      requireAdmin(c);
      return c.json(toRecord(await getVerification(db, c.req.valid('param').id)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/audit/verifications',
      operationId: 'verifyAuditChains',
      tags: ['audit'],
      summary:
        '立即校验 Walk every hash chain now (each case’s events, the audit trail) and name the first broken row of each',
      responses: {
        201: jsonOk(verificationSchema, 'The run, recorded (ok false: an open alert)'),
        ...errorResponses,
        ...forbiddenResponse,
      },
    }),
    async (c) => {
      const user = requireAdmin(c);
      const run = await runVerification(db, { trigger: 'admin', requestedBy: user.id });
      await appendAudit(db, {
        actorId: user.id,
        actorRole: user.role,
        action: 'audit_verify',
        resource: 'audit_verifications',
        resourceId: run.id,
        requestId: c.get('requestId'),
        payload: { ok: run.ok, rowsChecked: run.rowsChecked },
      });
      return c.json(toRecord(run), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/audit/verifications/{id}/acknowledge',
      operationId: 'acknowledgeAuditVerification',
      tags: ['audit'],
      summary: '确认告警 Acknowledge a failed run: it stays recorded, no longer an open alert',
      request: { params: idParam },
      responses: {
        200: jsonOk(verificationSchema),
        ...errorResponses,
        ...forbiddenResponse,
        409: { ...errorResponses[422], description: 'The run found nothing to acknowledge' },
      },
    }),
    async (c) => {
      const user = requireAdmin(c);
      const { id } = c.req.valid('param');
      const run = await acknowledgeVerification(db, { id, userId: user.id });
      await appendAudit(db, {
        actorId: user.id,
        actorRole: user.role,
        action: 'acknowledge',
        resource: 'audit_verifications',
        resourceId: id,
        requestId: c.get('requestId'),
      });
      return c.json(toRecord(run), 200);
    },
  );
  return app;
}
