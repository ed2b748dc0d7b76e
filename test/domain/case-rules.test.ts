import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeDates, createWorkingCalendar } from '../../domain/calendar.js';
import {
  allowedActions,
  caseCommands,
  caseFeatures,
  clearOverdue,
  commandByAction,
  decide,
  decideReported,
  fire,
  guard,
  initialState,
  mayIssue,
  nextAlarm,
  shanghaiDateOf,
  startLadder,
  terminalStatuses,
  type CaseCommand,
  type CaseFeature,
  type CaseState,
  type DecideCtx,
  type Outcome,
} from '../../domain/case/index.js';
import type { Actor } from '../../domain/commands.js';
import { DEFAULT_POLICY } from '../../domain/policy.js';

/**
 * The case's table of rules without Temporal: every row's guard (who, when, what input) and decision (state,
 * event, tasks, rungs, clocks), the fixes of issue #12, and a property test that drives random commands and clock
 * advances through the pure core and checks the invariants after every step.
 */
const DISTRICT = '420000/420100/420111/';
const calendar = createWorkingCalendar([]); // every year unknown: weekends only (the estimate), deterministic
const ALL = new Set(caseFeatures);
const ctxAt = (
  now: string,
  rules: 1 | 2 = 2,
  policy = DEFAULT_POLICY,
  features: ReadonlySet<CaseFeature> = rules === 2 ? ALL : new Set(),
): DecideCtx => ({
  now,
  rules,
  policy,
  features,
  dates: (from, durations) => computeDates(calendar, from, durations),
});
const ENT = '11111111-1111-4111-8111-111111111111';
const sup: Actor = { id: 'u-sup', role: 'supervisor', name: '张监管', regionPath: DISTRICT };
const street: Actor = {
  id: 'u-street',
  role: 'supervisor',
  name: '街道',
  regionPath: `${DISTRICT}420111002000/`,
};
const city: Actor = { id: 'u-city', role: 'supervisor', name: '市局', regionPath: '420000/420100/' };
const ent: Actor = { id: 'u-ent', role: 'enterprise', name: '企业安全员', enterpriseId: ENT };
const otherEnt: Actor = {
  id: 'u-ent2',
  role: 'enterprise',
  name: '别家',
  enterpriseId: '22222222-2222-4222-8222-222222222222',
};
const leader: Actor = { id: 'u-lead', role: 'leader', name: '李领导', regionPath: DISTRICT };
const expertA: Actor = { id: '33333333-3333-4333-8333-333333333333', role: 'expert', name: '王专家' };
const UUID = '44444444-4444-4444-8444-444444444444';
const LEADER_ID = '66666666-6666-4666-8666-666666666666';

const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** A small world: a case, a clock, the events it recorded. */
class World {
  state: CaseState;
  now: string;
  events: Outcome[] = [];
  constructor(
    readonly rules: 1 | 2 = 2,
    start = '2027-03-01T02:00:00.000Z',
    readonly features: ReadonlySet<CaseFeature> = rules === 2 ? ALL : new Set(),
  ) {
    this.now = start;
    const s = initialState({
      caseId: 'c1',
      regionPath: DISTRICT,
      report: {
        source: 'inspection',
        enterpriseId: ENT,
        regionCode: '420111',
        title: '除尘系统未设置泄爆装置',
        description: '检查发现',
        evidenceDocumentIds: [],
      },
    });
    const r = decideReported(
      s,
      { source: 'inspection', regionCode: '420111', title: 't', description: 'd', evidenceDocumentIds: [] },
      sup,
      {
        ...this.ctx(),
        policy: DEFAULT_POLICY,
      },
    );
    this.state = r.state;
    this.events.push(r.outcome);
  }
  ctx(): DecideCtx {
    return ctxAt(this.now, this.rules, DEFAULT_POLICY, this.features);
  }
  today() {
    return shanghaiDateOf(this.now);
  }
  /** Issues a command: the refusal, or the outcome applied. */
  run(action: string, actor: Actor, input: unknown) {
    const c = commandByAction.get(action)!;
    const refusal = guard(c, this.state, actor, input, { now: this.now });
    if (refusal) return { refusal };
    const d = decide(c, this.state, input, actor, this.ctx());
    if ('refusal' in d) return { refusal: d.refusal };
    this.state = d.state;
    if (d.clearOverdueAfter) clearOverdue(this.state);
    this.events.push(d.outcome);
    this.advance(this.now); // alarms already due fire at once, as the workflow's loop does
    return { outcome: d.outcome };
  }
  ok(action: string, actor: Actor, input: unknown) {
    const r = this.run(action, actor, input);
    if (r.refusal) throw new Error(`${action} refused: ${JSON.stringify(r.refusal)}`);
    return r.outcome!;
  }
  /** Moves the clock to `to`, firing every alarm due on the way, in order. */
  advance(to: string) {
    for (;;) {
      const next = nextAlarm(this.state);
      if (!next || next.at > to || terminalStatuses.includes(this.state.view.status)) break;
      this.now = next.at > this.now ? next.at : this.now;
      const r = fire(this.state, next, this.ctx());
      this.state = r.state;
      if (r.outcome) this.events.push(r.outcome);
      this.events.push(...(r.more ?? []));
      if (r.ladder) this.state = startLadder(this.state, this.ctx());
    }
    if (to > this.now) this.now = to;
  }
  advanceDays(n: number) {
    this.advance(new Date(Date.parse(this.now) + n * 86_400_000).toISOString());
  }
  types() {
    return this.events.map((e) => e.type);
  }
}

const inputs = {
  judgeMajor: { decision: 'major', clauseId: UUID, reason: '符合判定标准' },
  list: (w: World, days = 60) => ({
    level: 'county',
    listingAuthority: '洪山区应急管理局',
    supervisingUnit: '洪山区安委办',
    rectificationDeadline: addDays(w.today(), days),
    interimControls: ['stop_use'],
  }),
  plan: (w: World) => ({
    responsiblePerson: '刘厂长',
    responsiblePhone: '13800000000',
    measures: '加装泄爆片',
    funds: 50000,
    timeLimit: addDays(w.today(), 30),
    emergencyPlan: '预案',
    objectives: '目标',
    interimSafetyMeasures: '停用',
  }),
  apply: { completionReport: '已整改', documentIds: [UUID] },
  accept: (w: World) => ({ passed: true, heldOn: w.today(), opinions: [{ expert: '王', opinion: '合格' }] }),
  fail: (w: World, days: number) => ({
    passed: false,
    heldOn: w.today(),
    opinions: [{ expert: '王', opinion: '不合格' }],
    explanation: '泄爆片规格不符',
    newDeadline: addDays(w.today(), days),
  }),
};

/** A case walked to `rectifying`. */
function rectifying(rules: 1 | 2 = 2, features?: ReadonlySet<CaseFeature>) {
  const w = new World(rules, undefined, features);
  w.ok('judge', sup, inputs.judgeMajor);
  w.ok('list', sup, inputs.list(w));
  w.ok('confirm-publication', sup, { kind: 'listing', publishedOn: w.today(), reference: '公示' });
  w.ok('submit-plan', ent, inputs.plan(w));
  w.ok('review-plan', sup, { decision: 'approve' });
  return w;
}

