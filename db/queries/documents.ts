import { and, desc, eq, sql } from 'drizzle-orm';
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

export async function listDocuments(db: Db, scope: Scope, q: ListQuery): Promise<ListResult<DocumentRow>> {
  const f = q.filter ?? {};
  const extra = Object.keys(f).find((k) => k !== 'caseId');
  if (extra)
    throw new DomainError('VALIDATION', `不支持的筛选条件：${extra}`, {
      [`filter.${extra}`]: '可用筛选：caseId',
    });
  if (f.caseId !== undefined && (typeof f.caseId !== 'string' || !isUuidText(f.caseId)))
    throw new DomainError('VALIDATION', 'caseId 无效', { 'filter.caseId': 'caseId 无效' });
  const where = and(visible(scope), f.caseId ? eq(documents.caseId, f.caseId as string) : undefined)!;
  const { offset, limit } = pageOf(q);
  const [rows, [count]] = await Promise.all([
    db
      .select()
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
