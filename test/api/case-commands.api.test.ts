import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays, shanghaiDate } from '../../domain/calendar.js';
import { loginAs, startHarness, type Harness } from './harness.js';

type Client = Awaited<ReturnType<typeof loginAs>>;
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
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
 * Case commands the table had without a way to reach them, on the real stack (PostgreSQL, Temporal dev server, the
 * case worker, the API): the enterprise's 书面承诺 after a 约谈.
 */
describe('case commands through the API', () => {
  let h: Harness;
  const as: Record<string, Client> = {};

  const upload = async (who: string, caseId: string, kind = 'minutes') => {
    const form = new FormData();
    form.set('file', new Blob([PNG], { type: 'image/png' }), 'scan.png');
    form.set('caseId', caseId);
    form.set('kind', kind);
    const res = await h.app.request('/api/documents', {
      method: 'POST',
      headers: { cookie: as[who]!.cookie },
      body: form,
    });
    return { status: res.status, body: (await res.json()) as { id: string } & Record<string, unknown> };
  };
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
});
