import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { AdminContext, memoryStore, ResourceContextProvider, TestMemoryRouter } from 'react-admin';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CalendarYearCreate } from '../../admin-ui/src/calendar/CalendarPages';
import { ClosureThresholdCard } from '../../admin-ui/src/dashboard/Dashboard';
import { EnterpriseShow } from '../../admin-ui/src/enterprises/EnterpriseShow';
import { i18nProvider } from '../../admin-ui/src/i18n';
import { exportUrl } from '../../admin-ui/src/import-export/api';
import { ImportDialog } from '../../admin-ui/src/import-export/ImportDialog';
import { RegionList } from '../../admin-ui/src/registry/regions';
import { StandardShow } from '../../admin-ui/src/registry/standards';
import { UserCreate } from '../../admin-ui/src/users/UserPages';
import { memoryProvider } from './registry-provider';

type Provider = ReturnType<typeof memoryProvider>['provider'];

function renderIn(resource: string, provider: Provider, ui: ReactNode, permissions = 'admin') {
  const authProvider = {
    login: async () => undefined,
    logout: async () => undefined,
    checkAuth: async () => undefined,
    checkError: async () => undefined,
    getPermissions: async () => permissions,
  };
  return render(
    // A router per test: a list's filters live in the URL and would leak into the next test otherwise.
    <TestMemoryRouter>
      <AdminContext
        dataProvider={provider}
        i18nProvider={i18nProvider}
        authProvider={authProvider}
        store={memoryStore()}
      >
        <ResourceContextProvider value={resource}>{ui}</ResourceContextProvider>
      </AdminContext>
    </TestMemoryRouter>,
  );
}

