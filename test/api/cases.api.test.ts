import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { openDatabase, schema } from '../../db/client.js';
import { caseWorkflowId, getCaseQuery, searchAttributes } from '../../workflows/definitions.js';
import { verifiedAuditChain } from '../helpers/audit.js';
import { loginAs, startHarness, type Harness } from './harness.js';

type Client = Awaited<ReturnType<typeof loginAs>>;
const report = (enterpriseId: string, title = '涉爆粉尘除尘器未设泄爆装置') => ({
  source: 'inspection',
  enterpriseId,
  regionCode: '420111',
  title,
  description: '执法检查发现除尘器未设置泄爆装置',
});
const expectEnvelope = (
  body: { error: { code: string; message: string; requestId: string } },
  code: string,
) => {
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(body.error.requestId.length).toBeGreaterThan(0);
};

describe('cases API on the real stack', () => {
  let h: Harness;
  const as: Record<string, Client> = {};
  let caseId: string;
  let otherCaseId: string;
  let gridCaseId: string;

  beforeAll(async () => {
    h = await startHarness();
    for (const u of ['admin', 'sup', 'sup-other', 'leader', 'ent', 'ent-other', 'expert', 'grid'])
      as[u] = await loginAs(h.app, u);
    const created = await as.sup!.post('/api/cases', report(h.ids.enterpriseId));
    expect(created.status).toBe(201);
    caseId = created.body.id;
    otherCaseId = (await as.sup!.post('/api/cases', report(h.ids.otherEnterpriseId, '另一企业的隐患'))).body
      .id;
    gridCaseId = (
      await as.grid!.post('/api/cases', {
        ...report(h.ids.enterpriseId, '网格员巡查发现'),
        source: 'grid_patrol',
      })
    ).body.id;
  });
  afterAll(async () => h?.stop());

  it('reports health of the database, Temporal and the worker polling each task queue', async () => {
    const res = await h.app.request('/api/health');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ database: 'up', temporal: 'up', worker: 'up', reasons: [] });
    expect(body.queues.map((q: { queue: string; type: string }) => `${q.queue}/${q.type}`)).toEqual([
      'duban-cases/workflow',
      'duban-cases/activity',
      'duban-notifications/activity',
    ]);
  });

  it('refuses the unauthenticated and wrong passwords in the one error shape, and asks for a challenge after repeated failures', async () => {
    const anon = await h.app.request('/api/cases');
    expect(anon.status).toBe(401);
    expectEnvelope(await anon.json(), 'UNAUTHENTICATED');
    const attempt = () =>
      h.app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'expert', password: 'wrong' }),
      });
    for (let i = 0; i < 5; i++) expectEnvelope(await (await attempt()).json(), 'UNAUTHENTICATED');
    const challenged = await attempt();
    expect(challenged.status).toBe(401);
    expectEnvelope(await challenged.json(), 'CAPTCHA_REQUIRED');
    const missing = await h.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(missing.status).toBe(422);
    expect(Object.keys((await missing.json()).errors)).toEqual(['username', 'password']);
  });

  it('reports a hazard: the workflow starts and the case is listed in react-admin conventions', async () => {
    const list = await as.sup!.get(
      `/api/cases?sort=${encodeURIComponent('["caseNo","ASC"]')}&range=${encodeURIComponent('[0,9]')}`,
    );
    expect(list.status).toBe(200);
    expect(list.headers.get('content-range')).toBe('cases 0-2/3');
    expect(list.body.map((c: { id: string }) => c.id)).toEqual([caseId, otherCaseId, gridCaseId]);
    expect(list.body[0]).toMatchObject({
      status: 'reported',
      source: 'inspection',
      enterpriseName: expect.stringContaining('武汉测试'),
    });
    const filtered = await as.sup!.get(
      `/api/cases?filter=${encodeURIComponent(JSON.stringify({ q: '另一企业' }))}`,
    );
    expect(filtered.body.map((c: { id: string }) => c.id)).toEqual([otherCaseId]);
  });

  it('rejects bad list parameters and bad reports with the failing field named', async () => {
    const badFilter = await as.sup!.get(
      `/api/cases?filter=${encodeURIComponent(JSON.stringify({ status: 'nonsense' }))}`,
    );
    expect(badFilter.status).toBe(422);
    expect(Object.keys(badFilter.body.errors)).toEqual(['filter.status']);
    const badSort = await as.sup!.get(`/api/cases?sort=${encodeURIComponent('["password","ASC"]')}`);
    expect(badSort.status).toBe(422);
    const badJson = await as.sup!.get('/api/cases?range=[0');
    expect(badJson.status).toBe(422);
    const bad = await as.sup!.post('/api/cases', { source: 'rumour', regionCode: '42', title: '' });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['description', 'regionCode', 'source', 'title']);
    const foreignRegion = await as.sup!.post('/api/cases', {
      ...report(h.ids.enterpriseId),
      enterpriseId: undefined,
      regionCode: '420102',
    });
    expect(foreignRegion.status).toBe(422);
    expect(foreignRegion.body.errors.regionCode).toContain('辖区');
  });

  it('shows each role exactly the cases in its scope, and answers 404 for the rest', async () => {
    const matrix: Array<[string, string, number]> = [
      ['admin', caseId, 200],
      ['sup', caseId, 200],
      ['sup-other', caseId, 404],
      ['leader', caseId, 200],
      ['ent', caseId, 200],
      ['ent', otherCaseId, 404],
      ['ent-other', otherCaseId, 200],
      ['ent-other', caseId, 404],
      ['expert', caseId, 404], // not invited to it
      ['grid', gridCaseId, 200],
      ['grid', caseId, 404],
    ];
    for (const [who, id, status] of matrix) {
      const res = await as[who]!.get(`/api/cases/${id}`);
      expect([who, id === caseId ? 'case' : id === otherCaseId ? 'other' : 'grid', res.status]).toEqual([
        who,
        id === caseId ? 'case' : id === otherCaseId ? 'other' : 'grid',
        status,
      ]);
      if (status === 404) expectEnvelope(res.body, 'NOT_FOUND');
    }
    const counts = Object.fromEntries(
      await Promise.all(
        Object.entries(as).map(async ([who, c]) => [
          who,
          Number((await c.get('/api/cases')).headers.get('content-range')!.split('/')[1]),
        ]),
      ),
    );
    expect(counts).toEqual({
      admin: 3,
      sup: 3,
      'sup-other': 0,
      leader: 3,
      ent: 2,
      'ent-other': 1,
      expert: 0,
      grid: 1,
    });
    // Writes follow the same scope: a supervisor elsewhere cannot judge, an enterprise cannot judge at all.
    expect(
      (await as['sup-other']!.post(`/api/cases/${caseId}/judge`, { decision: 'not_hazard', reason: '无' }))
        .status,
    ).toBe(404);
    const byEnterprise = await as.ent!.post(`/api/cases/${caseId}/judge`, {
      decision: 'not_hazard',
      reason: '无',
    });
    expect(byEnterprise.status).toBe(403);
    expectEnvelope(byEnterprise.body, 'FORBIDDEN');
    expect(byEnterprise.body.error.message).toBe('企业用户无权研判隐患');
  });

  it('refuses U+0000 in any string of a body or query with a 422 naming the field, and applies nothing', async () => {
    const before = (await as.sup!.get(`/api/cases/${otherCaseId}`)).body;
    const judged = await as.sup!.post(`/api/cases/${otherCaseId}/judge`, {
      decision: 'general',
      reason: '现场\u0000核查',
    });
    expect(judged.status).toBe(422);
    expectEnvelope(judged.body, 'VALIDATION');
    expect(Object.keys(judged.body.errors)).toEqual(['reason']);
    const after = (await as.sup!.get(`/api/cases/${otherCaseId}`)).body;
    expect(after.version).toBe(before.version);
    expect(after.status).toBe('reported');
    const nested = await as.sup!.post('/api/cases', {
      ...report(h.ids.enterpriseId),
      evidenceDocumentIds: ['a\u0000'],
    });
    expect(Object.keys(nested.body.errors)).toEqual(['evidenceDocumentIds.0']);
    const query = await as.sup!.get(`/api/cases?filter=${encodeURIComponent('{"q":"a\u0000"}')}&q=%00`);
    expect(query.status).toBe(422);
    expect(Object.keys(query.body.errors).sort()).toEqual(['filter', 'q']);
  });

  it('runs commands as workflow updates: 422 for bad fields, 409 for a refused transition, idempotent with a key', async () => {
    const invalid = await as.sup!.post(`/api/cases/${caseId}/judge`, { decision: 'major', reason: '' });
    expect(invalid.status).toBe(422);
    expect(Object.keys(invalid.body.errors)).toContain('reason');
    const unknownClause = await as.sup!.post(`/api/cases/${caseId}/judge`, {
      decision: 'major',
      reason: '符合',
      clauseId: crypto.randomUUID(),
    });
    expect(unknownClause.status).toBe(422);
    expect(unknownClause.body.errors.clauseId).toBeTruthy();
    const tooEarly = await as.sup!.post(`/api/cases/${caseId}/sign-off`, { comment: '同意' });
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body.error.message).toContain('待研判');

    const key = { 'idempotency-key': 'judge-once-0001' };
    const first = await as.sup!.post(
      `/api/cases/${caseId}/judge`,
      { decision: 'major', reason: '符合判定标准', clauseId: h.ids.clauseId },
      key,
    );
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: caseId, status: 'judged' });
    const again = await as.sup!.post(
      `/api/cases/${caseId}/judge`,
      { decision: 'major', reason: '符合判定标准', clauseId: h.ids.clauseId },
      key,
    );
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(first.body.version);
    const events = await h.db.db.select().from(schema.caseEvents).orderBy(asc(schema.caseEvents.id));
    expect(events.filter((e) => e.caseId === caseId).map((e) => e.type)).toEqual(['reported', 'judged']);

    const past = await as.sup!.post(`/api/cases/${caseId}/list`, {
      level: 'county',
      listingAuthority: '洪山区安委办',
      supervisingUnit: '洪山区应急管理局',
      rectificationDeadline: '2020-01-01',
      interimControls: ['stop_use'],
    });
    expect(past.status).toBe(422);
    expect(past.body.errors.rectificationDeadline).toContain('晚于今天');
    const after = await as.sup!.get(`/api/cases/${caseId}`);
    expect(after.body.status).toBe('judged'); // the rejected command changed nothing
  });

  it('indexes cases in Temporal by search attributes', async () => {
    const { status, region, overdue } = searchAttributes;
    let ids: string[] = [];
    for (let i = 0; i < 50 && !ids.includes(`case-${caseId}`); i++) {
      ids = [];
      for await (const wf of h.env.client.workflow.list({
        query: `${status.name} = 'judged' AND ${region.name} = '420111' AND ${overdue.name} = false`,
      }))
        ids.push(wf.workflowId);
      if (!ids.includes(`case-${caseId}`)) await new Promise((r) => setTimeout(r, 200));
    }
    expect(ids).toEqual([`case-${caseId}`]);
  });

  it('upserts only the search attributes a transition changed (the start set those of the report)', async () => {
    const history = await h.env.client.workflow.getHandle(`case-${caseId}`).fetchHistory();
    const upserted = (history.events ?? [])
      .map((e) =>
        Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}),
      )
      .filter((keys) => keys.some((k) => k.startsWith('DubanCase')));
    // reported (set with the start) → judged: one upsert, of the status alone.
    expect(upserted).toEqual([[searchAttributes.status.name]]);
  });

  it('refuses a role that may not issue a command with 403 before the workflow is asked, whatever the state', async () => {
    const plan = {
      responsiblePerson: '张三',
      responsiblePhone: '13800000000',
      measures: '加装泄爆装置',
      funds: 10000,
      timeLimit: '2027-01-29',
      emergencyPlan: '粉尘爆炸专项预案',
      objectives: '消除隐患',
      interimSafetyMeasures: '停用除尘器',
    };
    const acceptance = {
      passed: true,
      heldOn: '2026-12-01',
      opinions: [{ expert: '李工', opinion: '合格' }],
    };
    const refused: Array<[string, string, unknown, string]> = [
      ['ent', 'record-acceptance', acceptance, '企业用户无权记录验收结果'],
      ['leader', 'record-acceptance', acceptance, '包案领导无权记录验收结果'],
      ['ent', 'judge', { decision: 'general', reason: '自己研判' }, '企业用户无权研判隐患'],
      ['sup', 'submit-plan', plan, '只有责任企业可以提交整改方案'],
      ['leader', 'submit-plan', plan, '只有责任企业可以提交整改方案'],
      ['ent', 'sign-off', { comment: '同意' }, '企业用户无权批准销号'],
      [
        'sup',
        'submit-expert-opinion',
        { opinion: '同意', recommendation: 'pass' },
        '监管人员无权提交专家意见',
      ],
      ['ent', 'withdraw', { reason: '已整改' }, '企业用户无权撤销挂牌'],
    ];
    const before = (await as.admin!.get(`/api/cases/${caseId}`)).body;
    for (const [who, path, body, message] of refused) {
      const res = await as[who]!.post(`/api/cases/${caseId}/${path}`, body);
      expect([who, path, res.status]).toEqual([who, path, 403]);
      expectEnvelope(res.body, 'FORBIDDEN');
      expect(res.body.error.message).toBe(message);
    }
    // Nothing changed and nothing was audited as done.
    const after = (await as.admin!.get(`/api/cases/${caseId}`)).body;
    expect(after.version).toBe(before.version);
    const audited = await h.db.db.select().from(schema.auditLog);
    expect(audited.filter((a) => a.resourceId === caseId && a.action === 'record-acceptance')).toEqual([]);
  });

  it('refuses impossible dates with 422 naming the field before the workflow or the event log sees them', async () => {
    const eventsOf = async () =>
      (await h.db.db.select().from(schema.caseEvents)).filter((e) => e.caseId === caseId).length;
    const before = await eventsOf();
    const listing = {
      level: 'county',
      listingAuthority: '洪山区安委办',
      supervisingUnit: '洪山区应急管理局',
      interimControls: ['stop_use'],
    };
    for (const bad of ['2027-02-31', '2027-00-00', '2027-02-29']) {
      const started = Date.now();
      const res = await as.sup!.post(`/api/cases/${caseId}/list`, { ...listing, rectificationDeadline: bad });
      expect([bad, res.status]).toEqual([bad, 422]);
      expectEnvelope(res.body, 'VALIDATION');
      expect(res.body.errors).toEqual({
        rectificationDeadline: '日期无效：应为实际存在的日期（年-月-日，如 2027-02-28）',
      });
      expect(Date.now() - started).toBeLessThan(5_000); // answered at the edge, not after a failed workflow task
    }
    const published = await as.sup!.post(`/api/cases/${caseId}/confirm-publication`, {
      kind: 'listing',
      publishedOn: '2026-02-30',
      reference: '洪安委〔2026〕1号',
    });
    expect(published.status).toBe(422);
    expect(Object.keys(published.body.errors)).toEqual(['publishedOn']);
    expect(await eventsOf()).toBe(before);
    expect((await as.sup!.get(`/api/cases/${caseId}`)).body.status).toBe('judged');
    // A date that exists passes the same schema in the workflow's validator (its own instance there).
    const inAMonth = new Date(Date.now() + 30 * 86_400_000).toLocaleDateString('sv-SE', {
      timeZone: 'Asia/Shanghai',
    });
    const listed = await as.sup!.post(`/api/cases/${caseId}/list`, {
      ...listing,
      rectificationDeadline: inAMonth,
    });
    expect(listed.status).toBe(200);
    expect(listed.body.status).toBe('listed');
  });

  it("starts a case in one round trip: the answer is the workflow's first view, the case row read once, never polled", async () => {
    // The same API on its own connection pool, every statement it sends recorded (the worker writes through h.db).
    const own = await openDatabase({ url: h.db.url, poolSize: 2 });
    const sent: string[] = [];
    const pool = own.pool!;
    const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
    pool.query = ((...args: unknown[]) => {
      const q = args[0] as string | { text: string };
      sent.push(typeof q === 'string' ? q : q.text);
      return query(...args);
    }) as typeof pool.query;
    try {
      const app = createApp({ db: own.db, temporal: h.env.client, config: h.config });
      const sup = await loginAs(app, 'sup');
      sent.length = 0;
      const created = await sup.post('/api/cases', report(h.ids.enterpriseId, '一次往返报告的隐患'));
      expect(created.status).toBe(201);
      // One read of the case table, after the workflow answered, for the row's own columns (case number, times);
      // the view is not read from it: it is the answer of the `reported` Update (polling read the whole row).
      const caseReads = sent.filter((q) => /from "cases"/.test(q));
      expect(caseReads).toHaveLength(1);
      expect(caseReads[0]).not.toMatch(/"view"/);
      const workflowView = await h.env.client.workflow
        .getHandle(caseWorkflowId(created.body.id))
        .query(getCaseQuery);
      expect(created.body.view).toEqual(workflowView);
      expect(created.body).toMatchObject({
        id: created.body.id,
        status: 'reported',
        version: 1,
        caseNo: expect.any(Number),
        title: '一次往返报告的隐患',
      });
      expect(created.body.view).toMatchObject({ caseId: created.body.id, status: 'reported', version: 1 });
      // The read model holds the same first view (written by the worker before the Update answered).
      const [row] = await h.db.db.select().from(schema.cases).where(eq(schema.cases.id, created.body.id));
      expect(row!.view).toEqual(created.body.view);
    } finally {
      await own.close();
    }
  });

  it('records every action in the hash-chained audit trail', async () => {
    const log = await verifiedAuditChain(h.db.db);
    expect(log.map((e) => e.action)).toEqual(
      expect.arrayContaining(['login', 'login_failed', 'report', 'judge']),
    );
  });

  it('documents every route in OpenAPI 3.1 with an operationId', async () => {
    const doc = (await (await h.app.request('/api/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { operationId?: string; tags?: string[]; responses: object }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    const ops = Object.values(doc.paths).flatMap((p) => Object.values(p));
    expect(ops.length).toBeGreaterThanOrEqual(20);
    for (const op of ops) {
      expect(op.operationId).toBeTruthy();
      expect(op.tags?.length, op.operationId).toBeGreaterThan(0);
      // Every route documents how it fails (health: 503 when a dependency is down).
      expect(
        Object.keys(op.responses).some((s) => /^[45]\d\d$/.test(s)),
        op.operationId,
      ).toBe(true);
    }
    const ids = ops.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of [
      '/cases',
      '/tasks',
      '/case-events',
      '/escalations',
      '/dashboard',
      '/enterprises',
      '/enterprises/{id}/penalties',
      '/public/reports',
    ])
      expect(Object.keys(doc.paths), p).toContain(p);
    expect((await h.app.request('/api/docs')).status).toBe(200);
  });
});
