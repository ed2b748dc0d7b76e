import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { verifyBatch } from '../../db/queries/hazard-batch.js';
import { auditLog } from '../../db/schema/index.js';
import { DomainError } from '../../domain/errors.js';
import { parseTable } from '../../domain/import/table.js';
import { hazardRowsFromTable } from '../../domain/import/hazards.js';
import { batchInput, BATCH_MAX_ROWS } from '../../domain/hazards/schemas.js';
import { scopeOf, type AppDeps, type AppEnv } from '../context.js';
import { idempotency, idempotencyHeader, replayedHeader } from '../idempotency.js';
import { errorResponses, errorSchema, forbiddenResponse, jsonBody, jsonOk } from '../openapi.js';
import { BATCH_REPORTERS, intakeBatch } from '../services/hazard-batch.js';
import { hazardsInScopeCount } from '../../db/queries/general-hazards.js';
import { IMPORT_MAX_BYTES, formatOf, poolOf, rowErrorSchema, uploadSchema } from './import-export.routes.js';
import { requireUser } from './auth.routes.js';

/** Batch intake of general hazards: JSON from other systems, CSV/XLSX from spreadsheets; one report per row. */
const batchReportSchema = z
  .object({
    batchId: z.uuid(),
    total: z.number().int(),
    validCount: z.number().int(),
    imported: z.number().int(),
    dryRun: z.boolean(),
    contentHash: z
      .string()
      .nullable()
      .describe('SHA-256 of the written rows, named by the audit record of the batch'),
    errors: z.array(rowErrorSchema),
  })
  .openapi('HazardBatchReport');
const rejected = errorSchema.extend({ report: batchReportSchema }).openapi('HazardBatchRejected');
/** A spreadsheet may hold a year of a district's hazards; the JSON batch is cut into requests of BATCH_MAX_ROWS. */
const FILE_MAX_ROWS = 100_000;

/** The body limit of POST /general-hazards/batch (api/guards.ts): 10,000 rows of up to ~3 KB of UTF-8 each. */
export const HAZARD_BATCH_MAX_BYTES = 32 * 1024 * 1024;

