import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { OpenAPIHono } from '@hono/zod-openapi';
import { serveStatic } from '@hono/node-server/serve-static';
import { Scalar } from '@scalar/hono-api-reference';
import type { Context } from 'hono';
import { compress } from 'hono/compress';
import { requestId } from 'hono/request-id';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import { pino } from 'pino';
import { installChineseZodMessages } from '../domain/zod-zh.js';
import { dummyPasswordHash } from '../db/password.js';
import { clientAddress, compileTrust } from './client-address.js';
import type { AppDeps, AppEnv } from './context.js';
import { errorResponse, fieldErrors, handleError, readJsonBody } from './errors.js';
import { requestGuards } from './guards.js';
import { indexOperations, operationMatcher } from './operation-index.js';
import { UPLOAD_OPERATION } from './routes/documents.routes.js';
import { IMPORT_MAX_BYTES } from './routes/import-export.routes.js';
import { HAZARD_BATCH_MAX_BYTES } from './routes/hazard-batch.routes.js';
import { auditRoutes } from './routes/audit.routes.js';
import { authRoutes, sessionMiddleware } from './routes/auth.routes.js';
import { auditRefusals } from './audit-refusals.js';
import { caseRecordRoutes } from './routes/case-records.routes.js';
import { calendarYearRoutes } from './routes/calendar-years.routes.js';
import { dutyPolicyRoutes } from './routes/duty-policies.routes.js';
import { policyRoutes } from './routes/policies.routes.js';
import { standardRoutes } from './routes/standards.routes.js';
import { industryRoutes } from './routes/industries.routes.js';
import { caseRoutes } from './routes/cases.routes.js';
import { dashboardRoutes } from './routes/dashboard.routes.js';
import { deploymentOf, deploymentRoutes, renderIndexHtml } from './routes/deployment.routes.js';
import { referenceRoutes } from './routes/reference.routes.js';
import { penaltyRoutes } from './routes/penalties.routes.js';
import { publicRoutes } from './routes/public.routes.js';
import { documentRoutes } from './routes/documents.routes.js';
import { notificationRoutes } from './routes/notifications.routes.js';
import { publicPages } from './routes/public-pages.js';
import { officialDocumentRoutes } from './routes/official-documents.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { userRoutes } from './routes/users.routes.js';
import { registryWriteRoutes } from './routes/registry-write.routes.js';
import { importExportRoutes } from './routes/import-export.routes.js';
import { generalHazardRoutes } from './routes/general-hazards.routes.js';
import { inspectionRoutes } from './routes/inspections.routes.js';
import { hazardBatchRoutes } from './routes/hazard-batch.routes.js';
import { selfReportRoutes } from './routes/self-reports.routes.js';
import { scoreRoutes } from './routes/scores.routes.js';
import { checklistRoutes } from './routes/checklists.routes.js';
import { gridRoutes } from './routes/grids.routes.js';

export type { AppDeps } from './context.js';

/** Where the built console's index.html (vite.config.ts `html.cspNonce`) carries the per-response CSP nonce. */
export const CSP_NONCE_PLACEHOLDER = 'DUBAN_CSP_NONCE';

/**
 * The console's Content-Security-Policy (docs/adr/0010-defences-at-the-edge.md): scripts only from this origin,
 * no inline script at all; styles from this origin or carrying the response's nonce — emotion, under MUI and
 * react-admin, inserts its rules into a <style> element it gives that nonce (admin-ui/src/main.tsx reads it from
 * the page's csp-nonce meta tag). Images may be data: (the 图形验证码) and blob: (photo previews before upload).
 */
const consoleCsp = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", NONCE],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};
/**
 * The API reference (/api/docs) is Scalar's page: its script comes from Scalar's CDN and starts with an inline
 * script, and it styles itself inline. It shows only the public OpenAPI document, so it gets its own, looser policy
 * rather than loosening the console's.
 */
