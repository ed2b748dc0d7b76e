/**
 * 可指派人员: who a task may be handed to, shape `fn(db, params)`.
 *
 * - `listAssignees(db, scope, { q?, range?, roles?, ids?, servesRegion? })` → `{ rows, total }`: active supervisors
 *   and leaders in the caller's territory, or the roles asked for (experts, to invite to an acceptance; grid members,
 *   to staff a grid), or the ids asked for; with `servesRegion`, only people working in that region or above it (who
 *   may staff a grid there).
 * - with `leadsRegion` (a region code) instead: the active leaders whose region contains that region — who may be
 *   named 包案领导 of a case listed there (api/services/cases.ts requireOwningLeader), wherever the caller works: a
 *   district office listing at city level names a city leader.
 * - `findAssignee(db, scope, id)` → the assignee, or undefined when the caller may not hand tasks to them.
 *
 * A department's member (行业主管部门) hands tasks only to colleagues of the same department or to people without a
 * department (安委办, 街道), who see every industry: a member of another department could not see the case.
 */
import { and, eq, inArray, isNull, like, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.js';
import { regions, users } from '../schema/index.js';
import type { Scope } from './scope.js';

export interface Assignee {
  id: string;
  displayName: string;
  role: string;
  regionCode: string | null;
  /** The name of the region the person works in (a picker shows it beside theirs). */
  regionName: string | null;
}

export type AssigneeRole = 'supervisor' | 'leader' | 'expert' | 'grid_member';

/**
 * Tasks go to supervisors and leaders only: a task of an expert's own makes the case theirs to see
 * (db/queries/scope.ts), and experts come to a case by invitation (POST /cases/{id}/invite-experts).
 *
 * The territory is the caller's region subtree; for experts also the regions above it: a city's or province's
 * expert pool (市级、省级专家库) serves the districts below, while a neighbouring district's experts stay its own.
 */
function eligible(scope: Scope, roles: readonly AssigneeRole[] = ['supervisor', 'leader']): SQL {
  const path = scope.regionPath ?? '-';
  const below = like(regions.path, `${path}%`);
  const above = and(eq(users.role, 'expert'), sql`${path} like ${regions.path} || '%'`);
  return and(
    eq(users.active, true),
    inArray(users.role, [...roles]),
    scope.role === 'admin' ? undefined : roles.includes('expert') ? or(below, above) : below,
    scope.role !== 'admin' && scope.departmentIndustries && scope.departmentId
      ? or(eq(users.departmentId, scope.departmentId), isNull(users.departmentId))
      : undefined,
  )!;
}

const columns = {
  id: users.id,
  displayName: users.displayName,
  role: users.role,
  regionCode: users.regionCode,
  regionName: regions.name,
};

/** Active leaders over the region `code` (its own or one above it): the 包案领导 a case listed there may have. */
const leadersOver = (code: string): SQL =>
  and(
    eq(users.active, true),
    eq(users.role, 'leader'),
    sql`exists (select 1 from ${regions} g where g.code = ${code} and g.path like ${regions.path} || '%')`,
  )!;

export async function listAssignees(
  db: Db,
  scope: Scope,
  p: {
    q?: string;
    range?: [number, number];
    roles?: readonly AssigneeRole[];
    ids?: readonly string[];
    servesRegion?: string;
    leadsRegion?: string;
  } = {},
): Promise<{ rows: Assignee[]; total: number; from: number }> {
  const [from, to] = p.range ?? [0, 24];
  const where = and(
    p.leadsRegion ? leadersOver(p.leadsRegion) : eligible(scope, p.roles),
    p.ids ? inArray(users.id, [...p.ids]) : undefined,
    // The grid's staff work in its region or above it (api/services/ledger-duties.ts checkGridStaff).
    p.servesRegion
      ? sql`exists (select 1 from ${regions} g where g.code = ${p.servesRegion} and g.path like ${regions.path} || '%')`
      : undefined,
    p.q ? like(users.displayName, `%${p.q.replace(/[%_\\]/g, '')}%`) : undefined,
  );
  const [rows, [count]] = await Promise.all([
    db
      .select(columns)
      .from(users)
      .innerJoin(regions, eq(regions.code, users.regionCode))
      .where(where)
      .orderBy(users.displayName)
      .limit(Math.min(to - from + 1, 200))
      .offset(from),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(users)
      .innerJoin(regions, eq(regions.code, users.regionCode))
      .where(where),
  ]);
  return { rows, total: count?.n ?? 0, from };
}

export async function findAssignee(db: Db, scope: Scope, id: string): Promise<Assignee | undefined> {
  const [row] = await db
    .select(columns)
    .from(users)
    .innerJoin(regions, eq(regions.code, users.regionCode))
    .where(and(eq(users.id, id), eligible(scope)));
  return row;
}
