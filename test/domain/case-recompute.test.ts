import { describe, expect, it } from 'vitest';
import { computeDates, createWorkingCalendar, type CalendarYear } from '../../domain/calendar.js';
import {
  commandByAction,
  decide,
  decideReported,
  initialState,
  nextAlarm,
  recomputeEstimates,
  type CaseState,
  type DecideCtx,
} from '../../domain/case/index.js';
import type { Actor } from '../../domain/commands.js';
import { DEFAULT_POLICY } from '../../domain/policy.js';

/**
 * An administrator enters a calendar year: the deadlines a case estimated for it on weekends alone are computed
 * again on the official calendar, every date they produced moves (the running deadline and its timer, the tasks,
 * the extension cutoff), and the estimate mark goes when no year is left unknown.
 */
const DISTRICT = '420000/420100/420111/';
const ENT = '11111111-1111-4111-8111-111111111111';
const UUID = '44444444-4444-4444-8444-444444444444';
const sup: Actor = { id: 'u-sup', role: 'supervisor', name: '张监管', regionPath: DISTRICT };
const ent: Actor = { id: 'u-ent', role: 'enterprise', name: '企业安全员', enterpriseId: ENT };

/** 2029 is known (weekends only, no holidays); 2030 is not, until the administrator enters it. */
const y2029: CalendarYear = { year: 2029, holidays: [], workdays: [] };
const y2030: CalendarYear = {
  year: 2030,
  holidays: ['2030-01-01', '2030-02-04', '2030-02-05', '2030-02-06', '2030-02-07', '2030-02-08'],
  workdays: [],
};
const before = createWorkingCalendar([y2029]);
const after = createWorkingCalendar([y2029, y2030]);
const NOW = '2029-12-24T02:00:00.000Z'; // Monday 10:00 in Shanghai
const ctxOn = (calendar: ReturnType<typeof createWorkingCalendar>, now = NOW): DecideCtx => ({
  now,
  rules: 2,
  policy: DEFAULT_POLICY,
  dates: (from, durations) => computeDates(calendar, from, durations),
});

function run(s: CaseState, action: string, actor: Actor, input: unknown): CaseState {
  const d = decide(commandByAction.get(action)!, s, input, actor, ctxOn(before));
  if ('refusal' in d) throw new Error(`${action}: ${JSON.stringify(d.refusal)}`);
  return d.state;
}

/** A case judged and listed on 2029-12-24: its plan is due 10 working days later, in 2030. */
function listed(rectificationDeadline = '2030-03-01'): CaseState {
  const report = {
    source: 'inspection' as const,
    enterpriseId: ENT,
    regionCode: '420111',
    title: '除尘系统未设置泄爆装置',
    description: '检查发现',
    evidenceDocumentIds: [],
  };
  let s = decideReported(initialState({ caseId: 'c1', regionPath: DISTRICT, report }), report, sup, {
    ...ctxOn(before),
    policy: DEFAULT_POLICY,
  }).state;
  s = run(s, 'judge', sup, { decision: 'major', clauseId: UUID, reason: '符合判定标准' });
  return run(s, 'list', sup, {
    level: 'county',
    listingAuthority: '洪山区应急管理局',
    supervisingUnit: '洪山区安委办',
    rectificationDeadline,
    interimControls: ['stop_use'],
  });
}

