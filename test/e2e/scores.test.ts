import type { BrowserContext, Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../api/harness.js';
import { MONTH, seedScoreWorld } from '../helpers/score-world.js';
import { screenshotPath } from './browser.js';
import { expectAccessible, expectNoRawText, overflowingElements, watchConsole } from './checks.js';
import { startStack, type Stack } from './stack.js';

/** MUI Select keeps the chosen option's code in a hidden input; level codes are what the raw-text check would see. */
const allow = /^(street|district|grid|department|enterprise|open|all|leader|sup|admin)$/;

/**
 * The leader's and the 安委办's score pages in a real browser against the real stack (PostgreSQL, Temporal, worker,
 * API serving the built console): the city's September and October computed and published, then the leader's home
 * card, the ranking with the change against last month, a score explained down to the records counted and exported,
 * the 四类水平 list; the 安委办 computes the running month (provisional), diffs a recomputation, and drafts, edits and
 * issues the month's bulletin as a numbered document; the ranking on a 390×844 phone.
 */
describe('scores in the console: the leader and the 安委办', () => {
  let s: Stack;
  let desk: BrowserContext;
  let phone: BrowserContext;
  let consoleErrors: { errors: string[] };

  beforeAll(async () => {
    s = await startStack();
    await seedScoreWorld(s.h.db.db);
    const sup = await loginAs(s.h.app, 'sup');
    const admin = await loginAs(s.h.app, 'admin');
    for (const month of ['2026-09', MONTH]) {
      const run = await sup.post('/api/scores/runs', { rootCode: '420100', month });
      expect(run.status).toBe(201);
      expect((await admin.post(`/api/scores/runs/${run.body.run.id}/publish`, {})).status).toBe(200);
    }
    desk = await s.context();
    phone = await s.context({ phone: true });
  });
  afterAll(async () => {
    await desk?.close();
    await phone?.close();
    await s?.stop();
  });

  let leader: Page;

  it('a leader’s home shows the unit’s score, rank and trend', async () => {
    leader = await s.login(desk, 'leader');
    consoleErrors = watchConsole(leader);
    const card = leader.getByTestId('score-home');
    await card.getByText('本单位考核得分').waitFor();
    await card.getByText(`洪山区 · ${MONTH}`).waitFor();
    await card.getByText('第2名 / 共2个').waitFor();
    expect(await card.getByText('2026-09').count()).toBeGreaterThan(0);
    await expectAccessible(leader, 'leader home');
    await expectNoRawText(leader, { allow });
  });

  it('ranks the streets with the change against last month and opens a score down to the records, exported', async () => {
    await leader.goto(`${s.base}/#/scores/rankings`);
    await leader.getByRole('table').waitFor();
    const rows = leader.getByRole('row');
    await expect.poll(() => rows.count()).toBe(3);
    await leader.getByRole('link', { name: '关山街', exact: true }).waitFor();
    // Last month published too: every street has a change, not 新增.
    expect(await leader.getByRole('cell', { name: '新增' }).count()).toBe(0);
    await expectAccessible(leader, 'rankings');
    await expectNoRawText(leader, { allow });
    await leader.screenshot({ path: screenshotPath('scores-rankings'), fullPage: true });

    // The enterprises: the 四类水平 ones flagged.
    await leader.getByRole('combobox', { name: '层级' }).click();
    await leader.getByRole('option', { name: '企业' }).click();
    await leader.getByRole('link', { name: /武汉评分测试A/ }).waitFor();
    expect(await leader.getByText('四类水平').count()).toBeGreaterThan(0);

    await leader.getByRole('combobox', { name: '层级' }).click();
    await leader.getByRole('option', { name: '街道（乡镇）' }).click();
    await leader.getByRole('link', { name: '关山街', exact: true }).click();
    await leader.getByTestId('unit-total').waitFor();
    await leader.getByText(`关山街 · ${MONTH} 得分`).first().waitFor();
    await leader.getByRole('button', { name: '清单编制率 明细' }).click();
    const records = leader.getByTestId('indicator-records');
    await records.getByRole('table').waitFor();
    await records.getByRole('cell', { name: /武汉评分测试A/ }).waitFor();
    await expectAccessible(leader, 'unit score with records');
    await expectNoRawText(leader, { allow });
    const href = await records.getByRole('link', { name: '导出 CSV' }).getAttribute('href');
    const csv = await leader.request.get(new URL(href!, s.base).toString());
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toMatch(/text\/csv/);
    expect(await csv.text()).toContain('武汉评分测试A');
  });

  it('lists the 四类水平 enterprises with their follow-up tasks', async () => {
    await leader.goto(`${s.base}/#/scores/follow-ups`);
    await leader.getByRole('table').waitFor();
    await leader.getByText('待跟进').first().waitFor();
    await expectAccessible(leader, 'follow-ups');
    await expectNoRawText(leader, { allow });
    expect(consoleErrors.errors).toEqual([]);
  });

  it('shows the ranking as published on a day (yyyy-MM-dd), and says when none was in force', async () => {
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
    await leader.goto(`${s.base}/#/scores/rankings`);
    await leader.getByRole('link', { name: '关山街', exact: true }).waitFor();
    const pickDay = async (day: string) => {
      const field = leader
        .getByRole('group', { name: /按发布日期查看/ })
        .or(leader.getByLabel(/按发布日期查看/));
      await field.first().click();
      await leader.keyboard.press('Control+A');
      await leader.keyboard.type(day.replace(/-/g, ''));
    };
    // Both months were published today: nothing of October was in force yesterday.
    await pickDay(yesterday);
    await leader.getByText(`${yesterday} 当日该月尚无已发布的排名`).waitFor();
    expect(await leader.getByRole('link', { name: '关山街', exact: true }).count()).toBe(0);
    await pickDay(today);
    await leader.getByText(`${today} 当日发布并有效的排名`).waitFor();
    await leader.getByRole('link', { name: '关山街', exact: true }).waitFor();
    // A day that does not exist is said under the field and not sent.
    await pickDay('2026-11-31');
    await leader.getByText('日期无效：应为实际存在的日期（年-月-日，如 2027-02-28）').waitFor();
    await expectAccessible(leader, 'rankings as published on a day');
    await expectNoRawText(leader, { allow });
  });

  it('an administrator makes a scheme version: the API’s own checks beside the fields, the change against the scheme in force, audited', async () => {
    const ctx = await s.context();
    const admin = await s.login(ctx, 'admin');
    const errors = watchConsole(admin);
    await admin.goto(`${s.base}/#/scores/schemes`);
    await admin.getByRole('link', { name: '制定新版本' }).click();
    await admin.getByLabel(/适用区域/).fill('洪山');
    await admin.getByRole('option', { name: /洪山区（420111）/ }).click();
    await admin.getByText('现行：系统默认考核办法').waitFor();
    await admin.getByText('与现行办法相同').waitFor();
    const grid0 = admin.locator('input[name="body.sections.grid.0.weight"]');
    await grid0.fill('50');
    await admin.getByRole('button', { name: '保存' }).click();
    await admin.getByText('网格各项分值合计应为100分，现为110分').first().waitFor();
    await admin.getByText('办法填写完整、校验通过后显示差异').waitFor();
    await expectAccessible(admin, 'scheme form with errors');
    await grid0.fill('40');
    await admin.locator('input[name="body.awardBar"]').fill('85');
    const diff = admin.getByTestId('scheme-diff');
    await diff.getByRole('row').filter({ hasText: '评优分数线' }).filter({ hasText: '85' }).waitFor();
    await admin.getByRole('button', { name: '保存' }).click();
    await admin.getByRole('cell', { name: '洪山区', exact: true }).waitFor();
    const rows = (await s.h.db.db.execute(
      sql`select payload from audit_log where resource = 'score_schemes' and action = 'create'`,
    )) as unknown as { rows: Array<{ payload: { changes: unknown[]; version: number } }> };
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]!.payload.changes).toEqual([{ where: '评优分数线', before: '80', after: '85' }]);
    await expectNoRawText(admin, { allow });
    expect(errors.errors).toEqual([]);
    await ctx.close();
  });

  it('the 安委办 computes the running month (provisional) and sees a recomputation’s diff', async () => {
    const office = await s.context();
    const sup = await s.login(office, 'sup');
    const errors = watchConsole(sup);
    await sup.goto(`${s.base}/#/scores/runs`);
    await sup.getByRole('table').waitFor();
    await sup.getByRole('button', { name: '计算考核结果' }).click();
    const dialog = sup.getByRole('dialog');
    await dialog.getByText(/暂定/).first().waitFor();
    await expectAccessible(sup, 'compute dialog');
    await dialog.getByRole('button', { name: '计算考核结果' }).click();
    await sup.getByText(/已计算：\d+个单位/).waitFor({ timeout: 60_000 });
    await sup.getByText('暂定（本月进行中）').first().waitFor();
    // A published month recomputed: B's address filled in since, so B (and its street) move; the published month
    // stays as it was and the diff names what would change.
    const before = await s.h.db.db
      .execute(sql`select total from unit_scores u join score_runs r on r.id = u.run_id
      where r.month = ${MONTH} and r.status = 'published' and u.level = 'enterprise' and u.name like '%B%'`);
    await s.h.db.db.execute(
      sql`update enterprises set address = '武汉市洪山区珞狮路2号' where name like '武汉评分测试B%'`,
    );
    const octRow = sup.getByRole('row').filter({ hasText: MONTH }).filter({ hasText: '已发布' });
    await octRow.getByRole('button', { name: '重新计算对比' }).click();
    const diff = sup.getByRole('dialog');
    await diff.getByRole('cell', { name: /武汉评分测试B/ }).waitFor({ timeout: 60_000 });
    await diff
      .getByText(/企业信息完整率|信息完整/)
      .first()
      .waitFor();
    await expectAccessible(sup, 'recompute diff');
    await sup.getByRole('button', { name: '关闭' }).click();
    const after = await s.h.db.db
      .execute(sql`select total from unit_scores u join score_runs r on r.id = u.run_id
      where r.month = ${MONTH} and r.status = 'published' and u.level = 'enterprise' and u.name like '%B%'`);
    expect((after as unknown as { rows: unknown[] }).rows).toEqual(
      (before as unknown as { rows: unknown[] }).rows,
    );
    // The recomputation waits unpublished beside the published month, its diff one click away.
    await sup.getByRole('button', { name: '与原结果的差异' }).first().click();
    await sup
      .getByRole('dialog')
      .getByRole('cell', { name: /武汉评分测试B/ })
      .waitFor();
    await sup.getByRole('button', { name: '关闭' }).click();
    await expectNoRawText(sup, { allow });
    expect(errors.errors).toEqual([]);

    // The bulletin: drafted from October, a paragraph added, issued with its number, downloadable.
    await sup.goto(`${s.base}/#/scores/bulletins`);
    await sup.getByRole('button', { name: '起草通报' }).click();
    await sup.getByRole('dialog').getByRole('button', { name: '起草通报' }).click();
    await sup.getByLabel('正文').waitFor();
    await sup.getByRole('table').first().waitFor();
    await expectAccessible(sup, 'bulletin draft');
    const body = sup.getByLabel('正文');
    await body.fill(`${await body.inputValue()}\n区安委办将把本通报情况纳入年度安全生产考核。`);
    await sup.getByRole('button', { name: '印发' }).click();
    await sup.getByRole('dialog').getByRole('button', { name: '确认' }).click();
    await expect
      .poll(async () => (await sup.getByTestId('bulletin-number').textContent()) ?? '', { timeout: 60_000 })
      .toMatch(/洪安委办〔2026〕\d+号/);
    await sup.getByText('区安委办将把本通报情况纳入年度安全生产考核。').waitFor();
    const pdf = await sup.getByRole('link', { name: '下载 PDF' }).getAttribute('href');
    const res = await sup.request.get(new URL(pdf!, s.base).toString());
    expect(res.status()).toBe(200);
    expect((await res.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await sup.screenshot({ path: screenshotPath('scores-bulletin'), fullPage: true });
    await expectNoRawText(sup, { allow });

    // The leader reads it in the list.
    await leader.goto(`${s.base}/#/scores/bulletins`);
    await leader.getByText(/洪安委办〔2026〕\d+号/).waitFor();
    await leader.getByRole('link', { name: '下载 DOCX' }).waitFor();
    await office.close();
  });

  it('on a 390×844 phone the ranking reads as cards, nothing wider than the screen', async () => {
    const p = await s.login(phone, 'leader');
    await p.goto(`${s.base}/#/scores/rankings`);
    const cards = p.getByTestId('ranking-cards');
    await cards.getByText('关山街').waitFor();
    expect(await overflowingElements(p)).toEqual([]);
    await expectAccessible(p, 'rankings on a phone');
    await expectNoRawText(p, { allow });
    await cards.getByText('关山街').click();
    await p.getByTestId('unit-total').waitFor();
    expect(await overflowingElements(p)).toEqual([]);
    await p.screenshot({ path: screenshotPath('scores-unit-phone'), fullPage: true });
  });
});
