import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDate } from '../../domain/closure-threshold.js';
import { loginAs, startHarness, type Harness } from './harness.js';

type Client = Awaited<ReturnType<typeof loginAs>>;
const DISTRICT = '420111';

/**
 * 安全生产法 Art. 113 on the real stack: penalties recorded with enforcement outcomes flag the enterprise at three
 * within 180 days (and list it on the dashboard); two do not; outside the caller's territory the enterprise is 404.
 */
describe('closure threshold (应予关闭) over the API', () => {
  let h: Harness;
  const as: Record<string, Client> = {};
  const today = shanghaiDate(Date.now());

  /** A listed case on the enterprise with one enforcement rung per penalty date; each outcome records a penalty. */
  async function penalise(enterpriseId: string, dates: string[]) {
    const reported = await as.sup!.post('/api/cases', {
      source: 'inspection',
      enterpriseId,
      regionCode: DISTRICT,
      title: '除尘系统未设泄爆装置',
      description: '执法检查发现除尘器未设置泄爆装置',
    });
    expect(reported.status).toBe(201);
    const id = reported.body.id as string;
    expect(
      (
        await as.sup!.post(`/api/cases/${id}/judge`, {
          decision: 'major',
          reason: '符合判定标准',
          clauseId: h.ids.clauseId,
        })
      ).status,
    ).toBe(200);
    const listed = await as.sup!.post(`/api/cases/${id}/list`, {
      level: 'county',
      listingAuthority: '洪山区安委办',
      supervisingUnit: '洪山区应急管理局',
      rectificationDeadline: addDays(today, 90),
      interimControls: ['stop_use'],
    });
    expect(listed.status).toBe(200);
    for (const [i, decidedOn] of dates.entries()) {
      const esc = await as.sup!.post(`/api/cases/${id}/escalate`, {
        step: 'enforcement',
        reason: '拒不整改',
      });
      expect(esc.status).toBe(200);
      const rung = (esc.body.view.escalations as Array<{ id: string; status: string }>).at(-1)!;
      const res = await as.sup!.post(`/api/cases/${id}/record-escalation-outcome`, {
        escalationId: rung.id,
        outcome: '已作出行政处罚',
        penalty: { kind: 'fine', decidedOn, decisionNo: `洪应急罚〔2026〕${i + 1}号`, amountYuan: 20000 },
      });
      expect(res.status).toBe(200);
    }
    return id;
  }

  beforeAll(async () => {
    h = await startHarness();
    for (const u of ['sup', 'sup-other', 'ent', 'ent-other']) as[u] = await loginAs(h.app, u);
    await penalise(h.ids.enterpriseId, [today, addDays(today, -60), addDays(today, -180)]);
    await penalise(h.ids.otherEnterpriseId, [today, addDays(today, -30)]);
  });
  afterAll(async () => h?.stop());

  it('flags the enterprise penalised three times within 180 days, with its penalties', async () => {
    const res = await as.sup!.get(`/api/enterprises/${h.ids.enterpriseId}/penalties`);
    expect(res.status).toBe(200);
    expect(res.body.closureThreshold).toMatchObject({
      asOf: today,
      penalties180: 3,
      penalties365: 3,
      reached: true,
    });
    expect(res.body.penalties.map((p: { decidedOn: string }) => p.decidedOn)).toEqual([
      today,
      addDays(today, -60),
      addDays(today, -180),
    ]);
    expect(res.body.penalties[0]).toMatchObject({
      kind: 'fine',
      amountYuan: 20000,
      decisionNo: '洪应急罚〔2026〕1号',
    });
    // The enterprise sees its own record; a day later the oldest penalty has left the 180-day window.
    expect(
      (await as.ent!.get(`/api/enterprises/${h.ids.enterpriseId}/penalties`)).body.closureThreshold.reached,
    ).toBe(true);
    const later = await as.sup!.get(
      `/api/enterprises/${h.ids.enterpriseId}/penalties?asOf=${addDays(today, 1)}`,
    );
    expect(later.body.closureThreshold).toMatchObject({ penalties180: 2, reached: false });
  });

  it('does not flag two penalties, and lists only the flagged enterprise on the dashboard', async () => {
    const two = await as.sup!.get(`/api/enterprises/${h.ids.otherEnterpriseId}/penalties`);
    expect(two.body.closureThreshold).toMatchObject({ penalties180: 2, reached: false });
    const dash = await as.sup!.get('/api/dashboard');
    expect(dash.status).toBe(200);
    expect(dash.body.atClosureThreshold).toEqual([
      expect.objectContaining({
        enterpriseId: h.ids.enterpriseId,
        penalties180: 3,
        penalties365: 3,
        lastDecidedOn: today,
      }),
    ]);
  });

  it('answers 404 outside the caller’s scope, like the enterprise record itself', async () => {
    for (const [who, id] of [
      ['sup-other', h.ids.enterpriseId],
      ['ent-other', h.ids.enterpriseId],
    ] as const) {
      expect((await as[who]!.get(`/api/enterprises/${id}`)).status).toBe(404);
      const res = await as[who]!.get(`/api/enterprises/${id}/penalties`);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
    expect((await as.sup!.get('/api/enterprises/not-a-uuid/penalties')).status).toBe(404);
    expect((await as['sup-other']!.get('/api/dashboard')).body.atClosureThreshold).toEqual([]);
  });

  it('refuses a penalty on another rung and a future decision date, naming the field (422)', async () => {
    const reported = await as.sup!.post('/api/cases', {
      source: 'inspection',
      enterpriseId: h.ids.otherEnterpriseId,
      regionCode: DISTRICT,
      title: '有限空间作业未审批',
      description: '未执行作业审批',
    });
    const id = reported.body.id as string;
    await as.sup!.post(`/api/cases/${id}/judge`, {
      decision: 'major',
      reason: '符合',
      clauseId: h.ids.clauseId,
    });
    await as.sup!.post(`/api/cases/${id}/list`, {
      level: 'county',
      listingAuthority: '洪山区安委办',
      supervisingUnit: '洪山区应急管理局',
      rectificationDeadline: addDays(today, 90),
      interimControls: ['stop_use'],
    });
    const esc = await as.sup!.post(`/api/cases/${id}/escalate`, {
      step: 'urging_letter',
      reason: '进度滞后',
    });
    const rung = (esc.body.view.escalations as Array<{ id: string }>).at(-1)!;
    const penalty = { kind: 'suspension', decidedOn: today, decisionNo: '洪应急责停〔2026〕9号' };
    const refused = await as.sup!.post(`/api/cases/${id}/record-escalation-outcome`, {
      escalationId: rung.id,
      outcome: '已发督办函',
      penalty,
    });
    // The workflow's refusal names the field, so the console shows it beside the penalty inputs.
    expect(refused.status).toBe(422);
    expect(refused.body.errors.penalty).toBe('只有执法建议或联合惩戒的督办记录可以登记行政处罚');
    const future = await as.sup!.post(`/api/cases/${id}/record-escalation-outcome`, {
      escalationId: rung.id,
      outcome: '已发督办函',
      penalty: { ...penalty, decidedOn: addDays(today, 1) },
    });
    expect(future.status).toBe(422);
    expect(future.body.errors['penalty.decidedOn']).toBe('处罚决定日期不能晚于今天');
    const two = await as.sup!.get(`/api/enterprises/${h.ids.otherEnterpriseId}/penalties`);
    expect(two.body.penalties).toHaveLength(2);
  });
});
