import { Resource } from 'react-admin';
import type { Role } from '../../../domain/roles';
import auditVerifications from '../audit';
import calendarYears from '../calendar';
import policies from '../policies';
import industries from '../industries';
import enterprises from '../enterprises';
import users from '../users';
import { departments, regions, standards } from './index';
import { MANAGERS, REGISTRY_EDITORS } from './roles';

const readOnly = <T extends { create?: unknown; edit?: unknown }>({ create: _c, edit: _e, ...rest }: T) =>
  rest;

/**
 * The registers and the administration pages, by role: managers browse enterprises, regions, departments and
 * standards; administrators also edit the registers and manage users and the working-day calendar; supervisors
 * edit enterprises in their territory. Everyone else gets the resources only as references (names on their
 * own cases), without menu entries. App.tsx renders this inside its role-dependent children.
 */
export const registryResources = (role: Role) => {
  const manager = MANAGERS.includes(role);
  const admin = role === 'admin';
  return (
    <>
      {manager ? (
        <Resource
          name="enterprises"
          {...(REGISTRY_EDITORS.includes(role) ? enterprises : readOnly(enterprises))}
        />
      ) : (
        <Resource name="enterprises" recordRepresentation="name" />
      )}
      {manager ? (
        <Resource name="regions" {...(admin ? regions : readOnly(regions))} />
      ) : (
        <Resource name="regions" recordRepresentation="name" />
      )}
      {manager ? (
        <Resource name="departments" {...(admin ? departments : readOnly(departments))} />
      ) : (
        <Resource name="departments" recordRepresentation="name" />
      )}
      {manager ? <Resource name="standards" {...standards} /> : <Resource name="standards" />}
      {admin && <Resource name="users" {...users} />}
      {admin && <Resource name="calendar-years" {...calendarYears} />}
      {admin ? <Resource name="industries" {...industries} /> : <Resource name="industries" />}
      {manager && <Resource name="policies" {...(admin ? policies : readOnly(policies))} />}
      {admin && <Resource name="audit/verifications" {...auditVerifications} />}
    </>
  );
};
