import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../db/client.js';
import { hashPassword } from '../../db/password.js';
import { drawDueInspections } from '../../db/queries/inspections.js';
import { sweepSelfReportFlags } from '../../db/queries/self-reports.js';
import { addCalendarDays, shanghaiDate } from '../../domain/calendar.js';
import { DEFAULT_DUTY_POLICY } from '../../domain/hazards/policy.js';
import { periodOf, previousPeriod, windowStart } from '../../domain/hazards/self-report.js';
import { verifiedAuditChain } from '../helpers/audit.js';
import { PASSWORD, loginAs, startHarness, type Harness } from './harness.js';

type Client = Awaited<ReturnType<typeof loginAs>>;
const PATH = '420000/420100/420111/';

/**
 * The duties that feed the ledger, on the real stack: the monthly self-report and what the sweep notices about it
 * (missing, late, silent, under-reporting, suspended units out of the averages), and inspections: a plan, the 双随机
 * draw recorded and reproducible, the record whose findings become hazards and cases and whose penalties count.
 */
describe('self-reports and inspections over the API', () => {
  let h: Harness;
  const as: Record<string, Client> = {};
  const today = shanghaiDate(new Date());
  let suspendedId: string;

  beforeAll(async () => {
    h = await startHarness();
    const db = h.db.db;
    const hash = await hashPassword(PASSWORD);
    const [sup2] = await db
      .insert(schema.users)
      .values({
        username: 'sup2',
        displayName: '李监管',
        passwordHash: hash,
        role: 'supervisor',
        regionCode: '420111',
      })
      .returning();
    h.ids.users.sup2 = sup2!.id;
    const [e3] = await db
      .insert(schema.enterprises)
      .values({
        name: '武汉停产机械有限公司',
        creditCode: '91420111MA4K3ABC3X',
        regionCode: '420111',
        regionPath: PATH,
        industryCode: 'C34',
        industryCategory: 'machinery',
        scale: 'below',
        status: 'suspended',
      })
      .returning();
    suspendedId = e3!.id;
    for (const u of ['admin', 'sup', 'sup2', 'sup-other', 'leader', 'ent', 'ent-other', 'grid', 'expert'])
      as[u] = await loginAs(h.app, u);
  });
  afterAll(() => h?.stop());

  it('takes the enterprise\'s report of its last period, "no hazard found" only when none was reported', async () => {
    const current = await as.ent!.get('/api/self-reports/current');
    expect(current.status).toBe(200);
    const period = previousPeriod(periodOf(today, 'month'));
    expect(current.body).toMatchObject({ period: { kind: 'month', start: period.start }, submitted: null });
    const noNews = await as.ent!.post('/api/self-reports', { periodStart: period.start, noHazard: false });
    expect(noNews.status).toBe(422);
    expect(noNews.body.errors.noHazard).toMatch(/本期没有上报隐患/);
    const wrong = await as.ent!.post('/api/self-reports', {
      periodStart: addCalendarDays(period.start, 1),
      noHazard: true,
    });
    expect(wrong.body.errors.periodStart).toMatch(/不是上报周期的第一天/);
    expect(
      (await as.sup!.post('/api/self-reports', { periodStart: period.start, noHazard: true })).status,
    ).toBe(403);
    const ok = await as.ent!.post('/api/self-reports', {
      periodStart: period.start,
      noHazard: true,
      note: '本月自查未发现隐患',
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ noHazard: true, hazardsReported: 0, onTime: today <= ok.body.dueOn });
    expect(
      (await as.ent!.post('/api/self-reports', { periodStart: period.start, noHazard: true })).status,
    ).toBe(409);
    expect((await as.ent!.get('/api/self-reports')).body).toHaveLength(1);
    expect((await as['ent-other']!.get('/api/self-reports')).body).toHaveLength(0);
    expect((await as['sup-other']!.get('/api/self-reports')).body).toHaveLength(0);
    expect((await as.sup!.get('/api/self-reports')).body).toHaveLength(1);
  });

  it('flags missing, silent and under-reporting units, leaving suspended ones out of flags and averages', async () => {
    const db = h.db.db;
    const hazards = (enterpriseId: string, month: string, n: number) =>
      Array.from({ length: n }, (_, i) => ({
        id: randomUUID(),
        enterpriseId,
        regionCode: '420111',
        regionPath: PATH,
        industryCategory: 'machinery',
        industryCode: 'C34',
        source: 'self_inspection' as const,
        description: `自查隐患 ${i}`,
        foundOn: `${month}-10`,
        reportedAt: new Date(`${month}-10T10:00:00+08:00`),
        reporterRole: 'enterprise',
        deadline: `${month}-17`,
        status: 'closed' as const,
        light: 'none' as const,
      }));
    // March: ent 3, ent-other 1, the suspended unit 20. Counted, it would lift the average to 8 and flag both.
    // April: ent 10, ent-other 1 — far below the industry's 5.5.
    await db
      .insert(schema.generalHazards)
      .values([
        ...hazards(h.ids.enterpriseId, '2026-03', 3),
        ...hazards(h.ids.otherEnterpriseId, '2026-03', 1),
        ...hazards(suspendedId, '2026-03', 20),
        ...hazards(h.ids.enterpriseId, '2026-04', 10),
        ...hazards(h.ids.otherEnterpriseId, '2026-04', 1),
      ]);
    await db.update(schema.enterprises).set({ createdAt: new Date('2025-01-01T00:00:00Z') });
    const sweep = (start: string) => {
      const period = periodOf(start, 'month');
      return sweepSelfReportFlags(db, {
        regionPath: PATH,
        period,
        silentFrom: windowStart(period, DEFAULT_DUTY_POLICY.selfReport.silentPeriods),
        policy: DEFAULT_DUTY_POLICY,
      });
    };
    expect(await sweep('2026-03-01')).toEqual({ missing: 2, late: 0, silent: 0, under_reporting: 0 });
    expect(await sweep('2026-04-01')).toEqual({ missing: 2, late: 0, silent: 0, under_reporting: 1 });
    // Judging again changes nothing.
    expect(await sweep('2026-04-01')).toEqual({ missing: 0, late: 0, silent: 0, under_reporting: 0 });
    // Three quiet months later both are silent.
    expect((await sweep('2026-07-01')).silent).toBe(2);
    const flags = await as.sup!.get(
      `/api/self-report-flags?filter=${encodeURIComponent(JSON.stringify({ periodStart: '2026-04-01', kind: 'under_reporting' }))}`,
    );
    expect(flags.status).toBe(200);
    expect(flags.body).toHaveLength(1);
    expect(flags.body[0]).toMatchObject({
      enterpriseId: h.ids.otherEnterpriseId,
      details: { hazards: 1, industryAverage: 5.5 },
    });
    const all = await as.sup!.get('/api/self-report-flags?range=[0,99]');
    expect(all.body.map((f: { enterpriseId: string }) => f.enterpriseId)).not.toContain(suspendedId);
    expect((await as.ent!.get('/api/self-report-flags')).status).toBe(403);
    expect((await as['sup-other']!.get('/api/self-report-flags')).body).toHaveLength(0);
  });

  it('draws a plan by 双随机 once a period, recorded so that it reproduces, hidden from the enterprise until done', async () => {
    const planInput = {
      name: '洪山区机械行业月度双随机检查',
      level: 'county',
      cadence: 'monthly',
      regionCode: '420111',
      industryCodes: ['machinery'],
      selection: 'random',
      coverageTargetPct: 50,
      inspectorsPerVisit: 2,
      inspectorIds: [h.ids.users.sup, h.ids.users.sup2],
      startsOn: addCalendarDays(today, -1),
    };
    const plan = await as.sup!.post('/api/inspection-plans', planInput);
    expect(plan.status, JSON.stringify(plan.body)).toBe(201);
    const foreignInspector = await as.sup!.post('/api/inspection-plans', {
      ...planInput,
      inspectorIds: [h.ids.users.sup, h.ids.users['sup-other']],
    });
    expect(foreignInspector.status).toBe(422);
    expect(foreignInspector.body.errors.inspectorIds).toMatch(/不是您辖区内在岗的监管人员/);
    expect((await as.ent!.post(`/api/inspection-plans/${plan.body.id}/draws`)).status).toBe(403);
    expect((await as['sup-other']!.post(`/api/inspection-plans/${plan.body.id}/draws`)).status).toBe(404);
    const drawn = await as.sup!.post(`/api/inspection-plans/${plan.body.id}/draws`);
    expect(drawn.status).toBe(200);
    expect(drawn.body).toMatchObject({ created: true, inspections: 1 });
    // Two operating units (the suspended one is not a candidate), half of them drawn.
    expect(drawn.body.draw.population.sort()).toEqual([h.ids.enterpriseId, h.ids.otherEnterpriseId].sort());
    const again = await as.sup!.post(`/api/inspection-plans/${plan.body.id}/draws`);
    expect(again.body).toMatchObject({
      created: false,
      draw: { id: drawn.body.draw.id, seed: drawn.body.draw.seed },
    });
    const check = await as.sup!.get(`/api/inspection-draws/${drawn.body.draw.id}`);
    expect(check.body.reproduced).toBe(true);
    expect(check.body.inspections[0].inspectorIds.sort()).toEqual([h.ids.users.sup, h.ids.users.sup2].sort());
    const chosen = check.body.inspections[0] as { id: string; enterpriseId: string };
    const owner = chosen.enterpriseId === h.ids.enterpriseId ? 'ent' : 'ent-other';
    expect((await as[owner]!.get('/api/inspections')).body).toHaveLength(0); // 四不两直
    expect((await as[owner]!.get(`/api/inspections/${chosen.id}`)).status).toBe(404);
    const audit = await verifiedAuditChain(h.db.db);
    expect(audit.find((a) => a.action === 'draw')?.payload).toMatchObject({
      seed: drawn.body.draw.seed,
      population: 2,
    });
  });

  it('records an inspection: findings become hazards and a case, penalties count toward Art. 113', async () => {
    const { body: list } = await as.sup!.get(
      '/api/inspections?filter=' + encodeURIComponent('{"status":"planned"}'),
    );
    const insp = list[0] as { id: string; enterpriseId: string };
    const record = {
      inspectedOn: today,
      unannounced: true,
      note: '四不两直检查',
      generalFindings: [
        { description: '灭火器未定期检查', location: '仓库' },
        { description: '安全出口堵塞', deadline: addCalendarDays(today, 3) },
      ],
      majorFindings: [{ title: '粉尘涉爆场所未设泄爆装置', description: '除尘器未设置泄爆、隔爆装置' }],
      penalties: [{ kind: 'fine', decidedOn: today, decisionNo: '洪应急罚〔2026〕88号', amountYuan: 30000 }],
    };
    expect((await as['sup-other']!.post(`/api/inspections/${insp.id}/record`, record)).status).toBe(404);
    const badFinding = await as.sup!.post(`/api/inspections/${insp.id}/record`, {
      ...record,
      generalFindings: [{ description: '灭火器', deadline: addCalendarDays(today, 400) }],
    });
    expect(badFinding.status).toBe(422);
    expect(Object.keys(badFinding.body.errors)).toEqual(['generalFindings.0.deadline']);
    const res = await as.sup!.post(`/api/inspections/${insp.id}/record`, record);
    expect(res.status).toBe(200);
    expect(res.body.inspection).toMatchObject({
      status: 'done',
      generalFindings: 2,
      majorFindings: 1,
      penaltiesCount: 1,
    });
    expect(res.body.hazardIds).toHaveLength(2);
    const hz = await as.sup!.get(`/api/general-hazards/${res.body.hazardIds[1]}`);
    expect(hz.body).toMatchObject({
      source: 'inspection',
      sourceRef: insp.id,
      deadline: addCalendarDays(today, 3),
    });
    const kase = await as.sup!.get(`/api/cases/${res.body.caseIds[0]}`);
    expect(kase.status).toBe(200);
    expect(kase.body).toMatchObject({
      source: 'inspection',
      enterpriseId: insp.enterpriseId,
      status: 'reported',
    });
    const pen = await as.sup!.get(`/api/enterprises/${insp.enterpriseId}/penalties`);
    expect(pen.body.penalties).toHaveLength(1);
    expect(pen.body.penalties[0]).toMatchObject({ inspectionId: insp.id, caseId: null });
    expect(pen.body.closureThreshold.penalties180).toBe(1);
    expect((await as.sup!.post(`/api/inspections/${insp.id}/record`, record)).status).toBe(409);
    const owner = insp.enterpriseId === h.ids.enterpriseId ? 'ent' : 'ent-other';
    expect((await as[owner]!.get(`/api/inspections/${insp.id}`)).status).toBe(200);
    const cov = await as.sup!.get(
      `/api/inspection-plans/${(await as.sup!.get('/api/inspection-plans')).body[0].id}/coverage`,
    );
    expect(cov.body[0]).toMatchObject({
      population: 2,
      selected: 1,
      done: 1,
      coveragePct: 50,
      targetPct: 50,
    });
  });

  it('lets only the drawn inspectors record, and draws due plans in the daily sweep', async () => {
    const adhoc = await as.sup2!.post('/api/inspections', {
      enterpriseId: h.ids.enterpriseId,
      inspectorIds: [h.ids.users.sup2],
      unannounced: true,
    });
    expect(adhoc.status).toBe(201);
    const byOther = await as.sup!.post(`/api/inspections/${adhoc.body.id}/record`, { inspectedOn: today });
    expect(byOther.status).toBe(403);
    expect(
      (await as.sup2!.post(`/api/inspections/${adhoc.body.id}/record`, { inspectedOn: today })).status,
    ).toBe(200);
    const weekly = await as.sup!.post('/api/inspection-plans', {
      name: '关山街周巡查',
      level: 'town',
      cadence: 'weekly',
      regionCode: '420111',
      selection: 'all',
      inspectorsPerVisit: 1,
      inspectorIds: [h.ids.users.sup],
      startsOn: today,
    });
    expect(weekly.status).toBe(201);
    const swept = await drawDueInspections(h.db.db, { regionPath: PATH, today, policy: DEFAULT_DUTY_POLICY });
    expect(swept).toEqual({ draws: 1, inspections: 2 });
    expect(
      await drawDueInspections(h.db.db, { regionPath: PATH, today, policy: DEFAULT_DUTY_POLICY }),
    ).toEqual({
      draws: 0,
      inspections: 0,
    });
    const rows = await h.db.db
      .select()
      .from(schema.inspections)
      .where(eq(schema.inspections.planId, weekly.body.id));
    expect(rows).toHaveLength(2);
  });
});
