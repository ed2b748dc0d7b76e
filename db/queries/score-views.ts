/**
 * What the console reads of the scores, each one statement where a page waits on it:
 *
 * - `rankings(db, scope, q)` → one level's ranking in a month (the published run, else the latest computed), with the
 *   change against last month, in one statement (the rankings page; bench/scores.ts times it against the same SQL)
 * - `unitTrend(db, { rootCode, level, unitId, months })` → a unit's total and rank month by month
 * - `homeUnit(db, scope)` → the unit a caller answers for and its jurisdiction
 * - `listFollowUps`, `markFollowUpDone`: the 四类水平 follow-up tasks
 * - `hazardHistory`, `caseHistory`: the rows and events "as of a date" folds
 */
import { and, asc, desc, eq, gte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.js';
import {
  caseEvents,
  cases,
  generalHazardEvents,
  generalHazards,
  scoreFollowUps,
  scoreRuns,
  unitScores,
} from '../schema/index.js';
import { DomainError } from '../../domain/errors.js';
import type { UnitLevel } from '../../domain/scores/compute.js';
import { currentRunSql, publishedOnSql, unitScoresInScope } from './score-runs.js';
import { rowsOf } from './score-facts.js';
import { enterpriseRowScope, hazardsInScope } from './hazard-scope.js';
import { casesInScope, type Scope } from './scope.js';
import { isUuidText } from './ids.js';

export interface RankingRow {
  id: string; // `${level}:${unitId}` (react-admin's record id)
  runId: string;
  month: string;
  runStatus: string;
  runKind: string;
  level: string;
  unitId: string;
  name: string;
  regionPath: string;
  groupId: string;
  total: number;
  rank: number;
  groupSize: number;
  className: string | null;
  flagged: boolean;
  prevTotal: number | null;
  prevRank: number | null;
}

export interface RankingQuery {
  runId?: string;
  rootCode?: string;
  month?: string;
  /** yyyy-MM-dd: the ranking as published and in force at the end of that day (with rootCode, month optional). */
  asOf?: string;
  level: UnitLevel;
  groupId?: string;
  flagged?: boolean;
  q?: string;
  offset: number;
  limit: number;
}

export async function rankings(
  db: Db,
  scope: Scope,
  p: RankingQuery,
): Promise<{ rows: RankingRow[]; total: number }> {
  const run: SQL = p.runId
    ? sql`${p.runId}::uuid`
    : p.rootCode && p.asOf
      ? publishedOnSql(p.rootCode, p.asOf, p.month)
      : p.rootCode && p.month
        ? currentRunSql(p.rootCode, p.month)
        : sql`null`;
  const u = unitScores;
  const where = and(
    sql`${u.runId} = ${run}`,
    eq(u.level, p.level),
    p.groupId ? eq(u.groupId, p.groupId) : undefined,
    p.flagged !== undefined ? eq(u.flagged, p.flagged) : undefined,
    p.q ? sql`${u.name} like ${`%${p.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`}` : undefined,
    unitScoresInScope(scope),
  );
  const rows = await db
    .select({
      runId: u.runId,
      month: scoreRuns.month,
      runStatus: scoreRuns.status,
      runKind: scoreRuns.kind,
      level: u.level,
      unitId: u.unitId,
      name: u.name,
      regionPath: u.regionPath,
      groupId: u.groupId,
      total: u.total,
      rank: u.rank,
      groupSize: u.groupSize,
      className: u.className,
      flagged: u.flagged,
      prevTotal: u.prevTotal,
      prevRank: u.prevRank,
      n: sql<number>`(count(*) over ())::int`,
    })
    .from(u)
    .innerJoin(scoreRuns, eq(scoreRuns.id, u.runId))
    .where(where)
    .orderBy(...(p.groupId ? [asc(u.rank)] : [desc(u.total)]), asc(u.name), asc(u.unitId))
    .offset(p.offset)
    .limit(p.limit);
  return {
    rows: rows.map(({ n: _n, ...r }) => ({ id: `${r.level}:${r.unitId}`, ...r })),
    total: rows[0]?.n ?? 0,
  };
}

export interface TrendPoint {
  month: string;
  runId: string;
  runStatus: string;
  runKind: string;
  total: number;
  rank: number;
  groupSize: number;
  flagged: boolean;
  className: string | null;
  prevTotal: number | null;
  prevRank: number | null;
  name: string;
}

/** A unit's score in each of the last `months` months of a jurisdiction, the run each month shows, newest last. */
export async function unitTrend(
  db: Db,
  p: { rootCode: string; level: UnitLevel; unitId: string; fromMonth: string; toMonth: string },
): Promise<TrendPoint[]> {
  const r = await db.execute(sql`
    select distinct on (r.month) r.month, r.id as "runId", r.status as "runStatus", r.kind as "runKind", u.total::float8 as total,
      u.rank, u.group_size as "groupSize", u.flagged, u.class_name as "className", u.prev_total::float8 as "prevTotal",
      u.prev_rank as "prevRank", u.name
    from score_runs r join unit_scores u on u.run_id = r.id and u.level = ${p.level} and u.unit_id = ${p.unitId}
    where r.root_code = ${p.rootCode} and r.status <> 'superseded' and r.month between ${p.fromMonth} and ${p.toMonth}
    order by r.month, case when r.status = 'published' then 0 when r.kind = 'final' then 1 else 2 end, r.computed_at desc`);
  return rowsOf<TrendPoint>(r);
}

/**
 * The unit a caller answers for (a region's 安委办 or leader: the region; a department's member: the department; an
 * enterprise: itself; a grid member: the first grid they staff) and the narrowest jurisdiction that scores it.
 */
export async function homeUnit(
  db: Db,
  scope: Scope,
): Promise<{ level: UnitLevel[]; unitId: string; rootCode: string; rootPath: string } | undefined> {
  let unit: { level: UnitLevel[]; unitId: string } | undefined;
  const regionCode = scope.regionPath?.split('/').filter(Boolean).at(-1);
  if (
    (scope.role === 'supervisor' || scope.role === 'leader') &&
    scope.departmentIndustries &&
    scope.departmentId
  )
    unit = { level: ['department'], unitId: scope.departmentId };
  else if ((scope.role === 'supervisor' || scope.role === 'leader') && regionCode)
    unit = { level: ['province', 'city', 'district', 'street'], unitId: regionCode };
  else if (scope.role === 'enterprise' && scope.enterpriseId)
    unit = { level: ['enterprise'], unitId: scope.enterpriseId };
  else if (scope.role === 'grid_member') {
    const r = await db.execute(
      sql`select grid_id::text as id from grid_staff where user_id = ${scope.userId} order by grid_id limit 1`,
    );
    const g = rowsOf<{ id: string }>(r)[0];
    if (g) unit = { level: ['grid'], unitId: g.id };
  }
  if (!unit || !scope.regionPath) return undefined;
  const r = await db.execute(sql`
    select root_code as "rootCode", root_path as "rootPath" from score_runs
    where ${scope.regionPath} like root_path || '%'
    group by root_code, root_path order by length(root_path) desc limit 1`);
  const root = rowsOf<{ rootCode: string; rootPath: string }>(r)[0];
  return root ? { ...unit, ...root } : undefined;
}

/**
 * The latest month a jurisdiction has an ended month's (final) run for, else its latest provisional month: what a home
 * page shows first (the running month is a draft of next month's bulletin).
 */
export async function latestMonth(db: Db, rootCode: string): Promise<string | undefined> {
  const [row] = await db
    .select({ month: scoreRuns.month })
    .from(scoreRuns)
    .where(and(eq(scoreRuns.rootCode, rootCode), sql`${scoreRuns.status} <> 'superseded'`))
    .orderBy(sql`${scoreRuns.kind} = 'final' desc`, desc(scoreRuns.month))
    .limit(1);
  return row?.month;
}

// ── 四类水平 follow-ups ───────────────────────────────────────────────────────────────────────────────────────

export type FollowUpRow = typeof scoreFollowUps.$inferSelect;

const followUpScope = (scope: Scope) =>
  enterpriseRowScope(scope, {
    enterpriseId: scoreFollowUps.enterpriseId,
    regionPath: scoreFollowUps.regionPath,
    industryCategory: scoreFollowUps.industryCategory,
    industryCode: scoreFollowUps.industryCode,
  });

export async function listFollowUps(
  db: Db,
  scope: Scope,
  p: {
    month?: string;
    status?: 'open' | 'done';
    regionCode?: string;
    streakAtLeast?: number;
    offset: number;
    limit: number;
  },
): Promise<{ rows: FollowUpRow[]; total: number }> {
  const f = scoreFollowUps;
  const where = and(
    followUpScope(scope),
    p.month ? eq(f.month, p.month) : undefined,
    p.status ? eq(f.status, p.status) : undefined,
    p.regionCode
      ? sql`${f.regionPath} like (select path from regions where code = ${p.regionCode}) || '%'`
      : undefined,
    p.streakAtLeast ? gte(f.streak, p.streakAtLeast) : undefined,
  );
  const [rows, [n]] = await Promise.all([
    db
      .select()
      .from(f)
      .where(where)
      .orderBy(desc(f.month), desc(f.streak), asc(f.total), asc(f.enterpriseName))
      .offset(p.offset)
      .limit(p.limit),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(f)
      .where(where),
  ]);
  return { rows, total: n?.n ?? 0 };
}

export async function markFollowUpDone(
  db: Db,
  scope: Scope,
  p: { id: string; method: string; note: string; by: string; at: Date },
): Promise<FollowUpRow> {
  if (!isUuidText(p.id)) throw new DomainError('NOT_FOUND', '督促跟进任务不存在');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(scoreFollowUps)
      .where(and(eq(scoreFollowUps.id, p.id), followUpScope(scope)))
      .for('update');
    if (!row) throw new DomainError('NOT_FOUND', '督促跟进任务不存在');
    if (row.status === 'done') throw new DomainError('INVALID_TRANSITION', '该企业本月已记录跟进情况');
    const [out] = await tx
      .update(scoreFollowUps)
      .set({ status: 'done', method: p.method, note: p.note, doneAt: p.at, doneBy: p.by })
      .where(eq(scoreFollowUps.id, p.id))
      .returning();
    return out!;
  });
}