export function hazardBatchRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const { db } = deps;
  const idempotent = idempotency(deps);

  const answer = (
    c: { json: (b: unknown, s: 200 | 422) => Response; get(k: 'requestId'): string },
    report: Awaited<ReturnType<typeof intakeBatch>>,
    importValidRows: boolean,
  ) => {
    if (report.errors.length && !importValidRows && !report.dryRun) {
      const message = `${report.errors.length} 处错误，未导入任何数据；修正后重新提交，或选择仅导入有效行`;
      return c.json(
        {
          error: { code: 'VALIDATION', message, requestId: c.get('requestId') ?? '' },
          errors: { rows: message },
          report,
        },
        422,
      );
    }
    return c.json(report, 200);
  };

  app.openapi(
    createRoute({
      method: 'post',
      path: '/general-hazards/batch',
      operationId: 'batchReportGeneralHazards',
      tags: ['general hazards'],
      summary: `批量报送 Deliver up to ${BATCH_MAX_ROWS} general hazards at once, with a row-by-row report`,
      description:
        'Each row is validated as a single report (enterprise by enterpriseId or creditCode; externalRef refuses a re-delivery). ' +
        'Any row error writes nothing (422 with the report) unless importValidRows. The rows are written in one transaction ' +
        'and audited by one record naming the batch id and the SHA-256 of its rows (GET /general-hazard-batches/{id} re-checks it).',
      middleware: [idempotent] as const,
      request: { headers: idempotencyHeader, body: jsonBody(batchInput) },
      responses: {
        200: { ...jsonOk(batchReportSchema, 'Written (or validated, with dryRun)'), headers: replayedHeader },
        401: errorResponses[401],
        ...forbiddenResponse,
        409: errorResponses[422],
        422: {
          description: 'Rows failed (nothing written; `report` has every error), or the body is invalid',
          content: { 'application/json': { schema: rejected } },
        },
      },
    }),
    async (c) => {
      const user = requireUser(c);
      const body = c.req.valid('json');
      const report = await intakeBatch(
        { deps, user, requestId: c.get('requestId') },
        { ...body, pool: poolOf(db), rowNumber: (i) => i + 1, channel: 'api' },
      );
      return answer(c as never, report, body.importValidRows) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/imports/general-hazards',
      operationId: 'importGeneralHazards',
      tags: ['general hazards'],
      summary:
        '导入一般隐患 Import general hazards from CSV/XLSX with a row-by-row report (file rows, header = 1)',
      description:
        'Columns by Chinese header: 统一社会信用代码 (or 企业ID), 来源, 隐患类别, 隐患描述, 隐患部位, 发现日期, 整改期限, 整改责任人, 纬度, 经度, 外部编号.',
      request: { body: { content: { 'multipart/form-data': { schema: uploadSchema } }, required: true } },
      responses: {
        200: jsonOk(batchReportSchema),
        401: errorResponses[401],
        ...forbiddenResponse,
        409: errorResponses[422],
        422: {
          description: 'Rows failed (nothing imported) or the file is unreadable',
          content: { 'application/json': { schema: rejected } },
        },
      },
    }),
    async (c) => {
      const user = requireUser(c);
      // Before the file is read: a role that may not report at all learns nothing about its contents.
      if (!BATCH_REPORTERS.includes(user.role))
        throw new DomainError('FORBIDDEN', '该角色不能批量报告一般隐患');
      const { file, importValidRows, dryRun } = c.req.valid('form');
      if (!(file instanceof File)) throw new DomainError('VALIDATION', '请选择文件', { file: '请选择文件' });
      if (file.size > IMPORT_MAX_BYTES)
        throw new DomainError('VALIDATION', '文件过大', { file: `文件不能超过 ${IMPORT_MAX_BYTES} 字节` });
      const bytes = Buffer.from(await file.arrayBuffer());
      const format = formatOf(file, bytes);
      let table;
      try {
        table = await parseTable(bytes, format);
      } catch (e) {
        throw new DomainError('VALIDATION', '文件无法读取', {
          file: `无法读取${format.toUpperCase()}：${e instanceof Error ? e.message : String(e)}`,
        });
      }
      if (table.rows.length === 0)
        throw new DomainError('VALIDATION', '文件没有数据行', { file: '文件没有数据行' });
      if (table.rows.length > FILE_MAX_ROWS)
        throw new DomainError('VALIDATION', '行数过多', { file: `一个文件最多 ${FILE_MAX_ROWS} 行，请拆分` });
      const report = await intakeBatch(
        { deps, user, requestId: c.get('requestId') },
        {
          rows: hazardRowsFromTable(table.rows),
          importValidRows,
          dryRun,
          pool: poolOf(db),
          rowNumber: (i) => i + 2,
          channel: 'file',
          filename: file.name,
        },
      );
      return answer(c as never, report, importValidRows) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/general-hazard-batches/{id}',
      operationId: 'verifyGeneralHazardBatch',
      tags: ['general hazards'],
      summary:
        "A batch's audit record and its rows re-hashed now: `intact` when the stored rows still hash to what was audited",
      request: { params: z.object({ id: z.uuid({ error: '批次编号无效' }) }) },
      responses: {
        200: jsonOk(
          z.object({
            batchId: z.uuid(),
            audited: z.object({
              rows: z.number().int(),
              contentHash: z.string(),
              at: z.string(),
              actorId: z.string().nullable(),
            }),
            now: z.object({ rows: z.number().int(), contentHash: z.string() }),
            intact: z.boolean(),
          }),
        ),
        ...errorResponses,
        ...forbiddenResponse,
      },
    }),
    async (c) => {
      const user = requireUser(c);
      if (!['admin', 'supervisor', 'leader'].includes(user.role))
        throw new DomainError('FORBIDDEN', '只有监管人员可以核验批次');
      const id = c.req.valid('param').id;
      const [entry] = await db.select().from(auditLog).where(eq(auditLog.resourceId, id));
      // Only a batch with rows the caller may see: a foreign batch is not found.
      if (
        !entry ||
        entry.action !== 'batch_report' ||
        (await hazardsInScopeCount(db, scopeOf(user), { batchId: id })) === 0
      )
        throw new DomainError('NOT_FOUND', '批次不存在');
      const payload = entry.payload as { rows: number; contentHash: string };
      const now = await verifyBatch(db, id);
      return c.json(
        {
          batchId: id,
          audited: {
            rows: payload.rows,
            contentHash: payload.contentHash,
            at: entry.at.toISOString(),
            actorId: entry.actorId,
          },
          now,
          intact: now.rows === payload.rows && now.contentHash === payload.contentHash,
        },
        200,
      );
    },
  );
  return app;
}