describe('the table of rules', () => {
  it('has one row per wire name and per action, keeping every existing update name', () => {
    const wires = caseCommands.map((c) => c.wire);
    expect(new Set(wires).size).toBe(wires.length);
    for (const w of [
      'judge',
      'list',
      'confirmPublication',
      'submitPlan',
      'reviewPlan',
      'reportProgress',
      'requestExtension',
      'decideExtension',
      'suspend',
      'resume',
      'applyAcceptance',
      'recordAcceptance',
      'signOff',
      'withdraw',
      'escalate',
      'recordEscalationOutcome',
      'inviteExperts',
      'submitExpertOpinion',
    ])
      expect(wires).toContain(w);
  });

  it('refuses a role that may not issue a command with forbidden, a wrong state with conflict, a bad field with invalid', () => {
    const w = new World();
    expect(w.run('judge', ent, inputs.judgeMajor).refusal).toMatchObject({
      code: 'forbidden',
      message: '企业用户无权研判隐患',
    });
    expect(w.run('list', sup, inputs.list(w)).refusal).toMatchObject({
      code: 'conflict',
      message: '案件当前状态为“待研判”，不能挂牌督办',
    });
    expect(w.run('judge', sup, { decision: 'major', reason: '无条款' }).refusal).toMatchObject({
      code: 'invalid',
      field: 'clauseId',
    });
    expect(w.run('submit-plan', otherEnt, inputs.plan(w)).refusal).toMatchObject({
      code: 'forbidden',
      message: '只有责任企业可以提交整改方案',
    });
    // An enterprise recording an acceptance result: its role may not (403), whatever the state.
    expect(w.run('record-acceptance', ent, inputs.accept(w)).refusal?.code).toBe('forbidden');
    expect(w.state.view.version).toBe(0); // nothing changed
    expect(w.events).toHaveLength(1);
  });

  it('walks report → judgement → listing → plan → rectifying → acceptance → sign-off → closed, opening and closing tasks', () => {
    const w = new World();
    expect(w.state.view.openTasks.map((t) => t.kind)).toEqual(['judge']);
    expect(w.state.view.deadlineKind).toBe('judgement');
    const judged = w.ok('judge', sup, inputs.judgeMajor);
    expect(judged.closeTaskIds).toEqual(['c1:1:judge']);
    expect(w.state.view.status).toBe('judged');
    const listed = w.ok('list', sup, inputs.list(w));
    expect(listed.type).toBe('listed');
    expect(listed.openTasks!.map((t) => t.kind)).toEqual(['publish_listing', 'submit_plan']);
    expect(w.state.view.deadlineKind).toBe('plan');
    expect(w.state.deadlineOwner).toBe('enterprise');
    expect(w.state.view.details.rectificationLimit).toBe(addDays(w.today(), 365));
    w.ok('confirm-publication', sup, {
      kind: 'listing',
      publishedOn: w.today(),
      reference: '洪应急〔2027〕1号',
    });
    expect(
      w.run('confirm-publication', sup, { kind: 'listing', publishedOn: w.today(), reference: 'x' }).refusal
        ?.code,
    ).toBe('conflict');
    w.ok('submit-plan', ent, inputs.plan(w));
    expect(w.state.view.deadlineKind).toBe('plan_review');
    const returned = w.ok('review-plan', sup, { decision: 'return', reason: '资金不足' });
    expect(returned.type).toBe('plan_returned');
    expect(w.state.view.planReturns).toBe(1);
    w.ok('submit-plan', ent, inputs.plan(w));
    w.ok('review-plan', sup, { decision: 'approve' });
    expect(w.state.view.status).toBe('rectifying');
    expect(w.state.alarms.map((a) => a.kind).sort()).toEqual([
      'deadline',
      'progress_due',
      'reminder',
      'reminder',
    ]);
    w.ok('report-progress', ent, { summary: '一半', percentComplete: 50 });
    w.ok('apply-acceptance', ent, inputs.apply);
    expect(w.state.view.openTasks.map((t) => t.kind)).toEqual(['hold_acceptance']);
    w.ok('invite-experts', sup, { experts: [{ id: expertA.id, name: expertA.name }] });
    expect(
      w.run('invite-experts', sup, { experts: [{ id: expertA.id, name: expertA.name }] }).refusal,
    ).toMatchObject({ code: 'conflict' });
    w.ok('submit-expert-opinion', expertA, { opinion: '合格', recommendation: 'pass' });
    expect(
      w.run('submit-expert-opinion', expertA, { opinion: '再次', recommendation: 'pass' }).refusal?.code,
    ).toBe('conflict');
    w.ok('record-acceptance', sup, inputs.accept(w));
    expect(w.state.view.status).toBe('accepted');
    w.ok('sign-off', leader, { comment: '同意销号' });
    expect(w.run('withdraw', sup, { reason: '误报' }).refusal).toMatchObject({
      code: 'conflict',
      message: '案件已销号，不能撤销',
    });
    const closed = w.ok('confirm-publication', sup, {
      kind: 'delisting',
      publishedOn: w.today(),
      reference: '洪应急〔2027〕9号',
    });
    expect(closed.type).toBe('closed');
    expect(closed.closeTaskIds).toEqual([w.events.find((e) => e.type === 'signed_off')!.openTasks![0]!.id]);
    expect(w.state.view.openTasks).toEqual([]);
    expect(w.state.view.status).toBe('closed');
  });

  it('refuses a listing past the policy maximum with the limit named (only the loaded policy can tell)', () => {
    const w = new World();
    w.ok('judge', sup, inputs.judgeMajor);
    const r = w.run('list', sup, inputs.list(w, 400));
    expect(r.refusal).toMatchObject({ code: 'invalid', field: 'rectificationDeadline' });
    expect(r.refusal!.message).toContain(addDays(w.today(), 365));
    expect(w.run('list', sup, inputs.list(w, 0)).refusal).toMatchObject({
      field: 'rectificationDeadline',
      message: '整改期限必须晚于今天',
    });
  });

  it('extension: once pending, cut off before the deadline, capped; approved moves the deadline and its task', () => {
    const w = rectifying();
    const newDeadline = addDays(shanghaiDateOf(w.state.view.rectificationDeadline!), 20);
    w.ok('request-extension', ent, { newDeadline, reason: '设备到货延迟' });
    expect(w.run('request-extension', ent, { newDeadline, reason: 'x' }).refusal).toMatchObject({
      code: 'conflict',
      message: '已有待审批的延期申请',
    });
    const approved = w.ok('decide-extension', sup, { approve: true, reason: '同意' });
    expect(approved.type).toBe('extension_approved');
    expect(shanghaiDateOf(w.state.view.deadline!)).toBe(newDeadline);
    expect(approved.retimeTasks).toEqual([
      { id: expect.stringContaining(':rectify'), dueAt: w.state.view.deadline },
    ]);
    expect(w.run('decide-extension', sup, { approve: true, reason: 'x' }).refusal?.code).toBe('conflict');
    w.advanceDays(80); // past the cutoff (20 working days before the deadline)
    expect(
      w.run('request-extension', ent, { newDeadline: addDays(newDeadline, 5), reason: 'x' }).refusal?.message,
    ).toContain('已逾期不能申请');
  });

  it('suspension stops the clock and resuming restores the time that was left (before suspension-request)', () => {
    const w = rectifying(2, new Set(caseFeatures.filter((f) => f !== 'suspension-request')));
    const before = w.state.view.deadline!;
    w.ok('suspend', sup, { reason: '停产检修' });
    w.advanceDays(100); // nothing fires while suspended
    expect(w.types()).not.toContain('deadline_missed');
    w.ok('resume', sup, {});
    expect(Date.parse(w.state.view.deadline!) - Date.parse(before)).toBe(100 * 86_400_000);
  });
});

