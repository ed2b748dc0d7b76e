import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import type { AppDeps, AppEnv } from '../context.js';
import { jsonOk } from '../openapi.js';

const health = z
  .object({ database: z.enum(['up', 'down']), temporal: z.enum(['up', 'down']) })
  .openapi('Health');

export function healthRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/health',
      operationId: 'getHealth',
      tags: ['system'],
      summary: 'Database and Temporal status (503 when either is down)',
      security: [],
      responses: { 200: jsonOk(health), 503: jsonOk(health, 'A dependency is down') },
    }),
    async (c) => {
      const within = <T>(p: Promise<T>) =>
        Promise.race([
          p,
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 3_000)),
        ]);
      const [database, temporal] = await Promise.all([
        within(deps.db.execute(sql`select 1`)).then(
          () => 'up' as const,
          () => 'down' as const,
        ),
        within(deps.temporal.workflowService.getSystemInfo({})).then(
          () => 'up' as const,
          () => 'down' as const,
        ),
      ]);
      const body = { database, temporal };
      return c.json(body, database === 'up' && temporal === 'up' ? 200 : 503);
    },
  );
  return app;
}
