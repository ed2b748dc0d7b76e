import { QueryClient } from '@tanstack/react-query';
import { lazy } from 'react';
import { Admin, HttpError, Resource } from 'react-admin';
import type { Role } from '../../domain/roles';
import cases from './cases';
import escalations from './escalations';
import { i18nProvider } from './i18n';
import { Layout } from './layout/Layout';
import { LoginPage } from './layout/LoginPage';
import { darkTheme, lightTheme } from './layout/theme';
import { deployment } from './layout/deployment';
import { authProvider } from './providers/authProvider';
import { dataProvider } from './providers/dataProvider';
import { registryResources } from './registry/resources';
import { scoreResources } from './scores/resources';
import { generalHazardResources } from './general-hazards/resources';
import tasks from './tasks';
import { fieldRoutes } from './field';
import { notifications } from './notifications';
import {
  documentTemplates,
  issuingAuthorities,
  officialDocuments,
  webhookSubscriptions,
} from './official-documents';

// The home page (and what it imports) loads after login, not with the login page.
const Dashboard = lazy(() => import('./dashboard/Dashboard').then((m) => ({ default: m.Dashboard })));

const MANAGERS: readonly Role[] = ['admin', 'supervisor', 'leader'];

/**
 * A refusal (4xx) is an answer: asking again cannot change it, and react-query's default of three retries after 1, 2
 * and 4 s kept a page on "加载中" for seconds. Network failures and 5xx are retried once.
 */
const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (failures, error) =>
        failures < 1 && !(error instanceof HttpError && error.status >= 400 && error.status < 500),
    },
  },
});

/**
 * The console. The menu follows the role: supervisors and leaders see their territory's cases, tasks and
 * escalations; enterprises their own cases and tasks; administrators also the registers and users.
 */
export const App = () => (
  <Admin
    dataProvider={dataProvider}
    authProvider={authProvider}
    i18nProvider={i18nProvider}
    queryClient={queryClient}
    theme={lightTheme}
    darkTheme={darkTheme}
    loginPage={LoginPage}
    dashboard={Dashboard}
    layout={Layout}
    title={deployment().systemName}
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
        {generalHazardResources(role)}
        {scoreResources(role)}
        <Resource name="assignees" recordRepresentation="displayName" />
        <Resource name="official-documents" {...officialDocuments} />
        <Resource name="notifications" {...notifications} />
        {role === 'admin' && <Resource name="document-templates" {...documentTemplates} />}
        {role === 'admin' && <Resource name="issuing-authorities" {...issuingAuthorities} />}
        {role === 'admin' && <Resource name="webhook-subscriptions" {...webhookSubscriptions} />}
        {(role === 'enterprise' || role === 'grid_member') && fieldRoutes}
      </>
    )}
  </Admin>
);
