import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  computeDates,
  createWorkingCalendar,
  shanghaiDate,
  yearsFromChineseDays,
} from '../../domain/calendar.js';
import { DEFAULT_POLICY, type CasePolicy } from '../../domain/policy.js';
import { verifiedWrites } from '../helpers/audit.js';
import { loginAs, startHarness, type Harness } from './harness.js';

type Client = Awaited<ReturnType<typeof loginAs>>;
const calendar = createWorkingCalendar(yearsFromChineseDays(chineseDays));
const today = () => shanghaiDate(new Date());
const workingDaysFromToday = (n: number) =>
  computeDates(calendar, today(), [{ amount: n, unit: 'working' }])[0]!.endOfDay;

/** The district's own version: plans within 7 working days, reviewed within 2, rectification at most 90 days. */
const districtPolicy = (): CasePolicy => ({
  ...structuredClone(DEFAULT_POLICY),
  name: '洪山区重大事故隐患挂牌督办时限规定（测试）',
  planWithin: { amount: 7, unit: 'working' },
  planReviewWithin: { amount: 2, unit: 'working' },
  maxRectification: { amount: 90, unit: 'calendar' },
});

/**
 * 督办时限规定 on the real stack: authored for a region subtree, validated, diffed against what it overrides,
 * previewed — and pinned at listing: a case listed after it uses it, a case listed before keeps its own version.
 */
