/**
 * 网格化 and 差异化监管: grids with their staff and units, patrols (巡查记录), coverage, and the enterprise grades (risk
 * colour, management level) with their history. Shape `fn(db, params)`.
 *
 * Scope of grids: administrators all; supervisors and leaders the grids lying in their region subtree; grid members
 * (and grid staff of any role) the grids they staff. Patrols follow `enterpriseRowScope` (hazard-scope.ts).
 *
 * - `insertGrid(db, { grid, staff })`, `listGrids(db, scope, q)`, `getGrid(db, scope, id)`
 * - `assignEnterprises(db, { gridId, enterpriseIds, today, everyDays })` → how many were new to the grid
 * - `patrolsDue(db, { userId, today, horizonDays })` → the grid member's list (today's and the next days')
 * - `recordPatrol(db, { patrol, hazards, everyDays })` → the patrol row; moves the unit's patrol clock
 * - `listPatrols(db, scope, q)`, `gridCoverage(db, scope, { from, to, today })`
 * - `setGrade(db, { … })` → the grade row (with the previous value); `gradeHistory(db, enterpriseId)`
 * - `replaceGridStaff(db, { gridId, leaderId, supervisorIds, memberIds? })` → the staff before and after
 * - `gridStaffHistory(db, gridId)` → the grid's staff changes from the audit trail (append-only, hash-chained)
 */
import { and, asc, desc, eq, getTableColumns, gte, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.js';
import {
  auditLog,
  enterpriseGrades,
  enterprises,
  generalHazards,
  gridEnterprises,
  gridStaff,
  grids,
  patrols,
  users,
} from '../schema/index.js';
import { DomainError } from '../../domain/errors.js';
import type { DutyPolicy, RiskColour } from '../../domain/hazards/policy.js';
import { enterpriseRowScope } from './hazard-scope.js';
import { isUuidText } from './ids.js';
import { pageOf, type ListQuery, type ListResult } from './list-params.js';
import type { Scope } from './scope.js';
import type { GeneralHazardInsert } from './general-hazards.js';

export type GridRow = typeof grids.$inferSelect;
export type PatrolRow = typeof patrols.$inferSelect;
export type GradeRow = typeof enterpriseGrades.$inferSelect;

const NOTHING = sql`false`;
/** The outer grid's id, qualified: inside a correlated subquery an unqualified "id" would bind to the inner table. */
const GRID_ID = sql.raw('"grids"."id"');
const staffed = (userId: string) =>
  sql`${grids.id} in (select ${gridStaff.gridId} from ${gridStaff} where ${gridStaff.userId} = ${userId})`;

export function gridsInScope(scope: Scope): SQL {
  switch (scope.role) {
    case 'admin':
      return sql`true`;
    case 'supervisor':
    case 'leader':
      return scope.regionPath
        ? or(sql`${grids.regionPath} like ${scope.regionPath + '%'}`, staffed(scope.userId))!
        : staffed(scope.userId);
    case 'grid_member':
      return staffed(scope.userId);
    default:
      return NOTHING;
  }
}

export async function insertGrid(
  db: Db,
  p: {
    grid: typeof grids.$inferInsert;
    staff: Array<{ userId: string; duty: 'leader' | 'supervisor' | 'member' }>;
  },
): Promise<GridRow> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(grids)
      .values(p.grid)
      .onConflictDoNothing({ target: grids.code })
      .returning();
    if (!row) throw new DomainError('VALIDATION', '网格编码已存在', { code: '网格编码已存在' });
    await tx.insert(gridStaff).values(p.staff.map((s) => ({ ...s, gridId: row.id })));
    return row;
  });
}

export type GridListRow = GridRow & {
  enterprises: number;
  patrolOverdue: number;
  leaderName: string | null;
  supervisorNames: string[];
};

