import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../db/client.js';
import { makeCreditCode } from '../../domain/credit-code.js';
import { ENTERPRISE_COLUMNS } from '../../domain/import/enterprises.js';
import { exportTable, parseTable, type ColumnDef } from '../../domain/import/table.js';
import { PASSWORD, loginAs, startHarness, type Harness } from './harness.js';

/** A 小类 by name, as a file gives it (the migration industries_as_data writes 钢铁 under 冶金). */
const SUB = '钢铁';
const HEADERS = ENTERPRISE_COLUMNS.map(([, h]) => h);
const COLS: Array<ColumnDef<Record<string, string>>> = HEADERS.map((h) => ({ key: h, header: h }));

function enterpriseRow(serial: number, regionCode: string, over: Record<string, string> = {}) {
  return {
    企业名称: `导入测试${serial}号有限公司`,
    统一社会信用代码: makeCreditCode(regionCode, serial),
    行政区划代码: regionCode,
    行业小类: SUB,
    规模: '规上',
    风险等级: 'B',
    经营状态: '正常经营',
    状态变更日期: '',
    地址: `测试路${serial}号`,
    主要负责人: '张三',
    主要负责人电话: '13900000000',
    安全管理员: '',
    安全管理员电话: '',
    ...over,
  };
}
const file = async (rows: Array<Record<string, string>>, name: string, cols = COLS) =>
  new File([new Uint8Array(await exportTable(rows, cols, name.endsWith('.xlsx') ? 'xlsx' : 'csv'))], name, {
    type: name.endsWith('.xlsx')
      ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
      : 'text/csv',
  });

