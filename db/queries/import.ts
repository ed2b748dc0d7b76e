/**
 * Registry import into the database.
 *
 * - `importEnterprises(db, { data, format, importValidRows? })` → `ImportReport`
 * - `importRegions(db, { data, format, importValidRows? })` → `ImportReport`
 *
 * An import with any error imports nothing unless `importValidRows: true`, in which case the valid rows are imported
 * and the errors still reported. Each enterprise gets its supervising department by 谁家的孩子谁抱走
 * (`supervisingDepartment`) and its region path from the region tree. Inserts are multi-row, in chunks, in one
 * transaction — or, when the caller passes the node-postgres `pool` (PostgreSQL, not PGlite), through one COPY, which
 * is what keeps a validated 100,000-row import near the cost of a bare COPY (bench/registry-import.ts).
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { loadTaxonomy } from './industries.js';
import { departments, enterprises, regions } from '../schema/index.js';
import { parseTable, toCsvLines, type TableFormat } from '../../domain/import/table.js';
import {
  validateEnterpriseRows,
  validateRegionRows,
  type ImportError,
} from '../../domain/import/enterprises.js';
import { supervisingDepartment } from '../../domain/registry.js';

export interface ImportReport {
  total: number;
  validCount: number;
  imported: number;
  errors: ImportError[];
}
export interface ImportParams {
  data: Buffer | Uint8Array;
  format: TableFormat;
  importValidRows?: boolean;
  /** When given (PostgreSQL), valid rows load through COPY instead of multi-row INSERTs. */
  pool?: pg.Pool;
  /** Validate and report only; nothing is written. */
  dryRun?: boolean;
  /** A supervisor's jurisdiction (region path prefix): rows placed outside it are row errors. */
  scopePath?: string;
  /**
   * A department supervisor's industries (行业主管部门; 大类 or 小类 codes): enterprises of other industries are row
   * errors. Absent or null: every industry.
   */
  industries?: string[] | null;
}

const OUTSIDE = '不在您的管辖范围内';
const OTHER_INDUSTRY = '不在您部门监管的行业内';

export const ENTERPRISE_COPY_COLUMNS = [
  'name',
  'credit_code',
  'region_code',
  'region_path',
  'industry_code',
  'industry_category',
  'scale',
  'department_id',
  'risk_grade',
  'status',
  'status_changed_at',
  'address',
  'principal_name',
  'principal_phone',
  'safety_manager_name',
  'safety_manager_phone',
] as const;

