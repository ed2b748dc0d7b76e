import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../db/client.js';
import { addCalendarDays, shanghaiDate } from '../../domain/calendar.js';
import { eq } from 'drizzle-orm';
import { computeDates, createWorkingCalendar, yearsFromChineseDays } from '../../domain/calendar.js';
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { allowedActions } from '../../domain/case-actions.js';
import { verifiedRefusals, verifiedWrites } from '../helpers/audit.js';
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

  it('停表: the enterprise asks with reason, days and its own evidence; the listing authority decides; resuming restores the working days left', async () => {
    const id = await listedCase('停表申请');
    const today = shanghaiDate(new Date());
    expect(
      (
        await as.sup!.post(`/api/cases/${id}/confirm-publication`, {
          kind: 'listing',
          publishedOn: today,
          reference: '挂牌公示',
        })
      ).status,
    ).toBe(200);
    const plan = {
      responsiblePerson: '赵厂长',
      responsiblePhone: '13800138000',
      measures: '加装泄爆片',
      funds: 1000,
      timeLimit: inDays(60),
      emergencyPlan: '预案',
      objectives: '消除隐患',
      interimSafetyMeasures: '停用',
    };
    expect((await as.ent!.post(`/api/cases/${id}/submit-plan`, plan)).status).toBe(200);
    const approved = await as.sup!.post(`/api/cases/${id}/review-plan`, { decision: 'approve' });
    expect(approved.status).toBe(200);
    const deadline = approved.body.view.rectificationDeadline as string;

    // Evidence must be this case's file uploaded by the enterprise; the fields are named in Chinese.
    const request = { reason: '上游供电线路改造停电', days: 5, documentIds: [crypto.randomUUID()] };
    const foreign = await as.ent!.post(`/api/cases/${id}/request-suspension`, request);
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors.documentIds).toContain('不是本案件的材料');
    const evidence = await upload('ent', id, 'evidence');
    expect(evidence.status).toBe(201);
    const body = { ...request, documentIds: [evidence.body.id] };
    expect((await as.sup!.post(`/api/cases/${id}/request-suspension`, body)).status).toBe(403);
    const tooLong = await as.ent!.post(`/api/cases/${id}/request-suspension`, { ...body, days: 61 });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.errors.days).toContain('不能超过60个工作日');
    const noReason = await as.ent!.post(`/api/cases/${id}/request-suspension`, { ...body, reason: '' });
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors.reason).toContain('停表理由');
    const noEvidence = await as.ent!.post(`/api/cases/${id}/request-suspension`, {
      ...body,
      documentIds: [],
    });
    expect(noEvidence.status).toBe(422);
    expect(noEvidence.body.errors.documentIds).toBe('申请停表须上传证明材料');

    const asked = await as.ent!.post(`/api/cases/${id}/request-suspension`, body);
    expect(asked.status).toBe(200);
    // What the console offers, from the same rows: no second request while one waits.
    const entUser = { role: 'enterprise' as const, enterpriseId: h.ids.enterpriseId };
    expect(allowedActions(asked.body, entUser)).not.toContain('request-suspension');
    const task = (await h.db.db.select().from(schema.tasks).where(eq(schema.tasks.caseId, id))).find(
      (t) => t.kind === 'decide_suspension',
    );
    expect(task).toMatchObject({ status: 'open', assigneeRole: 'supervisor' });
    expect((await as.ent!.post(`/api/cases/${id}/request-suspension`, body)).status).toBe(409);

    expect((await as.ent!.post(`/api/cases/${id}/decide-suspension`, { approve: true })).status).toBe(403);
    const over = await as.sup!.post(`/api/cases/${id}/decide-suspension`, { approve: true, days: 61 });
    expect(over.status).toBe(422);
    expect(over.body.errors.days).toContain('60个工作日');
    const bare = await as.sup!.post(`/api/cases/${id}/decide-suspension`, { approve: false });
    expect(bare.status).toBe(422);
    expect(bare.body.errors.reason).toBe('不予批准须说明理由');
    const granted = await as.sup!.post(`/api/cases/${id}/decide-suspension`, {
      approve: true,
      days: 3,
      reason: '情况属实',
    });
    expect(granted.status).toBe(200);
    expect(granted.body.status).toBe('suspended');
    // The worker's calendar: the package's years, a year it does not know yet estimated on weekends (as the worker does).
    const calendar = createWorkingCalendar(yearsFromChineseDays(chineseDays));
    const addWorking = (from: string, n: number) =>
      computeDates(calendar, from, [{ amount: n, unit: 'working' }])[0]!.date;
    const until = addWorking(today, 3);
    expect(granted.body.view.details.suspension).toMatchObject({ days: 3, until });
    const left = granted.body.view.details.suspension.remainingWorkingDays as number;
    let n = 0;
    const end = new Date(Date.parse(deadline) + 8 * 3_600_000).toISOString().slice(0, 10);
    while (addWorking(today, n + 1) <= end) n += 1;
    expect(left).toBe(n);
    expect((await h.db.db.select().from(schema.tasks).where(eq(schema.tasks.id, task!.id)))[0]!.status).toBe(
      'done',
    );
    expect((await as.ent!.post(`/api/cases/${id}/request-suspension`, body)).status).toBe(409);

    // A supervisor resumes early: the deadline is today + the working days that were left.
    expect((await as.ent!.post(`/api/cases/${id}/resume`, {})).status).toBe(403);
    const resumed = await as.sup!.post(`/api/cases/${id}/resume`, { note: '已恢复供电' });
    expect(resumed.status).toBe(200);
    expect(resumed.body.status).toBe('rectifying');
    const newEnd = new Date(Date.parse(resumed.body.view.deadline) + 8 * 3_600_000)
      .toISOString()
      .slice(0, 10);
    expect(newEnd).toBe(addWorking(today, left));

    // Hash-chained events, audited writes and refusals.
    const types = (
      await h.db.db.select().from(schema.caseEvents).where(eq(schema.caseEvents.caseId, id))
    ).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['suspension_requested', 'suspended', 'resumed']));
    const writes = (await verifiedWrites(h.db.db)).filter((e) => e.resourceId === id).map((e) => e.action);
    expect(writes).toEqual(expect.arrayContaining(['request-suspension', 'decide-suspension', 'resume']));
    const refused = (await verifiedRefusals(h.db.db)).filter((e) =>
      e.why.path.endsWith(`${id}/decide-suspension`),
    );
    expect(refused.map((e) => e.why.status).sort()).toEqual([403, 422, 422]);
  });
});
