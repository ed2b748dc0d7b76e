import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import type { AppDeps, AppEnv } from '../context.js';
import { jsonOk } from '../openapi.js';
import { describeWorkers } from '../worker-health.js';

const health = z
  .object({
    database: z.enum(['up', 'down']),
    temporal: z.enum(['up', 'down']),
    worker: z
      .enum(['up', 'down'])
      .describe("a worker polls each of the product's task queues (Temporal's DescribeTaskQueue)"),
    queues: z.array(
      z.object({
        queue: z.string(),
        type: z.enum(['workflow', 'activity']),
        pollers: z.number().int().describe('pollers seen within WORKER_POLL_STALE_SECONDS'),
        lastPollAgeSeconds: z.number().int().nullable(),
      }),
    ),
    reasons: z.array(z.string()).describe('why it is unhealthy, in Chinese; empty when healthy'),
  })
  .openapi('Health');

export function healthRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/health',
      operationId: 'getHealth',
      tags: ['system'],
      summary: 'Database, Temporal and worker status (503 with the reasons when any is down)',
      security: [],
      responses: { 200: jsonOk(health), 503: jsonOk(health, 'A dependency is down: `reasons` says which') },
    }),
    async (c) => {
      const within = <T>(p: Promise<T>) =>
        Promise.race([
          p,
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 3_000)),
        ]);
      const [database, workers] = await Promise.all([
        within(deps.db.execute(sql`select 1`)).then(
          () => 'up' as const,
          () => 'down' as const,
        ),
        describeWorkers(deps.temporal, { staleSeconds: deps.config.WORKER_POLL_STALE_SECONDS }).then(
          (w) => ({ temporal: 'up' as const, ...w }),
          () => ({ temporal: 'down' as const, status: 'down' as const, queues: [], reason: undefined }),
        ),
      ]);
      const reasons = [
        ...(database === 'down' ? ['数据库无法连接'] : []),
        ...(workers.temporal === 'down' ? ['工作流服务（Temporal）无法连接'] : []),
        ...(workers.reason ? [workers.reason] : []),
      ];
      const body = {
        database,
        temporal: workers.temporal,
        worker: workers.status,
        queues: workers.queues,
        reasons,
      };
      return c.json(body, reasons.length === 0 ? 200 : 503);
    },
  );
  return app;
}
