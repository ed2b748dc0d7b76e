import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startHarness, type Harness } from '../api/harness.js';
import { ensureUiBuilt, launchChromium, screenshotPath, uiDist } from './browser.js';

/** A 1×1 PNG: the acceptance application's evidence photo. */
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

const shanghaiDate = (daysAhead: number) =>
  new Date(Date.now() + daysAhead * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

/**
 * The whole life of a major hazard, clicked through the console in a real browser against the real stack
 * (API, worker, Temporal dev server, PostgreSQL): a supervisor reports, judges and lists it; the enterprise
 * submits a plan; the supervisor returns it; the enterprise resubmits; it is approved; the enterprise applies
 * for acceptance with a photo; the supervisor accepts and signs off, and the delisting is published.
 */
describe('a major hazard from report to sign-off, in the browser', () => {
  let h: Harness;
  let server: ServerType;
  let base: string;
  let browser: Browser;
  let sup: BrowserContext;
  let ent: BrowserContext;
  let caseUrl: string;
  const title = '喷涂车间有机废气收集管道未设置阻火器';

  beforeAll(async () => {
    ensureUiBuilt();
    h = await startHarness({ uiDir: uiDist });
    server = serve({ fetch: h.app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    // A browser far from China: every date on screen must still be Shanghai's.
    sup = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Europe/London', acceptDownloads: true });
    ent = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Europe/London' });
  });
  afterEach(async (ctx) => {
    // A failing step leaves both screens behind for whoever reads the CI artifacts.
    if (ctx.task.result?.state !== 'fail') return;
    await supPage?.screenshot({ path: screenshotPath('failed-supervisor'), fullPage: true }).catch(() => {});
    await entPage?.screenshot({ path: screenshotPath('failed-enterprise'), fullPage: true }).catch(() => {});
  });
  afterAll(async () => {
    server?.close();
    await h?.stop();
    await browser?.close(); // last: it fails the file on a CSP violation (browser.ts)
  });

  async function login(ctx: BrowserContext, username: string): Promise<Page> {
    const page = await ctx.newPage();
    await page.goto(`${base}/`);
    await page.getByLabel(/用户名/).fill(username);
    await page.getByLabel(/密码/).first().fill(PASSWORD);
    await page.getByRole('button', { name: /登录/ }).click();
    await page.locator('#main-content').waitFor();
    return page;
  }

  const status = (page: Page, text: string) =>
    page.getByTestId('case-header').getByTestId('status-chip').filter({ hasText: text }).waitFor();

  // Dates are picked as the console offers them (yyyy-MM-dd sections): click the field, type the digits.
  async function fillDate(page: Page, dialog: ReturnType<Page['getByRole']>, label: string, value: string) {
    await dialog
      .getByRole('group', { name: new RegExp(label) })
      .first()
      .click();
    await page.keyboard.type(value.replace(/-/g, ''));
  }

  async function act(
    page: Page,
    action: string,
    fill: (dialog: ReturnType<Page['getByRole']>) => Promise<void>,
  ) {
    await page.locator(`[data-action="${action}"]`).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await fill(dialog);
    await dialog.getByRole('button', { name: '提交' }).click();
    await dialog.waitFor({ state: 'detached' });
  }

  async function pick(page: Page, field: ReturnType<Page['getByRole']>, text: string) {
    await field.fill(text);
    await page
      .getByRole('option', { name: new RegExp(text) })
      .first()
      .click();
  }

  let supPage: Page;
  let entPage: Page;

  it('a supervisor reports a hazard, judges it major and lists it', async () => {
    supPage = await login(sup, 'sup');
    await supPage.screenshot({ path: screenshotPath('dashboard-supervisor'), fullPage: true });
    await supPage.goto(`${base}/#/cases/create`);
    await pick(supPage, supPage.getByRole('combobox', { name: '责任企业' }), '武汉测试机械制造有限公司1');
    // The supervisor's own district is preselected.
    expect(await supPage.getByRole('combobox', { name: '所属区域' }).inputValue()).toContain('洪山区');
    await supPage.getByLabel('隐患名称').fill(title);
    await supPage.getByLabel('隐患描述').fill('检查发现喷涂车间废气管道与RTO之间未设阻火器。');
    await supPage.screenshot({ path: screenshotPath('case-report-form'), fullPage: true });
    const report = supPage.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/cases'));
    await supPage.getByRole('button', { name: '保存' }).click();
    // The report carries an idempotency key, so a submission retried after a lost answer creates one case.
    expect((await report).headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    await status(supPage, '待研判');
    caseUrl = supPage.url();

    // Bad input: a major hazard needs a clause; the form says so beside the field and nothing is sent.
    await supPage.locator('[data-action="judge"]').click();
    const judge = supPage.getByRole('dialog');
    await judge.getByLabel('研判理由').fill('符合判定标准');
    await judge.getByRole('button', { name: '提交' }).click();
    await judge.getByText('认定为重大事故隐患须引用判定标准条款').waitFor();
    await pick(supPage, judge.getByRole('combobox', { name: '判定标准条款' }), '第十二条');
    await judge.getByRole('button', { name: '提交' }).click();
    await judge.waitFor({ state: 'detached' });
    await status(supPage, '已认定·待挂牌');

    await act(supPage, 'list', async (d) => {
      await d.getByLabel('挂牌单位').fill('洪山区安全生产委员会');
      await d.getByLabel('督办单位').fill('洪山区应急管理局');
      await fillDate(supPage, d, '整改期限', shanghaiDate(60));
      await d.getByLabel('停止使用').check();
      await pick(supPage, d.getByRole('combobox', { name: '包案领导' }), 'leader');
    });
    await status(supPage, '已挂牌·待报方案');
    await supPage.getByTestId('countdown').first().waitFor();
    await supPage.screenshot({ path: screenshotPath('case-listed'), fullPage: true });
  });

  it('the enterprise finds its task, submits a plan; the supervisor returns it with a reason', async () => {
    entPage = await login(ent, 'ent');
    await entPage.getByTestId('my-tasks').getByText('提交整改方案').first().click();
    await status(entPage, '已挂牌·待报方案');
    expect(entPage.url()).toBe(caseUrl);
    // The enterprise is offered only its own step.
    expect(
      await entPage
        .locator('[data-action]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-action'))),
    ).toEqual(['submit-plan']);
    const fillPlan = async (d: ReturnType<Page['getByRole']>, measures: string) => {
      await d.getByLabel('整改责任人').fill('张建国');
      await d.getByLabel('联系电话').fill('13800138000');
      await d.getByLabel('整改措施').fill(measures);
      await d.getByLabel('整改资金（元）').fill('120000');
      await fillDate(entPage, d, '完成时限', shanghaiDate(45));
      await d.getByLabel('应急预案').fill('修订喷涂车间火灾应急处置方案');
      await d.getByLabel('整改目标').fill('消除管道回火风险');
      await d.getByLabel('整改期间安全防范措施').fill('停用RTO，专人巡查');
    };
    await act(entPage, 'submit-plan', (d) => fillPlan(d, '加装阻火器'));
    await status(entPage, '方案待审');

    await supPage.goto(caseUrl);
    await supPage.reload();
    await status(supPage, '方案待审');
    await act(supPage, 'review-plan', async (d) => {
      await d.getByLabel('退回修改').check();
      await d.getByLabel('审核意见').fill('未明确阻火器型号和安装位置');
    });
    await status(supPage, '已挂牌·待报方案');

    await entPage.reload();
    await status(entPage, '已挂牌·待报方案');
    await act(entPage, 'submit-plan', (d) => fillPlan(d, '在RTO入口加装GB/T 13347 管道阻火器两台'));
    await status(entPage, '方案待审');
  });

  it('the supervisor approves, summons the principal by hand and records the interview minutes', async () => {
    await supPage.reload();
    await act(supPage, 'review-plan', async (d) => {
      await d.getByLabel('同意').check();
    });
    await status(supPage, '整改中');

    await act(supPage, 'escalate', async (d) => {
      await d.getByRole('combobox', { name: '督办措施' }).click();
      await supPage.getByRole('option', { name: '约谈' }).click();
      await d.getByLabel('理由').fill('整改进度滞后，约谈企业主要负责人');
    });
    await supPage.getByTestId('case-header').getByText('约谈').waitFor();

    await supPage.goto(`${base}/#/escalations`);
    await supPage.getByRole('cell', { name: '整改进度滞后，约谈企业主要负责人' }).waitFor();
    await supPage.screenshot({ path: screenshotPath('escalations-supervisor'), fullPage: true });
    await supPage.getByRole('button', { name: '录入约谈纪要' }).click();
    const d = supPage.getByRole('dialog');
    await d.getByLabel('处理结果').fill('已约谈法定代表人，企业承诺10日内完成');
    // 约谈 needs its minutes: the form refuses without them.
    await d.getByRole('button', { name: '提交' }).click();
    await d.getByText('约谈须记录约谈纪要').waitFor();
    await d.getByLabel('约谈纪要').fill('时间：11月23日；地点：区应急局；参加人员：……');
    await d.getByRole('button', { name: '提交' }).click();
    await d.waitFor({ state: 'detached' });
    await supPage.getByText('当前筛选条件下没有督办事项').waitFor();
  });

  it('the enterprise applies for acceptance with a photo', async () => {
    await entPage.reload();
    await status(entPage, '整改中');
    await act(entPage, 'apply-acceptance', async (d) => {
      await d.getByLabel('整改报告').fill('阻火器已安装并经检测合格');
      await d
        .locator('input[type=file]')
        .setInputFiles({ name: '阻火器.png', mimeType: 'image/png', buffer: PHOTO });
      await d.getByText('阻火器.png').waitFor();
    });
    await status(entPage, '待验收');
    await entPage.getByRole('tab', { name: '文件与证据' }).click();
    await entPage.getByRole('img', { name: '阻火器.png' }).waitFor();
    await entPage.screenshot({ path: screenshotPath('case-documents-enterprise'), fullPage: true });
  });

  it('the supervisor invites the expert, who finds the task on their home page and gives an opinion', async () => {
    await supPage.goto(caseUrl);
    await status(supPage, '待验收');
    await act(supPage, 'invite-experts', async (d) => {
      await pick(supPage, d.getByRole('combobox', { name: /受邀专家/ }), 'expert');
      await d.getByLabel('邀请说明').fill('请现场核查阻火器安装情况');
    });
    const experts = supPage.getByTestId('case-experts');
    await experts.getByText('尚未提交意见').waitFor();
    expect(await supPage.locator('[data-action="submit-expert-opinion"]').count()).toBe(0);

    const ctx = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Europe/London' });
    try {
      const expPage = await ctx.newPage();
      await expPage.goto(`${base}/`);
      await expPage.getByLabel(/用户名/).fill('expert');
      await expPage.getByLabel(/密码/).first().fill(PASSWORD);
      await expPage.getByRole('button', { name: /登录/ }).click();
      await expPage.getByTestId('my-tasks').getByText('提出验收意见（expert）').click();
      await status(expPage, '待验收');
      await act(expPage, 'submit-expert-opinion', async (d) => {
        await d.getByRole('textbox', { name: /专家意见/ }).fill('阻火器安装规范，同意通过');
      });
      await expPage.getByTestId('case-experts').getByText('建议通过').waitFor();
      expect(await expPage.locator('[data-action="submit-expert-opinion"]').count()).toBe(0);
      expect(await expPage.locator('[data-action="invite-experts"]').count()).toBe(0);
      await expPage.screenshot({ path: screenshotPath('case-expert-opinion'), fullPage: true });
    } finally {
      await ctx.close();
    }
  });

  it('the supervisor records the acceptance, signs off and publishes the delisting; the timeline has every step', async () => {
    await supPage.goto(caseUrl);
    await status(supPage, '待验收');
    // The summary shows the expert's opinion (given in another browser: reload); the acceptance form starts from it.
    await supPage.reload();
    await supPage.getByTestId('case-experts').getByText('建议通过').waitFor();
    await act(supPage, 'record-acceptance', async (d) => {
      expect(await d.getByLabel('姓名').inputValue()).toBe('expert');
      expect(await d.getByLabel('意见').inputValue()).toBe('阻火器安装规范，同意通过');
      await d.getByLabel('姓名').fill('李专家');
    });
    await status(supPage, '验收合格·待销号');
    // 销号 waits for the listing's publication (挂牌公示): not offered before it.
    expect(await supPage.locator('[data-action="sign-off"]').count()).toBe(0);
    await act(supPage, 'confirm-publication', async (d) => {
      await d.getByLabel('公示链接或文号').fill('洪应急〔2026〕11号');
    });
    await act(supPage, 'sign-off', async (d) => {
      await d.getByLabel('销号意见').fill('整改到位，同意销号');
    });
    await status(supPage, '已销号·待公示');
    await act(supPage, 'confirm-publication', async (d) => {
      await d.getByLabel('公示链接或文号').fill('洪应急〔2026〕12号');
    });
    await status(supPage, '已闭环');
    expect(await supPage.locator('[data-action]').count()).toBe(0);

    await supPage.getByRole('tab', { name: '办理记录' }).click();
    for (const step of [
      '发现隐患',
      '研判认定',
      '挂牌督办',
      '方案退回',
      '方案通过',
      '申请验收',
      '邀请专家',
      '专家意见',
      '验收通过',
      '销号',
      '闭环',
    ])
      await supPage.getByRole('cell', { name: step, exact: true }).first().waitFor();
    await supPage.screenshot({ path: screenshotPath('case-timeline'), fullPage: true });

    const row = (await h.db.pool!.query('select status from cases where title = $1', [title])).rows[0];
    expect(row.status).toBe('closed');
  });

  it("an enterprise cannot open another enterprise's case by URL", async () => {
    const other = await browser.newContext({ locale: 'zh-CN' });
    const page = await other.newPage();
    await page.goto(`${base}/`);
    await page.getByLabel(/用户名/).fill('ent-other');
    await page.getByLabel(/密码/).first().fill(PASSWORD);
    await page.getByRole('button', { name: /登录/ }).click();
    await page.getByText('我的待办').first().waitFor();
    await page.goto(caseUrl);
    await page.waitForTimeout(1500);
    expect(await page.getByText(title).count()).toBe(0);
    await other.close();
  });

  it('an administrator browses the registers: 一企一档, regions, departments, standards, users, calendar', async () => {
    const ctx = await browser.newContext({ locale: 'zh-CN' });
    const page = await login(ctx, 'admin');
    await page.goto(`${base}/#/enterprises`);
    await page.getByText('武汉测试机械制造有限公司1').click();
    // 一企一档: the enterprise's page lists its cases, this story's among them.
    await page.getByRole('tab', { name: /案件/ }).click();
    await page.getByText(title).waitFor();
    await page.screenshot({ path: screenshotPath('enterprise-archive'), fullPage: true });
    for (const [resource, text] of [
      ['regions', '洪山区'],
      ['departments', null],
      ['standards', '应急管理部令第10号'],
      ['users', 'ent-other'],
      ['calendar-years', null],
    ] as const) {
      await page.goto(`${base}/#/${resource}`);
      await page.waitForLoadState('networkidle');
      if (text) await page.getByText(text).first().waitFor();
      expect(
        await page
          .getByRole('alert')
          .filter({ hasText: /错误|失败|error/i })
          .count(),
      ).toBe(0);
      await page.screenshot({ path: screenshotPath(`registry-${resource}`), fullPage: true });
    }
    await ctx.close();
  });

  it('the supervisor sees the task list, and the console switches to English', async () => {
    await supPage.goto(`${base}/#/tasks`);
    await supPage.getByText('只看我的').first().waitFor();
    await supPage.screenshot({ path: screenshotPath('tasks-supervisor'), fullPage: true });
    await supPage.goto(`${base}/#/cases`);
    await supPage.getByText(title).waitFor();
    // The list exports what is on screen, by the server, with the same filters.
    await supPage.getByRole('button', { name: '导出' }).click();
    const [download] = await Promise.all([
      supPage.waitForEvent('download'),
      supPage.getByRole('menuitem', { name: '导出 CSV' }).click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain(title);
    await supPage.getByRole('button', { name: '简体中文' }).click();
    await supPage.getByRole('menuitem', { name: 'English' }).click();
    await supPage.getByText('Case no.').first().waitFor();
    await supPage.screenshot({ path: screenshotPath('case-list-english'), fullPage: true });
  });
});
