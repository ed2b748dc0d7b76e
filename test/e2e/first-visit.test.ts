import type { Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '../api/harness.js';
import { screenshotPath } from './browser.js';
import { expectAccessible, expectNoRawText, overflowingElements, watchConsole } from './checks.js';
import { startStack, type Stack } from './stack.js';

/**
 * A first visit as a district office would make it: the login page comes at once with the deployment's face, asks
 * nothing that fails, logs no error, and logs in; a wrong password is said beside the form.
 */
describe('first visit', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({
      harness: {
        config: {
          BRAND_SYSTEM_NAME: '重大事故隐患挂牌督办系统',
          BRAND_AUTHORITY: '测试市安全生产委员会办公室',
          BRAND_ICP: '鄂ICP备2026000001号-1',
          BRAND_PSB: '鄂公网安备42011102000001号',
        },
      },
    });
  });
  afterAll(() => s?.stop());

  for (const phone of [false, true])
    it(`shows the login page with no failed request and no console error (${phone ? 'phone' : 'desktop'})`, async () => {
      const ctx = await s.context({ phone });
      const page = await ctx.newPage();
      const { errors } = watchConsole(page);
      const failed: string[] = [];
      const api: string[] = [];
      page.on('response', (r) => {
        if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
      });
      page.on('request', (r: Request) => {
        if (r.url().includes('/api/')) api.push(new URL(r.url()).pathname);
      });
      await page.goto(`${s.base}/`);
      await page.getByRole('button', { name: '登录' }).waitFor();
      expect(await page.title()).toBe('重大事故隐患挂牌督办系统 · 测试市安全生产委员会办公室');
      await page.getByRole('heading', { name: '重大事故隐患挂牌督办系统' }).waitFor();
      await page.getByText('鄂ICP备2026000001号-1').waitFor();
      expect(await page.getByRole('link', { name: '鄂ICP备2026000001号-1' }).getAttribute('href')).toBe(
        'https://beian.miit.gov.cn/',
      );
      // One question (who is logged in), answered 200: nothing refused, nothing retried.
      expect(api).toEqual(['/api/auth/session']);
      expect(failed).toEqual([]);
      await expectAccessible(page);
      await expectNoRawText(page);
      expect(await overflowingElements(page)).toEqual([]);
      await page.screenshot({ path: screenshotPath(`login-${phone ? 'phone' : 'desktop'}`), fullPage: true });

      // A wrong password is said on the form; the right one logs in to the home page.
      await page.getByLabel(/用户名/).fill('sup');
      await page.getByLabel(/密码/).fill('wrong-password');
      await page.getByRole('button', { name: '登录' }).click();
      await page
        .getByRole('alert')
        .filter({ hasText: /用户名或密码/ })
        .waitFor();
      await page.getByLabel(/密码/).fill(PASSWORD);
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByText('今日待办清单').waitFor();
      // The refused login is the only failed request of the visit.
      expect(failed.filter((f) => !f.endsWith('/api/auth/login'))).toEqual([]);
      expect(errors.filter((e) => !/401|Unauthorized/.test(e))).toEqual([]);
      await ctx.close();
    });

  it('answers who is logged in without a 401, before and after login', async () => {
    const before = await s.h.app.request('/api/auth/session');
    expect(before.status).toBe(200);
    expect(await before.json()).toEqual({ user: null });
    const login = await s.h.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ent', password: PASSWORD }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const after = await s.h.app.request('/api/auth/session', { headers: { cookie } });
    expect(((await after.json()) as { user: { username: string; role: string } }).user).toMatchObject({
      username: 'ent',
      role: 'enterprise',
    });
  });
});
