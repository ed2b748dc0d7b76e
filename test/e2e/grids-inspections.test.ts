import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../db/client.js';
import { hashPassword } from '../../db/password.js';
import { addCalendarDays, shanghaiDate } from '../../domain/calendar.js';
import { PASSWORD, loginAs } from '../api/harness.js';
import { screenshotPath } from './browser.js';
import { expectAccessible, expectNoRawText, overflowingElements, watchConsole } from './checks.js';
import { startStack, type Stack } from './stack.js';

/**
 * The desk pages of the duties that find general hazards, in a real browser against the real stack: 网格 (staff,
 * units, coverage, the staff change with its reason and its history), 巡查记录, 检查计划 with the 双随机 draw made from
 * the page and its recorded result re-run, 检查记录 with the hazards its findings became, 风险分级 (colour and level
 * with their history, a grade given through the form), and 差异化监管策略 (an administrator's new version: a policy
 * watching safer units more often is refused beside its field, a past date is refused by the API beside its field,
 * then the version is saved and shows what it changed). Each page: axe, no raw code, at a desk and on a 390×844
 * phone (cards, nothing wider than the screen); the menu offers each page only to the roles the API allows.
 */
describe('grids, patrols, inspections, grades and duty policies in the console', () => {
  let s: Stack;
  let desk: BrowserContext;
  let page: Page;
  let consoleErrors: { errors: string[] };
  const today = shanghaiDate(new Date());
  const ids = {} as {
    grid: string;
    plan: string;
    inspection: string;
    sup2: string;
    sup3: string;
    patrol: string;
    planned: string;
  };
  let ent1: string;
  let ent2: string;
  const q = async (sql: string, params: unknown[] = []) => (await s.h.db.pool!.query(sql, params)).rows;

  async function check(p: Page, where: string, opts: { phone?: boolean } = {}) {
    await expectAccessible(p, where);
    await expectNoRawText(p, { where });
    if (opts.phone) expect(await overflowingElements(p), where).toEqual([]);
  }

  beforeAll(async () => {
    s = await startStack();
    const { h } = s;
    // People are named as people (the harness names them by their usernames, which are also role codes).
    for (const [username, name] of [
      ['sup', '张监管'],
      ['leader', '李组长'],
      ['admin', '王管理'],
      ['grid', '周网格'],
    ])
      await h.db.pool!.query('update users set display_name = $2 where username = $1', [username, name]);
    const hash = await hashPassword(PASSWORD);
    const extra = await h.db.db
      .insert(schema.users)
      .values(
        ['监管二', '监管三'].map((displayName, i) => ({
          username: `sup${i + 2}`,
          displayName,
          passwordHash: hash,
          role: 'supervisor' as const,
          regionCode: '420111',
        })),
      )
      .returning({ id: schema.users.id });
    ids.sup2 = extra[0]!.id;
    ids.sup3 = extra[1]!.id;
    const sup = await loginAs(h.app, 'sup');
    const grid = await loginAs(h.app, 'grid');
    const made = await sup.post('/api/grids', {
      code: 'HS-G1',
      name: '洪山一号网格',
      level: 'community',
      regionCode: '420111',
      leaderId: h.ids.users.leader,
      supervisorIds: [h.ids.users.sup, ids.sup2],
      memberIds: [h.ids.users.grid],
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    ids.grid = made.body.id;
    ent1 = h.ids.enterpriseId;
    ent2 = h.ids.otherEnterpriseId;
    expect(
      (await sup.post(`/api/grids/${ids.grid}/enterprises`, { enterpriseIds: [ent1, ent2] })).status,
    ).toBe(200);
    const patrol = await grid.post('/api/patrols', {
      gridId: ids.grid,
      enterpriseId: ent1,
      patrolledOn: today,
      outcome: 'hazards_found',
      results: [
        { content: '安全出口畅通', ok: true },
        { content: '灭火器在有效期内', ok: false, note: '灭火器已过期', location: '一号车间' },
      ],
      lat: 30.5058,
      lng: 114.4181,
    });
    expect(patrol.status, JSON.stringify(patrol.body)).toBe(201);
    ids.patrol = patrol.body.id;
    const graded = await sup.post(`/api/enterprises/${ent1}/grades`, {
      kind: 'risk_colour',
      value: 'red',
      effectiveOn: today,
      basis: 'initial',
      reason: '涉及粉尘爆炸危险场所',
    });
    expect(graded.status, JSON.stringify(graded.body)).toBe(201);
    const plan = await sup.post('/api/inspection-plans', {
      name: '洪山区月度双随机检查',
      level: 'county',
      cadence: 'monthly',
      regionCode: '420111',
      selection: 'random',
      coverageTargetPct: 50,
      inspectorsPerVisit: 1,
      inspectorIds: [h.ids.users.sup, ids.sup2],
      startsOn: today,
    });
    expect(plan.status, JSON.stringify(plan.body)).toBe(201);
    ids.plan = plan.body.id;
    const adHoc = await sup.post('/api/inspections', { enterpriseId: ent2, inspectorIds: [h.ids.users.sup] });
    expect(adHoc.status, JSON.stringify(adHoc.body)).toBe(201);
    ids.inspection = adHoc.body.id;
    const planned = await sup.post('/api/inspections', {
      enterpriseId: ent1,
      inspectorIds: [h.ids.users.sup],
      dueOn: today,
      unannounced: true,
    });
    expect(planned.status, JSON.stringify(planned.body)).toBe(201);
    ids.planned = planned.body.id;
    const recorded = await sup.post(`/api/inspections/${ids.inspection}/record`, {
      inspectedOn: today,
      unannounced: true,
      note: '现场检查配电与消防设施',
      generalFindings: [{ description: '配电箱未上锁', location: '二号车间' }],
    });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(200);
    desk = await s.context();
    page = await s.login(desk, 'sup');
    consoleErrors = watchConsole(page);
  });
  afterAll(async () => {
    await desk?.close();
    await s?.stop();
  });

  it('the supervisor reads a grid: its staff, units with their colour and patrol dates, and its coverage', async () => {
    await page.goto(`${s.base}/#/grids`);
    await page.getByRole('cell', { name: '洪山一号网格' }).waitFor();
    await page.getByRole('cell', { name: '张监管、监管二' }).waitFor();
    await check(page, 'grid list');
    await page.getByRole('cell', { name: '洪山一号网格' }).click();
    const staff = page.getByTestId('grid-staff');
    await staff.getByText('张监管、监管二').waitFor();
    await staff.getByText('李组长').waitFor();
    const units = page.getByTestId('grid-units');
    await units.getByText('武汉测试机械制造有限公司1').waitFor();
    await expect(units.getByTestId('risk-colour').first().textContent()).resolves.toBe('风险红色');
    await units.getByText(`上次巡查 ${today}`).waitFor();
    // One of the two units patrolled in the last 30 days.
    await page.getByTestId('grid-coverage').getByText('覆盖率 50.0%').waitFor();
    await page.getByText('尚无人员调整').waitFor();
    await check(page, 'grid page');
  });

  it('changes the grid staff with a reason (refused beside the field without one), and keeps the history', async () => {
    await page.getByRole('button', { name: '调整人员' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('张监管', { exact: true }).first().waitFor();
    await dialog.getByRole('button', { name: '提交' }).click();
    await dialog.getByText('调整原因必填').waitFor();
    await check(page, 'staff change refused');
    expect(
      await q(
        "select count(*)::int as n from audit_log where resource = 'grids' and action = 'change_staff'",
      ),
    ).toEqual([{ n: 0 }]);
    // 监管二 leaves, 监管三 takes over.
    await dialog.locator('.MuiChip-root', { hasText: '监管二' }).locator('.MuiChip-deleteIcon').click();
    await dialog.getByLabel('安全监管责任人（两名）').fill('监管三');
    await page.getByRole('option', { name: '监管三' }).click();
    await dialog.getByLabel('调整原因').fill('监管二调离，由监管三接任');
    await dialog.getByRole('button', { name: '提交' }).click();
    await page.getByText('网格人员已调整').waitFor();
    const history = page.getByTestId('staff-history');
    await history.getByText('调整原因：监管二调离，由监管三接任').waitFor();
    await history.getByText('安全监管责任人：张监管、监管二 → 张监管、监管三').waitFor();
    await page.getByTestId('grid-staff').getByText('张监管、监管三').waitFor();
    const staff = await q(
      "select user_id from grid_staff where grid_id = $1 and duty = 'supervisor' order by user_id",
      [ids.grid],
    );
    expect(staff.map((r) => r.user_id).sort()).toEqual([s.h.ids.users.sup, ids.sup3].sort());
    const audit = await q(
      "select payload->>'reason' as reason from audit_log where resource = 'grids' and resource_id = $1 and action = 'change_staff'",
      [ids.grid],
    );
    expect(audit).toEqual([{ reason: '监管二调离，由监管三接任' }]);
    await check(page, 'staff changed');
    await page.screenshot({ path: screenshotPath('grid-page'), fullPage: true });
  });

  it('lists patrols and opens one with its items, the hazard a failed item became and its location', async () => {
    await page.getByRole('link', { name: '查看本网格巡查记录' }).click();
    await page.getByRole('cell', { name: '武汉测试机械制造有限公司1' }).click();
    const results = page.getByTestId('patrol-results');
    await results.getByText('灭火器已过期').waitFor();
    await expect(results.getByText('不合格', { exact: true }).count()).resolves.toBe(1);
    await expect(results.getByText('合格', { exact: true }).count()).resolves.toBe(1);
    await page.getByText('定位：纬度 30.5058，经度 114.4181', { exact: false }).waitFor();
    await check(page, 'patrol page');
    await results.getByRole('link', { name: '查看隐患' }).click();
    await page.getByText('灭火器已过期').first().waitFor();
  });

  it('draws the plan’s period (双随机) from the page; the draw is shown with its seed and re-runs the same', async () => {
    await page.goto(`${s.base}/#/inspection-plans`);
    await page.getByRole('cell', { name: '洪山区月度双随机检查' }).waitFor();
    await check(page, 'plan list');
    await page.getByRole('cell', { name: '洪山区月度双随机检查' }).click();
    await page.getByText('尚未抽取').waitFor();
    await page.getByRole('button', { name: '抽取本期' }).click();
    const detail = page.getByTestId('draw-detail');
    await detail.getByText('复核一致：按记录的种子重抽，结果相同').waitFor();
    const [draw] = await q('select id, seed, selected_count from inspection_draws where plan_id = $1', [
      ids.plan,
    ]);
    expect(draw).toBeDefined();
    await detail.getByText(draw.seed).waitFor();
    const drawn = await q('select count(*)::int as n from inspections where draw_id = $1', [draw.id]);
    await expect(detail.getByTestId('draw-selected').locator('li').count()).resolves.toBe(drawn[0].n);
    expect(drawn[0].n).toBeGreaterThan(0);
    await page.getByText(/应检 2 家 · 抽中 \d 家 · 已检 0 家/).waitFor();
    await check(page, 'plan with its draw');
    // A second draw of the same period answers the first.
    await page.getByRole('button', { name: '抽取本期' }).click();
    await page.getByText('本期早已抽取（同一期只抽一次）').waitFor();
    expect(await q('select count(*)::int as n from inspection_draws where plan_id = $1', [ids.plan])).toEqual(
      [{ n: 1 }],
    );
    await page.screenshot({ path: screenshotPath('inspection-plan-draw'), fullPage: true });
  });

  it('assigns a unit to the grid (企业入格): refused beside the field with none, then its first patrol is due', async () => {
    // A unit registered after the draw above (the draw's population stays as recorded).
    const [e3] = await q(
      `insert into enterprises (name, credit_code, region_code, region_path, industry_code, industry_category, scale)
       select '武汉测试机械制造有限公司3', '91420111MA4K3ABCD3', region_code, region_path, industry_code, industry_category, scale
         from enterprises where id = $1 returning id`,
      [ent1],
    );
    await page.goto(`${s.base}/#/grids/${ids.grid}/show`);
    await page.getByRole('button', { name: '企业入格' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: '提交' }).click();
    await dialog.getByText('请至少选择一家企业').waitFor();
    await check(page, 'assign refused');
    await dialog.getByRole('combobox', { name: '入格企业' }).fill('公司3');
    await page.getByRole('option', { name: '武汉测试机械制造有限公司3' }).click();
    await dialog.getByRole('button', { name: '提交' }).click();
    await page.getByText('企业已入格').waitFor();
    const units = page.getByTestId('grid-units');
    await units.getByText('武汉测试机械制造有限公司3').waitFor();
    // Not yet assessed: patrolled every 15 days by the default duty policy.
    await units
      .locator('li', { hasText: '武汉测试机械制造有限公司3' })
      .getByText(`应巡查 ${addCalendarDays(today, 15)} · 尚未巡查`)
      .waitFor();
    expect(
      await q('select patrol_due_on::text as due from grid_enterprises where enterprise_id = $1', [e3.id]),
    ).toEqual([{ due: addCalendarDays(today, 15) }]);
    await check(page, 'unit assigned');
  });

  it('sets up a grid through the form: refusals beside their fields (schema and API), then its staff', async () => {
    const ctx = await s.context();
    const p = await s.login(ctx, 'sup');
    const errors = watchConsole(p);
    try {
      await p.goto(`${s.base}/#/grids`);
      await p.getByRole('link', { name: /新建/ }).click();
      await p.getByText('每个网格设一名网格负责人和两名安全监管责任人', { exact: false }).waitFor();
      await check(p, 'grid form');
      // Nothing filled: the API's own schema refuses beside each field, before anything is sent.
      await p.getByRole('button', { name: '保存' }).click();
      await p.getByText('网格编码必填').waitFor();
      await p.getByText('网格名称必填').waitFor();
      await p.getByText('网格须有且仅有两名安全监管责任人').waitFor();
      await check(p, 'grid form refused');
      await p.getByLabel('网格编码').fill('HS-G1'); // taken by the first grid
      await p.getByLabel('网格名称').fill('洪山二号网格');
      await p.getByRole('combobox', { name: '所属区域' }).fill('洪山');
      await p.getByRole('option', { name: '洪山区' }).click();
      await p.getByRole('combobox', { name: '网格负责人' }).fill('李组长');
      await p.getByRole('option', { name: '李组长' }).click();
      // The leader offered again as a responsible supervisor: refused beside the supervisors.
      const sups = p.getByRole('combobox', { name: '安全监管责任人（两名）' });
      for (const name of ['李组长', '监管二']) {
        await sups.fill(name);
        await p.getByRole('option', { name }).click();
      }
      // Only grid members are offered as members, only those working in the grid's region or above.
      await p.getByRole('combobox', { name: '网格员' }).click();
      await expect
        .poll(async () => (await p.getByRole('option').allTextContents()).map((x) => x.trim()))
        .toEqual(['周网格']);
      await p.getByRole('option', { name: '周网格' }).click();
      await p.getByRole('button', { name: '保存' }).click();
      await p.getByText('网格负责人不能兼任安全监管责任人').waitFor();
      await p.locator('.MuiChip-root', { hasText: '李组长' }).locator('.MuiChip-deleteIcon').click();
      await sups.fill('监管三');
      await p.getByRole('option', { name: '监管三' }).click();
      // Valid by the schema, refused by the API: the code is taken. Shown beside the code; nothing written.
      await p.getByRole('button', { name: '保存' }).click();
      await p.getByText('网格编码已存在').waitFor();
      await check(p, 'grid refused by the API');
      expect(await q("select count(*)::int as n from grids where name = '洪山二号网格'")).toEqual([{ n: 0 }]);
      await p.getByLabel('网格编码').fill('HS-G2');
      await p.getByRole('button', { name: '保存' }).click();
      await p.getByText('网格已建立').waitFor();
      await p.getByRole('heading', { name: '洪山二号网格' }).waitFor();
      const staff = p.getByTestId('grid-staff');
      await staff.getByText('李组长', { exact: true }).waitFor();
      await staff.getByText(/^监管(二、监管三|三、监管二)$/).waitFor();
      await staff.getByText('周网格', { exact: true }).waitFor();
      await check(p, 'grid set up');
      const [grid] = await q(
        "select id, level, region_code from grids where code = 'HS-G2' and name = '洪山二号网格'",
      );
      expect(grid).toMatchObject({ level: 'community', region_code: '420111' });
      const rows = await q('select user_id, duty from grid_staff where grid_id = $1', [grid.id]);
      const u = s.h.ids.users;
      expect(new Map(rows.map((r) => [r.user_id, r.duty]))).toEqual(
        new Map([
          [u.leader, 'leader'],
          [ids.sup2, 'supervisor'],
          [ids.sup3, 'supervisor'],
          [u.grid, 'member'],
        ]),
      );
      expect(
        await q(
          "select count(*)::int as n from audit_log where resource = 'grids' and action = 'create' and resource_id = $1",
          [grid.id],
        ),
      ).toEqual([{ n: 1 }]);
      // The browser logs the API's 422 (the taken code) itself; nothing else may be logged.
      expect(errors.errors.filter((e) => !e.includes('status of 422'))).toEqual([]);
    } finally {
      await ctx.close();
    }
    // The same form on a phone: nothing wider than the screen, and a grid member is not offered it.
    const phone = await s.context({ phone: true });
    try {
      const p = await s.login(phone, 'sup');
      await p.goto(`${s.base}/#/grids/create`);
      await p.getByRole('combobox', { name: '安全监管责任人（两名）' }).waitFor();
      await check(p, 'grid form on a phone', { phone: true });
      const g = await s.login(await s.context({ phone: true }), 'grid');
      await g.goto(`${s.base}/#/grids`);
      await g.getByTestId('card-list').waitFor();
      await expect(g.getByRole('link', { name: /新建/ }).count()).resolves.toBe(0);
      await g.context().close();
    } finally {
      await phone.close();
    }
  });

  it('opens an inspection record with its findings, which became general hazards', async () => {
    await page.goto(`${s.base}/#/inspections`);
    await page.getByRole('cell', { name: '已检查' }).waitFor();
    await check(page, 'inspection list');
    await page.goto(`${s.base}/#/inspections/${ids.inspection}/show`);
    const findings = page.getByTestId('inspection-findings');
    await findings.getByRole('link', { name: '配电箱未上锁' }).waitFor();
    await page.getByText('一般隐患 1 处 · 重大隐患 0 处 · 行政处罚 0 项').waitFor();
    await page.getByText('检查情况：现场检查配电与消防设施').waitFor();
    await check(page, 'inspection page');
  });

  it('the inspector records a planned inspection through the form; its finding becomes a general hazard', async () => {
    await page.goto(`${s.base}/#/inspections/${ids.planned}/show`);
    await page.getByTestId('inspection-status').filter({ hasText: '待检查' }).waitFor();
    await page.getByRole('button', { name: '录入检查记录' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('检查情况').fill('抽查焊接车间');
    // The general findings' add button (major findings and penalties have their own).
    await dialog.locator('.button-add-generalFindings').click();
    // A finding without its description is refused beside it, by the API's own schema.
    await dialog.getByRole('button', { name: '提交' }).click();
    await dialog.getByText('隐患描述必填').waitFor();
    await check(page, 'inspection record refused');
    await dialog.getByLabel('隐患描述').fill('焊接作业区未配置灭火器');
    await dialog.getByLabel('隐患部位').fill('焊接车间');
    await dialog.getByRole('button', { name: '提交' }).click();
    await page.getByText('检查记录已录入').waitFor();
    await page
      .getByTestId('inspection-findings')
      .getByRole('link', { name: '焊接作业区未配置灭火器' })
      .waitFor();
    const [row] = await q('select status, general_findings, note from inspections where id = $1', [
      ids.planned,
    ]);
    expect(row).toEqual({ status: 'done', general_findings: 1, note: '抽查焊接车间' });
    const hazards = await q(
      "select description, source from general_hazards where source_ref = $1 and source = 'inspection'",
      [ids.planned],
    );
    expect(hazards).toEqual([{ description: '焊接作业区未配置灭火器', source: 'inspection' }]);
    await check(page, 'inspection recorded');
  });

  it('the supervisor makes an inspection plan through the form', async () => {
    await page.goto(`${s.base}/#/inspection-plans/create`);
    await page.getByLabel('计划名称').fill('洪山区乡级周巡查');
    await page.getByLabel('检查层级').click();
    await page.getByRole('option', { name: '乡级' }).click();
    await page.getByLabel('检查周期').click();
    await page.getByRole('option', { name: '每周' }).click();
    await page.getByLabel('检查区域').fill('洪山');
    await page.getByRole('option', { name: '洪山区' }).click();
    await page.getByLabel('全部检查').check();
    await check(page, 'plan form');
    // No inspector yet: refused beside the pool, before anything is sent.
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('请至少选择1名检查人员').waitFor();
    await page.getByRole('combobox', { name: '检查人员名录' }).fill('监管三');
    await page.getByRole('option', { name: '监管三' }).click();
    await page.getByLabel('每次检查人数').fill('1');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('heading', { name: '洪山区乡级周巡查' }).waitFor();
    await page.getByText('乡级 · 每周 · 全部检查').waitFor();
    const rows = await q(
      "select level, cadence, selection, inspector_ids from inspection_plans where name = '洪山区乡级周巡查'",
    );
    expect(rows).toEqual([{ level: 'town', cadence: 'weekly', selection: 'all', inspector_ids: [ids.sup3] }]);
    await check(page, 'plan made');
  });

  it('records a major finding and a penalty through the form: the case starts, the penalty is on the enterprise’s page', async () => {
    const sup = await loginAs(s.h.app, 'sup');
    const made = await sup.post('/api/inspections', {
      enterpriseId: ent2,
      inspectorIds: [s.h.ids.users.sup],
      dueOn: today,
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const id = made.body.id as string;
    const ctx = await s.context();
    const p = await s.login(ctx, 'sup');
    const errors = watchConsole(p);
    try {
      await p.goto(`${s.base}/#/inspections/${id}/show`);
      await p.getByRole('button', { name: '录入检查记录' }).click();
      const dialog = p.getByRole('dialog');
      await dialog.getByLabel('检查情况').fill('专项检查粉尘涉爆场所');
      await dialog.locator('.button-add-majorFindings').click();
      await dialog.locator('.button-add-penalties').click();
      // Empty: refused beside each field by the API's own schema.
      await dialog.getByRole('button', { name: '提交' }).click();
      await dialog.getByText('隐患名称必填').waitFor();
      await dialog.getByText('隐患描述必填').waitFor();
      await dialog.getByText('处罚决定书文号必填').waitFor();
      await check(p, 'major finding and penalty refused');
      await dialog.getByRole('textbox', { name: '隐患名称' }).fill('粉尘涉爆场所未设泄爆装置');
      await dialog.getByRole('textbox', { name: '重大隐患描述' }).fill('除尘器未设置泄爆、隔爆装置');
      await dialog.getByLabel('处罚种类').click();
      await p.getByRole('option', { name: '罚款' }).click();
      await dialog.getByRole('group', { name: /处罚决定日期/ }).click();
      await p.keyboard.type(today.replaceAll('-', ''));
      await dialog.getByRole('textbox', { name: '处罚决定书文号' }).fill('洪应急罚〔2026〕8号');
      // A fine without its amount: refused beside the amount.
      await dialog.getByRole('button', { name: '提交' }).click();
      await dialog.getByText('罚款须填写罚款金额').waitFor();
      await check(p, 'fine without its amount');
      expect(await q('select status from inspections where id = $1', [id])).toEqual([{ status: 'planned' }]);
      await dialog.getByRole('spinbutton', { name: '罚款金额（元）' }).fill('30000');
      await dialog.getByRole('button', { name: '提交' }).click();
      await p.getByText('检查记录已录入').waitFor();
      await p.getByText('一般隐患 0 处 · 重大隐患 1 处 · 行政处罚 1 项').waitFor();
      const casesShown = p.getByTestId('inspection-cases');
      await casesShown.getByRole('link', { name: '粉尘涉爆场所未设泄爆装置' }).waitFor();
      await casesShown.getByTestId('status-chip').filter({ hasText: '待研判' }).waitFor();
      const penaltiesShown = p.getByTestId('inspection-penalties');
      await penaltiesShown.getByText('罚款 · 30,000 元').waitFor();
      await penaltiesShown.getByText(`${today} 决定 · 洪应急罚〔2026〕8号`).waitFor();
      await check(p, 'inspection with its case and penalty');
      // The major finding started a case of its own (the workflow wrote its row), reported by the inspection.
      const started = await q(
        "select id, status, source, enterprise_id from cases where title = '粉尘涉爆场所未设泄爆装置'",
      );
      expect(started).toHaveLength(1);
      expect(started[0]).toMatchObject({ status: 'reported', source: 'inspection', enterprise_id: ent2 });
      const detail = await sup.get(`/api/inspections/${id}`);
      expect(detail.body.cases.map((c: { id: string }) => c.id)).toEqual([started[0].id]);
      expect(
        await q('select major_findings, penalties_count, note from inspections where id = $1', [id]),
      ).toEqual([{ major_findings: 1, penalties_count: 1, note: '专项检查粉尘涉爆场所' }]);
      expect(
        await q(
          'select kind, decided_on::text as on, decision_no, amount_yuan::float as amount, enterprise_id from penalties where inspection_id = $1',
          [id],
        ),
      ).toEqual([
        { kind: 'fine', on: today, decision_no: '洪应急罚〔2026〕8号', amount: 30000, enterprise_id: ent2 },
      ]);
      await casesShown.getByRole('link', { name: '粉尘涉爆场所未设泄爆装置' }).click();
      await p.waitForURL(new RegExp(`/cases/${started[0].id}/show`));
      // The penalty on the enterprise's page (一企一档), counted toward Art. 113, leading back to the inspection.
      await p.goto(`${s.base}/#/enterprises/${ent2}/show`);
      await p.getByRole('tab', { name: '行政处罚' }).click();
      const table = p.getByTestId('penalty-table');
      const row = table.getByRole('row', { name: /洪应急罚〔2026〕8号/ });
      await row.getByText('30,000').waitFor();
      await p.getByText('近180日受行政处罚 1 次，近365日 1 次', { exact: false }).waitFor();
      await check(p, 'enterprise page with the inspection’s penalty');
      await row.getByRole('link', { name: '监督检查记录' }).click();
      await p.waitForURL(new RegExp(`/inspections/${id}/show`));
      await p.getByTestId('inspection-penalties').waitFor();
      expect(errors.errors).toEqual([]);
    } finally {
      await ctx.close();
    }
    // The record page on a phone.
    const phone = await s.context({ phone: true });
    try {
      const p = await s.login(phone, 'sup');
      await p.goto(`${s.base}/#/inspections/${id}/show`);
      await p.getByTestId('inspection-penalties').getByText('罚款 · 30,000 元').waitFor();
      await check(p, 'inspection with its case and penalty on a phone', { phone: true });
    } finally {
      await phone.close();
    }
  });

  it('shows risk colour and management level with their history, and grades through the form', async () => {
    await page.goto(`${s.base}/#/risk-grades`);
    await page.getByRole('cell', { name: '武汉测试机械制造有限公司2' }).waitFor();
    await check(page, 'risk grades list');
    // Filtered by colour: only the red unit.
    await page.getByLabel('风险等级').click();
    await page.getByRole('option', { name: '红色' }).click();
    await expect.poll(() => page.getByRole('cell', { name: '武汉测试机械制造有限公司2' }).count()).toBe(0);
    await page.getByRole('cell', { name: '武汉测试机械制造有限公司1' }).click();
    const history = page.getByTestId('grade-history');
    await history.getByText('风险等级：未评定 → 红色').waitFor();
    await history.getByText('涉及粉尘爆炸危险场所').waitFor();
    await page.getByRole('button', { name: '评定等级' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('安全管理等级').check();
    await dialog.getByLabel('评定结果').click();
    await page.getByRole('option', { name: 'B级' }).click();
    await dialog.getByLabel('评定依据').click();
    await page.getByRole('option', { name: '首次评定' }).click();
    await dialog.getByRole('button', { name: '提交' }).click();
    await history.getByText('安全管理等级：未评定 → B级').waitFor();
    await page.getByTestId('management-level').first().filter({ hasText: '管理B级' }).waitFor();
    expect(await q('select management_level from enterprises where id = $1', [ent1])).toEqual([
      { management_level: 'B' },
    ]);
    await check(page, 'grade page');
    // The enterprise's own page (一企一档) shows both grades and leads to their history.
    await page.goto(`${s.base}/#/enterprises/${ent1}/show`);
    await page.getByTestId('risk-colour').filter({ hasText: '风险红色' }).waitFor();
    await page.getByTestId('management-level').filter({ hasText: '管理B级' }).waitFor();
    await check(page, 'enterprise page with its grades');
    await page.getByRole('link', { name: '评定记录' }).click();
    await page.getByTestId('grade-history').waitFor();
  });

  it('an administrator writes a duty-policy version: refusals beside their fields, then the version and its changes', async () => {
    const ctx = await s.context();
    const admin = await s.login(ctx, 'admin');
    const errors = watchConsole(admin);
    try {
      await admin.goto(`${s.base}/#/duty-policies/create`);
      await admin.getByLabel('适用区域').fill('洪山');
      await admin.getByRole('option', { name: '洪山区' }).click();
      const red = admin.getByLabel('红色风险：每隔天数');
      await expect.poll(() => red.inputValue()).toBe('7');
      await admin.getByText('以该区域现行规定为起点，只需修改不同之处（现行为默认规定）').waitFor();
      await check(admin, 'duty policy form');
      // Red patrolled less often than orange: the API's own schema refuses it beside the red field.
      await red.fill('20');
      await admin.getByRole('button', { name: '保存' }).click();
      await admin.getByText('红色风险单位的巡查间隔不能长于橙色（10天）').waitFor();
      // A date in the past passes the form and is refused by the API, beside the date.
      await red.fill('5');
      await admin.getByRole('group', { name: /生效日期/ }).click();
      await admin.keyboard.type(addCalendarDays(today, -1).replaceAll('-', ''));
      await admin.getByRole('button', { name: '保存' }).click();
      await admin.getByText('生效日期不能早于今天').waitFor();
      await check(admin, 'duty policy refused');
      expect(await q('select count(*)::int as n from duty_policies')).toEqual([{ n: 0 }]);
      await admin.getByRole('group', { name: /生效日期/ }).click();
      await admin.keyboard.type(today.replaceAll('-', ''));
      await admin.getByRole('button', { name: '保存' }).click();
      const changes = admin.getByTestId('duty-policy-changes');
      await changes.getByText('本版改动（相对于默认规定）').waitFor();
      await changes.getByRole('cell', { name: '网格巡查频次（按风险等级） · 红色风险' }).waitFor();
      await changes.getByRole('cell', { name: '7 天' }).waitFor();
      await changes.getByRole('cell', { name: '5 天' }).waitFor();
      await admin.getByTestId('duty-policy-state').filter({ hasText: '现行' }).waitFor();
      await check(admin, 'duty policy version');
      const rows = await q(
        "select version, (body->'patrol'->'everyDaysByColour'->>'red')::int as red from duty_policies",
      );
      expect(rows).toEqual([{ version: 1, red: 5 }]);
      const audit = await q(
        "select count(*)::int as n from audit_log where resource = 'duty-policies' and action = 'create'",
      );
      expect(audit).toEqual([{ n: 1 }]);
      await admin.goto(`${s.base}/#/duty-policies`);
      await admin.getByRole('cell', { name: '第 1 版' }).waitFor();
      await check(admin, 'duty policy list');
      // The browser logs the API's 422 (the past date) itself; nothing else may be logged.
      expect(errors.errors.filter((e) => !e.includes('status of 422'))).toEqual([]);
    } finally {
      await ctx.close();
    }
  });

  it('a grid member reads their grid and patrols a unit from it', async () => {
    const ctx = await s.context({ phone: true });
    try {
      const p = await s.login(ctx, 'grid');
      await p.goto(`${s.base}/#/grids`);
      await p.getByTestId('card-list').getByText('洪山一号网格').click();
      await p.getByTestId('grid-units').getByText('武汉测试机械制造有限公司2').waitFor();
      // A grid member reads the staff but may not change it (the API refuses them).
      await expect(p.getByRole('button', { name: '调整人员' }).count()).resolves.toBe(0);
      await check(p, 'grid page of its member', { phone: true });
      await p.getByRole('link', { name: '巡查 武汉测试机械制造有限公司2' }).click();
      await p.waitForURL(new RegExp(`/field/patrol/${ids.grid}/${ent2}$`));
      await p.getByRole('button', { name: '提交' }).waitFor();
    } finally {
      await ctx.close();
    }
  });

  it('offers each page only to the roles the API allows', async () => {
    const menu = async (username: string) => {
      const ctx = await s.context();
      try {
        const p = await s.login(ctx, username);
        await p.getByRole('menuitem').first().waitFor();
        return (await p.getByRole('menuitem').allTextContents()).map((x) => x.trim());
      } finally {
        await ctx.close();
      }
    };
    const pages = ['网格', '巡查记录', '检查计划', '检查记录', '风险分级', '差异化监管策略'];
    const shown = async (u: string) => (await menu(u)).filter((x) => pages.includes(x));
    expect(await shown('sup')).toEqual(pages);
    expect(await shown('leader')).toEqual(pages);
    expect(await shown('grid')).toEqual(['网格', '巡查记录']);
    expect(await shown('ent')).toEqual(['巡查记录', '检查记录', '风险分级']);
    expect(await shown('expert')).toEqual([]);
    expect(consoleErrors.errors).toEqual([]);
  });

  it('reads as cards on a 390×844 phone, nothing wider than the screen', async () => {
    const ctx = await s.context({ phone: true });
    try {
      const p = await s.login(ctx, 'sup');
      const visit = async (path: string, ready: (pg: Page) => Promise<unknown>, name: string) => {
        await p.goto(`${s.base}/#${path}`);
        await ready(p);
        await check(p, `${name} on a phone`, { phone: true });
      };
      const cards = (pg: Page) => pg.getByTestId('card-list').waitFor();
      await visit('/grids', cards, 'grids');
      await visit(`/grids/${ids.grid}/show`, (pg) => pg.getByTestId('staff-history').waitFor(), 'grid');
      await p.screenshot({ path: screenshotPath('grid-phone'), fullPage: true });
      await visit('/patrols', cards, 'patrols');
      await visit(
        `/patrols/${ids.patrol}/show`,
        (pg) => pg.getByTestId('patrol-results').waitFor(),
        'patrol',
      );
      await visit('/inspection-plans', cards, 'plans');
      await visit(
        `/inspection-plans/${ids.plan}/show`,
        (pg) => pg.getByText('查看抽取结果').waitFor(),
        'plan',
      );
      await p.getByRole('button', { name: '查看抽取结果' }).click();
      await p
        .getByTestId('draw-detail')
        .getByText(/复核一致/)
        .waitFor();
      expect(await overflowingElements(p), 'draw on a phone').toEqual([]);
      await p.screenshot({ path: screenshotPath('inspection-draw-phone'), fullPage: true });
      await visit('/inspections', cards, 'inspections');
      await visit(
        `/inspections/${ids.inspection}/show`,
        (pg) => pg.getByTestId('inspection-findings').waitFor(),
        'inspection',
      );
      await visit('/risk-grades', cards, 'risk grades');
      await visit(`/risk-grades/${ent1}/show`, (pg) => pg.getByTestId('grade-history').waitFor(), 'grades');
      await visit('/duty-policies', cards, 'duty policies');
      await p.getByTestId('card-list').getByRole('link').first().click();
      await p.getByTestId('duty-policy-changes').waitFor();
      expect(await overflowingElements(p), 'duty policy on a phone').toEqual([]);
      await expectAccessible(p, 'duty policy on a phone');
    } finally {
      await ctx.close();
    }
  });

  it('speaks English when switched', async () => {
    const ctx = await s.context();
    try {
      const p = await s.login(ctx, 'sup');
      await p.goto(`${s.base}/#/grids/${ids.grid}/show`);
      await p.getByTestId('grid-staff').waitFor();
      await p.getByRole('button', { name: '简体中文' }).click();
      await p.getByRole('menuitem', { name: 'English' }).click();
      await p.getByText('Grid staff').waitFor();
      await p.getByText('Reason: 监管二调离，由监管三接任').waitFor();
      await expectNoRawText(p, { where: 'grid page in English' });
      await p.goto(`${s.base}/#/risk-grades/${ent1}/show`);
      await p.getByText('Risk colour: Not assessed → Red').waitFor();
      await expectNoRawText(p, { where: 'grades in English' });
    } finally {
      await ctx.close();
    }
  });
});
