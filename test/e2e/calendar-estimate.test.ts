import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../api/harness.js';
import { screenshotPath } from './browser.js';
import { startStack, type Stack } from './stack.js';

/**
 * A running case whose deadline was estimated on weekends only (its year's holidays not entered): the administrator
 * is told the year and led to the calendar; the enterprise sees only the neutral mark 期限按周末规则估算, not an
 * instruction it cannot follow.
 */
describe('an estimated deadline on the case page', () => {
  let s: Stack;
  let caseId: string;

  beforeAll(async () => {
    s = await startStack();
    const sup = await loginAs(s.h.app, 'sup');
    const reported = await sup.post('/api/cases', {
      source: 'inspection',
      enterpriseId: s.h.ids.enterpriseId,
      regionCode: '420111',
      title: '期限估算测试隐患',
      description: '检查发现',
    });
    expect(reported.status).toBe(201);
    caseId = reported.body.id;
    // The workflow writes this sentence when a date falls in a year the calendar lacks (workflows/case.workflow.ts);
    // 2099 is far beyond any calendar the package or a test enters.
    await s.h.db.pool!.query(
      `update cases set view = jsonb_set(view, '{details,calendarWarning}',
         to_jsonb('日历缺少2099年节假日安排，相关期限按周末规则估算，待管理员补录后以正式日历为准'::text)) where id = $1`,
      [caseId],
    );
  });
  afterAll(async () => s?.stop());

  const open = async (ctx: BrowserContext, user: string) => {
    const page = await s.login(ctx, user);
    await page.goto(`${s.base}/#/cases/${caseId}/show`);
    await page.getByTestId('case-header').waitFor();
    return page;
  };

  it('tells the administrator the year to enter, with the way to the calendar', async () => {
    const ctx = await s.context();
    const page = await open(ctx, 'admin');
    const note = page.getByTestId('calendar-estimate');
    await expect(note.textContent()).resolves.toContain('2099年节假日安排尚未录入，相关期限按周末规则估算');
    await note.getByRole('link', { name: '待补录工作日历' }).waitFor();
    await page.screenshot({ path: screenshotPath('case-estimate-admin') });
    await ctx.close();
  });

  it('shows the enterprise and the supervisor only the neutral mark', async () => {
    for (const user of ['ent', 'sup']) {
      const ctx = await s.context({ phone: user === 'ent' });
      const page = await open(ctx, user);
      const note = page.getByTestId('calendar-estimate');
      await expect(note.textContent(), user).resolves.toBe('期限按周末规则估算');
      await expect(page.getByText(/待管理员补录|尚未录入/).count(), user).resolves.toBe(0);
      if (user === 'ent') await page.screenshot({ path: screenshotPath('case-estimate-enterprise') });
      await ctx.close();
    }
  });
});
