import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays, shanghaiDate } from '../../domain/calendar.js';
import { PASSWORD, loginAs } from '../api/harness.js';
import { screenshotPath } from './browser.js';
import { expectAccessible, expectNoRawText, overflowingElements, watchConsole } from './checks.js';
import { startStack, type Stack } from './stack.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * A supervisor's day with the general-hazard ledger in a real browser against the real stack (PostgreSQL, Temporal,
 * worker, API serving the built console): the ledger sorted by deadline with its lights, the red ones filtered, the
 * daily worklist cleared by a bulk follow-up, a rectified hazard spot-checked and reopened (the empty finding refused
 * beside its field by the API's schema first), an enterprise recording a rectification with an after-photo, the
 * rates; then the same pages on a 390×844 phone.
 */
describe('the general-hazard ledger in the console', () => {
  let s: Stack;
  let desk: BrowserContext;
  let page: Page;
  let consoleErrors: { errors: string[] };
  const today = shanghaiDate(new Date());
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    s = await startStack();
    const sup = await loginAs(s.h.app, 'sup');
    const ent = await loginAs(s.h.app, 'ent');
    const base = {
      enterpriseId: s.h.ids.enterpriseId,
      source: 'inspection',
      location: '二号车间',
      responsiblePerson: '王安全',
    };
    const report = async (key: string, description: string, foundOn: string) => {
      const r = await sup.post('/api/general-hazards', { ...base, description, foundOn });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      ids[key] = r.body.id;
      return r.body;
    };
    expect((await report('red', '叉车未按期年检', addCalendarDays(today, -10))).light).toBe('red');
    expect((await report('yellow', '配电箱门未关闭', addCalendarDays(today, -6))).light).toBe('yellow');
    expect((await report('green', '通道堆放杂物', today)).light).toBe('green');
    await report('closed', '灭火器压力不足', addCalendarDays(today, -2));
    await report('toRectify', '应急照明灯损坏', addCalendarDays(today, -1));
    // The enterprise rectifies one, with its after-photo, so the supervisor has something to spot-check.
    const login = await s.h.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ent', password: PASSWORD }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const form = new FormData();
    form.set('file', new Blob([PNG], { type: 'image/png' }), 'after.png');
    form.set('hazardId', ids.closed!);
    form.set('kind', 'after_photo');
    const doc = await s.h.app.request('/api/documents', { method: 'POST', headers: { cookie }, body: form });
    expect(doc.status).toBe(201);
    const rect = await ent.post(`/api/general-hazards/${ids.closed}/rectify`, {
      rectifiedOn: today,
      measures: '更换灭火器',
      documentIds: [((await doc.json()) as { id: string }).id],
    });
    expect(rect.status, JSON.stringify(rect.body)).toBe(200);
    desk = await s.context();
    page = await s.login(desk, 'sup');
    consoleErrors = watchConsole(page);
  });
  afterAll(async () => {
    await desk?.close();
    await s?.stop();
  });

  it('lists the ledger by deadline with its lights, and filters the red ones', async () => {
    await page.goto(`${s.base}/#/general-hazards`);
    await page.getByText('叉车未按期年检').waitFor();
    const rows = page.locator('tbody tr');
    await expect(rows.count()).resolves.toBe(5);
    // Nearest deadline first: the overdue one, lit red and saying how far past it is.
    await expect(rows.first().getByTestId('hazard-light').getAttribute('data-light')).resolves.toBe('red');
    await expect(rows.first().textContent()).resolves.toMatch(/逾期 3 天/);
    await expect(rows.nth(1).getByTestId('hazard-light').textContent()).resolves.toBe('黄灯');
    await expectAccessible(page, 'ledger');
    await expectNoRawText(page);
    await page.getByRole('button', { name: '红灯（逾期）' }).click();
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 1);
    await expect(rows.first().textContent()).resolves.toMatch(/叉车未按期年检/);
    await page.screenshot({ path: screenshotPath('hazard-ledger-red'), fullPage: true });
  });

  it('clears the red and yellow on the daily worklist with one follow-up', async () => {
    await page.goto(`${s.base}/#/hazard-worklist`);
    await page.getByRole('heading', { name: new RegExp(`每日督办清单.*${today}`) }).waitFor();
    await page.getByText('叉车未按期年检').waitFor();
    await page.getByText('配电箱门未关闭').waitFor();
    await expectAccessible(page, 'worklist');
    await expectNoRawText(page);
    await page.getByRole('checkbox', { name: '全选' }).check();
    await page.getByRole('button', { name: /批量跟进所选/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('跟进情况').fill('电话督促企业负责人，当日整改');
    await expectAccessible(page, 'worklist follow-up dialog');
    await dialog.getByRole('button', { name: '提交' }).click();
    await page.getByText('今日红黄灯已全部跟进，清零完成。').waitFor();
    const n = await s.h.db.pool!.query(
      "select count(*)::int as n from general_hazard_events where type = 'followed_up'",
    );
    expect(n.rows[0].n).toBe(2);
  });

  it('spot-checks a rectified hazard and reopens it; an empty finding is refused beside its field', async () => {
    await page.goto(`${s.base}/#/general-hazards/${ids.closed}/show`);
    await page.getByRole('heading', { name: '灭火器压力不足' }).waitFor();
    await page.getByText('更换灭火器').first().waitFor();
    await page.getByRole('img', { name: /整改后照片/ }).waitFor();
    await expectAccessible(page, 'hazard page');
    await expectNoRawText(page);
    await page.getByRole('button', { name: '抽查' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('抽查不合格').check();
    await dialog.getByRole('button', { name: '提交' }).click();
    await dialog.getByText('抽查情况必填').waitFor();
    await expectAccessible(page, 'spot check refused');
    const events = async () =>
      (
        await s.h.db.pool!.query('select type from general_hazard_events where hazard_id = $1 order by id', [
          ids.closed,
        ])
      ).rows.map((r) => r.type);
    expect(await events()).toEqual(['rectified']);
    await dialog.getByLabel('抽查情况').fill('灭火器仍为旧件，压力表指针在红区');
    await dialog.getByRole('button', { name: '提交' }).click();
    await page.getByTestId('hazard-status').filter({ hasText: '重新整改' }).waitFor();
    await page.getByText('抽查不合格').first().waitFor();
    expect(await events()).toEqual(['rectified', 'spot_checked']);
    await page.screenshot({ path: screenshotPath('hazard-reopened'), fullPage: true });
  });

  it('an enterprise records a rectification with an after-photo at its desk', async () => {
    const ctx = await s.context();
    const ent = await s.login(ctx, 'ent');
    await ent.goto(`${s.base}/#/general-hazards/${ids.toRectify}/show`);
    await ent.getByRole('button', { name: '录入整改' }).click();
    const dialog = ent.getByRole('dialog');
    await dialog.getByLabel('整改措施').fill('更换应急照明灯两盏');
    await dialog.getByRole('button', { name: '提交' }).click();
    await dialog.getByText('请上传整改后照片').waitFor();
    await dialog
      .locator('input[type=file]')
      .setInputFiles({ name: 'after.png', mimeType: 'image/png', buffer: PNG });
    await dialog.getByRole('button', { name: '提交' }).click();
    await ent.getByTestId('hazard-status').filter({ hasText: '已整改' }).waitFor();
    await ent.getByRole('img', { name: /整改后照片/ }).waitFor();
    await expectAccessible(ent, 'enterprise hazard page');
    await ctx.close();
  });

  it('shows rectification and on-time rates per street', async () => {
    await page.goto(`${s.base}/#/hazard-rates`);
    await page.getByRole('table', { name: '隐患整改率' }).waitFor();
    // 1 of 5 rectified: the enterprise's; the spot-checked one was reopened and counts as open again.
    await page.getByRole('cell', { name: '20.00%' }).first().waitFor();
    await expectAccessible(page, 'rates');
    await expectNoRawText(page, { allow: /^street$/ });
    expect(consoleErrors.errors).toEqual([]);
  });

  it('reads as cards on a 390×844 phone, the worklist and the record page included', async () => {
    const ctx = await s.context({ phone: true });
    const p = await s.login(ctx, 'sup');
    await p.goto(`${s.base}/#/general-hazards`);
    await p.getByTestId('card-list').waitFor();
    await p.getByText('叉车未按期年检').waitFor();
    expect(await overflowingElements(p)).toEqual([]);
    await expectAccessible(p, 'ledger on a phone');
    await expectNoRawText(p);
    await p.screenshot({ path: screenshotPath('hazard-ledger-phone'), fullPage: true });
    await p.getByText('叉车未按期年检').click();
    await p.getByRole('heading', { name: '叉车未按期年检' }).waitFor();
    expect(await overflowingElements(p)).toEqual([]);
    await expectAccessible(p, 'hazard page on a phone');
    await p.goto(`${s.base}/#/hazard-worklist`);
    await p
      .getByText(/清零完成|配电箱门未关闭/)
      .first()
      .waitFor();
    expect(await overflowingElements(p)).toEqual([]);
    await p.goto(`${s.base}/#/hazard-rates`);
    await p.getByTestId('rate-cards').waitFor();
    expect(await overflowingElements(p)).toEqual([]);
    await ctx.close();
  });
});
