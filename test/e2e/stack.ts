import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PASSWORD, startDemoHarness, startHarness, type DemoHarness, type Harness } from '../api/harness.js';
import { ensureUiBuilt, launchChromium, uiDist } from './browser.js';
import { DESKTOP, PHONE } from './checks.js';

/**
 * One real stack (PostgreSQL, Temporal dev server, worker, API serving the built console) and one Chromium per
 * test file: starting them costs most of a browser test's time, so a file shares them between its tests.
 */
export interface StackOf<H> {
  h: H;
  base: string;
  browser: Browser;
  /** A fresh context (its own cookies) at desktop or phone size, in a browser far from Shanghai by default. */
  context(opts?: {
    phone?: boolean;
    timezoneId?: string;
    locale?: string;
    /** Another size than the default desk (checks.ts DESKTOP) or phone. */
    viewport?: { width: number; height: number };
  }): Promise<BrowserContext>;
  /** A new page of `ctx` logged in as `username` (the harness's password), on its home page. */
  login(ctx: BrowserContext, username: string): Promise<Page>;
  stop(): Promise<void>;
}
export type Stack = StackOf<Harness>;
/** The stack on the demo district `make dev` seeds: every role's users, cases in every state, scores, ledgers. */
export type DemoStack = StackOf<DemoHarness>;

export async function startStack(
  opts: { harness?: Parameters<typeof startHarness>[0] } = {},
): Promise<Stack> {
  ensureUiBuilt();
  const [h, browser] = await Promise.all([
    startHarness({ uiDir: uiDist, ...opts.harness }),
    launchChromium(),
  ]);
  return around(h, browser, () => PASSWORD);
}

export async function startDemoStack(): Promise<DemoStack> {
  ensureUiBuilt();
  const [h, browser] = await Promise.all([startDemoHarness({ uiDir: uiDist }), launchChromium()]);
  return around(h, browser, (username) => {
    const user = h.users.find((u) => u.username === username);
    if (!user) throw new Error(`no demo user ${username}`);
    return user.password;
  });
}

async function around<H extends Pick<Harness, 'app' | 'stop'>>(
  h: H,
  browser: Browser,
  passwordOf: (username: string) => string,
): Promise<StackOf<H>> {
  const server: ServerType = serve({ fetch: h.app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    h,
    base,
    browser,
    context: ({ phone = false, timezoneId = 'Europe/London', locale = 'zh-CN', viewport } = {}) =>
      browser.newContext({
        locale,
        timezoneId,
        viewport: viewport ?? (phone ? PHONE : DESKTOP),
        isMobile: phone,
        hasTouch: phone,
        deviceScaleFactor: phone ? 2 : 1,
        acceptDownloads: true,
      }),
    async login(ctx, username) {
      const page = await ctx.newPage();
      await page.goto(`${base}/`);
      await page.getByLabel(/用户名/).fill(username);
      await page.getByLabel(/密码/).first().fill(passwordOf(username));
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
