import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PASSWORD, startHarness, type Harness } from '../api/harness.js';
import { ensureUiBuilt, launchChromium, uiDist } from './browser.js';
import { DESKTOP, PHONE } from './checks.js';

/**
 * One real stack (PostgreSQL, Temporal dev server, worker, API serving the built console) and one Chromium per
 * test file: starting them costs most of a browser test's time, so a file shares them between its tests.
 */
export interface Stack {
  h: Harness;
  base: string;
  browser: Browser;
  /** A fresh context (its own cookies) at desktop or phone size, in a browser far from Shanghai by default. */
  context(opts?: { phone?: boolean; timezoneId?: string; locale?: string }): Promise<BrowserContext>;
  /** A new page of `ctx` logged in as `username` (the harness's password), on its home page. */
  login(ctx: BrowserContext, username: string): Promise<Page>;
  stop(): Promise<void>;
}

export async function startStack(
  opts: { harness?: Parameters<typeof startHarness>[0] } = {},
): Promise<Stack> {
  ensureUiBuilt();
  const [h, browser] = await Promise.all([
    startHarness({ uiDir: uiDist, ...opts.harness }),
    launchChromium(),
  ]);
  const server: ServerType = serve({ fetch: h.app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    h,
    base,
    browser,
    context: ({ phone = false, timezoneId = 'Europe/London', locale = 'zh-CN' } = {}) =>
      browser.newContext({
        locale,
        timezoneId,
        viewport: phone ? PHONE : DESKTOP,
        isMobile: phone,
        hasTouch: phone,
        deviceScaleFactor: phone ? 2 : 1,
        acceptDownloads: true,
      }),
    async login(ctx, username) {
      const page = await ctx.newPage();
      await page.goto(`${base}/`);
      await page.getByLabel(/用户名/).fill(username);
      await page.getByLabel(/密码/).first().fill(PASSWORD);
      await page.getByRole('button', { name: /登录/ }).click();
      await page.locator('#main-content').waitFor();
      return page;
    },
    async stop() {
      // A CSP violation seen by any page fails the file (browser.ts), after everything is stopped.
      const closed = browser.close().then(
        () => undefined,
        (err: unknown) => err,
      );
      await new Promise((r) => server.close(r));
      await h.stop();
      const err = await closed;
      if (err instanceof Error && err.message.includes('Content-Security-Policy')) throw err;
    },
  };
}