// ── As of a date ─────────────────────────────────────────────────────────────────────────────────────────────

export async function hazardHistory(db: Db, scope: Scope, id: string) {
  if (!isUuidText(id)) throw new DomainError('NOT_FOUND', '隐患不存在');
  const [row] = await db
    .select({
      id: generalHazards.id,
      hazardNo: generalHazards.hazardNo,
      enterpriseId: generalHazards.enterpriseId,
      regionPath: generalHazards.regionPath,
      description: generalHazards.description,
      reportedAt: generalHazards.reportedAt,
      deadline: generalHazards.deadline,
    })
    .from(generalHazards)
    .where(and(eq(generalHazards.id, id), hazardsInScope(scope)));
  if (!row) throw new DomainError('NOT_FOUND', '隐患不存在');
  const events = await db
    .select({
      type: generalHazardEvents.type,
      at: generalHazardEvents.at,
      payload: generalHazardEvents.payload,
    })
    .from(generalHazardEvents)
    .where(eq(generalHazardEvents.hazardId, id))
    .orderBy(asc(generalHazardEvents.id));
  return {
    row: { ...row, reportedAt: row.reportedAt.toISOString() },
    events: events.map((e) => ({
      ...e,
      at: e.at.toISOString(),
      payload: e.payload as Record<string, unknown>,
    })),
  };
}

