import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../db/client.js';
import { hashPassword } from '../../db/password.js';
import { addCalendarDays, shanghaiDate } from '../../domain/calendar.js';
import { verifiedAuditChain } from '../helpers/audit.js';
import { PASSWORD, loginAs, startHarness, type Harness } from './harness.js';

type Client = Awaited<ReturnType<typeof loginAs>>;

/**
 * The duties that feed the general-hazard ledger, over the real stack (PostgreSQL, Temporal dev server, API):
 * templates from the standards library, the enterprise's three-level checklist, submit / return / accept with
 * 清单编制率 and 验收率, self-inspection tasks from the items' frequencies with a failed item becoming a hazard, grids
 * with one leader and two responsible supervisors, units, the grid member's patrol list, patrols whose failed items
 * become hazards, coverage, and grades with their history moving the patrol clock. Every role own and foreign; every
 * write audited.
 */
describe('checklists, self-inspection, grids, patrols and grades over the API', () => {
  let h: Harness;
  const as: Record<string, Client> = {};
  const today = shanghaiDate(new Date());
  let templateId: string;
  let checklistId: string;
  let gridId: string;

  beforeAll(async () => {
    h = await startHarness();
    const hash = await hashPassword(PASSWORD);
    const added = await h.db.db
      .insert(schema.users)
      .values([
        {
          username: 'sup2',
          displayName: '监管二',
          passwordHash: hash,
          role: 'supervisor',
          regionCode: '420111',
        },
        {
          username: 'grid2',
          displayName: '网格员二',
          passwordHash: hash,
          role: 'grid_member',
          regionCode: '420111',
        },
      ])
      .returning({ id: schema.users.id, username: schema.users.username });
    for (const r of added) h.ids.users[r.username] = r.id;
    for (const u of [
      'admin',
      'sup',
      'sup2',
      'sup-other',
      'leader',
      'ent',
      'ent-other',
      'expert',
      'grid',
      'grid2',
    ])
      as[u] = await loginAs(h.app, u);
  });
  afterAll(() => h?.stop());

  it('builds an industry template from the standards library (administrators only)', async () => {
    const body = {
      kind: 'self',
      industryCode: 'C34',
      name: '机械制造企业隐患排查模板',
      items: [
        { level: 'enterprise', clauseId: h.ids.clauseId, frequency: 'monthly', category: 'management' },
        { level: 'area', content: '设备防护罩完好', frequency: 'weekly' },
        { level: 'post', content: '劳动防护用品穿戴', frequency: 'daily' },
      ],
    };
    expect((await as.sup!.post('/api/checklist-templates', body)).status).toBe(403);
    const bad = await as.admin!.post('/api/checklist-templates', {
      ...body,
      items: [{ level: 'area', frequency: 'hourly', content: '' }],
    });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['items.0.content', 'items.0.frequency']);
    const unknown = await as.admin!.post('/api/checklist-templates', {
      ...body,
      items: [{ level: 'enterprise', clauseId: '00000000-0000-4000-8000-000000000000', frequency: 'daily' }],
    });
    expect(unknown.body.errors['items.0.clauseId']).toBe('判定标准条款不存在');
    // An unknown standard is named at its field, not a 500 from the foreign key (found by the fuzz run).
    const noStandard = await as.admin!.post('/api/checklist-templates', {
      ...body,
      standardId: '00000000-0000-4000-8000-000000000000',
    });
    expect(noStandard.status).toBe(422);
    expect(noStandard.body.errors.standardId).toBe('判定标准不存在');
    const made = await as.admin!.post('/api/checklist-templates', body);
    expect(made.status).toBe(201);
    templateId = made.body.id;
    expect(made.body.items[0]).toMatchObject({ clauseId: h.ids.clauseId, basis: '第十二条（二）' });
    expect(made.body.items[0].content.length).toBeGreaterThan(0); // the clause's text
    const listed = await as.ent!.get('/api/checklist-templates?industryCode=C3411');
    expect(listed.body.map((t: { id: string }) => t.id)).toEqual([templateId]);
    expect((await as.ent!.get('/api/checklist-templates?industryCode=B06')).body).toEqual([]);
  });

  it('the enterprise compiles a three-level checklist; supervisors return and accept it', async () => {
    expect((await as.sup!.post('/api/checklists', { templateIds: [templateId] })).status).toBe(403);
    const empty = await as.ent!.post('/api/checklists', {});
    expect(empty.body.errors.templateIds).toBe('请选择行业模板或填写排查项');
    const built = await as.ent!.post('/api/checklists', {
      templateIds: [templateId],
      areas: ['一号车间', '二号车间'],
      posts: ['焊工'],
      items: [{ level: 'post', unitName: '焊工', content: '动火作业票', frequency: 'daily' }],
    });
    expect(built.status).toBe(201);
    checklistId = built.body.id;
    expect(built.body).toMatchObject({ version: 1, status: 'draft' });
    const units = built.body.items.map(
      (i: { level: string; unitName: string }) => `${i.level}:${i.unitName}`,
    );
    expect(units).toEqual(['enterprise:全厂', 'area:一号车间', 'area:二号车间', 'post:焊工', 'post:焊工']);

    // Own and foreign.
    expect((await as.sup!.get(`/api/checklists/${checklistId}`)).status).toBe(200);
    expect((await as.grid!.get(`/api/checklists/${checklistId}`)).status).toBe(404); // not in a grid of theirs yet
    for (const u of ['ent-other', 'sup-other', 'expert'])
      expect((await as[u]!.get(`/api/checklists/${checklistId}`)).status, u).toBe(404);
    expect((await as['ent-other']!.get('/api/checklists')).body).toEqual([]);

    // Review lifecycle: refusals change nothing.
    expect((await as.sup!.post(`/api/checklists/${checklistId}/accept`, {})).status).toBe(409);
    expect((await as['ent-other']!.post(`/api/checklists/${checklistId}/submit`, {})).status).toBe(404);
    expect((await as.ent!.post(`/api/checklists/${checklistId}/submit`, {})).body.status).toBe('submitted');
    expect((await as.ent!.post(`/api/checklists/${checklistId}/accept`, {})).status).toBe(403);
    expect((await as['sup-other']!.post(`/api/checklists/${checklistId}/accept`, {})).status).toBe(404);
    const noReason = await as.sup!.post(`/api/checklists/${checklistId}/return`, {});
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors.note).toBe('退回理由必填');
    expect((await as.sup!.get(`/api/checklists/${checklistId}`)).body.status).toBe('submitted');

    const pending = await as.sup!.get('/api/checklists/rates?groupBy=district');
    expect(pending.body).toEqual([
      expect.objectContaining({
        key: '420111',
        name: '洪山区',
        enterprises: 2,
        compiled: 1,
        accepted: 0,
        pending: 1,
      }),
    ]);
    const returned = await as.sup!.post(`/api/checklists/${checklistId}/return`, {
      note: '缺少仓库区域表册',
    });
    expect(returned.body).toMatchObject({ status: 'returned', reviewNote: '缺少仓库区域表册' });
    expect((await as.ent!.post(`/api/checklists/${checklistId}/submit`, {})).body.status).toBe('submitted');
    const accepted = await as.sup!.post(`/api/checklists/${checklistId}/accept`, { note: '同意' });
    expect(accepted.body).toMatchObject({ status: 'accepted', reviewedBy: h.ids.users.sup });
    expect((await as.sup!.post(`/api/checklists/${checklistId}/accept`, {})).status).toBe(409);

    const rates = await as.sup!.get('/api/checklists/rates?groupBy=district');
    expect(rates.body[0]).toMatchObject({
      compiled: 1,
      accepted: 1,
      compilationRate: 0.5,
      acceptanceRate: 1,
    });
    expect((await as.ent!.get('/api/checklists/rates?groupBy=district')).status).toBe(403);
    expect((await as['sup-other']!.get('/api/checklists/rates?groupBy=district')).body).toEqual([]);
  });

  it('self-inspection tasks follow the frequencies; a failed item becomes a hazard naming it', async () => {
    const tasks = await as.ent!.get('/api/self-inspections/tasks');
    expect(tasks.status).toBe(200);
    expect(tasks.body.checklistId).toBe(checklistId);
    const sheets = tasks.body.tasks.map((t: { level: string; unitName: string; frequency: string }) =>
      [t.level, t.unitName, t.frequency].join(':'),
    );
    expect(sheets).toEqual([
      'enterprise:全厂:monthly',
      'area:一号车间:weekly',
      'area:二号车间:weekly',
      'post:焊工:daily',
    ]);
    expect(tasks.body.tasks.every((t: { done: boolean }) => !t.done)).toBe(true);
    expect((await as['ent-other']!.get('/api/self-inspections/tasks')).body.tasks).toEqual([]);
    expect((await as.sup!.get('/api/self-inspections/tasks')).status).toBe(403);

    const welder = tasks.body.tasks.find((t: { unitName: string }) => t.unitName === '焊工');
    const partial = await as.ent!.post('/api/self-inspections', {
      checklistId,
      level: 'post',
      unitName: '焊工',
      frequency: 'daily',
      results: [{ itemId: welder.itemIds[0], ok: true }],
    });
    expect(partial.status).toBe(422);
    expect(partial.body.errors.results).toBe('请逐项填写本排查表的全部检查项');
    const failedNoNote = await as.ent!.post('/api/self-inspections', {
      checklistId,
      level: 'post',
      unitName: '焊工',
      frequency: 'daily',
      results: welder.itemIds.map((itemId: string) => ({ itemId, ok: false })),
    });
    expect(failedNoNote.body.errors['results.0.note']).toBe('不合格项须描述发现的隐患');

    const sheet = {
      checklistId,
      level: 'post',
      unitName: '焊工',
      frequency: 'daily',
      results: [
        { itemId: welder.itemIds[0], ok: true },
        { itemId: welder.itemIds[1], ok: false, note: '动火作业票未审批', responsiblePerson: '李班长' },
      ],
      lat: 30.5,
      lng: 114.4,
    };
    const done = await as.ent!.post('/api/self-inspections', sheet, { 'idempotency-key': 'sheet-welder-1' });
    expect(done.status).toBe(201);
    // The phone's outbox retrying after a lost answer: the first answer, not a 409.
    const retried = await as.ent!.post('/api/self-inspections', sheet, {
      'idempotency-key': 'sheet-welder-1',
    });
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.body.id).toBe(done.body.id);
    expect(done.body).toMatchObject({ periodStart: today, itemsCount: 2, failedCount: 1 });
    expect(done.body.hazardIds).toHaveLength(1);
    const hazard = await as.ent!.get(`/api/general-hazards/${done.body.hazardIds[0]}`);
    expect(hazard.body).toMatchObject({
      source: 'self_inspection',
      sourceRef: done.body.id,
      checklistItemId: welder.itemIds[1],
      description: '动火作业票：动火作业票未审批',
      location: '焊工',
      responsiblePerson: '李班长',
      status: 'open',
      deadline: addCalendarDays(today, 7),
    });
    const again = await as.ent!.post('/api/self-inspections', {
      checklistId,
      level: 'post',
      unitName: '焊工',
      frequency: 'daily',
      results: welder.itemIds.map((itemId: string) => ({ itemId, ok: true })),
    });
    expect(again.status).toBe(409);
    const after = await as.ent!.get('/api/self-inspections/tasks');
    expect(after.body.tasks.find((t: { unitName: string }) => t.unitName === '焊工').done).toBe(true);
    expect((await as.sup!.get('/api/self-inspections')).body).toHaveLength(1);
    expect((await as['ent-other']!.get('/api/self-inspections')).body).toEqual([]);
  });

  it('grids have one leader and two responsible supervisors; units are assigned in scope', async () => {
    const body = {
      code: 'HS-01',
      name: '洪山一网格',
      level: 'town',
      regionCode: '420111',
      leaderId: h.ids.users.leader,
      supervisorIds: [h.ids.users.sup, h.ids.users.sup2],
      memberIds: [h.ids.users.grid],
    };
    expect((await as.ent!.post('/api/grids', body)).status).toBe(403);
    expect((await as.grid!.post('/api/grids', body)).status).toBe(403);
    const one = await as.sup!.post('/api/grids', { ...body, supervisorIds: [h.ids.users.sup] });
    expect(one.body.errors.supervisorIds).toBe('网格须有且仅有两名安全监管责任人');
    const foreignRegion = await as['sup-other']!.post('/api/grids', body);
    expect(foreignRegion.body.errors.regionCode).toBe('只能在本辖区内建立网格');
    const wrongRole = await as.sup!.post('/api/grids', { ...body, memberIds: [h.ids.users.ent] });
    expect(wrongRole.body.errors['memberIds.0']).toBe('网格员的角色不符');
    expect(await h.db.db.select().from(schema.grids)).toEqual([]);

    const made = await as.sup!.post('/api/grids', body);
    expect(made.status).toBe(201);
    gridId = made.body.id;
    expect((await as.sup!.post('/api/grids', body)).body.errors.code).toBe('网格编码已存在');

    expect(
      (
        await as['sup-other']!.post(`/api/grids/${gridId}/enterprises`, {
          enterpriseIds: [h.ids.enterpriseId],
        })
      ).status,
    ).toBe(404);
    expect(
      (await as.grid!.post(`/api/grids/${gridId}/enterprises`, { enterpriseIds: [h.ids.enterpriseId] }))
        .status,
    ).toBe(403);
    const assigned = await as.sup!.post(`/api/grids/${gridId}/enterprises`, {
      enterpriseIds: [h.ids.enterpriseId],
    });
    expect(assigned.body).toEqual({ assigned: 1 });
    const detail = await as.grid!.get(`/api/grids/${gridId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.staff.map((s: { duty: string }) => s.duty).sort()).toEqual([
      'leader',
      'member',
      'supervisor',
      'supervisor',
    ]);
    expect(detail.body.enterprises).toEqual([
      expect.objectContaining({
        enterpriseId: h.ids.enterpriseId,
        patrolDueOn: addCalendarDays(today, 15),
        lastPatrolledOn: null,
      }),
    ]);
    for (const u of ['grid2', 'sup-other', 'ent', 'expert'])
      expect((await as[u]!.get(`/api/grids/${gridId}`)).status, u).toBe(404);
    const listed = await as.sup!.get('/api/grids');
    expect(listed.body[0]).toMatchObject({
      code: 'HS-01',
      enterprises: 1,
      leaderName: 'leader',
      supervisorNames: ['sup', '监管二'].sort(),
    });
    // Grid members now see their units' checklists.
    expect((await as.grid!.get(`/api/checklists/${checklistId}`)).status).toBe(200);
  });

  it("the grid member's list, a patrol whose failed item becomes a hazard, coverage", async () => {
    expect((await as.grid!.get('/api/patrols/today')).body.items).toEqual([]);
    const ahead = await as.grid!.get('/api/patrols/today?days=30');
    expect(ahead.body.items).toEqual([
      expect.objectContaining({ enterpriseId: h.ids.enterpriseId, overdue: false }),
    ]);
    expect((await as.grid2!.get('/api/patrols/today?days=30')).body.items).toEqual([]);

    const patrol = {
      gridId,
      enterpriseId: h.ids.enterpriseId,
      patrolledOn: today,
      outcome: 'hazards_found',
      results: [
        { content: '安全出口畅通', ok: true },
        { content: '消防器材完好', ok: false, note: '灭火器过期', location: '一号车间' },
      ],
      lat: 30.5058,
      lng: 114.4181,
    };
    const foreign = await as.grid2!.post('/api/patrols', patrol);
    expect(foreign.body.errors.gridId).toBe('网格不存在或您不是该网格的成员');
    expect((await as.ent!.post('/api/patrols', patrol)).status).toBe(403);
    const inconsistent = await as.grid!.post('/api/patrols', { ...patrol, outcome: 'ok' });
    expect(inconsistent.body.errors.outcome).toBe('巡查结论与逐项结果不一致');
    expect(await h.db.db.select().from(schema.patrols)).toEqual([]);

    const key = { 'idempotency-key': 'patrol-offline-0001' };
    const made = await as.grid!.post('/api/patrols', patrol, key);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ hazardsFound: 1, lat: 30.5058, patrolledBy: h.ids.users.grid });
    const replay = await as.grid!.post('/api/patrols', patrol, key);
    expect(replay.body.id).toBe(made.body.id);
    const hazards = await h.db.db
      .select()
      .from(schema.generalHazards)
      .where(eq(schema.generalHazards.sourceRef, made.body.id));
    expect(hazards).toHaveLength(1);
    expect(hazards[0]).toMatchObject({
      source: 'grid_patrol',
      description: '消防器材完好：灭火器过期',
      lat: 30.5058,
    });
    const [unit] = await h.db.db
      .select()
      .from(schema.gridEnterprises)
      .where(
        and(
          eq(schema.gridEnterprises.gridId, gridId),
          eq(schema.gridEnterprises.enterpriseId, h.ids.enterpriseId),
        ),
      );
    expect(unit).toMatchObject({ lastPatrolledOn: today, patrolDueOn: addCalendarDays(today, 15) });

    expect((await as.sup!.get('/api/patrols')).body).toHaveLength(1);
    expect((await as['sup-other']!.get('/api/patrols')).body).toEqual([]);
    expect((await as['ent-other']!.get('/api/patrols')).body).toEqual([]);
    const coverage = await as.sup!.get(`/api/grids/coverage?from=${addCalendarDays(today, -30)}&to=${today}`);
    expect(coverage.body).toEqual([
      expect.objectContaining({
        code: 'HS-01',
        enterprises: 1,
        patrolled: 1,
        patrols: 1,
        hazardsFound: 1,
        coverageRate: 1,
      }),
    ]);
    expect((await as['sup-other']!.get(`/api/grids/coverage?from=${today}&to=${today}`)).body).toEqual([]);
    expect((await as.ent!.get(`/api/grids/coverage?from=${today}&to=${today}`)).status).toBe(403);
  });

  it('grades: colour and level apart, 未评定 its own value, history kept, the patrol clock follows the colour', async () => {
    const before = await as.sup!.get(`/api/enterprises/${h.ids.enterpriseId}/grades`);
    expect(before.body).toEqual({ riskColour: 'unassessed', managementLevel: 'unassessed', history: [] });
    const g = { kind: 'risk_colour', value: 'red', effectiveOn: today, basis: 'initial', reason: '涉爆粉尘' };
    expect((await as.ent!.post(`/api/enterprises/${h.ids.enterpriseId}/grades`, g)).status).toBe(403);
    expect((await as['sup-other']!.post(`/api/enterprises/${h.ids.enterpriseId}/grades`, g)).status).toBe(
      404,
    );
    const bad = await as.sup!.post(`/api/enterprises/${h.ids.enterpriseId}/grades`, { ...g, value: 'A' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.value).toBe('风险等级无效');
    const future = await as.sup!.post(`/api/enterprises/${h.ids.enterpriseId}/grades`, {
      ...g,
      effectiveOn: addCalendarDays(today, 1),
    });
    expect(future.body.errors.effectiveOn).toBe('生效日期不能晚于今天');

    const red = await as.sup!.post(`/api/enterprises/${h.ids.enterpriseId}/grades`, g);
    expect(red.status).toBe(201);
    expect(red.body).toMatchObject({ kind: 'risk_colour', value: 'red', previous: 'unassessed' });
    const level = await as.sup!.post(`/api/enterprises/${h.ids.enterpriseId}/grades`, {
      kind: 'management_level',
      value: 'D',
      effectiveOn: today,
      basis: 'annual_down',
    });
    expect(level.body).toMatchObject({ value: 'D', previous: 'unassessed' });
    const after = await as.ent!.get(`/api/enterprises/${h.ids.enterpriseId}/grades`);
    expect(after.body).toMatchObject({ riskColour: 'red', managementLevel: 'D' });
    expect(after.body.history.map((r: { kind: string; value: string }) => `${r.kind}=${r.value}`)).toEqual([
      'management_level=D',
      'risk_colour=red',
    ]);
    expect((await as['ent-other']!.get(`/api/enterprises/${h.ids.enterpriseId}/grades`)).status).toBe(404);
    // Red: patrolled every 7 days (DEFAULT_DUTY_POLICY), counted from the last patrol.
    const [unit] = await h.db.db
      .select()
      .from(schema.gridEnterprises)
      .where(eq(schema.gridEnterprises.gridId, gridId));
    expect(unit!.patrolDueOn).toBe(addCalendarDays(today, 7));
    // A D-level unit self-reports twice a month.
    expect((await as.ent!.get('/api/self-reports/current')).body.period.kind).toBe('half_month');
  });

  it("exports the ledger in the caller's scope with Chinese labels", async () => {
    const csv = async (u: string, filter?: object) => {
      const res = await h.app.request(
        `/api/general-hazards/export${filter ? `?filter=${encodeURIComponent(JSON.stringify(filter))}` : ''}`,
        { headers: { cookie: as[u]!.cookie } },
      );
      expect(res.status, u).toBe(200);
      return { text: await res.text(), total: res.headers.get('x-total-count') };
    };
    const sup = await csv('sup');
    const [header, ...lines] = sup.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(header).toContain('隐患编号,责任企业,所属区域,行业,来源,隐患类别,隐患描述');
    expect(lines).toHaveLength(2); // the self-inspection's and the patrol's
    expect(sup.text).toContain('企业自查');
    expect(sup.text).toContain('网格巡查');
    expect(sup.text).toContain('待整改');
    expect(sup.text).toContain('洪山区');
    expect(sup.text).toMatch(/YB-0000\d\d/);
    expect(sup.text).toContain('武汉测试机械制造有限公司1');
    expect(sup.text).not.toMatch(/self_inspection|grid_patrol|\bopen\b|\bgreen\b/);
    expect((await csv('sup', { source: 'grid_patrol' })).total).toBe('1');
    expect((await csv('ent')).total).toBe('2');
    for (const u of ['ent-other', 'sup-other']) {
      const other = await csv(u);
      expect(other.total, u).toBe('0');
      expect(other.text).not.toContain('武汉测试机械制造有限公司1');
    }
    const log = await h.db.db
      .select()
      .from(schema.auditLog)
      .where(eq(schema.auditLog.resource, 'general-hazards'));
    expect(log.filter((e) => e.action === 'export').length).toBeGreaterThanOrEqual(5);
  });

  it('audits every write in an unbroken chain', async () => {
    const log = await verifiedAuditChain(h.db.db);
    const seen = log.map((e) => `${e.resource}:${e.action}`);
    for (const a of [
      'checklist_templates:create',
      'checklists:create',
      'checklists:submit',
      'checklists:return',
      'checklists:accept',
      'self_inspections:record',
      'grids:create',
      'grids:assign',
      'patrols:record',
      'enterprises:grade',
    ])
      expect(seen, a).toContain(a);
    expect(seen.filter((s) => s === 'patrols:record')).toHaveLength(1); // the replayed patrol wrote nothing
  });
});
