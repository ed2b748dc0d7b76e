import { Admin, Resource, defaultDarkTheme, defaultLightTheme } from 'react-admin';
import type { Role } from '../../domain/roles';
import cases from './cases';
import { Dashboard } from './dashboard/Dashboard';
import escalations from './escalations';
import { i18nProvider } from './i18n';
import { Layout } from './layout/Layout';
import { authProvider } from './providers/authProvider';
import { dataProvider } from './providers/dataProvider';
import { registryResources } from './registry/resources';
import tasks from './tasks';

const MANAGERS: readonly Role[] = ['admin', 'supervisor', 'leader'];

/**
 * The console. The menu follows the role: supervisors and leaders see their territory's cases, tasks and
 * escalations; enterprises their own cases and tasks; administrators also the registers and users.
 */
export const App = () => (
  <Admin
    dataProvider={dataProvider}
    authProvider={authProvider}
    i18nProvider={i18nProvider}
    theme={defaultLightTheme}
    darkTheme={defaultDarkTheme}
    dashboard={Dashboard}
    layout={Layout}
    title="督办"
    requireAuth
    disableTelemetry
  >
    {(role: Role) => (
      <>
        <Resource name="cases" {...cases} />
        <Resource name="tasks" {...tasks} />
        {MANAGERS.includes(role) && <Resource name="escalations" {...escalations} />}
        <Resource name="case-events" />
        <Resource name="documents" />
        <Resource name="clauses" recordRepresentation="clauseNo" />
        {registryResources(role)}
        <Resource name="assignees" recordRepresentation="displayName" />
      </>
    )}
  </Admin>
);
