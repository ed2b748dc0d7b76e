import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import {
  AdminContext,
  HttpError,
  memoryStore,
  Notification,
  RecordContextProvider,
  ResourceContextProvider,
  type DataProvider,
} from 'react-admin';
import { afterEach, describe, expect, it } from 'vitest';
import { ActionDialog, CaseActions } from '../../admin-ui/src/cases/actions/CaseActions';
import { ExpertsPanel, SuspendedUntil } from '../../admin-ui/src/cases/CaseShow';
import type { CaseForForms } from '../../admin-ui/src/cases/actions/actionForms';
import { i18nProvider } from '../../admin-ui/src/i18n';
import type { CaseAction } from '../../domain/case-actions';

interface Call {
  caseId: string;
  action: string;
  body: Record<string, unknown>;
  key: string;
}

/**
 * The forms against a stand-in for the API's command endpoint: it records what the form sends and answers as
 * the API would (success, 422 with field errors, 409 refusal). The real endpoint is covered by test/api and
 * the browser story; here we test what the form does with each answer.
 */
const EXPERTS = [
  { id: 'a1000000-0000-4000-8000-000000000001', displayName: '安全专家 李明', role: 'expert' },
  { id: 'a1000000-0000-4000-8000-000000000002', displayName: '安全专家 王芳', role: 'expert' },
];
/** What GET /assignees answers the forms: the experts, and what the forms asked for. */
const assigneeQueries: unknown[] = [];

function provider(answer: (call: Call) => unknown) {
  const calls: Call[] = [];
  const uploads: string[] = [];
  const dp = {
    getList: async (resource: string, params: { filter?: { q?: string; role?: string } }) => {
      if (resource !== 'assignees') return { data: [], total: 0 };
      assigneeQueries.push(params.filter);
      const data = EXPERTS.filter((e) => !params.filter?.q || e.displayName.includes(params.filter.q));
      return { data, total: data.length };
    },
    getMany: async (resource: string, params: { ids: string[] }) => ({
      data: resource === 'assignees' ? EXPERTS.filter((e) => params.ids.includes(e.id)) : [],
    }),
    getOne: async () => ({ data: { id: 'x' } }),
    async command(caseId: string, action: string, body: Record<string, unknown>, key: string) {
      const call = { caseId, action, body, key };
      calls.push(call);
      return answer(call);
    },
    async upload(_caseId: string, _kind: string, file: File) {
      uploads.push(file.name);
      return { id: `00000000-0000-4000-8000-00000000000${uploads.length}` };
    },
  } as unknown as DataProvider;
  return { dp, calls, uploads };
}

const kase: CaseForForms = { id: 'c1', status: 'plan_submitted', view: { escalations: [] } };

function open(action: CaseAction, dp: DataProvider, record: CaseForForms = kase) {
  let closed = false;
  render(
    <AdminContext dataProvider={dp} i18nProvider={i18nProvider} store={memoryStore()}>
      {/* As on the case page (the forms' array inputs need the resource). */}
      <ResourceContextProvider value="cases">
        <ActionDialog action={action} record={record} open onClose={() => (closed = true)} />
      </ResourceContextProvider>
      <Notification />
    </AdminContext>,
  );
  return { isClosed: () => closed };
}

const field = (label: string) => screen.getByLabelText(label, { exact: false });
const type = (label: string, value: string) => fireEvent.change(field(label), { target: { value } });
/** A date field (the shared yyyy-MM-dd picker): its value is typed into the input the form submits. */
const typeDate = (name: string, value: string) =>
  fireEvent.change(document.querySelector(`input[name="${name}"]`)!, { target: { value } });
const submit = () => fireEvent.click(screen.getByRole('button', { name: '提交' }));

afterEach(cleanup);

