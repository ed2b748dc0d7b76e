import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../db/client.js';
import { hashPassword } from '../../db/password.js';
import { PASSWORD, loginAs, startHarness, uploadTo, type Harness } from './harness.js';

type Client = Awaited<ReturnType<typeof loginAs>>;
const q = (filter: unknown) => `?filter=${encodeURIComponent(JSON.stringify(filter))}`;
const inDays = (n: number) =>
  new Date(Date.now() + n * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
const total = (res: { headers: Headers }) => Number(res.headers.get('content-range')!.split('/')[1]);

/**
 * 邀请专家参加验收 on the real stack: an expert sees exactly the cases they are invited to (whatever the status) and
 * nothing else; only supervisors invite, and only active experts of their territory.
 */
describe('expert invitations on the real stack', () => {
  let h: Harness;
  const as: Record<string, Client> = {};
  const experts: Record<string, string> = {};
  let caseId: string;
  let otherCaseId: string;

  beforeAll(async () => {
    h = await startHarness();
    // This suite's own experts: a second one in the district, one in a neighbouring district, one of the city's pool
    // (武汉市, above the district), one no longer active.
    const hash = await hashPassword(PASSWORD);
    const rows = await h.db.db
      .insert(schema.users)
      .values(
        [
          { username: 'expert-2', regionCode: '420111', active: true },
          { username: 'expert-jiangan', regionCode: '420102', active: true },
          { username: 'expert-city', regionCode: '420100', active: true },
          { username: 'expert-retired', regionCode: '420111', active: false },
        ].map((u) => ({
          ...u,
          role: 'expert' as const,
          displayName: `专家${u.username}`,
          passwordHash: hash,
        })),
      )
      .returning({ id: schema.users.id, username: schema.users.username });
    for (const r of rows) experts[r.username] = r.id;
    for (const u of ['admin', 'sup', 'sup-other', 'leader', 'ent', 'expert', 'expert-2', 'grid'])
      as[u] = await loginAs(h.app, u);

    // Two cases driven to acceptance through the API, as people would.
    const toAcceptance = async (title: string) => {
      const created = await as.sup!.post('/api/cases', {
        source: 'inspection',
        enterpriseId: h.ids.enterpriseId,
        regionCode: '420111',
        title,
        description: '执法检查发现除尘器未设置泄爆装置',
      });
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      const steps: Array<[Client, string, unknown | (() => Promise<unknown>)]> = [
        [as.sup!, 'judge', { decision: 'major', clauseId: h.ids.clauseId, reason: '符合判定标准' }],
        [
          as.sup!,
          'list',
          {
            level: 'county',
            listingAuthority: '洪山区安委办',
            supervisingUnit: '洪山区应急管理局',
            rectificationDeadline: inDays(60),
            interimControls: ['stop_use'],
          },
        ],
        [
          as.ent!,
          'submit-plan',
          {
            responsiblePerson: '赵厂长',
            responsiblePhone: '13800138000',
            measures: '加装泄爆片',
            funds: 380000,
            timeLimit: inDays(50),
            emergencyPlan: '专项应急预案',
            objectives: '消除隐患',
            interimSafetyMeasures: '停用除尘系统',
          },
        ],
        [as.sup!, 'review-plan', { decision: 'approve' }],
        [
          as.ent!,
          'apply-acceptance',
          async () => ({
            completionReport: '已整改',
            documentIds: [(await uploadTo(h.app, as.ent!, id)).body.id],
          }),
        ],
      ];
      for (const [who, path, body] of steps) {
        const sent = typeof body === 'function' ? await (body as () => Promise<unknown>)() : body;
        const res = await who.post(`/api/cases/${id}/${path}`, sent);
        expect([path, res.status]).toEqual([path, 200]);
      }
      return id;
    };
    caseId = await toAcceptance('抛光车间除尘器未设泄爆装置');
    otherCaseId = await toAcceptance('打磨车间除尘器未设泄爆装置');
  });
  afterAll(async () => h?.stop());

  it('lists the experts of the caller’s territory for supervisors to pick, by id too', async () => {
    const res = await as.sup!.get(`/api/assignees${q({ role: 'expert' })}`);
    expect(res.status).toBe(200);
    // The district's own and the city's pool above it; not the neighbouring district's.
    expect(res.body.map((u: { id: string }) => u.id).sort()).toEqual(
      [h.ids.users.expert!, experts['expert-2']!, experts['expert-city']!].sort(),
    );
    expect(res.body.every((u: { role: string }) => u.role === 'expert')).toBe(true);
    expect(total(res)).toBe(3);
    // Without the filter: supervisors and leaders, as before (for reassigning tasks).
    const plain = await as.sup!.get('/api/assignees');
    expect(new Set(plain.body.map((u: { role: string }) => u.role))).toEqual(
      new Set(['supervisor', 'leader']),
    );
    // react-admin's getMany: the selected ids, whatever their role.
    const many = await as.sup!.get(`/api/assignees${q({ id: [h.ids.users.expert] })}`);
    expect(many.body.map((u: { id: string }) => u.id)).toEqual([h.ids.users.expert]);
    const admin = await as.admin!.get(`/api/assignees${q({ role: 'expert' })}`);
    expect(total(admin)).toBe(3 + 1); // every territory; the inactive one never
    const jiangan = (await as['sup-other']!.get(`/api/assignees${q({ role: 'expert' })}`)).body;
    expect(jiangan.map((u: { id: string }) => u.id).sort()).toEqual(
      [experts['expert-jiangan']!, experts['expert-city']!].sort(),
    );
    const bad = await as.sup!.get(`/api/assignees${q({ role: 'enterprise' })}`);
    expect(bad.status).toBe(422);
    expect(bad.body.errors['filter.role']).toBeTruthy();
    for (const who of ['ent', 'expert', 'grid'])
      expect((await as[who]!.get('/api/assignees')).status).toBe(403);
  });

  it('lets only supervisors invite, and only active experts of their territory (422 naming expertIds)', async () => {
    const before = await h.db.db.select().from(schema.caseEvents).where(eq(schema.caseEvents.caseId, caseId));
    const invite = (who: string, expertIds: string[]) =>
      as[who]!.post(`/api/cases/${caseId}/invite-experts`, { expertIds, note: '请现场核查' });
    const byEnterprise = await invite('ent', [h.ids.users.expert!]);
    expect(byEnterprise.status).toBe(403);
    expect(byEnterprise.body.error.code).toBe('FORBIDDEN');
    expect((await invite('expert', [h.ids.users.expert!])).status).toBe(404); // not invited: not theirs to see
    expect((await invite('sup-other', [h.ids.users.expert!])).status).toBe(404);
    for (const wrong of [
      h.ids.users.sup!, // not an expert
      randomUUID(), // nobody
      experts['expert-retired']!, // inactive
      experts['expert-jiangan']!, // another district
    ]) {
      const res = await invite('sup', [h.ids.users.expert!, wrong]);
      expect(res.status).toBe(422);
      expect(Object.keys(res.body.errors)).toEqual(['expertIds']);
      expect(res.body.errors.expertIds).toContain(wrong);
    }
    const dup = await invite('sup', [h.ids.users.expert!, h.ids.users.expert!]);
    expect(dup.status).toBe(422);
    expect(dup.body.errors.expertIds).toContain('不能重复');
    expect((await invite('sup', [])).body.errors.expertIds).toBeTruthy();
    const after = await h.db.db.select().from(schema.caseEvents).where(eq(schema.caseEvents.caseId, caseId));
    expect(after.length).toBe(before.length); // nothing refused entered the history

    const ok = await invite('sup', [h.ids.users.expert!]);
    expect(ok.status).toBe(200);
    expect(ok.body.view.details.invitedExperts).toEqual([
      expect.objectContaining({ id: h.ids.users.expert, name: 'expert', round: 1, note: '请现场核查' }),
    ]);
    const again = await invite('sup', [h.ids.users.expert!]);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('已受邀');
    // Once invited, the expert sees the case, but inviting is still not theirs to do.
    expect((await invite('expert', [experts['expert-2']!])).status).toBe(403);
    const audit = await h.db.db.select().from(schema.auditLog).orderBy(asc(schema.auditLog.id));
    expect(audit.filter((a) => a.action === 'invite-experts' && a.resourceId === caseId)).toHaveLength(1);
  });

  it('shows an expert exactly the cases they are invited to: list, read, timeline, tasks, documents, dashboard', async () => {
    const expert = as.expert!;
    expect((await expert.get(`/api/cases/${caseId}`)).status).toBe(200);
    const list = await expert.get('/api/cases');
    expect(list.body.map((c: { id: string }) => c.id)).toEqual([caseId]);
    expect(total(list)).toBe(1);
    const other = await expert.get(`/api/cases/${otherCaseId}`);
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('NOT_FOUND');
    const timeline = await expert.get(`/api/case-events${q({ caseId })}`);
    expect(timeline.status).toBe(200);
    expect(timeline.body.map((e: { type: string }) => e.type)).toEqual([
      'reported',
      'judged',
      'listed',
      'plan_submitted',
      'plan_approved',
      'acceptance_requested',
      'experts_invited',
    ]);
    expect((await expert.get(`/api/case-events${q({ caseId: otherCaseId })}`)).body).toEqual([]);
    const mine = await expert.get(`/api/tasks${q({ mine: true, status: 'open' })}`);
    expect(mine.body).toEqual([
      expect.objectContaining({ caseId, kind: 'expert_opinion', assigneeUserId: h.ids.users.expert }),
    ]);
    expect((await expert.get('/api/documents')).status).toBe(200);
    const dash = await expert.get('/api/dashboard');
    expect(dash.body.countsByStatus).toEqual({ acceptance_requested: 1 });
    expect(dash.body.awaitingMyDecision).toBe(1);
    // Supervisors do not get the expert's task as theirs (it is in no territory: not in their worklist), but the
    // case page, which lists every task of the case whoever must act, names the invited expert.
    const supWorklist = await as.sup!.get(`/api/tasks${q({ kind: 'expert_opinion' })}`);
    expect(supWorklist.body.filter((t: { caseId: string }) => t.caseId === caseId)).toEqual([]);
    const supCasePage = await as.sup!.get(`/api/tasks${q({ caseId, kind: 'expert_opinion' })}`);
    expect(supCasePage.body).toEqual([
      expect.objectContaining({ assigneeUserId: h.ids.users.expert, assigneeRole: 'expert', status: 'open' }),
    ]);
    expect((await as.admin!.get(`/api/tasks${q({ caseId, kind: 'expert_opinion' })}`)).body).toHaveLength(1);

    // The uninvited expert of the same district: nothing at all.
    const outsider = as['expert-2']!;
    expect((await outsider.get(`/api/cases/${caseId}`)).status).toBe(404);
    expect(total(await outsider.get('/api/cases'))).toBe(0);
    expect((await outsider.get(`/api/case-events${q({ caseId })}`)).body).toEqual([]);
    expect((await outsider.get('/api/dashboard')).body.countsByStatus).toEqual({});
    const cookie = await rawCookie('expert-2');
    const exported = await h.app.request('/api/cases/export', { headers: { cookie } });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('x-total-count')).toBe('0');
    for (const [path, body] of [
      ['submit-expert-opinion', { opinion: '同意', recommendation: 'pass' }],
      [
        'record-acceptance',
        { passed: true, heldOn: inDays(0), opinions: [{ expert: '专家', opinion: '同意' }] },
      ],
    ] as const) {
      const res = await outsider.post(`/api/cases/${caseId}/${path}`, body);
      expect([path, res.status, res.body.error.code]).toEqual([path, 404, 'NOT_FOUND']);
    }
  });

  it('does not let a supervisor hand a task to an expert: experts come to a case by invitation only', async () => {
    const [task] = (await as.sup!.get(`/api/tasks${q({ caseId: otherCaseId, status: 'open' })}`)).body;
    expect(task).toBeTruthy();
    const res = await as.sup!.post('/api/tasks/bulk/reassign', {
      ids: [task.id],
      assigneeUserId: experts['expert-2'],
    });
    expect(res.status).toBe(422);
    expect(res.body.errors.assigneeUserId).toBeTruthy();
    expect((await as['expert-2']!.get(`/api/cases/${otherCaseId}`)).status).toBe(404);
  });

  it('takes one opinion from the invited expert, and the expert keeps the case after the acceptance', async () => {
    const bad = await as.expert!.post(`/api/cases/${caseId}/submit-expert-opinion`, {
      opinion: '',
      recommendation: 'maybe',
    });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['opinion', 'recommendation']);
    const byRole = await as.sup!.post(`/api/cases/${caseId}/submit-expert-opinion`, {
      opinion: '同意',
      recommendation: 'pass',
    });
    expect(byRole.status).toBe(403);
    expect(byRole.body.error.message).toContain('无权');
    const ok = await as.expert!.post(`/api/cases/${caseId}/submit-expert-opinion`, {
      opinion: '泄爆装置已按规范安装，同意通过',
      recommendation: 'pass',
    });
    expect(ok.status).toBe(200);
    expect(ok.body.view.details.expertOpinions).toEqual([
      expect.objectContaining({ expertId: h.ids.users.expert, recommendation: 'pass', round: 1 }),
    ]);
    const twice = await as.expert!.post(`/api/cases/${caseId}/submit-expert-opinion`, {
      opinion: '再次',
      recommendation: 'pass',
    });
    expect(twice.status).toBe(409);
    expect((await as.expert!.get(`/api/tasks${q({ mine: true, status: 'open' })}`)).body).toEqual([]);

    const passed = await as.sup!.post(`/api/cases/${caseId}/record-acceptance`, {
      passed: true,
      heldOn: inDays(0),
      opinions: [{ expert: 'expert', opinion: '泄爆装置已按规范安装，同意通过' }],
    });
    expect(passed.status).toBe(200);
    expect(passed.body.status).toBe('accepted');
    // Whatever the status now: the case the expert took part in stays theirs to read.
    expect((await as.expert!.get(`/api/cases/${caseId}`)).body.status).toBe('accepted');
    const audit = await h.db.db.select().from(schema.auditLog).orderBy(asc(schema.auditLog.id));
    expect(
      audit.filter((a) => a.action === 'submit-expert-opinion' && a.actorId === h.ids.users.expert),
    ).toHaveLength(1);
  });

  it('documents both commands in OpenAPI', async () => {
    const doc = (await (await h.app.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { operationId: string; tags: string[]; responses: object }>>;
    };
    const invite = doc.paths['/cases/{id}/invite-experts']!.post!;
    expect(invite.operationId).toBe('inviteExperts');
    expect(invite.tags).toEqual(['case commands']);
    expect(Object.keys(invite.responses)).toEqual(
      expect.arrayContaining(['200', '403', '404', '409', '422']),
    );
    const opinion = doc.paths['/cases/{id}/submit-expert-opinion']!.post!;
    expect(opinion.operationId).toBe('submitExpertOpinion');
    expect(Object.keys(opinion.responses)).toEqual(expect.arrayContaining(['200', '404', '409', '422']));
  });

  async function rawCookie(username: string) {
    const res = await h.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    return res.headers.get('set-cookie')!.split(';')[0]!;
  }
  it('invites an expert of the city pool above the district, and only pools above or below the caller', async () => {
    const invite = (who: string, expertIds: string[]) =>
      as[who]!.post(`/api/cases/${otherCaseId}/invite-experts`, { expertIds });
    const city = await invite('sup', [experts['expert-city']!]);
    expect(city.status).toBe(200);
    expect(city.body.view.details.invitedExperts).toEqual([
      expect.objectContaining({ id: experts['expert-city'], name: '专家expert-city', round: 1 }),
    ]);
    // The neighbouring district's expert is not this district's to invite.
    const neighbour = await invite('sup', [experts['expert-jiangan']!]);
    expect(neighbour.status).toBe(422);
    expect(neighbour.body.errors.expertIds).toContain(experts['expert-jiangan']);
  });
});
