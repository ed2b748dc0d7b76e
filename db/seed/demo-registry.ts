import { fakerZH_CN as faker } from '@faker-js/faker';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { hashPassword } from '../password.js';
import { departments, enterprises, hazardClauses, hazardStandards, regions, users } from '../schema/index.js';
import { makeCreditCode } from '../../domain/credit-code.js';
import { loadTaxonomy } from '../queries/industries.js';
import type { Role } from '../../domain/roles.js';
import { seedStandards } from './standards.js';

/** The demo district: 武汉市洪山区, with the streets the seed bulletins name. */
export const DISTRICT = { code: '420111', name: '洪山区', path: '420000/420100/420111/' };
const STREETS: Array<[code: string, name: string]> = [
  ['420111002', '关山街'],
  ['420111004', '梨园街'],
  ['420111006', '青菱街'],
  ['420111007', '卓刀泉街'],
  ['420111009', '和平街'],
  ['420111010', '狮子山街'],
  ['420111011', '张家湾街'],
  ['420111013', '洪山街'],
];
const DEMO_PASSWORD = 'Duban@2026';

/**
 * The demo logins `make dev` prints. `hs.supervisor` and `gs.supervisor` belong to no department: the district's
 * 安委办 and a street's 安监站 see every industry of their territory (the e2e, make-dev and bench runs rely on
 * it). `hs.yjj.supervisor` belongs to 洪山区应急管理局 and sees only the industries it supervises (工贸 and 危化):
 * the district's 商贸 and 建筑施工 cases are not in that login's lists, dashboard or exports.
 */
export const DEMO_USERS: Array<{
  username: string;
  password: string;
  role: Role;
  /** The person's name; their unit is `unit` (or the department's, the enterprise's): pages show both apart. */
  displayName: string;
  /** 所属单位 as people name it. */
  unit?: string;
  /** The department (行业主管部门, one of DEPARTMENTS) the user belongs to. */
  department?: string;
}> = [
  { username: 'admin', password: DEMO_PASSWORD, role: 'admin', displayName: '系统管理员' },
  {
    username: 'hs.supervisor',
    password: DEMO_PASSWORD,
    role: 'supervisor',
    displayName: '张伟',
    unit: '洪山区安委办',
  },
  {
    username: 'gs.supervisor',
    password: DEMO_PASSWORD,
    role: 'supervisor',
    displayName: '刘洋',
    unit: '关山街安监站',
  },
  {
    username: 'hs.leader',
    password: DEMO_PASSWORD,
    role: 'leader',
    displayName: '王强',
    unit: '洪山区安委办',
  },
  { username: 'ent.demo', password: DEMO_PASSWORD, role: 'enterprise', displayName: '陈静' },
  { username: 'ent.other', password: DEMO_PASSWORD, role: 'enterprise', displayName: '赵磊' },
  {
    username: 'expert.li',
    password: DEMO_PASSWORD,
    role: 'expert',
    displayName: '李明',
    unit: '洪山区安全生产专家库',
  },
  {
    username: 'grid.gs01',
    password: DEMO_PASSWORD,
    role: 'grid_member',
    displayName: '周敏',
    unit: '关山街网格站',
  },
  {
    username: 'hs.yjj.supervisor',
    password: DEMO_PASSWORD,
    role: 'supervisor',
    displayName: '孙丽',
    department: '洪山区应急管理局',
  },
];

export interface DemoRegistry {
  district: { code: string; path: string };
  streets: Array<{ code: string; name: string; path: string }>;
  enterprises: Array<{
    id: string;
    name: string;
    regionCode: string;
    regionPath: string;
    industryCategory: string;
    departmentId: string | null;
  }>;
  users: Array<{
    id: string;
    username: string;
    role: Role;
    regionPath: string | null;
    enterpriseId: string | null;
    displayName: string;
  }>;
  clauses: Array<{ id: string; standardCode: string; clauseNo: string }>;
}

