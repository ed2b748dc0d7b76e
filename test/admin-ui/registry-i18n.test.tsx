import { cleanup, configure, fireEvent, render, screen } from '@testing-library/react';
import polyglotI18nProvider from 'ra-i18n-polyglot';
import type { ReactNode } from 'react';
import { AdminContext, memoryStore, ResourceContextProvider, TestMemoryRouter } from 'react-admin';
import { afterEach, describe, expect, it } from 'vitest';
import { CalendarYearCreate } from '../../admin-ui/src/calendar/CalendarPages';
import { EnterpriseCreate } from '../../admin-ui/src/enterprises/EnterpriseForm';
import { EnterpriseList } from '../../admin-ui/src/enterprises/EnterpriseList';
import { EnterpriseShow } from '../../admin-ui/src/enterprises/EnterpriseShow';
import { enMessages, zhMessages } from '../../admin-ui/src/i18n';
import { ImportDialog } from '../../admin-ui/src/import-export/ImportDialog';
import { DepartmentList } from '../../admin-ui/src/registry/departments';
import { en, zh } from '../../admin-ui/src/registry/messages';
import { RegionList } from '../../admin-ui/src/registry/regions';
import { StandardShow } from '../../admin-ui/src/registry/standards';
import { UserCreate, UserList } from '../../admin-ui/src/users/UserPages';
import { memoryProvider } from './registry-provider';

configure({ asyncUtilTimeout: 5000 });
afterEach(cleanup);

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

const data = () => ({
  regions: [{ id: '420111', code: '420111', name: '洪山区', level: 'district', parentCode: null }],
  departments: [{ id: 'd1', name: '洪山区应急管理局', regionCode: '420111', industryCodes: ['chemicals'] }],
  enterprises: [
    {
      id: 'e1',
      name: '武汉示例化工有限公司',
      creditCode: '91420111000000000X',
      regionCode: '420111',
      industryCode: 'chemicals.trade',
      industryCategory: 'chemicals',
      scale: 'above',
      departmentId: 'd1',
      riskGrade: 'A',
      status: 'closed',
      statusChangedAt: '2026-02-01',
      createdAt: '2026-01-05T02:00:00.000Z',
      updatedAt: '2026-01-05T02:00:00.000Z',
    },
  ],
  cases: [],
  standards: [
    {
      id: 's1',
      code: '令10号',
      title: '工贸',
      version: '2023',
      effectiveDate: '2023-05-15',
      industry: '工贸',
    },
  ],
  clauses: [],
  users: [{ id: 'u1', username: 'admin', displayName: '管理员', role: 'admin', active: true }],
});

const PAGES: Array<[string, string, () => ReactNode]> = [
  ['enterprise list', 'enterprises', () => <EnterpriseList />],
  ['enterprise form', 'enterprises', () => <EnterpriseCreate />],
  ['enterprise page', 'enterprises', () => <EnterpriseShow id="e1" />],
  ['region list', 'regions', () => <RegionList />],
  ['department list', 'departments', () => <DepartmentList />],
  ['standard page', 'standards', () => <StandardShow id="s1" />],
  ['user list', 'users', () => <UserList />],
  ['user form', 'users', () => <UserCreate />],
  ['calendar form', 'calendar-years', () => <CalendarYearCreate />],
  [
    'import dialog',
    'enterprises',
    () => <ImportDialog resource="enterprises" open onClose={() => undefined} />,
  ],
];

describe('registry messages', () => {
  it('has the same keys in Chinese and English', () => {
    expect(keys(en).sort()).toEqual(keys(zh).sort());
  });

  for (const [locale, messages] of [
    ['zh', zhMessages],
    ['en', enMessages],
  ] as const) {
    // A label without a message shows its key ("resources.enterprises.fields.scale"): none may reach the screen.
    it.each(PAGES)(`shows no untranslated key on the %s (${locale})`, async (_name, resource, page) => {
      const { provider } = memoryProvider(data());
      const i18n = polyglotI18nProvider(() => messages, locale);
      render(
        <TestMemoryRouter>
          <AdminContext dataProvider={provider} i18nProvider={i18n} store={memoryStore()}>
            <ResourceContextProvider value={resource}>{page()}</ResourceContextProvider>
          </AdminContext>
        </TestMemoryRouter>,
      );
      await screen.findAllByText(/./);
      // Let the lists and references load before reading the screen.
      await new Promise((r) => setTimeout(r, 300));
      for (const tab of screen.queryAllByRole('tab')) {
        fireEvent.click(tab);
        await new Promise((r) => setTimeout(r, 200));
        expect(document.body.textContent).not.toMatch(/\b(resources|registry|ra|role|status)\.[a-z_]+/);
      }
      expect(document.body.textContent).not.toMatch(/\b(resources|registry|ra|role|status)\.[a-z_]+/);
      if (locale === 'en')
        expect(document.body.textContent).not.toMatch(/企业名称|统一社会信用代码|经营状态/);
    });
  }
});
