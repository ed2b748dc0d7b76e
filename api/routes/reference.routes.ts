import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { listQuerySchema } from '../../db/queries/list-params.js';
import { getReference, listReference, REFERENCES, type ReferenceName } from '../../db/queries/reference.js';
import { scopeOf, type AppDeps, type AppEnv } from '../context.js';
import { errorResponses, jsonOk } from '../openapi.js';
import { requireUser } from './auth.routes.js';

const TITLES: Record<ReferenceName, [op: string, summary: string]> = {
  regions: ['Region', '行政区划 Administrative regions (id = code)'],
  departments: ['Department', '监管部门 Supervising departments'],
  standards: ['Standard', '判定标准 Hazard judgement standards'],
  clauses: ['Clause', '判定条款 Clauses of a standard (filter standardId)'],
  enterprises: ['Enterprise', "企业 Enterprises in the caller's jurisdiction"],
};

/** Read-only registry resources in react-admin's list conventions. */
export function referenceRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const record = z.record(z.string(), z.unknown());
  for (const name of Object.keys(REFERENCES) as ReferenceName[]) {
    const [op, summary] = TITLES[name];
    app.openapi(
      createRoute({
        method: 'get',
        path: `/${name}`,
        operationId: `list${op}s`,
        tags: ['registry'],
        summary,
        request: { query: listQuerySchema },
        responses: { 200: jsonOk(z.array(record)), 401: errorResponses[401], 422: errorResponses[422] },
      }),
      async (c) => {
        const user = requireUser(c);
        const { rows, total, from } = await listReference(deps.db, name, scopeOf(user), c.req.valid('query'));
        c.header('Content-Range', `${name} ${from}-${from + Math.max(rows.length - 1, 0)}/${total}`);
        return c.json(rows as never, 200);
      },
    );
    app.openapi(
      createRoute({
        method: 'get',
        path: `/${name}/{id}`,
        operationId: `get${op}`,
        tags: ['registry'],
        request: { params: z.object({ id: z.string().min(1).max(64) }) },
        responses: { 200: jsonOk(record), ...errorResponses },
      }),
      async (c) => {
        const user = requireUser(c);
        return c.json(
          (await getReference(deps.db, name, scopeOf(user), c.req.valid('param').id)) as never,
          200,
        );
      },
    );
  }
  return app;
}