describe('fixes of issue #12 in the pure core', () => {
  it('1: a late supervisor step no longer switches escalation off: the missed rectification climbs the ladder', () => {
    for (const rules of [1, 2] as const) {
      const w = new World(rules);
      w.ok('judge', sup, inputs.judgeMajor);
      w.ok('list', sup, inputs.list(w, 40));
      w.ok('confirm-publication', sup, { kind: 'listing', publishedOn: w.today(), reference: '公示' });
      w.ok('submit-plan', ent, inputs.plan(w));
      w.advanceDays(10); // the plan review is late: the supervisor's deadline is missed
      expect(w.state.view.overdue).toBe(true);
      w.ok('review-plan', sup, { decision: 'approve' });
      expect(w.state.view.overdue).toBe(rules === 1); // rules 1 entered rectifying still red
      w.advanceDays(60); // the enterprise misses its rectification deadline
      const missed = w.events.filter((e) => e.type === 'deadline_missed').map((e) => e.payload.kind);
      if (rules === 1) {
        expect(missed).toEqual(['plan_review']); // the bug: no deadline_missed, no ladder
        expect(w.types()).not.toContain('escalated');
      } else {
        expect(missed).toEqual(['plan_review', 'rectification']);
        expect(w.state.view.details.overdueParty).toBe('enterprise');
        expect(w.types()).toContain('escalated');
      }
    }
  });

  it('4: withdrawal cancels open tasks and rungs as the system, with the reason', () => {
    const w = rectifying();
    w.advanceDays(70);
    expect(w.state.view.escalations.some((e) => e.status === 'open')).toBe(true);
    const out = w.ok('withdraw', sup, { reason: '企业已关闭' });
    expect(out.closeTaskIds ?? []).toEqual([]);
    expect(out.cancelTasks!.ids.length).toBeGreaterThan(0);
    expect(out.cancelTasks!.reason).toContain('企业已关闭');
    expect(out.escalations!.every((e) => e.status === 'cancelled' && e.closedReason?.includes('撤销'))).toBe(
      true,
    );
    expect(w.state.view.escalations.filter((e) => e.status === 'open')).toEqual([]);
    expect(w.state.alarms).toEqual([]);
  });

  it('9: sign-off by the listing authority or above only', () => {
    const w = rectifying();
    w.ok('apply-acceptance', ent, inputs.apply);
    w.ok('record-acceptance', sup, inputs.accept(w));
    expect(w.run('sign-off', street, { comment: '同意' }).refusal).toMatchObject({ code: 'forbidden' });
    expect(w.run('sign-off', city, { comment: '同意' }).refusal).toBeUndefined();
  });

  it('10: an extension or a failed acceptance may not push rectification past the policy maximum unless a higher authority decides', () => {
    const w = rectifying();
    const limit = w.state.view.details.rectificationLimit!;
    w.ok('request-extension', ent, { newDeadline: addDays(limit, 10), reason: '工期' });
    const r = w.run('decide-extension', sup, { approve: true, reason: '同意' });
    expect(r.refusal).toMatchObject({ code: 'invalid', field: 'newDeadline' });
    expect(r.refusal!.message).toContain(limit);
    expect(w.run('decide-extension', city, { approve: true, reason: '上级同意' }).refusal).toBeUndefined();
    const w2 = rectifying();
    w2.ok('apply-acceptance', ent, inputs.apply);
    const f = w2.run('record-acceptance', sup, inputs.fail(w2, 400));
    expect(f.refusal).toMatchObject({ code: 'invalid', field: 'newDeadline' });
    expect(w2.run('record-acceptance', sup, inputs.fail(w2, 100)).refusal).toBeUndefined();
  });

  it('3: the 约谈 outcome opens a 书面承诺 the enterprise can submit; a missed one escalates', () => {
    const walk = () => {
      const w = rectifying();
      w.ok('escalate', sup, { step: 'interview', reason: '拒不整改' });
      const esc = w.state.view.escalations[0]!;
      w.ok('record-escalation-outcome', sup, { escalationId: esc.id, outcome: '已约谈', minutes: '纪要' });
      expect(w.state.view.openTasks.map((t) => t.kind)).toContain('written_commitment');
      return w;
    };
    const w = walk();
    expect(w.run('submit-commitment', ent, { text: '承诺', documentIds: [] }).refusal).toMatchObject({
      field: 'signedScanDocumentId',
    });
    expect(
      w.run('submit-commitment', otherEnt, { text: '承诺', signedScanDocumentId: UUID }).refusal?.code,
    ).toBe('forbidden');
    w.ok('submit-commitment', ent, { text: '承诺按期整改', signedScanDocumentId: UUID });
    expect(w.state.view.openTasks.map((t) => t.kind)).not.toContain('written_commitment');
    expect(w.state.view.details.writtenCommitments).toHaveLength(1);
    w.advanceDays(10);
    expect(w.events.filter((e) => e.type === 'escalated')).toHaveLength(1);
    const late = walk();
    late.advanceDays(10);
    const rungs = late.events.filter((e) => e.type === 'escalated');
    expect(rungs.map((e) => e.payload.step)).toEqual(['interview', 'public_notice']);
    expect(rungs[1]!.payload.reason).toBe('约谈后逾期未提交书面承诺');
  });
});

describe('fix 7: the listing 公示 and the extension decision are clocks; no sign-off before publication', () => {
  const missed = (w: World) =>
    w.events.filter((e) => e.type === 'deadline_missed').map((e) => [e.payload.kind, e.payload.party]);
  it('before the patch neither limit fired', () => {
    const w = rectifying(2, new Set());
    w.ok('request-extension', ent, {
      newDeadline: addDays(shanghaiDateOf(w.state.view.rectificationDeadline!), 10),
      reason: '设备到货延迟',
    });
    w.advanceDays(20);
    expect(missed(w)).toEqual([]);
    expect(w.state.view.overdue).toBe(false);
  });

  it('a listing not published within the limit makes the case overdue, the supervisor’s, until it is published', () => {
    const w = new World();
    w.ok('judge', sup, inputs.judgeMajor);
    w.ok('list', sup, inputs.list(w, 120));
    const due = w.state.view.openTasks.find((t) => t.kind === 'publish_listing')!.dueAt!;
    expect(w.state.alarms).toContainEqual({
      kind: 'supervisor_clock',
      at: due,
      clock: false,
      step: 'publish_listing',
    });
    w.ok('submit-plan', ent, inputs.plan(w));
    w.ok('review-plan', sup, { decision: 'approve' });
    w.advanceDays(8); // 5 working days
    expect(missed(w)).toEqual([['publish_listing', 'supervisor']]);
    expect(w.state.view).toMatchObject({ overdue: true, overdueSince: due });
    expect(w.state.view.details.overdueParty).toBe('supervisor');
    w.ok('confirm-publication', sup, { kind: 'listing', publishedOn: w.today(), reference: '公示' });
    expect(w.state.view).toMatchObject({ overdue: false, overdueSince: null });
    expect(w.state.view.details.overdueClocks).toBeUndefined();
  });

  it('an extension request not decided within the limit is missed, runs through a suspension, and is met by the decision', () => {
    const w = rectifying();
    w.ok('request-extension', ent, {
      newDeadline: addDays(shanghaiDateOf(w.state.view.rectificationDeadline!), 10),
      reason: '设备到货延迟',
    });
    w.ok('suspend', sup, { reason: '停产检修' }); // the enterprise's clock stops, not the supervisor's
    w.advanceDays(16); // 10 working days
    expect(missed(w)).toEqual([['decide_extension', 'supervisor']]);
    expect(w.state.view.overdue).toBe(true);
    w.ok('resume', sup, {});
    w.ok('decide-extension', sup, { approve: false, reason: '理由不充分' });
    expect(w.state.view.overdue).toBe(false);
    expect(w.state.alarms.some((a) => a.kind === 'supervisor_clock')).toBe(false);
  });

  it('sign-off waits for the listing’s publication (a guard for every case, offered only after it)', () => {
    const w = new World();
    w.ok('judge', sup, inputs.judgeMajor);
    w.ok('list', sup, inputs.list(w));
    w.ok('submit-plan', ent, inputs.plan(w));
    w.ok('review-plan', sup, { decision: 'approve' });
    w.ok('apply-acceptance', ent, inputs.apply);
    w.ok('record-acceptance', sup, inputs.accept(w));
    expect(w.run('sign-off', sup, { comment: '同意' }).refusal).toEqual({
      code: 'conflict',
      message: '挂牌信息尚未公示，须先确认挂牌公示，再批准销号',
    });
    expect(allowedActions(w.state, sup, { now: w.now })).not.toContain('sign-off');
    w.ok('confirm-publication', sup, { kind: 'listing', publishedOn: w.today(), reference: '公示' });
    expect(allowedActions(w.state, sup, { now: w.now })).toContain('sign-off');
    w.ok('sign-off', sup, { comment: '同意' });
  });
});

