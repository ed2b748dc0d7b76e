/**
 * Score runs and unit scores (db/schema/scores.ts), shape `fn(db, params)`.
 *
 * - `findRoot(db, code)` → the jurisdiction's region; `scoreRoots(db)` → every jurisdiction the Schedule scores
 * - `previousScores(db, { rootCode, month })` → the run the change is taken against and its totals and ranks
 * - `latestRun(db, { rootCode, month, kind? })` → the run a recomputation compares with
 * - `insertRun(db, run, units)` → the run and its unit rows in one transaction (a newer provisional run of the month
 *   replaces the older one's rows)
 * - `runsInScope`, `getRun`, `listRuns`, `currentRunId`, `publishRun`, `unitRows`
 */
import { and, desc, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.js';
import { regions, scoreRuns, unitScores } from '../schema/index.js';
import { DomainError } from '../../domain/errors.js';
import type { RegionUnit, UnitLevel, UnitScore } from '../../domain/scores/compute.js';
import { unitKey } from '../../domain/scores/compute.js';
import { factKeys } from '../../domain/scores/indicators.js';
import { endOfDay } from '../../domain/scores/as-of.js';
import { rowsOf } from './score-facts.js';
import { isUuidText } from './ids.js';
import type { Scope } from './scope.js';

export type ScoreRunRow = typeof scoreRuns.$inferSelect;
export type UnitScoreRow = typeof unitScores.$inferSelect;

export async function findRoot(db: Db, code: string): Promise<RegionUnit | undefined> {
  const [r] = await db
    .select({ code: regions.code, name: regions.name, level: regions.level, path: regions.path })
    .from(regions)
    .where(eq(regions.code, code));
  if (!r || !['province', 'city', 'district', 'street'].includes(r.level)) return undefined;
  return r as RegionUnit;
}

/** The jurisdictions scored each month: every city, and every region that has a scheme of its own. */
export async function scoreRoots(db: Db): Promise<string[]> {
  const r = await db.execute(sql`
    select code from regions where level = 'city'
    union
    select region_code from score_schemes
    order by 1`);
  return rowsOf<{ code: string }>(r).map((x) => x.code);
}

/** Published first, then the latest computed final run, then the latest provisional one: the month's run to show. */
const runPreference = sql`case when ${scoreRuns.status} = 'published' then 0 when ${scoreRuns.kind} = 'final' then 1 else 2 end`;

/** The run to show for a jurisdiction's month (superseded runs are never it), or undefined. */
export function currentRunSql(rootCode: string, month: string): SQL {
  return sql`(select id from score_runs where root_code = ${rootCode} and month = ${month} and status <> 'superseded'
    order by case when status = 'published' then 0 when kind = 'final' then 1 else 2 end, computed_at desc limit 1)`;
}

/**
 * The run of a jurisdiction that was published and in force at the end of Shanghai day `date` (a published run stays
 * in force until a correction supersedes it): of `month`, or without a month the latest month in force that day.
 */
export function publishedOnSql(rootCode: string, date: string, month?: string): SQL {
  const until = endOfDay(date);
  return sql`(select id from score_runs where root_code = ${rootCode}
    ${month ? sql`and month = ${month}` : sql``}
    and published_at is not null and published_at <= ${until}::timestamptz
    and (superseded_at is null or superseded_at > ${until}::timestamptz)
    order by month desc, published_at desc limit 1)`;
}

export async function currentRun(
  db: Db,
  p: { rootCode: string; month: string },
): Promise<ScoreRunRow | undefined> {
  const [row] = await db
    .select()
    .from(scoreRuns)
    .where(
      and(
        eq(scoreRuns.rootCode, p.rootCode),
        eq(scoreRuns.month, p.month),
        sql`${scoreRuns.status} <> 'superseded'`,
      ),
    )
    .orderBy(runPreference, desc(scoreRuns.computedAt))
    .limit(1);
  return row;
}

/** The previous month's run (published, else the latest computed) and its totals and ranks by unit. */
export async function previousScores(
  db: Db,
  p: { rootCode: string; month: string },
): Promise<{ runId: string | null; scores: Map<string, { total: number; rank: number }> }> {
  const run = await currentRun(db, p);
  const scores = new Map<string, { total: number; rank: number }>();
  if (!run) return { runId: null, scores };
  const rows = await db
    .select({
      level: unitScores.level,
      unitId: unitScores.unitId,
      total: unitScores.total,
      rank: unitScores.rank,
    })
    .from(unitScores)
    .where(eq(unitScores.runId, run.id));
  for (const r of rows) scores.set(unitKey(r.level as UnitLevel, r.unitId), { total: r.total, rank: r.rank });
  return { runId: run.id, scores };
}

/** The latest run of a kind for the month that has not been superseded (what a new computation is compared with). */
export async function latestRun(
  db: Db,
  p: { rootCode: string; month: string; kind: 'provisional' | 'final' },
): Promise<ScoreRunRow | undefined> {
  const [row] = await db
    .select()
    .from(scoreRuns)
    .where(
      and(
        eq(scoreRuns.rootCode, p.rootCode),
        eq(scoreRuns.month, p.month),
        eq(scoreRuns.kind, p.kind),
        sql`${scoreRuns.status} <> 'superseded'`,
      ),
    )
    .orderBy(runPreference, desc(scoreRuns.computedAt))
    .limit(1);
  return row;
}

/** A PostgreSQL array literal of text (driver-independent: node-postgres and PGlite read the same string). */
const textArray = (xs: ReadonlyArray<string | null>): string =>
  `{${xs.map((x) => (x === null ? 'NULL' : `"${x.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)).join(',')}}`;
const numArray = (xs: ReadonlyArray<number | null>): string =>
  `{${xs.map((x) => (x === null ? 'NULL' : String(x))).join(',')}}`;

const BATCH = 5000;

/**
 * Writes a run and its unit rows in one transaction (unnest of column arrays, a few thousand rows a statement). A
 * provisional run replaces the earlier provisional runs of its month: they are marked superseded and their rows go.
 */
export async function insertRun(
  db: Db,
  run: typeof scoreRuns.$inferInsert,
  units: readonly UnitScore[],
): Promise<void> {
  await db.transaction(async (tx) => {
    if (run.kind === 'provisional') {
      const old = await tx
        .update(scoreRuns)
        .set({ status: 'superseded', supersededAt: new Date(), supersededBy: run.id })
        .where(
          and(
            eq(scoreRuns.rootCode, run.rootCode),
            eq(scoreRuns.month, run.month),
            eq(scoreRuns.kind, 'provisional'),
            eq(scoreRuns.status, 'computed'),
          ),
        )
        .returning({ id: scoreRuns.id });
      if (old.length)
        await tx.delete(unitScores).where(
          inArray(
            unitScores.runId,
            old.map((o) => o.id),
          ),
        );
    }
    await tx.insert(scoreRuns).values(run);
    for (let i = 0; i < units.length; i += BATCH) {
      const b = units.slice(i, i + BATCH);
      const col = <T>(f: (u: UnitScore) => T) => b.map(f);
      await tx.execute(sql`
        insert into unit_scores (run_id, level, unit_id, name, region_path, industry_category, industry_code, section,
          group_id, total, rank, group_size, class_name, flagged, prev_total, prev_rank, facts, points)
        select ${run.id}::uuid, t.level, t.unit_id, t.name, t.region_path, t.industry_category, t.industry_code,
          t.section, t.group_id, t.total, t.rank, t.group_size, t.class_name, t.flagged, t.prev_total, t.prev_rank,
          t.facts::int[], t.points::float8[]
        from unnest(
          ${textArray(col((u) => u.level))}::text[], ${textArray(col((u) => u.unitId))}::text[],
          ${textArray(col((u) => u.name))}::text[], ${textArray(col((u) => u.regionPath))}::text[],
          ${textArray(col((u) => u.industryCategory))}::text[], ${textArray(col((u) => u.industryCode))}::text[],
          ${textArray(col((u) => u.section))}::text[], ${textArray(col((u) => u.groupId))}::text[], ${numArray(col((u) => u.total))}::numeric[],
          ${numArray(col((u) => u.rank))}::int[], ${numArray(col((u) => u.groupSize))}::int[],
          ${textArray(col((u) => u.className))}::text[], ${textArray(col((u) => String(u.flagged)))}::bool[],
          ${numArray(col((u) => u.prevTotal))}::numeric[], ${numArray(col((u) => u.prevRank))}::int[],
          ${textArray(col((u) => numArray(factKeys.map((k) => u.facts[k]))))}::text[],
          ${textArray(col((u) => numArray(u.items.map((it) => it.points))))}::text[]
        ) as t(level, unit_id, name, region_path, industry_category, industry_code, section, group_id, total, rank,
          group_size, class_name, flagged, prev_total, prev_rank, facts, points)`);
    }
  });
}

const NOTHING = sql`false`;
const codesOf = (path: string) => path.split('/').filter(Boolean);

/**
 * Runs the caller may read: an administrator all; supervisors and leaders the jurisdictions above or below their
 * region; an enterprise, a grid member the jurisdictions their unit lies in.
 */
export function runsInScope(scope: Scope): SQL {
  if (scope.role === 'admin') return sql`true`;
  if (scope.role === 'expert' || !scope.regionPath) return NOTHING;
  return sql`(${scoreRuns.rootPath} like ${`${scope.regionPath}%`} or ${scope.regionPath} like ${scoreRuns.rootPath} || '%')`;
}

/** Whether the caller answers for the jurisdiction (安委办 at or above it): computes, publishes, issues its bulletin. */
export function managesRoot(scope: Scope, rootPath: string): boolean {
  if (scope.role === 'admin') return true;
  return (
    scope.role === 'supervisor' &&
    !scope.departmentIndustries &&
    !!scope.regionPath &&
    rootPath.startsWith(scope.regionPath)
  );
}

/**
 * Unit scores the caller may read (alias-free, on unit_scores joined to score_runs):
 * - supervisors and leaders: every unit in their region subtree; a department's members their department and the
 *   enterprises of its industries there; in a published month, also the units ranked beside their own (the ranking
 *   groups above them: the bulletin circulates them);
 * - an enterprise its own score; a grid member its grids and their enterprises.
 */
export function unitScoresInScope(scope: Scope): SQL {
  const u = unitScores;
  switch (scope.role) {
    case 'admin':
      return sql`true`;
    case 'supervisor':
    case 'leader': {
      if (!scope.regionPath) return NOTHING;
      const codes = codesOf(scope.regionPath);
      const peers = sql`(${scoreRuns.status} = 'published' and ${u.level} in ('province', 'city', 'district', 'street', 'department') and ${inArray(u.groupId, codes)})`;
      const subtree = sql`${u.regionPath} like ${`${scope.regionPath}%`}`;
      if (!scope.departmentIndustries) return sql`(${subtree} or ${peers})`;
      const inds = scope.departmentIndustries;
      const own = scope.departmentId
        ? sql`(${u.level} = 'department' and ${u.unitId} = ${scope.departmentId})`
        : NOTHING;
      const ents = inds.length
        ? sql`(${u.level} = 'enterprise' and ${subtree} and (${inArray(u.industryCategory, inds)} or ${inArray(u.industryCode, inds)}))`
        : NOTHING;
      return sql`(${own} or ${ents} or ${peers})`;
    }
    case 'enterprise':
      return scope.enterpriseId
        ? sql`(${u.level} = 'enterprise' and ${u.unitId} = ${scope.enterpriseId})`
        : NOTHING;
    case 'grid_member':
      return sql`((${u.level} = 'grid' and ${u.unitId} in (select grid_id::text from grid_staff where user_id = ${scope.userId}))
        or (${u.level} = 'enterprise' and ${u.unitId} in (select m.enterprise_id::text from grid_enterprises m
          join grid_staff s on s.grid_id = m.grid_id where s.user_id = ${scope.userId})))`;
    default:
      return NOTHING;
  }
}

/** A run by id, unscoped (for work already authorised: a bulletin's published run, a home page's latest run). */
export async function findRunById(db: Db, id: string): Promise<ScoreRunRow> {
  const [row] = isUuidText(id) ? await db.select().from(scoreRuns).where(eq(scoreRuns.id, id)) : [];
  if (!row) throw new DomainError('NOT_FOUND', '考核结果不存在');
  return row;
}

export async function getRun(db: Db, scope: Scope, id: string): Promise<ScoreRunRow> {
  if (!isUuidText(id)) throw new DomainError('NOT_FOUND', '考核结果不存在');
  const [row] = await db
    .select()
    .from(scoreRuns)
    .where(and(eq(scoreRuns.id, id), runsInScope(scope)));
  if (!row) throw new DomainError('NOT_FOUND', '考核结果不存在');
  return row;
}

export async function listRuns(
  db: Db,
  scope: Scope,
  p: { rootCode?: string; month?: string; kind?: string; status?: string; offset: number; limit: number },
): Promise<{ rows: ScoreRunRow[]; total: number }> {
  const where = and(
    runsInScope(scope),
    p.rootCode ? eq(scoreRuns.rootCode, p.rootCode) : undefined,
    p.month ? eq(scoreRuns.month, p.month) : undefined,
    p.kind ? eq(scoreRuns.kind, p.kind as 'final') : undefined,
    p.status ? eq(scoreRuns.status, p.status as 'computed') : undefined,
  );
  const [rows, [n]] = await Promise.all([
    db
      .select()
      .from(scoreRuns)
      .where(where)
      .orderBy(desc(scoreRuns.month), desc(scoreRuns.computedAt))
      .offset(p.offset)
      .limit(p.limit),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(scoreRuns)
      .where(where),
  ]);
  return { rows, total: n?.n ?? 0 };
}

/** Every unit row of a run (the diff, the bulletin's tables). */
export async function unitRows(
  db: Db,
  /** `scope`: only the units the caller may see (a diff shown to a person); without it every unit (computation). */
  p: { runId: string; levels?: readonly UnitLevel[]; scope?: Scope },
): Promise<UnitScoreRow[]> {
  // unitScoresInScope reads the run's status (units ranked beside one's own show once published).
  return db
    .select(getTableColumns(unitScores))
    .from(unitScores)
    .innerJoin(scoreRuns, eq(scoreRuns.id, unitScores.runId))
    .where(
      and(
        eq(unitScores.runId, p.runId),
        p.levels ? inArray(unitScores.level, [...p.levels]) : undefined,
        p.scope ? unitScoresInScope(p.scope) : undefined,
      ),
    )
    .orderBy(unitScores.level, unitScores.groupId, unitScores.rank, unitScores.name);
}

/**
 * Publishes a computed final run: the month is frozen from now on. When another run of the month is already
 * published, `supersede.reason` is required and that one is marked superseded by this (both stay on record).
 */
export async function publishRun(
  db: Db,
  p: {
    runId: string;
    by: string;
    at: Date;
    supersede?: { reason: string };
    /** The 四类水平 follow-up tasks' due date, and the month before (for the streak). */
    followUp: { dueOn: string; previousMonth: string };
  },
): Promise<{ run: ScoreRunRow; superseded: ScoreRunRow | undefined; followUps: number }> {
  return db.transaction(async (tx) => {
    const [run] = await tx.select().from(scoreRuns).where(eq(scoreRuns.id, p.runId)).for('update');
    if (!run) throw new DomainError('NOT_FOUND', '考核结果不存在');
    if (run.kind !== 'final')
      throw new DomainError('INVALID_TRANSITION', '本月尚未结束，临时结果不能发布，请在月末后计算正式结果');
    if (run.status !== 'computed')
      throw new DomainError(
        'INVALID_TRANSITION',
        run.status === 'published' ? '该结果已发布' : '该结果已被新的计算取代，不能发布',
      );
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtext('score_runs'), hashtext(${run.rootCode + run.month}))`,
    );
    const [published] = await tx
      .select()
      .from(scoreRuns)
      .where(
        and(
          eq(scoreRuns.rootCode, run.rootCode),
          eq(scoreRuns.month, run.month),
          eq(scoreRuns.status, 'published'),
        ),
      );
    if (published && !p.supersede)
      throw new DomainError('VALIDATION', '该月已有发布结果，重新发布须说明更正原因', {
        supersedeReason: '该月已有发布结果，请填写更正原因',
      });
    let superseded: ScoreRunRow | undefined;
    if (published)
      [superseded] = await tx
        .update(scoreRuns)
        .set({
          status: 'superseded',
          supersededAt: p.at,
          supersededBy: run.id,
          supersedeReason: p.supersede!.reason,
        })
        .where(eq(scoreRuns.id, published.id))
        .returning();
    // Older computed runs of the month are left as they were: history, never shown as the month's run once one is
    // published (currentRun prefers the published one).
    const [updated] = await tx
      .update(scoreRuns)
      .set({ status: 'published', publishedAt: p.at, publishedBy: p.by })
      .where(eq(scoreRuns.id, run.id))
      .returning();
    // 四类水平: a follow-up task per enterprise in the last class; a correction keeps the tasks already done and drops
    // the open ones of enterprises it no longer puts there.
    if (superseded)
      await tx.execute(sql`
        delete from score_follow_ups f
        where f.root_code = ${run.rootCode} and f.month = ${run.month} and f.status = 'open'
          and not exists (select 1 from unit_scores u where u.run_id = ${run.id} and u.level = 'enterprise'
            and u.flagged and u.unit_id = f.enterprise_id::text)`);
    const inserted = await tx.execute(sql`
      insert into score_follow_ups (run_id, root_code, month, enterprise_id, enterprise_name, region_path,
        industry_category, industry_code, total, class_name, streak, due_on)
      select ${run.id}::uuid, ${run.rootCode}, ${run.month}, u.unit_id::uuid, u.name, u.region_path,
        u.industry_category, u.industry_code, u.total, u.class_name,
        1 + coalesce((select f.streak from score_follow_ups f where f.root_code = ${run.rootCode}
          and f.month = ${p.followUp.previousMonth} and f.enterprise_id = u.unit_id::uuid), 0),
        ${p.followUp.dueOn}::date
      from unit_scores u where u.run_id = ${run.id} and u.level = 'enterprise' and u.flagged
      on conflict (root_code, month, enterprise_id) do update
        set run_id = excluded.run_id, total = excluded.total, class_name = excluded.class_name
      returning 1`);
    return { run: updated!, superseded, followUps: rowsOf(inserted).length };
  });
}
