import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifiedWrites } from '../helpers/audit.js';
import { screenshotPath, uiDist, ensureUiBuilt } from './browser.js';
import { expectAccessible, expectNoRawText, overflowingElements, watchConsole } from './checks.js';
import { PHOTO, phoneContext, seedPatrolDue } from './field-setup.js';
import { startStack, type Stack } from './stack.js';

/** Every path the service worker's precache holds, and the URLs of every cache (none may be an API answer). */
const cachedPaths = (page: Page) =>
  page.evaluate(async () => {
    const out: Record<string, string[]> = {};
    for (const name of await caches.keys()) {
      const c = await caches.open(name);
      out[name] = (await c.keys()).map((r) => new URL(r.url).pathname);
    }
    return out;
  });

/**
 * With no network at all, on a 390×844 phone, against the real stack serving the built console: the service worker
 * (admin-ui/src/sw.ts, vite-plugin-pwa) keeps every file of the build, so a grid member who used the console once
 * opens it again in a basement — home page and the report form, straight from the address — makes a report there,
 * and it is sent once when the network returns; nothing of /api is ever cached. A new deploy's worker replaces the
 * old one and the page reloads onto it. A rectification whose answer was lost, sent again after its key expired, is
 * answered as done (not refused) and is recorded once.
 */