// The machine is shared: give rendering time before calling a wait a failure.
configure({ asyncUtilTimeout: 5000 });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('import dialog', () => {
  const report = {
    total: 3,
    validCount: 1,
    imported: 0,
    dryRun: true,
    errors: [
      { row: 3, field: 'creditCode', reason: '校验码错误：第18位应为“X”' },
      { row: 4, field: 'regionCode', reason: '未知行政区划代码' },
    ],
  };

  it('checks the file first, shows the report row by row, and imports only the valid rows when asked', async () => {
    const sent: Array<Record<string, string>> = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit) => {
        const form = init.body as FormData;
        const fields = Object.fromEntries([...form.entries()].filter(([k]) => k !== 'file')) as Record<
          string,
          string
        >;
        sent.push({ url, ...fields, file: (form.get('file') as File).name });
        const body = fields.dryRun === 'true' ? report : { ...report, dryRun: false, imported: 1 };
        return new Response(JSON.stringify(body), {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
        });
      }),
    );
    const { provider } = memoryProvider({});
    renderIn('enterprises', provider, <ImportDialog resource="enterprises" open onClose={() => undefined} />);
    const file = new File(['企业名称,统一社会信用代码\n'], 'enterprises.csv', { type: 'text/csv' });
    fireEvent.change(screen.getByTestId('import-file'), { target: { files: [file] } });

    const table = await screen.findByTestId('import-errors');
    const rows = within(table)
      .getAllByRole('row')
      .map((r) => r.textContent);
    expect(rows).toEqual([
      '行号字段原因',
      '3统一社会信用代码校验码错误：第18位应为“X”',
      '4所属区域未知行政区划代码',
    ]);
    expect(screen.getByTestId('import-summary').textContent).toContain('有效 1 行');
    expect(sent[0]).toMatchObject({
      url: '/api/imports/enterprises',
      dryRun: 'true',
      importValidRows: 'false',
      file: 'enterprises.csv',
    });
    // With errors, "import all" would write nothing: only the deliberate choice is offered.
    expect((screen.getByRole('button', { name: '全部导入' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: '仅导入有效行（1 行）' }));
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[1]).toMatchObject({ dryRun: 'false', importValidRows: 'true' });
  });

  it('keeps the dialog open with the report when the API refuses an import (422, nothing imported)', async () => {
    const clean = { total: 2, validCount: 2, imported: 0, dryRun: true, errors: [] };
    const refused = {
      error: { code: 'VALIDATION', message: '1 处错误，未导入任何数据', requestId: 'r' },
      errors: { file: '1 处错误，未导入任何数据' },
      report: {
        total: 2,
        validCount: 1,
        imported: 0,
        dryRun: false,
        errors: [{ row: 2, field: 'creditCode', reason: '统一社会信用代码已在企业库中' }],
      },
    };
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_url: string, init: RequestInit) => {
        const dry = (init.body as FormData).get('dryRun') === 'true';
        return new Response(JSON.stringify(dry ? clean : refused), {
          status: dry ? 200 : 422,
          headers: { 'Content-Type': 'application/json' },
        });
      }),
    );
    const { provider } = memoryProvider({});
    renderIn('enterprises', provider, <ImportDialog resource="enterprises" open onClose={() => undefined} />);
    fireEvent.change(screen.getByTestId('import-file'), {
      target: { files: [new File(['x'], 'enterprises.xlsx')] },
    });
    expect(await screen.findByText('校验通过，可以导入')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '全部导入' }));
    const table = await screen.findByTestId('import-errors');
    expect(within(table).getByText('统一社会信用代码已在企业库中')).toBeTruthy();
    expect(screen.getByRole('button', { name: '仅导入有效行（1 行）' })).toBeTruthy();
  });

  it('refuses other file types before sending anything', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    const { provider } = memoryProvider({});
    renderIn('regions', provider, <ImportDialog resource="regions" open onClose={() => undefined} />);
    fireEvent.change(screen.getByTestId('import-file'), {
      target: { files: [new File(['x'], 'regions.xls')] },
    });
    expect(await screen.findByText('只支持 .csv 和 .xlsx 文件')).toBeTruthy();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('exports with the list’s filter and sort', () => {
    const url = new URL(
      exportUrl('enterprises', 'xlsx', { status: 'suspended', q: '化工' }, { field: 'name', order: 'ASC' }),
      'http://x',
    );
    expect(url.pathname).toBe('/api/enterprises/export');
    expect(url.searchParams.get('format')).toBe('xlsx');
    expect(JSON.parse(url.searchParams.get('filter')!)).toEqual({ status: 'suspended', q: '化工' });
    expect(JSON.parse(url.searchParams.get('sort')!)).toEqual(['name', 'ASC']);
  });
});

describe('working-day calendar', () => {
  it("reads the pasted notice into spans, shows the API schema's problem at the make-up days, sends the published shape", async () => {
    const { provider, calls } = memoryProvider({});
    renderIn('calendar-years', provider, <CalendarYearCreate />);
    fireEvent.change(await screen.findByLabelText('年份', { exact: false }), { target: { value: '2027' } });
    fireEvent.change(screen.getByLabelText('依据', { exact: false }), {
      target: { value: '国办发明电〔2026〕7号' },
    });
    fireEvent.change(screen.getByLabelText('粘贴通知正文（可选）'), {
      target: {
        value:
          '一、元旦：1月1日（周五）放假，共1天。\n二、春节：2月6日至12日放假调休，共7天。2月5日（周五）上班。',
      },
    });
    fireEvent.click(screen.getByRole('button', { name: '从通知识别' }));
    expect(await screen.findByText('已识别 2 个节日，请核对')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    // 5 February 2027 is a Friday: the shared schema refuses it, beside the make-up days of 春节.
    expect(await screen.findByText('调休上班日应为周六或周日，2027-02-05 是周五')).toBeTruthy();
    expect(calls.some((c) => c.method === 'create')).toBe(false);
    const makeUp = screen.getAllByLabelText('调休上班日', { exact: false })[1]!;
    fireEvent.change(makeUp, { target: { value: '2027-02-20，2027-02-13' } });
    await waitFor(() => expect(screen.queryByText(/调休上班日应为周六或周日/)).toBeNull());
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'create')).toBe(true));
    expect((calls.find((c) => c.method === 'create')!.params as { data: unknown }).data).toEqual({
      year: 2027,
      source: '国办发明电〔2026〕7号',
      holidays: [
        { name: '元旦', start: '2027-01-01', end: '2027-01-01', makeUpDays: [] },
        { name: '春节', start: '2027-02-06', end: '2027-02-12', makeUpDays: ['2027-02-20', '2027-02-13'] },
      ],
    });
  });
});