export async function listGrids(
  db: Db,
  scope: Scope,
  q: ListQuery & { today: string },
): Promise<ListResult<GridListRow>> {
  const f = q.filter ?? {};
  const w: SQL[] = [gridsInScope(scope)];
  if (f.regionCode !== undefined) {
    if (typeof f.regionCode !== 'string' || !/^\d{6,12}$/.test(f.regionCode))
      throw new DomainError('VALIDATION', '行政区划代码应为6至12位数字', {
        'filter.regionCode': '行政区划代码应为6至12位数字',
      });
    w.push(sql`${grids.regionPath} like (select path from regions where code = ${f.regionCode}) || '%'`);
  }
  if (f.q !== undefined && typeof f.q === 'string' && f.q.trim())
    w.push(sql`(${grids.name} ilike ${'%' + f.q.trim() + '%'} or ${grids.code} = ${f.q.trim()})`);
  const { offset, limit } = pageOf(q);
  const where = and(...w);
  const [rows, [count]] = await Promise.all([
    db
      .select({
        ...getTableColumns(grids),
        enterprises: sql<number>`(select count(*)::int from ${gridEnterprises} ge where ge.grid_id = ${GRID_ID})`,
        patrolOverdue: sql<number>`(select count(*)::int from ${gridEnterprises} ge where ge.grid_id = ${GRID_ID} and ge.patrol_due_on < ${q.today}::date)`,
        leaderName: sql<
          string | null
        >`(select u.display_name from ${gridStaff} s join ${users} u on u.id = s.user_id where s.grid_id = ${GRID_ID} and s.duty = 'leader' limit 1)`,
        supervisorNames: sql<
          string[]
        >`coalesce((select array_agg(u.display_name order by u.display_name) from ${gridStaff} s join ${users} u on u.id = s.user_id where s.grid_id = ${GRID_ID} and s.duty = 'supervisor'), '{}')`,
      })
      .from(grids)
      .where(where)
      .orderBy(asc(grids.code))
      .limit(limit)
      .offset(offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(grids)
      .where(where),
  ]);
  return { rows, total: count?.n ?? 0, from: offset };
}

export async function getGrid(db: Db, scope: Scope, id: string) {
  if (!isUuidText(id)) throw new DomainError('NOT_FOUND', '网格不存在');
  const [row] = await db
    .select()
    .from(grids)
    .where(and(eq(grids.id, id), gridsInScope(scope)));
  if (!row) throw new DomainError('NOT_FOUND', '网格不存在');
  const [staff, units] = await Promise.all([
    db
      .select({
        userId: gridStaff.userId,
        duty: gridStaff.duty,
        displayName: users.displayName,
        role: users.role,
      })
      .from(gridStaff)
      .innerJoin(users, eq(users.id, gridStaff.userId))
      .where(eq(gridStaff.gridId, id))
      .orderBy(asc(gridStaff.duty), asc(users.displayName)),
    db
      .select({
        enterpriseId: gridEnterprises.enterpriseId,
        name: enterprises.name,
        riskColour: enterprises.riskColour,
        managementLevel: enterprises.managementLevel,
        assignedOn: gridEnterprises.assignedOn,
        lastPatrolledOn: gridEnterprises.lastPatrolledOn,
        patrolDueOn: gridEnterprises.patrolDueOn,
      })
      .from(gridEnterprises)
      .innerJoin(enterprises, eq(enterprises.id, gridEnterprises.enterpriseId))
      .where(eq(gridEnterprises.gridId, id))
      .orderBy(asc(gridEnterprises.patrolDueOn), asc(enterprises.name))
      .limit(2000),
  ]);
  return { ...row, staff, enterprises: units };
}

/** SQL of the patrol interval for an enterprise row `e` by its risk colour. */
const intervalSql = (d: DutyPolicy['patrol']['everyDaysByColour']) =>
  sql`case e.risk_colour when 'red' then ${d.red}::int when 'orange' then ${d.orange}::int when 'yellow' then ${d.yellow}::int when 'blue' then ${d.blue}::int else ${d.unassessed}::int end`;

/**
 * Assigns units to a grid; a unit already there keeps its clock. The first patrol is due the policy's interval after
 * the assignment (the daily patrol sweep computes the same).
 */
export async function assignEnterprises(
  db: Db,
  p: {
    gridId: string;
    enterpriseIds: readonly string[];
    today: string;
    everyDays: DutyPolicy['patrol']['everyDaysByColour'];
  },
): Promise<{ assigned: number }> {
  const result = await db.execute(sql`
    with ins as (
      insert into grid_enterprises (grid_id, enterprise_id, assigned_on, patrol_due_on)
      select ${p.gridId}::uuid, e.id, ${p.today}::date, ${p.today}::date + ${intervalSql(p.everyDays)}
        from enterprises e where e.id = any(${`{${p.enterpriseIds.join(',')}}`}::uuid[])
      on conflict (grid_id, enterprise_id) do nothing
      returning 1
    ) select count(*)::int as assigned from ins`);
  return (result as unknown as { rows: Array<{ assigned: number }> }).rows[0]!;
}

export interface PatrolDue {
  gridId: string;
  gridName: string;
  enterpriseId: string;
  name: string;
  address: string | null;
  riskColour: string;
  lastPatrolledOn: string | null;
  patrolDueOn: string;
  overdue: boolean;
}

/** 今日巡查: the units of the user's grids due a patrol by `today + horizonDays`, most overdue first. */
export async function patrolsDue(
  db: Db,
  p: { userId: string; today: string; horizonDays: number },
): Promise<PatrolDue[]> {
  const rows = await db
    .select({
      gridId: grids.id,
      gridName: grids.name,
      enterpriseId: enterprises.id,
      name: enterprises.name,
      address: enterprises.address,
      riskColour: enterprises.riskColour,
      lastPatrolledOn: gridEnterprises.lastPatrolledOn,
      patrolDueOn: gridEnterprises.patrolDueOn,
    })
    .from(gridEnterprises)
    .innerJoin(grids, eq(grids.id, gridEnterprises.gridId))
    .innerJoin(gridStaff, and(eq(gridStaff.gridId, grids.id), eq(gridStaff.userId, p.userId)))
    .innerJoin(enterprises, eq(enterprises.id, gridEnterprises.enterpriseId))
    .where(
      and(
        sql`${gridEnterprises.patrolDueOn} <= ${p.today}::date + ${p.horizonDays}::int`,
        sql`${enterprises.status} <> 'closed'`,
      ),
    )
    .orderBy(asc(gridEnterprises.patrolDueOn), asc(enterprises.name))
    .limit(500);
  return rows.map((r) => ({ ...r, overdue: r.patrolDueOn < p.today }));
}

/** Whether the user staffs the grid and the unit is assigned to it. */
export async function patrolAllowed(
  db: Db,
  p: { userId: string; gridId: string; enterpriseId: string; admin: boolean },
): Promise<'ok' | 'no_grid' | 'not_assigned'> {
  const [g] = await db
    .select({ id: grids.id })
    .from(grids)
    .where(and(eq(grids.id, p.gridId), p.admin ? sql`true` : staffed(p.userId)));
  if (!g) return 'no_grid';
  const [a] = await db
    .select({ id: gridEnterprises.enterpriseId })
    .from(gridEnterprises)
    .where(and(eq(gridEnterprises.gridId, p.gridId), eq(gridEnterprises.enterpriseId, p.enterpriseId)));
  return a ? 'ok' : 'not_assigned';
}

/**
 * A patrol, its hazards (the failed items, as ledger rows prepared by the caller) and the unit's next due date, in one
 * transaction. A retried patrol (same id) writes nothing twice.
 */
export async function recordPatrol(
  db: Db,
  p: {
    patrol: typeof patrols.$inferInsert;
    hazards: GeneralHazardInsert[];
    everyDays: DutyPolicy['patrol']['everyDaysByColour'];
  },
): Promise<{ patrol: PatrolRow; written: boolean }> {
  return db.transaction(async (tx) => {
    // Any conflict writes nothing: the same id (a keyed retry) or the same enterprise + clientId (a patrol sent
    // twice from a phone's outbox).
    const [row] = await tx.insert(patrols).values(p.patrol).onConflictDoNothing().returning();
    if (!row) {
      const [old] = await tx
        .select()
        .from(patrols)
        .where(
          or(
            eq(patrols.id, p.patrol.id),
            p.patrol.clientId
              ? and(eq(patrols.enterpriseId, p.patrol.enterpriseId), eq(patrols.clientId, p.patrol.clientId))
              : undefined,
          ),
        )
        .limit(1);
      return { patrol: old!, written: false };
    }
    if (p.hazards.length) await tx.insert(generalHazards).values(p.hazards);
    await tx.execute(sql`
      update grid_enterprises ge
         set last_patrolled_on = greatest(coalesce(ge.last_patrolled_on, ${row.patrolledOn}::date), ${row.patrolledOn}::date),
             patrol_due_on = greatest(coalesce(ge.last_patrolled_on, ${row.patrolledOn}::date), ${row.patrolledOn}::date) + ${intervalSql(p.everyDays)}
        from enterprises e
       where e.id = ge.enterprise_id and ge.enterprise_id = ${row.enterpriseId} and ge.grid_id = ${row.gridId}`);
    return { patrol: row, written: true };
  });
}

/** The patrol a grid member recorded offline under this clientId for this enterprise (the phone's outbox item id). */
export async function patrolByClientId(
  db: Db,
  p: { enterpriseId: string; clientId: string; patrolledBy: string },
): Promise<PatrolRow | undefined> {
  const [row] = await db
    .select()
    .from(patrols)
    .where(
      and(
        eq(patrols.enterpriseId, p.enterpriseId),
        eq(patrols.clientId, p.clientId),
        eq(patrols.patrolledBy, p.patrolledBy),
      ),
    );
  return row;
}

export async function listPatrols(
  db: Db,
  scope: Scope,
  q: ListQuery,
): Promise<ListResult<PatrolRow & { enterpriseName: string; gridName: string }>> {
  const f = q.filter ?? {};
  const w: SQL[] = [
    enterpriseRowScope(scope, {
      enterpriseId: patrols.enterpriseId,
      regionPath: patrols.regionPath,
      industryCategory: enterprises.industryCategory,
      industryCode: enterprises.industryCode,
    }),
  ];
  // `id`: one patrol (the console's record page reads it through the list, in the list's scope).
  for (const k of ['id', 'gridId', 'enterpriseId'] as const)
    if (f[k] !== undefined) {
      if (typeof f[k] !== 'string' || !isUuidText(f[k] as string))
        throw new DomainError('VALIDATION', '编号无效', { [`filter.${k}`]: '编号无效' });
      w.push(
        eq(k === 'id' ? patrols.id : k === 'gridId' ? patrols.gridId : patrols.enterpriseId, f[k] as string),
      );
    }
  for (const [k, op] of [
    ['from', gte],
    ['to', lte],
  ] as const)
    if (f[k] !== undefined) {
      if (typeof f[k] !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(f[k] as string))
        throw new DomainError('VALIDATION', '日期格式应为 YYYY-MM-DD', {
          [`filter.${k}`]: '日期格式应为 YYYY-MM-DD',
        });
      w.push(op(patrols.patrolledOn, f[k] as string));
    }
  const { offset, limit } = pageOf(q);
  const where = and(...w);
  const [rows, [count]] = await Promise.all([
    db
      .select({ ...getTableColumns(patrols), enterpriseName: enterprises.name, gridName: grids.name })
      .from(patrols)
      .innerJoin(enterprises, eq(enterprises.id, patrols.enterpriseId))
      .innerJoin(grids, eq(grids.id, patrols.gridId))
      .where(where)
      .orderBy(desc(patrols.patrolledOn), desc(patrols.recordedAt))
      .limit(limit)
      .offset(offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(patrols)
      .innerJoin(enterprises, eq(enterprises.id, patrols.enterpriseId))
      .where(where),
  ]);
  return { rows, total: count?.n ?? 0, from: offset };
}

export interface GridCoverageRow {
  gridId: string;
  code: string;
  name: string;
  enterprises: number;
  /** Units patrolled at least once from..to. */
  patrolled: number;
  patrols: number;
  /** Units whose patrol is overdue today. */
  overdue: number;
  hazardsFound: number;
  coverageRate: number | null;
}

/** 巡查覆盖率 per grid: units patrolled in the window over units assigned, with today's overdue ones. */
export async function gridCoverage(
  db: Db,
  scope: Scope,
  p: { from: string; to: string; today: string },
): Promise<GridCoverageRow[]> {
  const rows = await db
    .select({
      gridId: grids.id,
      code: grids.code,
      name: grids.name,
      enterprises: sql<number>`(select count(*)::int from ${gridEnterprises} ge where ge.grid_id = ${GRID_ID})`,
      patrolled: sql<number>`(select count(distinct pt.enterprise_id)::int from ${patrols} pt join ${gridEnterprises} ge on ge.grid_id = pt.grid_id and ge.enterprise_id = pt.enterprise_id where pt.grid_id = ${GRID_ID} and pt.patrolled_on between ${p.from}::date and ${p.to}::date)`,
      patrols: sql<number>`(select count(*)::int from ${patrols} pt where pt.grid_id = ${GRID_ID} and pt.patrolled_on between ${p.from}::date and ${p.to}::date)`,
      overdue: sql<number>`(select count(*)::int from ${gridEnterprises} ge where ge.grid_id = ${GRID_ID} and ge.patrol_due_on < ${p.today}::date)`,
      hazardsFound: sql<number>`(select coalesce(sum(pt.hazards_found), 0)::int from ${patrols} pt where pt.grid_id = ${GRID_ID} and pt.patrolled_on between ${p.from}::date and ${p.to}::date)`,
    })
    .from(grids)
    .where(gridsInScope(scope))
    .orderBy(asc(grids.code))
    .limit(1000);
  return rows.map((r) => ({
    ...r,
    coverageRate: r.enterprises > 0 ? Math.round((r.patrolled / r.enterprises) * 10_000) / 10_000 : null,
  }));
}

/**
 * A grade (评定): the new value with the one it replaces, appended to the history; the enterprise's current column
 * follows, and for a risk colour the unit's patrol clocks are recomputed at once (the nightly sweep would too).
 */
export async function setGrade(
  db: Db,
  p: {
    enterpriseId: string;
    kind: 'risk_colour' | 'management_level';
    value: string;
    effectiveOn: string;
    basis: GradeRow['basis'];
    reason: string | null;
    userId: string;
    now: Date;
    everyDays: DutyPolicy['patrol']['everyDaysByColour'];
  },
): Promise<GradeRow> {
  return db.transaction(async (tx) => {
    const [e] = await tx
      .select({ riskColour: enterprises.riskColour, managementLevel: enterprises.managementLevel })
      .from(enterprises)
      .where(eq(enterprises.id, p.enterpriseId))
      .for('update');
    if (!e) throw new DomainError('NOT_FOUND', '企业不存在');
    const previous = p.kind === 'risk_colour' ? e.riskColour : e.managementLevel;
    const [row] = await tx
      .insert(enterpriseGrades)
      .values({
        enterpriseId: p.enterpriseId,
        kind: p.kind,
        value: p.value,
        previous,
        effectiveOn: p.effectiveOn,
        basis: p.basis,
        reason: p.reason,
        recordedAt: p.now,
        recordedBy: p.userId,
      })
      .returning();
    await tx
      .update(enterprises)
      .set(
        p.kind === 'risk_colour'
          ? { riskColour: p.value as RiskColour }
          : { managementLevel: p.value as (typeof enterprises.$inferSelect)['managementLevel'] },
      )
      .where(eq(enterprises.id, p.enterpriseId));
    if (p.kind === 'risk_colour')
      await tx.execute(sql`
        update grid_enterprises ge
           set patrol_due_on = coalesce(ge.last_patrolled_on, ge.assigned_on) + ${intervalSql(p.everyDays)}
          from enterprises e
         where e.id = ge.enterprise_id and ge.enterprise_id = ${p.enterpriseId}`);
    return row!;
  });
}

export async function gradeHistory(
  db: Db,
  enterpriseId: string,
): Promise<Array<GradeRow & { recordedByName: string | null }>> {
  return db
    .select({ ...getTableColumns(enterpriseGrades), recordedByName: users.displayName })
    .from(enterpriseGrades)
    .leftJoin(users, eq(users.id, enterpriseGrades.recordedBy))
    .where(eq(enterpriseGrades.enterpriseId, enterpriseId))
    .orderBy(desc(enterpriseGrades.recordedAt), desc(enterpriseGrades.id));
}

/** Users by id with their role and region path (grid staff must exist and lie in the grid's region). */
export async function usersByIds(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: users.id, role: users.role, regionCode: users.regionCode, displayName: users.displayName })
    .from(users)
    .where(inArray(users.id, [...ids]));
}

