import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Config } from '../../config/config.js';
import type { AppDeps, AppEnv } from '../context.js';
import { errorResponses, internalErrorResponse, jsonOk } from '../openapi.js';

/**
 * What the console needs to know about this deployment before anyone logs in: its face (system name, operating
 * authority, emblem, the 备案 numbers of the footer) and the upload limit it states up front. Public: the login page
 * shows it. The server also writes it into index.html (a <meta>, not a script: nothing for the CSP to allow), so
 * the first paint already carries it; this route serves the Vite dev server and API clients.
 */
export const deploymentSchema = z
  .object({
    systemName: z.string(),
    authority: z.string(),
    /** URL of the emblem image, or null for the built-in neutral shield. */
    emblemUrl: z.string().nullable(),
    icp: z.string().nullable(),
    psb: z.string().nullable(),
    support: z.string().nullable(),
    uploadMaxBytes: z.number().int(),
  })
  .openapi('Deployment');
export type Deployment = z.infer<typeof deploymentSchema>;

export const deploymentOf = (config: Config): Deployment => ({
  systemName: config.BRAND_SYSTEM_NAME,
  authority: config.BRAND_AUTHORITY,
  emblemUrl: config.BRAND_EMBLEM_FILE ? '/api/deployment/emblem' : null,
  icp: config.BRAND_ICP ?? null,
  psb: config.BRAND_PSB ?? null,
  support: config.BRAND_SUPPORT ?? null,
  uploadMaxBytes: config.UPLOAD_MAX_BYTES,
});

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** index.html with this deployment's title and its description in <meta name="duban-deployment">. */
export function renderIndexHtml(html: string, d: Deployment): string {
  const title = d.authority ? `${d.systemName} · ${d.authority}` : d.systemName;
  return html
    .replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(title)}</title>`)
    .replace(
      '</head>',
      `  <meta name="duban-deployment" content="${escapeHtml(JSON.stringify(d))}" />\n  </head>`,
    );
}

const EMBLEM_TYPES: Record<string, string> = {
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
};

export function deploymentRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/deployment',
      operationId: 'getDeployment',
      tags: ['system'],
      summary: "This deployment's name, authority, emblem and 备案 numbers (public)",
      security: [],
      responses: { 200: jsonOk(deploymentSchema), ...internalErrorResponse },
    }),
    (c) => c.json(deploymentOf(deps.config), 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/deployment/emblem',
      operationId: 'getDeploymentEmblem',
      tags: ['system'],
      summary: 'The emblem image configured by BRAND_EMBLEM_FILE (public); 404 when none is',
      security: [],
      responses: {
        200: { description: 'The image', content: { 'image/*': { schema: z.any() } } },
        404: errorResponses[404],
      },
    }),
    async (c) => {
      const file = deps.config.BRAND_EMBLEM_FILE;
      const type = file ? EMBLEM_TYPES[path.extname(file).toLowerCase()] : undefined;
      if (!file || !type)
        return c.json(
          { error: { code: 'NOT_FOUND', message: '未配置标识图片', requestId: c.get('requestId') } },
          404,
        );
      const bytes = await readFile(file);
      return c.body(bytes, 200, { 'content-type': type, 'cache-control': 'public, max-age=3600' });
    },
  );
  return app;
}
