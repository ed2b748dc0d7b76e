import { and, desc, eq, getTableColumns, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import {
  cases,
  documents,
  enterprises,
  generalHazards,
  officialDocuments,
  patrols,
  users,
} from '../schema/index.js';
import { DomainError } from '../../domain/errors.js';
import { casesInScope, type Scope } from './scope.js';
import { enterpriseRowScope, hazardsInScope } from './hazard-scope.js';
import { pageOf, type ListQuery, type ListResult } from './list-params.js';
import { isUuidText } from './ids.js';

/** Documents (证据/文书, 隐患照片, 巡查照片) are visible exactly to those who may see their case, hazard or patrol. */
export type DocumentRow = typeof documents.$inferSelect;
const MANAGERS = new Set(['admin', 'supervisor', 'leader']);

/** Patrols the caller may see (the patrol list's rule: enterpriseRowScope over the patrol's unit). */
export const patrolsInScope = (scope: Scope) =>
  sql`exists (select 1 from ${enterprises} where ${enterprises.id} = ${patrols.enterpriseId} and ${enterpriseRowScope(
    scope,
    {
      enterpriseId: patrols.enterpriseId,
      regionPath: patrols.regionPath,
      industryCategory: enterprises.industryCategory,
      industryCode: enterprises.industryCode,
    },
  )})`;
/** Official documents between agencies (执法建议书…) are files of the case too, but only managers read them. */
const visible = (scope: Scope) =>
  sql`((exists (select 1 from ${cases} where ${cases.id} = ${documents.caseId} and ${casesInScope(scope)}) or exists (select 1 from ${generalHazards} where ${generalHazards.id} = ${documents.hazardId} and ${hazardsInScope(scope)}) or exists (select 1 from ${patrols} where ${patrols.id} = ${documents.patrolId} and ${patrolsInScope(scope)}))${
    MANAGERS.has(scope.role)
      ? sql``
      : sql` and not exists (select 1 from ${officialDocuments} where ${officialDocuments.documentId} = ${documents.id} and ${officialDocuments.audience} <> 'enterprise')`
  })`;

export async function listDocuments(
  db: Db,
  scope: Scope,
  q: ListQuery,
): Promise<ListResult<DocumentRow & { caseNo: number | null; caseTitle: string | null }>> {
  const f = q.filter ?? {};
  const extra = Object.keys(f).find((k) => !['caseId', 'hazardId', 'patrolId', 'kind'].includes(k));
  if (extra)
    throw new DomainError('VALIDATION', `不支持的筛选条件：${extra}`, {
      [`filter.${extra}`]: '可用筛选：caseId、hazardId、patrolId、kind',
    });
  for (const k of ['caseId', 'hazardId', 'patrolId'] as const)
    if (f[k] !== undefined && (typeof f[k] !== 'string' || !isUuidText(f[k] as string)))
      throw new DomainError('VALIDATION', `${k} 无效`, { [`filter.${k}`]: `${k} 无效` });
  // kind: one kind or several (an enterprise's 督办文书: the notices and letters issued to it).
  const kinds = f.kind === undefined ? undefined : [f.kind].flat();
  if (
    kinds &&
    (kinds.length === 0 || kinds.length > 20 || kinds.some((k) => typeof k !== 'string' || k.length > 64))
  )
    throw new DomainError('VALIDATION', 'kind 无效', { 'filter.kind': 'kind 应为文件类别或其列表' });
  const where = and(
    visible(scope),
    f.caseId ? eq(documents.caseId, f.caseId as string) : undefined,
    f.hazardId ? eq(documents.hazardId, f.hazardId as string) : undefined,
    f.patrolId ? eq(documents.patrolId, f.patrolId as string) : undefined,
    kinds ? inArray(documents.kind, kinds as string[]) : undefined,
  )!;
  const { offset, limit } = pageOf(q);
  const [rows, [count]] = await Promise.all([
    db
      .select({
        ...getTableColumns(documents),
        caseNo: sql<
          number | null
        >`(select ${cases.caseNo} from ${cases} where ${cases.id} = ${documents.caseId})`,
        caseTitle: sql<
          string | null
        >`(select ${cases.title} from ${cases} where ${cases.id} = ${documents.caseId})`,
      })
      .from(documents)
      .where(where)
      .orderBy(desc(documents.uploadedAt), desc(documents.id))
      .limit(limit)
      .offset(offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(documents)
      .where(where),
  ]);
  return { rows, total: count?.n ?? 0, from: offset };
}

export async function getDocument(db: Db, scope: Scope, id: string): Promise<DocumentRow> {
  const [row] = await db
    .select()
    .from(documents)
    .where(and(eq(documents.id, id), visible(scope)));
  if (!row) throw new DomainError('NOT_FOUND', '文件不存在');
  return row;
}

/** Whether a patrol is in scope, and who recorded it (the document routes ask before an upload). */
export async function patrolOf(
  db: Db,
  scope: Scope,
  id: string,
): Promise<{ id: string; patrolledBy: string | null } | undefined> {
  if (!isUuidText(id)) return undefined;
  const [row] = await db
    .select({ id: patrols.id, patrolledBy: patrols.patrolledBy })
    .from(patrols)
    .where(and(eq(patrols.id, id), patrolsInScope(scope)));
  return row;
}

/**
 * The photo already stored on this hazard or patrol with the same bytes and kind: a phone retrying an upload whose
 * answer it never received (its offline queue) gets the first document back instead of a second copy.
 */
export async function samePhoto(
  db: Db,
  p: { hazardId?: string; patrolId?: string; kind: string; sha256: string },
): Promise<DocumentRow | undefined> {
  const [row] = await db
    .select()
    .from(documents)
    .where(
      and(
        p.hazardId ? eq(documents.hazardId, p.hazardId) : eq(documents.patrolId, p.patrolId!),
        eq(documents.kind, p.kind),
        eq(documents.sha256, p.sha256),
        isNull(documents.duplicateOf),
      ),
    )
    .limit(1);
  return row;
}

/**
 * Stores a photo of a hazard or patrol unless the same one (bytes and kind) is there already — the unique indexes of
 * migration 0017 decide, so two uploads at the same instant cannot both store it. Returns the stored row, or
 * undefined when another upload stored it first (ask `samePhoto` for that one).
 */
export async function insertPhotoOnce(
  db: Db,
  doc: typeof documents.$inferInsert,
): Promise<DocumentRow | undefined> {
  const [row] = await db.insert(documents).values(doc).onConflictDoNothing().returning();
  return row;
}

export async function insertDocument(db: Db, doc: typeof documents.$inferInsert): Promise<DocumentRow> {
  const [row] = await db.insert(documents).values(doc).returning();
  return row!;
}

/**
 * The documents among `ids` that are files of case `caseId`, with the side of whoever uploaded them: the enterprise
 * uploading (its id) or the government side (null); a generated document has no uploader and is the government's.
 */
export async function caseDocumentSides(
  db: Db,
  caseId: string,
  ids: string[],
): Promise<Map<string, { enterpriseId: string | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: documents.id, role: users.role, enterpriseId: users.enterpriseId })
    .from(documents)
    .leftJoin(users, eq(users.id, documents.uploadedBy))
    .where(and(eq(documents.caseId, caseId), inArray(documents.id, ids)));
  return new Map(
    rows.map((r) => [r.id, { enterpriseId: r.role === 'enterprise' ? (r.enterpriseId ?? '') : null }]),
  );
}
