import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDepartment, listDepartments, updateDepartment } from '../../db/queries/departments.js';
import { createEnterprise } from '../../db/queries/enterprises.js';
import { listIndustries } from '../../db/queries/industries.js';
import { createRegion, getRegion, listRegions, updateRegion } from '../../db/queries/regions.js';
import {
  addClause,
  createStandard,
  getStandard,
  listClauses,
  listStandards,
} from '../../db/queries/standards.js';
import { seedDemoRegistry, type DemoRegistry } from '../../db/seed/demo-registry.js';
import { makeCreditCode } from '../../domain/credit-code.js';
import { createTestDatabase } from '../helpers/db.js';

describe('registry queries', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let reg: DemoRegistry;
  beforeAll(async () => {
    db = await createTestDatabase();
    reg = await seedDemoRegistry(db.db, { enterprises: 20 });
  }, 120_000);
  afterAll(async () => db?.drop());

  it('regions: materialised path, filters, conflicts, rename', async () => {
    const street = reg.streets[0]!;
    const r = await createRegion(db.db, {
      code: '420111002099',
      name: '测试网格',
      level: 'grid',
      parentCode: street.code,
    });
    expect(r.path).toBe(`${street.path}420111002099/`);
    await expect(
      createRegion(db.db, { code: '420111002099', name: 'x', level: 'grid', parentCode: street.code }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      createRegion(db.db, { code: '420111002098', name: 'x', level: 'grid', parentCode: '999999' }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    const streets = await listRegions(db.db, {
      filter: { parentCode: reg.district.code, level: 'street' },
      range: [0, 99],
    });
    expect(streets.total).toBe(reg.streets.length);
    expect(streets.rows.map((s) => s.name)).toContain('关山街');
    await updateRegion(db.db, r.code, { name: '新名字' });
    expect((await getRegion(db.db, r.code)).name).toBe('新名字');
  });

  it("departments: a street office takes its street's machinery enterprises (most specific wins)", async () => {
    const street = reg.streets[0]!;
    const d = await createDepartment(db.db, {
      name: '关山街安监站',
      regionCode: street.code,
      industryCodes: ['machinery'],
    });
    await expect(
      createDepartment(db.db, { name: '某部门', regionCode: street.code, industryCodes: ['spaceflight'] }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    const base = { scale: 'below' as const, riskGrade: 'C' as const, status: 'operating' as const };
    const inStreet = await createEnterprise(db.db, {
      ...base,
      name: '武汉光谷精密机械有限公司',
      creditCode: makeCreditCode('420111', 7_000_001),
      regionCode: street.code,
      industryCode: 'machinery.general',
    });
    const elsewhere = await createEnterprise(db.db, {
      ...base,
      name: '武汉江城精密机械有限公司',
      creditCode: makeCreditCode('420111', 7_000_002),
      regionCode: reg.streets[1]!.code,
      industryCode: 'machinery.general',
    });
    expect(inStreet.departmentId).toBe(d.id);
    expect(elsewhere.departmentId).not.toBe(d.id);
    expect(elsewhere.departmentId).not.toBeNull();
    expect(
      (await listDepartments(db.db, { filter: { industry: 'machinery' } })).rows.map((x) => x.id),
    ).toContain(d.id);
    expect((await updateDepartment(db.db, d.id, { name: '关山街道应急办' })).name).toBe('关山街道应急办');
  });

  it('standards library: seeded standards, clauses, add a version', async () => {
    const all = await listStandards(db.db, { range: [0, 99] });
    expect(all.rows.map((s) => s.code)).toEqual(
      expect.arrayContaining([expect.stringContaining('121'), expect.stringContaining('35181')]),
    );
    const s = await createStandard(db.db, {
      code: '测试标准',
      title: '测试',
      version: '2026',
      effectiveDate: '2026-01-01',
      industry: 'machinery',
    });
    await addClause(db.db, s.id, { clauseNo: '第一条', text: '测试条款' });
    await expect(addClause(db.db, s.id, { clauseNo: '第一条', text: '重复' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect((await getStandard(db.db, s.id)).clauses).toHaveLength(1);
    expect((await listClauses(db.db, { q: '测试条款' })).total).toBe(1);
    expect((await listIndustries(db.db)).total).toBeGreaterThan(10);
  });
});
