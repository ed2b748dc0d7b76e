import { and, desc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { cases, documents, generalHazards, officialDocuments } from '../schema/index.js';
import { DomainError } from '../../domain/errors.js';
import { casesInScope, type Scope } from './scope.js';
import { hazardsInScope } from './hazard-scope.js';
import { pageOf, type ListQuery, type ListResult } from './list-params.js';
import { isUuidText } from './ids.js';

/** Documents (证据/文书, 隐患照片) are visible exactly to those who may see their case or general hazard. */
export type DocumentRow = typeof documents.$inferSelect;
const MANAGERS = new Set(['admin', 'supervisor', 'leader']);
/** Official documents between agencies (执法建议书…) are files of the case too, but only managers read them. */
const visible = (scope: Scope) =>
  sql`((exists (select 1 from ${cases} where ${cases.id} = ${documents.caseId} and ${casesInScope(scope)}) or exists (select 1 from ${generalHazards} where ${generalHazards.id} = ${documents.hazardId} and ${hazardsInScope(scope)}))${
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
  const extra = Object.keys(f).find((k) => k !== 'caseId' && k !== 'kind');
  if (extra)
    throw new DomainError('VALIDATION', `不支持的筛选条件：${extra}`, {
      [`filter.${extra}`]: '可用筛选：caseId、kind',
    });
  if (f.caseId !== undefined && (typeof f.caseId !== 'string' || !isUuidText(f.caseId)))
    throw new DomainError('VALIDATION', 'caseId 无效', { 'filter.caseId': 'caseId 无效' });
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

export async function insertDocument(db: Db, doc: typeof documents.$inferInsert): Promise<DocumentRow> {
  const [row] = await db.insert(documents).values(doc).returning();
  return row!;
}
