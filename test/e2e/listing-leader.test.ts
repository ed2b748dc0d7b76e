import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../db/client.js';
import { hashPassword } from '../../db/password.js';
import { loginAs, PASSWORD } from '../api/harness.js';
import { screenshotPath } from './browser.js';
import { expectAccessible, overflowingElements } from './checks.js';
import { startStack, type Stack } from './stack.js';

const shanghaiDate = (daysAhead: number) =>
  new Date(Date.now() + daysAhead * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

/**
 * 包案领导 chosen in the console's 挂牌督办 form (issue #12), at desk and phone size, against the real stack: the picker
 * offers the active leaders over the chosen listing level's region with their region, asks again when the level
 * changes (a city listing offers no district leader), the form refuses to send without one, and the case page names
 * the leader chosen.
 */
describe('the 包案领导 picker of the 挂牌督办 form', () => {
  let s: Stack;
  const caseIds: string[] = [];

  beforeAll(async () => {
    s = await startStack();
    const { db } = s.h.db;
    const hash = await hashPassword(PASSWORD);
    await db.insert(schema.users).values([
      {
        username: 'leader-city',
        displayName: '市领导赵',
        role: 'leader',
        regionCode: '420100',
        passwordHash: hash,
      },
      {
        username: 'leader-retired',
        displayName: '原区长孙',
        role: 'leader',
        regionCode: '420111',
        active: false,
        passwordHash: hash,
      },
    ]);
    for (const [username, displayName] of [
      ['sup', '张监管'],
      ['leader', '李区长'],
    ])
      await db.update(schema.users).set({ displayName }).where(eq(schema.users.username, username!));
    const sup = await loginAs(s.h.app, 'sup');
    for (const title of ['粉尘涉爆除尘器未设泄爆装置', '液氨储罐区未设置泄漏报警']) {
      const created = await sup.post('/api/cases', {
        source: 'inspection',
        enterpriseId: s.h.ids.enterpriseId,
        regionCode: '420111',
        title,
        description: '执法检查发现',
      });
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      const judged = await sup.post(`/api/cases/${id}/judge`, {
        decision: 'major',
        reason: '符合判定标准',
        clauseId: s.h.ids.clauseId,
      });
      expect(judged.status).toBe(200);
      caseIds.push(id);
    }
  }, 300_000);
  afterAll(async () => s?.stop());

  it.each([
    ['desk', false, 0],
    ['phone', true, 1],
  ])(
    'at %s size: choose the leader, change the level, list, and the case page names the leader',
    async (size, phone, i) => {
      const ctx = await s.context({ phone });
      const page = await s.login(ctx, 'sup');
      await page.goto(`${s.base}/#/cases/${caseIds[i]}/show`);
      await page.getByTestId('case-header').waitFor();
      await page.locator('[data-action="list"]').click();
      const d = page.getByRole('dialog');
      await d.waitFor();
      await d.getByLabel('挂牌单位').fill('洪山区安委办');
      await d.getByLabel('督办单位').fill('洪山区应急管理局');
      await d
        .getByRole('group', { name: /整改期限/ })
        .first()
        .click();
      await page.keyboard.type(shanghaiDate(60).replace(/-/g, ''));
      await d.getByLabel('停止使用').check();
      // Not sent without a leader: the form says so beside the picker.
      await d.getByRole('button', { name: '提交' }).click();
      await d.getByText('请选择包案领导').waitFor();

      // 县级 (the default): the district's active leader and the city's, each with their region; not the retired one.
      const leader = d.getByRole('combobox', { name: '包案领导' });
      // The refused submit left the focus in the picker (its list may be open already): ArrowDown opens it either way.
      const openLeaders = async () => {
        await leader.focus();
        await leader.press('ArrowDown');
      };
      await openLeaders();
      const options = page.getByRole('option');
      await options.first().waitFor();
      expect(await options.allTextContents()).toEqual(['市领导赵（武汉市）', '李区长（洪山区）']);
      if (phone) expect(await overflowingElements(page)).toEqual([]);
      await expectAccessible(page, `listing form (${size})`);
      await page.screenshot({ path: screenshotPath(`listing-leader-${size}`) });
      await page.getByRole('option', { name: '李区长（洪山区）' }).click();
      await expect(leader.inputValue()).resolves.toBe('李区长（洪山区）');

      // 市级: asked again; the district leader is not one of the city's, so the choice is cleared.
      await d.getByRole('combobox', { name: '挂牌层级' }).click();
      await page.getByRole('option', { name: '市级' }).click();
      await expect.poll(() => leader.inputValue()).toBe('');
      await openLeaders();
      await page.getByRole('option', { name: '市领导赵（武汉市）' }).waitFor();
      expect(await page.getByRole('option').allTextContents()).toEqual(['市领导赵（武汉市）']);
      // Back to 县级, listed by the district: the desk names the district's leader, the phone the city's (a leader
      // above the listing region may own the case too).
      const named = phone ? '市领导赵' : '李区长';
      await page.keyboard.press('Escape');
      await d.getByRole('combobox', { name: '挂牌层级' }).click();
      await page.getByRole('option', { name: '县级' }).click();
      await openLeaders();
      await page.getByRole('option', { name: new RegExp(`^${named}（`) }).click();
      await d.getByRole('button', { name: '提交' }).click();
      await d.waitFor({ state: 'detached' });
      await page
        .getByTestId('case-header')
        .getByTestId('status-chip')
        .filter({ hasText: '已挂牌' })
        .waitFor();
      await page.getByText(named, { exact: true }).waitFor();
      await expect(page.locator('#main-content').textContent()).resolves.toContain('包案领导');
      if (phone) expect(await overflowingElements(page)).toEqual([]);
      await page.screenshot({ path: screenshotPath(`listing-leader-listed-${size}`), fullPage: true });
      const [row] = await s.h.db.db.select().from(schema.cases).where(eq(schema.cases.id, caseIds[i]!));
      const [chosen] = await s.h.db.db
        .select({ displayName: schema.users.displayName })
        .from(schema.users)
        .where(eq(schema.users.id, row!.owningLeaderId!));
      expect([row!.level, chosen?.displayName]).toEqual(['county', named]);
      await ctx.close();
    },
  );
});
