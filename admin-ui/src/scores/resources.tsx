import { Resource } from 'react-admin';
import type { Role } from '../../../domain/roles';
import {
  scoreBulletins,
  scoreFollowUps,
  scoreRankings,
  scoreRuns,
  scoreSchemeCreate,
  scoreSchemes,
  scoreUnits,
} from './index';

const MANAGERS: readonly Role[] = ['admin', 'supervisor', 'leader'];

/**
 * 绩效考核 by role: managers see the rankings, the monthly runs, the schemes, the 四类水平 list and the bulletins;
 * grid members the 四类水平 list of their grid; everyone but experts a unit's score page (the API scopes it).
 */
export const scoreResources = (role: Role) => {
  const manager = MANAGERS.includes(role);
  return (
    <>
      {manager && <Resource name="scores/rankings" {...scoreRankings} />}
      {manager && <Resource name="scores/runs" {...scoreRuns} />}
      {manager && (
        <Resource
          name="scores/schemes"
          {...scoreSchemes}
          {...(role === 'admin' ? { create: scoreSchemeCreate } : {})}
        />
      )}
      {(manager || role === 'grid_member') && <Resource name="scores/follow-ups" {...scoreFollowUps} />}
      {manager && <Resource name="scores/bulletins" {...scoreBulletins} />}
      {role !== 'expert' && <Resource name="scores/units" {...scoreUnits} />}
    </>
  );
};
