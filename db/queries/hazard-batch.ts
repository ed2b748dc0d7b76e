/**
 * Batch intake of general hazards (other systems, spreadsheets): the lookups a batch needs in one query each, the
 * write (one COPY on PostgreSQL, multi-row INSERTs in one transaction on PGlite), and the batch's content hash — the
 * SHA-256 of its rows rendered as COPY lines in HAZARD_COPY_COLUMNS order — which the one audit record of the batch
 * names. `verifyBatch` renders the stored rows the same way, so the audit trail proves the rows were not changed.
 *
 * - `enterprisesForBatch(db, scope, { ids, creditCodes })` → reportable enterprises by id and by credit code
 * - `existingExternalRefs(db, refs)` → the refs already in the ledger
 * - `existingClauses(db, ids)` → the clause ids that exist
 * - `checklistItemOwners(db, ids)` → each existing checklist item's enterprise
 * - `hazardCopyText(rows)`, `writeHazardBatch(db, { rows, pool })`, `verifyBatch(db, batchId)`
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { appendAudit, appendAuditOnClient, type AuditEntry } from './audit.js';
import { checklistItems, checklists, enterprises, generalHazards, hazardClauses } from '../schema/index.js';
import { reportableEnterprises } from './hazard-scope.js';
import type { GeneralHazardInsert, GeneralHazardRow, ReportableEnterprise } from './general-hazards.js';
import type { Scope } from './scope.js';

const CHUNK = 1000;

/** The columns a batch writes, in COPY order, with the row key each comes from. */
export const HAZARD_COPY_COLUMNS = [
  ['id', 'id'],
  ['enterprise_id', 'enterpriseId'],
  ['region_code', 'regionCode'],
  ['region_path', 'regionPath'],
  ['industry_category', 'industryCategory'],
  ['industry_code', 'industryCode'],
  ['department_id', 'departmentId'],
  ['source', 'source'],
  ['source_ref', 'sourceRef'],
  ['external_ref', 'externalRef'],
  ['batch_id', 'batchId'],
  ['category', 'category'],
  ['description', 'description'],
  ['location', 'location'],
  ['lat', 'lat'],
  ['lng', 'lng'],
  ['checklist_item_id', 'checklistItemId'],
  ['clause_id', 'clauseId'],
  ['responsible_person', 'responsiblePerson'],
  ['found_on', 'foundOn'],
  ['reported_at', 'reportedAt'],
  ['reported_by', 'reportedBy'],
  ['reporter_role', 'reporterRole'],
  ['reported_late', 'reportedLate'],
  ['deadline', 'deadline'],
  ['status', 'status'],
  ['light', 'light'],
  ['updated_at', 'updatedAt'],
] as const satisfies ReadonlyArray<readonly [string, keyof GeneralHazardInsert]>;

type Cell = string | number | null;
const cell = (v: unknown): Cell => {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return v;
  return String(v);
};

/** The rows as COPY text (CSV, `\N` for NULL): what is written. */
export function hazardCopyText(rows: ReadonlyArray<Partial<GeneralHazardInsert>>): string {
  return renderBatch(rows).text;
}

/**
 * The columns the content hash covers: what was reported, which never changes afterwards. The lifecycle columns
 * (deadline — a failed spot check sets a new one —, status, light, updated_at) move on after intake; each of those
 * moves is a command with its own audit record and event.
 */
const LIFECYCLE = new Set(['deadline', 'status', 'light', 'updatedAt']);
export const HASHED_COLUMNS = HAZARD_COPY_COLUMNS.filter(([, k]) => !LIFECYCLE.has(k));

/** SHA-256 of the rows' reported facts, as COPY lines in HASHED_COLUMNS order: the batch's content hash. */
export function batchContentHash(rows: ReadonlyArray<Partial<GeneralHazardInsert>>): string {
  return renderBatch(rows).contentHash;
}

const csvField = (v: unknown): string => {
  const c = cell(v);
  if (c === null) return '\\N';
  const t = typeof c === 'number' ? String(c) : c;
  return t.includes('"') || t.includes(',') || t.includes('\n') || t.includes('\r')
    ? `"${t.replace(/"/g, '""')}"`
    : t;
};
const HASHED = HAZARD_COPY_COLUMNS.map(([, k]) => !LIFECYCLE.has(k));

/**
 * The COPY text and the content hash in one pass over the rows: each field is rendered once and goes to the line
 * written and, when it is a reported fact, to the line hashed (the same bytes toCsvLines gives for those columns).
 */
export function renderBatch(rows: ReadonlyArray<Partial<GeneralHazardInsert>>): {
  text: string;
  contentHash: string;
} {
  const hash = createHash('sha256');
  const lines: string[] = [];
  let hashed = '';
  for (const r of rows) {
    let line = '';
    let h = '';
    let first = true;
    for (let k = 0; k < HAZARD_COPY_COLUMNS.length; k++) {
      const f = csvField(r[HAZARD_COPY_COLUMNS[k]![1]]);
      line += k ? ',' + f : f;
      if (HASHED[k]) {
        h += first ? f : ',' + f;
        first = false;
      }
    }
    lines.push(line);
    hashed += h + '\n';
    if (hashed.length > 1_000_000) {
      hash.update(hashed);
      hashed = '';
    }
  }
  hash.update(hashed);
  return { text: lines.length ? lines.join('\n') + '\n' : '', contentHash: hash.digest('hex') };
}

