/**
 * The general hazard ledger (一般事故隐患台账), shape `fn(db, params)`, scoped by `hazardsInScope`: a hazard outside the
 * caller's scope is not found.
 *
 * - `listGeneralHazards(db, scope, q)` → react-admin list (filters: q, status, light, source, category, regionCode,
 *   enterpriseId, industryCategory, deadlineBefore/After, reportedFrom/To, batchId, sourceRef, followedUpBefore, id)
 * - `getGeneralHazard(db, scope, id)` → the row with its events and photos
 * - `insertGeneralHazards(db, rows)` → the rows written (one statement; a conflicting row is skipped)
 * - `hazardByClientId(db, { enterpriseId, clientId, reportedBy })` → the hazard a phone reported offline under that id
 * - `transitionGeneralHazard(db, { scope, actor, id, action, input, ctx, audit })` → the row after a command of the
 *   rules table (domain/hazards/lifecycle.ts): read FOR UPDATE, guard, decide, update, event, audit record — one
 *   transaction; `replayed` when the caller's phone already applied it under the input's clientId
 * - `hazardWorklist(db, scope, { today, limit })` → the supervisor's daily worklist (每天清零)
 * - `hazardRates(db, scope, { groupBy, from, to, today })` → rectification and on-time rates per unit
 */
