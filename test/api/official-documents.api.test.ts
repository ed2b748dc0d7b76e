import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatchActivities } from '../../activities/notifications/dispatch.js';
import { enqueueNotifications, raiseAdminAlert } from '../../db/queries/outbox.js';
import { issueDocument } from '../../activities/documents/issue.js';
import { DISTRICT } from '../workflows/fixture.js';
import { loginAs, startHarness, type Harness } from './harness.js';

type Client = Awaited<ReturnType<typeof loginAs>>;

/** Issued documents, templates and the notification centre, for every role, own and foreign. */
describe('official documents and notifications API', () => {
  let h: Harness;
  const as: Record<string, Client> = {};
  let notice: string;
  let advice: string;

  beforeAll(async () => {
    h = await startHarness();
    for (const u of ['admin', 'sup', 'sup-other', 'leader', 'ent', 'ent-other', 'expert'])
      as[u] = await loginAs(h.app, u);
    const created = await as.sup!.post('/api/cases', {
      source: 'inspection',
      enterpriseId: h.ids.enterpriseId,
      regionCode: '420111',
      title: '涉爆粉尘除尘器未设泄爆装置',
      description: '执法检查发现除尘器未设置泄爆装置',
    });
    const caseId = created.body.id as string;
    const common = { regionPath: DISTRICT.path, caseId, recipientEnterpriseId: h.ids.enterpriseId };
    const values = { 企业名称: '武汉测试机械制造有限公司1', 隐患名称: '涉爆粉尘除尘器未设泄爆装置' };
    notice = (
      await issueDocument(
        h.db.db,
        { ...common, kind: 'listing_notice', data: { values }, idempotencyKey: 'n1' },
        { uploadDir: h.config.uploadDir },
      )
    ).id;
    advice = (
      await issueDocument(
        h.db.db,
        { ...common, kind: 'enforcement_advice', data: { values }, idempotencyKey: 'a1' },
        { uploadDir: h.config.uploadDir },
      )
    ).id;
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('shows each document to those who may read it: the enterprise only what was issued to it', async () => {
    const ids = async (who: string) =>
      ((await as[who]!.get('/api/official-documents')).body as { id: string }[]).map((d) => d.id).sort();
    expect(await ids('sup')).toEqual([notice, advice].sort());
    expect(await ids('admin')).toEqual([notice, advice].sort());
    expect(await ids('ent')).toEqual([notice]); // the 执法建议书 is between agencies
    expect(await ids('ent-other')).toEqual([]);
    expect(await ids('sup-other')).toEqual([]);
    expect((await as.ent!.get(`/api/official-documents/${advice}`)).status).toBe(404);
    expect((await as['ent-other']!.get(`/api/official-documents/${notice}/pdf`)).status).toBe(404);
    // The case's file list hides the internal document from the enterprise too.
    const files = (await as.ent!.get('/api/documents')).body as { id: string }[];
    expect(files.map((f) => f.id)).not.toContain(advice);
  });

  it('downloads the PDF with its content hash, and the DOCX', async () => {
    const one = (await as.ent!.get(`/api/official-documents/${notice}`)).body;
    expect(one.number).toMatch(/^洪安委办〔\d{4}〕1号$/);
    const pdf = await h.app.request(`/api/official-documents/${notice}/pdf`, {
      headers: { cookie: await cookieOf('ent') },
    });
    expect(pdf.status).toBe(200);
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(pdf.headers.get('x-content-sha256'));
    expect(pdf.headers.get('x-content-sha256')).toBe(one.sha256);
    const docx = await h.app.request(`/api/official-documents/${notice}/docx`, {
      headers: { cookie: await cookieOf('ent') },
    });
    expect(docx.status).toBe(200);
    expect(
      Buffer.from(await docx.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
  });

  it('lets administrators version templates, refusing unknown placeholders by field; others may not', async () => {
    const tpl = { title: '督办函', addressee: '{{企业名称}}', body: '{{企业名称}}：请整改。' };
    const day = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const bad = await as.admin!.post('/api/document-templates', {
      regionCode: '420111',
      kind: 'urging_letter',
      effectiveFrom: day,
      body: { ...tpl, body: '{{企业}}' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors['body.body']).toContain('{{企业}}');
    const v1 = await as.admin!.post('/api/document-templates', {
      regionCode: '420111',
      kind: 'urging_letter',
      effectiveFrom: day,
      body: tpl,
    });
    expect(v1.status).toBe(201);
    const v2 = await as.admin!.post('/api/document-templates', {
      regionCode: '420111',
      kind: 'urging_letter',
      effectiveFrom: day,
      body: { ...tpl, title: '督办函（第二版）' },
    });
    expect([v1.body.version, v2.body.version]).toEqual([1, 2]);
    expect(
      (
        await as.sup!.post('/api/document-templates', {
          regionCode: '420111',
          kind: 'urging_letter',
          effectiveFrom: day,
          body: tpl,
        })
      ).status,
    ).toBe(403);
    expect((await as.sup!.get('/api/document-templates')).status).toBe(403);
    const preview = await as.admin!.post('/api/document-templates/preview', {
      kind: 'urging_letter',
      body: tpl,
    });
    expect(preview.status).toBe(200);
    expect(preview.body.svg).toContain('<svg');
    expect(preview.body.pages).toBeGreaterThanOrEqual(1);
    const kinds = await as.ent!.get('/api/document-kinds');
    expect(kinds.body.find((k: { id: string }) => k.id === 'urging_letter').name).toBe('督办函');
  });

  it('keeps each person’s notifications their own: unread count, mark read, mark all', async () => {
    await h.db.db.transaction((tx) =>
      enqueueNotifications(tx, [
        {
          key: 't1',
          kind: 'document_issued',
          audience: { enterprise: h.ids.enterpriseId },
          subject: '公文送达',
          body: '你单位收到督办函',
        },
      ]),
    );
    expect(
      await raiseAdminAlert(h.db.db, {
        key: 'audit:1',
        subject: '审计链校验失败',
        body: '第12条记录哈希不符',
      }),
    ).toBe(1);
    await createDispatchActivities({ db: h.db.db }).dispatchOutbox({ limit: 50 });
    expect((await as.ent!.get('/api/notifications/unread-count')).body.count).toBe(1);
    expect((await as['ent-other']!.get('/api/notifications/unread-count')).body.count).toBe(0);
    const alerts = (await as.admin!.get('/api/notifications')).body;
    expect(alerts[0].title).toBe('审计链校验失败');
    const [mine] = (await as.ent!.get('/api/notifications?filter=%7B%22unread%22%3Atrue%7D')).body;
    expect((await as['ent-other']!.post(`/api/notifications/${mine.id}/read`)).status).toBe(404);
    expect((await as.ent!.post(`/api/notifications/${mine.id}/read`)).body.readAt).toBeTruthy();
    expect((await as.ent!.get('/api/notifications/unread-count')).body.count).toBe(0);
    expect((await as.admin!.post('/api/notifications/read-all')).body.count).toBe(1);
  });

  it('tells the assignee of a task when it is urged (催办), in the transaction that records it', async () => {
    const tasks = (await as.sup!.get('/api/tasks')).body as { id: string; kind: string }[];
    const judge = tasks.find((t) => t.kind === 'judge')!;
    const r = await as.leader!.post('/api/tasks/bulk/remind', { ids: [judge.id] });
    expect(r.body.data).toEqual([judge.id]);
    await createDispatchActivities({ db: h.db.db }).dispatchOutbox({ limit: 50 });
    const [urged] = (await as.sup!.get('/api/notifications')).body;
    expect(urged.kind).toBe('urged');
    expect(urged.title).toContain('催办');
    expect(urged.body).toContain('leader');
    // The supervisor of the other district is not told.
    expect((await as['sup-other']!.get('/api/notifications/unread-count')).body.count).toBe(0);
  });

  it('takes channel choices only for channels this deployment offers, naming the field', async () => {
    const r = await as.ent!.put('/api/me/notification-preferences', { email: 'a@b.cn', channels: ['email'] });
    expect(r.status).toBe(422); // no SMTP_URL in the harness
    expect(r.body.errors.channels).toContain('邮件');
    const ok = await as.ent!.put('/api/me/notification-preferences', { email: 'a@b.cn', channels: [] });
    expect(ok.body).toMatchObject({ email: 'a@b.cn', channels: [], available: [] });
  });

  it('lets administrators subscribe other systems, showing the secret once', async () => {
    expect((await as.sup!.get('/api/webhook-subscriptions')).status).toBe(403);
    const made = await as.admin!.post('/api/webhook-subscriptions', {
      name: '市平台',
      url: 'https://city.example.cn/hook',
    });
    expect(made.status).toBe(201);
    expect(made.body.secret.length).toBeGreaterThan(20);
    const list = (await as.admin!.get('/api/webhook-subscriptions')).body;
    expect(list[0]).not.toHaveProperty('secret');
    const bad = await as.admin!.post('/api/webhook-subscriptions', { name: 'x', url: 'ftp://x' });
    expect(bad.status).toBe(422);
  });

  async function cookieOf(username: string): Promise<string> {
    const res = await h.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'Duban#Test2026' }),
    });
    return res.headers.get('set-cookie')!.split(';')[0]!;
  }
});
