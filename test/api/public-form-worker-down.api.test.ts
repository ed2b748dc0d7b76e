/**
 * Issue #13 fault 3 for a person using the public report form (群众举报, /public/report: server-rendered HTML, no
 * JavaScript), with Temporal and the production worker (activities/main.ts) as separate processes and the worker
 * killed with SIGKILL, the form driven by Chromium at 390×844 as a reporter on a phone would:
 *
 * - Right after the kill (nobody can tell yet): the report Temporal took answers a page, 202, in Chinese: received,
 *   being registered, the tracking code; the progress page says 已收到，正在登记 (not "no such code"). No case yet; the
 *   photo and the contact wait under the code.
 * - Once the worker is known down: 503 with Retry-After and the form as filled, saying nothing was submitted; nothing
 *   stored (no photo, no intake row, no workflow).
 * - After the restart: the pending report's case exists with its photo as the case's document, its contact in
 *   report_contacts (not in the case), one public_report audit record; nothing is left waiting; the progress page
 *   shows the case's status.
 */
import type { AddressInfo } from 'node:net';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerProcess } from '../helpers/worker-process.js';
import { verifiedAuditChain } from '../helpers/audit.js';
import { launchChromium, screenshotPath } from '../e2e/browser.js';
import { expectAccessible, expectNoRawText, overflowingElements, PHONE } from '../e2e/checks.js';
import { startWorkerProcessHarness, until, type Harness, type WorkerProcessHarness } from './harness.js';

const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const PENDING_TITLE = '处理程序刚停时举报的隐患';
const REFUSED_TITLE = '处理程序停止后举报的隐患';
const CONTACT = '13912345678';