const DEPARTMENTS: Array<[name: string, industries: string[]]> = [
  [
    '洪山区应急管理局',
    ['metallurgy', 'nonferrous', 'building_materials', 'machinery', 'light_industry', 'textile', 'chemicals'],
  ],
  ['洪山区住房和城市更新局', ['construction']],
  ['洪山区商务局', ['commerce']],
  ['洪山区消防救援大队', []],
];
const NAME_WORDS = [
  '华中',
  '楚天',
  '江城',
  '光谷',
  '鸿泰',
  '长青',
  '东湖',
  '南湖',
  '武昌',
  '汉飞',
  '金鼎',
  '瑞丰',
  '晨光',
  '博远',
  '诚信',
  '宏达',
];
const INDUSTRY_WORDS: Record<string, string[]> = {
  metallurgy: ['钢结构', '特钢', '铸造'],
  nonferrous: ['铝业', '铜材'],
  building_materials: ['新型建材', '混凝土'],
  machinery: ['机械制造', '汽车零部件', '精密机械'],
  light_industry: ['食品', '纸业', '家具'],
  textile: ['纺织', '服饰'],
  commerce: ['商贸', '物流', '酒店管理'],
  chemicals: ['化工', '燃气', '涂料'],
  construction: ['建设工程', '市政工程'],
};

/**
 * Seeds the demo district once: regions, industries, departments, about 4,000 enterprises, the standards library and a
 * user for every role. Deterministic (fixed faker seed). When already seeded, loads and returns what is there.
 */
export async function seedDemoRegistry(db: Db, opts: { enterprises?: number } = {}): Promise<DemoRegistry> {
  const [existing] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(regions)
    .where(eq(regions.code, DISTRICT.code));
  if ((existing?.n ?? 0) > 0) return loadDemoRegistry(db);
  faker.seed(2026);

  const streetRows = STREETS.map(([code, name]) => ({
    code: `${code}000`,
    name,
    level: 'street' as const,
    parentCode: DISTRICT.code,
    path: `${DISTRICT.path}${code}000/`,
  }));
  const communityRows = streetRows.flatMap((s, i) =>
    [1, 2, 3].map((n) => ({
      code: `${s.code.slice(0, 9)}${String(n).padStart(3, '0')}`,
      name: `${s.name.replace('街', '')}${['第一', '第二', '第三'][n - 1]}社区`,
      level: 'community' as const,
      parentCode: s.code,
      path: `${s.path}${s.code.slice(0, 9)}${String(n).padStart(3, '0')}/`,
      i,
    })),
  );
  await db.insert(regions).values([
    { code: '420000', name: '湖北省', level: 'province', parentCode: null, path: '420000/' },
    { code: '420100', name: '武汉市', level: 'city', parentCode: '420000', path: '420000/420100/' },
    {
      code: DISTRICT.code,
      name: DISTRICT.name,
      level: 'district',
      parentCode: '420100',
      path: DISTRICT.path,
    },
    ...streetRows,
    ...communityRows.map(({ i: _i, ...r }) => r),
  ]);
  // The classification is data (migration industries_as_data wrote it): the demo's enterprises take the active 小类 of
  // the 大类 it has company names for.
  const INDUSTRIES = (await loadTaxonomy(db)).categories
    .filter((i) => i.active && INDUSTRY_WORDS[i.code])
    .map((i) => ({ code: i.code, subs: i.subs.filter((s) => s.active).map((s) => [s.code] as const) }))
    .filter((i) => i.subs.length > 0);
  const deptRows = await db
    .insert(departments)
    .values(DEPARTMENTS.map(([name, industryCodes]) => ({ name, regionCode: DISTRICT.code, industryCodes })))
    .returning({ id: departments.id, name: departments.name, industryCodes: departments.industryCodes });
  const departmentFor = (category: string) =>
    deptRows.find((d) => d.industryCodes.includes(category))?.id ?? null;

  const count = opts.enterprises ?? 4000;
  const rows = Array.from({ length: count }, (_, n) => {
    const industry = faker.helpers.weightedArrayElement(
      INDUSTRIES.map((i) => ({
        value: i,
        weight: i.code === 'commerce' ? 5 : i.code === 'machinery' || i.code === 'light_industry' ? 3 : 1,
      })),
    );
    const community = communityRows[n % communityRows.length]!;
    const [subCode] = faker.helpers.arrayElement(industry.subs);
    const status = faker.helpers.weightedArrayElement([
      { value: 'operating' as const, weight: 90 },
      { value: 'suspended' as const, weight: 8 },
      { value: 'closed' as const, weight: 2 },
    ]);
    return {
      name: `武汉${faker.helpers.arrayElement(NAME_WORDS)}${faker.helpers.arrayElement(INDUSTRY_WORDS[industry.code]!)}${n % 7 === 0 ? '股份' : ''}有限公司${n >= NAME_WORDS.length * 20 ? `（${community.name.slice(0, 2)}${n}）` : ''}`,
      creditCode: makeCreditCode(DISTRICT.code, 100_000 + n),
      regionCode: community.code,
      regionPath: community.path,
      industryCode: subCode,
      industryCategory: industry.code,
      scale: faker.helpers.weightedArrayElement([
        { value: 'above' as const, weight: 3 },
        { value: 'below' as const, weight: 7 },
      ]),
      departmentId: departmentFor(industry.code),
      riskGrade: faker.helpers.weightedArrayElement([
        { value: 'A' as const, weight: 2 },
        { value: 'B' as const, weight: 8 },
        { value: 'C' as const, weight: 30 },
        { value: 'D' as const, weight: 60 },
      ]),
      status,
      statusChangedAt:
        status === 'operating'
          ? null
          : faker.date.between({ from: '2025-06-01', to: '2026-10-31' }).toISOString().slice(0, 10),
      address: `武汉市洪山区${community.name.slice(0, 2)}${faker.location.street()}${faker.number.int({ min: 1, max: 300 })}号`,
      principalName: faker.person.fullName(),
      principalPhone: `1${faker.helpers.arrayElement(['35', '39', '58', '86', '88'])}${faker.string.numeric(8)}`,
      safetyManagerName: faker.person.fullName(),
      safetyManagerPhone: `1${faker.helpers.arrayElement(['37', '50', '77', '89'])}${faker.string.numeric(8)}`,
    };
  });
  for (let i = 0; i < rows.length; i += 500) await db.insert(enterprises).values(rows.slice(i, i + 500));

  await seedStandards(db);
  const firstTwo = await db
    .select({ id: enterprises.id })
    .from(enterprises)
    .where(
      sql`${enterprises.status} = 'operating' and ${enterprises.industryCategory} in ('machinery', 'metallurgy')`,
    )
    .orderBy(enterprises.creditCode)
    .limit(2);
  const hash = await hashPassword(DEMO_PASSWORD);
  const regionFor: Record<string, string | null> = {
    admin: null,
    'hs.supervisor': DISTRICT.code,
    'gs.supervisor': streetRows[0]!.code,
    'hs.leader': DISTRICT.code,
    'ent.demo': DISTRICT.code,
    'ent.other': DISTRICT.code,
    'expert.li': DISTRICT.code,
    'grid.gs01': communityRows[0]!.code,
    'hs.yjj.supervisor': DISTRICT.code,
  };
  await db.insert(users).values(
    DEMO_USERS.map((u) => ({
      username: u.username,
      displayName: u.displayName,
      unit: u.unit ?? null,
      passwordHash: hash,
      role: u.role,
      regionCode: regionFor[u.username] ?? null,
      enterpriseId:
        u.username === 'ent.demo' ? firstTwo[0]!.id : u.username === 'ent.other' ? firstTwo[1]!.id : null,
      departmentId: u.department ? deptRows.find((d) => d.name === u.department)!.id : null,
      phone: `139${faker.string.numeric(8)}`,
    })),
  );
  return loadDemoRegistry(db);
}