import { and, asc, desc, eq, gte, ilike, inArray, lt, lte, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../client.js';
import { appendAuditInTransaction, type AuditEntry } from './audit.js';
import {
  checklistItems,
  checklists,
  departments,
  documents,
  enterprises,
  generalHazardEvents,
  generalHazards,
  grids,
  gridEnterprises,
  hazardClauses,
  regions,
} from '../schema/index.js';
import { DomainError } from '../../domain/errors.js';
import {
  decide,
  hazardCategories,
  hazardLights,
  hazardSources,
  hazardStatuses,
  refuse,
  type DecideContext,
  type HazardAction,
  type HazardActor,
  type HazardInputs,
  type HazardState,
} from '../../domain/hazards/lifecycle.js';
import { hazardsInScope, reportableEnterprises } from './hazard-scope.js';
import { pageOf, type ListQuery, type ListResult } from './list-params.js';
import type { Scope } from './scope.js';
import { isUuidText } from './ids.js';
import { isoDate } from '../../domain/dates.js';

export type GeneralHazardRow = typeof generalHazards.$inferSelect;
export type GeneralHazardInsert = typeof generalHazards.$inferInsert;
export type GeneralHazardEventRow = typeof generalHazardEvents.$inferSelect;

const oneOrMany = <T extends z.ZodType>(s: T) =>
  z.union([s, z.array(s)]).transform((v) => (Array.isArray(v) ? v : [v]));
const day = isoDate;
export const hazardFilterSchema = z
  .object({
    q: z.string().max(200).optional(),
    status: oneOrMany(z.enum(hazardStatuses)).optional(),
    light: oneOrMany(z.enum(hazardLights)).optional(),
    source: oneOrMany(z.enum(hazardSources)).optional(),
    category: z.enum(hazardCategories).optional(),
    regionCode: z
      .string()
      .regex(/^\d{6,12}$/)
      .optional(),
    enterpriseId: z.uuid().optional(),
    industryCategory: z.string().max(64).optional(),
    deadlineBefore: day.optional(),
    deadlineAfter: day.optional(),
    reportedFrom: day.optional(),
    reportedTo: day.optional(),
    batchId: z.uuid().optional(),
    sourceRef: z.uuid().optional(),
    /** Lit hazards not followed up since this instant (the worklist's "not yet today"). */
    followedUpBefore: z.iso.datetime({ offset: true }).optional(),
    id: z.array(z.uuid()).max(1000).optional(), // react-admin getMany
  })
  .strict();
export type HazardFilter = z.infer<typeof hazardFilterSchema>;

const SORTABLE = {
  deadline: generalHazards.deadline,
  reportedAt: generalHazards.reportedAt,
  hazardNo: generalHazards.hazardNo,
  foundOn: generalHazards.foundOn,
  status: generalHazards.status,
  light: generalHazards.light,
  closedAt: generalHazards.closedAt,
} as const;

/** Asia/Shanghai midnight of a date, as an instant (reportedAt filters compare instants). */
const shanghaiMidnight = (date: string, plusDays = 0) =>
  new Date(Date.parse(`${date}T00:00:00+08:00`) + plusDays * 86_400_000);

function filterSql(f: HazardFilter): SQL[] {
  const g = generalHazards;
  const w: SQL[] = [];
  if (f.q) {
    const q = f.q.trim();
    const no = /^(?:YB-?)?(\d{1,12})$/i.exec(q);
    w.push(
      no ? eq(g.hazardNo, Number(no[1])) : ilike(g.description, `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`),
    );
  }
  if (f.status) w.push(inArray(g.status, f.status));
  if (f.light) w.push(inArray(g.light, f.light));
  if (f.source) w.push(inArray(g.source, f.source));
  if (f.category) w.push(eq(g.category, f.category));
  if (f.regionCode)
    w.push(sql`${g.regionPath} like (select path from ${regions} where code = ${f.regionCode}) || '%'`);
  if (f.enterpriseId) w.push(eq(g.enterpriseId, f.enterpriseId));
  if (f.industryCategory) w.push(eq(g.industryCategory, f.industryCategory));
  if (f.deadlineBefore) w.push(lte(g.deadline, f.deadlineBefore));
  if (f.deadlineAfter) w.push(gte(g.deadline, f.deadlineAfter));
  if (f.reportedFrom) w.push(gte(g.reportedAt, shanghaiMidnight(f.reportedFrom)));
  if (f.reportedTo) w.push(lt(g.reportedAt, shanghaiMidnight(f.reportedTo, 1)));
  if (f.batchId) w.push(eq(g.batchId, f.batchId));
  if (f.sourceRef) w.push(eq(g.sourceRef, f.sourceRef));
  if (f.followedUpBefore)
    w.push(
      sql`(${g.lastFollowUpAt} is null or ${g.lastFollowUpAt} < ${new Date(f.followedUpBefore).toISOString()})`,
    );
  if (f.id) w.push(inArray(g.id, f.id));
  return w;
}

export function parseHazardFilter(filter: Record<string, unknown> | undefined): HazardFilter {
  const parsed = hazardFilterSchema.safeParse(filter ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = `filter.${issue.path.join('.') || (issue as { keys?: string[] }).keys?.[0] || ''}`;
    throw new DomainError('VALIDATION', issue.message, { [field]: issue.message });
  }
  return parsed.data;
}

/** The WHERE of a list: scope and filters (exported for the bench, which times the same SQL by hand). */
export function hazardListWhere(scope: Scope, filter: HazardFilter): SQL {
  return and(hazardsInScope(scope), ...filterSql(filter))!;
}

export async function listGeneralHazards(
  db: Db,
  scope: Scope,
  q: ListQuery,
): Promise<ListResult<GeneralHazardRow>> {
  const where = hazardListWhere(scope, parseHazardFilter(q.filter));
  const [sortField, order] = q.sort ?? ['deadline', 'ASC'];
  const column = SORTABLE[sortField as keyof typeof SORTABLE];
  if (!column)
    throw new DomainError('VALIDATION', `不能按 ${sortField} 排序`, {
      sort: `可排序字段：${Object.keys(SORTABLE).join(', ')}`,
    });
  const { offset, limit } = pageOf(q);
  const [rows, [count]] = await Promise.all([
    db
      .select()
      .from(generalHazards)
      .where(where)
      .orderBy(order === 'ASC' ? asc(column) : desc(column), asc(generalHazards.hazardNo))
      .limit(limit)
      .offset(offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(generalHazards)
      .where(where),
  ]);
  return { rows, total: count?.n ?? 0, from: offset };
}

export interface HazardPhoto {
  id: string;
  kind: string;
  filename: string;
  mimeType: string;
  sha256: string;
  uploadedAt: Date;
  uploadedBy: string | null;
}

export async function getGeneralHazard(
  db: Db,
  scope: Scope,
  id: string,
): Promise<GeneralHazardRow & { events: GeneralHazardEventRow[]; photos: HazardPhoto[] }> {
  if (!isUuidText(id)) throw new DomainError('NOT_FOUND', '隐患不存在');
  const [row] = await db
    .select()
    .from(generalHazards)
    .where(and(eq(generalHazards.id, id), hazardsInScope(scope)));
  if (!row) throw new DomainError('NOT_FOUND', '隐患不存在');
  const [events, photos] = await Promise.all([
    db
      .select()
      .from(generalHazardEvents)
      .where(eq(generalHazardEvents.hazardId, id))
      .orderBy(asc(generalHazardEvents.id)),
    db
      .select({
        id: documents.id,
        kind: documents.kind,
        filename: documents.filename,
        mimeType: documents.mimeType,
        sha256: documents.sha256,
        uploadedAt: documents.uploadedAt,
        uploadedBy: documents.uploadedBy,
      })
      .from(documents)
      .where(eq(documents.hazardId, id))
      .orderBy(asc(documents.uploadedAt)),
  ]);
  return { ...row, events, photos };
}

/** Whether a hazard is in scope (the document routes ask before an upload or a download). */
export async function hazardInScope(db: Db, scope: Scope, id: string): Promise<boolean> {
  if (!isUuidText(id)) return false;
  const [row] = await db
    .select({ id: generalHazards.id })
    .from(generalHazards)
    .where(and(eq(generalHazards.id, id), hazardsInScope(scope)));
  return !!row;
}

/** Writes new ledger rows in one statement (an existing id is skipped: a retried report writes once). */
export async function insertGeneralHazards(
  db: Pick<Db, 'insert'>,
  rows: readonly GeneralHazardInsert[],
): Promise<GeneralHazardRow[]> {
  if (rows.length === 0) return [];
  // Any conflict writes nothing: the same id (a keyed retry) or the same enterprise + clientId (an offline report
  // sent twice); the caller finds which.
  return db
    .insert(generalHazards)
    .values([...rows])
    .onConflictDoNothing()
    .returning();
}

/** The hazard a caller reported offline under this clientId for this enterprise (its phone's outbox item id). */
export async function hazardByClientId(
  db: Db,
  p: { enterpriseId: string; clientId: string; reportedBy: string },
): Promise<GeneralHazardRow | undefined> {
  const [row] = await db
    .select()
    .from(generalHazards)
    .where(
      and(
        eq(generalHazards.enterpriseId, p.enterpriseId),
        eq(generalHazards.clientId, p.clientId),
        eq(generalHazards.reportedBy, p.reportedBy),
      ),
    );
  return row;
}

export async function findGeneralHazard(db: Db, id: string): Promise<GeneralHazardRow | undefined> {
  const [row] = await db.select().from(generalHazards).where(eq(generalHazards.id, id));
  return row;
}

const stateOf = (r: GeneralHazardRow): HazardState => ({
  status: r.status,
  enterpriseId: r.enterpriseId,
  deadline: r.deadline,
  light: r.light,
  reopenCount: r.reopenCount,
  spotCheck: r.spotCheck,
});

/**
 * One command on one hazard, atomically: the row is locked, the rules table guards and decides, the row and its event
 * are written in the same transaction. A refusal throws its typed error and writes nothing.
 */
export async function transitionGeneralHazard<A extends HazardAction>(
  db: Db,
  p: {
    scope: Scope;
    actor: HazardActor;
    id: string;
    action: A;
    input: HazardInputs[A];
    ctx: DecideContext | ((row: GeneralHazardRow) => Promise<DecideContext>);
    /** Extra checks that need the row and the database (e.g. the photos belong to this hazard). */
    check?: (row: GeneralHazardRow, tx: Db) => Promise<void>;
    /** The audit record of the command, written in its transaction. */
    audit?: AuditEntry;
  },
): Promise<{ row: GeneralHazardRow; replayed: boolean }> {
  if (!isUuidText(p.id)) throw new DomainError('NOT_FOUND', '隐患不存在');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(generalHazards)
      .where(and(eq(generalHazards.id, p.id), hazardsInScope(p.scope)))
      .for('update');
    if (!row) throw new DomainError('NOT_FOUND', '隐患不存在');
    // A command the same caller's phone already applied under this clientId (its answer lost, its key expired):
    // answered with the hazard as it is, nothing written — before the rules, which would now refuse it.
    const clientId = (p.input as { clientId?: string }).clientId;
    if (clientId && p.actor.id) {
      const [done] = await tx
        .select({ id: generalHazardEvents.id })
        .from(generalHazardEvents)
        .where(
          and(
            eq(generalHazardEvents.hazardId, p.id),
            eq(generalHazardEvents.actorId, p.actor.id),
            sql`${generalHazardEvents.payload}->>'clientId' = ${clientId}`,
          ),
        )
        .limit(1);
      if (done) return { row, replayed: true };
    }
    const ctx = typeof p.ctx === 'function' ? await p.ctx(row) : p.ctx;
    const refusal = refuse(p.action, stateOf(row), p.actor, p.input, ctx);
    if (refusal)
      throw new DomainError(
        refusal.code,
        refusal.message,
        refusal.field ? { [refusal.field]: refusal.message } : undefined,
      );
    if (p.check) await p.check(row, tx as unknown as Db);
    const { patch, event } = decide(p.action, stateOf(row), p.actor, p.input, ctx);
    const { closedAt, spotCheckedAt, lastFollowUpAt, ...rest } = patch;
    const [updated] = await tx
      .update(generalHazards)
      .set({
        ...rest,
        ...(closedAt ? { closedAt: new Date(closedAt) } : {}),
        ...(spotCheckedAt ? { spotCheckedAt: new Date(spotCheckedAt) } : {}),
        ...(lastFollowUpAt ? { lastFollowUpAt: new Date(lastFollowUpAt) } : {}),
        updatedAt: new Date(ctx.now),
      })
      .where(eq(generalHazards.id, p.id))
      .returning();
    await tx.insert(generalHazardEvents).values({
      hazardId: p.id,
      type: event.type as GeneralHazardEventRow['type'],
      at: new Date(ctx.now),
      actorId: p.actor.id,
      actorRole: p.actor.role,
      payload: event.payload,
    });
    // The command and its audit record commit together: no command without its record, and a retry that finds the
    // command done (above) finds its record too.
    if (p.audit) await appendAuditInTransaction(tx, p.audit);
    return { row: updated!, replayed: false };
  });
}

