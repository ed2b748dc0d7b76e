import { eq, like, sql, type SQL } from 'drizzle-orm';
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
    case 'leader':
      return subtree(tasks.assigneeRegionPath, scope.regionPath);
    case 'enterprise':
      return scope.enterpriseId ? eq(tasks.assigneeEnterpriseId, scope.enterpriseId) : NOTHING;
    default:
      return eq(tasks.assigneeUserId, scope.userId);
  }
}
