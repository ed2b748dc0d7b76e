import { and, eq, like, sql, type SQL } from 'drizzle-orm';
import { cases, tasks } from '../schema/index.js';
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
  departmentIndustries?: string[] | null;
}

const NOTHING = sql`false`;
const subtree = (col: Parameters<typeof like>[0], path: string | null) =>
  path ? like(col, `${path}%`) : NOTHING;

export function casesInScope(scope: Scope): SQL {
  switch (scope.role) {
    case 'admin':
      return sql`true`;
    case 'supervisor':
    case 'leader':
      return subtree(cases.regionPath, scope.regionPath);
    case 'enterprise':
      return scope.enterpriseId ? eq(cases.enterpriseId, scope.enterpriseId) : NOTHING;
    case 'expert':
      // Experts see the cases awaiting or past acceptance in the territory they serve.
      return and(
        subtree(cases.regionPath, scope.regionPath),
        sql`${cases.status} in ('acceptance_requested', 'accepted', 'signed_off', 'closed')`,
      )!;
    case 'grid_member':
      return eq(cases.reportedBy, scope.userId);
  }
}

export function tasksInScope(scope: Scope): SQL {
  switch (scope.role) {
    case 'admin':
      return sql`true`;
    case 'supervisor':
    case 'leader':
      return subtree(tasks.assigneeRegionPath, scope.regionPath);
    case 'enterprise':
      return scope.enterpriseId ? eq(tasks.assigneeEnterpriseId, scope.enterpriseId) : NOTHING;
    default:
      return eq(tasks.assigneeUserId, scope.userId);
  }
}