describe('recomputing estimated deadlines when a calendar year is entered', () => {
  it('moves the plan deadline, its timer and its task to the official calendar, and drops the mark', () => {
    const s = listed();
    // On weekends only, 10 working days from Monday 2029-12-24 end on Monday 2030-01-07.
    expect(s.view.deadline).toBe('2030-01-07T15:59:59.999Z');
    expect(s.view.details.calendarEstimate).toEqual({ years: [2030] });
    expect(s.view.details.calendarWarning).toContain('2030');
    expect(s.estimates?.map((e) => e.year)).toContain(2030);

    const r = recomputeEstimates(s, ctxOn(after));
    // 2030-01-01 is a holiday: the tenth working day is Tuesday 2030-01-08.
    expect(r.state.view.deadline).toBe('2030-01-08T15:59:59.999Z');
    expect(nextAlarm(r.state)).toMatchObject({ kind: 'deadline', at: '2030-01-08T15:59:59.999Z' });
    expect(r.state.alarms.filter((a) => a.at === '2030-01-07T15:59:59.999Z')).toEqual([]);
    const plan = r.state.view.openTasks.find((t) => t.kind === 'submit_plan')!;
    expect(plan.dueAt).toBe('2030-01-08T15:59:59.999Z');
    expect(r.state.view.details.calendarEstimate).toBeUndefined();
    expect(r.state.view.details.calendarWarning).toBeUndefined();
    expect(r.state.estimates).toEqual([]);
    expect(r.outcome).toMatchObject({
      type: 'deadlines_recomputed',
      actor: { role: 'system' },
      payload: { resolvedYears: [2030], stillEstimated: [] },
      retimeTasks: [{ id: plan.id, dueAt: '2030-01-08T15:59:59.999Z' }],
    });
    expect(r.outcome!.payload.moved).toContainEqual(
      expect.objectContaining({ what: 'deadline', fromDate: '2030-01-07', toDate: '2030-01-08' }),
    );
    // The state it was given is untouched (the workflow replaces its state with the result).
    expect(s.view.deadline).toBe('2030-01-07T15:59:59.999Z');
  });

  it('moves the extension cutoff of a rectification running into the entered year', () => {
    let s = listed('2030-03-01');
    s = run(s, 'submit-plan', ent, {
      responsiblePerson: '刘厂长',
      responsiblePhone: '13800000000',
      measures: '加装泄爆片',
      funds: 50000,
      timeLimit: '2030-02-20',
      emergencyPlan: '预案',
      objectives: '目标',
      interimSafetyMeasures: '停用',
    });
    s = run(s, 'review-plan', sup, { decision: 'approve' });
    // 20 working days before Friday 2030-03-01, weekends only: Friday 2030-02-01.
    expect(s.view.details.extensionCutoff).toBe('2030-02-01T15:59:59.999Z');
    const deadline = s.view.deadline;
    const reminders = s.alarms.filter((a) => a.kind === 'reminder').map((a) => a.at);

    const r = recomputeEstimates(s, ctxOn(after));
    // With 春节 (4–8 February) off, the 20th working day back is a week earlier: Friday 2030-01-25.
    expect(r.state.view.details.extensionCutoff).toBe('2030-01-25T15:59:59.999Z');
    expect(r.state.extensionCutoff).toBe('2030-01-25T15:59:59.999Z');
    // The deadline was the supervisor's date, not an estimate: it and its reminders stay.
    expect(r.state.view.deadline).toBe(deadline);
    expect(r.state.alarms.filter((a) => a.kind === 'reminder').map((a) => a.at)).toEqual(reminders);
    expect(r.state.view.details.calendarEstimate).toBeUndefined();
  });

  it('keeps the estimates and the mark while their year is still unknown, and records nothing', () => {
    const s = listed();
    const r = recomputeEstimates(s, ctxOn(createWorkingCalendar([y2029, { ...y2030, year: 2031 }])));
    expect(r.outcome).toBeUndefined();
    expect(r.state.view.deadline).toBe(s.view.deadline);
    expect(r.state.view.details.calendarEstimate).toEqual({ years: [2030] });
    expect(r.state.estimates).toHaveLength(s.estimates!.length);
  });

  it('has nothing to do on a case that estimated nothing', () => {
    const s = listed('2029-12-31');
    const known = recomputeEstimates({ ...s, estimates: [] }, ctxOn(after));
    expect(known.outcome).toBeUndefined();
  });
});
