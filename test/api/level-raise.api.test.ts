import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../db/client.js';
import { hashPassword } from '../../db/password.js';
import { addCalendarDays, shanghaiDate } from '../../domain/calendar.js';
import { allowedActions } from '../../domain/case-actions.js';
import { verifiedRefusals, verifiedWrites } from '../helpers/audit.js';
import { PASSWORD, loginAs, startHarness, type Harness } from './harness.js';

type Client = Awaited<ReturnType<typeof loginAs>>;
const inDays = (n: number) => addCalendarDays(shanghaiDate(new Date()), n);
const CITY = '420000/420100/';

/**
 * 提级督办 (issue #12 fix 5) on the real stack (PostgreSQL, Temporal dev server, the case worker, the API): the city
 * raises a district-listed case; the level, listing and supervising unit follow; the city's supervisors have the
 * case's supervisor tasks and act on it; the district office keeps reading it and is refused its commands (403).
 */
describe('提级督办 through the API', () => {
  let h: Harness;
  const as: Record<string, Client> = {};
  const ids: Record<string, string> = {};
  /** The caller's worklist (not the case page's every task): the open tasks of this case on it. */
  const tasksOf = async (who: string, caseId: string) => {
    const r = await as[who]!.get(
      `/api/tasks?filter=${encodeURIComponent(JSON.stringify({ status: 'open' }))}`,
    );
    expect(r.status).toBe(200);
    return (r.body as Array<{ caseId: string; kind: string }>)
      .filter((t) => t.caseId === caseId)
      .map((t) => t.kind)
      .sort();
  };

  beforeAll(async () => {
    h = await startHarness();
    const hash = await hashPassword(PASSWORD);
    const rows = await h.db.db
      .insert(schema.users)
      .values([
        {
          username: 'sup-city',
          displayName: '市安委办王',
          role: 'supervisor',
          regionCode: '420100',
          passwordHash: hash,
        },
        {
          username: 'leader-city',
          displayName: '市领导赵',
          role: 'leader',
          regionCode: '420100',
          passwordHash: hash,
        },
      ])
      .returning({ id: schema.users.id, username: schema.users.username });
    for (const r of rows) ids[r.username] = r.id;
    for (const u of ['sup', 'sup-other', 'ent', 'leader', 'sup-city']) as[u] = await loginAs(h.app, u);
  }, 300_000);
  afterAll(async () => h?.stop());

  it('the city raises a district listing: level, units, tasks and rights move to the city; the district reads only', async () => {
    const created = await as.sup!.post('/api/cases', {
      source: 'inspection',
      enterpriseId: h.ids.enterpriseId,
      regionCode: '420111',
      title: '提级督办测试隐患',
      description: '执法检查发现除尘器未设置泄爆装置',
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const ok = async (who: string, path: string, body: unknown) => {
      const r = await as[who]!.post(`/api/cases/${id}/${path}`, body);
      expect(r.status, `${path} by ${who}: ${JSON.stringify(r.body)}`).toBe(200);
      return r;
    };
    await ok('sup', 'judge', { decision: 'major', reason: '符合判定标准', clauseId: h.ids.clauseId });
    await ok('sup', 'list', {
      level: 'county',
      listingAuthority: '洪山区安委办',
      supervisingUnit: '洪山区应急管理局',
      rectificationDeadline: inDays(60),
      interimControls: ['stop_use'],
    });
    await ok('sup', 'confirm-publication', { kind: 'listing', publishedOn: inDays(0), reference: '公示' });
    await ok('ent', 'submit-plan', {
      responsiblePerson: '赵厂长',
      responsiblePhone: '13800138000',
      measures: '加装泄爆片',
      funds: 1000,
      timeLimit: inDays(30),
      emergencyPlan: '预案',
      objectives: '消除隐患',
      interimSafetyMeasures: '停用',
    });
    expect(await tasksOf('sup', id)).toEqual(['review_plan']);

    // Who may raise: not the enterprise (403), not another district (404: not theirs to see), and the district
    // itself one level up only (422 naming the level). The old way, a 升级督办 rung, is refused naming the step.
    expect((await as.ent!.post(`/api/cases/${id}/raise-level`, { reason: '提级' })).status).toBe(403);
    expect((await as['sup-other']!.post(`/api/cases/${id}/raise-level`, { reason: '提级' })).status).toBe(
      404,
    );
    const tooHigh = await as.sup!.post(`/api/cases/${id}/raise-level`, { level: 'province', reason: '提级' });
    expect(tooHigh.status).toBe(422);
    expect(Object.keys(tooHigh.body.errors)).toEqual(['level']);
    const oldWay = await as.sup!.post(`/api/cases/${id}/escalate`, { step: 'level_raise', reason: '提级' });
    expect(oldWay.status).toBe(422);
    expect(Object.keys(oldWay.body.errors)).toEqual(['step']);
    // A 包案领导 named must lead the city or above: the district's leader is a 422 naming the field.
    const wrongLeader = await as['sup-city']!.post(`/api/cases/${id}/raise-level`, {
      reason: '逾期风险大，市级提级督办',
      owningLeaderId: h.ids.users.leader,
    });
    expect(wrongLeader.status).toBe(422);
    expect(wrongLeader.body.errors.owningLeaderId).toContain('武汉市');

    // The city takes it over: the level and the units are named from the region tree.
    const raised = await ok('sup-city', 'raise-level', {
      reason: '逾期风险大，市级提级督办',
      owningLeaderId: ids['leader-city'],
    });
    expect(raised.body).toMatchObject({
      level: 'city',
      listingAuthority: '武汉市安委办',
      supervisingUnit: '武汉市安委办',
      owningLeaderId: ids['leader-city'],
    });
    const shown = await as.sup!.get(`/api/cases/${id}`);
    expect(shown.status).toBe(200); // the district still reads the case of its territory
    expect(shown.body).toMatchObject({ level: 'city', listingAuthority: '武汉市安委办' });
    expect(shown.body.view.details.levelRaises).toEqual([
      expect.objectContaining({
        fromLevel: 'county',
        toLevel: 'city',
        fromAuthority: '洪山区安委办',
        regionPath: CITY,
      }),
    ]);

    // The city took the case over itself: its notice (not a 提请 letter), which the enterprise and the district read.
    const docsOf = async (who: string) =>
      (
        (
          await as[who]!.get(
            `/api/official-documents?filter=${encodeURIComponent(JSON.stringify({ caseId: id }))}`,
          )
        ).body as { kind: string; title: string }[]
      )
        .filter((d) => d.kind.startsWith('level_raise'))
        .map((d) => [d.kind, d.title]);
    const notice = [['level_raise_notice', expect.stringMatching(/^关于对.+重大事故隐患提级督办的通知$/)]];
    expect(await docsOf('ent')).toEqual(notice);
    expect(await docsOf('sup')).toEqual(notice);

    // The tasks are the city's: on the city supervisors' list, off the district's.
    expect(await tasksOf('sup-city', id)).toEqual(['escalation:level_raise', 'review_plan']);
    expect(await tasksOf('sup', id)).toEqual([]);

    // The district acts no more (403, audited as refused); the console offers it nothing; the city acts.
    const refused = await as.sup!.post(`/api/cases/${id}/review-plan`, { decision: 'approve' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('本案已提级由武汉市安委办督办，须由挂牌单位或其上级审核整改方案');
    const row = shown.body;
    const district = { role: 'supervisor' as const, enterpriseId: null, regionPath: '420000/420100/420111/' };
    expect(allowedActions(row, district)).toEqual([]);
    expect(allowedActions(row, { ...district, regionPath: CITY })).toEqual(
      expect.arrayContaining(['review-plan', 'raise-level', 'escalate', 'withdraw']),
    );
    await ok('sup-city', 'review-plan', { decision: 'approve' });

    // Recorded and audited: the event with the raise, the audit record with what the API resolved.
    const events = await h.db.db.query.caseEvents.findMany({ where: (e, { eq }) => eq(e.caseId, id) });
    const event = events.find((e) => e.type === 'escalated')!;
    expect(event.payload).toMatchObject({
      step: 'level_raise',
      manual: true,
      raise: { fromLevel: 'county', toLevel: 'city', listingAuthority: '武汉市安委办', regionPath: CITY },
    });
    const writes = (await verifiedWrites(h.db.db)).filter(
      (e) => e.resourceId === id && e.action === 'raise-level',
    );
    expect(writes).toHaveLength(1);
    expect(writes[0]!.payload).toMatchObject({
      resolved: { level: 'city', listingAuthority: '武汉市安委办' },
    });
    const refusals = (await verifiedRefusals(h.db.db)).filter((e) => e.resourceId === id);
    expect(refusals.map((e) => [e.why.path.split('/').at(-1), e.why.status])).toEqual(
      expect.arrayContaining([
        ['raise-level', 403],
        ['raise-level', 422],
        ['review-plan', 403],
      ]),
    );
  }, 240_000);
});