describe('fix 8: missed supervisor deadlines climb a supervisory ladder of their own (policy data)', () => {
  const rungs = (w: World) => w.events.filter((e) => e.type === 'supervisory_escalated');
  it('before the patch a late judgement only set a flag', () => {
    const w = new World(2, undefined, new Set());
    w.advanceDays(20);
    expect(w.state.view.overdue).toBe(true);
    expect(rungs(w)).toEqual([]);
  });

  it('handler, then the 包案领导, then the 安委办 above; each rung a task; all closed when the step is done', () => {
    const w = new World();
    w.ok('judge', sup, inputs.judgeMajor);
    w.ok('list', sup, { ...inputs.list(w), owningLeaderId: LEADER_ID });
    w.ok('confirm-publication', sup, { kind: 'listing', publishedOn: w.today(), reference: '公示' });
    w.ok('submit-plan', ent, inputs.plan(w));
    w.advanceDays(8); // the plan review (5 working days) is late: the handler's reminder
    expect(rungs(w).map((e) => e.payload.notify)).toEqual(['handler']);
    w.advanceDays(7); // + 2 and + 5 working days
    expect(rungs(w).map((e) => [e.payload.deadlineKind, e.payload.notify])).toEqual([
      ['plan_review', 'handler'],
      ['plan_review', 'leader'],
      ['plan_review', 'committee'],
    ]);
    const tasks = w.state.view.openTasks.filter((t) => t.kind === 'supervise:plan_review');
    expect(tasks.map((t) => [t.assigneeRole, t.assigneeUserId, t.assigneeRegionPath])).toEqual([
      ['supervisor', undefined, undefined], // the case's own territory
      ['leader', LEADER_ID, DISTRICT],
      ['supervisor', undefined, '420000/420100/'], // the city above a county listing
    ]);
    expect(tasks[2]!.title).toBe('督办：整改方案审核期限已逾期（上级安委办）');
    const approved = w.ok('review-plan', sup, { decision: 'approve' });
    expect(approved.closeTaskIds).toEqual(expect.arrayContaining(tasks.map((t) => t.id)));
    expect(w.state.view.openTasks.some((t) => t.kind.startsWith('supervise:'))).toBe(false);
    expect(w.state.alarms.some((a) => a.kind === 'supervisory')).toBe(false);
  });

  it('a missed 公示 clock climbs too, and the policy decides the rungs', () => {
    const w = new World();
    w.ok('judge', sup, inputs.judgeMajor);
    w.state.policy = {
      ...DEFAULT_POLICY,
      supervisorLadder: [{ after: { amount: 0, unit: 'working' }, notify: 'committee' }],
    };
    w.ok('list', sup, inputs.list(w));
    w.state.policy = {
      ...w.state.policy!,
      supervisorLadder: [{ after: { amount: 0, unit: 'working' }, notify: 'committee' }],
    };
    w.advanceDays(10);
    expect(rungs(w).map((e) => [e.payload.deadlineKind, e.payload.notify])).toEqual([
      ['publish_listing', 'committee'],
    ]);
    w.ok('confirm-publication', sup, { kind: 'listing', publishedOn: w.today(), reference: '公示' });
    expect(w.state.view.openTasks.some((t) => t.kind.startsWith('supervise:'))).toBe(false);
  });
});

describe('fix 6: the progress-report cycle', () => {
  const misses = (w: World) => w.events.filter((e) => e.type === 'progress_report_missed');
  it('before the patch the cycle fired once and was not re-armed', () => {
    const w = rectifying(2, new Set());
    w.advanceDays(50); // three periods of 15 days
    expect(w.types().filter((t) => t === 'progress_report_due')).toHaveLength(1);
    expect(w.state.alarms.some((a) => a.kind === 'progress_due')).toBe(false);
  });

  it('re-arms every period, opens the next task, counts the miss and climbs the policy ladder', () => {
    const w = rectifying();
    const first = w.state.view.openTasks.find((t) => t.kind === 'report_progress')!;
    w.advanceDays(16);
    expect(misses(w)).toHaveLength(1);
    const m1 = misses(w)[0]!;
    expect(m1.payload).toMatchObject({ misses: 1, missesInRow: 1, dueAt: first.dueAt });
    expect(m1.cancelTasks).toEqual({ ids: [first.id], reason: expect.stringContaining('第1次未按期报送') });
    const next = w.state.view.openTasks.filter((t) => t.kind === 'report_progress');
    expect(next).toHaveLength(1);
    expect(next[0]!.dueAt).toBe(m1.payload.nextDueAt);
    expect(Date.parse(next[0]!.dueAt!) - Date.parse(first.dueAt!)).toBe(15 * 86_400_000);
    expect(w.state.alarms.filter((a) => a.kind === 'progress_due').map((a) => a.at)).toEqual([
      next[0]!.dueAt,
    ]);
    // policy.progressReportMisses: 1 → 预警, 2 → 督办函, 3 → 约谈
    expect(w.state.view.escalations.map((e) => [e.step, e.reason])).toEqual([
      ['warning', '连续1次未按期报送整改进展'],
    ]);
    w.advanceDays(30);
    expect(w.state.view.details.progressReportMisses).toBe(3);
    expect(w.state.view.escalations.map((e) => e.step)).toEqual(['warning', 'urging_letter', 'interview']);
    // A report resets the count in a row (not the total) and re-arms from today.
    w.ok('report-progress', ent, { summary: '已完成一半', percentComplete: 50 });
    expect(w.state.view.details).toMatchObject({ progressReportMisses: 3, progressMissesInRow: 0 });
    expect(w.state.view.openTasks.filter((t) => t.kind === 'report_progress')).toHaveLength(1);
    w.advanceDays(16);
    expect(w.state.view.details).toMatchObject({ progressReportMisses: 4, progressMissesInRow: 1 });
    const progressRungs = w.state.view.escalations.filter((e) => e.reason.includes('报送'));
    expect(progressRungs.map((e) => e.step)).toEqual(['warning', 'urging_letter', 'interview', 'warning']);
  });

  it('the policy decides the rungs (data), and a suspended clock misses nothing', () => {
    const w = rectifying();
    w.state.policy = { ...w.state.policy!, progressReportMisses: [{ misses: 2, step: 'public_notice' }] };
    w.advanceDays(16);
    expect(w.state.view.escalations).toEqual([]);
    w.advanceDays(15);
    expect(w.state.view.escalations.map((e) => e.step)).toEqual(['public_notice']);
    w.ok('suspend', sup, { reason: '停产检修' });
    const before = misses(w).length;
    w.advanceDays(60);
    expect(misses(w)).toHaveLength(before);
  });

  it('stops at the acceptance application and restarts after a failed acceptance', () => {
    const w = rectifying();
    w.ok('apply-acceptance', ent, inputs.apply);
    expect(w.state.alarms.some((a) => a.kind === 'progress_due')).toBe(false);
    w.advanceDays(5);
    const failed = w.ok('record-acceptance', sup, inputs.fail(w, 40));
    expect(failed.openTasks!.map((t) => t.kind)).toEqual(['rectify', 'report_progress']);
    expect(w.state.alarms.some((a) => a.kind === 'progress_due')).toBe(true);
    w.advanceDays(16);
    expect(misses(w)).toHaveLength(1);
    const old = rectifying(2, new Set());
    old.ok('apply-acceptance', ent, inputs.apply);
    old.ok('record-acceptance', sup, inputs.fail(old, 40));
    expect(old.state.alarms.some((a) => a.kind === 'progress_due')).toBe(false); // the bug
  });
});

