import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import pg from 'pg';
import { appendAudit } from '../../db/queries/audit.js';
import { EXPORTABLE, EXPORT_CAP, exportList } from '../../db/queries/export.js';
import { importEnterprises, importRegions, type ImportReport } from '../../db/queries/import.js';
import { listQuerySchema } from '../../db/queries/list-params.js';
import { DomainError } from '../../domain/errors.js';
import type { TableFormat } from '../../domain/import/table.js';
import { scopeOf, type AppDeps, type AppEnv } from '../context.js';
import { errorSchema, errorResponses } from '../openapi.js';
import { requireUser } from './auth.routes.js';

/**
 * Registry import (导入) of enterprises and regions from CSV/XLSX with a row-by-row report, and export (导出) of
 * every list to CSV/XLSX. Registered before the list routes so `/{name}/export` is not taken for `/{name}/{id}`.
 */

/** Far above a 100,000-row enterprise file (about 20 MB as CSV); the whole file is parsed in memory. */
export const IMPORT_MAX_BYTES = 64 * 1024 * 1024;

export const rowErrorSchema = z
  .object({ row: z.number().int(), field: z.string(), reason: z.string() })
  .openapi('ImportRowError');
const reportSchema = z
  .object({
    total: z.number().int().openapi({ description: 'Data rows in the file (header excluded)' }),
    validCount: z.number().int(),
    imported: z.number().int(),
    dryRun: z.boolean(),
    errors: z
      .array(rowErrorSchema)
      .openapi({ description: 'Row-by-row: file row (header = 1), field, reason' }),
  })
  .openapi('ImportReport');
const rejectedSchema = errorSchema
  .extend({ report: reportSchema })
  .openapi('ImportRejected', { description: 'Error envelope plus the full report' });

const flag = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'on', ''])])
  .optional()
  .transform((v) => v === true || v === 'true' || v === '1' || v === 'on');
export const uploadSchema = z.object({
  file: z
    .any()
    .openapi({ type: 'string', format: 'binary', description: '.csv (UTF-8) or .xlsx, first sheet' }),
  importValidRows: flag.openapi({
    type: 'boolean',
    description: 'Import the valid rows even when others fail (default false: any error imports nothing)',
  }),
  dryRun: flag.openapi({ type: 'boolean', description: 'Validate and report only' }),
});

const forbidden = {
  description: 'Only administrators and supervisors may import',
  content: { 'application/json': { schema: errorSchema } },
};

export function formatOf(file: File, bytes: Buffer): TableFormat {
  const name = (file.name || '').toLowerCase();
  if (name.endsWith('.xlsx') || file.type.includes('spreadsheetml')) return 'xlsx';
  if (name.endsWith('.csv') || file.type.startsWith('text/')) return 'csv';
  // No usable name or type: an XLSX is a zip archive ("PK\3\4").
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4) return 'xlsx';
  if (name.endsWith('.xls'))
    throw new DomainError('VALIDATION', '不支持旧版 .xls，请另存为 .xlsx 或 .csv', {
      file: '只接受 .csv 或 .xlsx',
    });
  return 'csv';
}

/** node-postgres' pool behind the drizzle instance, for COPY; undefined on PGlite. */
export function poolOf(db: AppDeps['db']): pg.Pool | undefined {
  const client = (db as unknown as { $client?: unknown }).$client;
  return client instanceof pg.Pool ? client : undefined;
}