export async function loadDemoRegistry(db: Db): Promise<DemoRegistry> {
  const streets = await db
    .select({ code: regions.code, name: regions.name, path: regions.path })
    .from(regions)
    .where(eq(regions.parentCode, DISTRICT.code));
  const ents = await db
    .select({
      id: enterprises.id,
      name: enterprises.name,
      regionCode: enterprises.regionCode,
      regionPath: enterprises.regionPath,
      industryCategory: enterprises.industryCategory,
      departmentId: enterprises.departmentId,
    })
    .from(enterprises)
    .where(eq(enterprises.status, 'operating'))
    .orderBy(enterprises.creditCode);
  const userRows = await db
    .select({
      id: users.id,
      username: users.username,
      role: users.role,
      regionPath: regions.path,
      enterpriseId: users.enterpriseId,
      displayName: users.displayName,
    })
    .from(users)
    .leftJoin(regions, eq(regions.code, users.regionCode));
  const clauses = await db
    .select({ id: hazardClauses.id, standardCode: hazardStandards.code, clauseNo: hazardClauses.clauseNo })
    .from(hazardClauses)
    .innerJoin(hazardStandards, eq(hazardStandards.id, hazardClauses.standardId))
    .orderBy(hazardStandards.code, hazardClauses.sortOrder);
  return {
    district: { code: DISTRICT.code, path: DISTRICT.path },
    streets,
    enterprises: ents,
    users: userRows,
    clauses,
  };
}
