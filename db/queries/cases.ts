import { and, asc, desc, eq, getTableColumns, gte, ilike, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../client.js';
import { cases } from '../schema/index.js';
import { DomainError } from '../../domain/errors.js';
import { caseStatuses, caseSources, listingLevels } from '../../domain/case-status.js';
import { casesInScope, type Scope } from './scope.js';
import { pageOf, type ListQuery, type ListResult } from './list-params.js';
import { isoDate } from '../../domain/dates.js';

export type CaseRow = typeof cases.$inferSelect;
/** A row of the case list: the case with its region's name, as lists and exports show it. */
export type CaseListRow = CaseRow & { regionName: string | null };

const oneOrMany = <T extends z.ZodType>(s: T) =>
  z.union([s, z.array(s)]).transform((v) => (Array.isArray(v) ? v : [v]));
export const caseFilterSchema = z
  .object({
    q: z.string().max(200).optional(),
    status: oneOrMany(z.enum(caseStatuses)).optional(),
    level: oneOrMany(z.enum(listingLevels)).optional(),
    source: oneOrMany(z.enum(caseSources)).optional(),
    regionCode: z
      .string()
      .regex(/^\d{6,12}$/)
      .optional(),
    industryCategory: z.string().max(64).optional(),
    enterpriseId: z.uuid().optional(),
    overdue: z.boolean().optional(),
    dueBefore: z.iso.datetime({ offset: true }).or(isoDate).optional(),
    dueAfter: z.iso.datetime({ offset: true }).or(isoDate).optional(),
    id: z.array(z.uuid()).max(1000).optional(), // react-admin getMany
  })
  .strict();
export type CaseFilter = z.infer<typeof caseFilterSchema>;

const SORTABLE = {
  caseNo: cases.caseNo,
  reportedAt: cases.reportedAt,
  deadline: cases.deadline,
  status: cases.status,
  level: cases.level,
  title: cases.title,
  updatedAt: cases.updatedAt,
  overdue: cases.overdue,
} as const;

function filterSql(f: CaseFilter, regionPathOf: (code: string) => SQL): SQL[] {
  const where: SQL[] = [];
  if (f.q) where.push(ilike(cases.searchText, `%${f.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`));
  if (f.status) where.push(inArray(cases.status, f.status));
  if (f.level) where.push(inArray(cases.level, f.level));
  if (f.source) where.push(inArray(cases.source, f.source));
  if (f.regionCode) where.push(regionPathOf(f.regionCode));
  if (f.industryCategory) where.push(eq(cases.industryCategory, f.industryCategory));
  if (f.enterpriseId) where.push(eq(cases.enterpriseId, f.enterpriseId));
  if (f.overdue !== undefined) where.push(eq(cases.overdue, f.overdue));
  if (f.dueBefore) where.push(lte(cases.deadline, new Date(f.dueBefore)));
  if (f.dueAfter) where.push(gte(cases.deadline, new Date(f.dueAfter)));
  if (f.id) where.push(inArray(cases.id, f.id));
  return where;
}

/** Cases the caller may see, filtered, sorted and paged. */
export async function listCases(db: Db, scope: Scope, q: ListQuery): Promise<ListResult<CaseListRow>> {
  const parsed = caseFilterSchema.safeParse(q.filter ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = `filter.${issue.path.join('.') || (issue as { keys?: string[] }).keys?.[0] || ''}`;
    throw new DomainError('VALIDATION', issue.message, { [field]: issue.message });
  }
  const [sortField, order] = q.sort ?? ['reportedAt', 'DESC'];
  const column = SORTABLE[sortField as keyof typeof SORTABLE];
  if (!column && sortField !== 'urgency')
    throw new DomainError('VALIDATION', `不能按 ${sortField} 排序`, {
      sort: `可排序字段：${[...Object.keys(SORTABLE), 'urgency'].join(', ')}`,
    });
  // 紧急程度: overdue first, then the nearest deadline, then those without one (newest first); DESC reverses it.
  const ordering = column
    ? [order === 'ASC' ? asc(column) : desc(column)]
    : order === 'DESC'
      ? [asc(cases.overdue), sql`${cases.deadline} desc nulls first`, asc(cases.reportedAt)]
      : [desc(cases.overdue), sql`${cases.deadline} asc nulls last`, desc(cases.reportedAt)];
  const where = and(
    casesInScope(scope),
    ...filterSql(
      parsed.data,
      (code) => sql`${cases.regionPath} like (select path from regions where code = ${code}) || '%'`,
    ),
  );
  const { offset, limit } = pageOf(q);
  const [rows, [count]] = await Promise.all([
    db
      .select({
        ...getTableColumns(cases),
        regionName: sql<string | null>`(select name from regions where code = ${cases.regionCode})`,
      })
      .from(cases)
      .where(where)
      .orderBy(...ordering, asc(cases.caseNo))
      .limit(limit)
      .offset(offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(cases)
      .where(where),
  ]);
  return { rows, total: count?.n ?? 0, from: offset };
}

/** The 包案领导's name (the case view holds only the id): what the case page shows. */
const owningLeaderName = sql<
  string | null
>`(select u.display_name from users u where u.id = ${cases.owningLeaderId})`.as('owning_leader_name');
type OwningLeaderName = { owningLeaderName: string | null };

/** One case, or NOT_FOUND when it does not exist or lies outside the caller's scope. */
export async function getCase(db: Db, scope: Scope, id: string): Promise<CaseRow & OwningLeaderName> {
  const [row] = await db
    .select({ ...getTableColumns(cases), owningLeaderName })
    .from(cases)
    .where(and(eq(cases.id, id), casesInScope(scope)));
  if (!row) throw new DomainError('NOT_FOUND', '案件不存在');
  return row;
}

/** Throws NOT_FOUND unless the case is in the caller's scope; reads nothing else (commands check this first). */
export async function requireCaseInScope(db: Db, scope: Scope, id: string): Promise<void> {
  const [row] = await db
    .select({ id: cases.id })
    .from(cases)
    .where(and(eq(cases.id, id), casesInScope(scope)));
  if (!row) throw new DomainError('NOT_FOUND', '案件不存在');
}

/** The case row without its (large) view and policy: for answering with the view a command returned. */
export async function findCaseRowWithoutView(
  db: Db,
  id: string,
): Promise<(Omit<CaseRow, 'view' | 'policy'> & OwningLeaderName) | undefined> {
  const { view: _v, policy: _p, ...columns } = getTableColumns(cases);
  const [row] = await db
    .select({ ...columns, owningLeaderName })
    .from(cases)
    .where(eq(cases.id, id));
  return row;
}

export async function findCaseById(db: Db, id: string): Promise<CaseRow | undefined> {
  const [row] = await db.select().from(cases).where(eq(cases.id, id));
  return row;
}

export async function findCaseByTrackingCode(db: Db, code: string): Promise<CaseRow | undefined> {
  const [row] = await db.select().from(cases).where(eq(cases.trackingCode, code));
  return row;
}
