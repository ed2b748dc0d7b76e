import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../domain/credit-code.js';
import { shanghaiDate } from '../../domain/calendar.js';
import { verifiedRefusals, verifiedWrites } from '../helpers/audit.js';
import { loginAs, startHarness, type Harness } from './harness.js';

type Client = Awaited<ReturnType<typeof loginAs>>;
const ROLES = ['admin', 'sup', 'sup-other', 'leader', 'ent', 'ent-other', 'expert', 'grid'] as const;
const NOT_ADMIN = ROLES.filter((r) => r !== 'admin');

const underground = {
  code: 'coal_mine.underground',
  name: '井工煤矿',
  parentCode: 'coal_mine',
  sortOrder: 10,
  cityDepartment: '应急管理局',
  countyDepartment: '应急管理局',
  source: '测试：市安委会分类分级通知',
};
const enterprise = (serial: number, industryCode: string) => ({
  name: `武汉分类测试${serial}号有限公司`,
  creditCode: makeCreditCode('420111', 810_000 + serial),
  regionCode: '420111',
  industryCode,
  scale: 'above',
  riskGrade: 'C',
  status: 'operating',
});
const addDays = (d: string, n: number) => {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
};

/** 行业分类 as data on the real stack: read by everyone, written by administrators, versioned, audited. */
describe('industries API', () => {
  let h: Harness;
  const as: Record<string, Client> = {};
  const today = shanghaiDate(new Date());
  const count = async (sql: string, params: unknown[] = []) =>
    (await h.db.pool!.query<{ n: number }>(sql, params)).rows[0]!.n;

  beforeAll(async () => {
    h = await startHarness();
    for (const u of ROLES) as[u] = await loginAs(h.app, u);
  });
  afterAll(async () => h?.stop());

  it('is read by every role from the data the migration wrote, with the departments in force', async () => {
    for (const role of ROLES) {
      const res = await as[role]!.get('/api/industries');
      expect(res.status, role).toBe(200);
      expect(res.headers.get('content-range'), role).toMatch(/^industries 0-\d+\/\d+$/);
    }
    const rows = (await as.ent!.get('/api/industries')).body as Array<Record<string, unknown>>;
    const categories = rows.filter((r) => r.parentCode === null).map((r) => r.name);
    // The shipped nine, then the 大类 of seed 004 the shipped ones did not cover.
    expect(categories).toEqual([
      '冶金',
      '有色',
      '建材',
      '机械',
      '轻工',
      '纺织',
      '商贸',
      '危险化学品',
      '建筑施工',
      '煤矿',
      '非煤矿山',
      '交通运输',
      '港口渔业',
      '食品药品',
      '特种设备',
      '人员密集场所',
      '公共服务',
      '农林水',
      '其他',
    ]);
    // Each 大类 is followed by its own 小类.
    const i = rows.findIndex((r) => r.code === 'construction');
    expect(rows.slice(i + 1, i + 3).map((r) => r.parentCode)).toEqual(['construction', 'construction']);
    expect(rows.find((r) => r.code === 'construction.housing')).toMatchObject({
      name: '房屋建筑工程',
      cityDepartment: '住房和城乡建设局',
      countyDepartment: '住房和城乡建设局',
      version: 1,
    });
    const anonymous = await h.app.request('/api/industries');
    expect(anonymous.status).toBe(401);
  });

  it('lets only administrators add a 小类; refusals name the field in Chinese and change nothing', async () => {
    const before = await count('select count(*)::int as n from industries');
    for (const role of NOT_ADMIN)
      expect((await as[role]!.post('/api/industries', underground)).status, role).toBe(403);
    const bad = await as.admin!.post('/api/industries', {
      ...underground,
      code: 'coal_mine.Underground',
      name: '',
    });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['code', 'name']);
    expect(bad.body.errors.code).toMatch(/小写字母/);
    expect(bad.body.errors.name).toBe('名称必填');
    const wrongParent = await as.admin!.post('/api/industries', { ...underground, parentCode: 'metallurgy' });
    expect(wrongParent.status).toBe(422);
    expect(wrongParent.body.errors).toEqual({ code: '小类代码应以所属大类代码“metallurgy.”开头' });
    const past = await as.admin!.post('/api/industries', {
      ...underground,
      effectiveFrom: addDays(today, -1),
    });
    expect(past.status).toBe(422);
    expect(Object.keys(past.body.errors)).toEqual(['effectiveFrom']);
    expect(await count('select count(*)::int as n from industries')).toBe(before);
    expect(await count('select count(*)::int as n from industry_department_versions')).toBe(
      await count("select count(*)::int as n from industry_department_versions where source like '迁移%'"),
    );

    const created = await as.admin!.post('/api/industries', underground);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      code: 'coal_mine.underground',
      cityDepartment: '应急管理局',
      countyDepartment: '应急管理局',
      version: 1,
    });
    expect((await as.admin!.post('/api/industries', underground)).status).toBe(409);
    const log = (await verifiedWrites(h.db.db)).filter((e) => e.resource === 'industries');
    expect(log.map((e) => [e.action, e.resourceId, e.actorRole])).toEqual([
      ['create', 'coal_mine.underground', 'admin'],
    ]);
    // The second create was refused and left its trace, with the status and the code it was answered.
    const refused = (await verifiedRefusals(h.db.db)).filter((e) => e.resource === 'industries');
    expect(refused.at(-1)!.why).toMatchObject({ method: 'POST', path: '/industries', status: 409 });

    // Every place that took the constant now reads the data: an enterprise is registered in the new 小类 and gets
    // its 大类 from it; a department may supervise it.
    const e = await as.admin!.post('/api/enterprises', enterprise(1, 'coal_mine.underground'));
    expect(e.status).toBe(201);
    expect(e.body.industryCategory).toBe('coal_mine');
    const dept = await as.admin!.post('/api/departments', {
      name: '洪山区煤矿安全监管科',
      regionCode: '420111',
      industryCodes: ['coal_mine.underground'],
    });
    expect(dept.status).toBe(201);
    const unknown = await as.admin!.post('/api/enterprises', enterprise(2, 'coal_mine.open_pit'));
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual({ industryCode: '未知行业小类“coal_mine.open_pit”' });
  });

  it('renames, retires and remaps as new versions; placed enterprises keep what they were given', async () => {
    const placed = (
      await h.db.pool!.query(
        "select id, industry_category, department_id from enterprises where industry_code = 'coal_mine.underground'",
      )
    ).rows[0]!;
    for (const role of NOT_ADMIN)
      expect(
        (await as[role]!.put('/api/industries/coal_mine.underground', { name: '地下煤矿' })).status,
        role,
      ).toBe(403);
    const past = await as.admin!.put('/api/industries/coal_mine.underground', {
      name: '井工煤矿',
      cityDepartment: '煤矿安全监察局',
      effectiveFrom: addDays(today, -3),
      version: 1,
    });
    expect(past.status).toBe(422);
    expect(past.body.errors.effectiveFrom).toMatch(/不能早于今天/);

    // A remapping from next month: today's mapping stays in force, the change shows as scheduled.
    const later = addDays(today, 30);
    const remapped = await as.admin!.put('/api/industries/coal_mine.underground', {
      name: '井工煤矿',
      sortOrder: 10,
      cityDepartment: '煤矿安全监管局',
      countyDepartment: '应急管理局',
      effectiveFrom: later,
      version: 1,
    });
    expect(remapped.status).toBe(200);
    expect(remapped.body).toMatchObject({
      version: 1,
      cityDepartment: '应急管理局',
      scheduled: [{ level: 'city', departmentName: '煤矿安全监管局', effectiveFrom: later }],
    });

    // Renamed and retired: version 2; a stale save over version 1 is refused and changes nothing.
    const retired = await as.admin!.put('/api/industries/coal_mine.underground', {
      name: '井工煤矿（地下开采）',
      sortOrder: 10,
      active: false,
      version: 1,
    });
    expect(retired.status).toBe(200);
    expect(retired.body).toMatchObject({ version: 2, active: false, name: '井工煤矿（地下开采）' });
    const stale = await as.admin!.put('/api/industries/coal_mine.underground', {
      name: '别的名称',
      version: 1,
    });
    expect(stale.status).toBe(409);
    expect((await as.admin!.get('/api/industries/coal_mine.underground')).body).toMatchObject({
      name: '井工煤矿（地下开采）',
      version: 2,
      versions: [{ version: 2 }, { version: 1 }],
    });

    // A retired 小类 is not offered to new enterprises; the enterprise placed in it keeps it, its 大类 and department.
    const refused = await as.admin!.post('/api/enterprises', enterprise(3, 'coal_mine.underground'));
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual({ industryCode: '行业小类“井工煤矿（地下开采）”已停用' });
    const kept = await as.admin!.get(`/api/enterprises/${placed.id}`);
    expect(kept.body).toMatchObject({
      industryCode: 'coal_mine.underground',
      industryCategory: placed.industry_category,
      departmentId: placed.department_id,
    });
    const edited = await as.admin!.put(`/api/enterprises/${placed.id}`, {
      ...enterprise(1, 'coal_mine.underground'),
      principalName: '王强',
    });
    expect(edited.status).toBe(200);

    // A 大类 with an active 小类 cannot be retired.
    const parent = await as.admin!.put('/api/industries/metallurgy', {
      name: '冶金',
      sortOrder: 10,
      active: false,
    });
    expect(parent.status).toBe(422);
    expect(Object.keys(parent.body.errors)).toEqual(['active']);

    // History is written once.
    await expect(h.db.pool!.query("update industry_versions set name = '改动'")).rejects.toThrow(
      /append-only/,
    );
    await expect(h.db.pool!.query('delete from industry_department_versions')).rejects.toThrow(/append-only/);
    const log = (await verifiedWrites(h.db.db)).filter((e) => e.resource === 'industries');
    expect(log.map((e) => e.action)).toEqual(['create', 'update', 'update']);
    expect(log[1]!.payload).toMatchObject({
      departments: [{ level: 'city', from: '应急管理局', to: '煤矿安全监管局' }],
      effectiveFrom: later,
    });
  });
});
