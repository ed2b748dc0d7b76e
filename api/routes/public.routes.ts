import { randomBytes } from 'node:crypto';
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { appendAudit } from '../../db/queries/audit.js';
import { findCaseByTrackingCode } from '../../db/queries/cases.js';
import * as commands from '../../domain/commands.js';
import { DomainError } from '../../domain/errors.js';
import type { AppDeps, AppEnv } from '../context.js';
import { errorResponses, jsonBody, jsonOk } from '../openapi.js';
import { startCase } from './cases.routes.js';

/** 举报 Public report: anyone may report a hazard; the case awaits judgement like any other report. */
const publicReportInput = commands.reportCaseInput
  .omit({ source: true, enterpriseId: true })
  .openapi('PublicReport');
const trackingSchema = z.object({ trackingCode: z.string() }).openapi('PublicReportReceipt');
const publicStatusSchema = z
  .object({ trackingCode: z.string(), status: z.string(), reportedAt: z.string(), closed: z.boolean() })
  .openapi('PublicReportStatus');

const WINDOW_MS = 10 * 60_000;
const MAX_PER_WINDOW = 5;

/** Client address: the first X-Forwarded-For hop (the proxy in front sets it), else the socket's address. */
export function clientIp(c: Context): string {
  const fwd = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
  if (fwd) return fwd;
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}

export function publicRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  // Per-client sliding window, in memory: one API process serves the public form; a restart forgets it.
  const hits = new Map<string, number[]>();
  const limited = (ip: string, now: number) => {
    const recent = (hits.get(ip) ?? []).filter((t) => now - t < WINDOW_MS);
    if (recent.length >= MAX_PER_WINDOW) return true;
    recent.push(now);
    hits.set(ip, recent);
    if (hits.size > 10_000) hits.clear(); // bounded memory under a flood of addresses
    return false;
  };

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
        422: errorResponses[422],
        429: jsonOk(z.object({}).passthrough(), 'Too many reports from this client'),
      },
    }),
    async (c) => {
      if (limited(clientIp(c), Date.now())) throw new DomainError('RATE_LIMITED', '举报过于频繁，请稍后再试');
      const input = c.req.valid('json');
      const trackingCode = randomBytes(6).toString('hex').toUpperCase();
      const row = await startCase(deps, {
        input: { ...input, source: 'public_report' },
        actor: { id: null, role: 'public', name: '公众举报' },
        scopePath: null,
        trackingCode,
      });
      await appendAudit(deps.db, {
        actorId: null,
        actorRole: 'public',
        action: 'public_report',
        resource: 'cases',
        resourceId: row.id,
        requestId: c.get('requestId'),
        payload: { title: input.title, regionCode: input.regionCode },
      });
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
