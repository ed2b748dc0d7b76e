import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../db/client.js';
import { hashPassword } from '../../db/password.js';
import { PASSWORD, loginAs } from '../api/harness.js';
import { screenshotPath } from './browser.js';
import { expectAccessible, expectNoRawText, overflowingElements, watchConsole } from './checks.js';
import { startStack, type Stack } from './stack.js';

/**
 * The case page and its command forms as a district office uses them: the next step stands out and 撤销 does not;
 * the enterprise opens its 一企一档; the judgement's clause (with its standard) and reason are shown; an overdue
 * task is flagged; the clause picker lists clauses before anything is typed. The forms mark what is required and
 * say their limits before a submit (earliest date, accepted files), refuse a past date beside the field, take a
 * PNG for the plan, pick dates as yyyy-MM-dd, and on a 390×844 phone fill the screen with 提交 in reach. A raise of
 * the listing (提级督办) shows on the case page as its record: levels, units, by whom, the day, the reason.
 */
describe('case page and command forms', () => {
  let s: Stack;
  const ids: Record<string, string> = {};
  const day = (n: number) => new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
  // A 1×1 PNG: a photographed, signed plan page.
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  );

  beforeAll(async () => {
    s = await startStack();
    const { h } = s;
    await h.db.pool!.query(
      `update users set display_name = '张伟', unit = '洪山区安委办' where username = 'sup'`,
    );
    const sup = await loginAs(h.app, 'sup');
    const report = async (title: string) =>
      (
        await sup.post('/api/cases', {
          source: 'inspection',
          enterpriseId: h.ids.enterpriseId,
          regionCode: '420111',
          title,
          description: '执法检查发现',
        })
      ).body.id as string;
    ids.reported = await report('铝镁粉尘除尘器未设泄爆口');
    ids.listed = await report('除尘系统未采取泄爆措施');
    expect(
      (
        await sup.post(`/api/cases/${ids.listed}/judge`, {
          decision: 'major',
          clauseId: h.ids.clauseId,
          reason: '现场核实除尘器无泄爆装置，符合第十二条（二）',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await sup.post(`/api/cases/${ids.listed}/list`, {
          level: 'county',
          listingAuthority: '洪山区安全生产委员会',
          supervisingUnit: '洪山区应急管理局',
          rectificationDeadline: day(60),
          interimControls: ['stop_use'],
        })
      ).status,
    ).toBe(200);
    // The publication task's day has passed (as it would a week on): the case page flags it.
    await h.db.pool!.query(
      `update tasks set due_at = now() - interval '2 days' where case_id = $1 and kind = 'publish_listing'`,
      [ids.listed],
    );
  });
  afterAll(() => s?.stop());

  async function settle(page: Page) {
    await page.waitForLoadState('networkidle');
    await page
      .locator('.MuiLinearProgress-root')
      .waitFor({ state: 'detached' })
      .catch(() => {});
  }

  it('shows a supervisor the next step first, the judgement, the enterprise link and the overdue task', async () => {
    const ctx = await s.context();
    try {
      const page = await s.login(ctx, 'sup');
      const { errors } = watchConsole(page);
      await page.goto(`${s.base}/#/cases/${ids.listed}/show`);
      const actions = page.getByTestId('case-actions');
      await actions.locator('button').first().waitFor();
      // The first button is the case's next step, contained; 撤销 is last, a text button.
      const buttons = await actions.locator('button').evaluateAll((bs) =>
        bs.map((b) => ({
          action: b.getAttribute('data-action'),
          contained: b.className.includes('MuiButton-contained'),
        })),
      );
      expect(buttons[0]).toEqual({ action: 'confirm-publication', contained: true });
      expect(buttons.at(-1)).toEqual({ action: 'withdraw', contained: false });
      expect(buttons.filter((b) => b.contained)).toHaveLength(1);

      const judgement = page.getByTestId('case-judgement');
      await judgement.getByText('现场核实除尘器无泄爆装置，符合第十二条（二）').waitFor();
      await judgement.getByText(/《工贸企业重大事故隐患判定标准》第十二条（二）/).waitFor();
      await judgement.getByText(/重大事故隐患（张伟/).waitFor();
      await settle(page);
      await expectAccessible(page, 'case summary');
      await expectNoRawText(page);
      await page.screenshot({ path: screenshotPath('case-page-sup-desktop'), fullPage: true });

      await page.getByRole('tab', { name: '任务' }).click();
      const overdueRow = page.getByRole('row').filter({ hasText: '挂牌公示' });
      await overdueRow.getByTestId('task-overdue').waitFor();
      await page.getByRole('row').filter({ hasText: '提交整改方案' }).getByText('武汉测试').waitFor();
      expect(
        await page.getByRole('row').filter({ hasText: '提交整改方案' }).getByTestId('task-overdue').count(),
      ).toBe(0);
      await expectAccessible(page, 'case tasks');

      await page.getByRole('tab', { name: '办理记录' }).click();
      await page.getByRole('row').filter({ hasText: '研判认定' }).getByText('张伟（洪山区安委办）').waitFor();
      await expectNoRawText(page);

      await page.getByRole('tab', { name: '概况' }).click();
      await page.getByTestId('case-enterprise-link').click();
      await page.waitForURL(new RegExp(`/enterprises/${s.h.ids.enterpriseId}/show`));
      expect(errors).toEqual([]);
    } finally {
      await ctx.close();
    }
  });

  it('lists clauses, each with its standard, as soon as the picker opens', async () => {
    const ctx = await s.context();
    try {
      const page = await s.login(ctx, 'sup');
      await page.goto(`${s.base}/#/cases/${ids.reported}/show`);
      await page.locator('[data-action="judge"]').click();
      const dialog = page.getByRole('dialog');
      await dialog
        .getByLabel(/判定标准条款/)
        .first()
        .click();
      const option = page.getByRole('option').filter({ hasText: '第十二条（二）' });
      await option.waitFor();
      expect(await option.textContent()).toContain('（工贸企业重大事故隐患判定标准）');
      await expectAccessible(page, 'judge dialog');
      await page.keyboard.press('Escape');
    } finally {
      await ctx.close();
    }
  });

  it('lets the enterprise send its plan from a phone: marks, limits, yyyy-MM-dd, a PNG taken, a past date refused', async () => {
    const ctx: BrowserContext = await s.context({ phone: true });
    try {
      const page = await s.login(ctx, 'ent');
      const { errors } = watchConsole(page);
      await page.goto(`${s.base}/#/cases/${ids.listed}/show`);
      await page.locator('[data-action="submit-plan"]').waitFor();
      await settle(page);
      expect(await overflowingElements(page), 'case page wider than the phone').toEqual([]);
      await expectAccessible(page, 'enterprise case page (phone)');
      await expectNoRawText(page);
      await page.screenshot({ path: screenshotPath('case-page-ent-phone'), fullPage: true });

      await page.locator('[data-action="submit-plan"]').click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('提交整改方案').first().waitFor();
      // 提交 is on the screen without scrolling: the dialog fills the phone and keeps its buttons at the bottom.
      const submit = dialog.getByRole('button', { name: '提交' });
      const box = (await submit.boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(844);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      // Required fields are marked, and the limits are said before any submit.
      await dialog.getByText(/整改措施\s*\*/).waitFor();
      await dialog.getByText(`不早于 ${day(1)}`).waitFor();
      await dialog.getByText('点击选择文件，或将文件拖到这里（可多选）').waitFor();
      await dialog
        .getByText(/可上传：PDF、Word（DOC、DOCX）或图片（JPG、PNG、WebP）/)
        .first()
        .waitFor();
      expect(await overflowingElements(page), 'plan dialog wider than the phone').toEqual([]);
      await expectAccessible(page, 'plan dialog (phone)');
      await expectNoRawText(page);

      // A date is typed and shown as yyyy-MM-dd; yesterday is refused beside the field, before anything is sent.
      const date = dialog
        .getByRole('group', { name: /完成时限/ })
        .or(dialog.getByLabel(/完成时限/))
        .first();
      await date.click();
      await page.keyboard.type(day(-1).replace(/-/g, ''));
      expect(await dialog.locator('input[name="timeLimit"]').inputValue()).toBe(day(-1));
      await dialog.locator('input[type="file"]').setInputFiles({
        name: '整改方案签字页.png',
        mimeType: 'image/png',
        buffer: png,
      });
      await dialog.getByText('整改方案签字页.png').waitFor();
      expect(await dialog.getByTestId('upload-refused').count()).toBe(0);
      const sent: string[] = [];
      page.on('request', (r) => {
        if (r.method() === 'POST') sent.push(new URL(r.url()).pathname);
      });
      await submit.click();
      await dialog.getByText(`完成时限必须晚于今天（${day(0)}）`).waitFor();
      expect(sent).toEqual([]);
      await page.screenshot({ path: screenshotPath('plan-dialog-phone'), fullPage: false });
      expect(errors).toEqual([]);
    } finally {
      await ctx.close();
    }
  });

  it('提级督办: the city raises from the case page; the raise is listed there, on a desk and a 390×844 phone, in both languages', async () => {
    const { h } = s;
    await h.db.db.insert(schema.users).values({
      username: 'sup-city',
      displayName: '王市监',
      unit: '武汉市安委办',
      role: 'supervisor',
      regionCode: '420100',
      passwordHash: await hashPassword(PASSWORD),
    });
    const sup = await loginAs(h.app, 'sup');
    const id = (
      await sup.post('/api/cases', {
        source: 'inspection',
        enterpriseId: h.ids.enterpriseId,
        regionCode: '420111',
        title: '涉爆粉尘除尘系统未设锁气卸灰装置',
        description: '执法检查发现',
      })
    ).body.id as string;
    const step = async (path: string, body: unknown) =>
      expect((await sup.post(`/api/cases/${id}/${path}`, body)).status, path).toBe(200);
    await step('judge', { decision: 'major', clauseId: h.ids.clauseId, reason: '符合判定标准' });
    await step('list', {
      level: 'county',
      listingAuthority: '洪山区安全生产委员会',
      supervisingUnit: '洪山区应急管理局',
      rectificationDeadline: day(60),
      interimControls: ['stop_use'],
    });

    const desk = await s.context();
    try {
      const page = await s.login(desk, 'sup-city');
      const { errors } = watchConsole(page);
      await page.goto(`${s.base}/#/cases/${id}/show`);
      await page.locator('[data-action="raise-level"]').waitFor();
      await settle(page);
      // No raise yet: no record of raises.
      expect(await page.getByTestId('case-level-raises').count()).toBe(0);
      await page.locator('[data-action="raise-level"]').click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel(/提级理由/).fill('经督办、约谈仍未整改，市级提级督办');
      await dialog.getByRole('button', { name: '提交' }).click();
      await dialog.waitFor({ state: 'detached' });
      const raises = page.getByTestId('case-level-raises');
      await raises.getByText('县级 → 市级').waitFor();
      const raise = raises.getByTestId('case-level-raise');
      expect(await raise.count()).toBe(1);
      const pairs = await raise
        .locator('dt')
        .evaluateAll((dts) => dts.map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]));
      expect(pairs).toEqual([
        ['挂牌单位', '武汉市安委办'],
        ['督办单位', '武汉市安委办'],
        ['原挂牌单位', '洪山区安全生产委员会'],
        ['决定人', '王市监'],
        ['提级日期', day(0)], // the Shanghai day, though this browser is in London
        ['提级理由', '经督办、约谈仍未整改，市级提级督办'],
      ]);
      await settle(page);
      await expectAccessible(page, 'case level raises');
      await expectNoRawText(page);
      await page.screenshot({ path: screenshotPath('case-level-raise-desktop'), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await desk.close();
    }

    // The district office, on a phone: it reads the case and its raise; nothing wider than the screen.
    const phone = await s.context({ phone: true });
    try {
      const page = await s.login(phone, 'sup');
      const { errors } = watchConsole(page);
      await page.goto(`${s.base}/#/cases/${id}/show`);
      const raises = page.getByTestId('case-level-raises');
      await raises.getByText('提级督办记录').waitFor();
      await raises.getByText('县级 → 市级').waitFor();
      await raises.getByText('经督办、约谈仍未整改，市级提级督办').waitFor();
      await settle(page);
      expect(await overflowingElements(page), 'case page wider than the phone').toEqual([]);
      const box = (await raises.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      await expectAccessible(page, 'case level raises (phone)');
      await expectNoRawText(page);
      await page.screenshot({ path: screenshotPath('case-level-raise-phone'), fullPage: true });

      await page.getByRole('button', { name: '界面语言' }).click();
      await page.getByRole('menuitem', { name: 'English' }).click();
      await raises.getByText('Listing level raises').waitFor();
      await raises.getByText('County → City').waitFor();
      expect(await raises.locator('dt').evaluateAll((dts) => dts.map((dt) => dt.textContent))).toEqual([
        'Listing authority',
        'Supervising unit',
        'Previous listing authority',
        'Raised by',
        'Date',
        'Reason',
      ]);
      await raises.getByText(day(0)).waitFor();
      expect(await overflowingElements(page), 'English case page wider than the phone').toEqual([]);
      await expectAccessible(page, 'case level raises in English (phone)');
      await expectNoRawText(page, { where: 'case level raises in English' });
      expect(errors).toEqual([]);
    } finally {
      await phone.close();
    }
  });
});