describe('command forms', () => {
  it('validates with the shared schema before anything is sent: returning a plan needs a reason', async () => {
    const { dp, calls } = provider(() => ({}));
    open('review-plan', dp);
    fireEvent.click(screen.getByLabelText('退回修改'));
    submit();
    await screen.findByText('退回须说明理由');
    expect(calls).toEqual([]);
  });

  it('sends the command with an idempotency key and closes on success', async () => {
    const { dp, calls } = provider(() => ({ id: 'c1', status: 'listed' }));
    const dialog = open('review-plan', dp);
    fireEvent.click(screen.getByLabelText('退回修改'));
    type('审核意见', '未明确资金来源');
    submit();
    await waitFor(() => expect(dialog.isClosed()).toBe(true));
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      caseId: 'c1',
      action: 'review-plan',
      body: { decision: 'return', reason: '未明确资金来源' },
    });
    expect(calls[0]!.key).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("shows the API's 422 field errors beside the inputs and keeps what was typed", async () => {
    const { dp, calls } = provider(() => {
      throw new HttpError('整改时限不能晚于挂牌确定的整改期限', 422, {
        errors: { timeLimit: '整改时限不能晚于挂牌确定的整改期限2027-01-22' },
      });
    });
    const dialog = open('submit-plan', dp, { ...kase, status: 'listed' });
    type('整改责任人', '张建国');
    type('联系电话', '13800138000');
    type('整改措施', '加装阻火器');
    type('整改资金', '120000');
    typeDate('timeLimit', '2027-03-01');
    type('应急预案', '修订预案');
    type('整改目标', '消除风险');
    type('整改期间安全防范措施', '停用设备');
    submit();
    await screen.findByText('整改时限不能晚于挂牌确定的整改期限2027-01-22');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.body).toMatchObject({ funds: 120000, timeLimit: '2027-03-01', documentIds: [] });
    expect((field('整改措施') as HTMLTextAreaElement).value).toBe('加装阻火器');
    expect(dialog.isClosed()).toBe(false);
  });

  it('reports a 409 refusal and sends a fresh idempotency key on the next try', async () => {
    let n = 0;
    const { dp, calls } = provider(() => {
      n += 1;
      if (n === 1) throw new HttpError('案件当前状态为“整改中”，不能审核整改方案', 409, {});
      return {};
    });
    open('review-plan', dp);
    submit();
    await screen.findByText('案件当前状态为“整改中”，不能审核整改方案');
    submit();
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]!.key).not.toBe(calls[0]!.key);
  });

  it('keeps the idempotency key when the network fails, so a retry cannot apply twice', async () => {
    let n = 0;
    const { dp, calls } = provider(() => {
      n += 1;
      if (n === 1) throw new TypeError('Failed to fetch');
      return {};
    });
    open('suspend', dp, { ...kase, status: 'rectifying' });
    type('停表理由', '企业停产检修');
    submit();
    await screen.findByText(/网络异常/);
    submit();
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]!.key).toBe(calls[0]!.key);
  });

  it('requires evidence photos for an acceptance application and uploads them before the command', async () => {
    const { dp, calls, uploads } = provider(() => ({}));
    open('apply-acceptance', dp, { ...kase, status: 'rectifying' });
    type('整改报告', '已完成整改');
    submit();
    await screen.findByText('申请验收须上传整改完成的证据');
    expect(calls).toEqual([]);
    const photo = new File([new Uint8Array([137, 80, 78, 71])], '现场.png', { type: 'image/png' });
    const input = document.querySelector('input[type=file]') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [photo] } });
    await screen.findByText('现场.png');
    submit();
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(uploads).toEqual(['现场.png']);
    expect(calls[0]!.body).toEqual({
      completionReport: '已完成整改',
      documentIds: ['00000000-0000-4000-8000-000000000001'],
    });
  });

  it('takes the 书面承诺 with its signed scan: refused without the scan, the scan uploaded and sent as its id', async () => {
    const { dp, calls, uploads } = provider(() => ({}));
    open('submit-commitment', dp, { ...kase, status: 'rectifying' });
    type('承诺内容', '我单位承诺于限期内完成整改');
    submit();
    await screen.findByText('须上传签字盖章的书面承诺扫描件');
    expect(calls).toEqual([]);
    const scan = new File([new Uint8Array([137, 80, 78, 71])], '承诺书.png', { type: 'image/png' });
    const input = document.querySelector('input[type=file]') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [scan] } });
    await screen.findByText('承诺书.png');
    submit();
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(uploads).toEqual(['承诺书.png']);
    expect(calls[0]!.body).toEqual({
      text: '我单位承诺于限期内完成整改',
      signedScanDocumentId: '00000000-0000-4000-8000-000000000001',
      documentIds: [],
    });
  });

  it('invites experts picked from the territory’s experts, and names those already invited', async () => {
    const { dp, calls } = provider(() => ({}));
    const dialog = open('invite-experts', dp, {
      ...kase,
      status: 'acceptance_requested',
      view: {
        acceptanceFailures: 0,
        details: {
          invitedExperts: [
            { id: 'x', name: '安全专家 张伟', invitedAt: '', invitedBy: '', round: 1 },
            { id: 'y', name: '上一轮的专家', invitedAt: '', invitedBy: '', round: 0 },
          ],
        },
      },
    });
    expect(screen.getByText('本次验收已邀请：安全专家 张伟')).toBeTruthy();
    submit();
    await screen.findByText('受邀专家至少一位'); // the shared schema, before anything is sent
    expect(calls).toEqual([]);
    const input = screen.getByRole('combobox', { name: /受邀专家/ });
    fireEvent.focus(input);
    fireEvent.change(input, { target: { value: '李明' } });
    fireEvent.click(await screen.findByRole('option', { name: '安全专家 李明' }));
    await screen.findByText('安全专家 李明');
    type('邀请说明', '请于验收期限内现场核查');
    submit();
    await waitFor(() => expect(dialog.isClosed()).toBe(true));
    expect(calls).toEqual([
      expect.objectContaining({
        action: 'invite-experts',
        body: { expertIds: [EXPERTS[0]!.id], note: '请于验收期限内现场核查' },
      }),
    ]);
    expect(assigneeQueries).toContainEqual(expect.objectContaining({ role: 'expert' }));
  });

  it('takes an expert opinion with a recommendation, and prefills the acceptance with the opinions given', async () => {
    const { dp, calls } = provider(() => ({}));
    const dialog = open('submit-expert-opinion', dp, { ...kase, status: 'acceptance_requested' });
    submit();
    await screen.findByText('专家意见必填');
    fireEvent.click(screen.getByLabelText('建议不通过'));
    fireEvent.change(screen.getByRole('textbox', { name: /专家意见/ }), {
      target: { value: '泄爆口朝向人员通道' },
    });
    submit();
    await waitFor(() => expect(dialog.isClosed()).toBe(true));
    expect(calls[0]!.body).toEqual({ opinion: '泄爆口朝向人员通道', recommendation: 'fail' });
    cleanup();

    open('record-acceptance', dp, {
      ...kase,
      status: 'acceptance_requested',
      view: {
        acceptanceFailures: 0,
        details: {
          expertOpinions: [
            {
              expertId: 'x',
              expertName: '安全专家 李明',
              opinion: '泄爆口朝向人员通道',
              recommendation: 'fail',
              at: '',
              round: 1,
            },
          ],
        },
      },
    });
    expect((screen.getByDisplayValue('安全专家 李明') as HTMLInputElement).value).toBe('安全专家 李明');
    expect(screen.getByDisplayValue('泄爆口朝向人员通道')).toBeTruthy();
    expect(field('书面说明')).toBeTruthy(); // a recommendation to fail: not passed by default
  });

  it('asks for the interview minutes only when the chosen escalation is an interview', async () => {
    const { dp } = provider(() => ({}));
    open('record-escalation-outcome', dp, {
      ...kase,
      status: 'rectifying',
      view: { escalations: [{ id: 'e1', step: 'interview', status: 'open' }] },
    });
    expect(field('约谈纪要')).toBeTruthy();
    cleanup();
    open('record-escalation-outcome', dp, {
      ...kase,
      status: 'rectifying',
      view: { escalations: [{ id: 'e2', step: 'urging_letter', status: 'open' }] },
    });
    expect(screen.queryByLabelText('约谈纪要', { exact: false })).toBeNull();
  });
});

