import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { AdminContext, memoryStore, ResourceContextProvider, TestMemoryRouter } from 'react-admin';
import { afterEach, describe, expect, it } from 'vitest';
import { creditCodeCheckChar, makeCreditCode } from '../../domain/credit-code';
import { EnterpriseCreate, EnterpriseEdit } from '../../admin-ui/src/enterprises/EnterpriseForm';
import { StatusChangeButton } from '../../admin-ui/src/enterprises/StatusChangeButton';
import { i18nProvider } from '../../admin-ui/src/i18n';
import { fieldError, memoryProvider } from './registry-provider';
import { RecordContextProvider } from 'react-admin';

const VALID = makeCreditCode('420111', 4242);
/** Same code with a wrong check character. */
const WRONG_CHECK = VALID.slice(0, 17) + (VALID[17] === '0' ? '1' : '0');

const fixtures = () => ({
  regions: [
    { id: '420111', code: '420111', name: '洪山区', level: 'district', parentCode: '420100' },
    { id: '420111001', code: '420111001', name: '关山街', level: 'street', parentCode: '420111' },
  ],
  departments: [{ id: 'd1', name: '洪山区应急管理局', regionCode: '420111', industryCodes: ['chemicals'] }],
  enterprises: [
    {
      id: 'e1',
      name: '武汉示例化工有限公司',
      creditCode: VALID,
      regionCode: '420111001',
      regionPath: '420000/420100/420111/420111001/',
      industryCode: 'chemicals.trade',
      industryCategory: 'chemicals',
      scale: 'above',
      departmentId: 'd1',
      riskGrade: 'B',
      status: 'operating',
      statusChangedAt: null,
      address: '关山大道1号',
      principalName: '张三',
      principalPhone: '13800138000',
      safetyManagerName: null,
      safetyManagerPhone: null,
      createdAt: '2026-01-05T02:00:00.000Z',
      updatedAt: '2026-01-05T02:00:00.000Z',
    },
  ],
});

function renderIn(resource: string, provider: ReturnType<typeof memoryProvider>['provider'], ui: ReactNode) {
  return render(
    // A router per test: a list's filters live in the URL and would leak into the next test otherwise.
    <TestMemoryRouter>
      <AdminContext dataProvider={provider} i18nProvider={i18nProvider} store={memoryStore()}>
        <ResourceContextProvider value={resource}>{ui}</ResourceContextProvider>
      </AdminContext>
    </TestMemoryRouter>,
  );
}

const input = (label: string) => screen.getByLabelText(label, { exact: false });
const type = (label: string, value: string) => fireEvent.change(input(label), { target: { value } });
const save = () => fireEvent.click(screen.getByRole('button', { name: '保存' }));

// The machine is shared: give rendering time before calling a wait a failure.
configure({ asyncUtilTimeout: 5000 });

afterEach(cleanup);