export async function caseHistory(db: Db, scope: Scope, id: string) {
  if (!isUuidText(id)) throw new DomainError('NOT_FOUND', '案件不存在');
  const [row] = await db
    .select({ id: cases.id, caseNo: cases.caseNo, title: cases.title, enterpriseName: cases.enterpriseName })
    .from(cases)
    .where(and(eq(cases.id, id), casesInScope(scope)));
  if (!row) throw new DomainError('NOT_FOUND', '案件不存在');
  const events = await db
    .select({
      seq: caseEvents.seq,
      type: caseEvents.type,
      occurredAt: caseEvents.occurredAt,
      payload: caseEvents.payload,
    })
    .from(caseEvents)
    .where(eq(caseEvents.caseId, id))
    .orderBy(asc(caseEvents.seq));
  return {
    row,
    events: events.map((e) => ({
      ...e,
      occurredAt: e.occurredAt.toISOString(),
      payload: e.payload as Record<string, unknown>,
    })),
  };
}

/** The jurisdictions the caller sees runs of, each with the months it has a run for (newest first). */
export async function rootsInScope(
  db: Db,
  scope: Scope,
): Promise<Array<{ code: string; name: string; level: string; path: string; months: string[] }>> {
  const r = await db.execute(sql`
    select r.root_code as code, g.name, g.level, r.root_path as path,
      array_agg(distinct r.month order by r.month desc) as months
    from score_runs r join regions g on g.code = r.root_code
    where r.status <> 'superseded' and ${runsInScopeRaw(scope)}
    group by r.root_code, g.name, g.level, r.root_path
    order by length(r.root_path), r.root_code`);
  return rowsOf(r);
}

/** Raw-alias form of runsInScope for statements that alias score_runs as `r`. */
function runsInScopeRaw(scope: Scope): SQL {
  if (scope.role === 'admin') return sql`true`;
  if (scope.role === 'expert' || !scope.regionPath) return sql`false`;
  return sql`(r.root_path like ${`${scope.regionPath}%`} or ${scope.regionPath} like r.root_path || '%')`;
}

/** The ranking groups of a level in a run that the caller sees units of, with their names and sizes. */
export async function groupsOf(
  db: Db,
  scope: Scope,
  p: { runId: string; level: UnitLevel },
): Promise<Array<{ groupId: string; name: string | null; units: number }>> {
  const rows = await db
    .select({
      groupId: unitScores.groupId,
      name: sql<string | null>`(select name from regions where code = ${unitScores.groupId})`,
      units: sql<number>`count(*)::int`,
    })
    .from(unitScores)
    .innerJoin(scoreRuns, eq(scoreRuns.id, unitScores.runId))
    .where(and(eq(unitScores.runId, p.runId), eq(unitScores.level, p.level), unitScoresInScope(scope)))
    .groupBy(unitScores.groupId)
    .orderBy(unitScores.groupId);
  return rows;
}
