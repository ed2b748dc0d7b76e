import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { dashboard } from '../../db/queries/dashboard.js';
import { scopeOf, type AppDeps, type AppEnv } from '../context.js';
import { errorResponses, jsonOk } from '../openapi.js';
import { requireUser } from './auth.routes.js';
import { toCaseRecord } from '../services/cases.js';
import { caseRecordSchema } from './cases.routes.js';
import { enterpriseAtThresholdSchema } from './penalties.routes.js';

const dashboardSchema = z
  .object({
    countsByStatus: z.record(z.string(), z.number().int()),
    overdue: z.number().int(),
    dueSoon: z.number().int(),
    awaitingMyDecision: z.number().int(),
    openEscalations: z.number().int(),
    byRegion: z.array(z.object({ regionCode: z.string(), name: z.string(), count: z.number().int() })),
    byIndustry: z.array(z.object({ industryCategory: z.string().nullable(), count: z.number().int() })),
    overdueSeries: z.array(z.object({ date: z.string(), count: z.number().int() })),
    worklist: z.array(caseRecordSchema),
    atClosureThreshold: z
      .array(enterpriseAtThresholdSchema)
      .describe(
        '应予关闭: enterprises in scope at the 安全生产法 Art. 113 closure threshold today, not yet closed',
      ),
  })
  .openapi('Dashboard');

export function dashboardRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/dashboard',
      operationId: 'getDashboard',
      tags: ['dashboard'],
      summary:
        "工作台 The caller's figures: by status, overdue, due within 7 days, awaiting me, escalations, worklist, enterprises at the closure threshold",
      responses: { 200: jsonOk(dashboardSchema), 401: errorResponses[401] },
    }),
    async (c) => {
      const user = requireUser(c);
      const d = await dashboard(deps.db, scopeOf(user), deps.now?.() ?? new Date());
      return c.json({ ...d, worklist: d.worklist.map(toCaseRecord) } as never, 200);
    },
  );
  return app;
}