describe('penalty of an escalation outcome (行政处罚)', () => {
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  const onRung = (step: string): CaseForForms => ({
    ...kase,
    status: 'rectifying',
    view: { escalations: [{ id: `e-${step}`, step, status: 'open' }] },
  });

  it('offers the penalty on an enforcement rung, validates it with the shared schema and sends it', async () => {
    const { dp, calls } = provider(() => ({}));
    const dialog = open('record-escalation-outcome', dp, onRung('enforcement'));
    type('处理结果', '已作出罚款决定');
    type('处罚决定书文号', '（洪）应急罚〔2026〕12号');
    submit();
    // Partly filled: the shared schema names what is missing, nothing is sent.
    await screen.findByText('处罚种类无效');
    expect(calls).toEqual([]);
    fireEvent.mouseDown(field('处罚种类'));
    fireEvent.click(await screen.findByRole('option', { name: '罚款' }));
    typeDate('penalty.decidedOn', today);
    submit();
    await screen.findByText('罚款须填写罚款金额');
    type('罚款金额', '50000');
    submit();
    await waitFor(() => expect(dialog.isClosed()).toBe(true));
    expect(calls[0]!.body).toEqual({
      escalationId: 'e-enforcement',
      outcome: '已作出罚款决定',
      penalty: { kind: 'fine', decidedOn: today, decisionNo: '（洪）应急罚〔2026〕12号', amountYuan: 50000 },
      documentIds: [],
    });
  });

  it('sends no penalty when its fields are left empty, and offers none on other rungs', async () => {
    const { dp, calls } = provider(() => ({}));
    const dialog = open('record-escalation-outcome', dp, onRung('joint_punishment'));
    expect(field('处罚决定书文号')).toBeTruthy();
    type('处理结果', '已纳入严重失信主体名单');
    submit();
    await waitFor(() => expect(dialog.isClosed()).toBe(true));
    expect(calls[0]!.body).not.toHaveProperty('penalty');
    cleanup();
    open('record-escalation-outcome', dp, onRung('urging_letter'));
    expect(screen.queryByLabelText('处罚决定书文号', { exact: false })).toBeNull();
  });
});

