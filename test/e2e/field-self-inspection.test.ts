import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../api/harness.js';
import { screenshotPath } from './browser.js';
import { expectAccessible, expectNoRawText, overflowingElements, watchConsole } from './checks.js';
import { startStack, type Stack } from './stack.js';

/** 洪山区 (the harness's district), where the emulated phone stands. */
const HERE = { latitude: 30.5058, longitude: 114.4181, accuracy: 12 };

/**
 * 自查 on a 390×844 phone against the real stack: the enterprise's home lists today's sheets of its accepted checklist;
 * the staff member opens one, answers every item 合格 / 不合格 (a missing answer and a failure without what was found
 * are said beside the item), and sends it; the failed item is a general hazard naming the checklist item, with the
 * emulated GPS; the sheet shows as done. axe, raw-text and overflow checks on every page, and the sheet in English.
 */
describe('a self-inspection sheet on a phone', () => {
  let s: Stack;
  const q = async (sql: string, params: unknown[] = []) => (await s.h.db.pool!.query(sql, params)).rows;
  let checklistId: string;

  beforeAll(async () => {
    s = await startStack();
    const ent = await loginAs(s.h.app, 'ent');
    const sup = await loginAs(s.h.app, 'sup');
    const built = await ent.post('/api/checklists', {
      areas: ['二号车间'],
      items: [
        { level: 'area', unitName: '二号车间', content: '安全出口、疏散通道畅通', frequency: 'daily' },
        {
          level: 'area',
          unitName: '二号车间',
          content: '灭火器压力在绿区，且在有效期内',
          frequency: 'daily',
        },
        { level: 'area', unitName: '二号车间', content: '配电箱门关闭上锁，无裸露线缆', frequency: 'daily' },
        { level: 'enterprise', unitName: '全厂', content: '安全培训记录齐全', frequency: 'monthly' },
      ],
    });
    expect(built.status).toBe(201);
    checklistId = built.body.id;
    expect((await ent.post(`/api/checklists/${checklistId}/submit`, {})).status).toBe(200);
    expect((await sup.post(`/api/checklists/${checklistId}/accept`, { note: '同意' })).status).toBe(200);
  });
  afterAll(() => s?.stop());

  it('records a sheet item by item; the failed item becomes a hazard naming it', async () => {
    const ctx = await s.context({ phone: true, timezoneId: 'Asia/Shanghai' });
    await ctx.grantPermissions(['geolocation'], { origin: s.base });
    await ctx.setGeolocation(HERE);
    try {
      const page = await s.login(ctx, 'ent');
      const { errors } = watchConsole(page);
      expect(page.viewportSize()).toEqual({ width: 390, height: 844 });
      const tasks = page.getByTestId('field-self-inspections');
      await tasks.getByText('二号车间').waitFor();
      await expectAccessible(page, 'enterprise home with sheets');
      expect(await overflowingElements(page)).toEqual([]);
      await tasks.getByRole('link', { name: '开始自查 二号车间 每日' }).click();
      await page.getByRole('heading', { name: '自查记录', level: 1 }).waitFor();
      await page.getByText('车间表册 · 二号车间 · 每日').waitFor();
      const items = page.getByTestId('self-inspection-item');
      await expect.poll(() => items.count()).toBe(3);
      await page
        .getByTestId('gps')
        .getByText(/已定位/)
        .waitFor();

      // Nothing answered: each item says so beside itself, nothing is sent.
      await page.getByRole('button', { name: '提交' }).click();
      await expect.poll(() => page.getByText('必填').count()).toBe(3);
      await items.nth(0).getByRole('button', { name: '合格', exact: true }).click();
      await items.nth(1).getByRole('button', { name: '合格', exact: true }).click();
      await items.nth(2).getByRole('button', { name: '不合格' }).click();
      // A failure without what was found is refused by the domain's own message.
      await page.getByRole('button', { name: '提交' }).click();
      await items.nth(2).getByText('不合格项须描述发现的隐患').waitFor();
      await items
        .nth(2)
        .getByLabel(/^发现的隐患/)
        .fill('配电箱门未上锁，线缆裸露');
      await items.nth(2).getByLabel('部位').fill('二号车间东侧配电箱');
      // Answered now: nothing is said against the item any more.
      await expect(page.getByText('不合格项须描述发现的隐患').count()).resolves.toBe(0);
      await expect(page.getByText('必填').count()).resolves.toBe(0);
      await expectAccessible(page, 'sheet filled');
      await expectNoRawText(page, { where: 'sheet filled' });
      expect(await overflowingElements(page), 'sheet filled').toEqual([]);
      // The submit button stays in reach of the thumb, inside the screen.
      const submitBox = await page.getByRole('button', { name: '提交' }).boundingBox();
      expect(submitBox!.y + submitBox!.height).toBeLessThanOrEqual(844);
      expect(submitBox!.height).toBeGreaterThanOrEqual(48);
      await page.screenshot({ path: screenshotPath('field-self-inspection'), fullPage: true });
      await page.getByRole('button', { name: '提交' }).click();
      await page.getByText('自查记录已提交').waitFor();

      const [record] = await q(
        'select id, level, unit_name, frequency, items_count, failed_count from self_inspections',
      );
      expect(record).toMatchObject({
        level: 'area',
        unit_name: '二号车间',
        frequency: 'daily',
        items_count: 3,
        failed_count: 1,
      });
      const [item] = await q("select id from checklist_items where content like '配电箱门%'");
      const hazards = await q(
        'select source, source_ref, checklist_item_id, description, location, lat, lng from general_hazards',
      );
      expect(hazards).toEqual([
        {
          source: 'self_inspection',
          source_ref: record.id,
          checklist_item_id: item.id,
          description: '配电箱门关闭上锁，无裸露线缆：配电箱门未上锁，线缆裸露',
          location: '二号车间东侧配电箱',
          lat: 30.5058,
          lng: 114.4181,
        },
      ]);
      // Home again: the sheet is done for the period, the hazard waits to be rectified.
      await tasks.getByText('本期已完成').waitFor();
      await expect(tasks.getByRole('link', { name: '开始自查 二号车间 每日' }).count()).resolves.toBe(0);
      await page
        .getByTestId('field-to-rectify')
        .getByText(/配电箱门未上锁/)
        .waitFor();
      expect(await overflowingElements(page)).toEqual([]);

      // The monthly sheet in English: every string has its English, no key shows.
      // On a phone the language switch is an icon (the language's name would push the title off the bar).
      await page.getByRole('button', { name: '界面语言' }).click();
      await page.getByRole('menuitem', { name: 'English' }).click();
      await tasks.getByRole('link', { name: 'Start 全厂 Monthly' }).click();
      await page.getByRole('heading', { name: 'Self-Inspection Sheet', level: 1 }).waitFor();
      await page.getByText('Enterprise checklist · 全厂 · Monthly').waitFor();
      await expectAccessible(page, 'sheet in English');
      await expectNoRawText(page, { where: 'sheet in English' });
      expect(await overflowingElements(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await ctx.close();
    }
  });
});
