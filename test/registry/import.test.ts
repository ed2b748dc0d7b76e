import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../db/client.js';
import {
  getEnterprise,
  listEnterprises,
  updateEnterprise,
  createEnterprise,
} from '../../db/queries/enterprises.js';
import { importEnterprises, importRegions } from '../../db/queries/import.js';
import { seedDemoRegistry, type DemoRegistry } from '../../db/seed/demo-registry.js';
import { makeCreditCode } from '../../domain/credit-code.js';
import { ENTERPRISE_COLUMNS } from '../../domain/import/enterprises.js';
import { exportTable, parseTable, type ColumnDef } from '../../domain/import/table.js';
import { createTestDatabase } from '../helpers/db.js';

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;
/** 小类 names the migration industries_as_data writes (the classification is data). */
const SUBS = [
  '钢铁',
  '铸造',
  '铝加工',
  '水泥',
  '通用设备制造',
  '食品加工',
  '商场超市',
  '危化品经营',
  '房屋建筑工程',
];

/** A file-shaped row set of n enterprises with serials from `base` (unique codes), in the demo streets. */
function enterpriseRows(
  n: number,
  base: number,
  streets: DemoRegistry['streets'],
): Array<Record<string, string>> {
  return Array.from({ length: n }, (_, i) => ({
    企业名称: `武汉测试${base + i}号企业有限公司`,
    统一社会信用代码: makeCreditCode('420111', base + i),
    行政区划代码: streets[i % streets.length]!.code,
    行业小类: SUBS[i % SUBS.length]!,
    规模: i % 3 ? '规下' : '规上',
    风险等级: 'ABCD'[i % 4]!,
    经营状态: i % 50 === 0 ? '停产' : '正常经营',
    状态变更日期: '',
    地址: `洪山区测试路${i}号`,
    主要负责人: '张三',
    主要负责人电话: `139${String(10000000 + i).slice(-8)}`,
    安全管理员: '',
    安全管理员电话: '',
  }));
}
const headers = ENTERPRISE_COLUMNS.map(([, h]) => h);
const columns: Array<ColumnDef<Record<string, string>>> = headers.map((h) => ({ key: h, header: h }));