describe('fix 11: the enterprise asks to stop the clock (停表); the listing authority decides; resuming restores the working days left', () => {
  /**
   * Weekends only (the test calendar), counted as the product counts periods: one starting on a day off starts on
   * the next working day. The working days after `from` up to and including `to`, and `n` working days after `from`.
   */
  const isWorking = (d: string) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());
  const start = (from: string) => {
    let d = from;
    while (!isWorking(d)) d = addDays(d, 1);
    return d;
  };
  const wdBetween = (from: string, to: string) => {
    let n = 0;
    for (let d = addDays(start(from), 1); d <= to; d = addDays(d, 1)) if (isWorking(d)) n += 1;
    return n;
  };
  const addWd = (from: string, n: number) => {
    let d = start(from);
    for (let left = n; left > 0;) {
      d = addDays(d, 1);
      const wd = new Date(`${d}T00:00:00Z`).getUTCDay();
      if (wd !== 0 && wd !== 6) left -= 1;
    }
    return d;
  };
  const request = (days = 10) => ({ reason: '上游停电，设备无法安装', days, documentIds: [UUID] });

  it('who may ask and decide, in which state, with which fields: 403, 409, 422 naming the field', () => {
    const early = new World();
    expect(early.run('request-suspension', ent, request()).refusal?.code).toBe('conflict'); // 待研判
    const w = rectifying();
    expect(w.run('request-suspension', sup, request()).refusal).toMatchObject({
      code: 'forbidden',
      message: '只有责任企业可以申请停表',
    });
    expect(w.run('request-suspension', otherEnt, request()).refusal?.code).toBe('forbidden');
    expect(w.run('request-suspension', ent, request(61)).refusal).toMatchObject({
      code: 'invalid',
      field: 'days',
      message: expect.stringContaining('不能超过60个工作日'),
    });
    expect(w.run('request-suspension', ent, { ...request(), documentIds: [] }).refusal).toMatchObject({
      code: 'invalid',
      field: 'documentIds',
      message: '申请停表须上传证明材料',
    });
    expect(w.run('request-suspension', ent, { ...request(), reason: '' }).refusal?.field).toBe('reason');
    expect(w.run('decide-suspension', sup, { approve: true }).refusal).toMatchObject({
      code: 'conflict',
      message: '没有待审批的停表申请',
    });
    const asked = w.ok('request-suspension', ent, request());
    expect(asked.type).toBe('suspension_requested');
    expect(asked.openTasks!.map((t) => [t.kind, t.assigneeRole])).toEqual([
      ['decide_suspension', 'supervisor'],
    ]);
    expect(w.run('request-suspension', ent, request()).refusal?.message).toBe('已有待审批的停表申请');
    expect(w.run('suspend', sup, { reason: 'x' }).refusal?.code).toBe('conflict');
    // The street office below the district that listed it may not decide; the enterprise may not either.
    expect(w.run('decide-suspension', street, { approve: true }).refusal?.code).toBe('forbidden');
    expect(w.run('decide-suspension', ent, { approve: true }).refusal?.code).toBe('forbidden');
    expect(w.run('decide-suspension', sup, { approve: true, days: 61 }).refusal).toMatchObject({
      code: 'invalid',
      field: 'days',
    });
    expect(w.run('decide-suspension', sup, { approve: false }).refusal).toMatchObject({
      code: 'invalid',
      field: 'reason',
      message: '不予批准须说明理由',
    });
    expect(allowedActions(w.state, sup, { now: w.now })).toContain('decide-suspension');
    expect(allowedActions(w.state, street, { now: w.now })).not.toContain('decide-suspension');
    expect(allowedActions(w.state, ent, { now: w.now })).not.toContain('request-suspension');
  });

  it('approved: no deadline runs while stopped; at the approved end it resumes by itself with the working days left', () => {
    const w = rectifying();
    const rect = shanghaiDateOf(w.state.view.rectificationDeadline!);
    const limit = w.state.view.details.rectificationLimit!;
    w.ok('request-suspension', ent, request(20));
    const approved = w.ok('decide-suspension', city, { approve: true, days: 10, reason: '情况属实' });
    const day = w.today();
    const left = wdBetween(day, rect);
    const until = addWd(day, 10);
    expect(approved.type).toBe('suspended');
    expect(approved.payload).toMatchObject({ days: 10, until, remainingWorkingDays: left });
    expect(approved.closeTaskIds).toEqual([expect.stringContaining('decide_suspension')]);
    expect(w.state.view.status).toBe('suspended');
    expect(w.state.view.details.suspension).toMatchObject({ days: 10, until, remainingWorkingDays: left });
    expect(w.state.view.openTasks.some((t) => t.kind === 'decide_suspension')).toBe(false);
    // The reminders, the progress report and the deadline wait; only the end of the 停表 is due.
    expect(nextAlarm(w.state)).toMatchObject({ kind: 'suspension_end' });
    const before = w.events.length;
    w.advance(new Date(Date.parse(`${until}T23:00:00+08:00`)).toISOString());
    expect(w.events.slice(before).map((e) => e.type)).toEqual([]);
    w.advanceDays(1);
    const resumed = w.events.slice(before);
    expect(resumed.map((e) => e.type)).toEqual(['resumed']);
    expect(resumed[0]!.actor.role).toBe('system');
    expect(resumed[0]!.payload).toMatchObject({ automatic: true, remainingWorkingDays: left });
    const newDeadline = addWd(until, left);
    expect(shanghaiDateOf(w.state.view.deadline!)).toBe(newDeadline);
    expect(shanghaiDateOf(w.state.view.rectificationDeadline!)).toBe(newDeadline);
    expect(w.state.view.status).toBe('rectifying');
    expect(w.state.view.suspended).toBe(false);
    const rectify = w.state.view.openTasks.find((t) => t.kind === 'rectify')!;
    expect(rectify.dueAt).toBe(w.state.view.deadline);
    expect(resumed[0]!.retimeTasks).toContainEqual({ id: rectify.id, dueAt: w.state.view.deadline });
    // The policy's limit does not count the days the clock stood still.
    const paused = (Date.parse(until) - Date.parse(day)) / 86_400_000;
    expect(w.state.view.details.rectificationLimit).toBe(addDays(limit, paused));
    // And the reminders run again before the new deadline; the missed deadline then climbs the ladder.
    expect(w.state.alarms.filter((a) => a.kind === 'reminder').length).toBeGreaterThan(0);
    w.advance(w.state.view.deadline!);
    expect(w.types()).toContain('deadline_missed');
    expect(w.state.alarms.some((a) => a.kind === 'escalate') || w.state.view.escalations.length > 0).toBe(
      true,
    );
  });

  it('a supervisor resumes early: the deadline is today + the working days left', () => {
    const w = rectifying();
    const rect = shanghaiDateOf(w.state.view.rectificationDeadline!);
    w.ok('request-suspension', ent, request(30));
    w.ok('decide-suspension', sup, { approve: true });
    expect(w.state.view.details.suspension?.days).toBe(30);
    const left = wdBetween(w.today(), rect);
    w.advanceDays(9);
    expect(w.run('resume', ent, {}).refusal?.code).toBe('forbidden');
    const out = w.ok('resume', sup, { note: '已恢复供电' });
    expect(out.payload).toMatchObject({ note: '已恢复供电', remainingWorkingDays: left });
    expect(shanghaiDateOf(w.state.view.deadline!)).toBe(addWd(w.today(), left));
    expect(w.state.alarms.some((a) => a.kind === 'suspension_end')).toBe(false);
    expect(w.state.view.details.suspensions).toHaveLength(1);
  });

  it('rejected with a reason: the clock never stopped; an undecided request is a supervisor clock that climbs', () => {
    const w = rectifying();
    const deadline = w.state.view.deadline;
    w.ok('request-suspension', ent, request());
    w.advanceDays(8); // 5 working days
    const missed = w.events.filter((e) => e.type === 'deadline_missed').map((e) => e.payload.kind);
    expect(missed).toEqual(['decide_suspension']);
    expect(w.state.view.overdue).toBe(true);
    expect(w.state.view.details.overdueParty).toBe('supervisor');
    expect(w.types()).toContain('supervisory_escalated');
    const out = w.ok('decide-suspension', sup, { approve: false, reason: '停电已恢复，无需停表' });
    expect(out.type).toBe('suspension_rejected');
    expect(w.state.view.overdue).toBe(false);
    expect(w.state.view.status).toBe('rectifying');
    expect(w.state.view.deadline).toBe(deadline);
    expect(w.state.view.openTasks.some((t) => t.kind.includes('suspension'))).toBe(false);
    expect(w.state.view.details.suspensionRequests).toHaveLength(1);
  });

  it('the policy caps the count, and the days (granted at most the cap)', () => {
    const w = rectifying();
    for (let i = 0; i < 2; i += 1) {
      w.ok('request-suspension', ent, request(2));
      w.ok('decide-suspension', sup, { approve: true });
      w.advanceDays(5);
      expect(w.state.view.status).toBe('rectifying');
    }
    expect(w.run('request-suspension', ent, request()).refusal).toMatchObject({
      code: 'conflict',
      message: '停表次数已达上限（2次）',
    });
    const tight = rectifying();
    tight.state.policy = {
      ...DEFAULT_POLICY,
      suspension: { ...DEFAULT_POLICY.suspension, maxWorkingDays: 5 },
    };
    expect(tight.run('request-suspension', ent, request(6)).refusal?.field).toBe('days');
    tight.ok('request-suspension', ent, request(5));
    expect(tight.run('decide-suspension', sup, { approve: true, days: 6 }).refusal?.field).toBe('days');
  });

  it('applying for acceptance drops an undecided request (cancelled by the system, with the reason)', () => {
    const w = rectifying();
    w.ok('request-suspension', ent, request());
    const out = w.ok('apply-acceptance', ent, inputs.apply);
    expect(out.cancelTasks?.reason).toBe('已申请验收，停表申请不再审批');
    expect(w.state.view.details.pendingSuspension).toBeUndefined();
    expect(w.state.alarms.some((a) => a.kind === 'supervisor_clock')).toBe(false);
  });

  it('a supervisor’s own 停表 restores the working days left too', () => {
    const w = rectifying();
    const rect = shanghaiDateOf(w.state.view.rectificationDeadline!);
    const left = wdBetween(w.today(), rect);
    w.ok('suspend', sup, { reason: '责令停产整顿' });
    expect(w.state.view.details.suspension?.remainingWorkingDays).toBe(left);
    w.advanceDays(40);
    w.ok('resume', sup, {});
    expect(shanghaiDateOf(w.state.view.deadline!)).toBe(addWd(w.today(), left));
  });
});

