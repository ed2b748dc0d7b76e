import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishNotice } from '../../db/queries/public.js';
import { loginAs } from '../api/harness.js';
import { screenshotPath } from './browser.js';
import { expectAccessible, expectNoRawText, overflowingElements } from './checks.js';
import { startStack, type Stack } from './stack.js';

/** A 1×1 PNG: the reporter's photo. */
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * The public side on a 390×844 phone, no login: a report with a photo answered with a tracking code, the status in
 * plain Chinese, the 公示 page; rate-limited per client. And one issued document's first page, drawn by the browser.
 */
describe('the public side and a document page, in the browser', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack();
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('takes a report with a photo on a phone and tracks it in plain Chinese', async () => {
    const ctx = await s.context({ phone: true });
    const page = await ctx.newPage();
    await page.goto(`${s.base}/public/report`);
    // Bad input: the page says what is missing beside the field, and keeps what was typed.
    await page.getByLabel('隐患名称（必填）').fill('仓库堆放大量易燃物');
    await page.getByRole('button', { name: '提交举报' }).click();
    await page.getByText('请选择所在区域').waitFor();
    expect(await page.getByLabel('隐患名称（必填）').inputValue()).toBe('仓库堆放大量易燃物');
    await page.getByLabel('所在区域（必填）').selectOption({ label: '洪山区' });
    await page.getByLabel('隐患地点（必填）').fill('洪山区某路12号仓库');
    await page.getByLabel('隐患情况（必填）').fill('仓库内堆放大量油漆桶，消防通道被堵塞。');
    await page
      .getByLabel(/现场照片/)
      .setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: PHOTO });
    await page.getByLabel('联系方式（选填）').fill('13800000000');
    await page.getByRole('button', { name: '提交举报' }).click();
    const code = (await page.getByTestId('tracking-code').innerText()).trim();
    expect(code).toMatch(/^[0-9A-F]{12}$/);
    expect(await overflowingElements(page)).toEqual([]);
    await expectAccessible(page);
    await page.screenshot({ path: screenshotPath('public-report-phone'), fullPage: true });

    await page.getByRole('link', { name: '查询办理进度' }).click();
    const status = await page.getByTestId('public-status').innerText();
    expect(status).toBe('已受理，正在核查');
    await expectNoRawText(page);
    await expectAccessible(page);
    // The photo became the case's evidence, the contact stays out of the case.
    const sup = await loginAs(s.h.app, 'sup');
    const cases = (await sup.get('/api/cases')).body as {
      id: string;
      trackingCode?: string;
      description: string;
    }[];
    const mine = cases.find((c) => c.description.includes('油漆桶'))!;
    expect(JSON.stringify(mine)).not.toContain('13800000000');
    const files = (
      await sup.get(`/api/documents?filter=${encodeURIComponent(JSON.stringify({ caseId: mine.id }))}`)
    ).body;
    expect(files).toHaveLength(1);

    await page.goto(`${s.base}/public/track?code=FFFFFFFFFFFF`);
    await page.getByText('没有找到这个查询编号').waitFor();
    await ctx.close();
  });

  it('shows the listings and delistings of a jurisdiction with only the published fields', async () => {
    const sup = await loginAs(s.h.app, 'sup');
    const created = await sup.post('/api/cases', {
      source: 'inspection',
      enterpriseId: s.h.ids.enterpriseId,
      regionCode: '420111',
      title: '液氨制冷车间未设置泄漏报警装置',
      description: '内部细节：不应公开的描述',
    });
    await publishNotice(s.h.db.db, {
      caseId: created.body.id,
      kind: 'listing',
      regionCode: '420111',
      regionPath: '420000/420100/420111/',
      regionName: '洪山区',
      enterpriseName: '武汉测试机械制造有限公司1',
      hazardTitle: '液氨制冷车间未设置泄漏报警装置',
      level: 'county',
      listingAuthority: '洪山区安全生产委员会办公室',
      supervisingUnit: '洪山区应急管理局',
      listedOn: '2026-12-01',
      rectificationDeadline: '2027-03-01',
      publishedAt: new Date(),
    });
    const ctx = await s.context({ phone: true });
    const page = await ctx.newPage();
    await page.goto(`${s.base}/public/notices?region=420111`);
    await page.getByText('液氨制冷车间未设置泄漏报警装置').waitFor();
    const text = await page.locator('main').innerText();
    expect(text).toContain('县级');
    expect(text).toContain('2027-03-01');
    expect(text).not.toContain('不应公开');
    expect(await overflowingElements(page)).toEqual([]);
    await expectAccessible(page);
    await expectNoRawText(page);
    await page.screenshot({ path: screenshotPath('public-notices-phone'), fullPage: true });
    await ctx.close();
  });

  it('limits reports per client address', async () => {
    const post = () => {
      const form = new FormData();
      form.set('title', 'x');
      // No X-Forwarded-For: it is believed only from TRUSTED_PROXIES (test/api/attacks.api.test.ts), so every
      // request of this file is the one client 127.0.0.1, whose earlier reports in this file count too.
      return fetch(`${s.base}/public/report`, { method: 'POST', body: form });
    };
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await post()).status);
    const limited = statuses.indexOf(429);
    expect(limited).toBeGreaterThan(-1);
    expect(statuses.slice(0, limited).every((st) => st === 422)).toBe(true);
    expect(statuses.slice(limited).every((st) => st === 429)).toBe(true);
  });

  it('draws the pages of an official document (GB/T 9704) in the browser, A4 each', async () => {
    const admin = await loginAs(s.h.app, 'admin');
    const kinds = (await admin.get('/api/document-kinds')).body as { id: string; defaultTemplate: unknown }[];
    const listing = kinds.find((k) => k.id === 'listing_notice')!;
    const preview = await admin.post('/api/document-templates/preview', {
      kind: 'listing_notice',
      body: listing.defaultTemplate,
    });
    expect(preview.status).toBe(200);
    const ctx = await s.context();
    const page = await ctx.newPage();
    const svg = Buffer.from(preview.body.svg as string).toString('base64');
    await page.setContent(
      `<img alt="公文第一页" style="width:595px" src="data:image/svg+xml;base64,${svg}">`,
    );
    const img = page.getByAltText('公文第一页');
    await img.waitFor();
    const size = await img.evaluate((el: HTMLImageElement) => ({
      w: el.naturalWidth,
      h: el.naturalHeight,
      ok: el.complete,
    }));
    expect(size.ok).toBe(true);
    // A4 portrait, the pages stacked: height/width = pages × 297/210.
    expect(size.h / size.w).toBeCloseTo((preview.body.pages as number) * (297 / 210), 1);
    await img.screenshot({ path: screenshotPath('official-document-page-1') });
    await ctx.close();
  });
});
