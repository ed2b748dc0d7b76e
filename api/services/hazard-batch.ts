/**
 * Batch intake of general hazards: the batch API (other systems) and the CSV/XLSX import (spreadsheets) share this
 * pipeline. Every row is validated as a single report would be (the same schema, the same row builder), with one
 * query per kind of lookup for the whole batch; the valid rows are written in one COPY and the batch is audited, in the
 * same transaction, by one record naming its id, its row count and the SHA-256 of its rows (docs/adr/0012-general-hazards-swept-not-held.md).
 * Any row error writes nothing unless `importValidRows`; the report lists each error by row, field and reason.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { dutyPolicyFor, workingCalendarOf } from '../../db/queries/duty-policies.js';
import {
  checklistItemOwners,
  enterprisesForBatch,
  existingClauses,
  existingExternalRefs,
  renderBatch,
  writeHazardBatch,
} from '../../db/queries/hazard-batch.js';
import { DomainError } from '../../domain/errors.js';
import type { ImportError } from '../../domain/import/enterprises.js';
import type { DutyPolicy } from '../../domain/hazards/policy.js';
import { batchHazardRow, type BatchHazardRow } from '../../domain/hazards/schemas.js';
import { scopeOf } from '../context.js';
import {
  buildHazardRow,
  checkSource,
  todayOf,
  type PreparedHazard,
  type ServiceContext,
} from './general-hazards.js';

export interface BatchReport {
  batchId: string;
  total: number;
  validCount: number;
  imported: number;
  dryRun: boolean;
  /** SHA-256 of the written rows' reported facts (db/queries/hazard-batch.ts batchContentHash); null if none written. */
  contentHash: string | null;
  errors: ImportError[];
}

/** Who may report general hazards in batches (each row still within their own scope). */
export const BATCH_REPORTERS: readonly string[] = ['admin', 'supervisor', 'enterprise', 'grid_member'];

