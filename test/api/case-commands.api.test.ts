import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../db/client.js';
import { addCalendarDays, shanghaiDate } from '../../domain/calendar.js';
import { loginAs, startHarness, uploadTo, type Harness } from './harness.js';

type Client = Awaited<ReturnType<typeof loginAs>>;
const inDays = (n: number) => addCalendarDays(shanghaiDate(new Date()), n);
const report = (enterpriseId: string | undefined, title: string) => ({
  source: 'inspection',
  ...(enterpriseId ? { enterpriseId } : {}),
  regionCode: '420111',
  title,
  description: '执法检查发现除尘器未设置泄爆装置',
});
const listing = {
  level: 'county',
  listingAuthority: '洪山区安委办',
  supervisingUnit: '洪山区应急管理局',
  rectificationDeadline: inDays(60),
  interimControls: ['stop_use'],
};

/**
 * Case commands on the real stack (PostgreSQL, Temporal dev server, the case worker, the API): the enterprise's
 * 书面承诺 after a 约谈; evidence only from the case's own files of the caller's side; the listing notice served.
 */
describe('case commands through the API', () => {
  let h: Harness;
  const as: Record<string, Client> = {};

  const upload = (who: string, caseId: string, kind = 'minutes') => uploadTo(h.app, as[who]!, caseId, kind);
  const listedCase = async (title: string) => {
    const created = await as.sup!.post('/api/cases', report(h.ids.enterpriseId, title));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const judged = await as.sup!.post(`/api/cases/${id}/judge`, {
      decision: 'major',
      reason: '符合判定标准',
      clauseId: h.ids.clauseId,
    });
    expect(judged.status).toBe(200);
    expect((await as.sup!.post(`/api/cases/${id}/list`, listing)).status).toBe(200);
    return id;
  };

  beforeAll(async () => {
    h = await startHarness();
    for (const u of ['admin', 'sup', 'ent', 'ent-other', 'leader']) as[u] = await loginAs(h.app, u);
  });
  afterAll(async () => h?.stop());

  it('the enterprise submits the 书面承诺 a 约谈 asked for: text and signed scan, the task closes', async () => {
    const id = await listedCase('约谈后书面承诺');
    const none = await as.ent!.post(`/api/cases/${id}/submit-commitment`, {
      text: '我单位承诺按期整改',
      signedScanDocumentId: (await upload('ent', id)).body.id,
    });
    expect(none.status).toBe(409);
    expect(none.body.error.message).toContain('没有待提交的书面承诺');

    const esc = await as.sup!.post(`/api/cases/${id}/escalate`, {
      step: 'interview',
      reason: '方案逾期未报',
    });
    expect(esc.status).toBe(200);
    const escalationId = (esc.body.view.escalations as Array<{ id: string; step: string }>).find(
      (e) => e.step === 'interview',
    )!.id;
    const minutes = await as.sup!.post(`/api/cases/${id}/record-escalation-outcome`, {
      escalationId,
      outcome: '已约谈主要负责人',
      minutes: '约谈纪要：限期提交书面承诺',
    });
    expect(minutes.status).toBe(200);
    const task = (minutes.body.view.openTasks as Array<{ kind: string }>).find(
      (t) => t.kind === 'written_commitment',
    );
    expect(task).toBeTruthy();

    const scan = await upload('ent', id);
    expect(scan.status).toBe(201);
    // Only the responsible enterprise: a supervisor, a leader and another enterprise are refused.
    const body = { text: '我单位承诺于限期内完成整改', signedScanDocumentId: scan.body.id };
    expect((await as.sup!.post(`/api/cases/${id}/submit-commitment`, body)).status).toBe(403);
    expect((await as.leader!.post(`/api/cases/${id}/submit-commitment`, body)).status).toBe(403);
    expect([403, 404]).toContain(
      (await as['ent-other']!.post(`/api/cases/${id}/submit-commitment`, body)).status,
    );
    const noScan = await as.ent!.post(`/api/cases/${id}/submit-commitment`, { text: '承诺' });
    expect(noScan.status).toBe(422);
    expect(noScan.body.errors.signedScanDocumentId).toContain('扫描件');

    const done = await as.ent!.post(`/api/cases/${id}/submit-commitment`, body);
    expect(done.status).toBe(200);
    expect(done.body.view.openTasks.some((t: { kind: string }) => t.kind === 'written_commitment')).toBe(
      false,
    );
    expect(done.body.view.details.writtenCommitments).toEqual([
      expect.objectContaining({ escalationId, text: body.text, signedScanDocumentId: scan.body.id }),
    ]);
    const again = await as.ent!.post(`/api/cases/${id}/submit-commitment`, body);
    expect(again.status).toBe(409);
  });

  it('takes as evidence only files of this case uploaded by the caller’s side, and no new file on an ended case', async () => {
    const id = await listedCase('证据须为本案件本单位材料');
    const other = await listedCase('另一案件');
    const plan = {
      responsiblePerson: '赵厂长',
      responsiblePhone: '13800138000',
      measures: '加装泄爆片',
      funds: 1000,
      timeLimit: inDays(30),
      emergencyPlan: '专项应急预案',
      objectives: '消除隐患',
      interimSafetyMeasures: '停用除尘系统',
    };
    const stranger = crypto.randomUUID();
    const unknown = await as.ent!.post(`/api/cases/${id}/submit-plan`, { ...plan, documentIds: [stranger] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors.documentIds).toContain('不是本案件的材料');
    const elsewhere = (await upload('ent', other, 'plan')).body.id;
    const otherCase = await as.ent!.post(`/api/cases/${id}/submit-plan`, {
      ...plan,
      documentIds: [elsewhere],
    });
    expect(otherCase.status).toBe(422);
    expect(otherCase.body.errors.documentIds).toContain('不是本案件的材料');
    const bySupervisor = (await upload('sup', id, 'plan')).body.id;
    const wrongSide = await as.ent!.post(`/api/cases/${id}/submit-plan`, {
      ...plan,
      documentIds: [bySupervisor],
    });
    expect(wrongSide.status).toBe(422);
    expect(wrongSide.body.errors.documentIds).toContain('不是本单位上传的材料');
    expect((await as.ent!.get(`/api/cases/${id}`)).body.status).toBe('listed'); // nothing applied
    const own = (await upload('ent', id, 'plan')).body.id;
    const ok = await as.ent!.post(`/api/cases/${id}/submit-plan`, { ...plan, documentIds: [own] });
    expect(ok.status).toBe(200);
    expect(ok.body.view.details.plan.documentIds).toEqual([own]);

    // A withdrawn case takes no new file.
    expect((await as.sup!.post(`/api/cases/${other}/withdraw`, { reason: '重复立案' })).status).toBe(200);
    const late = await upload('ent', other);
    expect(late.status).toBe(409);
    expect(JSON.stringify(late.body)).toContain('不能再上传材料');
  });

  it('serves the 挂牌督办通知书 generated at listing for download', async () => {
    const id = await listedCase('挂牌督办通知书可下载');
    const docs = await as.sup!.get(
      `/api/documents?filter=${encodeURIComponent(JSON.stringify({ caseId: id, kind: 'listing_notice' }))}`,
    );
    expect(docs.status).toBe(200);
    expect(docs.body).toHaveLength(1);
    for (const who of ['sup', 'ent']) {
      const res = await h.app.request(`/api/documents/${docs.body[0].id}/content`, {
        headers: { cookie: as[who]!.cookie },
      });
      expect([who, res.status]).toEqual([who, 200]);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      expect(bytes.length).toBe(docs.body[0].size);
    }
    // A notice generated before the documents engine: its row holds the upload folder in its path.
    const oldId = crypto.randomUUID();
    const html = '<html><body>挂牌督办通知书</body></html>';
    const file = path.join(h.config.uploadDir, 'generated', `${oldId}.html`);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, html, 'utf8');
    await h.db.db.insert(schema.documents).values({
      id: oldId,
      caseId: id,
      kind: 'listing_notice',
      filename: '挂牌督办通知书.html',
      mimeType: 'text/html',
      size: Buffer.byteLength(html),
      sha256: createHash('sha256').update(html).digest('hex'),
      storagePath: file,
    });
    const old = await h.app.request(`/api/documents/${oldId}/content`, {
      headers: { cookie: as.sup!.cookie },
    });
    expect(old.status).toBe(200);
    expect(await old.text()).toBe(html);
    // A path that leaves the upload folder is not served.
    const outside = crypto.randomUUID();
    await h.db.db.insert(schema.documents).values({
      id: outside,
      caseId: id,
      kind: 'other',
      filename: 'passwd',
      mimeType: 'text/plain',
      size: 1,
      sha256: 'x',
      storagePath: '../../../../etc/passwd',
    });
    const refused = await h.app.request(`/api/documents/${outside}/content`, {
      headers: { cookie: as.sup!.cookie },
    });
    expect(refused.status).toBe(404);
  });

  it('a public 举报 is listed only once a supervisor attaches the responsible enterprise; the tracking code keeps working', async () => {
    const received = await h.app.request('/api/public/reports', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        regionCode: '420111',
        title: '群众举报：仓库堆放易燃物',
        description: '某厂仓库堆放大量易燃物，无人看管',
        enterpriseName: '某化工厂',
      }),
    });
    expect(received.status).toBe(201);
    const { trackingCode } = (await received.json()) as { trackingCode: string };
    const found = await as.sup!.get(
      `/api/cases?filter=${encodeURIComponent(JSON.stringify({ q: '群众举报：仓库堆放易燃物' }))}`,
    );
    const id = found.body[0].id as string;
    expect(found.body[0].enterpriseId).toBeNull();
    const judged = await as.sup!.post(`/api/cases/${id}/judge`, {
      decision: 'major',
      reason: '符合判定标准',
      clauseId: h.ids.clauseId,
    });
    expect(judged.status).toBe(200);
    // Listing would start the enterprise's plan deadline: refused, naming the field, until the enterprise is attached.
    const early = await as.sup!.post(`/api/cases/${id}/list`, listing);
    expect(early.status).toBe(422);
    expect(early.body.errors.enterpriseId).toContain('关联责任企业');

    // Only supervisors attach, only an enterprise of their territory, and only once.
    const body = { enterpriseId: h.ids.enterpriseId, note: '经核查为该企业' };
    expect((await as.ent!.post(`/api/cases/${id}/attach-enterprise`, body)).status).toBe(404);
    expect((await as.leader!.post(`/api/cases/${id}/attach-enterprise`, body)).status).toBe(403);
    const unknown = await as.sup!.post(`/api/cases/${id}/attach-enterprise`, {
      enterpriseId: crypto.randomUUID(),
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors.enterpriseId).toBeTruthy();
    const attached = await as.sup!.post(`/api/cases/${id}/attach-enterprise`, body);
    expect(attached.status).toBe(200);
    expect(attached.body).toMatchObject({ enterpriseId: h.ids.enterpriseId, status: 'judged' });
    expect(attached.body.enterpriseName).not.toBe('某化工厂');
    expect((await as.sup!.post(`/api/cases/${id}/attach-enterprise`, body)).status).toBe(409);

    // Now the enterprise sees its case, the listing starts its deadline, and the public still follows it by code.
    expect((await as.ent!.get(`/api/cases/${id}`)).status).toBe(200);
    const listed = await as.sup!.post(`/api/cases/${id}/list`, listing);
    expect(listed.status).toBe(200);
    expect(listed.body.view.openTasks.some((t: { kind: string }) => t.kind === 'submit_plan')).toBe(true);
    const tracked = await h.app.request(`/api/public/reports/${trackingCode}`);
    expect(tracked.status).toBe(200);
    expect(await tracked.json()).toMatchObject({ trackingCode, closed: false });
  });
});