export async function enterprisesForBatch(
  db: Db,
  scope: Scope,
  p: { ids: string[]; creditCodes: string[] },
): Promise<{ byId: Map<string, ReportableEnterprise>; byCode: Map<string, ReportableEnterprise> }> {
  const byId = new Map<string, ReportableEnterprise>();
  const byCode = new Map<string, ReportableEnterprise>();
  if (!p.ids.length && !p.creditCodes.length) return { byId, byCode };
  const rows = await db
    .select({
      id: enterprises.id,
      creditCode: enterprises.creditCode,
      name: enterprises.name,
      regionCode: enterprises.regionCode,
      regionPath: enterprises.regionPath,
      industryCategory: enterprises.industryCategory,
      industryCode: enterprises.industryCode,
      departmentId: enterprises.departmentId,
      status: enterprises.status,
    })
    .from(enterprises)
    .where(
      and(
        or(
          p.ids.length ? sql`${enterprises.id} = any(${'{' + p.ids.join(',') + '}'}::uuid[])` : undefined,
          p.creditCodes.length
            ? sql`${enterprises.creditCode} = any(${'{' + p.creditCodes.join(',') + '}'}::text[])`
            : undefined,
        ),
        reportableEnterprises(scope),
      ),
    );
  for (const { creditCode, ...e } of rows) {
    byId.set(e.id, e);
    byCode.set(creditCode, e);
  }
  return { byId, byCode };
}

export async function existingExternalRefs(db: Db, refs: string[]): Promise<Set<string>> {
  if (!refs.length) return new Set();
  // One array parameter, not 10,000 bind parameters (parsing and planning those cost more than the lookup).
  const rows = await db
    .select({ ref: generalHazards.externalRef })
    .from(generalHazards)
    .where(sql`${generalHazards.externalRef} = any(${sql.param(refs)}::text[])`);
  return new Set(rows.map((r) => r.ref!));
}

export async function existingClauses(db: Db, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db
    .select({ id: hazardClauses.id })
    .from(hazardClauses)
    .where(inArray(hazardClauses.id, ids));
  return new Set(rows.map((r) => r.id));
}

/** The enterprise each of these checklist items belongs to (through its checklist); unknown ids are absent. */
export async function checklistItemOwners(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db
    .select({ id: checklistItems.id, enterpriseId: checklists.enterpriseId })
    .from(checklistItems)
    .innerJoin(checklists, eq(checklists.id, checklistItems.checklistId))
    .where(sql`${checklistItems.id} = any(${sql.param(ids)}::uuid[])`);
  return new Map(rows.map((r) => [r.id, r.enterpriseId]));
}

/**
 * Writes a batch's rows and its audit record atomically. On PostgreSQL (`pool` given) through one COPY of `text` (the
 * rows exactly as hashed) and the audit record in the same transaction, appended last so the chain's global lock is
 * held for one insert; otherwise (PGlite) multi-row INSERTs in one transaction, then the record.
 */
export async function writeHazardBatch(
  db: Db,
  p: { rows: GeneralHazardInsert[]; text: string; pool?: pg.Pool; audit: AuditEntry },
): Promise<void> {
  if (p.rows.length === 0) return;
  if (p.pool) {
    const client = await p.pool.connect();
    try {
      await client.query('BEGIN');
      const stream = client.query(
        copyFrom(
          `COPY general_hazards (${HAZARD_COPY_COLUMNS.map(([c]) => c).join(',')}) FROM STDIN WITH (FORMAT csv, NULL '\\N')`,
        ),
      );
      async function* chunks(text: string) {
        // Slices of ~1 MB keep the server busy with one while the next is sent.
        for (let i = 0; i < text.length;) {
          let j = Math.min(text.length, i + 1_000_000);
          if (j < text.length) j = text.indexOf('\n', j) + 1 || text.length;
          yield text.slice(i, j);
          i = j;
        }
      }
      await pipeline(Readable.from(chunks(p.text)), stream);
      await appendAuditOnClient(client, p.audit);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
    return;
  }
  await db.transaction(async (tx) => {
    for (let i = 0; i < p.rows.length; i += CHUNK)
      await tx.insert(generalHazards).values(p.rows.slice(i, i + CHUNK));
  });
  await appendAudit(db, p.audit);
}

/** The stored rows of a batch in the order written, and their content hash (the audited one, if untouched). */
export async function verifyBatch(db: Db, batchId: string): Promise<{ rows: number; contentHash: string }> {
  const rows: GeneralHazardRow[] = await db
    .select()
    .from(generalHazards)
    .where(eq(generalHazards.batchId, batchId))
    .orderBy(asc(generalHazards.hazardNo));
  return { rows: rows.length, contentHash: batchContentHash(rows) };
}
