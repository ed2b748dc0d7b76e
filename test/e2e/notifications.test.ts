import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatchActivities } from '../../activities/notifications/dispatch.js';
import { loginAs } from '../api/harness.js';
import { screenshotPath } from './browser.js';
import { expectAccessible, expectNoRawText, overflowingElements, watchConsole } from './checks.js';
import { startStack, type Stack } from './stack.js';

/**
 * The notification bell and 通知中心, channel preferences, the documents the case steps issued on the case page and
 * the enterprise's home, and the administrators' template editor, issuing authorities and webhooks — in Chromium,
 * the enterprise's pages on a 390×844 phone. The documents and notifications come from real transitions of a real
 * workflow; the in-app messages are delivered by the dispatcher's own activity.
 */
describe('notification centre and official documents in the console', () => {
  let s: Stack;
  let caseId = '';

  beforeAll(async () => {
    // E-mail offered as a channel (nothing is sent in this file: only in-app messages are dispatched).
    s = await startStack({ harness: { config: { SMTP_URL: 'smtp://127.0.0.1:9' } } });
    const sup = await loginAs(s.h.app, 'sup');
    const created = await sup.post('/api/cases', {
      source: 'inspection',
      enterpriseId: s.h.ids.enterpriseId,
      regionCode: '420111',
      title: '除尘系统未采取泄爆措施',
      description: '执法检查发现',
    });
    caseId = created.body.id;
    const deadline = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    expect(
      (
        await sup.post(`/api/cases/${caseId}/judge`, {
          decision: 'major',
          clauseId: s.h.ids.clauseId,
          reason: '符合判定标准',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await sup.post(`/api/cases/${caseId}/list`, {
          level: 'county',
          listingAuthority: '洪山区安全生产委员会',
          supervisingUnit: '洪山区应急管理局',
          rectificationDeadline: deadline,
          interimControls: ['stop_use'],
        })
      ).status,
    ).toBe(200);
    expect(
      (await sup.post(`/api/cases/${caseId}/escalate`, { step: 'urging_letter', reason: '方案逾期未报' }))
        .status,
    ).toBe(200);
    await createDispatchActivities({ db: s.h.db.db }).dispatchOutbox({ limit: 500 });
  });
  afterAll(() => s?.stop());

  it('the enterprise on a phone: the bell counts, the centre lists, marks read and reads all; channels are chosen', async () => {
    const ent = await loginAs(s.h.app, 'ent');
    const unread = (await ent.get('/api/notifications/unread-count')).body.count as number;
    expect(unread).toBeGreaterThanOrEqual(3); // the plan task, the listing notice, the letter (and the rung)
    const ctx = await s.context({ phone: true });
    const page = await s.login(ctx, 'ent');
    const consoleWatch = watchConsole(page);
    const bell = page.getByTestId('bell');
    await expect.poll(() => bell.getAttribute('aria-label')).toBe(`${unread} 条未读通知`);
    await bell.click();
    await page.getByRole('heading', { name: /公文送达：关于督促武汉测试机械制造有限公司1/ }).waitFor();
    await page.getByText('新待办：提交整改方案').first().waitFor();
    await page.waitForLoadState('networkidle');
    expect(await overflowingElements(page)).toEqual([]);
    await expectAccessible(page, 'notification centre (phone)');
    await expectNoRawText(page, { where: 'notification centre (phone)' });
    await page.screenshot({ path: screenshotPath('notification-centre-phone'), fullPage: true });

    // One read: the count falls by one, in the API and on the bell.
    await page.getByRole('button', { name: '标为已读', exact: true }).first().click();
    await expect
      .poll(async () => (await ent.get('/api/notifications/unread-count')).body.count)
      .toBe(unread - 1);
    await expect.poll(() => bell.getAttribute('aria-label')).toBe(`${unread - 1} 条未读通知`);
    // All read.
    await page.getByRole('button', { name: '全部标为已读' }).click();
    await expect.poll(() => bell.getAttribute('aria-label')).toBe('通知（没有未读）');
    expect((await ent.get('/api/notifications/unread-count')).body.count).toBe(0);

    // 通知方式: a bad phone number is refused naming the field, and nothing is saved; then e-mail is chosen.
    await page.getByRole('button', { name: '通知方式' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('短信手机号').fill('12345');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.getByText('手机号应为11位数字').waitFor();
    expect((await ent.get('/api/me/notification-preferences')).body.phone).toBeNull();
    await dialog.getByLabel('短信手机号').fill('');
    await dialog.getByLabel('电子邮箱').fill('safety@example.cn');
    await dialog.getByLabel(/^电子邮件/).check();
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await ent.get('/api/me/notification-preferences')).body).toMatchObject({
      email: 'safety@example.cn',
      channels: ['email'],
    });

    // The home page lists the documents issued to it, with their numbers, each downloadable.
    await page.goto(`${s.base}/#/`);
    const docs = page.getByTestId('enterprise-documents');
    await docs.getByText('重大事故隐患挂牌督办通知书', { exact: true }).waitFor();
    await docs.getByText(/洪安委办〔\d{4}〕2号/).waitFor();
    const pdf = await page.request.get(
      `${s.base}${await docs.getByRole('link', { name: '下载PDF' }).first().getAttribute('href')}`,
    );
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    expect(await overflowingElements(page)).toEqual([]);
    // The refused phone number is the one failed request (422), shown at its field.
    expect(consoleWatch.errors.filter((e) => !e.includes('422'))).toEqual([]);
    await ctx.close();
  });

  it('the supervisor sees the case’s documents on its page; another enterprise sees none of them', async () => {
    const ctx = await s.context();
    const page = await s.login(ctx, 'sup');
    const consoleWatch = watchConsole(page);
    await page.goto(`${s.base}/#/cases/${caseId}/show/documents`);
    const list = page.getByTestId('case-official-documents');
    await list.getByText('重大事故隐患挂牌督办通知书', { exact: true }).waitFor();
    await list.getByText(/关于督促武汉测试机械制造有限公司1加快重大事故隐患整改的督办函/).waitFor();
    await expectAccessible(page, 'case documents');
    await expectNoRawText(page, { where: 'case documents' });
    await page.screenshot({ path: screenshotPath('case-official-documents'), fullPage: true });
    // The rung's record names its document: the 督办函 opens from the escalations tab.
    await page.goto(`${s.base}/#/cases/${caseId}/show/escalations`);
    await page.getByRole('link', { name: '查看公文' }).click();
    await page
      .getByText(/洪安委办〔\d{4}〕2号/, { exact: true })
      .first()
      .waitFor();
    await expectAccessible(page, 'official document page');
    await expectNoRawText(page, { where: 'official document page' });
    expect(consoleWatch.errors).toEqual([]);
    const other = await loginAs(s.h.app, 'ent-other');
    expect((await other.get('/api/official-documents')).body).toEqual([]);
    expect((await other.get('/api/notifications')).body).toEqual([]);
    await ctx.close();
  });

  it('the administrator edits a template with a preview and versions, and manages authorities and webhooks', async () => {
    const ctx = await s.context();
    const page = await s.login(ctx, 'admin');
    const consoleWatch = watchConsole(page);
    await page.goto(`${s.base}/#/document-templates/create`);
    await page.getByLabel('文种').click();
    await page.getByRole('option', { name: '督办函', exact: true }).click();
    await page.getByLabel('适用区域').fill('420111');
    // The date field's sections (year, month, day) take the digits typed in order.
    await page.getByRole('group', { name: '生效日期' }).click();
    // Effective from today (a template never applies to the past).
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    await page.keyboard.type(today.replaceAll('-', ''));
    await page.getByRole('button', { name: '以内置模板为底稿' }).click();
    await page.getByLabel('正文').fill('你单位“{{隐患名称}}”{{督办事由}}。请于{{办理期限}}前书面报告。');
    await page.getByRole('button', { name: '预览' }).click();
    const img = page.getByTestId('template-preview');
    await img.waitFor();
    await expect
      .poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0))
      .toBe(true);
    const size = await img.evaluate((el: HTMLImageElement) => ({ w: el.naturalWidth, h: el.naturalHeight }));
    expect(size.h / size.w).toBeGreaterThan(1.3); // A4 portrait
    await img.screenshot({ path: screenshotPath('template-preview') });
    // A placeholder the kind does not know is refused at the body field, before anything is saved.
    await page.getByLabel('正文').fill('{{不存在的占位符}}');
    await page.getByRole('button', { name: '预览' }).click();
    await page
      .getByText(/未知的占位符/)
      .first()
      .waitFor();
    await page.getByLabel('正文').fill('你单位“{{隐患名称}}”{{督办事由}}。请于{{办理期限}}前书面报告。');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('该文种在该区域的各版本').waitFor();
    await expectAccessible(page, 'template show');
    const admin = await loginAs(s.h.app, 'admin');
    const saved = (await admin.get('/api/document-templates')).body as { kind: string; version: number }[];
    expect(saved).toMatchObject([{ kind: 'urging_letter', version: 1 }]);

    // The authority the case's documents were issued under was made from the region; it is listed and editable.
    await page.goto(`${s.base}/#/issuing-authorities`);
    await page.getByText('洪安委办').waitFor();
    await expectAccessible(page, 'issuing authorities');
    await page.getByText('洪安委办').click();
    await page.getByLabel('机关代字').waitFor();

    // A webhook subscription shows its secret once.
    await page.goto(`${s.base}/#/webhook-subscriptions/create`);
    await page.getByLabel('接收系统名称').fill('市级监管平台');
    await page.getByLabel('推送地址').fill('https://example.gov.cn/hook');
    await page.getByRole('button', { name: '保存' }).click();
    const secret = await page.getByTestId('webhook-secret').innerText();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(JSON.stringify((await admin.get('/api/webhook-subscriptions')).body)).not.toContain(secret);
    // The refused preview (unknown placeholder) is the one failed request (422).
    expect(consoleWatch.errors.filter((e) => !e.includes('422'))).toEqual([]);
    await ctx.close();
  });
});
