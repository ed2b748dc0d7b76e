import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { storedFilePath } from '../../domain/uploads.js';
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { fileTypeFromFile } from 'file-type';
import { appendAudit } from '../../db/queries/audit.js';
import { getCase } from '../../db/queries/cases.js';
import {
  getDocument,
  insertDocument,
  insertPhotoOnce,
  listDocuments,
  patrolOf,
  samePhoto,
} from '../../db/queries/documents.js';
import { hazardInScope } from '../../db/queries/general-hazards.js';
import { listQuerySchema } from '../../db/queries/list-params.js';
import { DomainError } from '../../domain/errors.js';
import { statusLabel, terminalStatuses } from '../../domain/case/index.js';
import type { CaseStatus } from '../../domain/case-status.js';
import { acceptedFileLabel, documentKinds, isAcceptedFile, type DocumentKind } from '../../domain/uploads.js';
import { scopeOf, type AppDeps, type AppEnv } from '../context.js';
import { errorResponses, jsonOk } from '../openapi.js';
import { replayedHeader } from '../idempotency.js';
import { requireUser } from './auth.routes.js';
import { discardUpload, receiveUpload } from '../upload.js';

/** Evidence files (证据材料) and documents, hashed and stored under config.uploadDir; types per kind in domain/uploads.ts. */
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
const uploadFields = z
  .object({
    caseId: z.uuid().optional(),
    /** A general hazard's photos: 'photo' (as found) or 'after_photo' (整改后). */
    hazardId: z.uuid().optional(),
    /** A patrol's photos (巡查照片): 'photo', by the grid member who recorded the patrol. */
    patrolId: z.uuid().optional(),
    kind: z.enum(documentKinds),
  })
  .refine((v) => [v.caseId, v.hazardId, v.patrolId].filter((x) => x !== undefined).length === 1, {
    error: '请指定案件 (caseId)、一般隐患 (hazardId) 或巡查记录 (patrolId) 之一',
    path: ['caseId'],
  })
  .refine((v) => v.patrolId === undefined || v.kind === 'photo', {
    error: '巡查记录只接受现场照片 (photo)',
    path: ['kind'],
  });
const uploadSchema = uploadFields.and(
  z.object({ file: z.any().openapi({ type: 'string', format: 'binary' }) }),
);
const toRecord = ({ storagePath: _p, duplicateOf: _d, ...rest }: Awaited<ReturnType<typeof getDocument>>) =>
  rest;

export const UPLOAD_OPERATION = 'uploadDocument';
/** Room for the multipart framing and the small fields around the file. */
const FORM_OVERHEAD_BYTES = 64 * 1024;
/** Old Office formats (.doc, .xls) are Compound File Binary containers: file-type knows them only as that. */
const CFB = 'application/x-cfb';
const CFB_TYPES = new Set(['application/msword', 'application/vnd.ms-excel']);

/**
 * The file's type as its bytes say (file-type), which must be what the client declared and one the document's kind
 * accepts (domain/uploads.ts, the table the upload form shows): HTML declared as image/png is refused. The stored and
 * served type is the sniffed one.
 */
async function sniffedType(file: string, declared: string, kind: DocumentKind): Promise<string> {
  if (!isAcceptedFile(kind, declared)) {
    const message = `此处只接受${acceptedFileLabel(kind)}`;
    throw new DomainError('VALIDATION', '不支持的文件类型', { file: message });
  }
  const sniffed = (await fileTypeFromFile(file))?.mime;
  if (sniffed === declared || (sniffed === CFB && CFB_TYPES.has(declared))) return declared;
  const message = `文件内容与声明的类型（${declared}）不符`;
  throw new DomainError('VALIDATION', message, { file: message });
}

/** The stored file's path inside the upload folder (domain/uploads.ts storedFilePath); 404 if it would leave it. */
function storedFile(uploadDir: string, storagePath: string): string {
  const full = storedFilePath(uploadDir, storagePath, path.resolve, path.sep);
  if (!full) throw new DomainError('NOT_FOUND', '文件不存在');
  return full;
}

