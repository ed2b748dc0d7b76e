import { readdirSync } from 'node:fs';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../db/client.js';
import { hashPassword } from '../../db/password.js';
import { shanghaiDate } from '../../domain/calendar.js';
import { PASSWORD, loginAs, startHarness, type Harness } from './harness.js';

type Client = Awaited<ReturnType<typeof loginAs>>;

/** Two different 1×1 PNGs (a photo and another photo). */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const PNG2 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * Photos of patrols (巡查照片) and of general hazards before and after rectification, stored as documents through the
 * one upload route (streamed, size-limited, type sniffed, hashed, audited) on the real stack: who may add them, who
 * sees them, and a phone's retried upload that stores nothing twice.
 */
describe('patrol and hazard photos as documents', () => {
  let h: Harness;
  const as: Record<string, Client> = {};
  const cookies: Record<string, string> = {};
  const today = shanghaiDate(new Date());
  let patrolId: string;

  async function upload(
    user: string,
    target: Record<string, string>,
    opts: { bytes?: Buffer; type?: string; kind?: string } = {},
  ) {
    const form = new FormData();
    form.set(
      'file',
      new Blob([new Uint8Array(opts.bytes ?? PNG)], { type: opts.type ?? 'image/png' }),
      '现场.png',
    );
    for (const [k, v] of Object.entries(target)) form.set(k, v);
    form.set('kind', opts.kind ?? 'photo');
    const res = await h.app.request('/api/documents', {
      method: 'POST',
      headers: { cookie: cookies[user]! },
      body: form,
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  }

  beforeAll(async () => {
    h = await startHarness();
    const hash = await hashPassword(PASSWORD);
    const added = await h.db.db
      .insert(schema.users)
      .values([
        {
          username: 'grid2',
          displayName: '网格员二',
          passwordHash: hash,
          role: 'grid_member',
          regionCode: '420111',
        },
        {
          username: 'sup2',
          displayName: '监管二',
          passwordHash: hash,
          role: 'supervisor',
          regionCode: '420111',
        },
      ])
      .returning({ id: schema.users.id, username: schema.users.username });
    for (const r of added) h.ids.users[r.username] = r.id;
    for (const u of ['admin', 'sup', 'sup-other', 'leader', 'ent', 'ent-other', 'expert', 'grid', 'grid2']) {
      as[u] = await loginAs(h.app, u);
      cookies[u] = as[u]!.cookie;
    }
    // Both members staff the grid; only `grid` records the patrol.
    const grid = await as.sup!.post('/api/grids', {
      code: 'HS-P1',
      name: '洪山照片网格',
      level: 'town',
      regionCode: '420111',
      leaderId: h.ids.users.leader,
      supervisorIds: [h.ids.users.sup, h.ids.users.sup2],
      memberIds: [h.ids.users.grid, h.ids.users.grid2],
    });
    expect(grid.status).toBe(201);
    const gridId = grid.body.id as string;
    expect(
      (await as.sup!.post(`/api/grids/${gridId}/enterprises`, { enterpriseIds: [h.ids.enterpriseId] }))
        .status,
    ).toBe(200);
    const patrol = await as.grid!.post(
      '/api/patrols',
      {
        gridId,
        enterpriseId: h.ids.enterpriseId,
        patrolledOn: today,
        outcome: 'ok',
        results: [{ content: '安全出口畅通', ok: true }],
        lat: 30.5058,
        lng: 114.4181,
      },
      { 'idempotency-key': 'photo-test-patrol-1' },
    );
    expect(patrol.status).toBe(201);
    patrolId = patrol.body.id;
  });
  afterAll(() => h?.stop());

  it("a patrol's photos: added by its recorder only, seen by whoever sees the patrol, a retry stores one", async () => {
    // Another member of the same grid sees the patrol but did not record it; the unit's enterprise and its
    // supervisor see it too: none may add to the grid member's record.
    for (const u of ['grid2', 'ent', 'sup']) {
      const r = await upload(u, { patrolId });
      expect(r.status, u).toBe(403);
      expect(r.body.error.message).toBe('只有填写该巡查记录的网格员可以添加照片');
    }
    // Strangers do not learn it exists.
    for (const u of ['ent-other', 'sup-other', 'expert'])
      expect((await upload(u, { patrolId })).status, u).toBe(404);
    const wrongKind = await upload('grid', { patrolId }, { kind: 'evidence' });
    expect(wrongKind.status).toBe(422);
    expect(wrongKind.body.errors.kind).toBe('巡查记录只接受现场照片 (photo)');
    const both = await upload('grid', { patrolId, hazardId: patrolId });
    expect(both.body.errors.caseId).toMatch(/之一/);
    const html = await upload(
      'grid',
      { patrolId },
      { bytes: Buffer.from('<html><script>1</script></html>') },
    );
    expect(html.status).toBe(422);
    expect(html.body.errors.file).toMatch(/不符/);
    expect(await h.db.db.select().from(schema.documents)).toEqual([]);

    const first = await upload('grid', { patrolId });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      patrolId,
      hazardId: null,
      caseId: null,
      kind: 'photo',
      mimeType: 'image/png',
    });
    // The phone never got the answer and sends the same photo again: the first document, nothing stored twice.
    const retry = await upload('grid', { patrolId });
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.id).toBe(first.body.id);
    const second = await upload('grid', { patrolId }, { bytes: PNG2 });
    expect(second.status).toBe(201);
    const stored = await h.db.db
      .select()
      .from(schema.documents)
      .where(eq(schema.documents.patrolId, patrolId));
    expect(stored).toHaveLength(2);
    const audits = await h.db.db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.resource, 'documents'), eq(schema.auditLog.action, 'upload')));
    expect(audits.map((a) => (a.payload as { patrolId: string }).patrolId)).toEqual([patrolId, patrolId]);

    const filter = encodeURIComponent(JSON.stringify({ patrolId }));
    for (const u of ['grid', 'grid2', 'sup', 'leader', 'ent', 'admin']) {
      const list = await as[u]!.get(`/api/documents?filter=${filter}`);
      expect(list.body.map((d: { id: string }) => d.id).sort(), u).toEqual(
        [first.body.id, second.body.id].sort(),
      );
    }
    for (const u of ['sup-other', 'ent-other', 'expert'])
      expect((await as[u]!.get(`/api/documents?filter=${filter}`)).body, u).toEqual([]);
    const download = await h.app.request(`/api/documents/${first.body.id}/content`, {
      headers: { cookie: cookies.sup! },
    });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(PNG)).toBe(true);
    const foreign = await h.app.request(`/api/documents/${first.body.id}/content`, {
      headers: { cookie: cookies['sup-other']! },
    });
    expect(foreign.status).toBe(404);
    const badFilter = await as.sup!.get(`/api/documents?filter=${encodeURIComponent('{"patrolId":"x"}')}`);
    expect(badFilter.body.errors['filter.patrolId']).toBe('patrolId 无效');
  });

  it("a hazard's photos before and after: a retried upload stores one, the rectification names the after-photos", async () => {
    const report = await as.ent!.post(
      '/api/general-hazards',
      {
        enterpriseId: h.ids.enterpriseId,
        source: 'self_inspection',
        description: '配电箱门未关闭',
        location: '二号车间',
        foundOn: today,
        lat: 30.5,
        lng: 114.4,
      },
      { 'idempotency-key': 'photo-test-hazard-1' },
    );
    expect(report.status).toBe(201);
    const hazardId = report.body.id as string;
    const before = await upload('ent', { hazardId });
    expect(before.status).toBe(201);
    expect((await upload('ent', { hazardId })).body.id).toBe(before.body.id);
    // The same bytes as an after-photo are a different document (another kind).
    const after = await upload('ent', { hazardId }, { kind: 'after_photo' });
    expect(after.status).toBe(201);
    const retryAfter = await upload('ent', { hazardId }, { kind: 'after_photo' });
    expect(retryAfter.status).toBe(200);
    expect(retryAfter.body.id).toBe(after.body.id);
    expect((await upload('ent-other', { hazardId })).status).toBe(404);

    const rectified = await as.ent!.post(`/api/general-hazards/${hazardId}/rectify`, {
      rectifiedOn: today,
      measures: '已关闭配电箱门并加锁',
      documentIds: [after.body.id],
    });
    expect(rectified.status).toBe(200);
    expect(rectified.body.status).toBe('closed');
    const detail = await as.sup!.get(`/api/general-hazards/${hazardId}`);
    expect(detail.body.photos.map((p: { kind: string }) => p.kind)).toEqual(['photo', 'after_photo']);
    const filter = encodeURIComponent(JSON.stringify({ hazardId }));
    expect((await as.sup!.get(`/api/documents?filter=${filter}`)).body).toHaveLength(2);
  });
  it('the same photo sent 10 times at the same instant is stored once, every answer naming that one', async () => {
    const report = await as.ent!.post(
      '/api/general-hazards',
      {
        enterpriseId: h.ids.enterpriseId,
        source: 'self_inspection',
        description: '消防通道堆放杂物',
        location: '仓库北侧',
        foundOn: today,
      },
      { 'idempotency-key': 'photo-test-hazard-race' },
    );
    expect(report.status).toBe(201);
    const hazardId = report.body.id as string;
    const answers = await Promise.all(Array.from({ length: 10 }, () => upload('ent', { hazardId })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    const stored = await h.db.db
      .select()
      .from(schema.documents)
      .where(eq(schema.documents.hazardId, hazardId));
    expect(stored).toHaveLength(1);
    expect(new Set(answers.map((a) => a.body.id))).toEqual(new Set([stored[0]!.id]));
    for (const a of answers.filter((x) => x.status === 200))
      expect(a.headers.get('idempotent-replayed')).toBe('true');
    // One file on disk (the losers' copies removed), one upload audited.
    expect(readdirSync(path.join(h.config.uploadDir, 'hazards', hazardId))).toEqual([stored[0]!.id]);
    const audits = await h.db.db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.resource, 'documents'), eq(schema.auditLog.resourceId, stored[0]!.id)));
    expect(audits.map((a) => a.action)).toEqual(['upload']);
    // The same for a patrol's photo (its own index); other bytes after PNG's end make another photo.
    const third = Buffer.concat([PNG, Buffer.from('race')]);
    const onPatrol = await Promise.all(
      Array.from({ length: 10 }, () => upload('grid', { patrolId }, { bytes: third })),
    );
    expect(onPatrol.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    const patrolStored = await h.db.db
      .select()
      .from(schema.documents)
      .where(and(eq(schema.documents.patrolId, patrolId), eq(schema.documents.size, third.length)));
    expect(patrolStored).toHaveLength(1);
    expect(new Set(onPatrol.map((a) => a.body.id))).toEqual(new Set([patrolStored[0]!.id]));
  });
  it('a patrol recorded offline and sent again after its Idempotency-Key expired returns the first patrol', async () => {
    const [grid] = await h.db.db.select().from(schema.grids).where(eq(schema.grids.code, 'HS-P1'));
    const clientId = crypto.randomUUID();
    const body = {
      gridId: grid!.id,
      enterpriseId: h.ids.enterpriseId,
      patrolledOn: today,
      outcome: 'ok',
      results: [{ content: '消防设施完好', ok: true }],
      clientId,
    };
    const first = await as.grid!.post('/api/patrols', body, { 'idempotency-key': 'offline-patrol-1' });
    expect(first.status).toBe(201);
    await h.db.db.execute(
      sql`update idempotency_keys set created_at = now() - interval '3 days', expires_at = now() - interval '2 days' where key like '%:offline-patrol-1'`,
    );
    const again = await as.grid!.post('/api/patrols', body, { 'idempotency-key': 'offline-patrol-1' });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    const stored = await h.db.db.select().from(schema.patrols).where(eq(schema.patrols.clientId, clientId));
    expect(stored).toHaveLength(1);
    // Another member of the grid cannot take the id over.
    const other = await as.grid2!.post('/api/patrols', body, { 'idempotency-key': 'offline-patrol-2' });
    expect(other.status).toBe(422);
    expect(other.body.errors.clientId).toBe('该客户端编号已被另一条巡查记录使用');
  });
});