const docsCsp = {
  ...consoleCsp,
  scriptSrc: ["'self'", NONCE, 'https://cdn.jsdelivr.net'],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
  fontSrc: ["'self'", 'data:', 'https:'],
};
const headerOptions = {
  xFrameOptions: 'DENY',
  referrerPolicy: 'no-referrer',
  // A response that sets its own header keeps it (a download's sandbox policy).
  overwrite: false,
} as const;
const consoleHeaders = secureHeaders({ ...headerOptions, contentSecurityPolicy: consoleCsp });
const docsHeaders = secureHeaders({ ...headerOptions, contentSecurityPolicy: docsCsp });

/** The Hono app: the API under /api, its OpenAPI document and reference, and the built console at /. */
export function createApp(deps: AppDeps) {
  // Messages zod writes itself (missing fields, lengths, formats): the product's one Chinese error map.
  installChineseZodMessages();
  const logger = deps.logger ?? pino({ level: deps.config.LOG_LEVEL });
  // The dummy hash an unknown username is checked against, made now so the first such login costs no extra time.
  void dummyPasswordHash();
  const trust = compileTrust(deps.config.TRUSTED_PROXIES);
  const api = new OpenAPIHono<AppEnv>({
    // zod failures on params, query, headers or body: 422 naming each field.
    defaultHook: (result, c) => {
      if (!result.success) {
        const fields = fieldErrors(result.error.issues);
        return errorResponse(c, 'VALIDATION', Object.values(fields)[0] ?? '输入无效', fields);
      }
    },
  });
  api.use('*', requestId());
  api.use('*', async (c, next) => {
    const child = logger.child({ requestId: c.get('requestId') });
    c.set('logger', child);
    const started = performance.now();
    await next();
    child.info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  });
  api.use('*', async (c, next) => {
    c.set('clientAddress', clientAddress(c, trust));
    await next();
  });
  api.use('*', sessionMiddleware(deps));
  // After the session (who), around everything that may refuse (guards, validators, routes).
  api.use('*', auditRefusals(deps));
  // The gates read the OpenAPI document of the routes registered below, once, on the first request.
  let match: ReturnType<typeof operationMatcher> | undefined;
  api.use(
    '*',
    requestGuards({
      prefix: '/api',
      operationFor: (method, path) =>
        (match ??= operationMatcher(
          indexOperations(api.getOpenAPI31Document({ openapi: '3.1.0', info: { title: '', version: '' } })),
        ))(method, path),
      limits: {
        streamed: new Set([UPLOAD_OPERATION]),
        // A multipart import carries the file and a few small fields.
        bytes: {
          importEnterprises: IMPORT_MAX_BYTES + 64 * 1024,
          importRegions: IMPORT_MAX_BYTES + 64 * 1024,
          importGeneralHazards: IMPORT_MAX_BYTES + 64 * 1024,
          // 10,000 rows a request (BATCH_MAX_ROWS), a description up to 1,000 characters each.
          batchReportGeneralHazards: HAZARD_BATCH_MAX_BYTES,
        },
      },
    }),
  );
  api.use('*', readJsonBody);
  api.onError(handleError);
  api.notFound((c) => errorResponse(c, 'NOT_FOUND', `没有这个接口：${c.req.method} ${c.req.path}`));

  api.route('/', healthRoutes(deps));
  api.route('/', deploymentRoutes(deps));
  api.route('/', authRoutes(deps));
  api.route('/', auditRoutes(deps));
  api.route('/', importExportRoutes(deps)); // before the lists: /{name}/export is not an id
  api.route('/', caseRoutes(deps));
  api.route('/', caseRecordRoutes(deps));
  api.route('/', dashboardRoutes(deps));
  api.route('/', referenceRoutes(deps));
  api.route('/', penaltyRoutes(deps));
  api.route('/', publicRoutes(deps));
  api.route('/', documentRoutes(deps));
  api.route('/', officialDocumentRoutes(deps));
  api.route('/', notificationRoutes(deps));
  api.route('/', userRoutes(deps));
  api.route('/', registryWriteRoutes(deps));
  api.route('/', calendarYearRoutes(deps));
  api.route('/', hazardBatchRoutes(deps)); // before the ledger's /{id} routes
  api.route('/', generalHazardRoutes(deps));
  api.route('/', policyRoutes(deps));
  api.route('/', dutyPolicyRoutes(deps));
  api.route('/', standardRoutes(deps));
  api.route('/', industryRoutes(deps));
  api.route('/', selfReportRoutes(deps));
  api.route('/', inspectionRoutes(deps));
  api.route('/', scoreRoutes(deps));
  api.route('/', checklistRoutes(deps));
  api.route('/', gridRoutes(deps));

  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Duban (督办) API',
      version: '0.1.0',
      description:
        'Major accident hazard (重大事故隐患) case management. Log in with POST /api/auth/login (cookie) or get a bearer token from POST /api/auth/tokens.',
    },
    servers: [{ url: '/api' }],
  });
  const reference = Scalar<AppEnv>({ url: '/api/openapi.json', pageTitle: 'Duban API' });
  api.get('/docs', async (c) => {
    // Scalar's inline start-up script runs under the docs policy's nonce.
    const res = (await reference(c, async () => undefined)) as Response;
    const nonce = c.get('secureHeadersNonce') ?? '';
    return c.html((await res.text()).replaceAll('<script', `<script nonce="${nonce}"`));
  });

  const app = new OpenAPIHono<{ Variables: { secureHeadersNonce?: string } }>();
  app.use('*', (c, next) => (c.req.path === '/api/docs' ? docsHeaders(c, next) : consoleHeaders(c, next)));
  // gzip for the console's scripts and the API's lists: both shrink several times over.
  app.use('*', compress());
  app.route('/api', api);
  // The public side (举报, 查询, 公示): server-rendered pages, no login.
  app.route('/public', publicPages(deps));
  // Paths and methods under /api that no route matches (e.g. TRACE /api/cases) answer in the error envelope too;
  // a sub-app's notFound does not apply once it is mounted.
  app.all('/api/*', (c) => errorResponse(c, 'NOT_FOUND', `没有这个接口：${c.req.method} ${c.req.path}`));
  if (deps.uiDir) {
    const uiDir = deps.uiDir;
    const root = path.relative(process.cwd(), uiDir) || '.';
    // Vite names assets by content hash: they never change, so browsers may keep them for a year.
    app.use('/assets/*', async (c, next) => {
      await next();
      if (c.res.ok) c.header('Cache-Control', 'public, max-age=31536000, immutable');
    });
    // The service worker (admin-ui/src/sw.ts): a browser asks for it again at each visit and must get the newest,
    // so a deploy replaces the old worker (docs/adr/0013-offline-console.md).
    app.use('/sw.js', async (c, next) => {
      await next();
      if (c.res.ok) c.header('Cache-Control', 'no-cache');
    });
    // index.html carries this deployment's name and face (renderIndexHtml); it is read once per build.
    let index: { mtimeMs: number; html: string } | undefined;
    const indexHtml = async () => {
      const file = path.join(uiDir, 'index.html');
      const { mtimeMs } = await stat(file);
      if (index?.mtimeMs !== mtimeMs)
        index = { mtimeMs, html: renderIndexHtml(await readFile(file, 'utf8'), deploymentOf(deps.config)) };
      return index.html;
    };
    // The page carries this response's CSP nonce (vite.config.ts html.cspNonce), so it is never cached.
    const sendIndex = async (c: Context<{ Variables: { secureHeadersNonce?: string } }>) => {
      c.header('Cache-Control', 'no-store');
      return c.html((await indexHtml()).replaceAll(CSP_NONCE_PLACEHOLDER, c.get('secureHeadersNonce') ?? ''));
    };
    app.get('/', sendIndex);
    app.get('/index.html', sendIndex);
    app.use('/*', serveStatic({ root }));
    // Client-side routes (e.g. /cases/123/show) get the console's index.html.
    app.get('*', sendIndex);
  }
  return app;
}