describe('the on-site pages with no network at all', () => {
  let s: Stack;
  /** The console this stack serves: a copy of the build, so the test can deploy a "new version" into it. */
  let ui: string;
  let enterpriseName: string;
  const q = async (sql: string, params: unknown[] = []) => (await s.h.db.pool!.query(sql, params)).rows;
  let ctx: BrowserContext;

  beforeAll(async () => {
    ensureUiBuilt();
    ui = mkdtempSync(path.join(os.tmpdir(), 'duban-ui-'));
    cpSync(uiDist, ui, { recursive: true });
    s = await startStack({ harness: { uiDir: ui } });
    ({ enterpriseName } = await seedPatrolDue(s, { code: 'HS-OFF', name: '洪山离线网格' }));
  });
  afterAll(async () => {
    await ctx?.close();
    await s?.stop();
    if (ui) rmSync(ui, { recursive: true, force: true });
  });

  it('opens with no network, takes a report there, and sends it once when the network returns', async () => {
    ctx = await phoneContext(s);
    // Once with network: log in, the home page lists today's patrols (and keeps what the forms will need).
    const first = await s.login(ctx, 'grid');
    await first.getByTestId('patrols-due').getByText(enterpriseName).waitFor();
    await first.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
      timeout: 30_000,
    });
    await first.waitForFunction(() => localStorage.getItem('duban-field-units') !== null);
    // The precache holds every file of the build (the worker itself aside), and nothing else.
    const built = ['/index.html', ...readdirSync(path.join(ui, 'assets')).map((f) => `/assets/${f}`)].sort();
    await expect
      .poll(async () => Object.values(await cachedPaths(first)).flat().length, { timeout: 30_000 })
      .toBe(built.length);
    const caches1 = await cachedPaths(first);
    expect(Object.values(caches1).flat().sort()).toEqual(built);
    await first.close();

    // In the basement: no network at all, and the console is started again, at its home and at a form's address.
    await ctx.setOffline(true);
    const page = await ctx.newPage();
    const { errors } = watchConsole(page);
    // What the server answered to reports: once, and only once the network is back.
    const answered: number[] = [];
    page.on('response', (r) => {
      if (r.request().method() === 'POST' && r.url().endsWith('/api/general-hazards'))
        answered.push(r.status());
    });
    await page.goto(`${s.base}/`);
    await page.getByTestId('field-today').waitFor();
    await page.getByTestId('outbox').getByText('当前无网络').waitFor();
    await page.getByTestId('patrols-due').getByText(enterpriseName).waitFor();
    await expect(page.getByLabel(/用户名/).count()).resolves.toBe(0);
    await expectAccessible(page, 'home started offline');
    await expectNoRawText(page, { where: 'home started offline' });
    expect(await overflowingElements(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('field-started-offline'), fullPage: true });

    // (The console's routes are after the #.)
    await page.goto(`${s.base}/#/field/report`);
    await page.getByRole('heading', { name: '上报隐患（拍照、定位）', level: 1 }).waitFor();
    await page
      .getByTestId('gps')
      .getByText(/已定位/)
      .waitFor();
    const description = '地下室消防通道堆放杂物';
    await page.getByLabel(/^企业/).click();
    await page.getByRole('option', { name: enterpriseName }).click();
    await page.getByLabel(/^隐患描述/).fill(description);
    await page.getByLabel('隐患部位').fill('地下一层');
    await page.getByTestId('photo-input').setInputFiles(PHOTO);
    await page.getByRole('img', { name: '第 1 张照片' }).waitFor();
    await expectAccessible(page, 'report form offline');
    expect(await overflowingElements(page)).toEqual([]);
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByText('当前无网络：记录已保存在手机上，联网后自动发送').waitFor();
    await page.getByTestId('outbox-count').getByText('1 条记录待发送').waitFor();
    expect(await q('select id from general_hazards where description = $1', [description])).toEqual([]);

    // The network returns: the record goes once, with its photo.
    await ctx.setOffline(false);
    await page.getByTestId('outbox').waitFor({ state: 'detached', timeout: 30_000 });
    const hazards = await q(
      'select id, lat, lng, source, client_id from general_hazards where description = $1',
      [description],
    );
    expect(hazards).toEqual([
      {
        id: expect.any(String),
        lat: 30.5058,
        lng: 114.4181,
        source: 'grid_patrol',
        client_id: expect.any(String),
      },
    ]);
    expect(await q('select kind from documents where hazard_id = $1', [hazards[0].id])).toEqual([
      { kind: 'photo' },
    ]);
    const reports = (await verifiedWrites(s.h.db.db)).filter(
      (e) => e.action === 'report' && e.resourceId === hazards[0].id,
    );
    expect(reports).toHaveLength(1);
    expect(answered).toEqual([201]);
    // Whatever the pages read with network, no answer of the API is kept by the worker.
    const after = await cachedPaths(page);
    expect(
      Object.values(after)
        .flat()
        .filter((p) => p.startsWith('/api')),
    ).toEqual([]);
    expect(errors.filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(e))).toEqual([]);
    await page.close();
  });

  it("a new deploy's worker replaces the old one while the page is open; offline the phone opens the new build", async () => {
    const page = await ctx.newPage();
    await page.goto(`${s.base}/`);
    await page.getByTestId('field-today').waitFor();
    const revisions = () =>
      page.evaluate(async () => {
        const out: string[] = [];
        for (const name of await caches.keys())
          for (const r of await (await caches.open(name)).keys())
            if (new URL(r.url).pathname === '/index.html') out.push(new URL(r.url).search);
        return out;
      });
    const [old] = await revisions();
    expect(old).toMatch(/^\?__WB_REVISION__=[0-9a-f]+$/);
    // "Deploy": the same build with a changed page, which its worker lists under a new revision.
    const index = path.join(ui, 'index.html');
    writeFileSync(index, readFileSync(index, 'utf8').replace('</body>', '<!-- deploy 2 --></body>'));
    const sw = path.join(ui, 'sw.js');
    const revised = readFileSync(sw, 'utf8').replace(
      /"revision":"[0-9a-f]+","url":"index\.html"/,
      '"revision":"deploy2","url":"index.html"',
    );
    expect(revised).toContain('deploy2');
    writeFileSync(sw, revised);
    // The browser looks for a new worker at each visit; here, at once, with the console still open.
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
    // It installs and takes over without waiting for the page to close (autoUpdate); the old build's copy is gone.
    await expect.poll(revisions, { timeout: 30_000 }).toEqual(['?__WB_REVISION__=deploy2']);
    await expect
      .poll(() =>
        page.evaluate(async () => {
          const reg = (await navigator.serviceWorker.getRegistration())!;
          return [!!reg.installing, !!reg.waiting, reg.active?.state];
        }),
      )
      .toEqual([false, false, 'activated']);
    await ctx.setOffline(true);
    const again = await ctx.newPage();
    await again.goto(`${s.base}/`);
    await again.getByTestId('field-today').waitFor();
    expect(await again.content()).toContain('<!-- deploy 2 -->');
    await ctx.setOffline(false);
    await again.close();
    await page.close();
  });

  it('a rectification whose answer was lost, sent again after its key expired, is done once and not refused', async () => {
    const ent = await phoneContext(s, { gps: false });
    try {
      const page = await s.login(ent, 'ent');
      const { errors } = watchConsole(page);
      const [hz] = await q('select id, hazard_no from general_hazards where description = $1', [
        '地下室消防通道堆放杂物',
      ]);
      await page
        .getByTestId('field-to-rectify')
        .getByRole('link', { name: `整改 YB-${String(hz.hazard_no).padStart(6, '0')}` })
        .click();
      await page.getByRole('heading', { name: '整改隐患', level: 1 }).waitFor();
      await page.getByLabel(/^整改措施/).fill('清走杂物，通道划线并设禁止堆放标识');
      await page.getByTestId('photo-input').setInputFiles(PHOTO);
      // The rectification reaches the server and is applied, but its answer never comes back.
      let lost = 0;
      let applied = false;
      await page.route('**/api/general-hazards/*/rectify', async (route) => {
        if (lost > 0) return route.continue();
        lost += 1;
        const answer = await route.fetch();
        expect(answer.status()).toBe(200);
        await route.abort('internetdisconnected');
        applied = true;
      });
      await page.getByRole('button', { name: '提交' }).click();
      await expect.poll(() => applied, { timeout: 20_000 }).toBe(true);
      await page.getByTestId('outbox-count').getByText('1 条记录待发送').waitFor();
      expect((await q('select status from general_hazards where id = $1', [hz.id]))[0].status).toBe('closed');
      // Days later (the key has expired on the server) the phone sends it again.
      await q(
        "update idempotency_keys set created_at = now() - interval '3 days', expires_at = now() - interval '2 days'",
      );
      const resent = page.waitForResponse(
        (r) => r.url().endsWith(`/api/general-hazards/${hz.id}/rectify`) && r.request().method() === 'POST',
      );
      await page.getByRole('button', { name: '立即发送' }).click();
      const answer = await resent;
      expect(answer.status()).toBe(200);
      expect(answer.headers()['idempotent-replayed']).toBe('true');
      await page.getByTestId('outbox').waitFor({ state: 'detached', timeout: 20_000 });
      expect(
        await q("select type from general_hazard_events where hazard_id = $1 and type = 'rectified'", [
          hz.id,
        ]),
      ).toHaveLength(1);
      expect(
        await q("select id from documents where hazard_id = $1 and kind = 'after_photo'", [hz.id]),
      ).toHaveLength(1);
      const audit = (await verifiedWrites(s.h.db.db)).filter(
        (e) => e.resource === 'general_hazards' && e.resourceId === hz.id,
      );
      expect(audit.map((e) => e.action)).toEqual(['report', 'rectify']);
      expect(errors.filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(e))).toEqual([]);
    } finally {
      await ent.close();
    }
  });
});