export function documentRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const { db, config } = deps;

  // Documented like every route, but not validated by zod-openapi's form validator: it would read the whole body
  // into memory first. The handler streams it (api/upload.ts) and validates the fields itself.
  app.openAPIRegistry.registerPath(
    createRoute({
      method: 'post',
      path: '/documents',
      operationId: UPLOAD_OPERATION,
      tags: ['documents'],
      summary:
        'Upload a file to a case, a general hazard or a patrol (multipart: file, caseId | hazardId | patrolId, kind); size limited while streaming, type sniffed from the bytes, sha256 recorded',
      description:
        "A photo of a hazard or patrol whose bytes and kind are already stored there is not stored twice: the answer is the first document (200, Idempotent-Replayed: true), so a phone's retried upload makes no copy.",
      request: { body: { content: { 'multipart/form-data': { schema: uploadSchema } }, required: true } },
      responses: {
        201: jsonOk(documentSchema),
        200: { ...jsonOk(documentSchema, 'The same photo, stored before'), headers: replayedHeader },
        ...errorResponses,
        400: { description: 'Unreadable multipart body', content: errorResponses[422].content },
        413: {
          description: 'The file is larger than UPLOAD_MAX_BYTES',
          content: errorResponses[422].content,
        },
      },
    }),
  );
  app.post('/documents', async (c) => {
    const user = requireUser(c);
    // On a socket, Node's own request stream: node-server's web stream around it adds a layer of buffering.
    const incoming = (c.env as { incoming?: Readable } | undefined)?.incoming;
    const body = incoming ?? c.req.raw.body;
    const contentType = c.req.header('content-type') ?? '';
    if (!body || !contentType.toLowerCase().startsWith('multipart/form-data'))
      throw new DomainError('VALIDATION', '请选择文件', { file: '请选择文件' });
    const declaredLength = Number(c.req.header('content-length') ?? 'NaN');
    if (declaredLength > config.UPLOAD_MAX_BYTES + FORM_OVERHEAD_BYTES) {
      const message = `文件不能超过 ${config.UPLOAD_MAX_BYTES} 字节`;
      throw new DomainError('PAYLOAD_TOO_LARGE', message, { file: message });
    }
    const upload = await receiveUpload(body, contentType, {
      maxFileBytes: config.UPLOAD_MAX_BYTES,
      scratchDir: path.join(config.uploadDir, '.incoming'),
      fileField: 'file',
    });
    try {
      const { caseId, hazardId, patrolId, kind } = uploadFields.parse(upload.fields);
      const file = upload.file;
      if (!file || file.size === 0) throw new DomainError('VALIDATION', '请选择文件', { file: '请选择文件' });
      // A foreign case, hazard or patrol: 404. A patrol's photos are its recorder's to add.
      if (caseId) {
        const kase = await getCase(db, scopeOf(user), caseId);
        // A case that has ended takes no new evidence: nothing could ever read it as part of the case.
        if (terminalStatuses.includes(kase.status as CaseStatus))
          throw new DomainError(
            'INVALID_TRANSITION',
            `案件已${statusLabel(kase.status as CaseStatus)}，不能再上传材料`,
          );
      } else if (hazardId) {
        if (!(await hazardInScope(db, scopeOf(user), hazardId)))
          throw new DomainError('NOT_FOUND', '隐患不存在');
      } else {
        const patrol = await patrolOf(db, scopeOf(user), patrolId!);
        if (!patrol) throw new DomainError('NOT_FOUND', '巡查记录不存在');
        if (patrol.patrolledBy !== user.id && user.role !== 'admin')
          throw new DomainError('FORBIDDEN', '只有填写该巡查记录的网格员可以添加照片');
      }
      const mimeType = await sniffedType(file.tmpPath, file.declaredType, kind);
      if (!caseId) {
        const earlier = await samePhoto(db, { hazardId, patrolId, kind, sha256: file.sha256 });
        if (earlier) {
          c.header('Idempotent-Replayed', 'true');
          return c.json(toRecord(earlier), 200);
        }
      }
      const id = randomUUID();
      const folder = caseId ?? (hazardId ? `hazards/${hazardId}` : `patrols/${patrolId!}`);
      const rel = path.join(folder, id);
      await mkdir(path.join(config.uploadDir, folder), { recursive: true });
      await rename(file.tmpPath, path.join(config.uploadDir, rel));
      const doc = {
        id,
        caseId: caseId ?? null,
        hazardId: hazardId ?? null,
        patrolId: patrolId ?? null,
        kind,
        filename: path.basename(file.filename || 'file').slice(0, 200),
        mimeType,
        size: file.size,
        sha256: file.sha256,
        storagePath: rel,
        uploadedBy: user.id,
      };
      const row = caseId ? await insertDocument(db, doc) : await insertPhotoOnce(db, doc);
      if (!row) {
        // The same photo was stored by an upload running at the same instant (a retry racing the first attempt):
        // this copy's file goes, and the answer is the first document, as for a later retry.
        await rm(path.join(config.uploadDir, rel), { force: true });
        const earlier = await samePhoto(db, { hazardId, patrolId, kind, sha256: file.sha256 });
        if (!earlier) throw new Error('photo conflicted on insert but no stored copy was found');
        c.header('Idempotent-Replayed', 'true');
        return c.json(toRecord(earlier), 200);
      }
      await appendAudit(db, {
        actorId: user.id,
        actorRole: user.role,
        action: 'upload',
        resource: 'documents',
        resourceId: id,
        requestId: c.get('requestId'),
        payload: {
          caseId: caseId ?? null,
          hazardId: hazardId ?? null,
          patrolId: patrolId ?? null,
          kind,
          sha256: file.sha256,
          size: file.size,
          mimeType,
        },
      });
      return c.json(toRecord(row), 201);
    } finally {
      await discardUpload(upload);
    }
  });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/documents',
      operationId: 'listDocuments',
      tags: ['documents'],
      summary:
        "Documents of the cases, general hazards and patrols in the caller's scope (filters caseId, hazardId, patrolId, kind)",
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
      const stream = Readable.toWeb(createReadStream(storedFile(config.uploadDir, doc.storagePath)));
      return new Response(stream as ReadableStream, {
        headers: {
          'content-type': doc.mimeType,
          'content-length': String(doc.size),
          'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(doc.filename)}`,
          'x-content-sha256': doc.sha256,
          // Never rendered in the console's origin, whatever the file holds (an old generated notice is HTML).
          'content-security-policy': "default-src 'none'; sandbox",
        },
      }) as never;
    },
  );
  return app;
}