export function importExportRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const { db } = deps;

  const imports = [
    { name: 'enterprises', op: 'importEnterprises', run: importEnterprises, what: '企业' },
    { name: 'regions', op: 'importRegions', run: importRegions, what: '行政区划' },
  ] as const;
  for (const imp of imports) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/imports/${imp.name}`,
        operationId: imp.op,
        tags: ['registry'],
        summary: `导入${imp.what} Import ${imp.name} from CSV/XLSX with a row-by-row report`,
        description:
          'Multipart: file, importValidRows, dryRun. An import with errors imports nothing (422 with the report) ' +
          'unless importValidRows is set. Supervisors import only rows inside their jurisdiction (and, in a ' +
          "department, of the department's industries); rows outside are row errors.",
        request: { body: { content: { 'multipart/form-data': { schema: uploadSchema } }, required: true } },
        responses: {
          200: {
            description: 'Imported (or validated, with dryRun)',
            content: { 'application/json': { schema: reportSchema } },
          },
          401: errorResponses[401],
          403: forbidden,
          422: {
            description:
              'Rows failed and importValidRows was not set (nothing imported; `report` has every row error), ' +
              'or the file is missing or unreadable',
            content: { 'application/json': { schema: rejectedSchema } },
          },
        },
      }),
      async (c) => {
        const user = requireUser(c);
        if (user.role !== 'admin' && user.role !== 'supervisor')
          throw new DomainError('FORBIDDEN', '只有管理员和监管人员可以导入');
        if (user.role === 'supervisor' && !user.regionPath)
          throw new DomainError('FORBIDDEN', '您的账号未设置管辖区域');
        const { file, importValidRows, dryRun } = c.req.valid('form');
        if (!(file instanceof File))
          throw new DomainError('VALIDATION', '请选择文件', { file: '请选择文件' });
        if (file.size > IMPORT_MAX_BYTES)
          throw new DomainError('VALIDATION', '文件过大', { file: `文件不能超过 ${IMPORT_MAX_BYTES} 字节` });
        const bytes = Buffer.from(await file.arrayBuffer());
        const format = formatOf(file, bytes);
        let report: ImportReport;
        try {
          report = await imp.run(db, {
            data: bytes,
            format,
            importValidRows,
            dryRun,
            pool: poolOf(db),
            scopePath: user.role === 'admin' ? undefined : user.regionPath!,
            industries: user.role === 'admin' ? undefined : user.departmentIndustries,
          });
        } catch (e) {
          // A file the parsers cannot read (bad zip, unterminated quote) is the user's input, not our failure.
          if (e instanceof DomainError) throw e;
          if (
            e instanceof Error &&
            !('code' in e && typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code))
          )
            throw new DomainError('VALIDATION', '文件无法读取', {
              file: `无法读取${format.toUpperCase()}：${e.message}`,
            });
          throw e;
        }
        const body = { ...report, dryRun };
        await appendAudit(db, {
          actorId: user.id,
          actorRole: user.role,
          action: dryRun ? 'import_dry_run' : 'import',
          resource: imp.name,
          requestId: c.get('requestId'),
          payload: {
            filename: file.name,
            format,
            size: bytes.length,
            importValidRows,
            total: report.total,
            validCount: report.validCount,
            imported: report.imported,
            errorCount: report.errors.length,
          },
        });
        if (report.errors.length && !importValidRows && !dryRun) {
          const message = `${report.errors.length} 处错误，未导入任何数据；修正后重新导入，或选择仅导入有效行`;
          return c.json(
            {
              error: { code: 'VALIDATION', message, requestId: c.get('requestId') ?? '' },
              errors: { file: message },
              report: body,
            },
            422,
          );
        }
        return c.json(body, 200);
      },
    );
  }

  const exportQuery = listQuerySchema
    .omit({ range: true })
    .extend({ format: z.enum(['csv', 'xlsx']).default('csv') });
  for (const name of EXPORTABLE) {
    const op = (name.charAt(0).toUpperCase() + name.slice(1)).replace(/-(\w)/g, (_, c: string) =>
      c.toUpperCase(),
    );
    app.openapi(
      createRoute({
        method: 'get',
        path: `/${name}/export`,
        operationId: `export${op}`,
        tags: ['export'],
        summary: `Export the ${name} list (same scope, filter and sort as the list) as CSV or XLSX, up to ${EXPORT_CAP} rows`,
        request: { query: exportQuery },
        responses: {
          200: {
            description:
              'The file (Content-Disposition attachment). X-Total-Count: rows in the list; X-Export-Truncated: true when capped',
            content: {
              'text/csv': { schema: z.string() },
              'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
                schema: z.string().openapi({ format: 'binary' }),
              },
            },
          },
          401: errorResponses[401],
          422: errorResponses[422],
        },
      }),
      async (c) => {
        const user = requireUser(c);
        const q = c.req.valid('query');
        const out = await exportList(db, name, scopeOf(user), {
          filter: q.filter,
          sort: q.sort,
          format: q.format,
        });
        await appendAudit(db, {
          actorId: user.id,
          actorRole: user.role,
          action: 'export',
          resource: name,
          requestId: c.get('requestId'),
          payload: { format: q.format, filter: q.filter ?? null, exported: out.exported, total: out.total },
        });
        return new Response(new Uint8Array(out.body), {
          status: 200,
          headers: {
            'content-type': out.contentType,
            'content-disposition': `attachment; filename="${name}.${q.format}"; filename*=UTF-8''${encodeURIComponent(out.filename)}`,
            'x-total-count': String(out.total),
            'x-export-truncated': String(out.truncated),
            'access-control-expose-headers': 'Content-Disposition, X-Total-Count, X-Export-Truncated',
          },
        });
      },
    );
  }
  return app;
}
