/**
 * 隐患排查清单: industry templates, enterprises' checklists (versioned, reviewed) and their self-inspections, shape
 * `fn(db, params)`. Checklists and self-inspections are visible to whoever may see the enterprise
 * (hazard-scope.ts `enterpriseVisible`); a checklist outside the caller's scope is not found.
 *
 * - `listTemplates(db, { kind?, industryCode? })`, `getTemplate(db, id)`, `insertTemplate(db, t)`
 * - `insertChecklistVersion(db, { enterpriseId, templateIds, items, createdBy, now })` → the next draft version
 * - `listChecklists(db, scope, q)`, `getChecklist(db, scope, id)` → with its items
 * - `reviewChecklist(db, scope, { id, action, userId, note, now, mayAct })` → the row after submit/accept/return
 * - `checklistInForce(db, enterpriseId)` → the latest accepted version with its items, or undefined
 * - `selfInspectionsOf(db, { checklistId, since })`, `insertSelfInspection(tx, row)`
 * - `checklistRates(db, scope, { groupBy })` → 清单编制率 and 验收率 per district, street or industry
 */
import { and, asc, desc, eq, getTableColumns, gte, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.js';
import {
  checklistItems,
  checklistTemplateItems,
  checklistTemplates,
  checklists,
  enterprises,
  hazardClauses,
  regions,
  selfInspections,
} from '../schema/index.js';
import { DomainError } from '../../domain/errors.js';
import {
  checklistRefusal,
  type ChecklistAction,
  type ChecklistStatus,
} from '../../domain/hazards/checklist.js';
import { enterpriseVisible } from './hazard-scope.js';
import { isUuidText } from './ids.js';
import { pageOf, type ListQuery, type ListResult } from './list-params.js';
import { enterprisesInScope, type Scope } from './scope.js';

export type TemplateRow = typeof checklistTemplates.$inferSelect;
export type TemplateItemRow = typeof checklistTemplateItems.$inferSelect;
export type ChecklistRow = typeof checklists.$inferSelect;
export type ChecklistItemRow = typeof checklistItems.$inferSelect;
export type SelfInspectionRow = typeof selfInspections.$inferSelect;

export async function listTemplates(
  db: Db,
  p: { kind?: string; industryCode?: string },
): Promise<Array<TemplateRow & { itemCount: number }>> {
  const w: SQL[] = [];
  if (p.kind) w.push(eq(checklistTemplates.kind, p.kind as TemplateRow['kind']));
  // An industry sees its own templates (小类 or its 大类 prefix) and those for every industry.
  if (p.industryCode)
    w.push(
      sql`(${checklistTemplates.industryCode} is null or ${p.industryCode} like ${checklistTemplates.industryCode} || '%')`,
    );
  return db
    .select({
      ...getTableColumns(checklistTemplates),
      itemCount: sql<number>`(select count(*)::int from ${checklistTemplateItems} where ${checklistTemplateItems.templateId} = "checklist_templates"."id")`,
    })
    .from(checklistTemplates)
    .where(and(...w))
    .orderBy(asc(checklistTemplates.name));
}

export async function getTemplate(
  db: Db,
  id: string,
): Promise<(TemplateRow & { items: TemplateItemRow[] }) | undefined> {
  if (!isUuidText(id)) return undefined;
  const [t] = await db.select().from(checklistTemplates).where(eq(checklistTemplates.id, id));
  if (!t) return undefined;
  const items = await db
    .select()
    .from(checklistTemplateItems)
    .where(eq(checklistTemplateItems.templateId, id))
    .orderBy(asc(checklistTemplateItems.sortOrder));
  return { ...t, items };
}

/** The clauses by id (text and standard), for items that cite the standards library. */
export async function clausesById(
  db: Pick<Db, 'select'>,
  ids: readonly string[],
): Promise<Map<string, { text: string; clauseNo: string; standardId: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({
      id: hazardClauses.id,
      text: hazardClauses.text,
      clauseNo: hazardClauses.clauseNo,
      standardId: hazardClauses.standardId,
    })
    .from(hazardClauses)
    .where(inArray(hazardClauses.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r]));
}