/** COPY rows (arrays in ENTERPRISE_COPY_COLUMNS order, null for NULL) into enterprises, in one transaction. */
export async function copyEnterprises(
  pool: pg.Pool,
  rows: ReadonlyArray<ReadonlyArray<string | null>>,
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const stream = client.query(
      copyFrom(
        `COPY enterprises (${ENTERPRISE_COPY_COLUMNS.join(',')}) FROM STDIN WITH (FORMAT csv, NULL '\\N')`,
      ),
    );
    async function* chunks() {
      // Small chunks keep the server busy with one while the next is serialised.
      for (let i = 0; i < rows.length; i += 1000) yield toCsvLines(rows.slice(i, i + 1000), '\\N');
    }
    await pipeline(Readable.from(chunks()), stream);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

const CHUNK = 1000;

export async function importEnterprises(db: Db, p: ImportParams): Promise<ImportReport> {
  const { headers, rows } = await parseTable(p.data, p.format);
  const [regionRows, depRows] = await Promise.all([
    db.select({ code: regions.code, path: regions.path }).from(regions),
    db.select().from(departments),
  ]);
  const regionPath = new Map(regionRows.map((r) => [r.code, r.path]));
  const codes = [...new Set(rows.map((r) => (r['统一社会信用代码'] ?? r.creditCode ?? '').toUpperCase()))];
  // The registry duplicate check runs in the database while the rows are validated here; its hits are merged after.
  // One array parameter rather than thousands of bound values (codes are filtered to be alphanumeric first).
  const safe = codes.filter((c) => /^[0-9A-Z]{18}$/.test(c));
  const existingQuery = safe.length
    ? db.execute(
        sql`SELECT credit_code AS c FROM enterprises WHERE credit_code = ANY(${'{' + safe.join(',') + '}'}::text[])`,
      )
    : Promise.resolve({ rows: [] });
  const checked = validateEnterpriseRows(headers, rows, {
    knownRegions: new Set(regionPath.keys()),
    existingCreditCodes: new Set(),
    industries: await loadTaxonomy(db),
  });
  // node-postgres and PGlite both return { rows }.
  const existing = new Set(
    ((await existingQuery) as unknown as { rows: Array<{ c: string }> }).rows.map((r) => r.c),
  );
  let { valid, errors } = checked;
  if (existing.size) {
    const dup = valid.filter((v) => existing.has(v.creditCode));
    valid = valid.filter((v) => !existing.has(v.creditCode));
    errors = [
      ...errors,
      ...dup.map((v) => ({ row: v.row, field: 'creditCode', reason: '统一社会信用代码已在企业库中' })),
    ].sort((a, b) => a.row - b.row);
  }
  if (p.scopePath) {
    const scopePath = p.scopePath;
    const outside = valid.filter((v) => !regionPath.get(v.regionCode)!.startsWith(scopePath));
    if (outside.length) {
      valid = valid.filter((v) => regionPath.get(v.regionCode)!.startsWith(scopePath));
      errors = [
        ...errors,
        ...outside.map((v) => ({ row: v.row, field: 'regionCode', reason: OUTSIDE })),
      ].sort((a, b) => a.row - b.row);
    }
  }
  if (p.industries) {
    const industries = p.industries;
    const covered = (v: (typeof valid)[number]) =>
      industries.includes(v.industryCategory) || industries.includes(v.industryCode);
    const foreign = valid.filter((v) => !covered(v));
    if (foreign.length) {
      valid = valid.filter(covered);
      errors = [
        ...errors,
        ...foreign.map((v) => ({ row: v.row, field: 'industryCode', reason: OTHER_INDUSTRY })),
      ].sort((a, b) => a.row - b.row);
    }
  }
  const report = { total: rows.length, validCount: valid.length, imported: 0, errors };
  if ((errors.length && !p.importValidRows) || !valid.length || p.dryRun) return report;
  const deps = depRows.map((d) => ({
    id: d.id,
    industryCodes: d.industryCodes,
    regionPath: regionPath.get(d.regionCode) ?? '\u0000',
  }));
  const today = new Date().toISOString().slice(0, 10);
  // Placement depends only on (region, industry): memoised, as a file holds few distinct pairs.
  const placed = new Map<string, string | null>();
  const departmentOf = (
    v: { regionCode: string; industryCode: string; industryCategory: string },
    path: string,
  ): string | null => {
    const k = `${v.regionCode}|${v.industryCode}`;
    let d = placed.get(k);
    if (d === undefined)
      placed.set(k, (d = supervisingDepartment({ ...v, regionPath: path }, deps)?.id ?? null));
    return d;
  };
  if (p.pool) {
    await copyEnterprises(
      p.pool,
      valid.map((v) => {
        const path = regionPath.get(v.regionCode)!;
        return [
          v.name,
          v.creditCode,
          v.regionCode,
          path,
          v.industryCode,
          v.industryCategory,
          v.scale,
          departmentOf(v, path),
          v.riskGrade,
          v.status,
          v.statusChangedAt ?? (v.status === 'operating' ? null : today),
          v.address,
          v.principalName,
          v.principalPhone,
          v.safetyManagerName,
          v.safetyManagerPhone,
        ];
      }),
    );
    report.imported = valid.length;
    return report;
  }
  await db.transaction(async (tx) => {
    for (let i = 0; i < valid.length; i += CHUNK) {
      await tx.insert(enterprises).values(
        valid.slice(i, i + CHUNK).map(({ row: _row, ...v }) => {
          const path = regionPath.get(v.regionCode)!;
          return {
            ...v,
            regionPath: path,
            departmentId: departmentOf(v, path),
            statusChangedAt: v.statusChangedAt ?? (v.status === 'operating' ? null : today),
          };
        }),
      );
    }
  });
  report.imported = valid.length;
  return report;
}

export async function importRegions(db: Db, p: ImportParams): Promise<ImportReport> {
  const { headers, rows } = await parseTable(p.data, p.format);
  const existingRows = await db.select({ code: regions.code, path: regions.path }).from(regions);
  const path = new Map(existingRows.map((r) => [r.code, r.path]));
  let { valid, errors } = validateRegionRows(headers, rows, new Set(path.keys()));
  if (p.scopePath) {
    // A new region's path is its parent's path plus its code; parents in the same file come first.
    const tentative = new Map(path);
    const inside = (r: (typeof valid)[number]) => {
      const rp = `${r.parentCode ? (tentative.get(r.parentCode) ?? '') : ''}${r.code}/`;
      tentative.set(r.code, rp);
      return rp.startsWith(p.scopePath!) && rp !== p.scopePath;
    };
    const outside = valid.filter((r) => !inside(r));
    if (outside.length) {
      valid = valid.filter((r) => !outside.includes(r));
      errors = [
        ...errors,
        ...outside.map((r) => ({ row: r.row, field: 'parentCode', reason: OUTSIDE })),
      ].sort((a, b) => a.row - b.row);
    }
  }
  const report = { total: rows.length, validCount: valid.length, imported: 0, errors };
  if ((errors.length && !p.importValidRows) || !valid.length || p.dryRun) return report;
  // Parents come first in a valid file (validation requires it), so paths resolve in order.
  const values = valid.map(({ row: _row, ...r }) => {
    const rp = `${r.parentCode ? (path.get(r.parentCode) ?? '') : ''}${r.code}/`;
    path.set(r.code, rp);
    return { ...r, path: rp };
  });
  await db.transaction(async (tx) => {
    for (let i = 0; i < values.length; i += CHUNK)
      await tx.insert(regions).values(values.slice(i, i + CHUNK));
  });
  report.imported = values.length;
  return report;
}