describe('fix 5: 提级督办 raises the level; the higher authority lists, supervises and has the tasks', () => {
  const CITY = '420000/420100/';
  const raise = (over: Record<string, unknown> = {}) => ({
    level: 'city',
    listingAuthority: '武汉市安委办',
    supervisingUnit: '武汉市应急管理局',
    reason: '逾期未整改，提级督办',
    ...over,
  });
  const planSubmitted = () => {
    const w = new World();
    w.ok('judge', sup, inputs.judgeMajor);
    w.ok('list', sup, inputs.list(w));
    w.ok('confirm-publication', sup, { kind: 'listing', publishedOn: w.today(), reference: '公示' });
    w.ok('submit-plan', ent, inputs.plan(w));
    return w;
  };

  it('who may raise, in which state, to which level: 403, 409, 422 naming the field', () => {
    const w = new World();
    expect(w.run('raise-level', sup, raise()).refusal).toMatchObject({ code: 'conflict' }); // not listed
    w.ok('judge', sup, inputs.judgeMajor);
    w.ok('list', sup, inputs.list(w)); // 县级, 洪山区 lists
    // A street office below the listing authority may not raise it; an enterprise may not at all.
    expect(w.run('raise-level', street, raise()).refusal).toMatchObject({
      code: 'forbidden',
      message: '提级督办须由挂牌单位（洪山区应急管理局）或其上级决定',
    });
    expect(w.run('raise-level', ent, raise()).refusal?.code).toBe('forbidden');
    expect(w.run('raise-level', sup, raise({ level: 'county' })).refusal).toMatchObject({
      code: 'invalid',
      field: 'level',
      message: '提级后的挂牌层级须高于当前的县级',
    });
    // The district raises one level; the province's own authority may take it over directly, the district may not.
    expect(w.run('raise-level', sup, raise({ level: 'province' })).refusal).toMatchObject({
      code: 'invalid',
      field: 'level',
    });
    expect(w.run('raise-level', sup, { ...raise(), listingAuthority: '' }).refusal).toMatchObject({
      code: 'invalid',
      field: 'listingAuthority',
    });
    const province: Actor = { ...city, id: 'u-prov', regionPath: '420000/' };
    const row = commandByAction.get('raise-level')!;
    expect(guard(row, w.state, province, raise({ level: 'province' }), { now: w.now })).toBeUndefined();
    // The old way (a manual 升级督办 rung that only set a flag) is refused, naming the field.
    expect(w.run('escalate', sup, { step: 'level_raise', reason: '提级' }).refusal).toMatchObject({
      code: 'invalid',
      field: 'step',
    });
    expect(allowedActions(w.state, sup, { now: w.now })).toContain('raise-level');
    expect(allowedActions(w.state, street, { now: w.now })).not.toContain('raise-level');
    expect(allowedActions(w.state, city, { now: w.now })).toContain('raise-level');
  });

  it('raises the level: the city lists and supervises, takes the open supervisor tasks and a task of its own', () => {
    const w = planSubmitted();
    const review = w.state.view.openTasks.find((t) => t.kind === 'review_plan')!;
    const o = w.ok('raise-level', city, raise({ owningLeaderId: LEADER_ID }));
    const v = w.state.view;
    expect([v.level, v.listingAuthority, v.supervisingUnit, v.owningLeaderId]).toEqual([
      'city',
      '武汉市安委办',
      '武汉市应急管理局',
      LEADER_ID,
    ]);
    expect(v.details.listingRegionPath).toBe(CITY);
    expect(v.details.levelRaises).toEqual([
      expect.objectContaining({
        fromLevel: 'county',
        toLevel: 'city',
        fromAuthority: '洪山区应急管理局',
        listingAuthority: '武汉市安委办',
        regionPath: CITY,
        by: '市局',
        takeover: true, // the city took it over itself: its documents are a notice, not a request
      }),
    ]);
    expect(o.type).toBe('escalated');
    expect(o.payload).toMatchObject({
      step: 'level_raise',
      manual: true,
      raise: { fromLevel: 'county', toLevel: 'city', listingAuthority: '武汉市安委办', regionPath: CITY },
    });
    // The plan review is the city's now (moved, not reopened); the rung's task is the city's too.
    expect(o.moveTasks).toEqual({ ids: [review.id], assigneeRegionPath: CITY });
    expect(o.openTasks!.map((t) => [t.kind, t.assigneeRole, t.assigneeRegionPath])).toEqual([
      ['escalation:level_raise', 'supervisor', CITY],
    ]);
    expect(o.escalations!.map((e) => [e.step, e.status])).toEqual([['level_raise', 'open']]);
    expect(v.openTasks.find((t) => t.id === review.id)!.assigneeRegionPath).toBe(CITY);
    // The case's territory is unchanged (it is where the hazard is): the district still reads it.
    expect(v.regionPath).toBe(DISTRICT);
  });

  it('after the raise the district reads but no longer acts; the city does; the enterprise is as before', () => {
    const w = planSubmitted();
    w.ok('raise-level', city, raise());
    expect(w.run('review-plan', sup, { decision: 'approve' }).refusal).toMatchObject({
      code: 'forbidden',
      message: '本案已提级由武汉市安委办督办，须由挂牌单位或其上级审核整改方案',
    });
    expect(w.run('review-plan', leader, { decision: 'approve' }).refusal?.code).toBe('forbidden');
    expect(allowedActions(w.state, sup, { now: w.now })).toEqual([]);
    expect(allowedActions(w.state, city, { now: w.now })).toEqual(
      expect.arrayContaining(['review-plan', 'raise-level', 'record-escalation-outcome', 'withdraw']),
    );
    w.ok('review-plan', city, { decision: 'approve' });
    w.ok('apply-acceptance', ent, inputs.apply);
    // Tasks opened after the raise are the city's as well.
    const hold = w.state.view.openTasks.find((t) => t.kind === 'hold_acceptance')!;
    expect(hold.assigneeRegionPath).toBe(CITY);
  });

  it('the ladder’s 升级督办 rung asks the authority above (its task); the raise answers it', () => {
    const w = rectifying();
    w.advanceDays(60 + 40); // the deadline missed, the ladder past 升级督办 (15 working days)
    const asked = w.state.view.escalations.find((e) => e.step === 'level_raise')!;
    expect(asked).toMatchObject({ manual: false, status: 'open' });
    const task = w.state.view.openTasks.find((t) => t.kind === 'escalation:level_raise')!;
    expect(task.assigneeRegionPath).toBe(CITY);
    expect(task.title).toContain('提请上级提级督办');
    expect(w.state.view.details.levelRaised).toBeUndefined();
    expect(w.state.view.level).toBe('county');
    const o = w.ok('raise-level', city, raise());
    expect(o.closeTaskIds).toEqual([task.id]);
    expect(w.state.view.escalations.find((e) => e.id === asked.id)).toMatchObject({
      status: 'done',
      outcome: '已提级至武汉市安委办（市级）督办',
    });
    expect(w.state.view.level).toBe('city');
  });

  it('before the patch the ladder’s rung only set a flag, in the case’s own territory', () => {
    const w = rectifying(2, new Set(caseFeatures.filter((f) => f !== 'level-raise-authority')));
    w.advanceDays(60 + 40);
    const task = w.state.view.openTasks.find((t) => t.kind === 'escalation:level_raise')!;
    expect(task.assigneeRegionPath).toBeUndefined();
    expect(w.state.view.details.levelRaised).toBe(true);
    expect(w.state.view.level).toBe('county');
  });

  it('records who raised: the listing authority raising its own listing asks the one above (no takeover)', () => {
    const w = planSubmitted();
    const o = w.ok('raise-level', sup, raise());
    expect(w.state.view.details.levelRaises!.map((r) => [r.by, r.takeover])).toEqual([['张监管', false]]);
    expect(o.payload).toMatchObject({ raise: { takeover: false } });
    // The province raising the city's listing again takes it over.
    const province: Actor = { ...city, id: 'u-prov', name: '省厅', regionPath: '420000/' };
    w.ok('raise-level', province, raise({ level: 'province', listingAuthority: '湖北省安委办' }));
    expect(w.state.view.details.levelRaises!.map((r) => [r.toLevel, r.takeover])).toEqual([
      ['city', false],
      ['province', true],
    ]);
  });

  it('a province listing cannot be raised', () => {
    const w = new World();
    w.ok('judge', sup, inputs.judgeMajor);
    w.ok('list', sup, { ...inputs.list(w), level: 'province' });
    expect(w.run('raise-level', city, raise({ level: 'province' })).refusal).toMatchObject({
      code: 'conflict',
      message: '案件已是省级挂牌督办，不能再提级',
    });
  });
});