/** The documents (photos) given by id that belong to this hazard; throws 422 on `field` for any other. */
export async function requireHazardDocuments(
  db: Db,
  p: { hazardId: string; documentIds: readonly string[]; field: string },
): Promise<void> {
  if (p.documentIds.length === 0) return;
  const rows = await db
    .select({ id: documents.id })
    .from(documents)
    .where(and(inArray(documents.id, [...p.documentIds]), eq(documents.hazardId, p.hazardId)));
  const found = new Set(rows.map((r) => r.id));
  const foreign = p.documentIds.filter((d) => !found.has(d));
  if (foreign.length) {
    const message = `以下文件不是本隐患的照片：${foreign.join('、')}`;
    throw new DomainError('VALIDATION', message, { [p.field]: message });
  }
}

export interface HazardWorklist {
  today: string;
  red: number;
  yellow: number;
  /** Lit hazards followed up today (cleared from the list, still lit until rectified). */
  followedUpToday: number;
  /** Lit hazards not followed up today: red first, then by deadline. */
  items: GeneralHazardRow[];
  remaining: number;
}

/**
 * 每天清零: the lit (red, then yellow) open hazards in scope not followed up today. A follow-up takes a hazard off
 * today's list; rectifying it takes it off for good.
 */
export async function hazardWorklist(
  db: Db,
  scope: Scope,
  p: { today: string; limit?: number },
): Promise<HazardWorklist> {
  const g = generalHazards;
  const startOfToday = shanghaiMidnight(p.today).toISOString();
  const lit = and(
    hazardsInScope(scope),
    inArray(g.status, ['open', 'reopened']),
    inArray(g.light, ['red', 'yellow']),
  )!;
  const notToday = sql`(${g.lastFollowUpAt} is null or ${g.lastFollowUpAt} < ${startOfToday})`;
  const [[counts], items] = await Promise.all([
    db
      .select({
        red: sql<number>`count(*) filter (where ${g.light} = 'red')::int`,
        yellow: sql<number>`count(*) filter (where ${g.light} = 'yellow')::int`,
        followedUpToday: sql<number>`count(*) filter (where ${g.lastFollowUpAt} >= ${startOfToday})::int`,
      })
      .from(g)
      .where(lit),
    db
      .select()
      .from(g)
      .where(and(lit, notToday))
      .orderBy(sql`${g.light} = 'red' desc`, asc(g.deadline), asc(g.hazardNo))
      .limit(p.limit ?? 50),
  ]);
  const c = counts ?? { red: 0, yellow: 0, followedUpToday: 0 };
  return { today: p.today, ...c, items, remaining: c.red + c.yellow - c.followedUpToday };
}

