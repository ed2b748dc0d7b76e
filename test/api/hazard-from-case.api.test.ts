import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { schema } from '../../db/client.js';
import { addCalendarDays, shanghaiDate } from '../../domain/calendar.js';
import { verifiedAuditChain } from '../helpers/audit.js';
import { PASSWORD, loginAs, startHarness, type Harness } from './harness.js';

type Client = Awaited<ReturnType<typeof loginAs>>;
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const report = (enterpriseId: string, title: string) => ({
  source: 'inspection',
  enterpriseId,
  regionCode: '420111',
  title,
  description: '配电箱未接地',
  location: '三号仓库',
});
const bySourceRef = (caseId: string) =>
  `/api/general-hazards?filter=${encodeURIComponent(JSON.stringify({ sourceRef: caseId }))}`;

/**
 * A major case judged "general" lands in the general-hazard ledger (real Temporal dev server, worker, PostgreSQL,
 * API): the case ends `downgraded`, the hazard is open with the policy's deadline, the enterprise rectifies it, each
 * role sees it only in its own scope, and the write is audited. A case judged "not a hazard" lands nowhere.
 */
describe('a downgraded major case lands in the general-hazard ledger', () => {
  let h: Harness;
  const as: Record<string, Client> = {};
  const today = shanghaiDate(new Date());

  beforeAll(async () => {
    h = await startHarness();
    for (const u of ['admin', 'sup', 'sup-other', 'leader', 'ent', 'ent-other', 'expert', 'grid'])
      as[u] = await loginAs(h.app, u);
  });
  afterAll(() => h?.stop());

  it('judged general: the case is downgraded and an open general hazard names it', async () => {
    const created = await as.sup!.post('/api/cases', report(h.ids.enterpriseId, '仓库配电箱未接地'));
    expect(created.status).toBe(201);
    const caseId = created.body.id as string;
    expect((await as.sup!.get(bySourceRef(caseId))).body).toEqual([]);

    const judged = await as.sup!.post(`/api/cases/${caseId}/judge`, {
      decision: 'general',
      reason: '不构成重大事故隐患，按一般隐患整改',
    });
    expect(judged.status).toBe(200);
    expect(judged.body.status).toBe('downgraded');

    const list = await as.sup!.get(bySourceRef(caseId));
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(1);
    const hazard = list.body[0];
    expect(hazard).toMatchObject({
      enterpriseId: h.ids.enterpriseId,
      source: 'case_downgrade',
      sourceRef: caseId,
      status: 'open',
      light: 'green',
      deadline: addCalendarDays(today, 7), // DEFAULT_DUTY_POLICY.hazard.rectifyWithin, counted from the judgement
      description: '仓库配电箱未接地：配电箱未接地',
      location: '三号仓库',
      foundOn: today,
      reporterRole: 'supervisor',
      reportedBy: h.ids.users.sup,
    });
    const detail = await as.sup!.get(`/api/general-hazards/${hazard.id}`);
    expect(detail.body.events).toEqual([
      expect.objectContaining({
        type: 'downgraded_from_case',
        actorId: h.ids.users.sup,
        payload: expect.objectContaining({ caseId, reason: '不构成重大事故隐患，按一般隐患整改' }),
      }),
    ]);

    // Own and foreign: the enterprise and its district see it; the other enterprise and district do not.
    expect((await as.ent!.get(`/api/general-hazards/${hazard.id}`)).status).toBe(200);
    expect((await as.leader!.get(`/api/general-hazards/${hazard.id}`)).status).toBe(200);
    expect((await as.admin!.get(`/api/general-hazards/${hazard.id}`)).status).toBe(200);
    for (const u of ['ent-other', 'sup-other', 'expert', 'grid'])
      expect((await as[u]!.get(`/api/general-hazards/${hazard.id}`)).status, u).toBe(404);
    expect((await as['sup-other']!.get(bySourceRef(caseId))).body).toEqual([]);

    // It is an ordinary ledger row from here: the enterprise rectifies it with an after-photo.
    const login = await h.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ent', password: PASSWORD }),
    });
    const form = new FormData();
    form.set('file', new Blob([PNG], { type: 'image/png' }), 'after.png');
    form.set('hazardId', hazard.id);
    form.set('kind', 'after_photo');
    const photo = await h.app.request('/api/documents', {
      method: 'POST',
      headers: { cookie: login.headers.get('set-cookie')!.split(';')[0]! },
      body: form,
    });
    expect(photo.status).toBe(201);
    const rectified = await as.ent!.post(`/api/general-hazards/${hazard.id}/rectify`, {
      rectifiedOn: today,
      measures: '配电箱已重新接地并检测合格',
      documentIds: [((await photo.json()) as { id: string }).id],
    });
    expect(rectified.status).toBe(200);
    expect(rectified.body).toMatchObject({ status: 'closed', onTime: true });

    // Audited: the judgement (API) and the ledger entry (the transition write), in an unbroken chain.
    const log = await verifiedAuditChain(h.db.db);
    const entry = log.filter((e) => e.action === 'ledger_from_case');
    expect(entry).toHaveLength(1);
    expect(entry[0]).toMatchObject({
      resource: 'general_hazards',
      resourceId: hazard.id,
      actorId: h.ids.users.sup,
      payload: expect.objectContaining({ caseId }),
    });
    expect(log.some((e) => e.action === 'judge' && e.resourceId === caseId)).toBe(true);
  });

  it('judged not a hazard, or refused: nothing enters the ledger', async () => {
    const a = (await as.sup!.post('/api/cases', report(h.ids.enterpriseId, '误报'))).body.id as string;
    const dismissed = await as.sup!.post(`/api/cases/${a}/judge`, {
      decision: 'not_hazard',
      reason: '现场核实无隐患',
    });
    expect(dismissed.body.status).toBe('dismissed');
    expect((await as.sup!.get(bySourceRef(a))).body).toEqual([]);

    const b = (await as.sup!.post('/api/cases', report(h.ids.otherEnterpriseId, '另一企业'))).body
      .id as string;
    // Refused commands change nothing: the enterprise may not judge, nor another district's supervisor.
    const byEnterprise = await as['ent-other']!.post(`/api/cases/${b}/judge`, {
      decision: 'general',
      reason: '自己研判',
    });
    expect(byEnterprise.status).toBe(403);
    expect(byEnterprise.body.error.message).toContain('无权');
    expect(
      (await as['sup-other']!.post(`/api/cases/${b}/judge`, { decision: 'general', reason: '越权' })).status,
    ).toBe(404);
    const rows = await h.db.db
      .select()
      .from(schema.generalHazards)
      .where(eq(schema.generalHazards.sourceRef, b));
    expect(rows).toEqual([]);
  });
});
