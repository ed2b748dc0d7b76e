/**
 * Registry import into the database.
 *
 * - `importEnterprises(db, { data, format, importValidRows? })` → `ImportReport`
 * - `importRegions(db, { data, format, importValidRows? })` → `ImportReport`
 *
 * An import with any error imports nothing unless `importValidRows: true`, in which case the valid rows are imported
 * and the errors still reported. Each enterprise gets its supervising department by 谁家的孩子谁抱走
 * (`supervisingDepartment`) and its region path from the region tree. Inserts are multi-row, in chunks, in one
 * transaction.
 */
import { inArray } from 'drizzle-orm';
import type { Db } from '../client.js';
import { departments, enterprises, regions } from '../schema/index.js';
import { parseTable, type TableFormat } from '../../domain/import/table.js';
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
}

const CHUNK = 1000;

export async function importEnterprises(db: Db, p: ImportParams): Promise<ImportReport> {
  const { headers, rows } = await parseTable(p.data, p.format);
  const regionRows = await db.select({ code: regions.code, path: regions.path }).from(regions);
  const regionPath = new Map(regionRows.map((r) => [r.code, r.path]));
  const codes = [...new Set(rows.map((r) => (r['统一社会信用代码'] ?? r.creditCode ?? '').toUpperCase()))];
  const existing = new Set<string>();
  for (let i = 0; i < codes.length; i += 5000) {
    const part = codes.slice(i, i + 5000);
    if (!part.length) continue;
    const found = await db
      .select({ c: enterprises.creditCode })
      .from(enterprises)
      .where(inArray(enterprises.creditCode, part));
    for (const f of found) existing.add(f.c);
  }
  const { valid, errors } = validateEnterpriseRows(headers, rows, {
    knownRegions: new Set(regionPath.keys()),
    existingCreditCodes: existing,
  });
  const report = { total: rows.length, validCount: valid.length, imported: 0, errors };
  if ((errors.length && !p.importValidRows) || !valid.length) return report;
  const deps = (await db.select().from(departments)).map((d) => ({
    id: d.id,
    industryCodes: d.industryCodes,
    regionPath: regionPath.get(d.regionCode) ?? '\u0000',
  }));
  const today = new Date().toISOString().slice(0, 10);
  await db.transaction(async (tx) => {
    for (let i = 0; i < valid.length; i += CHUNK) {
      await tx.insert(enterprises).values(
        valid.slice(i, i + CHUNK).map(({ row: _row, ...v }) => {
          const path = regionPath.get(v.regionCode)!;
          return {
            ...v,
            regionPath: path,
            departmentId: supervisingDepartment({ ...v, regionPath: path }, deps)?.id ?? null,
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
  const { valid, errors } = validateRegionRows(headers, rows, new Set(path.keys()));
  const report = { total: rows.length, validCount: valid.length, imported: 0, errors };
  if ((errors.length && !p.importValidRows) || !valid.length) return report;
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
