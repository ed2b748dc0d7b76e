import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../api/harness.js';
import { screenshotPath } from './browser.js';
import { expectAccessible, expectNoRawText, overflowingElements, watchConsole } from './checks.js';
import { startStack, type Stack } from './stack.js';

/**
 * Each role's daily pages, on a desk (1440×900) and on a 390×844 phone: every page loads without a console error,
 * has no serious accessibility violation (axe-core), shows no raw code or untranslated key, and on the phone
 * nothing is wider than the screen. The pages carry real cases driven through the real workflow.
 */
describe('daily paths of every role, desktop and phone', () => {
  let s: Stack;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    s = await startStack();
    const { h } = s;
    // People are shown with their units (accountability): the district's 安委办 and the enterprise's safety manager.
    await h.db.pool!.query(
      `update users set unit = '洪山区安委办', display_name = '张伟' where username = 'sup'`,
    );
    for (const [username, name] of [
      ['leader', '王强'],
      ['expert', '李明'],
      ['grid', '周敏'],
      ['ent', '陈静'],
    ])
      await h.db.pool!.query('update users set display_name = $2 where username = $1', [username, name]);
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
    ids.reported = await report('有限空间作业未执行审批');
    ids.listed = await report('除尘系统未采取泄爆措施');
    ids.escalated = await report('涉氨制冷车间采用氨直接蒸发制冷');
    const deadline = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    for (const id of [ids.listed, ids.escalated]) {
      expect(
        (
          await sup.post(`/api/cases/${id}/judge`, {
            decision: 'major',
            clauseId: h.ids.clauseId,
            reason: '符合判定标准',
          })
        ).status,
      ).toBe(200);
      expect(
        (
          await sup.post(`/api/cases/${id}/list`, {
            level: 'county',
            listingAuthority: '洪山区安全生产委员会',
            supervisingUnit: '洪山区应急管理局',
            rectificationDeadline: deadline,
            interimControls: ['stop_use'],
          })
        ).status,
      ).toBe(200);
    }
    // Published, the listed case waits for the enterprise's plan: a task the enterprise must do.
    expect(
      (
        await sup.post(`/api/cases/${ids.listed}/confirm-publication`, {
          kind: 'listing',
          publishedOn: new Date().toISOString().slice(0, 10),
          reference: '洪安办〔2026〕1号',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await sup.post(`/api/cases/${ids.escalated}/escalate`, {
          step: 'urging_letter',
          reason: '方案逾期未报',
        })
      ).status,
    ).toBe(200);
  });
  afterAll(() => s?.stop());

  /** Opens a page, waits until it has settled and the text is there, and runs every check on it. */
  async function check(page: Page, errors: string[], path: string, text: string | RegExp, name: string) {
    // `:listed` stands for the listed case's id, `:enterprise` for the enterprise's (known once the stack runs).
    path = path.replace(':listed', ids.listed!).replace(':enterprise', s.h.ids.enterpriseId);
    await page.goto(`${s.base}/#${path}`);
    await page.getByText(text).first().waitFor();
    await page.waitForLoadState('networkidle');
    await page
      .locator('.MuiLinearProgress-root')
      .waitFor({ state: 'detached' })
      .catch(() => {});
    await expectAccessible(page, `${name} ${path}`);
    await expectNoRawText(page, { where: `${name} ${path}` });
    const phone = (page.viewportSize()?.width ?? 0) < 600;
    if (phone) expect(await overflowingElements(page), `${name} ${path} wider than the phone`).toEqual([]);
    await page.screenshot({ path: screenshotPath(`daily-${name}`), fullPage: true });
    expect(errors, `${name} ${path}: console errors`).toEqual([]);
  }

  const roles: Array<{ user: string; pages: Array<[path: string, text: string | RegExp, name: string]> }> = [
    {
      user: 'sup',
      pages: [
        ['/', '今日待办清单', 'home'],
        ['/cases', '除尘系统未采取泄爆措施', 'cases'],
        ['/tasks', '有限空间作业未执行审批', 'tasks'],
        ['/escalations', '督办函', 'escalations'],
        ['/cases/create', '隐患名称', 'report'],
        ['/enterprises', '武汉测试机械制造有限公司1', 'enterprises'],
        ['/cases/:listed/show', '除尘系统未采取泄爆措施', 'case'],
        ['/enterprises/:enterprise/show', '武汉测试机械制造有限公司1', 'enterprise'],
      ],
    },
    {
      user: 'ent',
      pages: [
        ['/', '收到的督办', 'home'],
        ['/cases', '除尘系统未采取泄爆措施', 'cases'],
        ['/cases/:listed/show', '除尘系统未采取泄爆措施', 'case'],
        ['/cases/create', '隐患名称', 'report'],
      ],
    },
    { user: 'expert', pages: [['/', '我的待办', 'home']] },
    {
      user: 'grid',
      pages: [
        ['/', '我的待办', 'home'],
        ['/cases/create', '隐患名称', 'report'],
      ],
    },
    { user: 'leader', pages: [['/', '今日待办清单', 'home']] },
  ];

  for (const phone of [false, true])
    for (const role of roles)
      it(`${role.user} on a ${phone ? 'phone' : 'desktop'}`, async () => {
        const ctx: BrowserContext = await s.context({ phone });
        try {
          const page = await s.login(ctx, role.user);
          const { errors } = watchConsole(page);
          for (const [path, text, name] of role.pages)
            await check(page, errors, path, text, `${role.user}-${phone ? 'phone' : 'desktop'}-${name}`);
        } finally {
          await ctx.close();
        }
      });

  it('names the person and unit who must act, and the case every task and escalation belongs to', async () => {
    const ctx = await s.context();
    try {
      const page = await s.login(ctx, 'sup');
      await page.goto(
        `${s.base}/#/tasks?filter=${encodeURIComponent(JSON.stringify({ status: 'open', mine: false }))}`,
      );
      await page.getByTestId('tasks-by-case').waitFor();
      await page.screenshot({ path: screenshotPath('daily-tasks-all'), fullPage: true });
      // A supervisors' task names the unit whose supervisors must act.
      await page.locator(`[data-case-id="${ids.reported}"]`).getByText('承办：洪山区（监管人员）').waitFor();
      // The timeline names the person and the unit who acted, not only the role.
      const events = await (
        await loginAs(s.h.app, 'sup')
      ).get(`/api/case-events?filter=${encodeURIComponent(JSON.stringify({ caseId: ids.listed }))}`);
      const judged = events.body.find((e: { type: string }) => e.type === 'judged');
      expect(judged).toMatchObject({ actorName: '张伟', actorUnit: '洪山区安委办' });
      // A case's tasks, as its page lists them for a supervisor, include the enterprise's, naming the enterprise.
      const caseTasks = await (
        await loginAs(s.h.app, 'sup')
      ).get(
        `/api/tasks?filter=${encodeURIComponent(JSON.stringify({ caseId: ids.listed, status: 'open' }))}`,
      );
      expect(caseTasks.body).toContainEqual(
        expect.objectContaining({
          kind: 'submit_plan',
          assigneeUnit: '武汉测试机械制造有限公司1',
          caseNo: expect.any(Number),
        }),
      );
      await page.goto(`${s.base}/#/escalations`);
      await page
        .getByText(/ZD-\d{6}/)
        .first()
        .waitFor();
      await page.getByText('涉氨制冷车间采用氨直接蒸发制冷').first().waitFor();

      // Home figures and bars open the list of exactly what they count.
      await page.goto(`${s.base}/#/`);
      await page.getByText('今日待办清单').waitFor();
      await page.getByTestId('dashboard.open_escalations').click();
      await page.getByText('方案逾期未报').waitFor();
      expect(page.url()).toContain('escalations');
    } finally {
      await ctx.close();
    }
  });
});
