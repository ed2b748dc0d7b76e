import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, loginAs, startHarness, type Harness } from '../api/harness.js';
import { ensureUiBuilt, launchChromium, screenshotPath, uiDist } from './browser.js';

/** The console in a real browser against the real stack: API, worker, Temporal dev server, PostgreSQL. */
describe('console in the browser', () => {
  let h: Harness;
  let server: ServerType;
  let base: string;
  let browser: Browser;
  let ownCase: string;
  let foreignCase: string;

  beforeAll(async () => {
    ensureUiBuilt();
    h = await startHarness({ uiDir: uiDist });
    server = serve({ fetch: h.app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const sup = await loginAs(h.app, 'sup');
    const report = (enterpriseId: string, title: string) => ({
      source: 'inspection',
      enterpriseId,
      regionCode: '420111',
      title,
      description: '检查发现',
    });
    ownCase = (await sup.post('/api/cases', report(h.ids.enterpriseId, '铝镁粉尘除尘器未设泄爆装置'))).body
      .id;
    foreignCase = (
      await sup.post('/api/cases', report(h.ids.otherEnterpriseId, '液氨制冷车间氨直接蒸发制冷'))
    ).body.id;
    browser = await launchChromium();
  });
  afterAll(async () => {
    server?.close();
    await h?.stop();
    await browser?.close(); // last: it fails the file on a CSP violation (browser.ts)
  });

  async function login(page: Page, username: string) {
    await page.goto(`${base}/`);
    await page.getByLabel(/用户名/).fill(username);
    await page.getByLabel(/密码/).first().fill(PASSWORD);
    await page.getByRole('button', { name: /登录/ }).click();
  }

  it('shows a supervisor the reported cases in Chinese', async () => {
    const page = await browser.newPage({ locale: 'zh-CN', timezoneId: 'America/New_York' });
    await login(page, 'sup');
    await page.getByText('今日待办清单').waitFor();
    await page.goto(`${base}/#/cases`);
    await page.getByText('铝镁粉尘除尘器未设泄爆装置').waitFor();
    for (const header of ['案件编号', '隐患名称', '责任企业', '状态', '当前期限'])
      await expect(page.getByText(header).first().isVisible()).resolves.toBe(true);
    await expect(page.getByText('待研判').first().isVisible()).resolves.toBe(true);
    await page.screenshot({ path: screenshotPath('case-list-supervisor'), fullPage: true });
    await page.close();
  });

  it("lets an enterprise see its own case and not another enterprise's, even by URL", async () => {
    const page = await browser.newPage({ locale: 'zh-CN' });
    await login(page, 'ent');
    // An enterprise's home page is its task list; nothing of another enterprise's case shows there either.
    await page.getByRole('heading', { name: '我的待办' }).waitFor();
    await page.goto(`${base}/#/cases`);
    await page.getByText('铝镁粉尘除尘器未设泄爆装置').waitFor();
    expect(await page.getByText('液氨制冷车间氨直接蒸发制冷').count()).toBe(0);
    await page.goto(`${base}/#/cases/${ownCase}/show`);
    await page.getByText('检查发现').waitFor();
    await page.screenshot({ path: screenshotPath('case-show-enterprise'), fullPage: true });
    await page.goto(`${base}/#/cases/${foreignCase}/show`);
    await page.waitForTimeout(1500);
    expect(await page.getByText('液氨制冷车间氨直接蒸发制冷').count()).toBe(0);
    await page.close();
  });

  it('lets a supervisor remind and reassign many tasks at once', async () => {
    const page = await browser.newPage({ locale: 'zh-CN' });
    await login(page, 'sup');
    await page.getByText('今日待办清单').waitFor();
    await page.goto(`${base}/#/tasks?filter=${encodeURIComponent(JSON.stringify({ status: 'open' }))}`);
    await page.getByTestId('tasks-by-case').getByText('研判隐患').first().waitFor();
    await page
      .getByRole('checkbox', { name: /选择所有|全选|Select all/ })
      .first()
      .check();
    await page.getByRole('button', { name: '催办' }).click();
    await page.getByText(/已催办 2 项任务/).waitFor();
    const reminded = await h.db.pool!.query(
      'select count(*)::int as n from tasks where last_reminder_at is not null',
    );
    expect(reminded.rows[0].n).toBe(2);

    await page
      .getByRole('checkbox', { name: /选择所有|全选|Select all/ })
      .first()
      .check();
    await page.getByRole('button', { name: '转办' }).click();
    await page.getByRole('combobox', { name: '转办给' }).fill('leader');
    await page.getByRole('option', { name: 'leader' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '转办' }).click();
    await page.getByText(/已转办 2 项任务/).waitFor();
    const moved = await h.db.pool!.query('select count(*)::int as n from tasks where assignee_user_id = $1', [
      h.ids.users.leader,
    ]);
    expect(moved.rows[0].n).toBe(2);
    await page.screenshot({ path: screenshotPath('tasks-bulk'), fullPage: true });
    await page.close();
  });

  it('lets a user change their own password from the user menu', async () => {
    const page = await browser.newPage({ locale: 'zh-CN' });
    await login(page, 'expert');
    await page.getByRole('heading', { name: '我的待办' }).waitFor();
    await page.getByRole('button', { name: /账户设置/ }).click();
    await page.getByRole('menuitem', { name: '修改密码' }).click();
    const d = page.getByRole('dialog');
    await d.getByLabel('当前密码').fill('wrong-password');
    await d.getByLabel('新密码', { exact: true }).fill('Qingling2026abc');
    await d.getByLabel('确认新密码').fill('Qingling2026abc');
    await d.getByRole('button', { name: '保存' }).click();
    await d.getByText('当前密码不正确').waitFor();
    await d.getByLabel('当前密码').fill(PASSWORD);
    await d.getByRole('button', { name: '保存' }).click();
    await page.getByText('密码已修改').waitFor();
    const res = await h.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'expert', password: 'Qingling2026abc' }),
    });
    expect(res.status).toBe(200);
    await page.close();
  });
});
