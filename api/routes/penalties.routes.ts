import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { enterprisePenalties } from '../../db/queries/penalties.js';
import { isoDate, penaltyKinds } from '../../domain/commands.js';
import { shanghaiDate } from '../../domain/closure-threshold.js';
import { scopeOf, type AppDeps, type AppEnv } from '../context.js';
import { errorResponses, jsonOk } from '../openapi.js';
import { requireUser } from './auth.routes.js';

const penaltySchema = z
  .object({
    id: z.string(),
    enterpriseId: z.string(),
    caseId: z.string().nullable().describe('the case whose escalation rung decided it (null: an inspection)'),
    escalationId: z.string().nullable(),
    inspectionId: z.string().nullable().describe('the inspection (监督检查) that decided it, if any'),
    kind: z.enum(penaltyKinds),
    decidedOn: z.string().describe('处罚决定日期, Asia/Shanghai YYYY-MM-DD'),
    decisionNo: z.string().describe('处罚决定书文号'),
    amountYuan: z.number().nullable().describe('罚款金额 (元), for fines'),
    recordedAt: z.string(),
    recordedBy: z.string().nullable(),
  })
  .openapi('Penalty');

const closureThresholdSchema = z
  .object({
    asOf: z.string().describe('the date both windows end on, inclusive (Asia/Shanghai)'),
    from180: z.string().describe('first date counted by the 180-day window (asOf − 180, inclusive)'),
    from365: z.string().describe('first date counted by the 365-day window (asOf − 365, inclusive)'),
    penalties180: z.number().int(),
    penalties365: z.number().int(),
    reached: z
      .boolean()
      .describe('≥3 penalties within 180 days or ≥4 within 365 days: 安全生产法第一百一十三条'),
  })
  .openapi('ClosureThreshold');

export const enterpriseAtThresholdSchema = z
  .object({
    enterpriseId: z.string(),
    name: z.string(),
    regionCode: z.string(),
    status: z.string(),
    penalties180: z.number().int(),
    penalties365: z.number().int(),
    lastDecidedOn: z.string(),
  })
  .openapi('EnterpriseAtClosureThreshold');

const enterprisePenaltiesSchema = z
  .object({
    enterpriseId: z.string(),
    penalties: z.array(penaltySchema),
    closureThreshold: closureThresholdSchema,
  })
  .openapi('EnterprisePenalties');

/** 行政处罚 of an enterprise (一企一档) and its 安全生产法 Art. 113 closure threshold; scoped like GET /enterprises/{id}. */
export function penaltyRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/enterprises/{id}/penalties',
      operationId: 'getEnterprisePenalties',
      tags: ['registry'],
      summary:
        '行政处罚 The penalties recorded on an enterprise and whether it reaches the closure threshold (安全生产法第一百一十三条)',
      request: {
        params: z.object({ id: z.string().min(1).max(64) }),
        query: z.object({
          asOf: isoDate.optional().describe('the date the windows end on (default: today in Asia/Shanghai)'),
        }),
      },
      responses: { 200: jsonOk(enterprisePenaltiesSchema), ...errorResponses },
    }),
    async (c) => {
      const user = requireUser(c);
      const asOf = c.req.valid('query').asOf ?? shanghaiDate(deps.now?.() ?? new Date());
      const out = await enterprisePenalties(deps.db, {
        scope: scopeOf(user),
        enterpriseId: c.req.valid('param').id,
        asOf,
      });
      return c.json(
        {
          ...out,
          penalties: out.penalties.map((p) => ({ ...p, recordedAt: p.recordedAt.toISOString() })),
        },
        200,
      );
    },
  );
  return app;
}