export const rateGroups = ['enterprise', 'grid', 'street', 'district', 'department'] as const;
export type RateGroup = (typeof rateGroups)[number];

export interface HazardRateRow {
  key: string | null;
  name: string | null;
  reported: number;
  rectified: number;
  rectifiedOnTime: number;
  /** Hazards that were due by `today` (closed, or open past their deadline): the on-time rate's denominator. */
  due: number;
  open: number;
  overdue: number;
  red: number;
  reportedLate: number;
  rectificationRate: number | null;
  onTimeRate: number | null;
}

/**
 * 整改率 and 按期整改率 per unit, over the hazards reported between `from` and `to` (Shanghai dates, inclusive),
 * cancelled ones left out. 整改率 = rectified / reported; 按期整改率 = rectified on time / due (closed, or open past
 * the deadline on `today`), so a hazard that is overdue and still open counts against it.
 */
export async function hazardRates(
  db: Db,
  scope: Scope,
  p: { groupBy: RateGroup; from: string; to: string; today: string; limit?: number },
): Promise<HazardRateRow[]> {
  const g = generalHazards;
  const where = and(
    hazardsInScope(scope),
    sql`${g.status} <> 'cancelled'`,
    gte(g.reportedAt, shanghaiMidnight(p.from)),
    lt(g.reportedAt, shanghaiMidnight(p.to, 1)),
  )!;
  const measures = {
    reported: sql<number>`count(*)::int`,
    rectified: sql<number>`count(*) filter (where ${g.status} = 'closed')::int`,
    rectifiedOnTime: sql<number>`count(*) filter (where ${g.status} = 'closed' and ${g.onTime})::int`,
    due: sql<number>`count(*) filter (where ${g.status} = 'closed' or ${g.deadline} < ${p.today})::int`,
    open: sql<number>`count(*) filter (where ${g.status} in ('open', 'reopened'))::int`,
    overdue: sql<number>`count(*) filter (where ${g.status} in ('open', 'reopened') and ${g.deadline} < ${p.today})::int`,
    red: sql<number>`count(*) filter (where ${g.status} in ('open', 'reopened') and ${g.light} = 'red')::int`,
    reportedLate: sql<number>`count(*) filter (where ${g.reportedLate})::int`,
  };
  const limit = p.limit ?? 500;
  let rows: Array<Omit<HazardRateRow, 'rectificationRate' | 'onTimeRate'>>;
  switch (p.groupBy) {
    case 'enterprise':
      rows = await db
        .select({
          key: sql<string>`${g.enterpriseId}::text`,
          name: sql<string>`max(${enterprises.name})`,
          ...measures,
        })
        .from(g)
        .innerJoin(enterprises, eq(enterprises.id, g.enterpriseId))
        .where(where)
        .groupBy(g.enterpriseId)
        .orderBy(sql`count(*) desc`)
        .limit(limit);
      break;
    case 'street':
    case 'district': {
      const depth = p.groupBy === 'district' ? 3 : 4;
      const code = sql<string>`split_part(${g.regionPath}, '/', ${sql.raw(String(depth))})`;
      const grouped = await db
        .select({ key: code, ...measures })
        .from(g)
        .where(where)
        .groupBy(code)
        .orderBy(code)
        .limit(limit);
      const keys = grouped.map((r) => r.key).filter(Boolean);
      const names = keys.length
        ? await db
            .select({ code: regions.code, name: regions.name })
            .from(regions)
            .where(inArray(regions.code, keys))
        : [];
      const nameOf = new Map(names.map((n) => [n.code, n.name]));
      rows = grouped.map((r) => ({ ...r, name: nameOf.get(r.key) ?? null }));
      break;
    }
    case 'department':
      rows = await db
        .select({
          key: sql<string>`${g.departmentId}::text`,
          name: sql<string>`max(${departments.name})`,
          ...measures,
        })
        .from(g)
        .leftJoin(departments, eq(departments.id, g.departmentId))
        .where(where)
        .groupBy(g.departmentId)
        .orderBy(sql`max(${departments.name})`)
        .limit(limit);
      break;
    case 'grid':
      // An enterprise may lie in grids of several levels (市、县、乡…): its hazards count in each.
      rows = await db
        .select({ key: sql<string>`${grids.id}::text`, name: sql<string>`max(${grids.name})`, ...measures })
        .from(g)
        .innerJoin(gridEnterprises, eq(gridEnterprises.enterpriseId, g.enterpriseId))
        .innerJoin(grids, eq(grids.id, gridEnterprises.gridId))
        .where(where)
        .groupBy(grids.id)
        .orderBy(sql`max(${grids.name})`)
        .limit(limit);
      break;
  }
  const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);
  return rows.map((r) => ({
    ...r,
    rectificationRate: ratio(r.rectified, r.reported),
    onTimeRate: ratio(r.rectifiedOnTime, r.due),
  }));
}