describe('enterprise form (一企一档)', () => {
  const filled = { regionCode: '420111001', industryCode: 'chemicals.trade', scale: 'below', riskGrade: 'D' };

  it('shows the credit code problem inline, with the expected check character, and sends nothing', async () => {
    const { provider, calls } = memoryProvider(fixtures());
    renderIn('enterprises', provider, <EnterpriseCreate record={filled} />);
    type('企业名称', '武汉新建机械有限公司');
    type('统一社会信用代码', WRONG_CHECK.toLowerCase()); // typed in lower case: upper-cased as typed
    save();
    const expected = creditCodeCheckChar(VALID.slice(0, 17));
    expect(
      await screen.findByText(`统一社会信用代码无效：校验码错误：第18位应为“${expected}”`, { exact: false }),
    ).toBeTruthy();
    expect(calls.filter((c) => c.method === 'create')).toEqual([]);
  });

  it('names a forbidden letter and a wrong length the way the server does', async () => {
    const { provider } = memoryProvider(fixtures());
    renderIn('enterprises', provider, <EnterpriseCreate record={filled} />);
    type('企业名称', '武汉新建机械有限公司');
    type('统一社会信用代码', '91420111MA4K');
    save();
    expect(await screen.findByText(/统一社会信用代码应为18位，实为12位/)).toBeTruthy();
    type('统一社会信用代码', `${VALID.slice(0, 10)}O${VALID.slice(11)}`);
    expect(await screen.findByText(/第11位字符“O”无效/)).toBeTruthy();
  });

  it('requires the name, the credit code, the region and the industry', async () => {
    const { provider, calls } = memoryProvider(fixtures());
    renderIn('enterprises', provider, <EnterpriseCreate />);
    await screen.findByLabelText('企业名称', { exact: false });
    type('地址', '关山大道2号'); // a pristine form cannot be saved at all
    save();
    await waitFor(() => expect(screen.getAllByText('必填').length).toBeGreaterThanOrEqual(4));
    for (const label of ['企业名称', '统一社会信用代码'])
      expect(input(label).getAttribute('aria-invalid')).toBe('true');
    expect(calls.filter((c) => c.method === 'create')).toEqual([]);
  });

  it('checks phone numbers before sending', async () => {
    const { provider } = memoryProvider(fixtures());
    renderIn('enterprises', provider, <EnterpriseCreate record={filled} />);
    type('企业名称', '武汉新建机械有限公司');
    type('统一社会信用代码', VALID);
    type('主要负责人电话', '12345');
    save();
    expect(await screen.findByText('电话号码格式不正确（手机号或带区号的固定电话）')).toBeTruthy();
  });

  it('shows the API’s field errors (409 duplicate code) next to the field', async () => {
    const { provider, calls } = memoryProvider(fixtures(), (method, resource, data) =>
      method === 'create' && resource === 'enterprises' && data.creditCode === VALID
        ? fieldError(409, { creditCode: '统一社会信用代码已存在' })
        : null,
    );
    renderIn('enterprises', provider, <EnterpriseCreate record={filled} />);
    type('企业名称', '武汉新建机械有限公司');
    type('统一社会信用代码', VALID);
    save();
    const message = await screen.findByText('统一社会信用代码已存在');
    // Inline: the message is the credit code input's helper text, not a notification.
    const field = input('统一社会信用代码').closest('.MuiFormControl-root') as HTMLElement;
    expect(within(field).getByText('统一社会信用代码已存在')).toBe(message);
    const sent = calls.find((c) => c.method === 'create')!.params as { data: Record<string, unknown> };
    expect(sent.data).toMatchObject({ name: '武汉新建机械有限公司', creditCode: VALID, ...filled });
  });

  it('edits pessimistically, sends only the input fields, and shows a 422 field error inline', async () => {
    const { provider, calls } = memoryProvider(fixtures(), (method, _r, data) =>
      method === 'update' && data.address === '无此地' ? fieldError(422, { address: '地址无法识别' }) : null,
    );
    renderIn('enterprises', provider, <EnterpriseEdit id="e1" />);
    await screen.findByDisplayValue('武汉示例化工有限公司');
    type('地址', '无此地');
    save();
    const field = (await screen.findByText('地址无法识别')).closest('.MuiFormControl-root') as HTMLElement;
    expect(within(field).getByDisplayValue('无此地')).toBeTruthy();
    const sent = calls.find((c) => c.method === 'update')!.params as { data: Record<string, unknown> };
    // Derived and server-owned fields are never sent; the status changes through its own action.
    for (const k of ['id', 'regionPath', 'departmentId', 'industryCategory', 'createdAt', 'status'])
      expect(sent.data).not.toHaveProperty(k);
    expect(sent.data).toMatchObject({ name: '武汉示例化工有限公司', address: '无此地' });
  });
});

describe('enterprise status change', () => {
  it('records the new status with its date', async () => {
    const data = fixtures();
    const { provider, calls } = memoryProvider(data);
    renderIn(
      'enterprises',
      provider,
      <RecordContextProvider value={data.enterprises[0]}>
        <StatusChangeButton />
      </RecordContextProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: '变更经营状态' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.mouseDown(within(dialog).getByRole('combobox'));
    fireEvent.click(await screen.findByRole('option', { name: '停产停业' }));
    fireEvent.change(within(dialog).getByLabelText('变更日期', { exact: false }), {
      target: { value: '2026-03-01' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: '保存' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'update')).toBe(true));
    const sent = calls.find((c) => c.method === 'update')!.params as { id: string; data: unknown };
    expect(sent).toMatchObject({ id: 'e1', data: { status: 'suspended', statusChangedAt: '2026-03-01' } });
  });
});
