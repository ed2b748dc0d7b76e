import { Admin, Resource, defaultDarkTheme, defaultLightTheme } from 'react-admin';
import cases from './cases';
import { i18nProvider } from './i18n';
import { authProvider } from './providers/authProvider';
import { dataProvider } from './providers/dataProvider';

export const App = () => (
  <Admin
    dataProvider={dataProvider}
    authProvider={authProvider}
    i18nProvider={i18nProvider}
    theme={defaultLightTheme}
    darkTheme={defaultDarkTheme}
    title="督办"
    requireAuth
  >
    <Resource name="cases" {...cases} />
  </Admin>
);
