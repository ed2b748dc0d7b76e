import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifiedWrites } from '../helpers/audit.js';
import { loginAs, startHarness, type Harness } from './harness.js';

type Client = Awaited<ReturnType<typeof loginAs>>;
const v1 = {
  code: '测试〔2026〕1号',
  title: '测试行业重大事故隐患判定标准',
  version: '2026',
  effectiveDate: '2026-01-01',
  industry: '工贸',
  issuer: '测试机关',
  source: '测试公报2026年第1号',
  clauses: [
    { clauseNo: '第三条（一）', text: '未对承包单位的安全生产工作统一协调、管理的', category: '管理类' },
    { clauseNo: '第三条（二）', text: '特种作业人员未持证上岗作业的', category: '管理类' },
  ],
};

/** 判定标准 entered whole by administrators; a new version supersedes the old, and a case keeps its clause. */
describe('standards API', () => {
  let h: Harness;
  const as: Record<string, Client> = {};
  beforeAll(async () => {
    h = await startHarness();
    for (const u of ['admin', 'sup'] as const) as[u] = await loginAs(h.app, u);
  });
  afterAll(async () => h?.stop());

  it('enters a version whole, refuses a repeated clause number naming it, and keeps clause rows unchangeable', async () => {
    expect((await as.sup!.post('/api/standards', v1)).status).toBe(403);
    const dup = await as.admin!.post('/api/standards', {
      ...v1,
      clauses: [...v1.clauses, { clauseNo: '第三条（一）', text: '重复的条款' }],
    });
    expect(dup.status).toBe(422);
    expect(dup.body.errors).toEqual({ 'clauses.2.clauseNo': '条款号与第1条重复' });
    const created = await as.admin!.post('/api/standards', v1);
    expect(created.status).toBe(201);
    expect(created.body.clauses.map((c: { clauseNo: string }) => c.clauseNo)).toEqual([
      '第三条（一）',
      '第三条（二）',
    ]);
    expect((await as.admin!.post('/api/standards', v1)).status).toBe(409);
    await expect(h.db.pool!.query("update hazard_clauses set text = '改动'")).rejects.toThrow(/append-only/);
  });

  it('supersedes a version: the old is repealed from the new date, and a case keeps citing the old clause', async () => {
    const old = (
      await as.sup!.get(`/api/standards?filter=${encodeURIComponent(JSON.stringify({ code: v1.code }))}`)
    ).body[0];
    const clauses = (
      await as.sup!.get(`/api/clauses?filter=${encodeURIComponent(JSON.stringify({ standardId: old.id }))}`)
    ).body;
    const reported = await as.sup!.post('/api/cases', {
      source: 'inspection',
      enterpriseId: h.ids.enterpriseId,
      regionCode: '420111',
      title: '承包单位未统一管理',
      description: '检查发现',
    });
    const judged = await as.sup!.post(`/api/cases/${reported.body.id}/judge`, {
      decision: 'major',
      clauseId: clauses[0].id,
      reason: '符合判定标准',
    });
    expect(judged.status).toBe(200);
    const early = await as.admin!.post('/api/standards', {
      ...v1,
      version: '2027',
      effectiveDate: '2025-06-01',
      supersedesId: old.id,
    });
    expect(early.status).toBe(422);
    expect(Object.keys(early.body.errors)).toEqual(['effectiveDate']);
    const v2 = await as.admin!.post('/api/standards', {
      ...v1,
      version: '2027',
      effectiveDate: '2027-03-01',
      supersedesId: old.id,
      clauses: [
        {
          clauseNo: '第三条（一）',
          text: '未对承包单位、承租单位的安全生产工作统一协调、管理的',
          category: '管理类',
        },
      ],
    });
    expect(v2.status).toBe(201);
    expect((await as.sup!.get(`/api/standards/${old.id}`)).body.repealedOn).toBe('2027-03-01');
    const kase = await as.sup!.get(`/api/cases/${reported.body.id}`);
    expect(kase.body.clauseId).toBe(clauses[0].id);
    expect((await as.sup!.get(`/api/clauses/${clauses[0].id}`)).body.text).toBe(v1.clauses[0]!.text);
    const log = (await verifiedWrites(h.db.db)).filter((e) => e.resource === 'standards');
    expect(log.map((e) => (e.payload as { version: string }).version)).toEqual(['2026', '2027']);
  });
});
