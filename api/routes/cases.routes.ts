import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { listQuerySchema } from '../../db/queries/list-params.js';
import * as commands from '../../domain/commands.js';
import type { AppDeps, AppEnv } from '../context.js';
import { idempotency, idempotencyHeader, replayedHeader } from '../idempotency.js';
import {
  commandErrorResponses,
  errorResponses,
  forbiddenResponse,
  jsonBody,
  jsonOk,
  pendingResponses,
} from '../openapi.js';
import {
  CASE_COMMANDS,
  listCasesFor,
  reportCase,
  runCaseCommand,
  showCase,
  toCaseRecord,
} from '../services/cases.js';
import { requireUser } from './auth.routes.js';

export const caseRecordSchema = z
  .object({
    id: z.uuid(),
    caseNo: z.number().int(),
    status: z.string(),
    source: z.string(),
    title: z.string(),
    description: z.string(),
    location: z.string().nullable(),
    enterpriseId: z.string().nullable(),
    enterpriseName: z.string().nullable(),
    regionCode: z.string(),
    regionName: z.string().nullable().optional().openapi({ description: 'In lists: the region’s name' }),
    regionPath: z.string(),
    industryCategory: z.string().nullable(),
    level: z.string().nullable(),
    listingAuthority: z.string().nullable(),
    supervisingUnit: z.string().nullable(),
    owningLeaderId: z.string().nullable().optional(),
    owningLeaderName: z
      .string()
      .nullable()
      .optional()
      .openapi({ description: '包案领导 the owning leader’s name (one case, and a command’s answer)' }),
    deadline: z.string().nullable(),
    overdue: z.boolean(),
    overdueSince: z.string().nullable(),
    escalationStep: z.string().nullable(),
    extensionCount: z.number().int(),
    acceptanceFailures: z.number().int(),
    reportedAt: z.string(),
    listedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    version: z.number().int(),
    view: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi('Case');

const idParam = z.object({ id: z.uuid({ error: '案件编号无效' }) });
const operationId = (path: string) => path.replace(/-(\w)/g, (_, ch: string) => ch.toUpperCase());

export function caseRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const idempotent = idempotency(deps);
  const idempotencyConflict = {
    409: {
      description:
        'A request with the same Idempotency-Key is still being processed (retry after Retry-After)',
      content: errorResponses[422].content,
    },
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/cases',
      operationId: 'listCases',
      tags: ['cases'],
      summary: "Cases in the caller's scope (react-admin list conventions; total in Content-Range)",
      request: { query: listQuerySchema },
      responses: {
        200: jsonOk(z.array(caseRecordSchema)),
        401: errorResponses[401],
        422: errorResponses[422],
      },
    }),
    async (c) => {
      const { rows, total, from } = await listCasesFor(deps, requireUser(c), c.req.valid('query'));
      c.header('Content-Range', `cases ${from}-${from + Math.max(rows.length - 1, 0)}/${total}`);
      return c.json(rows.map(toCaseRecord) as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/cases/{id}',
      operationId: 'getCase',
      tags: ['cases'],
      request: { params: idParam },
      responses: { 200: jsonOk(caseRecordSchema), ...errorResponses },
    }),
    async (c) => {
      return c.json((await showCase(deps, requireUser(c), c.req.valid('param').id)) as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/cases',
      operationId: 'reportCase',
      tags: ['cases'],
      summary: '报告隐患 Report a hazard: starts the case workflow, awaiting judgement',
      description:
        'With an Idempotency-Key a retried report creates one case: the repeat is answered with the first response.',
      middleware: [idempotent] as const,
      request: { headers: idempotencyHeader, body: jsonBody(commands.reportCaseInput) },
      responses: {
        201: { ...jsonOk(caseRecordSchema, 'The new case'), headers: replayedHeader },
        ...pendingResponses,
        ...errorResponses,
        403: errorResponses[401],
        ...idempotencyConflict,
        422: {
          ...errorResponses[422],
          description: `${errorResponses[422].description}; or the Idempotency-Key was used for another request`,
        },
      },
    }),
    async (c) => {
      const caller = { user: requireUser(c), requestId: c.get('requestId') };
      // A keyed report's case id is the key's operation id: a retry cannot start a second workflow.
      const record = await reportCase(deps, caller, c.req.valid('json'), c.get('idempotency')?.operationId);
      return c.json(record as never, 201);
    },
  );

  for (const cmd of CASE_COMMANDS) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/cases/{id}/${cmd.path}`,
        operationId: operationId(cmd.path),
        tags: ['case commands'],
        summary: cmd.summary,
        middleware: [idempotent] as const,
        request: { params: idParam, headers: idempotencyHeader, body: jsonBody(cmd.input) },
        responses: {
          200: { ...jsonOk(caseRecordSchema, 'The case after the command'), headers: replayedHeader },
          ...pendingResponses,
          ...commandErrorResponses,
          ...forbiddenResponse,
        },
      }),
      async (c) => {
        const caller = { user: requireUser(c), requestId: c.get('requestId') };
        // Keyed: the key's operation id, so a retry is the same Temporal update (answered with its first result)
        // and the same commandId (applied once by the workflow).
        const commandId = c.get('idempotency')?.operationId;
        const record = await runCaseCommand(
          deps,
          caller,
          cmd,
          c.req.valid('param').id,
          c.req.valid('json'),
          commandId,
        );
        return c.json(record as never, 200);
      },
    );
  }
  return app;
}
