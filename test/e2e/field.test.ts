import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../api/harness.js';
import { screenshotPath } from './browser.js';
import { expectAccessible, expectNoRawText, overflowingElements, watchConsole } from './checks.js';
import { PHOTO, phoneContext, seedPatrolDue } from './field-setup.js';
import { startStack, type Stack } from './stack.js';

/**
 * On site, on a 390×844 phone, against the real stack: the grid member's home is today's patrol list; a patrol is
 * recorded with its checklist, a photo from the camera input and emulated GPS; a hazard reported without network is
 * kept on the phone and sent when the network returns — and a send whose answer was lost, retried, still makes one
 * hazard with one photo; the enterprise rectifies it with an after-photo; a refused location is said plainly. Every
 * page: axe (no serious violation), no raw code or untranslated key, nothing wider than the screen.
 */
describe('the on-site pages on a phone', () => {
  let s: Stack;
  let enterpriseName: string;
  const q = async (sql: string, params: unknown[] = []) => (await s.h.db.pool!.query(sql, params)).rows;

  async function phone(username: string, opts: { gps?: boolean } = {}) {
    const ctx = await phoneContext(s, opts);
    const page = await s.login(ctx, username);
    return { ctx, page, console: watchConsole(page) };
  }

  async function checkPage(page: Page, where: string) {
    await expectAccessible(page, where);
    await expectNoRawText(page, { where });
    expect(await overflowingElements(page), where).toEqual([]);
  }

  beforeAll(async () => {
    s = await startStack();
    ({ enterpriseName } = await seedPatrolDue(s, { code: 'HS-F1', name: '洪山现场网格' }));
    const admin = await loginAs(s.h.app, 'admin');
    const template = await admin.post('/api/checklist-templates', {
      kind: 'patrol',
      name: '小微企业巡查卡',
      items: [
        { level: 'enterprise', content: '安全出口畅通', frequency: 'monthly' },
        { level: 'enterprise', content: '灭火器在有效期内', frequency: 'monthly' },
      ],
    });
    expect(template.status).toBe(201);
  });
  afterAll(() => s?.stop());

  let ctx: BrowserContext;
  let page: Page;
  let errors: string[];
  afterAll(() => ctx?.close());

  it("the grid member's home is today's patrol list; a patrol with its checklist, a photo and GPS", async () => {
    ({
      ctx,
      page,
      console: { errors },
    } = await phone('grid'));
    await page.getByTestId('patrols-due').getByText(enterpriseName).waitFor();
    await expect(page.getByTestId('patrols-due').getByText('已逾期').count()).resolves.toBe(1);
    await checkPage(page, 'grid member home');
    await page.screenshot({ path: screenshotPath('field-grid-home'), fullPage: true });

    await page.getByRole('link', { name: `巡查 ${enterpriseName}` }).click();
    await page.getByText('灭火器在有效期内').waitFor();
    await page
      .getByTestId('gps')
      .getByText(/已定位：纬度 30.5058，经度 114.4181/)
      .waitFor();
    // Nothing answered: refused beside the item, nothing sent.
    await page.getByRole('button', { name: '提交' }).click();
    await expect(page.getByText('必填').count()).resolves.toBeGreaterThan(0);
    await page
      .getByRole('group', { name: '安全出口畅通' })
      .getByRole('button', { name: '合格', exact: true })
      .click();
    await page
      .getByRole('group', { name: '灭火器在有效期内' })
      .getByRole('button', { name: '不合格' })
      .click();
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByText('不合格项须描述发现的隐患').waitFor();
    await page.getByLabel('发现的隐患').fill('灭火器已过期');
    await page.getByLabel('部位', { exact: true }).fill('一号车间');
    await page.getByTestId('photo-input').setInputFiles(PHOTO);
    await page.getByRole('img', { name: '第 1 张照片' }).waitFor();
    await checkPage(page, 'patrol form');
    await page.screenshot({ path: screenshotPath('field-patrol-form'), fullPage: true });
    // The submit button is within reach at the bottom of the screen.
    const submit = await page.getByRole('button', { name: '提交' }).boundingBox();
    expect(submit!.y + submit!.height).toBeLessThanOrEqual(844);
    expect(submit!.height).toBeGreaterThanOrEqual(48);
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByText('巡查记录已提交').waitFor();
    await page.getByTestId('field-today').waitFor();

    const patrols = await q('select id, lat, lng, outcome, hazards_found from patrols');
    expect(patrols).toEqual([
      expect.objectContaining({ lat: 30.5058, lng: 114.4181, outcome: 'hazards_found', hazards_found: 1 }),
    ]);
    const docs = await q('select kind, mime_type from documents where patrol_id = $1', [patrols[0].id]);
    expect(docs).toEqual([{ kind: 'photo', mime_type: 'image/png' }]);
    // The unit left today's list.
    await expect(page.getByTestId('patrols-due').count()).resolves.toBe(0);
  });

  it('a hazard reported without network is kept on the phone, sent when it returns, and made once', async () => {
    const description = '配电箱未上锁，线缆裸露';
    await page.getByRole('link', { name: '上报隐患' }).click();
    await page.getByRole('heading', { name: '上报隐患（拍照、定位）', level: 1 }).waitFor();
    await page
      .getByTestId('gps')
      .getByText(/已定位/)
      .waitFor();
    await ctx.setOffline(true);
    await page.getByLabel(/^企业/).click();
    await page.getByRole('option', { name: enterpriseName }).click();
    await page.getByLabel(/^隐患描述/).fill(description);
    await page.getByLabel('隐患部位').fill('二号车间配电房');
    await page.getByTestId('photo-input').setInputFiles(PHOTO);
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByText('当前无网络：记录已保存在手机上，联网后自动发送').waitFor();
    await page.getByTestId('outbox-count').getByText('1 条记录待发送').waitFor();
    await checkPage(page, 'home offline with a pending report');
    await page.screenshot({ path: screenshotPath('field-offline-pending'), fullPage: true });
    expect(await q('select id from general_hazards where description = $1', [description])).toEqual([]);
    // The queue keeps the item with the record's clientId (its own id) in the body it will send; a copy of the item
    // as kept now is stashed in another IndexedDB database, to be sent again "days later" below.
    const kept = await page.evaluate(async () => {
      const open = (name: string, store?: string) =>
        new Promise<IDBDatabase>((resolve, reject) => {
          const r = indexedDB.open(name, 1);
          r.onupgradeneeded = () => store && r.result.createObjectStore(store, { keyPath: 'id' });
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
      const all = <T>(d: IDBDatabase, store: string) =>
        new Promise<T[]>((resolve, reject) => {
          const r = d.transaction(store).objectStore(store).getAll();
          r.onsuccess = () => resolve(r.result as T[]);
          r.onerror = () => reject(r.error);
        });
      type Item = { id: string; key: string; body: { clientId?: string } };
      const items = await all<Item>(await open('duban-field'), 'items');
      const stash = await open('test-stash', 'items');
      await new Promise<void>((resolve, reject) => {
        const tx = stash.transaction('items', 'readwrite');
        for (const i of items) tx.objectStore('items').put(i);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      return items.map((i) => ({ id: i.id, key: i.key, clientId: i.body.clientId }));
    });
    expect(kept).toHaveLength(1);
    expect(kept[0]!.clientId).toBe(kept[0]!.id);

    // The network returns, but the first answer is lost on the way back: the server made the hazard, the phone
    // does not know it.
    let lost = 0;
    let answered = false;
    await page.route('**/api/general-hazards', async (route) => {
      if (route.request().method() !== 'POST' || lost > 0) return route.continue();
      lost += 1;
      const answer = await route.fetch();
      expect(answer.status()).toBe(201);
      await route.abort('internetdisconnected');
      answered = true;
    });
    await ctx.setOffline(false);
    await expect.poll(() => answered, { timeout: 20_000 }).toBe(true);
    expect(lost).toBe(1);
    expect(await q('select id from general_hazards where description = $1', [description])).toHaveLength(1);
    await page.getByTestId('outbox-count').getByText('1 条记录待发送').waitFor();
    // The retry (here by hand; also on the next online event or start) is answered with the first hazard.
    await page.getByRole('button', { name: '立即发送' }).click();
    await page.getByTestId('outbox').waitFor({ state: 'detached', timeout: 20_000 });
    const hazards = await q(
      'select id, source, lat, lng, enterprise_id from general_hazards where description = $1',
      [description],
    );
    expect(hazards).toEqual([
      {
        id: expect.any(String),
        source: 'grid_patrol',
        lat: 30.5058,
        lng: 114.4181,
        enterprise_id: s.h.ids.enterpriseId,
      },
    ]);
    expect(await q('select kind from documents where hazard_id = $1', [hazards[0].id])).toEqual([
      { kind: 'photo' },
    ]);
    expect(await q('select client_id from general_hazards where id = $1', [hazards[0].id])).toEqual([
      { client_id: kept[0]!.clientId },
    ]);

    // Days later the same item is in the queue again (a phone restored from a backup, an answer lost and the key
    // long expired): its Idempotency-Key has expired on the server, and the console sends it again at start-up.
    await q(
      "update idempotency_keys set created_at = now() - interval '3 days', expires_at = now() - interval '2 days'",
    );
    await page.evaluate(async () => {
      const open = (name: string) =>
        new Promise<IDBDatabase>((resolve, reject) => {
          const r = indexedDB.open(name, 1);
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
      const stash = await open('test-stash');
      const items = await new Promise<unknown[]>((resolve, reject) => {
        const r = stash.transaction('items').objectStore('items').getAll();
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const outbox = await open('duban-field');
      await new Promise<void>((resolve, reject) => {
        const tx = outbox.transaction('items', 'readwrite');
        for (const i of items) tx.objectStore('items').put(i);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
    });
    const resent = page.waitForResponse(
      (r) => r.url().endsWith('/api/general-hazards') && r.request().method() === 'POST',
    );
    await page.reload();
    const answer = await resent;
    expect(answer.status()).toBe(200);
    expect(answer.headers()['idempotent-replayed']).toBe('true');
    await page.getByTestId('field-today').waitFor();
    await page.getByTestId('outbox').waitFor({ state: 'detached', timeout: 20_000 });
    expect(await q('select id from general_hazards where description = $1', [description])).toEqual([
      { id: hazards[0].id },
    ]);
    expect(await q('select kind from documents where hazard_id = $1', [hazards[0].id])).toEqual([
      { kind: 'photo' },
    ]);
    expect(errors.filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(e))).toEqual([]);
  });

  it('the enterprise sees what to rectify and records it with an after-photo', async () => {
    const ent = await phone('ent');
    try {
      const { page: p } = ent;
      const list = p.getByTestId('field-to-rectify');
      await list.getByText('配电箱未上锁，线缆裸露').waitFor();
      await p
        .getByTestId('field-self-inspections')
        .getByText(/清单尚未验收/)
        .waitFor();
      await checkPage(p, 'enterprise home');
      await p.screenshot({ path: screenshotPath('field-enterprise-home'), fullPage: true });
      const [hz] = await q('select id, hazard_no from general_hazards where description = $1', [
        '配电箱未上锁，线缆裸露',
      ]);
      await list.getByRole('link', { name: `整改 YB-${String(hz.hazard_no).padStart(6, '0')}` }).click();
      await p.getByRole('heading', { name: '整改隐患', level: 1 }).waitFor();
      await p.getByRole('button', { name: '提交' }).click();
      await p.getByText('请至少拍一张照片').waitFor();
      await p.getByLabel(/^整改措施/).fill('已加装门锁，裸露线缆穿管保护');
      await p.getByTestId('photo-input').setInputFiles(PHOTO);
      await checkPage(p, 'rectify form');
      await p.getByRole('button', { name: '提交' }).click();
      await p.getByText('整改已提交').waitFor();
      const [after] = await q('select status, rectification from general_hazards where id = $1', [hz.id]);
      expect(after.status).toBe('closed');
      expect(
        await q('select kind from documents where hazard_id = $1 order by uploaded_at', [hz.id]),
      ).toEqual([{ kind: 'photo' }, { kind: 'after_photo' }]);
      expect(ent.console.errors).toEqual([]);
    } finally {
      await ent.ctx.close();
    }
  });

  it('a refused location is said plainly, and the report can go without it', async () => {
    const denied = await phone('ent', { gps: false });
    try {
      const { page: p } = denied;
      await p.getByRole('link', { name: '上报隐患' }).click();
      await p.getByText(/无法获取位置/).waitFor({ timeout: 20_000 });
      await expect(p.getByRole('button', { name: '获取位置' }).count()).resolves.toBe(1);
      await checkPage(p, 'report with location refused');
      await p.screenshot({ path: screenshotPath('field-gps-denied'), fullPage: true });
      // The same page in English: every string has its English, no key shows.
      // On a phone the language switch is an icon (the language's name would push the title off the bar).
      await p.getByRole('button', { name: '界面语言' }).click();
      await p.getByRole('menuitem', { name: 'English' }).click();
      await p.getByRole('heading', { name: 'Report a hazard (photo, location)', level: 1 }).waitFor();
      await p.getByText(/No location: you refused the permission/).waitFor();
      await checkPage(p, 'report in English');
    } finally {
      await denied.ctx.close();
    }
  });
});