describe('the public form while the worker is down: a true answer in Chinese, nothing lost, nothing left behind', () => {
  let stack: WorkerProcessHarness;
  let worker: WorkerProcess;
  let h: Harness;
  let server: ServerType;
  let base: string;
  let browser: Browser;
  let code: string;

  const health = async () => (await stack.health()).status;
  const q = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
    (await h.db.pool!.query<T>(sql, params)).rows;
  const stored = async () => ({
    documents: (await q<{ n: number }>(`select count(*)::int as n from documents`))[0]!.n,
    intake: (await q<{ n: number }>(`select count(*)::int as n from public_report_intake`))[0]!.n,
    cases: (await q<{ n: number }>(`select count(*)::int as n from cases`))[0]!.n,
    files: (() => {
      try {
        return readdirSync(path.join(h.config.uploadDir, 'public-reports')).length;
      } catch {
        return 0;
      }
    })(),
    workflows: (await h.env.client.workflow.count('WorkflowType = "caseWorkflow"')).count,
  });

  /** A reporter on a phone fills the form with a photo and a contact, and sends it. */
  const report = async (title: string): Promise<{ page: Page; status: number }> => {
    const ctx = await browser.newContext({
      locale: 'zh-CN',
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    const page = await ctx.newPage();
    await page.goto(`${base}/public/report`);
    await page.getByLabel('隐患名称（必填）').fill(title);
    await page.getByLabel('所在区域（必填）').selectOption({ label: '洪山区' });
    await page.getByLabel('隐患地点（必填）').fill('洪山区某路8号仓库');
    await page.getByLabel('隐患情况（必填）').fill('仓库内堆放大量油漆桶，消防通道被堵塞。');
    await page
      .getByLabel(/现场照片/)
      .setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: PHOTO });
    await page.getByLabel('联系方式（选填）').fill(CONTACT);
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/public/report') && r.request().method() === 'POST'),
      page.getByRole('button', { name: '提交举报' }).click(),
    ]);
    await page.waitForLoadState('load');
    return { page, status: answer.status() };
  };
  const checkPage = async (page: Page, name: string) => {
    expect(await overflowingElements(page)).toEqual([]);
    await expectAccessible(page, name);
    await expectNoRawText(page, { where: name });
    await page.screenshot({ path: screenshotPath(name), fullPage: true });
  };

  beforeAll(async () => {
    // Each kept as soon as it is up, so afterAll stops it even when the other failed; the worker runs, health 200.
    await Promise.all([
      startWorkerProcessHarness().then((started) => (stack = started)),
      launchChromium().then((launched) => (browser = launched)),
    ]);
    ({ h, worker } = stack);
    server = serve({ fetch: h.app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    if (server) await new Promise((r) => server.close(r));
    await stack?.stop();
  }, 60_000);

  it('right after the kill: a page saying received and being registered, with the code; nothing claimed done', async () => {
    await worker.kill();
    const before = await stored();
    const t0 = performance.now();
    const { page, status } = await report(PENDING_TITLE);
    expect(performance.now() - t0).toBeLessThan(20_000);
    expect(status).toBe(202);
    await page.getByRole('heading', { name: '举报已收到，正在登记' }).waitFor();
    expect(await page.getByTestId('report-pending').innerText()).toContain('照片和联系方式已随举报保存');
    code = (await page.getByTestId('tracking-code').innerText()).trim();
    expect(code).toMatch(/^[0-9A-F]{12}$/);
    await checkPage(page, 'public-report-pending-phone');
    // The progress page tells the truth too: received, being registered — not "no such code".
    await page.getByRole('link', { name: '查询办理进度' }).click();
    expect(await page.getByTestId('public-status').innerText()).toBe('已收到，正在登记');
    await checkPage(page, 'public-track-pending-phone');
    await page.context().close();

    // No case yet; its photo and contact wait under the code, the photo stored once.
    const after = await stored();
    expect(after.cases).toBe(before.cases);
    expect(after.documents).toBe(before.documents + 1);
    expect(after.files).toBe(before.files + 1);
    const intake = await q<{ contact: string; photo_ids: string[] }>(
      `select contact, photo_ids from public_report_intake where tracking_code = $1`,
      [code],
    );
    expect(intake).toEqual([{ contact: CONTACT, photo_ids: [expect.any(String)] }]);
    expect(await q(`select 1 from audit_log where action = 'public_report'`)).toEqual([]);
  }, 90_000);

  it('once the worker is known down: 503 with Retry-After and the form kept; nothing stored or started', async () => {
    await until('health 503', async () => (await health()) === 503, 30_000);
    const before = await stored();
    const { page, status } = await report(REFUSED_TITLE);
    expect(status).toBe(503);
    await page
      .getByRole('alert')
      .getByText(/系统暂时无法受理举报，本次举报未提交/)
      .waitFor();
    expect(await page.getByLabel('隐患名称（必填）').inputValue()).toBe(REFUSED_TITLE);
    expect(await page.getByLabel('联系方式（选填）').inputValue()).toBe(CONTACT);
    await checkPage(page, 'public-report-unavailable-phone');
    await page.context().close();
    const res = await h.app.request('/public/report', {
      method: 'POST',
      body: (() => {
        const f = new FormData();
        for (const [k, v] of Object.entries({
          title: REFUSED_TITLE,
          regionCode: '420111',
          location: '洪山区某路8号仓库',
          description: '仓库内堆放大量油漆桶，消防通道被堵塞。',
        }))
          f.set(k, v);
        return f;
      })(),
    });
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await stored()).toEqual(before);
  }, 60_000);

  it('after the restart: the case has its photo and contact, one audit record, nothing left waiting', async () => {
    await worker.start();
    await until('health 200', async () => (await health()) === 200, 60_000);
    const caseOf = async () =>
      q<{ id: string }>(`select id from cases where tracking_code = $1`, [code]).then((r) => r[0]?.id);
    await until('the pending case', async () => !!(await caseOf()), 30_000);
    const caseId = (await caseOf())!;
    expect(await q(`select id from cases where title = $1`, [PENDING_TITLE])).toEqual([{ id: caseId }]);
    expect(await q(`select id from cases where title = $1`, [REFUSED_TITLE])).toEqual([]);
    // The photo is the case's document, the contact in report_contacts only, nothing waits any more.
    const docs = await q<{ case_id: string; mime_type: string }>(
      `select case_id, mime_type from documents where storage_path like 'public-reports/%'`,
    );
    expect(docs).toEqual([{ case_id: caseId, mime_type: 'image/png' }]);
    expect(await q(`select contact from report_contacts where case_id = $1`, [caseId])).toEqual([
      { contact: CONTACT },
    ]);
    expect(await q(`select 1 from public_report_intake`)).toEqual([]);
    const [row] = await q<{ text: string }>(
      `select row_to_json(c)::text as text from cases c where id = $1`,
      [caseId],
    );
    expect(row!.text).not.toContain(CONTACT);
    const events = await q<{ text: string }>(
      `select payload::text as text from case_events where case_id = $1`,
      [caseId],
    );
    for (const e of events) expect(e.text).not.toContain(CONTACT);
    expect(
      await q(`select action from audit_log where resource_id = $1 and action = 'public_report'`, [caseId]),
    ).toEqual([{ action: 'public_report' }]);
    await verifiedAuditChain(h.db.db);

    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: PHONE, isMobile: true });
    const page = await ctx.newPage();
    await page.goto(`${base}/public/track?code=${code}`);
    expect(await page.getByTestId('public-status').innerText()).toBe('已受理，正在核查');
    await ctx.close();
  }, 120_000);
});