describe('case page summary', () => {
  it('shows the invited experts of each round with their opinions, and who has not given one yet', () => {
    const { dp } = provider(() => ({}));
    render(
      <AdminContext dataProvider={dp} i18nProvider={i18nProvider} store={memoryStore()}>
        <RecordContextProvider
          value={{
            id: 'c1',
            view: {
              details: {
                invitedExperts: [
                  {
                    id: 'u1',
                    name: '安全专家 李明',
                    invitedAt: '2026-11-02T02:00:00.000Z',
                    invitedBy: '张监管',
                    round: 1,
                  },
                  {
                    id: 'u1',
                    name: '安全专家 李明',
                    invitedAt: '2026-11-20T02:00:00.000Z',
                    invitedBy: '张监管',
                    round: 2,
                  },
                  {
                    id: 'u2',
                    name: '安全专家 王芳',
                    invitedAt: '2026-11-20T02:00:00.000Z',
                    invitedBy: '张监管',
                    round: 2,
                  },
                ],
                expertOpinions: [
                  {
                    expertId: 'u1',
                    expertName: '安全专家 李明',
                    opinion: '泄爆口朝向人员通道',
                    recommendation: 'fail',
                    at: '2026-11-03T02:00:00.000Z',
                    round: 1,
                  },
                ],
              },
            },
          }}
        >
          <ExpertsPanel />
        </RecordContextProvider>
      </AdminContext>,
    );
    const panel = screen.getByTestId('case-experts');
    expect(within(panel).getByText('第1轮验收')).toBeTruthy();
    expect(within(panel).getByText('第2轮验收')).toBeTruthy();
    expect(within(panel).getByText('建议不通过')).toBeTruthy();
    expect(within(panel).getByText(/泄爆口朝向人员通道/)).toBeTruthy();
    expect(within(panel).getAllByText('尚未提交意见')).toHaveLength(2); // round 2: neither has answered
    expect(within(panel).getAllByText('张监管于 2026-11-20 10:00 邀请')).toHaveLength(2);
  });
});