export async function intakeBatch(
  ctx: ServiceContext,
  p: {
    rows: readonly unknown[];
    importValidRows: boolean;
    dryRun: boolean;
    /** node-postgres' pool for COPY; absent on PGlite. */
    pool?: pg.Pool;
    /** The number a row is reported under: its index + 1 for the API, its file row (header = 1) for a file. */
    rowNumber: (index: number) => number;
    channel: 'api' | 'file';
    filename?: string;
  },
): Promise<BatchReport> {
  const { db } = ctx.deps;
  const { user } = ctx;
  if (!BATCH_REPORTERS.includes(user.role)) throw new DomainError('FORBIDDEN', '该角色不能上报一般隐患');
  const batchId = randomUUID();
  const { today, now } = todayOf(ctx.deps);
  const errors: ImportError[] = [];
  const err = (i: number, field: string, reason: string) =>
    errors.push({ row: p.rowNumber(i), field, reason });

  const parsed: Array<{ i: number; row: BatchHazardRow }> = [];
  p.rows.forEach((raw, i) => {
    const r = batchHazardRow.safeParse(raw);
    if (r.success) parsed.push({ i, row: r.data });
    else {
      const seen = new Set<string>();
      for (const issue of r.error.issues) {
        const field = issue.path.join('.') || '_';
        if (!seen.has(field)) err(i, field, issue.message);
        seen.add(field);
      }
    }
  });

  const ids = [...new Set(parsed.flatMap(({ row }) => (row.enterpriseId ? [row.enterpriseId] : [])))];
  const codes = [...new Set(parsed.flatMap(({ row }) => (row.creditCode ? [row.creditCode] : [])))];
  const refs = [...new Set(parsed.flatMap(({ row }) => (row.externalRef ? [row.externalRef] : [])))];
  const clauses = [...new Set(parsed.flatMap(({ row }) => (row.clauseId ? [row.clauseId] : [])))];
  const items = [...new Set(parsed.flatMap(({ row }) => (row.checklistItemId ? [row.checklistItemId] : [])))];
  const [found, taken, knownClauses, itemOwners, calendar] = await Promise.all([
    enterprisesForBatch(db, scopeOf(user), { ids, creditCodes: codes }),
    existingExternalRefs(db, refs),
    existingClauses(db, clauses),
    checklistItemOwners(db, items),
    workingCalendarOf(db),
  ]);

  const policies = new Map<string, Promise<DutyPolicy>>();
  const policyOf = (regionPath: string) => {
    let q = policies.get(regionPath);
    if (!q) policies.set(regionPath, (q = dutyPolicyFor(db, { regionPath, on: today })));
    return q;
  };
  const inBatch = new Set<string>();
  const prepared: PreparedHazard[] = [];
  for (const { i, row } of parsed) {
    const e = row.enterpriseId ? found.byId.get(row.enterpriseId) : found.byCode.get(row.creditCode!);
    if (!e || (row.enterpriseId && row.creditCode && found.byCode.get(row.creditCode)?.id !== e.id)) {
      err(i, row.enterpriseId ? 'enterpriseId' : 'creditCode', '企业不存在或不在您的辖区内');
      continue;
    }
    if (row.externalRef) {
      if (taken.has(row.externalRef)) {
        err(i, 'externalRef', '该外部编号已经导入过');
        continue;
      }
      if (inBatch.has(row.externalRef)) {
        err(i, 'externalRef', '外部编号在本批中重复');
        continue;
      }
      inBatch.add(row.externalRef);
    }
    if (row.clauseId && !knownClauses.has(row.clauseId)) {
      err(i, 'clauseId', '判定标准条款不存在');
      continue;
    }
    // The single report's check (prepareReport): the item must be on this row's enterprise's own checklist.
    if (row.checklistItemId && itemOwners.get(row.checklistItemId) !== e.id) {
      err(i, 'checklistItemId', '排查清单条目不属于该企业');
      continue;
    }
    try {
      checkSource(user, row.source);
      const { enterpriseId: _id, creditCode: _code, externalRef, ...input } = row;
      prepared.push(
        buildHazardRow(
          { ...input, enterpriseId: e.id },
          { user, today, now, enterprise: e, policy: await policyOf(e.regionPath), calendar },
          { batchId, externalRef: externalRef ?? null },
        ),
      );
    } catch (x) {
      if (!(x instanceof DomainError) || x.code !== 'VALIDATION') throw x;
      for (const [field, reason] of Object.entries(x.fields ?? { _: x.message })) err(i, field, reason);
    }
  }
  errors.sort((a, b) => a.row - b.row);
  const report: BatchReport = {
    batchId,
    total: p.rows.length,
    validCount: prepared.length,
    imported: 0,
    dryRun: p.dryRun,
    contentHash: null,
    errors,
  };
  if ((errors.length && !p.importValidRows) || prepared.length === 0 || p.dryRun) return report;

  const { text, contentHash } = renderBatch(prepared);
  try {
    await writeHazardBatch(db, {
      rows: prepared,
      text,
      pool: p.pool,
      audit: {
        actorId: user.id,
        actorRole: user.role,
        action: 'batch_report',
        resource: 'general_hazards',
        resourceId: batchId,
        requestId: ctx.requestId,
        payload: {
          channel: p.channel,
          filename: p.filename ?? null,
          rows: prepared.length,
          total: p.rows.length,
          errorCount: errors.length,
          firstId: prepared[0]!.id,
          lastId: prepared.at(-1)!.id,
          contentHash,
          hashAlgorithm: 'sha256 of COPY lines (db/queries/hazard-batch.ts HASHED_COLUMNS)',
        },
      },
    });
  } catch (x) {
    // Another batch wrote one of these external ids meanwhile: nothing of this one was written.
    if ((x as { code?: string }).code === '23505')
      throw new DomainError('CONFLICT', '本批中的外部编号已被同时导入的另一批使用，本批未写入；请重新提交');
    throw x;
  }
  return { ...report, imported: prepared.length, contentHash };
}
