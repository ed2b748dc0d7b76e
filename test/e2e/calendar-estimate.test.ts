import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { addCalendarDays, shanghaiDate, yearsFromChineseDays } from '../../domain/calendar.js';
import { DEFAULT_POLICY } from '../../domain/policy.js';
import { loginAs } from '../api/harness.js';
import { screenshotPath } from './browser.js';
import { startStack, type Stack } from './stack.js';

/**
 * A running case whose deadline was estimated on weekends only (its year's holidays not entered): the administrator
 * is told the year and led to the calendar; the enterprise sees only the neutral mark 期限按周末规则估算, not an
 * instruction it cannot follow.
 */
/** The first year the `chinese-days` package does not know. */
const UNKNOWN = Math.max(...yearsFromChineseDays(chineseDays).map((y) => y.year)) + 1;
const today = () => shanghaiDate(new Date());

describe('an estimated deadline on the case page', () => {
  let s: Stack;
  let caseId: string;

  beforeAll(async () => {
    s = await startStack();
    // The estimate arises as it does in use: the district's policy gives plans 30 working days, so a case listed
    // in December has its plan deadline in the year the calendar does not know yet.
    const admin = await loginAs(s.h.app, 'admin');
    const policy = await admin.post('/api/policies', {
      regionCode: '420111',
      effectiveFrom: today(),
      body: { ...structuredClone(DEFAULT_POLICY), planWithin: { amount: 30, unit: 'working' } },
    });
    expect(policy.status, JSON.stringify(policy.body)).toBe(201);
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
    const judged = await sup.post(`/api/cases/${caseId}/judge`, {
      decision: 'major',
      clauseId: s.h.ids.clauseId,
      reason: '符合判定标准',
    });
    expect(judged.status).toBe(200);
    const listed = await sup.post(`/api/cases/${caseId}/list`, {
      level: 'county',
      listingAuthority: '洪山区安委办',
      supervisingUnit: '洪山区应急管理局',
      rectificationDeadline: addCalendarDays(today(), 120),
      interimControls: ['stop_use'],
    });
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    expect(listed.body.view.details.calendarEstimate).toEqual({ years: [UNKNOWN] });
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
    await expect(note.textContent()).resolves.toContain(
      `${UNKNOWN}年节假日安排尚未录入，相关期限按周末规则估算`,
    );
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

  it('is gone once the administrator enters the year: the deadline is on the official calendar', async () => {
    const admin = await loginAs(s.h.app, 'admin');
    const saved = await admin.post('/api/calendar-years', {
      year: UNKNOWN,
      source: `国务院办公厅关于${UNKNOWN}年部分节假日安排的通知（测试数据）`,
      holidays: [{ name: '元旦', start: `${UNKNOWN}-01-01`, end: `${UNKNOWN}-01-01`, makeUpDays: [] }],
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    expect(saved.body.recompute).toEqual({ cases: 1 });
    const ctx = await s.context({ phone: true });
    const page = await s.login(ctx, 'ent');
    await expect
      .poll(
        async () => {
          await page.goto(`${s.base}/#/cases/${caseId}/show`);
          await page.getByTestId('case-header').waitFor();
          return page.getByTestId('calendar-estimate').count();
        },
        { timeout: 15_000 },
      )
      .toBe(0);
    await ctx.close();
  });
});