describe('停表 on the case page (fix 11)', () => {
  const ENT = '11111111-1111-4111-8111-111111111111';
  const DISTRICT = '420000/420100/420111/';
  const future = new Date(Date.now() + 60 * 86_400_000).toISOString();
  const rectifying = (details: Record<string, unknown> = {}) => ({
    id: 'c9',
    status: 'rectifying',
    enterpriseId: ENT,
    view: {
      escalations: [],
      level: 'county' as const,
      listingAuthority: '洪山区安委办',
      regionPath: DISTRICT,
      openTasks: [],
      deadline: future,
      details: { listingPublication: { kind: 'listing' }, ...details },
    },
  });
  /** The buttons the case page offers this user on this record (computed from the table's rows). */
  const buttons = async (
    record: ReturnType<typeof rectifying>,
    user: Record<string, unknown>,
    role: string,
  ) => {
    const { dp } = provider(() => ({}));
    const authProvider = {
      login: async () => undefined,
      logout: async () => undefined,
      checkAuth: async () => undefined,
      checkError: async () => undefined,
      getPermissions: async () => role,
      getIdentity: async () => ({ id: 'u1', fullName: '用户', ...user }),
    };
    render(
      <AdminContext
        dataProvider={dp}
        authProvider={authProvider}
        i18nProvider={i18nProvider}
        store={memoryStore()}
      >
        <ResourceContextProvider value="cases">
          <RecordContextProvider value={record}>
            <CaseActions />
          </RecordContextProvider>
        </ResourceContextProvider>
      </AdminContext>,
    );
    const bar = await screen.findByTestId('case-actions');
    const names = within(bar)
      .queryAllByRole('button')
      .map((b) => b.textContent);
    cleanup();
    return names;
  };

  it('offers 申请停表 to the responsible enterprise, and 审批停表申请 to the listing authority only while one waits', async () => {
    expect(await buttons(rectifying(), { enterpriseId: ENT }, 'enterprise')).toContain('申请停表');
    const pending = rectifying({
      pendingSuspension: {
        reason: '停电',
        days: 10,
        documentIds: [],
        requestedAt: future,
        requestedBy: '企业',
      },
    });
    expect(await buttons(pending, { enterpriseId: ENT }, 'enterprise')).not.toContain('申请停表');
    expect(await buttons(rectifying(), { regionPath: DISTRICT }, 'supervisor')).not.toContain('审批停表申请');
    expect(await buttons(pending, { regionPath: DISTRICT }, 'supervisor')).toContain('审批停表申请');
    // A street office below the district that listed the case does not decide it.
    expect(await buttons(pending, { regionPath: `${DISTRICT}420111002000/` }, 'supervisor')).not.toContain(
      '审批停表申请',
    );
  });

  it('offers 提级督办 to the listing authority and above; after a raise the district office is offered nothing (fix 5)', async () => {
    const CITY = '420000/420100/';
    expect(await buttons(rectifying(), { regionPath: DISTRICT }, 'supervisor')).toContain('提级督办');
    expect(await buttons(rectifying(), { regionPath: CITY }, 'supervisor')).toContain('提级督办');
    expect(
      await buttons(rectifying(), { regionPath: `${DISTRICT}420111002000/` }, 'supervisor'),
    ).not.toContain('提级督办');
    expect(await buttons(rectifying(), { enterpriseId: ENT }, 'enterprise')).not.toContain('提级督办');
    const raised = rectifying({ listingRegionPath: CITY });
    raised.view.level = 'city' as never;
    raised.view.listingAuthority = '武汉市安委办';
    expect(await buttons(raised, { regionPath: DISTRICT }, 'supervisor')).toEqual([]);
    expect(await buttons(raised, { regionPath: CITY }, 'supervisor')).toEqual(
      expect.arrayContaining(['提级督办', '升级督办', '撤销']),
    );
    expect(await buttons(raised, { enterpriseId: ENT }, 'enterprise')).toContain('申请停表');
  });

  it('raises to the level above by default; the units may be left to the API', async () => {
    const { dp, calls } = provider(() => ({}));
    open('raise-level', dp, { ...kase, status: 'rectifying', level: 'county' });
    type('提级理由', '逾期未整改，提请市级督办');
    submit();
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]).toMatchObject({
      action: 'raise-level',
      body: { level: 'city', reason: '逾期未整改，提请市级督办' },
    });
    expect(calls[0]!.body).not.toHaveProperty('listingAuthority');
  });

  it('asks with reason, days and evidence uploaded first; refused without evidence', async () => {
    const { dp, calls, uploads } = provider(() => ({}));
    open('request-suspension', dp, { ...kase, status: 'rectifying' });
    type('停表理由', '上游供电线路改造停电');
    type('申请停表天数', '10');
    submit();
    await screen.findByText('申请停表须上传证明材料');
    expect(calls).toEqual([]);
    const notice = new File([new Uint8Array([137, 80, 78, 71])], '停电通知.png', { type: 'image/png' });
    fireEvent.change(document.querySelector('input[type=file]') as HTMLInputElement, {
      target: { files: [notice] },
    });
    await screen.findByText('停电通知.png');
    submit();
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(uploads).toEqual(['停电通知.png']);
    expect(calls[0]).toMatchObject({
      action: 'request-suspension',
      body: {
        reason: '上游供电线路改造停电',
        days: 10,
        documentIds: ['00000000-0000-4000-8000-000000000001'],
      },
    });
  });

  it('decides with the requested days prefilled; a refusal needs a reason; the API’s 422 on days shows beside it', async () => {
    const { dp, calls } = provider((call) => {
      if (call.body.days === 61)
        throw new HttpError('停表天数超限', 422, { errors: { days: '核定停表天数不能超过60个工作日' } });
      return {};
    });
    open('decide-suspension', dp, {
      ...kase,
      status: 'rectifying',
      view: { escalations: [], details: { pendingSuspension: { days: 12, reason: '停电' } } },
    });
    expect((field('核定停表天数') as HTMLInputElement).value).toBe('12');
    fireEvent.click(field('批准停表'));
    submit();
    await screen.findByText('不予批准须说明理由');
    expect(calls).toEqual([]);
    fireEvent.click(field('批准停表'));
    type('核定停表天数', '61');
    submit();
    await screen.findByText('核定停表天数不能超过60个工作日');
    expect(calls[0]!.body).toMatchObject({ approve: true, days: 61 });
  });

  it('the header says 停表 until when, and the working days left after it (zh and en)', async () => {
    const record = {
      id: 'c9',
      status: 'suspended',
      level: null,
      overdue: false,
      deadline: future,
      escalationStep: null,
      view: { details: { suspension: { until: '2027-03-12', remainingWorkingDays: 30 } } },
    };
    const { dp } = provider(() => ({}));
    const show = async (locale: string) => {
      await i18nProvider.changeLocale(locale);
      const store = memoryStore();
      store.setItem('locale', locale);
      render(
        <AdminContext dataProvider={dp} i18nProvider={i18nProvider} store={store}>
          <SuspendedUntil record={record as never} />
        </AdminContext>,
      );
    };
    await show('zh');
    expect((await screen.findByTestId('case-suspended-until')).textContent).toBe(
      '停表至2027-03-12，恢复后整改期限顺延剩余30个工作日',
    );
    cleanup();
    await show('en');
    expect((await screen.findByTestId('case-suspended-until')).textContent).toContain(
      'until 2027-03-12; on resuming, 30 working days remain',
    );
    cleanup();
    await i18nProvider.changeLocale('zh');
  });
});

