import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { PASSWORD, loginAs, startHarness, type Harness } from './harness.js';

type Client = Awaited<ReturnType<typeof loginAs>>;
const ROLES = ['admin', 'sup', 'sup-other', 'leader', 'ent', 'ent-other', 'expert', 'grid'] as const;
const q = (filter: unknown, extra = '') => `?filter=${encodeURIComponent(JSON.stringify(filter))}${extra}`;

describe('tasks, case events and escalations on the real stack', () => {
  let h: Harness;
  const as: Record<string, Client> = {};
  let caseId: string;

  beforeAll(async () => {
    h = await startHarness();
    for (const u of ROLES) as[u] = await loginAs(h.app, u);
    const created = await as.sup!.post('/api/cases', {
      source: 'inspection',
      enterpriseId: h.ids.enterpriseId,
      regionCode: '420111',
      title: '液氨储罐区未设置泄漏报警',
      description: '检查发现液氨储罐区未设置泄漏报警装置',
    });
    expect(created.status).toBe(201);
    caseId = created.body.id;
  });
  afterAll(async () => h?.stop());

  it('lists the timeline of a case with Content-Range, and reads one event', async () => {
    const res = await as.sup!.get(`/api/case-events${q({ caseId }, '&sort=["id","ASC"]&range=[0,9]')}`);
    expect(res.status).toBe(200);
    expect(res.body.length).toBeGreaterThan(0);
    expect(res.body[0]).toMatchObject({ caseId, seq: expect.any(Number), hash: expect.any(String) });
    expect(res.headers.get('content-range')).toMatch(
      new RegExp(`^case-events 0-${res.body.length - 1}/\\d+$`),
    );
    const one = await as.sup!.get(`/api/case-events/${res.body[0].id}`);
    expect(one.status).toBe(200);
    expect(one.body.id).toBe(res.body[0].id);
  });

  it('answers a bad filter, sort or id in the one error shape with the failing field', async () => {
    const badFilter = await as.sup!.get(`/api/case-events${q({ caseId: 'nope' })}`);
    expect(badFilter.status).toBe(422);
    expect(badFilter.body.error).toMatchObject({ code: 'VALIDATION', requestId: expect.any(String) });
    expect(Object.keys(badFilter.body.errors)).toContain('filter.caseId');
    const badSort = await as.sup!.get('/api/tasks?sort=["password","ASC"]');
    expect(badSort.status).toBe(422);
    expect(badSort.body.errors.sort).toBeTruthy();
    const unknownField = await as.sup!.get(`/api/escalations${q({ nope: 1 })}`);
    expect(unknownField.status).toBe(422);
    const badId = await as.sup!.get('/api/case-events/abc');
    expect(badId.status).toBe(422);
    expect((await as.sup!.get('/api/escalations/none')).status).toBe(404);
    expect((await as.sup!.get('/api/tasks/none')).status).toBe(404);
    const anon = await h.app.request('/api/tasks');
    expect(anon.status).toBe(401);
  });

  it('gives the supervisor the judgement task, in "my tasks" too', async () => {
    const all = await as.sup!.get(`/api/tasks${q({ caseId })}`);
    expect(all.status).toBe(200);
    expect(all.body.length).toBeGreaterThan(0);
    const open = all.body.find((t: { status: string }) => t.status === 'open');
    expect(open).toMatchObject({ caseId, assigneeRole: 'supervisor' });
    const mine = await as.sup!.get(`/api/tasks${q({ mine: true, status: 'open' })}`);
    expect(mine.body.map((t: { id: string }) => t.id)).toContain(open.id);
    expect((await as.sup!.get(`/api/tasks/${encodeURIComponent(open.id)}`)).status).toBe(200);
    const escalations = await as.sup!.get(`/api/escalations${q({ caseId })}`);
    expect(escalations.status).toBe(200);
    expect(escalations.headers.get('content-range')).toMatch(/^escalations 0-0\/0$/);
  });

  // Who may read the timeline and tasks of a case reported in 420111 against enterprise A (awaiting judgement).
  const timelineMatrix: Record<(typeof ROLES)[number], boolean> = {
    admin: true,
    sup: true,
    'sup-other': false, // another district
    leader: true,
    ent: true, // its own enterprise's case
    'ent-other': false,
    expert: false, // not invited: no acceptance yet
    grid: false, // did not report it
  };
  it.each(ROLES)('authorization matrix: %s reading the case timeline and tasks', async (role) => {
    const may = timelineMatrix[role];
    const events = await as[role]!.get(`/api/case-events${q({ caseId })}`);
    expect(events.status).toBe(200);
    expect(events.body.length > 0).toBe(may);
    const firstEvent = (await as.admin!.get(`/api/case-events${q({ caseId })}`)).body[0];
    const one = await as[role]!.get(`/api/case-events/${firstEvent.id}`);
    expect(one.status).toBe(may ? 200 : 404);
    if (!may) expect(one.body.error.code).toBe('NOT_FOUND');

    // The judgement task belongs to the district's supervisors (and those above them: admin).
    const task = (await as.admin!.get(`/api/tasks${q({ caseId, status: 'open' })}`)).body[0];
    const mayTask = role === 'admin' || role === 'sup' || role === 'leader';
    const got = await as[role]!.get(`/api/tasks/${encodeURIComponent(task.id)}`);
    expect(got.status).toBe(mayTask ? 200 : 404);
    const listed = await as[role]!.get(`/api/tasks${q({ caseId })}`);
    expect(listed.body.some((t: { id: string }) => t.id === task.id)).toBe(mayTask);
  });

  it("reassigns and reminds tasks in bulk within the caller's scope only", async () => {
    const task = (await as.admin!.get(`/api/tasks${q({ caseId, status: 'open' })}`)).body[0];
    const leaderId = h.ids.users.leader!;
    // Out of scope: the other district's supervisor changes nothing; an enterprise may not at all.
    const foreign = await as['sup-other']!.post('/api/tasks/bulk/remind', { ids: [task.id] });
    expect(foreign.status).toBe(200);
    expect(foreign.body.data).toEqual([]);
    const ent = await as.ent!.post('/api/tasks/bulk/reassign', { ids: [task.id], assigneeUserId: leaderId });
    expect(ent.status).toBe(403);
    expect(ent.body.error.code).toBe('FORBIDDEN');
    const outsider = await as.sup!.post('/api/tasks/bulk/reassign', {
      ids: [task.id],
      assigneeUserId: h.ids.users['sup-other']!,
    });
    expect(outsider.status).toBe(422);
    expect(outsider.body.errors.assigneeUserId).toBeTruthy();
    expect((await as.sup!.post('/api/tasks/bulk/remind', { ids: [] })).status).toBe(422);

    const reminded = await as.sup!.post('/api/tasks/bulk/remind', { ids: [task.id, 'not-a-task'] });
    expect(reminded.body.data).toEqual([task.id]);
    const reassigned = await as.sup!.post('/api/tasks/bulk/reassign', {
      ids: [task.id],
      assigneeUserId: leaderId,
    });
    expect(reassigned.status).toBe(200);
    expect(reassigned.body.data).toEqual([task.id]);
    const after = await as.sup!.get(`/api/tasks/${encodeURIComponent(task.id)}`);
    expect(after.body).toMatchObject({ assigneeUserId: leaderId, lastReminderAt: expect.any(String) });
    const leaderMine = await as.leader!.get(`/api/tasks${q({ mine: true })}`);
    expect(leaderMine.body.map((x: { id: string }) => x.id)).toContain(task.id);
  });

  it('stores evidence files with their hash and serves them only to those who may see the case', async () => {
    const cookieOf = async (username: string) => {
      const res = await h.app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: PASSWORD }),
      });
      return res.headers.get('set-cookie')!.split(';')[0]!;
    };
    const upload = async (username: string, type: string, target = caseId) => {
      const form = new FormData();
      form.set('file', new File([Buffer.from('%PDF-1.4 整改照片')], '现场照片.pdf', { type }));
      form.set('caseId', target);
      form.set('kind', 'completion_report');
      const res = await h.app.request('/api/documents', {
        method: 'POST',
        headers: { cookie: await cookieOf(username) },
        body: form,
      });
      return { status: res.status, body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
    };
    const ok = await upload('ent', 'application/pdf');
    expect(ok.status).toBe(201);
    expect(ok.body.sha256).toBe(createHash('sha256').update(Buffer.from('%PDF-1.4 整改照片')).digest('hex'));
    expect(ok.body.storagePath).toBeUndefined();
    const badType = await upload('ent', 'application/x-msdownload');
    expect(badType.status).toBe(422);
    expect(badType.body.errors.file).toBeTruthy();
    const foreign = await upload('ent-other', 'application/pdf');
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('NOT_FOUND');

    for (const [role, may] of Object.entries(timelineMatrix)) {
      const res = await h.app.request(`/api/documents/${ok.body.id}/content`, {
        headers: { cookie: await cookieOf(role) },
      });
      expect(res.status, role).toBe(may ? 200 : 404);
      if (may) expect(Buffer.from(await res.arrayBuffer()).toString()).toBe('%PDF-1.4 整改照片');
      const list = await as[role]!.get(`/api/documents${q({ caseId })}`);
      expect(list.body.length, role).toBe(may ? 1 : 0);
    }
  });
});