export interface GridStaffSet {
  leaderId: string | null;
  supervisorIds: string[];
  memberIds: string[];
}

const staffSetOf = (rows: Array<{ userId: string; duty: string }>): GridStaffSet => ({
  leaderId: rows.find((r) => r.duty === 'leader')?.userId ?? null,
  supervisorIds: rows.filter((r) => r.duty === 'supervisor').map((r) => r.userId),
  memberIds: rows.filter((r) => r.duty === 'member').map((r) => r.userId),
});

/**
 * 网格人员调整: the grid's leader and two responsible supervisors replaced, and its members when given (else kept), in
 * one transaction under a lock on the grid row, so two changes at once cannot leave three supervisors.
 */
export async function replaceGridStaff(
  db: Db,
  p: { gridId: string; leaderId: string; supervisorIds: readonly string[]; memberIds?: readonly string[] },
): Promise<{ before: GridStaffSet; after: GridStaffSet }> {
  return db.transaction(async (tx) => {
    await tx.select({ id: grids.id }).from(grids).where(eq(grids.id, p.gridId)).for('update');
    const current = await tx
      .select({ userId: gridStaff.userId, duty: gridStaff.duty })
      .from(gridStaff)
      .where(eq(gridStaff.gridId, p.gridId));
    const before = staffSetOf(current);
    const memberIds = [...new Set(p.memberIds ?? before.memberIds)].filter(
      (id) => id !== p.leaderId && !p.supervisorIds.includes(id),
    );
    await tx.delete(gridStaff).where(eq(gridStaff.gridId, p.gridId));
    await tx
      .insert(gridStaff)
      .values([
        { gridId: p.gridId, userId: p.leaderId, duty: 'leader' as const },
        ...p.supervisorIds.map((userId) => ({ gridId: p.gridId, userId, duty: 'supervisor' as const })),
        ...memberIds.map((userId) => ({ gridId: p.gridId, userId, duty: 'member' as const })),
      ]);
    return {
      before,
      after: { leaderId: p.leaderId, supervisorIds: [...p.supervisorIds], memberIds },
    };
  });
}

/** The grid's staff changes, newest first, as the audit trail recorded them (who, when, why, before and after). */
export async function gridStaffHistory(db: Db, gridId: string) {
  return db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorId: auditLog.actorId,
      actorName: users.displayName,
      payload: auditLog.payload,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(
      and(
        eq(auditLog.resource, 'grids'),
        eq(auditLog.resourceId, gridId),
        eq(auditLog.action, 'change_staff'),
      ),
    )
    .orderBy(desc(auditLog.id));
}