describe('deadline policies API', () => {
  let h: Harness;
  const as: Record<string, Client> = {};
  let before: string; // a case listed under the default, before the district's version
  const plan = {
    responsiblePerson: '王厂长',
    responsiblePhone: '13900001111',
    measures: '更换除尘器泄爆片',
    funds: 50000,
    timeLimit: addCalendarDays(today(), 60),
    emergencyPlan: '粉尘爆炸专项应急预案',
    objectives: '消除粉尘爆炸隐患',
    interimSafetyMeasures: '停用二号除尘器',
  };

  async function listCase(title: string, rectificationDeadline: string) {
    const reported = await as.sup!.post('/api/cases', {
      source: 'inspection',
      enterpriseId: h.ids.enterpriseId,
      regionCode: '420111',
      title,
      description: '检查发现',
    });
    expect(reported.status).toBe(201);
    const id = reported.body.id as string;
    expect(
      (
        await as.sup!.post(`/api/cases/${id}/judge`, {
          decision: 'major',
          clauseId: h.ids.clauseId,
          reason: '符合判定标准',
        })
      ).status,
    ).toBe(200);
    const listed = await as.sup!.post(`/api/cases/${id}/list`, {
      level: 'county',
      listingAuthority: '洪山区安委办',
      supervisingUnit: '洪山区应急管理局',
      rectificationDeadline,
      interimControls: ['stop_use'],
    });
    return { id, listed };
  }

  beforeAll(async () => {
    h = await startHarness();
    for (const u of ['admin', 'sup', 'ent', 'leader'] as const) as[u] = await loginAs(h.app, u);
    const { id, listed } = await listCase(
      '除尘器未设泄爆装置（新规定前挂牌）',
      addCalendarDays(today(), 200),
    );
    expect(listed.status).toBe(200);
    before = id;
  });
  afterAll(async () => h?.stop());

  it('refuses a draft with a negative duration or rungs out of order, naming the field, and saves nothing', async () => {
    const body = districtPolicy();
    body.judgeWithin.amount = -1;
    [body.escalation[1], body.escalation[2]] = [body.escalation[2]!, body.escalation[1]!];
    const res = await as.admin!.post('/api/policies', { regionCode: '420111', effectiveFrom: today(), body });
    expect(res.status).toBe(422);
    expect(res.body.errors).toMatchObject({
      'body.judgeWithin.amount': '天数不能为负数',
      'body.escalation.2.step': '梯级应由低到高排列：“督办函”不能排在“约谈”之后',
      'body.escalation.2.after.amount': '启动时间不能早于上一级',
    });
    const past = await as.admin!.post('/api/policies', {
      regionCode: '420111',
      effectiveFrom: addCalendarDays(today(), -1),
      body: districtPolicy(),
    });
    expect(past.status).toBe(422);
    expect(Object.keys(past.body.errors)).toEqual(['effectiveFrom']);
    expect(
      (
        await as.sup!.post('/api/policies', {
          regionCode: '420111',
          effectiveFrom: today(),
          body: districtPolicy(),
        })
      ).status,
    ).toBe(403);
    expect((await as.admin!.get('/api/policies')).body).toEqual([]);
  });

  it('previews the changes against the policy in force and the dates of a case listed today', async () => {
    const res = await as.admin!.post('/api/policies/preview', {
      regionCode: '420111',
      body: districtPolicy(),
    });
    expect(res.status).toBe(200);
    expect(res.body.overrides.source).toBeNull(); // the default is in force
    expect(
      res.body.changes.map((c: { label: string; before: string; after: string }) => [
        c.label,
        c.before,
        c.after,
      ]),
    ).toEqual([
      ['名称', DEFAULT_POLICY.name, '洪山区重大事故隐患挂牌督办时限规定（测试）'],
      ['整改方案提交时限', '10个工作日', '7个工作日'],
      ['整改方案审核时限', '5个工作日', '2个工作日'],
      ['整改期限上限', '365个自然日', '90个自然日'],
    ]);
    const planRow = res.body.dates.find((r: { path: string }) => r.path === 'planWithin');
    expect(planRow).toMatchObject({ from: '自挂牌之日', date: shanghaiDate(workingDaysFromToday(7)) });
    const bad = await as.admin!.post('/api/policies/preview', {
      regionCode: '420111',
      body: { ...districtPolicy(), planWithin: { amount: 3, unit: 'weeks' } },
    });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.errors)).toEqual(['body.planWithin.unit']);
  });

  it('pins the version at listing: a new case uses the district version, a running one keeps its own', async () => {
    const created = await as.admin!.post('/api/policies', {
      regionCode: '420111',
      effectiveFrom: today(),
      note: '依据区安委会2026年第3次会议',
      body: districtPolicy(),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ version: 1, regionName: '洪山区', overrides: { source: null } });
    expect(created.body.changes).toHaveLength(4);
    const inForce = await as.leader!.get('/api/policies/in-force?regionCode=420111');
    expect(inForce.body.source).toMatchObject({ id: created.body.id, version: 1 });
    // The city keeps the default: a region's version applies to its subtree only.
    expect((await as.leader!.get('/api/policies/in-force?regionCode=420100')).body.source).toBeNull();

    // Listed now: the district's 90-day cap refuses 200 days, naming the field; 60 days are taken.
    const refused = await listCase('液氨管道腐蚀（新规定后挂牌）', addCalendarDays(today(), 200));
    expect(refused.listed.status).toBe(422);
    expect(refused.listed.body.errors.rectificationDeadline).toContain(
      '洪山区重大事故隐患挂牌督办时限规定（测试）',
    );
    const after = await listCase('液氨管道腐蚀（新规定后挂牌）', addCalendarDays(today(), 60));
    expect(after.listed.status).toBe(200);
    expect(after.listed.body.deadline).toBe(workingDaysFromToday(7));
    // The case listed before keeps its plan deadline and, later, its own review time.
    const old = await as.sup!.get(`/api/cases/${before}`);
    expect(old.body.deadline).toBe(workingDaysFromToday(10));
    for (const [id, days] of [
      [before, 5],
      [after.id, 2],
    ] as const) {
      const submitted = await as.ent!.post(`/api/cases/${id}/submit-plan`, plan);
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
      expect(submitted.body.deadline).toBe(workingDaysFromToday(days));
    }
    const pinned = await h.db.pool!.query('select id, policy from cases where id = any($1)', [
      [before, after.id],
    ]);
    const byId = Object.fromEntries(pinned.rows.map((r) => [r.id, r.policy.name]));
    expect(byId).toEqual({
      [before]: DEFAULT_POLICY.name,
      [after.id]: '洪山区重大事故隐患挂牌督办时限规定（测试）',
    });
  });

  it('numbers versions per region, shows each with what it changed, and audits every one', async () => {
    const v2body = { ...districtPolicy(), planReviewWithin: { amount: 3, unit: 'working' } };
    const v2 = await as.admin!.post('/api/policies', {
      regionCode: '420111',
      effectiveFrom: addCalendarDays(today(), 30),
      body: v2body,
    });
    expect(v2.status).toBe(201);
    expect(v2.body.version).toBe(2);
    expect(v2.body.overrides.source.version).toBe(1);
    expect(v2.body.changes).toEqual([
      { path: 'planReviewWithin', label: '整改方案审核时限', before: '2个工作日', after: '3个工作日' },
    ]);
    // Not in force before its date.
    expect((await as.admin!.get('/api/policies/in-force?regionCode=420111')).body.source.version).toBe(1);
    const shown = await as.sup!.get(`/api/policies/${v2.body.id}`);
    expect(shown.body.changes).toEqual(v2.body.changes);
    const list = await as.sup!.get('/api/policies?filter={"regionCode":"420111"}');
    expect(list.body.map((p: { version: number }) => p.version)).toEqual([2, 1]);
    expect((await as.ent!.get('/api/policies')).status).toBe(403);
    const log = (await verifiedWrites(h.db.db)).filter((e) => e.resource === 'policies');
    expect(log.map((e) => (e.payload as { version: number }).version)).toEqual([1, 2]);
    await expect(h.db.pool!.query('update policies set version = 9')).rejects.toThrow(/append-only/);
  });
});
