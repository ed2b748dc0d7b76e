import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  computeDates,
  createWorkingCalendar,
  shanghaiDate,
  yearsFromChineseDays,
  type CalendarYear,
} from '../../domain/calendar.js';
import type { CaseState } from '../../domain/case/index.js';
import { DEFAULT_POLICY, type CasePolicy } from '../../domain/policy.js';
import { calendarChangedWorkflowId, caseStateQuery, caseWorkflowId } from '../../workflows/definitions.js';
import { verifiedAuditChain } from '../helpers/audit.js';
import { loginAs, startHarness, type Harness } from './harness.js';

type Client = Awaited<ReturnType<typeof loginAs>>;
const packageYears = yearsFromChineseDays(chineseDays);
/** The first year the `chinese-days` package does not know: deadlines in it are estimated until it is entered. */
const UNKNOWN = Math.max(...packageYears.map((y) => y.year)) + 1;
const d = (md: string) => `${UNKNOWN}-${md}`;
const isWeekend = (date: string) => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
const weekendNear = (md: string) => {
  let x = d(md);
  while (!isWeekend(x)) x = addCalendarDays(x, 1);
  return x;
};
const span = (from: string, to: string) => {
  const out = [from];
  while (out.at(-1)! < to) out.push(addCalendarDays(out.at(-1)!, 1));
  return out;
};
const makeUp = weekendNear('02-20');
/** What the administrator enters, as the State Council publishes it: spans with their make-up days. */
const entry = {
  year: UNKNOWN,
  source: `国务院办公厅关于${UNKNOWN}年部分节假日安排的通知（测试数据）`,
  holidays: [
    { name: '元旦', start: d('01-01'), end: d('01-01'), makeUpDays: [] },
    { name: '春节', start: d('02-06'), end: d('02-12'), makeUpDays: [makeUp] },
  ],
};
const entered: CalendarYear = {
  year: UNKNOWN,
  holidays: [d('01-01'), ...span(d('02-06'), d('02-12'))],
  workdays: [makeUp],
};
const today = () => shanghaiDate(new Date());
/** Plans within 30 working days: from December, the plan deadline falls in the year nobody entered yet. */
const PLAN_WITHIN = 30;
const planDeadline = (years: CalendarYear[]) =>
  computeDates(createWorkingCalendar(years), today(), [{ amount: PLAN_WITHIN, unit: 'working' }])[0]!;

/**
 * 工作日历 entered → running cases recomputed, on the real stack (PostgreSQL, Temporal dev server, worker, API): a
 * case listed under a district policy whose plan deadline reaches the unknown year carries an estimate; the
 * administrator enters the year through the API; the fan-out workflow signals the case, whose deadline, task and
 * timer move to the official calendar and whose estimate mark disappears.
 */
