/**
 * Who sees which general hazards, patrols, inspections and self-report records: the same rule as cases and
 * enterprises (db/queries/scope.ts; ADR 0003), applied to the ledger's own denormalised columns so a jurisdiction's
 * list reads one table. Grid members (网格员) see the units of the grids they staff and what they reported.
 */
import { and, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { enterprises, generalHazards, gridEnterprises, gridStaff } from '../schema/index.js';
import { enterprisesInScope, splitIndustries, type Scope } from './scope.js';

const NOTHING = sql`false`;

/** Region subtree AND (no department OR one of its industries), on any table's region/industry columns. */
export function territoryScope(
  scope: Scope,
  cols: { regionPath: AnyPgColumn; industryCategory: AnyPgColumn; industryCode?: AnyPgColumn },
): SQL {
  if (!scope.regionPath) return NOTHING;
  const region = like(cols.regionPath, `${scope.regionPath}%`);
  if (!scope.departmentIndustries) return region;
  const { categories, subs } = splitIndustries(scope.departmentIndustries);
  if (!categories.length && !subs.length) return NOTHING;
  return and(
    region,
    or(
      categories.length ? inArray(cols.industryCategory, categories) : undefined,
      subs.length && cols.industryCode ? inArray(cols.industryCode, subs) : undefined,
    ),
  )!;
}

/** The enterprises of the grids a user staffs (leader, supervisor or member). */
export const gridEnterprisesOf = (userId: string): SQL =>
  sql`select ${gridEnterprises.enterpriseId} from ${gridEnterprises} join ${gridStaff} on ${gridStaff.gridId} = ${gridEnterprises.gridId} where ${gridStaff.userId} = ${userId}`;

/** Scope over any table with an enterprise id and a region path (patrols, inspections, flags, self-reports…). */
export function enterpriseRowScope(
  scope: Scope,
  cols: {
    enterpriseId: AnyPgColumn;
    regionPath: AnyPgColumn;
    industryCategory: AnyPgColumn;
    industryCode?: AnyPgColumn;
  },
): SQL {
  switch (scope.role) {
    case 'admin':
      return sql`true`;
    case 'supervisor':
    case 'leader':
      return territoryScope(scope, cols);
    case 'enterprise':
      return scope.enterpriseId ? eq(cols.enterpriseId, scope.enterpriseId) : NOTHING;
    case 'grid_member':
      return sql`${cols.enterpriseId} in (${gridEnterprisesOf(scope.userId)})`;
    default:
      return NOTHING;
  }
}

/** General hazards the caller may see. */
export function hazardsInScope(scope: Scope): SQL {
  const base = enterpriseRowScope(scope, generalHazards);
  // A grid member also sees what they reported themselves (a unit of a grid they have since left).
  return scope.role === 'grid_member' ? or(base, eq(generalHazards.reportedBy, scope.userId))! : base;
}

/**
 * Enterprises a caller may report a general hazard for (and so see): the register's scope, and for a grid member the
 * units of their grids as well as their region subtree.
 */
export function reportableEnterprises(scope: Scope): SQL {
  const base = enterprisesInScope(scope);
  return scope.role === 'grid_member'
    ? or(base, sql`${enterprises.id} in (${gridEnterprisesOf(scope.userId)})`)!
    : base;
}

/**
 * Rows that carry only an enterprise id (self-reports, checklists, self-inspections) are visible to whoever may see
 * the enterprise: the register's scope, and for a grid member the units of their grids.
 */
export function enterpriseVisible(scope: Scope, enterpriseId: AnyPgColumn): SQL {
  if (scope.role === 'admin') return sql`true`;
  if (scope.role === 'enterprise') return scope.enterpriseId ? eq(enterpriseId, scope.enterpriseId) : NOTHING;
  if (scope.role === 'grid_member') return sql`${enterpriseId} in (${gridEnterprisesOf(scope.userId)})`;
  if (scope.role === 'expert') return NOTHING;
  return sql`exists (select 1 from ${enterprises} where ${enterprises.id} = ${enterpriseId} and ${enterprisesInScope(scope)})`;
}
