import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../db/client.js';
import { hashPassword } from '../../db/password.js';
import { addCalendarDays, shanghaiDate } from '../../domain/calendar.js';
import { verifiedRefusals, verifiedWrites } from '../helpers/audit.js';
import { PASSWORD, loginAs, startHarness, type Harness } from './harness.js';

type Client = Awaited<ReturnType<typeof loginAs>>;
const inDays = (n: number) => addCalendarDays(shanghaiDate(new Date()), n);

/**
 * 包案领导 at 挂牌督办 (issue #12, the one item left) on the real stack (PostgreSQL, Temporal dev server, the case worker,
 * the API): the owning leader named at listing is an existing, active leader of the listing level's region or above,
 * else a 422 naming owningLeaderId before the workflow is asked (nothing written but the refusal record); the leader
 * picker (GET /assignees filter leadsRegion) offers exactly those; the case answers with the leader's name.
 */
describe('包案领导 at 挂牌督办 through the API', () => {
  let h: Harness;
  const as: Record<string, Client> = {};
  const ids: Record<string, string> = {};
  let caseId = '';
  const listing = (owningLeaderId: string, level = 'county') => ({
    level,
    listingAuthority: '洪山区安委办',
    supervisingUnit: '洪山区应急管理局',
    owningLeaderId,
    rectificationDeadline: inDays(60),
    interimControls: ['stop_use'],
  });
  const leadersOf = async (who: string, filter: unknown) =>
    as[who]!.get(`/api/assignees?filter=${encodeURIComponent(JSON.stringify(filter))}`);

  beforeAll(async () => {
    h = await startHarness();
    const hash = await hashPassword(PASSWORD);
    const people = [
      { username: 'leader-city', displayName: '市领导赵', role: 'leader' as const, regionCode: '420100' },
      {
        username: 'leader-jiangan',
        displayName: '江岸区领导钱',
        role: 'leader' as const,
        regionCode: '420102',
      },
      {
        username: 'leader-retired',
        displayName: '洪山区原领导孙',
        role: 'leader' as const,
        regionCode: '420111',
        active: false,
      },
    ];
    const rows = await h.db.db
      .insert(schema.users)
      .values(people.map((p) => ({ ...p, passwordHash: hash })))
      .returning({ id: schema.users.id, username: schema.users.username });
    for (const r of rows) ids[r.username] = r.id;
    await h.db.db
      .update(schema.users)
      .set({ displayName: '洪山区领导李' })
      .where(eq(schema.users.id, h.ids.users.leader!));
    for (const u of ['sup', 'sup-other']) as[u] = await loginAs(h.app, u);
    const created = await as.sup!.post('/api/cases', {
      source: 'inspection',
      enterpriseId: h.ids.enterpriseId,
      regionCode: '420111',
      title: '包案领导测试隐患',
      description: '执法检查发现粉尘涉爆除尘系统未设置锁气卸灰装置',
    });
    expect(created.status).toBe(201);
    caseId = created.body.id as string;
    const judged = await as.sup!.post(`/api/cases/${caseId}/judge`, {
      decision: 'major',
      reason: '符合判定标准',
      clauseId: h.ids.clauseId,
    });
    expect(judged.status).toBe(200);
  }, 300_000);
  afterAll(async () => h?.stop());

  it('the picker offers the active leaders of the listing region or above, wherever the caller works', async () => {
    const names = async (who: string, code: string) => {
      const r = await leadersOf(who, { leadsRegion: code });
      expect(r.status).toBe(200);
      return (r.body as Array<{ displayName: string; regionName: string }>).map(
        (l) => `${l.displayName}（${l.regionName}）`,
      );
    };
    // County (district) listing: the district's leader and the city's; not the retired one, not Jiang'an's.
    expect(await names('sup', '420111')).toEqual(['市领导赵（武汉市）', '洪山区领导李（洪山区）']);
    // City listing: only the city's leader (a district leader is below it); the district office sees them too.
    expect(await names('sup', '420100')).toEqual(['市领导赵（武汉市）']);
    expect(await names('sup-other', '420102')).toEqual(['市领导赵（武汉市）', '江岸区领导钱（江岸区）']);
    const odd = await leadersOf('sup', { leadsRegion: '42\u0000' });
    expect(odd.status).toBe(422);
    expect(odd.body.errors).toEqual({ 'filter.leadsRegion': '挂牌地区代码应为6至12位数字' });
  });

  it.each([
    ['an unknown user', () => '6f1c1b7e-0000-4000-8000-000000000000', 'county', '包案领导不存在'],
    ['a supervisor', () => h.ids.users.sup!, 'county', '所选人员不是领导，不能担任包案领导'],
    ['an inactive leader', () => ids['leader-retired']!, 'county', '所选领导的账号已停用，不能担任包案领导'],
    [
      'a leader of another district',
      () => ids['leader-jiangan']!,
      'county',
      '包案领导须为洪山区或其上级的领导（所选领导属江岸区）',
    ],
    [
      'a district leader for a city listing',
      () => h.ids.users.leader!,
      'city',
      '包案领导须为武汉市或其上级的领导（所选领导属洪山区）',
    ],
  ])(
    '%s as 包案领导: 422 naming owningLeaderId, nothing written, the refusal recorded',
    async (_w, who, level, message) => {
      const before = (await verifiedRefusals(h.db.db)).length;
      const res = await as.sup!.post(`/api/cases/${caseId}/list`, listing(who(), level));
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ owningLeaderId: message });
      const [row] = await h.db.db.select().from(schema.cases).where(eq(schema.cases.id, caseId));
      expect([row!.status, row!.level, row!.owningLeaderId]).toEqual(['judged', null, null]);
      const writes = (await verifiedWrites(h.db.db)).filter((e) => e.resourceId === caseId);
      expect(writes.map((e) => e.action)).toEqual(['report', 'judge']);
      const refusals = (await verifiedRefusals(h.db.db)).slice(before);
      expect(refusals.map((e) => [e.resourceId, e.why.path.split('/').at(-1), e.why.status])).toEqual([
        [caseId, 'list', 422],
      ]);
      expect(refusals[0]!.payload).toMatchObject({ fields: { owningLeaderId: message } });
    },
  );

  it('the city leader over a district listing is accepted: stored, named on the case, audited', async () => {
    const res = await as.sup!.post(`/api/cases/${caseId}/list`, listing(ids['leader-city']!));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      status: 'listed',
      owningLeaderId: ids['leader-city'],
      owningLeaderName: '市领导赵',
    });
    expect(res.body.view.owningLeaderId).toBe(ids['leader-city']);
    const shown = await as.sup!.get(`/api/cases/${caseId}`);
    expect(shown.body).toMatchObject({ owningLeaderId: ids['leader-city'], owningLeaderName: '市领导赵' });
    const [row] = await h.db.db.select().from(schema.cases).where(eq(schema.cases.id, caseId));
    expect(row!.owningLeaderId).toBe(ids['leader-city']);
    const writes = (await verifiedWrites(h.db.db)).filter((e) => e.resourceId === caseId);
    expect(writes.map((e) => e.action)).toEqual(['report', 'judge', 'list']);
    expect(writes.at(-1)!.payload).toMatchObject({ owningLeaderId: ids['leader-city'] });
  });
});