describe('registry import and list export over HTTP', () => {
  let h: Harness;
  const cookies: Record<string, string> = {};
  beforeAll(async () => {
    h = await startHarness();
    for (const u of ['admin', 'sup', 'leader', 'ent']) {
      const res = await h.app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: u, password: PASSWORD }),
      });
      cookies[u] = res.headers.get('set-cookie')!.split(';')[0]!;
    }
  }, 120_000);
  afterAll(async () => h?.stop());

  const upload = async (user: string, path: string, f: File | null, fields: Record<string, string> = {}) => {
    const form = new FormData();
    if (f) form.set('file', f);
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    const res = await h.app.request(path, {
      method: 'POST',
      headers: { cookie: cookies[user]! },
      body: form,
    });
    return { status: res.status, body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const get = (user: string, url: string) => h.app.request(url, { headers: { cookie: cookies[user]! } });
  const countByName = async (like: string) =>
    (
      await h.db.db
        .select({ n: sql<number>`count(*)::int` })
        .from(schema.enterprises)
        .where(sql`${schema.enterprises.name} like ${like}`)
    )[0]!.n;

  it('an import with errors imports nothing (422 with the row report) unless importValidRows', async () => {
    const rows = [
      enterpriseRow(9001, '420111'),
      enterpriseRow(9002, '420111', { 统一社会信用代码: '91420111MA4K0000X0' }),
      enterpriseRow(9003, '420111', { 行政区划代码: '999999' }),
      enterpriseRow(9004, '420111'),
    ];
    const rejected = await upload('admin', '/api/imports/enterprises', await file(rows, 'a.csv'));
    expect(rejected.status).toBe(422);
    expect(rejected.body.error.code).toBe('VALIDATION');
    expect(rejected.body.errors.file).toMatch(/未导入/);
    expect(rejected.body.report).toMatchObject({ total: 4, validCount: 2, imported: 0, dryRun: false });
    expect(rejected.body.report.errors.map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([
      [3, 'creditCode'],
      [4, 'regionCode'],
    ]);
    expect(rejected.body.report.errors.every((e: { reason: string }) => e.reason.length > 0)).toBe(true);
    expect(await countByName('导入测试900%')).toBe(0);

    const dry = await upload('admin', '/api/imports/enterprises', await file(rows, 'a.csv'), {
      dryRun: 'true',
      importValidRows: 'true',
    });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ total: 4, validCount: 2, imported: 0, dryRun: true });
    expect(await countByName('导入测试900%')).toBe(0);

    const partial = await upload('admin', '/api/imports/enterprises', await file(rows, 'a.csv'), {
      importValidRows: 'true',
    });
    expect(partial.status).toBe(200);
    expect(partial.body).toMatchObject({ total: 4, validCount: 2, imported: 2 });
    expect(partial.body.errors).toHaveLength(2);
    expect(await countByName('导入测试900%')).toBe(2);
    // Placed by 谁家的孩子谁抱走: a supervising department and the region path come with the row.
    const [one] = await h.db.db
      .select()
      .from(schema.enterprises)
      .where(eq(schema.enterprises.creditCode, makeCreditCode('420111', 9001)));
    expect(one?.regionPath).toBe('420000/420100/420111/');

    const audit = await h.db.db
      .select()
      .from(schema.auditLog)
      .where(sql`${schema.auditLog.resource} = 'enterprises' and ${schema.auditLog.action} like 'import%'`);
    expect(audit.map((a) => a.action).sort()).toEqual(['import', 'import', 'import_dry_run']);
    expect(audit.find((a) => (a.payload as { imported: number }).imported === 2)?.actorId).toBe(
      h.ids.users.admin,
    );
  });

  it('reads XLSX too, by extension or by content', async () => {
    const rows = [enterpriseRow(9101, '420111'), enterpriseRow(9102, '420111')];
    const x = await upload('admin', '/api/imports/enterprises', await file(rows, 'b.xlsx'));
    expect(x.status).toBe(200);
    expect(x.body).toMatchObject({ total: 2, imported: 2, errors: [] });
    // No name hint and a generic type: the zip signature says XLSX.
    const bytes = new Uint8Array(await exportTable([enterpriseRow(9103, '420111')], COLS, 'xlsx'));
    const anon = await upload(
      'admin',
      '/api/imports/enterprises',
      new File([bytes], 'upload', { type: 'application/octet-stream' }),
    );
    expect(anon.status).toBe(200);
    expect(anon.body.imported).toBe(1);
    const garbage = await upload(
      'admin',
      '/api/imports/enterprises',
      new File([new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3])], 'c.xlsx'),
    );
    expect(garbage.status).toBe(422);
    expect(garbage.body.errors.file).toBeTruthy();
    const none = await upload('admin', '/api/imports/enterprises', null);
    expect(none.status).toBe(422);
  });

  it('a supervisor imports only inside the jurisdiction; other roles may not import', async () => {
    const rows = [
      enterpriseRow(9201, '420111'),
      enterpriseRow(9202, '420102'),
      enterpriseRow(9203, '420111'),
    ];
    const r = await upload('sup', '/api/imports/enterprises', await file(rows, 's.csv'));
    expect(r.status).toBe(422);
    expect(r.body.report.errors).toEqual([{ row: 3, field: 'regionCode', reason: '不在您的管辖范围内' }]);
    expect(await countByName('导入测试920%')).toBe(0);
    const ok = await upload('sup', '/api/imports/enterprises', await file(rows, 's.csv'), {
      importValidRows: '1',
    });
    expect(ok.status).toBe(200);
    expect(ok.body.imported).toBe(2);
    expect(await countByName('导入测试9202%')).toBe(0);

    for (const who of ['leader', 'ent']) {
      const denied = await upload(who, '/api/imports/enterprises', await file(rows, 's.csv'));
      expect(denied.status, who).toBe(403);
      expect(denied.body.error.code).toBe('FORBIDDEN');
      expect((await upload(who, '/api/imports/regions', await file(rows, 's.csv'))).status).toBe(403);
    }
    const form = new FormData();
    form.set('file', await file(rows, 's.csv'));
    const anon = await h.app.request('/api/imports/enterprises', { method: 'POST', body: form });
    expect(anon.status).toBe(401);
  });

  it('imports regions, children after parents, within a supervisor’s district', async () => {
    const cols: Array<ColumnDef<Record<string, string>>> = ['区划代码', '名称', '层级', '上级区划代码'].map(
      (k) => ({ key: k, header: k }),
    );
    const rows = [
      { 区划代码: '420111901', 名称: '测试街', 层级: '街道', 上级区划代码: '420111' },
      { 区划代码: '420111901001', 名称: '测试社区', 层级: '社区', 上级区划代码: '420111901' },
      { 区划代码: '420102901', 名称: '外区街', 层级: '街道', 上级区划代码: '420102' },
    ];
    const r = await upload('sup', '/api/imports/regions', await file(rows, 'r.xlsx', cols), {
      importValidRows: 'true',
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ total: 3, validCount: 2, imported: 2 });
    expect(r.body.errors).toEqual([{ row: 4, field: 'parentCode', reason: '不在您的管辖范围内' }]);
    const [child] = await h.db.db
      .select()
      .from(schema.regions)
      .where(eq(schema.regions.code, '420111901001'));
    expect(child?.path).toBe('420000/420100/420111/420111901/420111901001/');
    const admin = await upload('admin', '/api/imports/regions', await file([rows[2]!], 'r.csv', cols));
    expect(admin.status).toBe(200);
    expect(admin.body.imported).toBe(1);
  });

  it('exports every list as CSV and XLSX with Chinese headers, in the caller’s scope and filter', async () => {
    for (const name of [
      'cases',
      'tasks',
      'escalations',
      'enterprises',
      'regions',
      'departments',
      'standards',
    ]) {
      for (const format of ['csv', 'xlsx'] as const) {
        const res = await get('admin', `/api/${name}/export?format=${format}`);
        expect(res.status, `${name}.${format}`).toBe(200);
        expect(res.headers.get('content-disposition')).toMatch(
          new RegExp(`^attachment; filename="${name}\\.${format}"; filename\\*=UTF-8''.+\\.${format}$`),
        );
        const { headers } = await parseTable(Buffer.from(await res.arrayBuffer()), format);
        expect(headers.length, name).toBeGreaterThan(2);
        expect(
          headers.every((x) => /[\u4e00-\u9fff]/.test(x)),
          headers.join(),
        ).toBe(true);
      }
    }
    // Scope: the supervisor of 洪山区 sees none of 江岸区; the administrator does.
    await h.db.db.insert(schema.enterprises).values({
      name: '江岸导出测试有限公司',
      creditCode: makeCreditCode('420102', 9301),
      regionCode: '420102',
      regionPath: h.ids.otherDistrictPath,
      industryCode: 'C34',
      industryCategory: 'machinery',
      scale: 'above',
    });
    const names = async (user: string, query = '') => {
      const res = await get(user, `/api/enterprises/export?format=csv${query}`);
      expect(res.status).toBe(200);
      const t = await parseTable(Buffer.from(await res.arrayBuffer()), 'csv');
      return { rows: t.rows.map((r) => r['企业名称']), total: Number(res.headers.get('x-total-count')) };
    };
    const sup = await names('sup');
    const admin = await names('admin');
    expect(admin.rows).toContain('江岸导出测试有限公司');
    expect(sup.rows).not.toContain('江岸导出测试有限公司');
    expect(sup.rows.length).toBe(sup.total);
    expect(sup.rows.length).toBeGreaterThan(5);
    const ent = await names('ent');
    expect(ent.rows).toHaveLength(1);
    // Same filter and sort as the list.
    const filtered = await names(
      'admin',
      `&filter=${encodeURIComponent(JSON.stringify({ q: '导入测试910' }))}&sort=${encodeURIComponent('["name","DESC"]')}`,
    );
    expect(filtered.rows).toEqual([
      '导入测试9103号有限公司',
      '导入测试9102号有限公司',
      '导入测试9101号有限公司',
    ]);
    // The exported enterprise file has the import's headers: it imports back (here, as duplicates).
    const back = await get('admin', '/api/enterprises/export?format=xlsx&filter={"q":"导入测试9101"}');
    const again = await upload(
      'admin',
      '/api/imports/enterprises',
      new File([new Uint8Array(await back.arrayBuffer())], 'back.xlsx'),
    );
    expect(again.body.report.errors).toEqual([
      { row: 2, field: 'creditCode', reason: '统一社会信用代码已在企业库中' },
    ]);

    expect((await get('admin', '/api/enterprises/export?format=pdf')).status).toBe(422);
    expect((await get('admin', '/api/cases/export?sort=["nope","ASC"]')).status).toBe(422);
    expect((await get('admin', '/api/tasks/export?filter={"nope":1}')).status).toBe(422);
    expect((await h.app.request('/api/cases/export')).status).toBe(401);
    const audit = await h.db.db.select().from(schema.auditLog).where(eq(schema.auditLog.action, 'export'));
    expect(audit.length).toBeGreaterThanOrEqual(14);
  });

  it('keeps the lists and their records routable, and documents every new route', async () => {
    const api = await loginAs(h.app, 'admin');
    const list = await api.get('/api/enterprises?range=[0,0]');
    expect(list.status).toBe(200);
    const one = await api.get(`/api/enterprises/${list.body[0].id}`);
    expect(one.status).toBe(200);
    expect((await api.get('/api/regions/420111')).body.name).toBe('洪山区');
    expect((await api.get('/api/cases/00000000-0000-4000-8000-000000000000')).status).toBe(404);

    const doc = (await (await h.app.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { operationId?: string; tags?: string[]; responses: object }>>;
    };
    const ops = Object.entries(doc.paths).filter(([p]) => p.startsWith('/imports/') || p.endsWith('/export'));
    expect(ops.map(([p]) => p).sort()).toEqual(
      [
        '/imports/enterprises',
        '/imports/general-hazards',
        '/imports/regions',
        '/scores/units/{runId}/{level}/{unitId}/indicators/{indicator}/export',
        ...[
          'cases',
          'tasks',
          'escalations',
          'enterprises',
          'regions',
          'departments',
          'standards',
          'general-hazards',
        ].map((n) => `/${n}/export`),
      ].sort(),
    );
    for (const [, methods] of ops)
      for (const op of Object.values(methods)) {
        expect(op.operationId).toBeTruthy();
        expect(op.tags?.length).toBeGreaterThan(0);
        expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '422']));
      }
  });
});
