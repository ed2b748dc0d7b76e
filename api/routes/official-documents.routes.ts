import { createReadStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { storedFilePath } from '../../domain/uploads.js';
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { appendAudit } from '../../db/queries/audit.js';
import {
  addTemplateVersion,
  getTemplate,
  listAuthorities,
  listTemplates,
  saveAuthority,
  type AuthorityRow,
  type TemplateRow,
} from '../../db/queries/document-templates.js';
import { listQuerySchema } from '../../db/queries/list-params.js';
import { getIssued, listIssued } from '../../db/queries/official-documents.js';
import { DomainError } from '../../domain/errors.js';
import { documentKindSpecs, documentKinds, variablesOf } from '../../domain/documents/kinds.js';
import {
  checkTemplate,
  defaultTemplates,
  documentKindSchema,
  renderTemplate,
  sampleValues,
  templateBodySchema,
} from '../../domain/documents/templates.js';
import { DocumentRenderError, documentEngine } from '../../activities/documents/engine.js';
import { scopeOf, type AppDeps, type AppEnv } from '../context.js';
import { errorResponses, forbiddenResponse, jsonBody, jsonOk } from '../openapi.js';
import { requireUser } from './auth.routes.js';
import { isoDate } from '../../domain/dates.js';

const issuedSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(documentKinds),
    kindName: z.string(),
    number: z.string(),
    title: z.string(),
    issuedOn: z.string(),
    caseId: z.string().nullable(),
    escalationId: z.string().nullable(),
    recipientEnterpriseId: z.string().nullable(),
    audience: z.enum(['enterprise', 'internal', 'bulletin']),
    templateVersion: z.number().int(),
    sha256: z.string(),
    size: z.number().int(),
    docxSha256: z.string(),
    issuedAt: z.string(),
  })
  .openapi('OfficialDocument');