export async function insertTemplate(
  db: Db,
  t: Omit<typeof checklistTemplates.$inferInsert, 'id'> & {
    items: Array<Omit<typeof checklistTemplateItems.$inferInsert, 'templateId' | 'id'>>;
  },
): Promise<TemplateRow & { items: TemplateItemRow[] }> {
  return db.transaction(async (tx) => {
    const { items, ...head } = t;
    const [row] = await tx.insert(checklistTemplates).values(head).returning();
    const written = await tx
      .insert(checklistTemplateItems)
      .values(items.map((i, n) => ({ ...i, templateId: row!.id, sortOrder: n })))
      .returning();
    return { ...row!, items: written };
  });
}

/** Template items of the given templates, in template then item order (the copy source of a new checklist). */
export async function templateItemsOf(db: Db, templateIds: readonly string[]): Promise<TemplateItemRow[]> {
  if (templateIds.length === 0) return [];
  return db
    .select()
    .from(checklistTemplateItems)
    .where(inArray(checklistTemplateItems.templateId, [...templateIds]))
    .orderBy(asc(checklistTemplateItems.templateId), asc(checklistTemplateItems.sortOrder));
}

export async function templatesExist(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: checklistTemplates.id })
    .from(checklistTemplates)
    .where(inArray(checklistTemplates.id, [...ids]));
  return new Set(rows.map((r) => r.id));
}

