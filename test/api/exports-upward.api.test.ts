import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTable } from '../../domain/import/table.js';
import { loginAs, startHarness, type Harness } from './harness.js';

/**
 * Exports read as they would be sent upward (to the 市安委办): Chinese labels for every code, case numbers as the
 * console shows them, regions and industries by name, the people and units who must act, and no internal id. And
 * a date a person sets for the future (a deadline, a completion date) is refused when it is not after today, by the
 * API itself, naming the field, with nothing changed.
 */
describe('exports as sent upward; future dates refused at the edge', () => {
  let h: Harness;
  let sup: Awaited<ReturnType<typeof loginAs>>;
  const ids: Record<string, string> = {};
  const inDays = (n: number) =>
    new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
  const today = inDays(0);

  beforeAll(async () => {
    h = await startHarness();
    await h.db.pool!.query(`update enterprises set safety_manager_name = '陈静' where id = $1`, [
      h.ids.enterpriseId,
    ]);
    await h.db.pool!.query(`update users set display_name = '张伟' where username = 'sup'`);
    sup = await loginAs(h.app, 'sup');
    const report = async (title: string, source = 'grid_patrol') =>
      (
        await sup.post('/api/cases', {
          source,
          enterpriseId: h.ids.enterpriseId,
          regionCode: '420111',
          title,
          description: '网格巡查发现',
        })
      ).body.id as string;
    ids.reported = await report('配电室未设置挡鼠板');
    ids.listed = await report('涉爆粉尘除尘系统未泄爆', 'inspection');
    expect(
      (
        await sup.post(`/api/cases/${ids.listed}/judge`, {
          decision: 'major',
          clauseId: h.ids.clauseId,
          reason: '符合判定标准',
        })
      ).status,
    ).toBe(200);
  });
  afterAll(() => h?.stop());

  const listing = (rectificationDeadline: string) => ({
    level: 'county',
    listingAuthority: '洪山区安全生产委员会',
    supervisingUnit: '洪山区应急管理局',
    rectificationDeadline,
    interimControls: ['stop_use'],
  });

  it('refuses a deadline of today or before, naming the field, and changes nothing', async () => {
    for (const day of [inDays(-1), today]) {
      const res = await sup.post(`/api/cases/${ids.listed}/list`, listing(day));
      expect(res.status).toBe(422);
      expect(res.body.errors.rectificationDeadline).toBe(`整改期限必须晚于今天（${today}）`);
    }
    expect((await sup.get(`/api/cases/${ids.listed}`)).body.status).toBe('judged');
    const ok = await sup.post(`/api/cases/${ids.listed}/list`, listing(inDays(60)));
    expect(ok.status).toBe(200);
    expect(
      (
        await sup.post(`/api/cases/${ids.listed}/confirm-publication`, {
          kind: 'listing',
          publishedOn: today,
          reference: '洪安办〔2026〕1号',
        })
      ).status,
    ).toBe(200);
    // The enterprise's plan: a completion date already past is refused the same way.
    const ent = await loginAs(h.app, 'ent');
    const plan = {
      responsiblePerson: '陈静',
      responsiblePhone: '13900000000',
      measures: '加装泄爆片',
      funds: 50000,
      timeLimit: inDays(-3),
      emergencyPlan: '停用除尘系统',
      objectives: '消除隐患',
      interimSafetyMeasures: '停用',
      documentIds: [],
    };
    const refused = await ent.post(`/api/cases/${ids.listed}/submit-plan`, plan);
    expect(refused.status).toBe(422);
    expect(refused.body.errors.timeLimit).toBe(`完成时限必须晚于今天（${today}）`);
    expect((await sup.get(`/api/cases/${ids.listed}`)).body.status).toBe('listed');
    expect(
      (await sup.post(`/api/cases/${ids.listed}/escalate`, { step: 'urging_letter', reason: '方案逾期未报' }))
        .status,
    ).toBe(200);
  });

  async function sheet(path: string, format: 'csv' | 'xlsx', filter?: Record<string, unknown>) {
    const query = filter ? `&filter=${encodeURIComponent(JSON.stringify(filter))}` : '';
    const res = await h.app.request(`/api/${path}/export?format=${format}${query}`, {
      headers: { cookie: sup.cookie },
    });
    expect(res.status, path).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    return { ...(await parseTable(bytes, format)), text: bytes.toString('utf8') };
  }

  /** Anything a reader would have to look up: an English code, a uuid, a bare case number. */
  function rawIn(rows: Array<Record<string, string>>): string[] {
    const found = new Set<string>();
    for (const r of rows)
      for (const [k, v] of Object.entries(r)) {
        const s = String(v ?? '');
        if (/[0-9a-f]{8}-[0-9a-f]{4}-/.test(s)) found.add(`${k}: uuid ${s}`);
        if (/^[a-z]+(_[a-z]+)*$/.test(s)) found.add(`${k}: code ${s}`);
        if (k === '案件编号' && !/^ZD-\d{6}$/.test(s)) found.add(`${k}: ${s}`);
      }
    return [...found];
  }

  it('exports cases, tasks and escalations in words, with case numbers as shown and no internal id', async () => {
    for (const format of ['csv', 'xlsx'] as const) {
      const cases = await sheet('cases', format);
      expect(cases.headers.some((x) => /ID/i.test(x))).toBe(false);
      expect(rawIn(cases.rows), `cases.${format}`).toEqual([]);
      const listed = cases.rows.find((r) => r['隐患名称'] === '涉爆粉尘除尘系统未泄爆')!;
      expect(listed).toMatchObject({
        案件编号: expect.stringMatching(/^ZD-\d{6}$/),
        状态: '已挂牌·待报方案',
        来源: '监督检查',
        所属区域: '洪山区',
        挂牌级别: '县级',
        督办措施: '督办函',
        当前期限: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      });
      expect(cases.rows.find((r) => r['隐患名称'] === '配电室未设置挡鼠板')).toMatchObject({
        状态: '待研判',
        来源: '网格巡查',
      });
      // The industry by name (the registry's 大类), never its code.
      expect(String(listed['行业'])).toMatch(/[\u4e00-\u9fff]/);

      // The tasks of one case, as its page lists them: the enterprise's too, naming the enterprise and its person.
      const tasks = await sheet('tasks', format, { caseId: ids.listed, status: 'open' });
      expect(tasks.headers.some((x) => /ID/i.test(x))).toBe(false);
      expect(rawIn(tasks.rows), `tasks.${format}`).toEqual([]);
      expect(tasks.rows).toContainEqual(
        expect.objectContaining({
          隐患名称: '涉爆粉尘除尘系统未泄爆',
          任务: '提交整改方案',
          状态: '待办',
          承办方: '企业',
          承办单位: expect.stringContaining('武汉测试'),
          承办人: '陈静',
        }),
      );

      const escalations = await sheet('escalations', format);
      expect(escalations.headers.some((x) => /ID/i.test(x))).toBe(false);
      expect(rawIn(escalations.rows), `escalations.${format}`).toEqual([]);
      expect(escalations.rows).toContainEqual(
        expect.objectContaining({
          案件编号: listed['案件编号'],
          隐患名称: '涉爆粉尘除尘系统未泄爆',
          督办措施: '督办函',
          状态: '办理中',
          所属区域: '洪山区',
          原因: '方案逾期未报',
        }),
      );
    }
  });

  it('exports the registers with names for regions, industries and states', async () => {
    const ent = await sheet('enterprises', 'csv');
    expect(rawIn(ent.rows)).toEqual([]);
    expect(ent.rows[0]).toMatchObject({ 所属区域: '洪山区', 经营状态: '正常经营' });
    const deps = await sheet('departments', 'csv');
    expect(deps.headers.some((x) => /ID/i.test(x))).toBe(false);
    expect(rawIn(deps.rows)).toEqual([]);
    const regions = await sheet('regions', 'csv');
    expect(regions.rows.map((r) => r['层级'])).toContain('区县');
    const standards = await sheet('standards', 'csv');
    expect(rawIn(standards.rows)).toEqual([]);
  });
});
