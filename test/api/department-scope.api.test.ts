import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../db/client.js';
import { hashPassword } from '../../db/password.js';
import { makeCreditCode } from '../../domain/credit-code.js';
import { exportTable } from '../../domain/import/table.js';
import { ENTERPRISE_COLUMNS } from '../../domain/import/enterprises.js';
import { PASSWORD, loginAs, startHarness, type Harness } from './harness.js';

type Client = Awaited<ReturnType<typeof loginAs>>;
const q = (filter: unknown) => `?filter=${encodeURIComponent(JSON.stringify(filter))}`;
const total = (res: { headers: Headers }) => Number(res.headers.get('content-range')!.split('/')[1]);
const DISTRICT = '420111';

/**
 * 行业主管部门 scoping on the real stack: a department's supervisors and leaders see the cases, tasks, timelines,
 * escalations, documents, dashboard figures, exports and enterprises of their territory AND their department's
 * industries; the 安委办 supervisor (no department) keeps the whole territory.
 */
describe('department supervisors see only their industries', () => {
  let h: Harness;
  const as: Record<string, Client> = {};
  const cookies: Record<string, string> = {};
  const ent: Record<string, string> = {};
  const kase: Record<string, string> = {};
  const users: Record<string, string> = {};

  beforeAll(async () => {
    h = await startHarness();
    const db = h.db.db;
    // 应急管理局 supervises 机械 and, of 危险化学品, only 燃气 (a 小类); 住建局 supervises 建筑施工.
    const [yjj, zj] = await db
      .insert(schema.departments)
      .values([
        { name: '洪山区应急管理局', regionCode: DISTRICT, industryCodes: ['machinery', 'chemicals.gas'] },
        { name: '洪山区住房和城市更新局', regionCode: DISTRICT, industryCodes: ['construction'] },
      ])
      .returning({ id: schema.departments.id });
    const enterprise = (serial: number, name: string, industryCode: string, industryCategory: string) => ({
      name,
      creditCode: makeCreditCode(DISTRICT, serial),
      regionCode: DISTRICT,
      regionPath: '420000/420100/420111/',
      industryCode,
      industryCategory,
      scale: 'above' as const,
    });
    const rows = await db
      .insert(schema.enterprises)
      .values([
        enterprise(7001, '武汉测试建设工程有限公司', 'construction.housing', 'construction'),
        enterprise(7002, '武汉测试燃气有限公司', 'chemicals.gas', 'chemicals'),
        enterprise(7003, '武汉测试化工有限公司', 'chemicals.production', 'chemicals'),
      ])
      .returning({ id: schema.enterprises.id });
    ent.machinery = h.ids.enterpriseId;
    ent.construction = rows[0]!.id;
    ent.gas = rows[1]!.id;
    ent.production = rows[2]!.id;
    const hash = await hashPassword(PASSWORD);
    const people = [
      { username: 'sup-yjj', role: 'supervisor' as const, departmentId: yjj!.id },
      { username: 'leader-yjj', role: 'leader' as const, departmentId: yjj!.id },
      { username: 'sup-zj', role: 'supervisor' as const, departmentId: zj!.id },
    ];
    const inserted = await db
      .insert(schema.users)
      .values(
        people.map((p) => ({ ...p, displayName: p.username, regionCode: DISTRICT, passwordHash: hash })),
      )
      .returning({ id: schema.users.id, username: schema.users.username });
    Object.assign(users, h.ids.users, Object.fromEntries(inserted.map((u) => [u.username, u.id])));
    for (const u of ['admin', 'sup', 'leader', 'sup-yjj', 'leader-yjj', 'sup-zj']) {
      as[u] = await loginAs(h.app, u);
      const res = await h.app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: u, password: PASSWORD }),
      });
      cookies[u] = res.headers.get('set-cookie')!.split(';')[0]!;
    }

    // The 安委办 supervisor reports one case per enterprise, and one naming no enterprise.
    const report = (enterpriseId: string | undefined, title: string) => ({
      source: 'inspection',
      enterpriseId,
      regionCode: DISTRICT,
      title,
      description: `检查发现：${title}`,
    });
    for (const [k, title] of [
      ['machinery', '机械厂除尘器未设泄爆装置'],
      ['construction', '深基坑土方超挖未采取措施'],
      ['gas', '燃气调压间未设可燃气体报警'],
      ['production', '反应釜安全阀未投用'],
    ] as const) {
      const res = await as.sup!.post('/api/cases', report(ent[k], title));
      expect(res.status).toBe(201);
      kase[k] = res.body.id;
    }
    const anonymous = await as.sup!.post('/api/cases', report(undefined, '群众举报某工地夜间违规动火'));
    expect(anonymous.status).toBe(201);
    expect(anonymous.body.industryCategory).toBeNull();
    kase.none = anonymous.body.id;

    // The construction case climbs to a listed case with a manual escalation, and gets an evidence document.
    const judged = await as.sup!.post(`/api/cases/${kase.construction}/judge`, {
      decision: 'major',
      reason: '符合判定标准',
      clauseId: h.ids.clauseId,
    });
    expect(judged.status).toBe(200);
    const listed = await as.sup!.post(`/api/cases/${kase.construction}/list`, {
      level: 'county',
      listingAuthority: '洪山区安委办',
      supervisingUnit: '洪山区住房和城市更新局',
      rectificationDeadline: new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10),
      interimControls: ['stop_use'],
    });
    expect(listed.status).toBe(200);
    const escalated = await as.sup!.post(`/api/cases/${kase.construction}/escalate`, {
      step: 'urging_letter',
      reason: '整改进度滞后',
    });
    expect(escalated.status).toBe(200);
    const form = new FormData();
    // A real picture: the upload is sniffed, four bytes of PNG signature are not one.
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    form.set('file', new File([new Uint8Array(png)], 'site.png', { type: 'image/png' }));
    form.set('caseId', kase.construction!);
    form.set('kind', 'evidence');
    const up = await h.app.request('/api/documents', {
      method: 'POST',
      headers: { cookie: cookies.sup! },
      body: form,
    });
    expect(up.status).toBe(201);
  });
  afterAll(async () => h?.stop());

  it('tells the console who is department-scoped: /me carries the department industries', async () => {
    expect((await as['sup-yjj']!.get('/api/me')).body).toMatchObject({
      departmentIndustries: ['machinery', 'chemicals.gas'],
    });
    expect((await as.sup!.get('/api/me')).body).toMatchObject({ departmentIndustries: null });
  });

  it('authorization matrix: own-industry cases in the subtree; 404 for another industry or a case without one', async () => {
    const matrix: Array<[string, string, number]> = [
      ['sup', 'machinery', 200],
      ['sup', 'construction', 200],
      ['sup', 'gas', 200],
      ['sup', 'production', 200],
      ['sup', 'none', 200],
      ['leader', 'construction', 200],
      ['sup-yjj', 'machinery', 200],
      ['sup-yjj', 'gas', 200], // the department covers this 小类 of 危险化学品
      ['sup-yjj', 'construction', 404],
      ['sup-yjj', 'production', 404], // another 小类 of the same 大类
      ['sup-yjj', 'none', 404], // no enterprise, no industry: the 安委办's to route
      ['leader-yjj', 'machinery', 200],
      ['leader-yjj', 'construction', 404],
      ['sup-zj', 'construction', 200],
      ['sup-zj', 'machinery', 404],
      ['sup-zj', 'none', 404],
    ];
    const got = [];
    for (const [who, which] of matrix) {
      const res = await as[who]!.get(`/api/cases/${kase[which]}`);
      got.push([who, which, res.status]);
      if (res.status === 404) expect(res.body.error.code).toBe('NOT_FOUND');
    }
    expect(got).toEqual(matrix);

    const counts = Object.fromEntries(
      await Promise.all(
        ['admin', 'sup', 'leader', 'sup-yjj', 'leader-yjj', 'sup-zj'].map(async (who) => [
          who,
          total(await as[who]!.get('/api/cases')),
        ]),
      ),
    );
    expect(counts).toEqual({ admin: 5, sup: 5, leader: 5, 'sup-yjj': 2, 'leader-yjj': 2, 'sup-zj': 1 });
    // A filter cannot widen the scope.
    const filtered = await as['sup-yjj']!.get(`/api/cases${q({ industryCategory: 'construction' })}`);
    expect(filtered.body).toEqual([]);
  });

  it("answers 404 to a command on another industry's case, and the case is untouched", async () => {
    const res = await as['sup-yjj']!.post(`/api/cases/${kase.production}/judge`, {
      decision: 'not_hazard',
      reason: '无',
    });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    expect((await as.sup!.get(`/api/cases/${kase.production}`)).body.status).toBe('reported');
    const own = await as['sup-yjj']!.post(`/api/cases/${kase.gas}/judge`, {
      decision: 'major',
      reason: '符合判定标准',
      clauseId: h.ids.clauseId,
    });
    expect(own.status).toBe(200);
    expect(own.body.status).toBe('judged');
  });

  it("hides another industry's timeline, escalations and documents", async () => {
    const timeline = await as.sup!.get(`/api/case-events${q({ caseId: kase.construction })}`);
    expect(timeline.body.length).toBeGreaterThanOrEqual(3);
    const foreign = await as['sup-yjj']!.get(`/api/case-events${q({ caseId: kase.construction })}`);
    expect(foreign.status).toBe(200);
    expect(foreign.body).toEqual([]);
    expect((await as['sup-yjj']!.get(`/api/case-events/${timeline.body[0].id}`)).status).toBe(404);
    expect((await as['sup-zj']!.get(`/api/case-events/${timeline.body[0].id}`)).status).toBe(200);

    const escalations = await as.sup!.get(`/api/escalations${q({ caseId: kase.construction })}`);
    expect(escalations.body.length).toBeGreaterThan(0);
    expect(total(await as['sup-yjj']!.get('/api/escalations'))).toBe(0);
    expect((await as['sup-yjj']!.get(`/api/escalations/${escalations.body[0].id}`)).status).toBe(404);
    expect(total(await as['sup-zj']!.get('/api/escalations'))).toBe(escalations.body.length);

    // The uploaded photo and the generated listing notice (挂牌督办通知书).
    const docs = await as.sup!.get(`/api/documents${q({ caseId: kase.construction })}`);
    const photo = (docs.body as Array<{ id: string; filename: string }>).find(
      (d) => d.filename === 'site.png',
    )!;
    expect(docs.body.length).toBeGreaterThanOrEqual(2);
    expect(total(await as['sup-yjj']!.get('/api/documents'))).toBe(0);
    expect((await as['sup-yjj']!.get(`/api/documents/${photo.id}/content`)).status).toBe(404);
    const download = await h.app.request(`/api/documents/${photo.id}/content`, {
      headers: { cookie: cookies['sup-zj']! },
    });
    expect(download.status).toBe(200);
    // Nor can the department attach evidence to it.
    const form = new FormData();
    form.set('file', new File([new Uint8Array([1])], 'x.png', { type: 'image/png' }));
    form.set('caseId', kase.construction!);
    form.set('kind', 'evidence');
    const up = await h.app.request('/api/documents', {
      method: 'POST',
      headers: { cookie: cookies['sup-yjj']! },
      body: form,
    });
    expect(up.status).toBe(404);
  });

  it('counts only the own industries on the dashboard and the worklist', async () => {
    const all = (await as.sup!.get('/api/dashboard')).body;
    const yjj = (await as['sup-yjj']!.get('/api/dashboard')).body;
    expect(all.countsByStatus).toEqual({ reported: 3, judged: 1, listed: 1 });
    expect(yjj.countsByStatus).toEqual({ reported: 1, judged: 1 });
    expect(all.openEscalations).toBeGreaterThan(0);
    expect(yjj.openEscalations).toBe(0);
    expect(yjj.byIndustry.map((r: { industryCategory: string }) => r.industryCategory).sort()).toEqual([
      'chemicals',
      'machinery',
    ]);
    expect(yjj.byRegion).toEqual([{ regionCode: DISTRICT, name: expect.any(String), count: 2 }]);
    const worklist = yjj.worklist.map((c: { id: string }) => c.id).sort();
    expect(worklist).toEqual([kase.machinery, kase.gas].sort());
    // Supervisor tasks wait on the machinery case (研判) and the gas case (挂牌) only; the 安委办 has all five.
    expect(yjj.awaitingMyDecision).toBe(2);
    expect(all.awaitingMyDecision).toBe(5);
    const zj = (await as['sup-zj']!.get('/api/dashboard')).body;
    expect(zj.countsByStatus).toEqual({ listed: 1 });
  });

  it("keeps other industries' tasks out of the list and out of bulk actions", async () => {
    const open = await as.sup!.get(`/api/tasks${q({ status: 'open', kind: 'judge' })}`);
    const byCase = Object.fromEntries(
      open.body.map((t: { caseId: string; id: string }) => [t.caseId, t.id]),
    ) as Record<string, string>;
    expect(byCase[kase.production!]).toBeTruthy();
    expect(byCase[kase.machinery!]).toBeTruthy();
    const mine = await as['sup-yjj']!.get(`/api/tasks${q({ status: 'open' })}`);
    expect(mine.body.every((t: { caseId: string }) => [kase.machinery, kase.gas].includes(t.caseId))).toBe(
      true,
    );
    expect(mine.body.some((t: { caseId: string }) => t.caseId === kase.machinery)).toBe(true);
    expect((await as['sup-yjj']!.get(`/api/tasks/${byCase[kase.production!]}`)).status).toBe(404);

    const remind = await as['sup-yjj']!.post('/api/tasks/bulk/remind', {
      ids: [byCase[kase.production!], byCase[kase.machinery!]],
    });
    expect(remind.status).toBe(200);
    expect(remind.body.data).toEqual([byCase[kase.machinery!]]);

    // The 安委办 supervisor can hand the department only the tasks of its industries: the others would vanish.
    const reassign = await as.sup!.post('/api/tasks/bulk/reassign', {
      ids: [byCase[kase.production!], byCase[kase.machinery!]],
      assigneeUserId: users['sup-yjj'],
    });
    expect(reassign.status).toBe(200);
    expect(reassign.body.data).toEqual([byCase[kase.machinery!]]);
    // A department member cannot hand a task to another department, who could not see its case.
    const across = await as['sup-yjj']!.post('/api/tasks/bulk/reassign', {
      ids: [byCase[kase.machinery!]],
      assigneeUserId: users['sup-zj'],
    });
    expect(across.status).toBe(422);
    expect(across.body.errors.assigneeUserId).toBeTruthy();
  });

  it('offers a department member only its colleagues and the 安委办 as assignees', async () => {
    const names = async (who: string) =>
      ((await as[who]!.get('/api/assignees')).body as Array<{ displayName: string }>)
        .map((a) => a.displayName)
        .sort();
    expect(await names('sup-yjj')).toEqual(['leader', 'leader-yjj', 'sup', 'sup-yjj']);
    expect(await names('sup')).toEqual(['leader', 'leader-yjj', 'sup', 'sup-yjj', 'sup-zj']);
  });

  it('exports only the own industries', async () => {
    const csv = async (who: string, what: string) => {
      const res = await h.app.request(`/api/${what}/export`, { headers: { cookie: cookies[who]! } });
      expect(res.status).toBe(200);
      return { text: await res.text(), total: Number(res.headers.get('x-total-count')) };
    };
    const cases = await csv('sup-yjj', 'cases');
    expect(cases.total).toBe(2);
    expect(cases.text).toContain('机械厂除尘器未设泄爆装置');
    expect(cases.text).not.toContain('深基坑土方超挖未采取措施');
    expect((await csv('sup', 'cases')).total).toBe(5);
    expect((await csv('sup-yjj', 'escalations')).total).toBe(0);
    const enterprises = await csv('sup-yjj', 'enterprises');
    expect(enterprises.text).toContain('武汉测试燃气有限公司');
    expect(enterprises.text).not.toContain('武汉测试建设工程有限公司');
    expect(enterprises.text).not.toContain('武汉测试化工有限公司');
  });

  it('scopes the enterprise register: list, read, update, create and import', async () => {
    const list = await as['sup-yjj']!.get('/api/enterprises');
    expect(list.body.map((e: { id: string }) => e.id).sort()).toEqual(
      [h.ids.enterpriseId, h.ids.otherEnterpriseId, ent.gas].sort(),
    );
    expect(total(await as.sup!.get('/api/enterprises'))).toBe(5);
    expect((await as['sup-yjj']!.get(`/api/enterprises/${ent.construction}`)).status).toBe(404);
    expect((await as['sup-zj']!.get(`/api/enterprises/${ent.construction}`)).status).toBe(200);

    const input = {
      name: '武汉测试建设工程有限公司',
      creditCode: makeCreditCode(DISTRICT, 7001),
      regionCode: DISTRICT,
      industryCode: 'construction.housing',
      scale: 'above',
    };
    const update = await as['sup-yjj']!.put(`/api/enterprises/${ent.construction}`, input);
    expect(update.status).toBe(404);
    // Moving an own enterprise into another industry, or registering one there, is a field error.
    const own = await as['sup-yjj']!.put(`/api/enterprises/${ent.gas}`, {
      ...input,
      name: '武汉测试燃气有限公司',
      creditCode: makeCreditCode(DISTRICT, 7002),
    });
    expect(own.status).toBe(422);
    expect(own.body.errors.industryCode).toContain('行业');
    const created = await as['sup-yjj']!.post('/api/enterprises', {
      ...input,
      name: '武汉另一建设有限公司',
      creditCode: makeCreditCode(DISTRICT, 7010),
    });
    expect(created.status).toBe(422);
    expect(created.body.errors.industryCode).toContain('行业');
    const createdOwn = await as['sup-yjj']!.post('/api/enterprises', {
      ...input,
      name: '武汉另一机械有限公司',
      creditCode: makeCreditCode(DISTRICT, 7011),
      industryCode: 'machinery.general',
    });
    expect(createdOwn.status).toBe(201);

    const headers = ENTERPRISE_COLUMNS.map(([, header]) => header);
    const row = (serial: number, sub: string) => ({
      企业名称: `部门导入${serial}号有限公司`,
      统一社会信用代码: makeCreditCode(DISTRICT, serial),
      行政区划代码: DISTRICT,
      行业小类: sub,
      规模: '规上',
      风险等级: 'B',
      经营状态: '正常经营',
      状态变更日期: '',
      地址: '',
      主要负责人: '',
      主要负责人电话: '',
      安全管理员: '',
      安全管理员电话: '',
    });
    const body = await exportTable(
      [row(7101, '通用设备制造'), row(7102, '房屋建筑工程')],
      headers.map((h) => ({ key: h, header: h })),
      'csv',
    );
    const form = new FormData();
    form.set('file', new File([new Uint8Array(body)], 'e.csv', { type: 'text/csv' }));
    const imported = await h.app.request('/api/imports/enterprises', {
      method: 'POST',
      headers: { cookie: cookies['sup-yjj']! },
      body: form,
    });
    expect(imported.status).toBe(422);
    const report = ((await imported.json()) as { report: { errors: Array<{ row: number; field: string }> } })
      .report;
    expect(report.errors.map((e) => [e.row, e.field])).toEqual([[3, 'industryCode']]);
  });

  it('lets a department supervisor report only for an enterprise of its industries', async () => {
    const base = {
      source: 'inspection',
      regionCode: DISTRICT,
      title: '部门报告的隐患',
      description: '检查发现',
    };
    const foreign = await as['sup-yjj']!.post('/api/cases', { ...base, enterpriseId: ent.construction });
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors.enterpriseId).toBeTruthy();
    const none = await as['sup-yjj']!.post('/api/cases', base);
    expect(none.status).toBe(422);
    expect(none.body.errors.enterpriseId).toBeTruthy();
    const own = await as['sup-yjj']!.post('/api/cases', { ...base, enterpriseId: ent.gas });
    expect(own.status).toBe(201);
    expect((await as['sup-yjj']!.get(`/api/cases/${own.body.id}`)).status).toBe(200);
  });
});