describe('entering a calendar year recomputes the estimated deadlines of running cases', () => {
  let h: Harness;
  const as: Record<string, Client> = {};
  let caseId: string;
  const estimate = planDeadline(packageYears);
  const official = planDeadline([...packageYears, entered]);

  beforeAll(async () => {
    h = await startHarness();
    for (const u of ['admin', 'sup'] as const) as[u] = await loginAs(h.app, u);
  });
  afterAll(async () => h?.stop());

  it('lists a case whose plan deadline is estimated: the administrator has the year as a task', async () => {
    // The premise: the deadline reaches the unknown year, and its holidays move it (else the test proves nothing).
    expect(estimate.unknownYear).toBe(UNKNOWN);
    expect(official.unknownYear).toBeNull();
    expect(official.endOfDay).not.toBe(estimate.endOfDay);

    const body: CasePolicy = {
      ...structuredClone(DEFAULT_POLICY),
      name: '洪山区督办时限（方案30个工作日，测试）',
      planWithin: { amount: PLAN_WITHIN, unit: 'working' },
    };
    const policy = await as.admin!.post('/api/policies', {
      regionCode: '420111',
      effectiveFrom: today(),
      body,
    });
    expect(policy.status, JSON.stringify(policy.body)).toBe(201);

    const reported = await as.sup!.post('/api/cases', {
      source: 'inspection',
      enterpriseId: h.ids.enterpriseId,
      regionCode: '420111',
      title: '除尘器未设泄爆装置（期限跨入未录入年份）',
      description: '检查发现',
    });
    expect(reported.status).toBe(201);
    caseId = reported.body.id;
    const judged = await as.sup!.post(`/api/cases/${caseId}/judge`, {
      decision: 'major',
      clauseId: h.ids.clauseId,
      reason: '符合判定标准',
    });
    expect(judged.status).toBe(200);
    const listed = await as.sup!.post(`/api/cases/${caseId}/list`, {
      level: 'county',
      listingAuthority: '洪山区安委办',
      supervisingUnit: '洪山区应急管理局',
      rectificationDeadline: addCalendarDays(today(), 120),
      interimControls: ['stop_use'],
    });
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    expect(listed.body.deadline).toBe(estimate.endOfDay);
    expect(listed.body.view.details.calendarEstimate).toEqual({ years: [UNKNOWN] });

    const tasks = await as.admin!.get('/api/calendar-years/estimates');
    expect(tasks.body).toEqual([{ year: UNKNOWN, cases: 1 }]);
  });

  it('enters the year: the case deadline, its task and its timer move, the mark and the task vanish', async () => {
    const saved = await as.admin!.post('/api/calendar-years', entry);
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    expect(saved.body.recompute).toEqual({ cases: 1 });

    // The fan-out is a workflow: it finishes having signalled the one case.
    const fanout = h.env.client.workflow.getHandle(calendarChangedWorkflowId(UNKNOWN, 1));
    await expect(fanout.result()).resolves.toEqual({ signalled: 1 });

    let view: { deadline: string; view: { details: Record<string, unknown> } } | undefined;
    for (let i = 0; i < 100; i++) {
      view = (await as.sup!.get(`/api/cases/${caseId}`)).body;
      if (view!.deadline !== estimate.endOfDay) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(view!.deadline).toBe(official.endOfDay);
    expect(view!.view.details.calendarEstimate).toBeUndefined();
    expect(view!.view.details.calendarWarning).toBeUndefined();

    const q = (filter: unknown) => `?filter=${encodeURIComponent(JSON.stringify(filter))}`;
    const tasks = (await as.sup!.get(`/api/tasks${q({ caseId })}`)).body as Array<{
      kind: string;
      status: string;
      dueAt: string;
    }>;
    expect(tasks.find((t) => t.kind === 'submit_plan' && t.status === 'open')?.dueAt).toBe(official.endOfDay);
    const events = (await as.sup!.get(`/api/case-events${q({ caseId })}&sort=["seq","ASC"]`)).body as Array<{
      type: string;
      actorRole: string;
      payload: { resolvedYears: number[] };
    }>;
    expect(events.at(-1)).toMatchObject({
      type: 'deadlines_recomputed',
      actorRole: 'system',
      payload: { resolvedYears: [UNKNOWN] },
    });

    // The running timer follows: the workflow's deadline alarm is at the official date, none at the estimate.
    const state = (await h.env.client.workflow
      .getHandle(caseWorkflowId(caseId))
      .query(caseStateQuery)) as CaseState;
    const deadlineAlarms = state.alarms.filter((a) => a.kind === 'deadline').map((a) => a.at);
    expect(deadlineAlarms).toEqual([official.endOfDay]);

    expect((await as.admin!.get('/api/calendar-years/estimates')).body).toEqual([]);
    const audit = (await verifiedAuditChain(h.db.db)).filter((e) => e.resource === 'calendar-years');
    expect(audit.at(-1)?.payload).toMatchObject({ casesToRecompute: 1 });
  });
});
