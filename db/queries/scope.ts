import { and, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import { cases, enterprises, tasks } from '../schema/index.js';
import type { Role } from '../../domain/roles.js';

/**
 * Who is asking, as every query needs it. Jurisdiction is enforced here, in the query layer, so no route can
 * forget it: a record outside the scope is simply not found.
 */
export interface Scope {
  userId: string;
  role: Role;
  regionPath: string | null;
  enterpriseId: string | null;
  /** The caller's department (行业主管部门), when they belong to one. */
  departmentId?: string | null;
  /**
   * The industries the caller's department supervises (its `industry_codes`: 大类 codes, and 小类 codes for a
   * department that covers only part of a category, e.g. 燃气 `chemicals.gas`). Null or absent when the caller
   * belongs to no department — the 安委办 or a street's 安监站, who coordinate across industries and see every
   * case of their territory. Applies to supervisors and leaders.
   */
  departmentIndustries?: string[] | null;
}

const NOTHING = sql`false`;
const subtree = (col: Parameters<typeof like>[0], path: string | null) =>
  path ? like(col, `${path}%`) : NOTHING;

/**
 * The department's codes as 大类 and as 小类. The classification is data (table industries) and its 大类 and 小类
 * codes never coincide, so every code is matched both ways — a 大类 code matches no enterprise's 小类 and a 小类 code
 * no 大类 — without reading the classification (callers add both matches with OR).
 */
export function splitIndustries(codes: readonly string[]): { categories: string[]; subs: string[] } {
  return { categories: [...codes], subs: [...codes] };
}

/**
 * The industry half of a department member's scope over cases, or undefined when the caller has no department.
 * A case carries its enterprise's 大类 (`industry_category`); a 小类 the department covers is matched on the
 * enterprise's own `industry_code`. A case with no enterprise and so no industry (a public report 举报 naming no
 * registered unit, a grid member's report of an unregistered site) matches no department: nobody can tell yet whose
 * it is (谁家的孩子谁抱走 needs the enterprise), so it stays with the 安委办-type supervisors, who coordinate across
 * industries and judge it (and attach the enterprise) first. Hiding it from departments is the safe side:
 * showing it to all of them would leak other industries' cases, and it is never lost, because the 安委办 sees it.
 */
function caseIndustries(scope: Scope): SQL | undefined {
  if (!scope.departmentIndustries) return undefined;
  const { categories, subs } = splitIndustries(scope.departmentIndustries);
  if (!categories.length && !subs.length) return NOTHING; // a department supervising no industry yet
  return or(
    categories.length ? inArray(cases.industryCategory, categories) : undefined,
    subs.length
      ? sql`exists (select 1 from ${enterprises} where ${enterprises.id} = ${cases.enterpriseId} and ${inArray(enterprises.industryCode, subs)})`
      : undefined,
  );
}

/** Whether an enterprise of this industry is within the caller's department's industries (true without one). */
export function industryInScope(
  scope: Pick<Scope, 'role' | 'departmentIndustries'>,
  e: { industryCategory: string; industryCode: string },
): boolean {
  if (scope.role !== 'supervisor' && scope.role !== 'leader') return true;
  if (!scope.departmentIndustries) return true;
  return (
    scope.departmentIndustries.includes(e.industryCategory) ||
    scope.departmentIndustries.includes(e.industryCode)
  );
}

/**
 * Enterprises (一企一档) the caller may see: an administrator all, an enterprise itself, region-bound roles their
 * region subtree — and a department's supervisors and leaders only the industries the department supervises; an
 * expert only the enterprises of the cases they were invited to.
 */
export function enterprisesInScope(scope: Scope): SQL {
  switch (scope.role) {
    case 'admin':
      return sql`true`;
    case 'enterprise':
      return scope.enterpriseId ? eq(enterprises.id, scope.enterpriseId) : NOTHING;
    case 'supervisor':
    case 'leader': {
      const region = subtree(enterprises.regionPath, scope.regionPath);
      if (!scope.departmentIndustries) return region;
      const { categories, subs } = splitIndustries(scope.departmentIndustries);
      if (!categories.length && !subs.length) return NOTHING;
      return and(
        region,
        or(
          categories.length ? inArray(enterprises.industryCategory, categories) : undefined,
          subs.length ? inArray(enterprises.industryCode, subs) : undefined,
        ),
      )!;
    }
    case 'expert':
      // An expert is no regulator: the register is not theirs. They see the enterprise of a case they were invited
      // to (its acceptance is theirs to judge), and with it its penalties; no other enterprise.
      return sql`exists (select 1 from ${cases} join ${tasks} expert_task on expert_task.case_id = ${cases.id} where ${cases.enterpriseId} = ${enterprises.id} and expert_task.assignee_user_id = ${scope.userId})`;
    case 'grid_member':
      // Grid members patrol the units of their grid and report hazards there (DOMAIN.md: 网格巡查).
      return subtree(enterprises.regionPath, scope.regionPath);
  }
}

export function casesInScope(scope: Scope): SQL {
  switch (scope.role) {
    case 'admin':
      return sql`true`;
    case 'supervisor':
    case 'leader':
      // Region subtree AND (no department OR the case's industry is one the department supervises).
      return and(subtree(cases.regionPath, scope.regionPath), caseIndustries(scope))!;
    case 'enterprise':
      return scope.enterpriseId ? eq(cases.enterpriseId, scope.enterpriseId) : NOTHING;
    case 'expert': {
      // Experts see exactly the cases they were invited to (a task of theirs, open or done), whatever the status
      // now; their territory alone shows them nothing. Aliased: callers nest this inside queries on tasks.
      return sql`exists (select 1 from ${tasks} expert_task where expert_task.case_id = ${cases.id} and expert_task.assignee_user_id = ${scope.userId})`;
    }
    case 'grid_member':
      return eq(cases.reportedBy, scope.userId);
  }
}

export function tasksInScope(scope: Scope): SQL {
  switch (scope.role) {
    case 'admin':
      return sql`true`;
    case 'supervisor':
    case 'leader': {
      // A supervisor's task is addressed to a role and region, not an industry: a department member sees it only
      // when its case is one of the department's industries, like the case itself.
      const industries = caseIndustries(scope);
      return and(
        subtree(tasks.assigneeRegionPath, scope.regionPath),
        industries &&
          sql`exists (select 1 from ${cases} where ${cases.id} = ${tasks.caseId} and ${industries})`,
      )!;
    }
    case 'enterprise':
      return scope.enterpriseId ? eq(tasks.assigneeEnterpriseId, scope.enterpriseId) : NOTHING;
    default:
      return eq(tasks.assigneeUserId, scope.userId);
  }
}