describe('dashboard and registry reads on the real stack', () => {
  let h: Harness;
  const as: Record<string, Client> = {};

  beforeAll(async () => {
    h = await startHarness();
    for (const u of ROLES) as[u] = await loginAs(h.app, u);
    const created = await as.sup!.post('/api/cases', {
      source: 'inspection',
      enterpriseId: h.ids.enterpriseId,
      regionCode: '420111',
      title: '有限空间作业未审批',
      description: '检查发现有限空间作业未执行审批制度',
    });
    expect(created.status).toBe(201);
  });
  afterAll(async () => h?.stop());

  it('counts only the cases in scope and lists what awaits the caller', async () => {
    const sup = await as.sup!.get('/api/dashboard');
    expect(sup.status).toBe(200);
    expect(sup.body.countsByStatus).toEqual({ reported: 1 });
    expect(sup.body.awaitingMyDecision).toBe(1);
    expect(sup.body.worklist).toHaveLength(1);
    expect(sup.body.worklist[0]).toMatchObject({ status: 'reported', view: expect.anything() });
    expect(sup.body.byRegion).toEqual([{ regionCode: '420111', name: expect.any(String), count: 1 }]);
    expect(sup.body.overdueSeries).toHaveLength(30);
    // The judgement deadline (研判时限) falls within the next 7 days.
    expect(sup.body).toMatchObject({ overdue: 0, dueSoon: 1, openEscalations: 0 });
    expect(new Date(sup.body.worklist[0].deadline).getTime() - Date.now()).toBeLessThan(7 * 86_400_000);

    // Own enterprise sees the case but it awaits the supervisors' judgement, not theirs.
    const ent = await as.ent!.get('/api/dashboard');
    expect(ent.body.countsByStatus).toEqual({ reported: 1 });
    expect(ent.body.awaitingMyDecision).toBe(0);
    for (const foreign of ['sup-other', 'ent-other']) {
      const other = await as[foreign]!.get('/api/dashboard');
      expect(other.status).toBe(200);
      expect(other.body.countsByStatus).toEqual({});
      expect(other.body.worklist).toEqual([]);
      expect(other.body.byRegion).toEqual([]);
    }
    expect((await as.admin!.get('/api/dashboard')).body.countsByStatus).toEqual({ reported: 1 });
    const anon = await h.app.request('/api/dashboard');
    expect(anon.status).toBe(401);
    expect((await anon.json()).error.code).toBe('UNAUTHENTICATED');
  });

  it('lists regions, standards and clauses to everyone, and enterprises by jurisdiction', async () => {
    const regions = await as.grid!.get('/api/regions?sort=["code","ASC"]&range=[0,1]');
    expect(regions.status).toBe(200);
    expect(regions.body[0]).toMatchObject({ id: '420000', code: '420000' });
    expect(regions.headers.get('content-range')).toMatch(/^regions 0-1\/\d+$/);
    expect((await as.ent!.get('/api/regions/420111')).body.name).toBe('洪山区');
    const clauses = await as.ent!.get(
      `/api/clauses${q({ standardId: (await as.ent!.get('/api/standards')).body[0].id })}`,
    );
    expect(clauses.body.map((c: { id: string }) => c.id)).toContain(h.ids.clauseId);
    expect((await as.ent!.get('/api/departments')).status).toBe(200);

    const bad = await as.sup!.get(`/api/enterprises${q({ password: 'x' })}`);
    expect(bad.status).toBe(422);
    expect(bad.body.errors['filter.password']).toBeTruthy();
    expect((await as.sup!.get('/api/enterprises?sort=["secret","ASC"]')).status).toBe(422);
    expect((await as.sup!.get('/api/standards/not-a-uuid')).status).toBe(404);

    // Enterprise A: who sees it in the list and by id.
    const mayRead: Record<(typeof ROLES)[number], boolean> = {
      admin: true,
      sup: true,
      'sup-other': false,
      leader: true,
      ent: true,
      'ent-other': false,
      expert: false, // invited to no case of it: the register is not an expert's (issue #13)
      grid: true,
    };
    for (const role of ROLES) {
      const one = await as[role]!.get(`/api/enterprises/${h.ids.enterpriseId}`);
      expect(one.status, role).toBe(mayRead[role] ? 200 : 404);
      const list = await as[role]!.get('/api/enterprises');
      expect(
        list.body.some((e: { id: string }) => e.id === h.ids.enterpriseId),
        role,
      ).toBe(mayRead[role]);
    }
  });

  it('takes a public report (举报) without login, rate-limited per client, trackable without private data', async () => {
    // In process there is no socket: every request is the same client (the real server's addresses, trusted
    // proxies and forged X-Forwarded-For are in test/api/attacks.api.test.ts).
    const post = (body: unknown) =>
      h.app.request('/api/public/reports', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const body = {
      enterpriseName: '某某化工厂',
      regionCode: '420111',
      title: '夜间偷偷生产，储罐无人看守',
      description: '附近居民反映该厂夜间违规生产',
    };
    const res = await post(body);
    expect(res.status).toBe(201);
    const { trackingCode } = (await res.json()) as { trackingCode: string };
    expect(trackingCode).toMatch(/^[0-9A-F]{12}$/);
    const status = await h.app.request(`/api/public/reports/${trackingCode}`);
    expect(status.status).toBe(200);
    const shown = (await status.json()) as Record<string, unknown>;
    expect(Object.keys(shown).sort()).toEqual(['closed', 'reportedAt', 'status', 'trackingCode']);
    expect(shown.status).toBe('reported');
    const listed = await as.sup!.get(`/api/cases${q({ source: 'public_report' })}`);
    expect(listed.body).toHaveLength(1);
    expect(listed.body[0]).toMatchObject({ title: body.title, trackingCode });
    expect((await as['sup-other']!.get(`/api/cases${q({ source: 'public_report' })}`)).body).toHaveLength(0);

    const invalid = await post({ ...body, title: '' });
    expect(invalid.status).toBe(422);
    expect(((await invalid.json()) as { errors: Record<string, string> }).errors.title).toBeTruthy();
    const missing = await h.app.request('/api/public/reports/NOPE');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    // Five per window per client: refused after that, with the time to wait.
    for (let i = 0; i < 4; i++) expect((await post(body)).status).toBe(201);
    const limited = await post(body);
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