describe('user administration', () => {
  it('asks for a strong password and, for an enterprise user, the enterprise', async () => {
    const { provider, calls } = memoryProvider({ enterprises: [], regions: [], departments: [] });
    renderIn('users', provider, <UserCreate />);
    fireEvent.change(await screen.findByLabelText('用户名', { exact: false }), {
      target: { value: 'qiye01' },
    });
    fireEvent.change(screen.getByLabelText('姓名', { exact: false }), { target: { value: '李四' } });
    fireEvent.change(screen.getByLabelText('初始密码', { exact: false }), { target: { value: 'short' } });
    fireEvent.mouseDown(screen.getByLabelText('角色', { exact: false }));
    fireEvent.click(await screen.findByRole('option', { name: '企业' }));
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    expect(await screen.findByText('密码至少10位，且须同时包含字母和数字')).toBeTruthy();
    expect(await screen.findByText('企业用户必须关联企业')).toBeTruthy();
    // An enterprise user has no jurisdiction of its own: the field is not offered.
    expect(screen.queryByLabelText('管辖区域', { exact: false })).toBeNull();
    expect(calls.some((c) => c.method === 'create')).toBe(false);
  });
});

describe('registry pages', () => {
  const regions = [
    {
      id: '420100',
      code: '420100',
      name: '武汉市',
      level: 'city',
      parentCode: '420000',
      path: '420000/420100/',
    },
    {
      id: '420111',
      code: '420111',
      name: '洪山区',
      level: 'district',
      parentCode: '420100',
      path: '420000/420100/420111/',
    },
    {
      id: '420111001',
      code: '420111001',
      name: '关山街',
      level: 'street',
      parentCode: '420111',
      path: '420000/420100/420111/420111001/',
    },
  ];

  it('browses the region tree one parent at a time', async () => {
    const { provider, calls } = memoryProvider({ regions });
    renderIn('regions', provider, <RegionList />);
    const row = (await screen.findByText('洪山区')).closest('tr')!;
    fireEvent.click(within(row).getByRole('button', { name: '下级区划' }));
    await waitFor(() =>
      expect(
        calls.some(
          (c) =>
            c.method === 'getList' &&
            c.resource === 'regions' &&
            (c.params as { filter: Record<string, unknown> }).filter.parentCode === '420111',
        ),
      ).toBe(true),
    );
    expect(await screen.findByText('当前：洪山区（420111）')).toBeTruthy();
    await waitFor(() => expect(screen.queryByText('武汉市')).toBeNull());
    fireEvent.click(screen.getByRole('button', { name: '上一级' }));
    await waitFor(() =>
      expect(
        calls.some(
          (c) =>
            c.method === 'getList' &&
            (c.params as { filter: Record<string, unknown> }).filter.parentCode === '420100',
        ),
      ).toBe(true),
    );
  });

  it('shows an enterprise’s data, its cases and its history', async () => {
    const { provider, calls } = memoryProvider({
      regions,
      // The classification is data (GET /api/industries): the page names the enterprise's 小类 from it.
      industries: [
        {
          id: 'chemicals',
          code: 'chemicals',
          name: '危险化学品',
          parentCode: null,
          sortOrder: 10,
          active: true,
        },
        {
          id: 'chemicals.trade',
          code: 'chemicals.trade',
          name: '危化品经营',
          parentCode: 'chemicals',
          sortOrder: 20,
          active: true,
        },
      ],
      departments: [
        { id: 'd1', name: '洪山区应急管理局', regionCode: '420111', industryCodes: ['chemicals'] },
      ],
      enterprises: [
        {
          id: 'e1',
          name: '武汉示例化工有限公司',
          creditCode: '91420111000000000X',
          regionCode: '420111001',
          industryCode: 'chemicals.trade',
          industryCategory: 'chemicals',
          scale: 'above',
          departmentId: 'd1',
          riskGrade: 'B',
          status: 'suspended',
          statusChangedAt: '2026-02-01',
          createdAt: '2026-01-05T02:00:00.000Z',
          updatedAt: '2026-02-01T02:00:00.000Z',
        },
      ],
      cases: [
        {
          id: 'c1',
          caseNo: 17,
          title: '液氨储罐未设置紧急切断装置',
          enterpriseId: 'e1',
          status: 'rectifying',
          level: 'county',
          overdue: true,
          deadline: '2026-03-01T16:00:00.000Z',
          reportedAt: '2026-01-10T02:00:00.000Z',
        },
        {
          id: 'c2',
          caseNo: 18,
          title: '别家的隐患',
          enterpriseId: 'e2',
          status: 'listed',
          reportedAt: '2026-01-11',
        },
      ],
    });
    renderIn('enterprises', provider, <EnterpriseShow id="e1" />);
    expect(await screen.findByText('91420111000000000X')).toBeTruthy();
    expect(await screen.findByText('危险化学品 / 危化品经营'.split(' / ')[1]!)).toBeTruthy();
    expect(screen.getByText('停产停业')).toBeTruthy();
    expect(await screen.findByText('洪山区应急管理局')).toBeTruthy();

    fireEvent.click(screen.getByRole('tab', { name: '隐患案件' }));
    expect(await screen.findByText('液氨储罐未设置紧急切断装置')).toBeTruthy();
    expect(screen.queryByText('别家的隐患')).toBeNull();
    const ref = calls.find((c) => c.method === 'getManyReference' && c.resource === 'cases')!;
    expect(ref.params).toMatchObject({ target: 'enterpriseId', id: 'e1' });

    fireEvent.click(screen.getByRole('tab', { name: '历史记录' }));
    const history = await screen.findByTestId('enterprise-history');
    await within(history).findByText(/ZD-000017/);
    const items = within(history)
      .getAllByRole('listitem')
      .map((li) => li.textContent ?? '');
    expect(items.some((t) => t.includes('经营状态变为“停产停业”') && t.includes('2026-02-01'))).toBe(true);
    expect(items.some((t) => t.includes('ZD-000017 发现隐患：液氨储罐未设置紧急切断装置'))).toBe(true);
    expect(items.at(-1)).toContain('建档');
  });

  it('flags an enterprise at the Art. 113 closure threshold in red and lists its penalties', async () => {
    const enterprise = {
      id: 'e1',
      name: '武汉示例化工有限公司',
      creditCode: '91420111000000000X',
      regionCode: '420111',
      industryCode: 'chemicals.trade',
      industryCategory: 'chemicals',
      scale: 'above',
      departmentId: null,
      riskGrade: 'A',
      status: 'operating',
      createdAt: '2026-01-05T02:00:00.000Z',
      updatedAt: '2026-01-05T02:00:00.000Z',
    };
    const penalty = (n: number, decidedOn: string, kind: string, amountYuan: number | null) => ({
      id: `p${n}`,
      enterpriseId: 'e1',
      caseId: 'c1',
      escalationId: `c1:esc:${n}:enforcement`,
      kind,
      decidedOn,
      decisionNo: `洪应急罚〔2026〕${n}号`,
      amountYuan,
      recordedAt: `${decidedOn}T02:00:00.000Z`,
    });
    const { provider, calls } = memoryProvider({
      enterprises: [enterprise, { ...enterprise, id: 'e2', creditCode: '91420111000000001X' }],
      penalties: [
        penalty(3, '2026-06-01', 'suspension', null),
        // Decided at an inspection (监督检查), not on a case's escalation rung: it leads to the inspection.
        { ...penalty(4, '2026-05-01', 'fine', 10000), caseId: null, escalationId: null, inspectionId: 'i1' },
        penalty(2, '2026-04-01', 'fine', 50000),
        penalty(1, '2026-02-01', 'fine', 20000),
      ],
      closureThresholds: [{ id: 'e1', asOf: '2026-06-30', penalties180: 3, penalties365: 3, reached: true }],
    });
    renderIn('enterprises', provider, <EnterpriseShow id="e1" />, 'supervisor');
    const flag = await screen.findByTestId('closure-threshold-flag');
    expect(flag.textContent).toContain('已达《安全生产法》第一百一十三条关闭情形');
    expect(flag.textContent).toContain('近180日受行政处罚 3 次');
    expect(calls.find((c) => c.method === 'penalties')?.params).toEqual({ id: 'e1' });
    fireEvent.click(screen.getByRole('tab', { name: '行政处罚' }));
    const table = await screen.findByTestId('penalty-table');
    expect(
      within(table)
        .getAllByRole('row')
        .map((r) => r.textContent),
    ).toEqual([
      '处罚决定日期处罚种类处罚决定书文号罚款金额（元）所属案件或检查',
      '2026-06-01责令停产停业整顿洪应急罚〔2026〕3号—查看案件',
      '2026-05-01罚款洪应急罚〔2026〕4号10,000监督检查记录',
      '2026-04-01罚款洪应急罚〔2026〕2号50,000查看案件',
      '2026-02-01罚款洪应急罚〔2026〕1号20,000查看案件',
    ]);
    cleanup();
    // Below the threshold: no flag.
    renderIn('enterprises', provider, <EnterpriseShow id="e2" />, 'supervisor');
    expect(await screen.findByText('91420111000000001X')).toBeTruthy();
    expect(screen.queryByTestId('closure-threshold-flag')).toBeNull();
  });

  it('lists the enterprises at the closure threshold on the supervisor home, each linked to its record', () => {
    render(
      <TestMemoryRouter>
        <AdminContext i18nProvider={i18nProvider} store={memoryStore()}>
          <ClosureThresholdCard
            rows={[
              {
                enterpriseId: 'e1',
                name: '武汉示例化工有限公司',
                penalties180: 3,
                penalties365: 4,
                lastDecidedOn: '2026-06-01',
              },
            ]}
          />
        </AdminContext>
      </TestMemoryRouter>,
    );
    const card = screen.getByTestId('closure-threshold');
    expect(screen.getByText('应予关闭（《安全生产法》第一百一十三条）')).toBeTruthy();
    expect(card.textContent).toContain('180日内 3 次 · 365日内 4 次 · 最近 2026-06-01');
    expect(within(card).getByRole('link').getAttribute('href')).toBe('/enterprises/e1/show/penalties');
  });

  it('lists a standard’s clauses in order', async () => {
    const { provider } = memoryProvider({
      standards: [
        {
          id: 's1',
          code: '应急管理部令第10号',
          title: '工贸企业重大事故隐患判定标准',
          version: '2023',
          effectiveDate: '2023-05-15',
          industry: '工贸',
          issuer: '应急管理部',
        },
      ],
      clauses: [
        {
          id: 'k2',
          standardId: 's1',
          clauseNo: '第四条（二）',
          text: '特种作业人员未持证上岗',
          sortOrder: 2,
        },
        {
          id: 'k1',
          standardId: 's1',
          clauseNo: '第四条（一）',
          text: '主要负责人未依法考核合格',
          sortOrder: 1,
        },
        { id: 'k3', standardId: 's2', clauseNo: '第一条', text: '别的标准', sortOrder: 1 },
      ],
    });
    renderIn('standards', provider, <StandardShow id="s1" />);
    expect(await screen.findByText('工贸企业重大事故隐患判定标准')).toBeTruthy();
    const first = await screen.findByText('第四条（一）');
    const second = screen.getByText('第四条（二）');
    expect(first.compareDocumentPosition(second) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(screen.queryByText('别的标准')).toBeNull();
  });
});
