import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../db/client.js';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  forgetIdempotencyKey,
  releaseIdempotencyKey,
} from '../../db/queries/idempotency.js';
import { PASSWORD, startHarness, type Harness } from './harness.js';

const report = (enterpriseId: string, title: string) => ({
  source: 'inspection',
  enterpriseId,
  regionCode: '420111',
  title,
  description: '执法检查发现除尘器未设置泄爆装置',
});
const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Idempotency-Key on POST /cases and the case commands, on the real stack (PostgreSQL, Temporal, worker). */
describe('Idempotency-Key replays the first response', () => {
  let h: Harness;
  const cookies: Record<string, string> = {};

  /** A raw call: the body as text, so a replay can be compared byte for byte. */
  const call = async (who: string, path: string, body: unknown, key?: string) => {
    const res = await h.app.request(path, {
      method: 'POST',
      headers: {
        cookie: cookies[who]!,
        'content-type': 'application/json',
        ...(key ? { 'idempotency-key': key } : {}),
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: JSON.parse(text) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const casesTitled = async (title: string) =>
    h.db.db.select().from(schema.cases).where(eq(schema.cases.title, title));
  const eventTypes = async (caseId: string) =>
    (
      await h.db.db
        .select({ type: schema.caseEvents.type })
        .from(schema.caseEvents)
        .where(eq(schema.caseEvents.caseId, caseId))
        .orderBy(asc(schema.caseEvents.seq))
    ).map((e) => e.type);

  beforeAll(async () => {
    h = await startHarness();
    for (const u of ['admin', 'sup']) {
      const res = await h.app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: u, password: PASSWORD }),
      });
      cookies[u] = res.headers.get('set-cookie')!.split(';')[0]!;
    }
  });
  afterAll(async () => h?.stop());

  it('a repeated report returns the first response byte for byte and creates no second case', async () => {
    const body = report(h.ids.enterpriseId, '重复提交的隐患报告');
    const first = await call('sup', '/api/cases', body, 'report-0001-aaaa');
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    // Same content, other key order and spacing: the same request.
    const { title, ...rest } = body;
    const reordered = JSON.stringify({ ...rest, title }, null, 2);
    expect(reordered).not.toBe(JSON.stringify(body));
    const again = await call('sup', '/api/cases', reordered, 'report-0001-aaaa');
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.text).toBe(first.text);
    expect(await casesTitled(body.title)).toHaveLength(1);
    expect(await eventTypes(first.json.id)).toEqual(['reported']);
    // Keys are per user: the administrator's same key is another operation.
    const other = await call('admin', '/api/cases', body, 'report-0001-aaaa');
    expect(other.status).toBe(201);
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    expect(other.json.id).not.toBe(first.json.id);
  });

  it('refuses the same key with a different request, naming the header', async () => {
    const first = await call('sup', '/api/cases', report(h.ids.enterpriseId, '键复用A'), 'report-0002-bbbb');
    expect(first.status).toBe(201);
    const changed = await call(
      'sup',
      '/api/cases',
      report(h.ids.enterpriseId, '键复用B'),
      'report-0002-bbbb',
    );
    expect(changed.status).toBe(422);
    expect(changed.json.error).toMatchObject({ code: 'VALIDATION', requestId: expect.any(String) });
    expect(changed.json.error.message).toContain('Idempotency-Key');
    expect(Object.keys(changed.json.errors)).toEqual(['idempotency-key']);
    expect(await casesTitled('键复用B')).toHaveLength(0);
    // The same body on another path is another request too.
    const elsewhere = await call(
      'sup',
      `/api/cases/${first.json.id}/judge`,
      report(h.ids.enterpriseId, '键复用A'),
      'report-0002-bbbb',
    );
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.json.errors['idempotency-key']).toBeTruthy();
    // A malformed key is the header validator's field error.
    const short = await call('sup', '/api/cases', report(h.ids.enterpriseId, '短键'), 'short');
    expect(short.status).toBe(422);
    expect(Object.keys(short.json.errors)).toEqual(['idempotency-key']);
  });

  it('replays a command: one event, the first answer; a different command body with the key is refused', async () => {
    const created = await call('sup', '/api/cases', report(h.ids.enterpriseId, '命令幂等'));
    const id = created.json.id as string;
    const judge = { decision: 'major', reason: '符合判定标准', clauseId: h.ids.clauseId };
    const first = await call('sup', `/api/cases/${id}/judge`, judge, 'judge-0003-cccc');
    expect(first.status).toBe(200);
    expect(first.json.status).toBe('judged');
    const again = await call('sup', `/api/cases/${id}/judge`, judge, 'judge-0003-cccc');
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.text).toBe(first.text);
    expect(await eventTypes(id)).toEqual(['reported', 'judged']);
    const other = await call(
      'sup',
      `/api/cases/${id}/judge`,
      { ...judge, reason: '另一个理由' },
      'judge-0003-cccc',
    );
    expect(other.status).toBe(422);
    expect(other.json.errors['idempotency-key']).toContain('Idempotency-Key');
    expect(await eventTypes(id)).toEqual(['reported', 'judged']);
  });

  it('stores no rejected command: the caller fixes it and retries with the same key', async () => {
    const created = await call('sup', '/api/cases', report(h.ids.enterpriseId, '修正后重试'));
    const id = created.json.id as string;
    expect(
      (
        await call('sup', `/api/cases/${id}/judge`, {
          decision: 'major',
          reason: '符合',
          clauseId: h.ids.clauseId,
        })
      ).status,
    ).toBe(200);
    const listing = {
      level: 'county',
      listingAuthority: '洪山区安委办',
      supervisingUnit: '洪山区应急管理局',
      rectificationDeadline: '2020-01-01',
      interimControls: ['stop_use'],
    };
    // Refused by the workflow's update validator (a past deadline): 422 naming the field, nothing stored.
    const refused = await call('sup', `/api/cases/${id}/list`, listing, 'list-0004-dddd');
    expect(refused.status).toBe(422);
    expect(refused.json.errors.rectificationDeadline).toBeTruthy();
    const fixed = await call(
      'sup',
      `/api/cases/${id}/list`,
      { ...listing, rectificationDeadline: future(90) },
      'list-0004-dddd',
    );
    expect(fixed.status).toBe(200);
    expect(fixed.headers.get('idempotent-replayed')).toBeNull();
    expect(fixed.json.status).toBe('listed');
    // A transition the case refuses (409) is not stored either.
    const early = await call('sup', `/api/cases/${id}/sign-off`, { comment: '同意' }, 'signoff-0005-eeee');
    expect(early.status).toBe(409);
    const count = await h.db.db
      .select({ n: sql<number>`count(*)::int` })
      .from(schema.idempotencyKeys)
      .where(sql`${schema.idempotencyKeys.key} like ${'%:signoff-0005-eeee'}`);
    expect(count[0]!.n).toBe(0);
    // A report with a bad field, then fixed, with the same key.
    const bad = await call(
      'sup',
      '/api/cases',
      { ...report(h.ids.enterpriseId, '修正后的报告'), regionCode: '420102' },
      'report-0006-ffff',
    );
    expect(bad.status).toBe(422);
    const good = await call(
      'sup',
      '/api/cases',
      report(h.ids.enterpriseId, '修正后的报告'),
      'report-0006-ffff',
    );
    expect(good.status).toBe(201);
    expect(await casesTitled('修正后的报告')).toHaveLength(1);
  });

  it('two concurrent reports with the same key create one case', async () => {
    const body = report(h.ids.enterpriseId, '并发重复报告');
    const results = await Promise.all([
      call('sup', '/api/cases', body, 'report-0007-gggg'),
      call('sup', '/api/cases', body, 'report-0007-gggg'),
      call('sup', '/api/cases', body, 'report-0007-gggg'),
    ]);
    // Exactly one of them ran.
    expect(results.filter((r) => r.status === 201 && !r.headers.get('idempotent-replayed'))).toHaveLength(1);
    // The others waited for it and replay it, or (had it taken over 5 s) were told to retry later (409).
    for (const r of results) {
      if (r.status === 201) expect(r.json.id).toBe(results.find((x) => x.status === 201)!.json.id);
      else {
        expect(r.status).toBe(409);
        expect(r.json.error.code).toBe('CONFLICT');
        expect(r.json.error.message).toContain('Idempotency-Key');
        expect(r.headers.get('retry-after')).toBe('1');
      }
    }
    expect(await casesTitled(body.title)).toHaveLength(1);
    const later = await call('sup', '/api/cases', body, 'report-0007-gggg');
    expect(later.status).toBe(201);
    expect(later.headers.get('idempotent-replayed')).toBe('true');
    expect(later.json.id).toBe((await casesTitled(body.title))[0]!.id);
  });

  it('forgets a key once it has expired', async () => {
    const body = report(h.ids.enterpriseId, '过期的键');
    const first = await call('sup', '/api/cases', body, 'report-0008-hhhh');
    expect(first.status).toBe(201);
    const [row] = await h.db.db
      .select()
      .from(schema.idempotencyKeys)
      .where(sql`${schema.idempotencyKeys.key} like ${'%:report-0008-hhhh'}`);
    // Stored for 24 hours.
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBe(24 * 3_600_000);
    await h.db.db
      .update(schema.idempotencyKeys)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(schema.idempotencyKeys.key, row!.key));
    const again = await call('sup', '/api/cases', body, 'report-0008-hhhh');
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect(again.json.id).not.toBe(first.json.id);
  });

  it('claims, refuses a running duplicate, hands a broken attempt over with the same operation id', async () => {
    const db = h.db.db;
    const p = {
      userId: h.ids.users.sup!,
      key: 'direct-0009-iiii',
      requestHash: 'h1',
      ttlMs: 86_400_000,
      leaseMs: 60_000,
    };
    const now = new Date();
    const first = await claimIdempotencyKey(db, { ...p, now });
    expect(first.kind).toBe('claimed');
    expect(await claimIdempotencyKey(db, { ...p, now })).toEqual({ kind: 'in_progress' });
    expect(await claimIdempotencyKey(db, { ...p, requestHash: 'h2', now })).toEqual({ kind: 'mismatch' });
    // A 5xx ends the lease but keeps the operation: the retry resumes it.
    await releaseIdempotencyKey(db, p);
    const resumed = await claimIdempotencyKey(db, { ...p, now });
    expect(resumed).toEqual(first);
    // A lease that ran out (the process died) is taken over the same way.
    expect(await claimIdempotencyKey(db, { ...p, now: new Date(now.getTime() + 61_000) })).toEqual(first);
    await completeIdempotencyKey(db, { ...p, status: 201, response: '{"a":1}' });
    expect(await claimIdempotencyKey(db, { ...p, now })).toEqual({
      kind: 'replay',
      status: 201,
      response: '{"a":1}',
    });
    // A 4xx forgets a pending claim only; a stored response stays.
    await forgetIdempotencyKey(db, p);
    expect((await claimIdempotencyKey(db, { ...p, now })).kind).toBe('replay');
  });

  it('documents the header on POST /cases and the commands', async () => {
    const doc = (await (await h.app.request('/api/openapi.json')).json()) as {
      paths: Record<
        string,
        Record<string, { parameters?: Array<{ name: string; in: string }>; responses: Record<string, any> }> // eslint-disable-line @typescript-eslint/no-explicit-any
      >;
    };
    for (const [path, method] of [
      ['/cases', 'post'],
      ['/cases/{id}/judge', 'post'],
    ] as const) {
      const op = doc.paths[path]![method]!;
      expect(op.parameters).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'idempotency-key', in: 'header' })]),
      );
      const ok = op.responses[path === '/cases' ? '201' : '200'];
      expect(Object.keys(ok.headers)).toContain('Idempotent-Replayed');
    }
    expect(Object.keys(doc.paths['/cases']!.post!.responses)).toEqual(expect.arrayContaining(['409', '422']));
  });
});
