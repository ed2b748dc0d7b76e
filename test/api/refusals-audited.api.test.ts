/**
 * Fault 4 of issue #13: a refused command leaves a trace. On the real stack, a 403 (the role may not), a 409 (the
 * case's state refuses it) and two 422s (an impossible date; a missing field) each append one `refused` record to the
 * audit log naming who, what and why; the case is unchanged; every chain still verifies (the verifier behind
 * `npm run audit:verify`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVerification } from '../../db/queries/audit-verify.js';
import { loginAs, startHarness, type Harness } from './harness.js';

describe('refused commands in the audit log', () => {
  let h: Harness;
  let caseId: string;
  beforeAll(async () => {
    h = await startHarness();
  }, 120_000);
  afterAll(async () => h?.stop());

  it('records who tried what and why it was refused, and changes nothing else', async () => {
    const sup = await loginAs(h.app, 'sup');
    const ent = await loginAs(h.app, 'ent');
    const created = await sup.post('/api/cases', {
      source: 'inspection',
      enterpriseId: h.ids.enterpriseId,
      regionCode: '420111',
      title: '除尘器未设泄爆装置',
      description: '执法检查发现除尘器未设置泄爆装置',
    });
    expect(created.status).toBe(201);
    caseId = created.body.id;
    const listing = {
      level: 'county',
      listingAuthority: '洪山区安委办',
      supervisingUnit: '洪山区应急管理局',
      rectificationDeadline: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
      interimControls: ['stop_use'],
    };
    const tries = [
      {
        who: ent,
        userId: h.ids.users.ent,
        path: 'judge',
        body: { decision: 'not_hazard', reason: '不构成' },
        status: 403,
      },
      { who: sup, userId: h.ids.users.sup, path: 'list', body: listing, status: 409 },
      {
        who: sup,
        userId: h.ids.users.sup,
        path: 'list',
        body: { ...listing, rectificationDeadline: '2027-02-31' },
        status: 422,
        field: 'rectificationDeadline',
      },
      {
        who: sup,
        userId: h.ids.users.sup,
        path: 'judge',
        body: { reason: '缺少结论' },
        status: 422,
        field: 'decision',
      },
    ];
    const before = (await sup.get(`/api/cases/${caseId}`)).body;
    const answers: Array<{ error: { requestId: string; code: string; message: string } }> = [];
    for (const t of tries) {
      const res = await t.who.post(`/api/cases/${caseId}/${t.path}`, t.body);
      expect([t.path, res.status]).toEqual([t.path, t.status]);
      answers.push(res.body);
    }
    expect((await sup.get(`/api/cases/${caseId}`)).body.version).toBe(before.version);

    const { rows } = await h.db.pool!.query<{
      actor_id: string;
      actor_role: string;
      resource: string;
      resource_id: string;
      request_id: string;
      payload: {
        method: string;
        path: string;
        status: number;
        code: string;
        message: string;
        fields?: object;
      };
    }>(
      `select actor_id, actor_role, resource, resource_id, request_id, payload from audit_log
        where action = 'refused' order by id`,
    );
    expect(rows).toHaveLength(tries.length);
    rows.forEach((r, i) => {
      const t = tries[i]!;
      expect(r).toMatchObject({
        actor_id: t.userId,
        resource: 'cases',
        resource_id: caseId,
        request_id: answers[i]!.error.requestId,
        payload: {
          method: 'POST',
          path: `/cases/${caseId}/${t.path}`,
          status: t.status,
          code: answers[i]!.error.code,
          message: answers[i]!.error.message,
        },
      });
      expect(r.payload.message).toMatch(/[\u4e00-\u9fff]/); // why, in Chinese
      if (t.field) expect(Object.keys(r.payload.fields ?? {})).toContain(t.field);
    });
    const run = await runVerification(h.db.db, { trigger: 'cli' });
    expect({ ok: run.ok, breaks: run.breaks }).toEqual({ ok: true, breaks: [] });
  });
});
