import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../db/client.js';
import { hashPassword } from '../../db/password.js';
import { sweepLights } from '../../db/queries/hazard-sweeps.js';
import { ensureDutySchedules, triggerDutySweep } from '../../api/services/duty-schedules.js';
import { dutyScheduleId } from '../../workflows/duty-definitions.js';
import { addCalendarDays, shanghaiDate } from '../../domain/calendar.js';
import { lightOf } from '../../domain/hazards/lifecycle.js';
import { verifiedAuditChain, verifiedWrites } from '../helpers/audit.js';
import { PASSWORD, loginAs, startHarness, type Harness } from './harness.js';

type Client = Awaited<ReturnType<typeof loginAs>>;
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * The general hazard ledger over the real stack: report, scope for every role (own and foreign), after-photos,
 * rectification, spot check and reopen, the lights and the daily worklist, the rates, and the audit trail.
 */
describe('general hazards (一般隐患台账) over the API', () => {
  let h: Harness;
  const as: Record<string, Client> = {};
  const today = shanghaiDate(new Date());
  const report = (over: Record<string, unknown> = {}) => ({
    enterpriseId: h.ids.enterpriseId,
    source: 'self_inspection',
    description: '二号车间灭火器压力不足',
    location: '二号车间东门',
    foundOn: today,
    responsiblePerson: '王安全',
    lat: 30.5058,
    lng: 114.4181,
    ...over,
  });

  async function upload(client: string, hazardId: string, kind = 'after_photo') {
    const form = new FormData();
    form.set('file', new Blob([PNG], { type: 'image/png' }), 'after.png');
    form.set('hazardId', hazardId);
    form.set('kind', kind);
    const login = await h.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: client, password: PASSWORD }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const res = await h.app.request('/api/documents', { method: 'POST', headers: { cookie }, body: form });
    return { status: res.status, body: (await res.json()) as { id: string } };
  }

  beforeAll(async () => {
    h = await startHarness();
    const db = h.db.db;
    const [dep] = await db
      .insert(schema.departments)
      .values({ name: '洪山区商务局', regionCode: '420111', industryCodes: ['commerce'] })
      .returning();
    const hash = await hashPassword(PASSWORD);
    await db.insert(schema.users).values([
      {
        username: 'dep-sup',
        displayName: '商务局',
        passwordHash: hash,
        role: 'supervisor',
        regionCode: '420111',
        departmentId: dep!.id,
      },
      {
        username: 'grid2',
        displayName: '网格员二',
        passwordHash: hash,
        role: 'grid_member',
        regionCode: '420111',
      },
    ]);
    for (const u of [
      'admin',
      'sup',
      'sup-other',
      'leader',
      'ent',
      'ent-other',
      'expert',
      'grid',
      'grid2',
      'dep-sup',
    ])
      as[u] = await loginAs(h.app, u);
  });
  afterAll(() => h?.stop());

  it('refuses a discovery date out of the calendar (year 0202, found by the fuzzer as a 500) and a source the role may not use, in Chinese, writing nothing', async () => {
    const before = await h.db.db.select({ n: sql<number>`count(*)::int` }).from(schema.generalHazards);
    const old = await as.ent!.post('/api/general-hazards', report({ foundOn: '0202-03-28' }));
    expect(old.status).toBe(422);
    expect(old.body.errors.foundOn).toBe('日期超出范围：应在 1900-01-01 至 2099-12-31 之间');
    const wrongSource = await as.sup!.post('/api/general-hazards', report());
    expect(wrongSource.status).toBe(422);
    expect(wrongSource.body.errors.source).toBe('该角色只能以这些来源上报：监督检查、群众举报、其他系统报送');
    const after = await h.db.db.select({ n: sql<number>`count(*)::int` }).from(schema.generalHazards);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('takes a self-report from the enterprise with the policy deadline, once per Idempotency-Key', async () => {
    const key = randomUUID();
    const first = await as.ent!.post('/api/general-hazards', report(), { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      status: 'open',
      source: 'self_inspection',
      deadline: addCalendarDays(today, 7),
      light: 'green',
      reportedLate: false,
      lat: 30.5058,
      allowedActions: ['rectify'],
    });
    const again = await as.ent!.post('/api/general-hazards', report(), { 'idempotency-key': key });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    const counted = await h.db.db.execute(sql`select count(*)::int as n from general_hazards`);
    expect((counted as unknown as { rows: Array<{ n: number }> }).rows[0]!.n).toBe(1);
  });

  it('refuses what each role may not report, naming the field in Chinese', async () => {
    const foreign = await as.ent!.post(
      '/api/general-hazards',
      report({ enterpriseId: h.ids.otherEnterpriseId }),
    );
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors.enterpriseId).toBe('企业不存在或不在您的辖区内');
    const source = await as.ent!.post('/api/general-hazards', report({ source: 'inspection' }));
    expect(source.status).toBe(422);
    expect(source.body.errors.source).toMatch(/只能以这些来源上报/);
    const future = await as.ent!.post('/api/general-hazards', report({ foundOn: addCalendarDays(today, 1) }));
    expect(future.body.errors.foundOn).toBe('发现日期不能晚于今天');
    const empty = await as.ent!.post('/api/general-hazards', report({ description: ' ' }));
    expect(empty.status).toBe(422);
    expect(empty.body.errors.description).toBe('隐患描述不能为空');
    const far = await as.sup!.post(
      '/api/general-hazards',
      report({ source: 'inspection', deadline: addCalendarDays(today, 400) }),
    );
    expect(far.body.errors.deadline).toMatch(/整改期限不能晚于/);
    expect((await as.expert!.post('/api/general-hazards', report())).status).toBe(403);
    expect((await as.leader!.post('/api/general-hazards', report())).status).toBe(403);
    // Another district's supervisor cannot reach the enterprise at all.
    expect(
      (await as['sup-other']!.post('/api/general-hazards', report({ source: 'inspection' }))).status,
    ).toBe(422);
  });

  it('shows each role only its own: enterprise, territory, department, grid', async () => {
    const mine = await as.ent!.get('/api/general-hazards');
    expect(mine.status).toBe(200);
    expect(mine.body).toHaveLength(1);
    const id = mine.body[0].id as string;
    expect(mine.headers.get('content-range')).toBe('general-hazards 0-0/1');
    for (const u of ['ent-other', 'sup-other', 'expert', 'grid', 'dep-sup']) {
      expect((await as[u]!.get('/api/general-hazards')).body, u).toHaveLength(0);
      expect((await as[u]!.get(`/api/general-hazards/${id}`)).status, u).toBe(404);
    }
    for (const u of ['sup', 'leader', 'admin'])
      expect((await as[u]!.get(`/api/general-hazards/${id}`)).status, u).toBe(200);
    // A grid member sees the units of the grid they staff, and reports for them on patrol.
    const db = h.db.db;
    const [grid] = await db
      .insert(schema.grids)
      .values({
        code: 'HS-G-001',
        name: '关山街第一网格',
        level: 'community',
        regionCode: '420111',
        regionPath: '420000/420100/420111/',
      })
      .returning();
    await db.insert(schema.gridStaff).values({ gridId: grid!.id, userId: h.ids.users.grid!, duty: 'member' });
    await db
      .insert(schema.gridEnterprises)
      .values({ gridId: grid!.id, enterpriseId: h.ids.enterpriseId, assignedOn: today, patrolDueOn: today });
    expect((await as.grid!.get(`/api/general-hazards/${id}`)).status).toBe(200);
    expect((await as.grid2!.get(`/api/general-hazards/${id}`)).status).toBe(404);
    const patrol = await as.grid!.post(
      '/api/general-hazards',
      report({ source: 'grid_patrol', description: '消防通道堆放杂物' }),
    );
    expect(patrol.status).toBe(201);
    expect((await as.grid!.get('/api/general-hazards')).body).toHaveLength(2);
  });

  it('closes on a rectification with its own after-photos, and reopens on a failed spot check', async () => {
    const { body: hz } = await as.ent!.post(
      '/api/general-hazards',
      report({ description: '配电箱门未关闭' }),
    );
    const rectify = (documentIds: string[], who = 'ent') =>
      as[who]!.post(`/api/general-hazards/${hz.id}/rectify`, {
        rectifiedOn: today,
        measures: '已关闭并加锁',
        documentIds,
      });
    const none = await rectify([]);
    expect(none.status).toBe(422);
    expect(none.body.errors.documentIds).toBe('请上传整改后照片');
    // A photo of another hazard is not evidence for this one.
    const { body: other } = await as.ent!.post(
      '/api/general-hazards',
      report({ description: '安全出口指示灯不亮' }),
    );
    const foreignPhoto = await upload('ent', other.id);
    expect(foreignPhoto.status).toBe(201);
    expect((await rectify([foreignPhoto.body.id])).body.errors.documentIds).toMatch(/不是本隐患的照片/);
    // Another enterprise can neither upload to it nor rectify it.
    expect((await upload('ent-other', hz.id)).status).toBe(404);
    expect((await rectify([foreignPhoto.body.id], 'ent-other')).status).toBe(404);
    const photo = await upload('ent', hz.id);
    const done = await rectify([photo.body.id]);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'closed', light: 'none', onTime: true, rectifiedOn: today });
    expect((await rectify([photo.body.id])).status).toBe(409);

    expect(
      (await as.ent!.post(`/api/general-hazards/${hz.id}/spot-check`, { result: 'passed', note: 'x' }))
        .status,
    ).toBe(403);
    const failed = await as.sup!.post(`/api/general-hazards/${hz.id}/spot-check`, {
      result: 'failed',
      note: '门锁损坏，未真正整改',
    });
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({
      status: 'reopened',
      spotCheck: 'failed',
      reopenCount: 1,
      deadline: addCalendarDays(today, 7),
    });
    const detail = await as.sup!.get(`/api/general-hazards/${hz.id}`);
    expect(detail.body.events.map((e: { type: string }) => e.type)).toEqual(['rectified', 'spot_checked']);
    expect(detail.body.photos).toHaveLength(1);
    expect(detail.body.photos[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    // Every write is in the verified audit trail.
    const audit = await verifiedWrites(h.db.db);
    expect(audit.filter((a) => a.resourceId === hz.id).map((a) => a.action)).toEqual([
      'report',
      'rectify',
      'spot_check',
    ]);
  });

  it('lights an overdue hazard red and lists it on the daily worklist until it is followed up', async () => {
    const old = await as.sup!.post(
      '/api/general-hazards',
      report({ source: 'inspection', foundOn: addCalendarDays(today, -10), description: '叉车未年检' }),
    );
    expect(old.body).toMatchObject({
      light: 'red',
      reportedLate: true,
      deadline: addCalendarDays(today, -3),
    });
    const list = await as.sup!.get(
      `/api/general-hazards?filter=${encodeURIComponent(JSON.stringify({ regionCode: '420111', status: ['open', 'reopened'], light: ['red'] }))}&sort=${encodeURIComponent('["deadline","ASC"]')}`,
    );
    expect(list.body.map((r: { id: string }) => r.id)).toEqual([old.body.id]);
    const before = await as.sup!.get('/api/general-hazards/worklist');
    expect(before.status).toBe(200);
    expect(before.body.red).toBe(1);
    expect(before.body.items[0].id).toBe(old.body.id);
    expect((await as.ent!.get('/api/general-hazards/worklist')).status).toBe(403);
    const bulk = await as.sup!.post('/api/general-hazards/follow-ups', {
      ids: [old.body.id, randomUUID()],
      method: 'phone',
      note: '电话督促',
    });
    expect(bulk.status).toBe(200);
    expect(bulk.body.done).toEqual([old.body.id]);
    expect(bulk.body.refused).toHaveLength(1);
    const after = await as.sup!.get('/api/general-hazards/worklist');
    expect(after.body).toMatchObject({ red: 1, followedUpToday: 1 });
    expect(after.body.items.map((r: { id: string }) => r.id)).not.toContain(old.body.id);
  });

  it('reports rectification and on-time rates per enterprise and per district', async () => {
    const res = await as.sup!.get(
      `/api/general-hazards/rates?groupBy=enterprise&from=${addCalendarDays(today, -30)}&to=${today}`,
    );
    expect(res.status).toBe(200);
    const row = res.body.find((r: { key: string }) => r.key === h.ids.enterpriseId);
    expect(row).toMatchObject({ reported: 5, rectified: 0, overdue: 1, red: 1, reportedLate: 1 });
    const district = await as.sup!.get(
      `/api/general-hazards/rates?groupBy=district&from=${today}&to=${today}`,
    );
    expect(district.status, JSON.stringify(district.body)).toBe(200);
    expect(district.body[0]).toMatchObject({ key: '420111', name: '洪山区' });
    const bad = await as.sup!.get(`/api/general-hazards/rates?groupBy=street&from=${today}&to=2020-01-01`);
    expect(bad.status).toBe(422);
    expect(
      (await as.expert!.get(`/api/general-hazards/rates?groupBy=street&from=${today}&to=${today}`)).status,
    ).toBe(403);
  });

  it('lights rows in one UPDATE exactly as the domain rule says (property)', async () => {
    const db = h.db.db;
    const ids = Array.from({ length: 40 }, () => randomUUID());
    await db.insert(schema.generalHazards).values(
      ids.map((id) => ({
        id,
        enterpriseId: h.ids.otherEnterpriseId,
        regionCode: '420111',
        regionPath: '420000/420100/420111/',
        industryCategory: 'machinery',
        industryCode: 'C34',
        source: 'other' as const,
        description: '属性测试',
        foundOn: today,
        reportedAt: new Date(),
        reporterRole: 'admin',
        deadline: today,
      })),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 40, maxLength: 40 }),
        fc.integer({ min: 0, max: 5 }),
        fc.constantFrom('open', 'reopened', 'closed'),
        async (offsets, yellowDays, status) => {
          await db.transaction(async (tx) => {
            for (const [i, id] of ids.entries())
              await tx
                .update(schema.generalHazards)
                .set({
                  deadline: addCalendarDays(today, offsets[i]!),
                  status: i % 3 ? (status as 'open') : 'open',
                  light: 'green',
                })
                .where(eq(schema.generalHazards.id, id));
          });
          await sweepLights(db, { regionPath: '420000/420100/420111/', today, yellowDays });
          const rows = await db
            .select()
            .from(schema.generalHazards)
            .where(eq(schema.generalHazards.enterpriseId, h.ids.otherEnterpriseId));
          for (const r of rows) {
            const expected = r.status === 'closed' ? 'green' : lightOf(r, today, yellowDays); // closed rows are not swept
            expect(r.light).toBe(expected);
          }
          // Idempotent: a second run the same day changes nothing.
          expect(
            (await sweepLights(db, { regionPath: '420000/420100/420111/', today, yellowDays })).changed,
          ).toBe(0);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('sweeps each district daily by a Temporal Schedule: lights, patrol duties, self-reports, draws', async () => {
    const db = h.db.db;
    const first = await ensureDutySchedules({ client: h.env.client, db });
    expect(first.created.sort()).toEqual(['420102', '420111']);
    expect((await ensureDutySchedules({ client: h.env.client, db })).unchanged.sort()).toEqual([
      '420102',
      '420111',
    ]);
    const schedule = await h.env.client.schedule.getHandle(dutyScheduleId('420111')).describe();
    expect(schedule.spec.timezone).toBe('Asia/Shanghai');
    // A hazard whose deadline passed yesterday, still green: the sweep turns it red.
    const [hz] = await db
      .select()
      .from(schema.generalHazards)
      .where(eq(schema.generalHazards.enterpriseId, h.ids.otherEnterpriseId))
      .limit(1);
    await db
      .update(schema.generalHazards)
      .set({ status: 'open', deadline: addCalendarDays(today, -1), light: 'green' })
      .where(eq(schema.generalHazards.id, hz!.id));
    await triggerDutySweep(h.env.client, '420111');
    let run: { workflowId: string; runId: string } | undefined;
    for (let i = 0; i < 200 && !run; i++) {
      const d = await h.env.client.schedule.getHandle(dutyScheduleId('420111')).describe();
      const a = d.info.recentActions.at(-1)?.action;
      if (a) run = { workflowId: a.workflow.workflowId, runId: a.workflow.firstExecutionRunId };
      else await new Promise((r) => setTimeout(r, 50));
    }
    const report = await h.env.client.workflow.getHandle(run!.workflowId, run!.runId).result();
    expect(report.today).toBe(today);
    expect(report.results.lights.red).toBeGreaterThanOrEqual(1);
    const [after] = await db.select().from(schema.generalHazards).where(eq(schema.generalHazards.id, hz!.id));
    expect(after!.light).toBe('red');
    const audit = await verifiedAuditChain(db);
    expect(
      audit.some((a) => a.action === 'sweep_lights' && a.actorRole === 'system' && a.resourceId === '420111'),
    ).toBe(true);
  });

  it('takes a batch with a row-by-row report, audited once with the hash of its rows', async () => {
    const db = h.db.db;
    const [e1] = await db
      .select()
      .from(schema.enterprises)
      .where(eq(schema.enterprises.id, h.ids.enterpriseId));
    const row = (over: Record<string, unknown> = {}) => ({
      creditCode: e1!.creditCode,
      source: 'inspection',
      description: '批量：消防栓被遮挡',
      foundOn: today,
      ...over,
    });
    const rows = [
      row({ externalRef: 'wh-hs:1001' }),
      row({
        enterpriseId: h.ids.otherEnterpriseId,
        creditCode: undefined,
        externalRef: 'wh-hs:1002',
        category: 'management',
      }),
      row({ creditCode: '91420102MA4K9ZZZZ9', externalRef: 'wh-hs:1003' }), // not in the caller's district
      row({ foundOn: '2026-13-01' }),
    ];
    const strict = await as.sup!.post('/api/general-hazards/batch', { rows });
    expect(strict.status).toBe(422);
    expect(strict.body.report.errors).toEqual([
      { row: 3, field: 'creditCode', reason: '企业不存在或不在您的辖区内' },
      { row: 4, field: 'foundOn', reason: '日期无效：应为实际存在的日期（年-月-日，如 2027-02-28）' },
    ]);
    expect(strict.body.report.imported).toBe(0);
    const written = await as.sup!.post('/api/general-hazards/batch', { rows, importValidRows: true });
    expect(written.status).toBe(200);
    expect(written.body).toMatchObject({ total: 4, validCount: 2, imported: 2 });
    const batchId = written.body.batchId as string;
    const listed = await as.sup!.get(
      `/api/general-hazards?filter=${encodeURIComponent(JSON.stringify({ batchId }))}`,
    );
    expect(listed.body.map((r: { externalRef: string }) => r.externalRef).sort()).toEqual([
      'wh-hs:1001',
      'wh-hs:1002',
    ]);
    const audit = (await verifiedAuditChain(db)).filter((a) => a.resourceId === batchId);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.payload).toMatchObject({ rows: 2, contentHash: written.body.contentHash });
    expect((await as.sup!.get(`/api/general-hazard-batches/${batchId}`)).body).toMatchObject({
      intact: true,
    });
    expect((await as['sup-other']!.get(`/api/general-hazard-batches/${batchId}`)).status).toBe(404);
    // A re-delivery is refused row by row; a changed row no longer matches the audited hash.
    const again = await as.sup!.post('/api/general-hazards/batch', {
      rows: rows.slice(0, 1),
      importValidRows: true,
    });
    expect(again.body.errors).toEqual([{ row: 1, field: 'externalRef', reason: '该外部编号已经导入过' }]);
    await db.execute(
      sql`update general_hazards set description = '被改过' where external_ref = 'wh-hs:1001'`,
    );
    expect((await as.sup!.get(`/api/general-hazard-batches/${batchId}`)).body).toMatchObject({
      intact: false,
    });
    // A spreadsheet goes through the same pipeline, its errors numbered by file row.
    const csv = `统一社会信用代码,来源,隐患类别,隐患描述,发现日期,外部编号\n${e1!.creditCode},监督检查,基础管理,安全培训记录不全,${today},xls:1\n${e1!.creditCode},监督检查,现场管理,,${today},xls:2\n`;
    const form = new FormData();
    form.set('file', new Blob([csv], { type: 'text/csv' }), '隐患.csv');
    form.set('importValidRows', 'true');
    const login = await h.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'sup', password: PASSWORD }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const imported = await h.app.request('/api/imports/general-hazards', {
      method: 'POST',
      headers: { cookie },
      body: form,
    });
    const report = (await imported.json()) as { imported: number; errors: unknown[] };
    expect(report.imported).toBe(1);
    expect(report.errors).toEqual([{ row: 3, field: 'description', reason: '隐患描述必填' }]);
    expect((await as.expert!.post('/api/general-hazards/batch', { rows })).status).toBe(403);
  });

  it('refuses a batch row whose checklist item is not its enterprise’s, with the single report’s message', async () => {
    const db = h.db.db;
    const itemOf = async (enterpriseId: string) => {
      const [list] = await db.insert(schema.checklists).values({ enterpriseId, version: 99 }).returning();
      const [item] = await db
        .insert(schema.checklistItems)
        .values({
          checklistId: list!.id,
          level: 'enterprise',
          unitName: '全厂',
          content: '灭火器压力正常',
          frequency: 'daily',
        })
        .returning();
      return item!.id;
    };
    const own = await itemOf(h.ids.enterpriseId);
    const foreign = await itemOf(h.ids.otherEnterpriseId);
    const row = (over: Record<string, unknown>) => ({
      enterpriseId: h.ids.enterpriseId,
      source: 'inspection',
      description: '批量：清单条目核对',
      foundOn: today,
      ...over,
    });
    const single = await as.sup!.post(
      '/api/general-hazards',
      report({ source: 'inspection', checklistItemId: foreign }),
    );
    expect(single.status).toBe(422);
    const message = single.body.errors.checklistItemId as string;
    expect(message).toBe('排查清单条目不属于该企业');
    const res = await as.sup!.post('/api/general-hazards/batch', {
      rows: [
        row({ checklistItemId: own, externalRef: 'cl:1' }),
        row({ checklistItemId: foreign, externalRef: 'cl:2' }),
        row({ checklistItemId: randomUUID(), externalRef: 'cl:3' }),
      ],
      importValidRows: true,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 3, validCount: 1, imported: 1 });
    expect(res.body.errors).toEqual([
      { row: 2, field: 'checklistItemId', reason: message },
      { row: 3, field: 'checklistItemId', reason: message },
    ]);
    const stored = await db
      .select({ ref: schema.generalHazards.externalRef, item: schema.generalHazards.checklistItemId })
      .from(schema.generalHazards)
      .where(eq(schema.generalHazards.batchId, res.body.batchId as string));
    // The accepted row keeps its item (the batch used to drop the field).
    expect(stored).toEqual([{ ref: 'cl:1', item: own }]);
  });

  it('takes a full batch of 10,000 rows, well over the 1 MiB JSON limit of other routes', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({
      enterpriseId: h.ids.enterpriseId,
      source: 'inspection',
      description: `外部系统报送：二号车间配电箱未接地，编号 ${i}`,
      location: '二号车间',
      foundOn: today,
      externalRef: `bulk:${i}`,
    }));
    expect(JSON.stringify({ rows }).length).toBeGreaterThan(1024 * 1024);
    const res = await as.sup!.post('/api/general-hazards/batch', { rows });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 10_000, imported: 10_000 });
  });

  it('a report made offline and sent again after its Idempotency-Key expired returns the first hazard', async () => {
    const db = h.db.db;
    const count = async (where: ReturnType<typeof sql>) =>
      (
        (await db.execute(sql`select count(*)::int as n from general_hazards where ${where}`)) as unknown as {
          rows: Array<{ n: number }>;
        }
      ).rows[0]!.n;
    // The key's 24 hours pass (its stored times moved back, as the claim reads them).
    const expire = (key: string) =>
      db.execute(
        sql`update idempotency_keys set created_at = now() - interval '25 hours', expires_at = now() - interval '1 hour' where key like ${'%:' + key}`,
      );
    // Without a clientId the expired key lets the same report through twice: the gap this closes.
    const bare = report({ description: '仓库消防通道堆放杂物（无客户端编号）' });
    const k0 = randomUUID();
    expect((await as.ent!.post('/api/general-hazards', bare, { 'idempotency-key': k0 })).status).toBe(201);
    await expire(k0);
    expect((await as.ent!.post('/api/general-hazards', bare, { 'idempotency-key': k0 })).status).toBe(201);
    expect(await count(sql`description = ${bare.description}`)).toBe(2);

    const clientId = randomUUID();
    const offline = report({ description: '仓库消防通道堆放杂物', clientId });
    const key = randomUUID();
    const first = await as.ent!.post('/api/general-hazards', offline, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(first.body.clientId).toBe(clientId);
    await expire(key);
    const days = await as.ent!.post('/api/general-hazards', offline, { 'idempotency-key': key });
    expect(days.status).toBe(200);
    expect(days.headers.get('idempotent-replayed')).toBe('true');
    expect(days.body.id).toBe(first.body.id);
    // The phone lost its key too (a new one): still the first hazard.
    const rekeyed = await as.ent!.post('/api/general-hazards', offline, { 'idempotency-key': randomUUID() });
    expect(rekeyed.body.id).toBe(first.body.id);
    // Sent from several tabs at the same instant: still one.
    const burst = await Promise.all(
      Array.from({ length: 5 }, () =>
        as.ent!.post('/api/general-hazards', report({ description: '同时发送', clientId: randomUUID() })),
      ),
    );
    expect(burst.every((r) => r.status === 201)).toBe(true);
    const racedId = randomUUID();
    const raced = await Promise.all(
      Array.from({ length: 5 }, () =>
        as.ent!.post('/api/general-hazards', report({ description: '同一条，同时发送', clientId: racedId }), {
          'idempotency-key': randomUUID(),
        }),
      ),
    );
    expect(raced.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(raced.map((r) => r.body.id)).size).toBe(1);
    expect(await count(sql`client_id = ${clientId}`)).toBe(1);
    expect(await count(sql`client_id = ${racedId}`)).toBe(1);
    // One report in the audit trail for the hazard, none for the answers that wrote nothing.
    const audit = (await verifiedWrites(db)).filter(
      (a) => a.resource === 'general_hazards' && a.resourceId === first.body.id,
    );
    expect(audit.map((a) => a.action)).toEqual(['report']);
    // The id is the reporter's own: someone else reporting for the enterprise under it is refused.
    const foreign = await as.sup!.post(
      '/api/general-hazards',
      report({ source: 'inspection', description: '监督检查发现', clientId }),
    );
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors.clientId).toBe('该客户端编号已被另一条隐患使用');
  });

  it('a keyed report retried after a 5xx that came after the write appends no second report record', async () => {
    const db = h.db.db;
    // Without a clientId (the desk console, another system): the key alone makes a retry resume the same operation.
    const key = randomUUID();
    const body = report({ description: '配电柜前堆放纸箱（5xx 后重试）' });
    const first = await as.ent!.post('/api/general-hazards', body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    // The first attempt wrote the hazard, then failed before its answer was kept (a crash, a lost commit answer):
    // the claim is left pending with its lease run out, as a 5xx or a dead process leaves it.
    await db.execute(
      sql`update idempotency_keys set status = null, response = null, locked_until = now() - interval '1 second' where key like ${'%:' + key}`,
    );
    const retry = await as.ent!.post('/api/general-hazards', body, { 'idempotency-key': key });
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    const rows = await db.execute(
      sql`select id from general_hazards where description = ${body.description}`,
    );
    expect((rows as unknown as { rows: unknown[] }).rows).toHaveLength(1);
    const audit = (await verifiedWrites(db)).filter(
      (a) => a.resource === 'general_hazards' && a.resourceId === first.body.id,
    );
    expect(audit.map((a) => a.action)).toEqual(['report']);
  });

  it('a rectification sent again after its answer was lost and its key expired is answered as done, once', async () => {
    const db = h.db.db;
    const made = await as.ent!.post(
      '/api/general-hazards',
      report({ description: '灭火器箱被遮挡（整改重发）' }),
    );
    expect(made.status).toBe(201);
    const photo = await upload('ent', made.body.id);
    expect(photo.status).toBe(201);
    const clientId = randomUUID();
    const rectify = {
      rectifiedOn: today,
      measures: '移开遮挡物，划定禁放区',
      documentIds: [photo.body.id],
      clientId,
    };
    const key = randomUUID();
    const first = await as.ent!.post(`/api/general-hazards/${made.body.id}/rectify`, rectify, {
      'idempotency-key': key,
    });
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('closed');
    await db.execute(
      sql`update idempotency_keys set created_at = now() - interval '25 hours', expires_at = now() - interval '1 hour' where key like ${'%:' + key}`,
    );
    const again = await as.ent!.post(`/api/general-hazards/${made.body.id}/rectify`, rectify, {
      'idempotency-key': key,
    });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toMatchObject({ id: made.body.id, status: 'closed' });
    // Another rectification (another clientId, or none) of the closed hazard is still refused.
    const other = await as.ent!.post(`/api/general-hazards/${made.body.id}/rectify`, {
      ...rectify,
      clientId: randomUUID(),
    });
    expect(other.status).toBe(409);
    const events = await db.execute(
      sql`select type from general_hazard_events where hazard_id = ${made.body.id} and type = 'rectified'`,
    );
    expect((events as unknown as { rows: unknown[] }).rows).toHaveLength(1);
    const audit = (await verifiedWrites(db)).filter(
      (a) => a.resource === 'general_hazards' && a.resourceId === made.body.id,
    );
    expect(audit.map((a) => a.action)).toEqual(['report', 'rectify']);
  });
});
