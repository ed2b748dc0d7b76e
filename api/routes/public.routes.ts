import { randomBytes } from 'node:crypto';
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { findCaseByTrackingCode } from '../../db/queries/cases.js';
import { countAttempt } from '../../db/queries/login-throttle.js';
import { PUBLIC_REPORT_LIMIT } from '../../domain/login-throttle.js';
import * as commands from '../../domain/commands.js';
import { DomainError } from '../../domain/errors.js';
import type { AppDeps, AppEnv } from '../context.js';
import { errorResponses, jsonBody, jsonOk, pendingResponses } from '../openapi.js';
import { startCase } from '../services/cases.js';

/** 举报 Public report: anyone may report a hazard; the case awaits judgement like any other report. */
const publicReportInput = commands.reportCaseInput
  .omit({ source: true, enterpriseId: true })
  .openapi('PublicReport');
const trackingSchema = z.object({ trackingCode: z.string() }).openapi('PublicReportReceipt');
const publicStatusSchema = z
  .object({ trackingCode: z.string(), status: z.string(), reportedAt: z.string(), closed: z.boolean() })
  .openapi('PublicReportStatus');

export function publicRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/public/reports',
      operationId: 'publicReport',
      tags: ['public'],
      summary: '举报 Report a hazard without logging in (rate-limited per client); returns a tracking code',
      security: [],
      request: { body: jsonBody(publicReportInput) },
      responses: {
        201: jsonOk(trackingSchema, 'Received: keep the tracking code'),
        ...pendingResponses,
        422: errorResponses[422],
        429: { ...errorResponses[422], description: 'Too many reports from this client (see Retry-After)' },
      },
    }),
    async (c) => {
      // Counted in the database (one statement per report), so every API process shares the limit.
      const key = `report:addr:${c.get('clientAddress')}`;
      const counted = await countAttempt(deps.db, {
        keys: [key],
        windowMinutes: PUBLIC_REPORT_LIMIT.windowMinutes,
      });
      const hit = counted.get(key)!;
      if (hit.count > PUBLIC_REPORT_LIMIT.max) {
        const ends = hit.windowStart.getTime() + PUBLIC_REPORT_LIMIT.windowMinutes * 60_000;
        const retryAfter = Math.max(1, Math.ceil((ends - Date.now()) / 1000));
        throw new DomainError('RATE_LIMITED', '举报过于频繁，请稍后再试', undefined, retryAfter);
      }
      const input = c.req.valid('json');
      const trackingCode = randomBytes(6).toString('hex').toUpperCase();
      await startCase(deps, {
        input: { ...input, source: 'public_report' },
        actor: { id: null, role: 'public', name: '公众举报' },
        scopePath: null,
        trackingCode,
        requestId: c.get('requestId'),
      });
      // Audited by the worker with the case (action public_report): a case never exists without its record.
      return c.json({ trackingCode }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/public/reports/{trackingCode}',
      operationId: 'publicReportStatus',
      tags: ['public'],
      summary: 'The status of a public report, by its tracking code (no private data)',
      security: [],
      request: { params: z.object({ trackingCode: z.string().min(1).max(32) }) },
      responses: { 200: jsonOk(publicStatusSchema), 404: errorResponses[404], 422: errorResponses[422] },
    }),
    async (c) => {
      const code = c.req.valid('param').trackingCode.toUpperCase();
      const row = await findCaseByTrackingCode(deps.db, code);
      if (!row) throw new DomainError('NOT_FOUND', '没有这个举报编号');
      return c.json(
        {
          trackingCode: code,
          status: row.status,
          reportedAt: row.reportedAt.toISOString(),
          closed: row.closedAt !== null,
        },
        200,
      );
    },
  );
  return app;
}