/** The next draft version of an enterprise's checklist (versions numbered under a per-enterprise lock). */
export async function insertChecklistVersion(
  db: Db,
  p: {
    enterpriseId: string;
    templateIds: string[];
    items: Array<Omit<typeof checklistItems.$inferInsert, 'checklistId' | 'id'>>;
    createdBy: string;
    now: Date;
  },
): Promise<ChecklistRow & { items: ChecklistItemRow[] }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'duban.checklists.' + p.enterpriseId}))`);
    const [last] = await tx
      .select({ version: checklists.version })
      .from(checklists)
      .where(eq(checklists.enterpriseId, p.enterpriseId))
      .orderBy(desc(checklists.version))
      .limit(1);
    const [row] = await tx
      .insert(checklists)
      .values({
        enterpriseId: p.enterpriseId,
        version: (last?.version ?? 0) + 1,
        status: 'draft',
        templateIds: p.templateIds,
        createdAt: p.now,
        createdBy: p.createdBy,
        updatedAt: p.now,
      })
      .returning();
    const items = await tx
      .insert(checklistItems)
      .values(p.items.map((i, n) => ({ ...i, checklistId: row!.id, sortOrder: n })))
      .returning();
    return { ...row!, items };
  });
}

const CHECKLIST_SORT = {
  updatedAt: checklists.updatedAt,
  createdAt: checklists.createdAt,
  submittedAt: checklists.submittedAt,
  version: checklists.version,
  status: checklists.status,
} as const;

export type ChecklistListRow = ChecklistRow & { enterpriseName: string; itemCount: number };

/** react-admin list; filters: enterpriseId, status (one or many), regionCode. Default: pending review first. */
export async function listChecklists(
  db: Db,
  scope: Scope,
  q: ListQuery,
): Promise<ListResult<ChecklistListRow>> {
  const f = q.filter ?? {};
  const w: SQL[] = [enterpriseVisible(scope, checklists.enterpriseId)];
  const bad = (field: string, m: string) => new DomainError('VALIDATION', m, { [`filter.${field}`]: m });
  for (const k of Object.keys(f))
    if (!['enterpriseId', 'status', 'regionCode', 'id'].includes(k)) throw bad(k, `不支持的筛选条件 ${k}`);
  if (f.enterpriseId !== undefined) {
    if (typeof f.enterpriseId !== 'string' || !isUuidText(f.enterpriseId))
      throw bad('enterpriseId', '企业编号无效');
    w.push(eq(checklists.enterpriseId, f.enterpriseId));
  }
  if (f.status !== undefined) {
    const s = (Array.isArray(f.status) ? f.status : [f.status]) as string[];
    if (!s.every((x) => ['draft', 'submitted', 'accepted', 'returned'].includes(x)))
      throw bad('status', '清单状态无效');
    w.push(inArray(checklists.status, s as ChecklistStatus[]));
  }
  if (f.regionCode !== undefined) {
    if (typeof f.regionCode !== 'string' || !/^\d{6,12}$/.test(f.regionCode))
      throw bad('regionCode', '行政区划代码应为6至12位数字');
    w.push(
      sql`${enterprises.regionPath} like (select path from ${regions} where code = ${f.regionCode}) || '%'`,
    );
  }
  if (f.id !== undefined) {
    const ids = (Array.isArray(f.id) ? f.id : [f.id]) as string[];
    if (!ids.every((x) => typeof x === 'string' && isUuidText(x))) throw bad('id', '编号无效');
    w.push(inArray(checklists.id, ids));
  }
  const [sortField, order] = q.sort ?? ['updatedAt', 'DESC'];
  const col = CHECKLIST_SORT[sortField as keyof typeof CHECKLIST_SORT];
  if (!col)
    throw new DomainError('VALIDATION', `不能按 ${sortField} 排序`, { sort: `不能按 ${sortField} 排序` });
  const { offset, limit } = pageOf(q);
  const where = and(...w);
  const [rows, [count]] = await Promise.all([
    db
      .select({
        ...getTableColumns(checklists),
        enterpriseName: enterprises.name,
        itemCount: sql<number>`(select count(*)::int from ${checklistItems} where ${checklistItems.checklistId} = "checklists"."id")`,
      })
      .from(checklists)
      .innerJoin(enterprises, eq(enterprises.id, checklists.enterpriseId))
      .where(where)
      .orderBy(order === 'ASC' ? asc(col) : desc(col), asc(checklists.id))
      .limit(limit)
      .offset(offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(checklists)
      .innerJoin(enterprises, eq(enterprises.id, checklists.enterpriseId))
      .where(where),
  ]);
  return { rows, total: count?.n ?? 0, from: offset };
}

export async function getChecklist(
  db: Db,
  scope: Scope,
  id: string,
): Promise<ChecklistRow & { items: ChecklistItemRow[] }> {
  if (!isUuidText(id)) throw new DomainError('NOT_FOUND', '清单不存在');
  const [row] = await db
    .select()
    .from(checklists)
    .where(and(eq(checklists.id, id), enterpriseVisible(scope, checklists.enterpriseId)));
  if (!row) throw new DomainError('NOT_FOUND', '清单不存在');
  const items = await db
    .select()
    .from(checklistItems)
    .where(eq(checklistItems.checklistId, id))
    .orderBy(asc(checklistItems.sortOrder));
  return { ...row, items };
}

/**
 * 提交 / 验收 / 退回, atomically: the row is locked, the review rule guards (domain/hazards/checklist.ts), `mayAct`
 * checks the caller against the row (the enterprise submits its own, a supervisor of its territory reviews).
 */
export async function reviewChecklist(
  db: Db,
  scope: Scope,
  p: {
    id: string;
    action: ChecklistAction;
    userId: string;
    note?: string;
    now: Date;
    mayAct: (row: ChecklistRow) => void;
  },
): Promise<ChecklistRow> {
  if (!isUuidText(p.id)) throw new DomainError('NOT_FOUND', '清单不存在');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(checklists)
      .where(and(eq(checklists.id, p.id), enterpriseVisible(scope, checklists.enterpriseId)))
      .for('update');
    if (!row) throw new DomainError('NOT_FOUND', '清单不存在');
    p.mayAct(row);
    const refusal = checklistRefusal(p.action, row.status);
    if (refusal) throw new DomainError('INVALID_TRANSITION', refusal);
    const set =
      p.action === 'submit'
        ? { status: 'submitted' as const, submittedAt: p.now, submittedBy: p.userId }
        : {
            status: p.action === 'accept' ? ('accepted' as const) : ('returned' as const),
            reviewedAt: p.now,
            reviewedBy: p.userId,
            reviewNote: p.note ?? null,
          };
    const [updated] = await tx
      .update(checklists)
      .set({ ...set, updatedAt: p.now })
      .where(eq(checklists.id, p.id))
      .returning();
    return updated!;
  });
}

/** The checklist in force: the latest accepted version, with its items. */
export async function checklistInForce(
  db: Db,
  enterpriseId: string,
): Promise<(ChecklistRow & { items: ChecklistItemRow[] }) | undefined> {
  const [row] = await db
    .select()
    .from(checklists)
    .where(and(eq(checklists.enterpriseId, enterpriseId), eq(checklists.status, 'accepted')))
    .orderBy(desc(checklists.version))
    .limit(1);
  if (!row) return undefined;
  const items = await db
    .select()
    .from(checklistItems)
    .where(eq(checklistItems.checklistId, row.id))
    .orderBy(asc(checklistItems.sortOrder));
  return { ...row, items };
}

export async function selfInspectionsOf(
  db: Db,
  p: { checklistId: string; since: string },
): Promise<SelfInspectionRow[]> {
  return db
    .select()
    .from(selfInspections)
    .where(and(eq(selfInspections.checklistId, p.checklistId), gte(selfInspections.periodStart, p.since)));
}

export type SelfInspectionListRow = SelfInspectionRow & { enterpriseName: string };
export async function listSelfInspections(
  db: Db,
  scope: Scope,
  q: ListQuery,
): Promise<ListResult<SelfInspectionListRow>> {
  const f = q.filter ?? {};
  const w: SQL[] = [enterpriseVisible(scope, selfInspections.enterpriseId)];
  if (f.enterpriseId !== undefined) {
    if (typeof f.enterpriseId !== 'string' || !isUuidText(f.enterpriseId))
      throw new DomainError('VALIDATION', '企业编号无效', { 'filter.enterpriseId': '企业编号无效' });
    w.push(eq(selfInspections.enterpriseId, f.enterpriseId));
  }
  const { offset, limit } = pageOf(q);
  const where = and(...w);
  const [rows, [count]] = await Promise.all([
    db
      .select({
        ...getTableColumns(selfInspections),
        enterpriseName: enterprises.name,
      })
      .from(selfInspections)
      .innerJoin(enterprises, eq(enterprises.id, selfInspections.enterpriseId))
      .where(where)
      .orderBy(desc(selfInspections.performedAt), asc(selfInspections.id))
      .limit(limit)
      .offset(offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(selfInspections)
      .where(where),
  ]);
  return { rows, total: count?.n ?? 0, from: offset };
}

export const checklistRateGroups = ['district', 'street', 'industry'] as const;
export type ChecklistRateGroup = (typeof checklistRateGroups)[number];

export interface ChecklistRateRow {
  key: string | null;
  name: string | null;
  /** Operating enterprises (suspended and closed ones are not asked for a checklist). */
  enterprises: number;
  /** 已编制: a version submitted for review at least once (submitted, accepted or returned). */
  compiled: number;
  /** 已验收: a version accepted. */
  accepted: number;
  pending: number;
  compilationRate: number | null;
  /** 验收率 = accepted / compiled. */
  acceptanceRate: number | null;
}

/** 清单编制率 and 验收率 over the operating enterprises in scope, per district, street or industry. */
export async function checklistRates(
  db: Db,
  scope: Scope,
  p: { groupBy: ChecklistRateGroup },
): Promise<ChecklistRateRow[]> {
  const e = enterprises;
  const key =
    p.groupBy === 'industry'
      ? sql<string>`${e.industryCategory}`
      : sql<string>`split_part(${e.regionPath}, '/', ${sql.raw(p.groupBy === 'district' ? '3' : '4')})`;
  const has = (statuses: string) =>
    sql`exists (select 1 from ${checklists} c where c.enterprise_id = "enterprises"."id" and c.status in (${sql.raw(statuses)}))`;
  const rows = await db
    .select({
      key,
      enterprises: sql<number>`count(*)::int`,
      compiled: sql<number>`count(*) filter (where ${has("'submitted','accepted','returned'")})::int`,
      accepted: sql<number>`count(*) filter (where ${has("'accepted'")})::int`,
      pending: sql<number>`count(*) filter (where ${has("'submitted'")})::int`,
    })
    .from(e)
    .where(and(enterprisesInScope(scope), eq(e.status, 'operating')))
    .groupBy(key)
    .orderBy(key);
  const codes = p.groupBy === 'industry' ? [] : rows.map((r) => r.key).filter(Boolean);
  const names = codes.length
    ? await db
        .select({ code: regions.code, name: regions.name })
        .from(regions)
        .where(inArray(regions.code, codes))
    : [];
  const nameOf = new Map(names.map((n) => [n.code, n.name]));
  const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);
  return rows.map((r) => ({
    ...r,
    name: p.groupBy === 'industry' ? r.key : (nameOf.get(r.key) ?? null),
    compilationRate: ratio(r.compiled, r.enterprises),
    acceptanceRate: ratio(r.accepted, r.compiled),
  }));
}

export async function insertSelfInspection(
  tx: Pick<Db, 'insert'>,
  row: typeof selfInspections.$inferInsert,
): Promise<SelfInspectionRow | undefined> {
  const [r] = await tx
    .insert(selfInspections)
    .values(row)
    .onConflictDoNothing({
      target: [
        selfInspections.checklistId,
        selfInspections.level,
        selfInspections.unitName,
        selfInspections.frequency,
        selfInspections.periodStart,
      ],
    })
    .returning();
  return r;
}