export type ReportableEnterprise = Pick<
  typeof enterprises.$inferSelect,
  | 'id'
  | 'name'
  | 'regionCode'
  | 'regionPath'
  | 'industryCategory'
  | 'industryCode'
  | 'departmentId'
  | 'status'
>;

/** The enterprise a caller may report a hazard for, or undefined (unknown or outside their scope). */
export async function reportableEnterprise(
  db: Db,
  scope: Scope,
  enterpriseId: string,
): Promise<ReportableEnterprise | undefined> {
  const [e] = await db
    .select({
      id: enterprises.id,
      name: enterprises.name,
      regionCode: enterprises.regionCode,
      regionPath: enterprises.regionPath,
      industryCategory: enterprises.industryCategory,
      industryCode: enterprises.industryCode,
      departmentId: enterprises.departmentId,
      status: enterprises.status,
    })
    .from(enterprises)
    .where(and(eq(enterprises.id, enterpriseId), reportableEnterprises(scope)));
  return e;
}

/** Whether a 判定标准 clause exists. */
export async function clauseExists(db: Db, clauseId: string): Promise<boolean> {
  const [c] = await db
    .select({ id: hazardClauses.id })
    .from(hazardClauses)
    .where(eq(hazardClauses.id, clauseId));
  return !!c;
}

/** Whether a checklist item belongs to one of the enterprise's checklists. */
export async function checklistItemOf(db: Db, itemId: string, enterpriseId: string): Promise<boolean> {
  const [i] = await db
    .select({ id: checklistItems.id })
    .from(checklistItems)
    .innerJoin(checklists, eq(checklists.id, checklistItems.checklistId))
    .where(and(eq(checklistItems.id, itemId), eq(checklists.enterpriseId, enterpriseId)));
  return !!i;
}

/** How many hazards matching `filter` the caller may see (e.g. of one batch). */
export async function hazardsInScopeCount(
  db: Db,
  scope: Scope,
  filter: Record<string, unknown>,
): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(generalHazards)
    .where(hazardListWhere(scope, parseHazardFilter(filter)));
  return r?.n ?? 0;
}