describe('挂牌督办: the 包案领导 picker (issue #12)', () => {
  const LEADERS = {
    '420111': [
      { id: 'b1000000-0000-4000-8000-000000000001', displayName: '市领导赵', regionName: '武汉市' },
      { id: 'b1000000-0000-4000-8000-000000000002', displayName: '洪山区领导李', regionName: '洪山区' },
    ],
    '420100': [{ id: 'b1000000-0000-4000-8000-000000000001', displayName: '市领导赵', regionName: '武汉市' }],
  } as Record<string, Array<{ id: string; displayName: string; regionName: string }>>;

  it('offers the leaders over the listing level’s region, asks again when the level changes, and requires one', async () => {
    const asked: unknown[] = [];
    const { dp: base, calls } = provider(() => ({}));
    const dp = {
      ...base,
      getList: async (resource: string, params: { filter?: { leadsRegion?: string } }) => {
        asked.push(params.filter);
        const data = resource === 'assignees' ? (LEADERS[params.filter?.leadsRegion ?? ''] ?? []) : [];
        return { data, total: data.length };
      },
    } as DataProvider;
    const dialog = open('list', dp, { ...kase, status: 'judged', regionPath: '420000/420100/420111/' });
    const deadline = new Date(Date.now() + 60 * 86_400_000).toLocaleDateString('sv-SE', {
      timeZone: 'Asia/Shanghai',
    });
    type('挂牌单位', '洪山区安委办');
    type('督办单位', '洪山区应急管理局');
    typeDate('rectificationDeadline', deadline);
    fireEvent.click(screen.getByLabelText('停止使用'));
    submit();
    await screen.findByText('请选择包案领导'); // the console asks for the leader before anything is sent
    expect(calls).toEqual([]);
    // 县级 (the default): the district's region, so its leader and the city's.
    expect(asked).toContainEqual({ leadsRegion: '420111' });
    const leader = () => screen.getByRole('combobox', { name: /包案领导/ });
    fireEvent.focus(leader());
    fireEvent.click(await screen.findByRole('option', { name: '洪山区领导李（洪山区）' }));
    expect((leader() as HTMLInputElement).value).toBe('洪山区领导李（洪山区）');
    // 市级: asked again for the city; the district leader chosen before is no longer one of them, so cleared.
    fireEvent.mouseDown(field('挂牌层级'));
    fireEvent.click(await screen.findByRole('option', { name: '市级' }));
    await waitFor(() => expect(asked).toContainEqual({ leadsRegion: '420100' }));
    await waitFor(() => expect((leader() as HTMLInputElement).value).toBe(''));
    fireEvent.focus(leader());
    expect(screen.queryByRole('option', { name: '洪山区领导李（洪山区）' })).toBeNull();
    fireEvent.click(await screen.findByRole('option', { name: '市领导赵（武汉市）' }));
    submit();
    await waitFor(() => expect(dialog.isClosed()).toBe(true));
    expect(calls).toEqual([
      expect.objectContaining({
        action: 'list',
        body: expect.objectContaining({ level: 'city', owningLeaderId: LEADERS['420100']![0]!.id }),
      }),
    ]);
  });
});