// ---------- property: random commands and clock advances ----------

const TASK_COMMAND: Record<string, string> = {
  judge: 'judge',
  list: 'list',
  publish_listing: 'confirm-publication',
  submit_plan: 'submit-plan',
  review_plan: 'review-plan',
  rectify: 'apply-acceptance',
  report_progress: 'report-progress',
  decide_extension: 'decide-extension',
  decide_suspension: 'decide-suspension',
  hold_acceptance: 'record-acceptance',
  expert_opinion: 'submit-expert-opinion',
  sign_off: 'sign-off',
  publish_delisting: 'confirm-publication',
  written_commitment: 'submit-commitment',
};

/** The task whose step a supervisory reminder (`supervise:<deadline kind>`) waits for. */
const LATE_STEP_TASK: Record<string, string> = {
  judgement: 'judge',
  listing: 'list',
  plan_review: 'review_plan',
  acceptance: 'hold_acceptance',
  sign_off: 'sign_off',
  publish_delisting: 'publish_delisting',
  publish_listing: 'publish_listing',
  decide_extension: 'decide_extension',
  decide_suspension: 'decide_suspension',
};

/** A valid input for the command in this state (the dates relative to today and the case's deadlines). */
function sampleInput(action: string, w: World, pick: number): unknown {
  const t = w.today();
  const rect = w.state.view.rectificationDeadline ? shanghaiDateOf(w.state.view.rectificationDeadline) : t;
  switch (action) {
    case 'judge':
      return pick % 8 === 7 ? { decision: 'general', reason: '一般' } : inputs.judgeMajor;
    case 'list':
      return inputs.list(w, 20 + (pick % 120));
    case 'confirm-publication':
      return {
        kind: w.state.view.status === 'signed_off' ? 'delisting' : 'listing',
        publishedOn: t,
        reference: '文号',
      };
    case 'submit-plan':
      return { ...inputs.plan(w), timeLimit: rect < t ? t : rect };
    case 'review-plan':
      return pick % 4 === 0 ? { decision: 'return', reason: '退回' } : { decision: 'approve' };
    case 'report-progress':
      return { summary: '进展', percentComplete: pick % 101 };
    case 'request-extension':
      return { newDeadline: addDays(rect, 10 + (pick % 20)), reason: '延期' };
    case 'decide-extension':
      return { approve: pick % 3 !== 0, reason: '意见' };
    case 'suspend':
      return { reason: '停表' };
    case 'request-suspension':
      return { reason: '停产检修', days: 1 + (pick % 20), documentIds: [UUID] };
    case 'decide-suspension':
      return pick % 3 === 0 ? { approve: false, reason: '理由不充分' } : { approve: true };
    case 'resume':
      return {};
    case 'apply-acceptance':
      return inputs.apply;
    case 'invite-experts': {
      // A new expert each time (inviting one twice is refused), and sometimes expertA.
      const invited = w.state.view.details.invitedExperts ?? [];
      const id = invited.some((e) => e.id === expertA.id && e.round === w.state.view.acceptanceFailures + 1)
        ? `55555555-5555-4555-8555-${String(invited.length).padStart(12, '0')}`
        : expertA.id;
      return { experts: [{ id, name: '专家' }] };
    }
    case 'submit-expert-opinion':
      return { opinion: '意见', recommendation: 'pass' };
    case 'record-acceptance':
      return pick % 3 === 0 ? inputs.fail(w, 30) : inputs.accept(w);
    case 'sign-off':
      return { comment: '同意' };
    case 'withdraw':
      return { reason: '撤销' };
    case 'escalate':
      return { step: (['warning', 'interview', 'urging_letter'] as const)[pick % 3], reason: '手动' };
    case 'record-escalation-outcome': {
      const e = w.state.view.escalations.find((x) => x.status === 'open');
      return { escalationId: e?.id ?? 'none', outcome: '已办', minutes: '纪要' };
    }
    case 'submit-commitment':
      return { text: '承诺', signedScanDocumentId: UUID };
    case 'attach-enterprise':
      return { enterpriseId: UUID, enterpriseName: '企业', industryCategory: null, departmentId: null };
    case 'raise-level':
      return {
        level: 'city',
        listingAuthority: '武汉市安委办',
        supervisingUnit: '武汉市应急管理局',
        reason: '提级',
      };
  }
  return {};
}