describe('registry import/export against PostgreSQL', () => {
  let db: TestDb;
  let reg: DemoRegistry;
  beforeAll(async () => {
    db = await createTestDatabase();
    reg = await seedDemoRegistry(db.db, { enterprises: 20 });
  }, 120_000);
  afterAll(async () => db?.drop());
  const count = async () =>
    (await db.db.select({ n: sql<number>`count(*)::int` }).from(schema.enterprises))[0]!.n;

  it.each(['csv', 'xlsx'] as const)(
    'imports a 10,000-row %s file with departments assigned',
    async (format) => {
      const base = format === 'csv' ? 1_000_000 : 2_000_000;
      const rows = enterpriseRows(10_000, base, reg.streets);
      const data = await exportTable(rows, columns, format);
      const before = await count();
      const t0 = performance.now();
      const report = await importEnterprises(db.db, { data, format });
      console.log(`import 10,000 ${format}: ${Math.round(performance.now() - t0)} ms`);
      expect(report).toMatchObject({ total: 10_000, validCount: 10_000, imported: 10_000, errors: [] });
      expect(await count()).toBe(before + 10_000);
      const { rows: got, total } = await listEnterprises(db.db, {
        filter: { q: makeCreditCode('420111', base) },
      });
      expect(total).toBe(1);
      expect(got[0]!.departmentId).not.toBeNull();
      expect(got[0]!.regionPath.startsWith(reg.district.path)).toBe(true);
      const suspended = await listEnterprises(db.db, { filter: { q: makeCreditCode('420111', base + 50) } });
      expect(suspended.rows[0]).toMatchObject({ status: 'suspended' });
      expect(suspended.rows[0]!.statusChangedAt).not.toBeNull();
    },
    120_000,
  );

  it('loads through COPY on PostgreSQL when given the pool, with the same placement', async () => {
    const rows = enterpriseRows(2_000, 5_000_000, reg.streets);
    const before = await count();
    const report = await importEnterprises(db.db, {
      data: await exportTable(rows, columns, 'csv'),
      format: 'csv',
      pool: db.pool!,
    });
    expect(report).toMatchObject({ imported: 2_000, errors: [] });
    expect(await count()).toBe(before + 2_000);
    const [e] = (await listEnterprises(db.db, { filter: { q: makeCreditCode('420111', 5_000_000) } })).rows;
    expect(e).toMatchObject({ status: 'suspended', address: '洪山区测试路0号', safetyManagerName: null });
    expect(e!.departmentId).not.toBeNull();
    expect(e!.statusChangedAt).not.toBeNull();
  });

  it('a file with errors imports nothing, unless importValidRows', async () => {
    const rows = enterpriseRows(5, 3_000_000, reg.streets);
    rows[1]!.规模 = '大型';
    rows[3]!.统一社会信用代码 = makeCreditCode('420111', 1_000_000); // already imported above
    const data = await exportTable(rows, columns, 'csv');
    const before = await count();
    const dry = await importEnterprises(db.db, { data, format: 'csv' });
    expect(dry).toMatchObject({ total: 5, validCount: 3, imported: 0 });
    expect(dry.errors).toEqual([
      { row: 3, field: 'scale', reason: '规模应为 规上/规下，实为“大型”' },
      { row: 5, field: 'creditCode', reason: '统一社会信用代码已在企业库中' },
    ]);
    expect(await count()).toBe(before);
    const partial = await importEnterprises(db.db, { data, format: 'csv', importValidRows: true });
    expect(partial).toMatchObject({ imported: 3 });
    expect(partial.errors).toHaveLength(2);
    expect(await count()).toBe(before + 3);
  });

  it('imports regions as a subtree with materialised paths', async () => {
    const data = await exportTable(
      [
        { 区划代码: '420111098000', 名称: '测试街', 层级: '街道', 上级区划代码: reg.district.code },
        { 区划代码: '420111098001', 名称: '测试社区', 层级: '社区', 上级区划代码: '420111098000' },
      ],
      (['区划代码', '名称', '层级', '上级区划代码'] as const).map((h) => ({ key: h, header: h })),
      'xlsx',
    );
    const r = await importRegions(db.db, { data, format: 'xlsx' });
    expect(r).toMatchObject({ imported: 2, errors: [] });
    const [c] = await db.db
      .select()
      .from(schema.regions)
      .where(sql`code = '420111098001'`);
    expect(c!.path).toBe(`${reg.district.path}420111098000/420111098001/`);
  });

  it.each(['csv', 'xlsx'] as const)('export round-trips through %s', async (format) => {
    const { rows } = await listEnterprises(db.db, { range: [0, 99], sort: ['creditCode', 'ASC'] });
    const cols: Array<ColumnDef<(typeof rows)[number]>> = [
      { key: 'name', header: '企业名称' },
      { key: 'creditCode', header: '统一社会信用代码' },
      { key: 'regionCode', header: '行政区划代码' },
      { key: 'status', header: '经营状态' },
    ];
    const parsed = await parseTable(await exportTable(rows, cols, format), format);
    expect(parsed.headers).toEqual(['企业名称', '统一社会信用代码', '行政区划代码', '经营状态']);
    expect(parsed.rows).toEqual(
      rows.map((r) => ({
        企业名称: r.name,
        统一社会信用代码: r.creditCode,
        行政区划代码: r.regionCode,
        经营状态: r.status,
      })),
    );
  });

  it('create/update: duplicate code conflicts; a status change records the date', async () => {
    const e = await createEnterprise(db.db, {
      name: '武汉楚天化工有限公司',
      creditCode: makeCreditCode('420111', 4_000_000),
      regionCode: reg.streets[0]!.code,
      industryCode: 'chemicals.production',
      scale: 'above',
      riskGrade: 'A',
      status: 'operating',
    });
    expect(e.departmentId).not.toBeNull();
    expect(e.statusChangedAt).toBeNull();
    await expect(
      createEnterprise(db.db, {
        ...e,
        scale: 'above',
        riskGrade: 'A',
        status: 'operating',
        statusChangedAt: null,
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const u = await updateEnterprise(db.db, e.id, { status: 'suspended', statusChangedAt: '2026-10-08' });
    expect(u).toMatchObject({ status: 'suspended', statusChangedAt: '2026-10-08' });
    expect((await getEnterprise(db.db, e.id)).status).toBe('suspended');
    await expect(getEnterprise(db.db, '00000000-0000-0000-0000-000000000000')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
