import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { appendAudit } from '../../db/queries/audit.js';
import { getCase } from '../../db/queries/cases.js';
import { getDocument, insertDocument, listDocuments } from '../../db/queries/documents.js';
import { hazardInScope } from '../../db/queries/general-hazards.js';
import { listQuerySchema } from '../../db/queries/list-params.js';
import { DomainError } from '../../domain/errors.js';
import { documentKinds } from '../../domain/uploads.js';
import { scopeOf, type AppDeps, type AppEnv } from '../context.js';
import { errorResponses, jsonOk } from '../openapi.js';
import { requireUser } from './auth.routes.js';

/** Evidence files (证据材料): images, PDF and office documents, hashed and stored under config.uploadDir. */
const ALLOWED = new Set([
  'image/jpeg',
  'image/png',
  'image/webp',
  'application/pdf',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
]);
const documentSchema = z
  .object({
    id: z.uuid(),
    caseId: z.string().nullable(),
    hazardId: z.string().nullable(),
    patrolId: z.string().nullable(),
    inspectionId: z.string().nullable(),
    kind: z.string(),
    filename: z.string(),
    mimeType: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    uploadedBy: z.string().nullable(),
    uploadedAt: z.string(),
    caseNo: z.number().int().nullable().optional().openapi({ description: 'In lists: the case number' }),
    caseTitle: z.string().nullable().optional().openapi({ description: 'In lists: the hazard title' }),
  })
  .openapi('Document');
const uploadSchema = z
  .object({
    file: z.any().openapi({ type: 'string', format: 'binary' }),
    caseId: z.uuid().optional(),
    /** A general hazard's photos: 'photo' (as found) or 'after_photo' (整改后). */
    hazardId: z.uuid().optional(),
    kind: z.enum(documentKinds),
  })
  .refine((v) => (v.caseId === undefined) !== (v.hazardId === undefined), {
    error: '请指定案件 (caseId) 或一般隐患 (hazardId) 之一',
    path: ['caseId'],
  });
const toRecord = ({ storagePath: _p, ...rest }: Awaited<ReturnType<typeof getDocument>>) => rest;

export function documentRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const { db, config } = deps;

  app.openapi(
    createRoute({
      method: 'post',
      path: '/documents',
      operationId: 'uploadDocument',
      tags: ['documents'],
      summary:
        'Upload a file to a case or a general hazard (multipart: file, caseId or hazardId, kind); size and type limited, sha256 recorded',
      request: { body: { content: { 'multipart/form-data': { schema: uploadSchema } }, required: true } },
      responses: { 201: jsonOk(documentSchema), ...errorResponses },
    }),
    async (c) => {
      const user = requireUser(c);
      const { file, caseId, hazardId, kind } = c.req.valid('form');
      if (!(file instanceof File)) throw new DomainError('VALIDATION', '请选择文件', { file: '请选择文件' });
      // A foreign case or hazard: 404.
      if (caseId) await getCase(db, scopeOf(user), caseId);
      else if (!(await hazardInScope(db, scopeOf(user), hazardId!)))
        throw new DomainError('NOT_FOUND', '隐患不存在');
      if (file.size > config.UPLOAD_MAX_BYTES)
        throw new DomainError('VALIDATION', '文件过大', {
          file: `文件不能超过 ${config.UPLOAD_MAX_BYTES} 字节`,
        });
      if (!ALLOWED.has(file.type))
        throw new DomainError('VALIDATION', '不支持的文件类型', { file: '只接受图片、PDF 和 Office 文档' });
      const bytes = Buffer.from(await file.arrayBuffer());
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const id = randomUUID();
      const folder = caseId ?? `hazards/${hazardId!}`;
      const rel = path.join(folder, id);
      await mkdir(path.join(config.uploadDir, folder), { recursive: true });
      await writeFile(path.join(config.uploadDir, rel), bytes, { flag: 'wx' });
      const row = await insertDocument(db, {
        id,
        caseId: caseId ?? null,
        hazardId: hazardId ?? null,
        kind,
        filename: path.basename(file.name || 'file').slice(0, 200),
        mimeType: file.type,
        size: bytes.length,
        sha256,
        storagePath: rel,
        uploadedBy: user.id,
      });
      await appendAudit(db, {
        actorId: user.id,
        actorRole: user.role,
        action: 'upload',
        resource: 'documents',
        resourceId: id,
        requestId: c.get('requestId'),
        payload: { caseId: caseId ?? null, hazardId: hazardId ?? null, kind, sha256, size: bytes.length },
      });
      return c.json(toRecord(row) as never, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/documents',
      operationId: 'listDocuments',
      tags: ['documents'],
      summary: "Documents of the cases in the caller's scope (filter caseId)",
      request: { query: listQuerySchema },
      responses: { 200: jsonOk(z.array(documentSchema)), 401: errorResponses[401], 422: errorResponses[422] },
    }),
    async (c) => {
      const user = requireUser(c);
      const { rows, total, from } = await listDocuments(db, scopeOf(user), c.req.valid('query'));
      c.header('Content-Range', `documents ${from}-${from + Math.max(rows.length - 1, 0)}/${total}`);
      return c.json(rows.map(toRecord) as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/documents/{id}/content',
      operationId: 'downloadDocument',
      tags: ['documents'],
      summary: 'The file itself, only to those who may see its case',
      request: { params: z.object({ id: z.uuid() }) },
      responses: {
        200: { description: 'The file', content: { 'application/octet-stream': { schema: z.any() } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const user = requireUser(c);
      const doc = await getDocument(db, scopeOf(user), c.req.valid('param').id);
      const stream = Readable.toWeb(createReadStream(path.join(config.uploadDir, doc.storagePath)));
      return new Response(stream as ReadableStream, {
        headers: {
          'content-type': doc.mimeType,
          'content-length': String(doc.size),
          'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(doc.filename)}`,
          'x-content-sha256': doc.sha256,
        },
      }) as never;
    },
  );
  return app;
}