const ACTORS = [sup, ent, leader, expertA, otherEnt, street, city];

/** The supervisor whose task it is: the case's territory, or the listing authority's once it was raised (提级督办). */
const supervisorOf = (s: CaseState): Actor =>
  s.view.details.listingRegionPath ? { ...sup, regionPath: s.view.details.listingRegionPath } : sup;

function checkInvariants(w: World, fired: Outcome[]) {
  const s = w.state;
  const v = s.view;
  const terminal = terminalStatuses.includes(v.status);
  if (terminal) {
    expect(v.openTasks).toEqual([]);
    expect(v.escalations.filter((e) => e.status === 'open')).toEqual([]);
  }
  // overdue holds exactly when a running deadline is past: the case's, or a supervisor clock not yet met.
  if (!terminal && !v.suspended) {
    const clocksPast = (v.details.overdueClocks ?? []).length > 0;
    expect(v.overdue).toBe((v.deadline !== null && v.deadline <= w.now) || clocksPast);
    for (const c of v.details.overdueClocks ?? []) expect(c.dueAt <= w.now).toBe(true);
  }
  // a missed enterprise deadline produced deadline_missed and the ladder started.
  for (const e of fired) {
    if (e.type === 'deadline_missed' && e.payload.party === 'enterprise' && !v.suspended && !terminal) {
      const climbed =
        s.alarms.some((a) => a.kind === 'escalate') || s.ladderIndex > 0 || v.escalations.length > 0;
      expect(climbed).toBe(true);
    }
  }
  // every open task has a command its assignee may issue (an enterprise's task waits while the clock is stopped).
  for (const t of v.openTasks) {
    // A supervisory reminder is finished by the late step itself: it stays open only while that step is late.
    if (t.kind.startsWith('supervise:')) {
      const step = t.kind.slice('supervise:'.length);
      const late =
        (v.deadlineKind === step && v.overdue) ||
        (v.details.overdueClocks ?? []).some((c) => c.step === step);
      expect(late, t.kind).toBe(true);
      continue;
    }
    if (t.kind.startsWith('escalation:')) {
      expect(
        mayIssue(commandByAction.get('record-escalation-outcome')!, s, supervisorOf(s), { now: w.now }),
      ).toBeUndefined();
      continue;
    }
    const action = TASK_COMMAND[t.kind];
    expect(action, t.kind).toBeDefined();
    const who =
      t.assigneeRole === 'enterprise'
        ? ent
        : t.assigneeRole === 'expert'
          ? { ...expertA, id: t.assigneeUserId! }
          : supervisorOf(s);
    if (who === ent && v.suspended && action === 'apply-acceptance') continue;
    // 销号 waits for the listing's publication: then the publication is what the supervisor may do.
    if (t.kind === 'sign_off' && !s.listingPublished) {
      expect(v.openTasks.map((x) => x.kind)).toContain('publish_listing');
      expect(
        mayIssue(commandByAction.get('confirm-publication')!, s, supervisorOf(s), { now: w.now }),
      ).toBeUndefined();
      continue;
    }
    expect(
      mayIssue(commandByAction.get(action!)!, s, who, { now: w.now }),
      `${t.kind} by ${who.role}`,
    ).toBeUndefined();
  }
  // allowedActions equals the set of commands whose guard passes (with a valid input).
  for (const actor of ACTORS) {
    const allowed = allowedActions(s, actor, { now: w.now });
    for (const c of caseCommands as readonly CaseCommand[]) {
      const refusal = guard(c, s, actor, sampleInput(c.action, w, 1), { now: w.now });
      if (allowed.includes(c.action))
        expect(refusal?.code ?? 'invalid', `${c.action} by ${actor.name}`).toBe('invalid');
      else expect(refusal, `${c.action} by ${actor.name}`).toBeDefined();
    }
  }
}

describe('property: random command sequences and clock advances through the pure core', () => {
  it('keeps the invariants after every step', () => {
    const reached = new Set<string>();
    const step = fc.oneof(
      {
        weight: 5,
        arbitrary: fc.record({
          kind: fc.constant('cmd' as const),
          action: fc.constantFrom(...caseCommands.map((c) => c.action)),
          /** Most steps pick among the commands the actor is offered, so runs reach deep states. */
          offered: fc.nat(9),
          idx: fc.nat(30),
          actor: fc.nat(ACTORS.length - 1),
          pick: fc.nat(50),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({ kind: fc.constant('clock' as const), days: fc.integer({ min: 1, max: 40 }) }),
      },
    );
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 80 }), (steps) => {
        const w = new World(2);
        reached.add(w.state.view.status);
        for (const st of steps) {
          const before = w.events.length;
          if (st.kind === 'clock') w.advanceDays(st.days);
          else {
            const stateBefore = JSON.stringify(w.state);
            // Mostly an open task is done by its assignee (the case moves); otherwise anyone is offered something.
            const tasks = w.state.view.openTasks;
            let actor = ACTORS[(st.actor + st.idx) % ACTORS.length]!;
            let action = st.action;
            if (st.offered < 6 && tasks.length > 0) {
              let t = tasks[st.idx % tasks.length]!;
              if (t.kind.startsWith('supervise:')) {
                // A supervisory reminder: the supervisor does the late step.
                const step = t.kind.slice('supervise:'.length);
                t = { ...t, kind: LATE_STEP_TASK[step] ?? 'judge', assigneeRole: 'supervisor' };
              }
              actor =
                t.assigneeRole === 'enterprise'
                  ? ent
                  : t.assigneeRole === 'expert'
                    ? { ...expertA, id: t.assigneeUserId! }
                    : supervisorOf(w.state);
              action = t.kind.startsWith('escalation:') ? 'record-escalation-outcome' : TASK_COMMAND[t.kind]!;
            } else if (st.offered < 9) {
              // Withdrawal ends a run: offered rarely.
              const offered = allowedActions(w.state, actor, { now: w.now }).filter(
                (a) => a !== 'withdraw' || st.idx === 0,
              );
              if (offered.length > 0) action = offered[st.idx % offered.length]!;
            }
            const r = w.run(action, actor, sampleInput(action, w, st.pick));
            if (r.refusal) expect(JSON.stringify(w.state)).toBe(stateBefore); // rejected commands change nothing
          }
          checkInvariants(w, w.events.slice(before));
          reached.add(w.state.view.status);
          for (const e of w.events.slice(before)) reached.add(e.type);
        }
      }),
      { numRuns: 200 },
    );
    // The runs reached the deep states and the clocks, not only refusals.
    // (The rarer paths, closure, suspension, commitments, have their table tests above.)
    for (const x of [
      'rectifying',
      'acceptance_requested',
      'deadline_missed',
      'escalated',
      'progress_report_missed',
    ])
      expect([...reached].join(','), x).toContain(x);
  }, 120_000);
});
