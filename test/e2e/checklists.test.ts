import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../api/harness.js';
import { screenshotPath } from './browser.js';
import { expectAccessible, expectNoRawText, overflowingElements, watchConsole } from './checks.js';
import { startStack, type Stack } from './stack.js';

/**
 * 隐患排查清单 in a real browser against the real stack: an enterprise's three-level checklist (企业清单、车间表册、
 * 岗位卡片, built from an industry template) submitted; the supervisor finds it awaiting review, reads it by level,
 * a return without a reason is refused beside its field by the API's schema, then accepts it; 清单编制率 and 验收率;
 * the enterprise's desk shows the accepted checklist, today's self-inspection tasks that follow from it, and its
 * monthly self-report sent as "no hazard found"; the supervisor's pages again on a 390×844 phone.
 */
describe('checklists in the console: the enterprise submits, the supervisor accepts', () => {
  let s: Stack;
  let desk: BrowserContext;
  let page: Page;
  let consoleErrors: { errors: string[] };
  let checklistId: string;

  beforeAll(async () => {
    s = await startStack();
    const admin = await loginAs(s.h.app, 'admin');
    const ent = await loginAs(s.h.app, 'ent');
    const template = await admin.post('/api/checklist-templates', {
      kind: 'self',
      name: '机械制造企业隐患排查指引',
      source: '工贸企业重大事故隐患判定标准',
      items: [
        {
          level: 'enterprise',
          content: '安全生产责任制是否健全',
          frequency: 'monthly',
          category: 'management',
        },
        { level: 'area', content: '车间安全通道是否畅通', frequency: 'weekly' },
        { level: 'post', content: '焊工持证上岗', frequency: 'daily' },
      ],
    });
    expect(template.status, JSON.stringify(template.body)).toBe(201);
    const built = await ent.post('/api/checklists', {
      templateIds: [template.body.id],
      areas: ['一号车间'],
      posts: ['焊工'],
    });
    expect(built.status, JSON.stringify(built.body)).toBe(201);
    checklistId = built.body.id;
    expect((await ent.post(`/api/checklists/${checklistId}/submit`, {})).body.status).toBe('submitted');
    desk = await s.context();
    page = await s.login(desk, 'sup');
    consoleErrors = watchConsole(page);
  });
  afterAll(async () => {
    await desk?.close();
    await s?.stop();
  });

  const status = async () =>
    (await s.h.db.pool!.query('select status from checklists where id = $1', [checklistId])).rows[0].status;

  it('the supervisor finds the checklist awaiting review and reads it by level', async () => {
    await page.goto(`${s.base}/#/checklists`);
    await page.getByRole('cell', { name: '待验收' }).waitFor();
    await expectAccessible(page, 'checklist list');
    await expectNoRawText(page);
    await page.getByRole('cell', { name: '待验收' }).click();
    await page.getByRole('heading', { name: '企业清单（1）' }).waitFor();
    await page.getByRole('heading', { name: '车间表册（1）' }).waitFor();
    await page.getByRole('heading', { name: '岗位卡片（1）' }).waitFor();
    await page.getByRole('heading', { name: '一号车间' }).waitFor();
    await page.getByText('焊工持证上岗').waitFor();
    await page.getByText('每日 · 现场管理类').waitFor();
    await expectAccessible(page, 'checklist page');
    await expectNoRawText(page);
  });

  it('a return without a reason is refused beside its field; the checklist is then accepted', async () => {
    await page.getByRole('button', { name: '退回' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: '提交' }).click();
    await dialog.getByText('退回理由必填').waitFor();
    await expectAccessible(page, 'return refused');
    expect(await status()).toBe('submitted');
    await dialog.getByRole('button', { name: '取消' }).click();
    await page.getByRole('button', { name: '验收通过' }).click();
    await page.getByRole('dialog').getByLabel('验收意见（可选）').fill('三级清单齐全，同意');
    await page.getByRole('dialog').getByRole('button', { name: '提交' }).click();
    await page.getByTestId('checklist-status').filter({ hasText: '已验收' }).waitFor();
    await page.getByText('验收意见：三级清单齐全，同意').waitFor();
    expect(await status()).toBe('accepted');
    // Nothing is left to offer on an accepted checklist.
    await expect(page.getByRole('button', { name: '验收通过' }).count()).resolves.toBe(0);
    const audit = await s.h.db.pool!.query(
      "select action from audit_log where resource = 'checklists' and resource_id = $1 order by id",
      [checklistId],
    );
    expect(audit.rows.map((r) => r.action).slice(-1)).toEqual(['accept']);
    await page.screenshot({ path: screenshotPath('checklist-accepted'), fullPage: true });
  });

  it('shows 清单编制率 and 验收率', async () => {
    await page.goto(`${s.base}/#/checklist-rates`);
    await page.getByRole('table', { name: '清单编制率与验收率' }).waitFor();
    await page.getByRole('cell', { name: '100.00%' }).first().waitFor(); // accepted / compiled
    await expectAccessible(page, 'checklist rates');
    await expectNoRawText(page, { allow: /^street$/ });
    expect(consoleErrors.errors).toEqual([]);
  });

  it('the enterprise sees its accepted checklist, today’s tasks from it, and sends its month', async () => {
    const ctx = await s.context();
    const ent = await s.login(ctx, 'ent');
    await ent.goto(`${s.base}/#/checklists`);
    await ent.getByRole('cell', { name: '已验收' }).waitFor();
    await ent.goto(`${s.base}/#/self-inspection-tasks`);
    await ent.getByRole('heading', { name: '岗位卡片 · 焊工' }).waitFor();
    await ent.getByRole('heading', { name: '车间表册 · 一号车间' }).waitFor();
    await expect(ent.getByText('待自查').count()).resolves.toBe(3);
    await expectAccessible(ent, 'self-inspection tasks');
    await expectNoRawText(ent);
    await ent.goto(`${s.base}/#/self-report-current`);
    await ent.getByRole('button', { name: '报送本期自查自报' }).click();
    const dialog = ent.getByRole('dialog');
    await expect(dialog.getByLabel('本期未发现隐患（如实声明）').isChecked()).resolves.toBe(true);
    await dialog.getByRole('button', { name: '提交' }).click();
    await ent.getByText(/已于 .* 报送/).waitFor();
    const row = await s.h.db.pool!.query('select no_hazard from self_reports');
    expect(row.rows).toEqual([{ no_hazard: true }]);
    await expectAccessible(ent, 'self-report sent');
    await ctx.close();
  });

  it('reads as cards on a 390×844 phone', async () => {
    const ctx = await s.context({ phone: true });
    const p = await s.login(ctx, 'sup');
    await p.goto(`${s.base}/#/checklists`);
    await p.getByTestId('card-list').waitFor();
    await p.getByText('已验收').first().waitFor();
    expect(await overflowingElements(p)).toEqual([]);
    await expectAccessible(p, 'checklists on a phone');
    await p.getByTestId('card-list').getByRole('link').first().click();
    await p.getByText('焊工持证上岗').waitFor();
    expect(await overflowingElements(p)).toEqual([]);
    await expectAccessible(p, 'checklist page on a phone');
    await p.screenshot({ path: screenshotPath('checklist-phone'), fullPage: true });
    await p.goto(`${s.base}/#/checklist-rates`);
    await p.getByTestId('checklist-rate-cards').waitFor();
    expect(await overflowingElements(p)).toEqual([]);
    await ctx.close();
  });
});