type Issued = Awaited<ReturnType<typeof listIssued>>['rows'][number];
const toIssued = (r: Issued) => ({
  id: r.documentId,
  kind: r.kind as (typeof documentKinds)[number],
  kindName: documentKindSpecs[r.kind as (typeof documentKinds)[number]]?.name ?? r.kind,
  number: r.number,
  title: r.title,
  issuedOn: r.issuedOn,
  caseId: r.caseId,
  escalationId: r.escalationId,
  recipientEnterpriseId: r.recipientEnterpriseId,
  audience: r.audience,
  templateVersion: r.templateVersion,
  sha256: r.sha256,
  size: r.size,
  docxSha256: r.docxSha256,
  issuedAt: r.issuedAt.toISOString(),
});
const templateOut = z
  .object({
    id: z.uuid(),
    regionCode: z.string(),
    kind: z.enum(documentKinds),
    version: z.number().int(),
    effectiveFrom: z.string(),
    body: templateBodySchema,
    note: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('DocumentTemplate');
const toTemplate = (t: TemplateRow) => ({
  id: t.id,
  regionCode: t.regionCode,
  kind: t.kind as (typeof documentKinds)[number],
  version: t.version,
  effectiveFrom: t.effectiveFrom,
  body: templateBodySchema.parse(t.body),
  note: t.note,
  createdAt: t.createdAt.toISOString(),
});
const templateIn = z.object({
  regionCode: z.string().regex(/^\d{6,12}$/, { error: '行政区划代码应为6至12位数字' }),
  kind: documentKindSchema,
  effectiveFrom: isoDate,
  body: templateBodySchema,
  note: z.string().max(500).optional(),
});
const authorityIn = z.object({
  regionCode: z.string().regex(/^\d{6,12}$/, { error: '行政区划代码应为6至12位数字' }),
  name: z.string().trim().min(1, { error: '发文机关全称不能为空' }).max(60),
  mark: z.string().trim().min(1, { error: '发文机关标志不能为空' }).max(60),
  abbreviation: z
    .string()
    .trim()
    .min(2, { error: '机关代字至少2个字' })
    .max(12, { error: '机关代字不能超过12个字' })
    .regex(/^[\u4e00-\u9fa5]+$/, { error: '机关代字只能是汉字' }),
  active: z.boolean().default(true),
});
const authorityOut = authorityIn.extend({ id: z.uuid() }).openapi('IssuingAuthority');
const toAuthority = ({ createdAt: _c, updatedAt: _u, ...a }: AuthorityRow) => a;
const idParam = z.object({ id: z.uuid({ error: '编号无效' }) });

const shanghaiToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * 公文: issued documents in scope (an enterprise: those issued to it) with their PDF and DOCX; and for administrators
 * the issuing authorities and the templates per jurisdiction, versioned, with a preview.
 */
/** The stored file's path inside the upload folder (domain/uploads.ts storedFilePath); 404 if it would leave it. */
function storedFile(uploadDir: string, storagePath: string): string {
  const full = storedFilePath(uploadDir, storagePath, path.resolve, path.sep);
  if (!full) throw new DomainError('NOT_FOUND', '文件不存在');
  return full;
}

export function officialDocumentRoutes(deps: AppDeps) {
  const { db, config } = deps;
  const app = new OpenAPIHono<AppEnv>();
  const requireAdmin = (c: Parameters<typeof requireUser>[0]) => {
    const user = requireUser(c);
    if (user.role !== 'admin') throw new DomainError('FORBIDDEN', '只有系统管理员可以管理公文模板和发文机关');
    return user;
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/official-documents',
      operationId: 'listOfficialDocuments',
      tags: ['official documents'],
      summary: 'Issued documents the caller may read (filter caseId, kind, escalationId, year)',
      request: { query: listQuerySchema },
      responses: { 200: jsonOk(z.array(issuedSchema)), 401: errorResponses[401], 422: errorResponses[422] },
    }),
    async (c) => {
      const user = requireUser(c);
      const { rows, total, from } = await listIssued(db, scopeOf(user), c.req.valid('query'));
      c.header('Content-Range', `official-documents ${from}-${from + Math.max(rows.length - 1, 0)}/${total}`);
      return c.json(rows.map(toIssued), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/official-documents/{id}',
      operationId: 'getOfficialDocument',
      tags: ['official documents'],
      summary: 'One issued document',
      request: { params: idParam },
      responses: { 200: jsonOk(issuedSchema), ...errorResponses },
    }),
    async (c) => {
      const doc = await getIssued(db, scopeOf(requireUser(c)), c.req.valid('param').id);
      return c.json(toIssued(doc), 200);
    },
  );

  for (const format of ['pdf', 'docx'] as const) {
    app.openapi(
      createRoute({
        method: 'get',
        path: `/official-documents/{id}/${format}`,
        operationId: format === 'pdf' ? 'downloadOfficialDocumentPdf' : 'downloadOfficialDocumentDocx',
        tags: ['official documents'],
        summary:
          format === 'pdf'
            ? 'The issued PDF (X-Content-Sha256: its content hash)'
            : 'The editable DOCX of the same document',
        request: { params: idParam },
        responses: {
          200: { description: 'The file', content: { 'application/octet-stream': { schema: z.any() } } },
          ...errorResponses,
        },
      }),
      async (c) => {
        const user = requireUser(c);
        const doc = await getIssued(db, scopeOf(user), c.req.valid('param').id);
        const [file, size, sha, mime] =
          format === 'pdf'
            ? [doc.pdfPath, doc.size, doc.sha256, 'application/pdf']
            : [
                doc.docxPath,
                doc.docxSize,
                doc.docxSha256,
                'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
              ];
        const name = `${doc.number}-${doc.title}.${format}`;
        await appendAudit(db, {
          actorId: user.id,
          actorRole: user.role,
          action: 'download',
          resource: 'official_documents',
          resourceId: doc.documentId,
          requestId: c.get('requestId'),
          payload: { format, number: doc.number },
        });
        const stream = Readable.toWeb(createReadStream(storedFile(config.uploadDir, file)));
        return new Response(stream as ReadableStream, {
          headers: {
            'content-type': mime,
            'content-length': String(size),
            'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
            'x-content-sha256': sha,
          },
        }) as never;
      },
    );
  }

  app.openapi(
    createRoute({
      method: 'get',
      path: '/document-kinds',
      operationId: 'listDocumentKinds',
      tags: ['official documents'],
      summary: 'The kinds of document, with the placeholders each template may use and the built-in words',
      responses: {
        200: jsonOk(
          z.array(
            z.object({
              id: z.enum(documentKinds),
              name: z.string(),
              audience: z.string(),
              variables: z.record(z.string(), z.string()),
              defaultTemplate: templateBodySchema,
            }),
          ),
        ),
        401: errorResponses[401],
      },
    }),
    async (c) => {
      requireUser(c);
      c.header('Content-Range', `document-kinds 0-${documentKinds.length - 1}/${documentKinds.length}`);
      return c.json(
        documentKinds.map((k) => ({
          id: k,
          name: documentKindSpecs[k].name,
          audience: documentKindSpecs[k].audience,
          variables: variablesOf(k),
          defaultTemplate: defaultTemplates[k],
        })),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/document-templates',
      operationId: 'listDocumentTemplates',
      tags: ['official documents'],
      summary: 'Every saved template version (administrators); filter regionCode, kind',
      request: { query: listQuerySchema },
      responses: { 200: jsonOk(z.array(templateOut)), ...errorResponses, ...forbiddenResponse },
    }),
    async (c) => {
      requireAdmin(c);
      const f = c.req.valid('query').filter ?? {};
      const rows = await listTemplates(db, {
        regionCode: typeof f.regionCode === 'string' ? f.regionCode : undefined,
        kind: typeof f.kind === 'string' ? f.kind : undefined,
      });
      c.header('Content-Range', `document-templates 0-${Math.max(rows.length - 1, 0)}/${rows.length}`);
      return c.json(rows.map(toTemplate), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/document-templates/{id}',
      operationId: 'getDocumentTemplate',
      tags: ['official documents'],
      summary: 'One template version (administrators)',
      request: { params: idParam },
      responses: { 200: jsonOk(templateOut), ...errorResponses, ...forbiddenResponse },
    }),
    async (c) => {
      requireAdmin(c);
      return c.json(toTemplate(await getTemplate(db, c.req.valid('param').id)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/document-templates',
      operationId: 'createDocumentTemplate',
      tags: ['official documents'],
      summary:
        'Save a new version of a jurisdiction’s template, in force from effectiveFrom; unknown placeholders are refused by field',
      request: { body: jsonBody(templateIn) },
      responses: { 201: jsonOk(templateOut), ...errorResponses, ...forbiddenResponse },
    }),
    async (c) => {
      const user = requireAdmin(c);
      const input = c.req.valid('json');
      const problems = checkTemplate(input.kind, input.body);
      if (Object.keys(problems).length > 0) {
        const fields = Object.fromEntries(Object.entries(problems).map(([k, v]) => [`body.${k}`, v]));
        throw new DomainError('VALIDATION', Object.values(problems)[0]!, fields);
      }
      if (input.effectiveFrom < shanghaiToday())
        throw new DomainError('VALIDATION', '生效日期不能早于今天', {
          effectiveFrom: '生效日期不能早于今天',
        });
      const row = await addTemplateVersion(db, { ...input, createdBy: user.id }).catch((err: unknown) => {
        const code =
          (err as { cause?: { code?: string }; code?: string }).cause?.code ??
          (err as { code?: string }).code;
        if (code === '23503') throw new DomainError('VALIDATION', '区域不存在', { regionCode: '区域不存在' });
        throw err;
      });
      await appendAudit(db, {
        actorId: user.id,
        actorRole: user.role,
        action: 'create',
        resource: 'document_templates',
        resourceId: row.id,
        requestId: c.get('requestId'),
        payload: { regionCode: row.regionCode, kind: row.kind, version: row.version },
      });
      return c.json(toTemplate(row), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/document-templates/preview',
      operationId: 'previewDocumentTemplate',
      tags: ['official documents'],
      summary:
        'The first page of a template as it would be issued, with sample data (SVG), before it is saved',
      request: { body: jsonBody(z.object({ kind: documentKindSchema, body: templateBodySchema })) },
      responses: {
        200: jsonOk(z.object({ pages: z.number().int(), svg: z.string() }).openapi('DocumentPreview')),
        ...errorResponses,
        ...forbiddenResponse,
      },
    }),
    async (c) => {
      requireAdmin(c);
      const { kind, body } = c.req.valid('json');
      const problems = checkTemplate(kind, body);
      if (Object.keys(problems).length > 0) {
        const fields = Object.fromEntries(Object.entries(problems).map(([k, v]) => [`body.${k}`, v]));
        throw new DomainError('VALIDATION', Object.values(problems)[0]!, fields);
      }
      try {
        const words = renderTemplate(body, {
          values: sampleValues,
          tables: new Proxy(
            {},
            {
              get: (_t, name) => ({
                type: 'table',
                title: String(name),
                columns: ['示例'],
                rows: [['示例数据']],
              }),
            },
          ),
          charts: new Proxy(
            {},
            {
              get: (_t, name) => ({
                type: 'chart',
                kind: 'bar',
                title: String(name),
                categories: ['甲', '乙'],
                series: [{ name: '示例', values: [3, 5] }],
              }),
            },
          ),
        });
        const today = shanghaiToday();
        const out = documentEngine({ fontDirs: config.DOCUMENT_FONT_DIRS }).svgPages({
          mark: sampleValues.发文机关!,
          number: '洪安委办〔2026〕1号',
          ...words,
          signature: sampleValues.发文机关!,
          date: today,
          printedBy: sampleValues.发文机关!,
          printedOn: today,
        });
        return c.json(out, 200);
      } catch (err) {
        if (err instanceof DocumentRenderError || err instanceof RangeError)
          throw new DomainError('VALIDATION', err.message, { 'body.body': err.message });
        throw err;
      }
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/issuing-authorities',
      operationId: 'listIssuingAuthorities',
      tags: ['official documents'],
      summary: 'Issuing authorities (发文机关) and their 机关代字 (administrators)',
      responses: { 200: jsonOk(z.array(authorityOut)), 401: errorResponses[401], ...forbiddenResponse },
    }),
    async (c) => {
      requireAdmin(c);
      const rows = await listAuthorities(db);
      c.header('Content-Range', `issuing-authorities 0-${Math.max(rows.length - 1, 0)}/${rows.length}`);
      return c.json(rows.map(toAuthority), 200);
    },
  );

  for (const method of ['post', 'put'] as const) {
    app.openapi(
      createRoute({
        method,
        path: method === 'post' ? '/issuing-authorities' : '/issuing-authorities/{id}',
        operationId: method === 'post' ? 'createIssuingAuthority' : 'updateIssuingAuthority',
        tags: ['official documents'],
        summary:
          method === 'post'
            ? 'Configure an issuing authority for a region (its 机关代字 must be unique)'
            : 'Rename or deactivate an issuing authority; numbers already issued stay as they are',
        request: { ...(method === 'put' ? { params: idParam } : {}), body: jsonBody(authorityIn) },
        responses: {
          [method === 'post' ? 201 : 200]: jsonOk(authorityOut),
          ...errorResponses,
          ...forbiddenResponse,
        },
      }),
      async (c) => {
        const user = requireAdmin(c);
        const id = method === 'put' ? (c.req.param('id') as string) : undefined;
        const row = await saveAuthority(db, id, c.req.valid('json') as z.infer<typeof authorityIn>);
        await appendAudit(db, {
          actorId: user.id,
          actorRole: user.role,
          action: method === 'post' ? 'create' : 'update',
          resource: 'issuing_authorities',
          resourceId: row.id,
          requestId: c.get('requestId'),
          payload: { abbreviation: row.abbreviation, name: row.name, active: row.active },
        });
        return c.json(toAuthority(row), method === 'post' ? 201 : 200) as never;
      },
    );
  }
  return app;
}
