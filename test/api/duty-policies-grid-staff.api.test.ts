import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../db/client.js';
import { hashPassword } from '../../db/password.js';
import { addCalendarDays, shanghaiDate } from '../../domain/calendar.js';
import { DEFAULT_DUTY_POLICY } from '../../domain/hazards/policy.js';
import { verifiedAuditChain, verifiedWrites } from '../helpers/audit.js';
import { PASSWORD, loginAs, startHarness, type Harness } from './harness.js';

type Client = Awaited<ReturnType<typeof loginAs>>;

/**
 * Two pieces the console needs, over the real stack (PostgreSQL, Temporal dev server, API): the duty policy authored
 * as data (patrol, inspection and self-report frequencies per grade; validated, audited, reaching the patrol clock
 * of a unit assigned after it) and a grid's leader and responsible supervisors replaced with the reason, kept in the
 * grid's staff history. Refusals name the field in Chinese and change nothing.
 */
describe('duty-policy authoring and grid staff changes over the API', () => {
  let h: Harness;
  const as: Record<string, Client> = {};
  const today = shanghaiDate(new Date());
  const policy = (over: Partial<typeof DEFAULT_DUTY_POLICY> = {}) => ({
    ...structuredClone(DEFAULT_DUTY_POLICY),
    name: '洪山区一般隐患排查职责（2027）',
    ...over,
  });
  let gridId: string;

  beforeAll(async () => {
    h = await startHarness();
    const hash = await hashPassword(PASSWORD);
    const added = await h.db.db
      .insert(schema.users)
      .values(
        ['sup2', 'sup3'].map((username) => ({
          username,
          displayName: username === 'sup2' ? '监管二' : '监管三',
          passwordHash: hash,
          role: 'supervisor' as const,
          regionCode: '420111',
        })),
      )
      .returning({ id: schema.users.id, username: schema.users.username });
    for (const r of added) h.ids.users[r.username] = r.id;
    for (const u of ['admin', 'sup', 'sup-other', 'leader', 'ent', 'grid', 'expert'])
      as[u] = await loginAs(h.app, u);
  }, 180_000);
  afterAll(async () => {
    await h?.stop();
  });

  const policyRows = async () => h.db.db.select().from(schema.dutyPolicies);

  it('refuses a duty policy naming the field: wrong order of grades, past date, unknown region, wrong role', async () => {
    const body = policy();
    body.patrol.everyDaysByColour = { red: 20, orange: 10, yellow: 15, blue: 15, unassessed: 15 };
    const order = await as.admin!.post('/api/duty-policies', {
      regionCode: '420111',
      effectiveFrom: today,
      body,
    });
    expect(order.status).toBe(422);
    expect(order.body.errors['body.patrol.everyDaysByColour.red']).toBe(
      '红色风险单位的巡查间隔不能长于橙色（10天）',
    );
    const levels = policy();
    levels.inspection.everyMonthsByLevel = { A: 12, B: 6, C: 3, D: 4, unassessed: 6 };
    const lv = await as.admin!.post('/api/duty-policies', {
      regionCode: '420111',
      effectiveFrom: today,
      body: levels,
    });
    expect(lv.body.errors['body.inspection.everyMonthsByLevel.D']).toBe(
      'D级单位的检查间隔不能长于C级（3个月）',
    );
    const past = await as.admin!.post('/api/duty-policies', {
      regionCode: '420111',
      effectiveFrom: addCalendarDays(today, -1),
      body: policy(),
    });
    expect(past.status).toBe(422);
    expect(past.body.errors.effectiveFrom).toBe('生效日期不能早于今天');
    const nowhere = await as.admin!.post('/api/duty-policies', {
      regionCode: '999999',
      effectiveFrom: today,
      body: policy(),
    });
    expect(nowhere.body.errors.regionCode).toBe('行政区划不存在');
    const badNumber = policy();
    (badNumber.hazard as { yellowDays: unknown }).yellowDays = -1;
    const neg = await as.admin!.post('/api/duty-policies', {
      regionCode: '420111',
      effectiveFrom: today,
      body: badNumber,
    });
    expect(neg.status).toBe(422);
    expect(Object.keys(neg.body.errors)).toEqual(['body.hazard.yellowDays']);
    expect(neg.body.errors['body.hazard.yellowDays']).toMatch(/[\u4e00-\u9fff]/);
    for (const u of ['sup', 'leader', 'ent', 'grid'])
      expect(
        (
          await as[u]!.post('/api/duty-policies', {
            regionCode: '420111',
            effectiveFrom: today,
            body: policy(),
          })
        ).status,
      ).toBe(403);
    expect(await policyRows()).toEqual([]);
    for (const u of ['ent', 'grid', 'expert'])
      expect((await as[u]!.get('/api/duty-policies')).status).toBe(403);
  });

  it('an administrator writes a version per region; it is in force from its date, audited with its changes', async () => {
    const before = await as.sup!.get('/api/duty-policies/in-force?regionCode=420111');
    expect(before.body).toMatchObject({ isDefault: true, policy: { patrol: DEFAULT_DUTY_POLICY.patrol } });
    const body = policy();
    body.patrol.everyDaysByColour = { red: 3, orange: 7, yellow: 15, blue: 30, unassessed: 10 };
    const made = await as.admin!.post('/api/duty-policies', {
      regionCode: '420111',
      effectiveFrom: today,
      body,
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ regionCode: '420111', regionName: '洪山区', version: 1 });
    expect(made.body.changes).toEqual(
      expect.arrayContaining([
        { path: 'patrol.everyDaysByColour.red', before: 7, after: 3 },
        { path: 'patrol.everyDaysByColour.blue', before: 15, after: 30 },
      ]),
    );
    const later = addCalendarDays(today, 30);
    const next = await as.admin!.post('/api/duty-policies', {
      regionCode: '420111',
      effectiveFrom: later,
      body: { ...body, hazard: { ...body.hazard, yellowDays: 5 } },
    });
    expect(next.body.version).toBe(2);
    const now = await as.leader!.get('/api/duty-policies/in-force?regionCode=420111');
    expect(now.body).toMatchObject({
      isDefault: false,
      policy: { patrol: body.patrol, hazard: { yellowDays: 2 } },
    });
    const then = await as.sup!.get(`/api/duty-policies/in-force?regionCode=420111&on=${later}`);
    expect(then.body.policy.hazard.yellowDays).toBe(5);
    // Another district keeps the default.
    expect((await as.sup!.get('/api/duty-policies/in-force?regionCode=420102')).body.isDefault).toBe(true);
    const list = await as.sup!.get('/api/duty-policies?regionCode=420111');
    expect(list.body.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const audit = (await verifiedWrites(h.db.db)).filter((a) => a.resource === 'duty-policies');
    expect(audit.map((a) => a.resourceId)).toEqual([made.body.id, next.body.id]);
    expect((audit[0]!.payload as { changes: unknown[] }).changes).toEqual(made.body.changes);
  });

  it('replaces a grid’s leader and responsible supervisors with the reason, kept in its history', async () => {
    const made = await as.sup!.post('/api/grids', {
      code: 'HS-09',
      name: '洪山九网格',
      level: 'town',
      regionCode: '420111',
      leaderId: h.ids.users.leader,
      supervisorIds: [h.ids.users.sup, h.ids.users.sup2],
      memberIds: [h.ids.users.grid],
    });
    expect(made.status).toBe(201);
    gridId = made.body.id;
    // The policy written above sets the patrol clock of a unit assigned now (unassessed: 10 days, default 15).
    expect(
      (await as.sup!.post(`/api/grids/${gridId}/enterprises`, { enterpriseIds: [h.ids.enterpriseId] }))
        .status,
    ).toBe(200);
    const [ge] = await h.db.db
      .select()
      .from(schema.gridEnterprises)
      .where(eq(schema.gridEnterprises.gridId, gridId));
    expect(ge!.patrolDueOn).toBe(addCalendarDays(today, 10));

    const url = `/api/grids/${gridId}/staff`;
    const change = {
      leaderId: h.ids.users.sup,
      supervisorIds: [h.ids.users.sup2, h.ids.users.sup3],
      reason: '人事调整：原负责人调任',
    };
    const staffBefore = await h.db.db
      .select()
      .from(schema.gridStaff)
      .where(eq(schema.gridStaff.gridId, gridId));
    const refusals: Array<[Client, unknown, number, string?, string?]> = [
      [
        as.sup!,
        { ...change, supervisorIds: [h.ids.users.sup2] },
        422,
        'supervisorIds',
        '网格须有且仅有两名安全监管责任人',
      ],
      [
        as.sup!,
        { ...change, supervisorIds: [h.ids.users.sup2, h.ids.users.sup2] },
        422,
        'supervisorIds',
        '两名安全监管责任人不能是同一人',
      ],
      [
        as.sup!,
        { ...change, supervisorIds: [h.ids.users.sup, h.ids.users.sup3] },
        422,
        'supervisorIds',
        '网格负责人不能兼任安全监管责任人',
      ],
      [
        as.sup!,
        { ...change, supervisorIds: [h.ids.users.sup2, h.ids.users.grid] },
        422,
        'supervisorIds.1',
        '安全监管责任人的角色不符',
      ],
      [
        as.sup!,
        { ...change, leaderId: h.ids.users['sup-other'] },
        422,
        'leaderId',
        '网格负责人不在网格所在辖区',
      ],
      [as.sup!, { ...change, reason: ' ' }, 422, 'reason', '调整原因不能为空'],
      [as.grid!, change, 403],
      [as.leader!, change, 403],
      [as.ent!, change, 404],
      [as['sup-other']!, change, 404],
    ];
    for (const [client, body, status, field, message] of refusals) {
      const r = await client.put(url, body);
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      if (field) expect(r.body.errors[field]).toBe(message);
    }
    expect(await h.db.db.select().from(schema.gridStaff).where(eq(schema.gridStaff.gridId, gridId))).toEqual(
      staffBefore,
    );

    const done = await as.sup!.put(url, change);
    expect(done.status).toBe(200);
    expect(done.body.before).toEqual({
      leaderId: h.ids.users.leader,
      supervisorIds: expect.arrayContaining([h.ids.users.sup, h.ids.users.sup2]),
      memberIds: [h.ids.users.grid],
    });
    expect(done.body.after).toEqual({ ...change, reason: undefined, memberIds: [h.ids.users.grid] });
    const grid = await as.sup!.get(`/api/grids/${gridId}`);
    const duties = Object.fromEntries(
      grid.body.staff.map((s: { userId: string; duty: string }) => [s.userId, s.duty]),
    );
    expect(duties).toEqual({
      [h.ids.users.sup!]: 'leader',
      [h.ids.users.sup2!]: 'supervisor',
      [h.ids.users.sup3!]: 'supervisor',
      [h.ids.users.grid!]: 'member',
    });
    const listed = await as.sup!.get('/api/grids');
    expect(listed.body.find((g: { id: string }) => g.id === gridId)).toMatchObject({
      leaderName: 'sup',
      supervisorNames: ['监管三', '监管二'],
    });

    // A second change; the history lists both, newest first, with names, for whoever may see the grid.
    await as.admin!.put(url, {
      ...change,
      leaderId: h.ids.users.leader,
      memberIds: [],
      reason: '网格员调出',
    });
    const history = await as.leader!.get(`/api/grids/${gridId}/staff-history`);
    expect(history.status).toBe(200);
    expect(history.body.map((e: { reason: string }) => e.reason)).toEqual([
      '网格员调出',
      '人事调整：原负责人调任',
    ]);
    expect(history.body[1]).toMatchObject({ actorName: 'sup', before: { leaderId: h.ids.users.leader } });
    expect(history.body[1].names[h.ids.users.sup3!]).toBe('监管三');
    expect(history.body[0].after.memberIds).toEqual([]);
    expect((await as['sup-other']!.get(`/api/grids/${gridId}/staff-history`)).status).toBe(404);
    const audit = (await verifiedAuditChain(h.db.db)).filter((a) => a.action === 'change_staff');
    expect(audit).toHaveLength(2);
  });

  it('offers the grid members who may staff a grid: the caller’s territory, working in the grid’s region or above', async () => {
    // A street of the district with its own grid member; a member of the neighbouring district; one disabled.
    await h.db.db.insert(schema.regions).values({
      code: '420111001',
      name: '珞南街道',
      level: 'street',
      parentCode: '420111',
      path: '420000/420100/420111/420111001/',
    });
    const hash = await hashPassword(PASSWORD);
    const made = await h.db.db
      .insert(schema.users)
      .values(
        [
          { username: 'grid-street', regionCode: '420111001', active: true },
          { username: 'grid-jiangan', regionCode: '420102', active: true },
          { username: 'grid-gone', regionCode: '420111', active: false },
        ].map((u) => ({
          ...u,
          role: 'grid_member' as const,
          displayName: `网格员${u.username}`,
          passwordHash: hash,
        })),
      )
      .returning({ id: schema.users.id, username: schema.users.username });
    const gid = Object.fromEntries(made.map((r) => [r.username, r.id]));
    const q = (filter: unknown) => `/api/assignees?filter=${encodeURIComponent(JSON.stringify(filter))}`;
    const ids = (res: { body: Array<{ id: string }> }) => res.body.map((u) => u.id).sort();
    const members = await as.sup!.get(q({ role: 'grid_member' }));
    expect(members.status).toBe(200);
    expect(ids(members)).toEqual([h.ids.users.grid!, gid['grid-street']!].sort());
    expect(members.body.every((u: { role: string }) => u.role === 'grid_member')).toBe(true);
    // A district-level grid: the street's member does not work there; a street grid takes both.
    expect(ids(await as.sup!.get(q({ role: 'grid_member', regionCode: '420111' })))).toEqual([
      h.ids.users.grid!,
    ]);
    expect(ids(await as.sup!.get(q({ role: 'grid_member', regionCode: '420111001' })))).toEqual(
      [h.ids.users.grid!, gid['grid-street']!].sort(),
    );
    // The leader and the supervisors of a grid come from the same list with their roles.
    const staff = await as.sup!.get(q({ role: ['supervisor', 'leader'], regionCode: '420111001' }));
    expect(staff.body.map((u: { id: string }) => u.id)).toContain(h.ids.users.leader);
    expect(staff.body.map((u: { id: string }) => u.id)).not.toContain(h.ids.users['sup-other']);
    // The neighbouring district's supervisor sees its own member only; the administrator every active one.
    expect(ids(await as['sup-other']!.get(q({ role: 'grid_member' })))).toEqual([gid['grid-jiangan']!]);
    expect(ids(await as.admin!.get(q({ role: 'grid_member' })))).toEqual(
      [h.ids.users.grid!, gid['grid-street']!, gid['grid-jiangan']!].sort(),
    );
    // react-admin's getMany shows a chosen member by id.
    expect(ids(await as.sup!.get(q({ id: [gid['grid-street']] })))).toEqual([gid['grid-street']!]);
    // Odd filters are refused naming the filter, in Chinese; people without a say over grids are refused.
    for (const [filter, field, message] of [
      [{ role: 'enterprise' }, 'filter.role', '人员角色应为监管人员、领导、专家或网格员'],
      [{ role: 'grid_member', regionCode: '42011１' }, 'filter.regionCode', '行政区划代码应为6至12位数字'],
      [{ role: 'grid_member', regionCode: 420111 }, 'filter.regionCode', '行政区划代码应为6至12位数字'],
    ] as const) {
      const r = await as.sup!.get(q(filter));
      expect(r.status, JSON.stringify(r.body)).toBe(422);
      expect(r.body.errors[field]).toBe(message);
    }
    expect((await as.sup!.get(q({ role: 'grid_member', regionCode: '999999' }))).body).toEqual([]);
    for (const who of ['grid', 'ent', 'expert'])
      expect((await as[who]!.get(q({ role: 'grid_member' }))).status).toBe(403);
  });
});
