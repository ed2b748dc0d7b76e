import { z } from 'zod';
import { isValidCreditCode, creditCodeProblem } from './credit-code.js';

/** Industry taxonomy (大类 → 小类) used by enterprises, departments and standards. */
export const INDUSTRIES: Array<{ code: string; name: string; subs: Array<[code: string, name: string]> }> = [
  {
    code: 'metallurgy',
    name: '冶金',
    subs: [
      ['metallurgy.steel', '钢铁'],
      ['metallurgy.casting', '铸造'],
    ],
  },
  {
    code: 'nonferrous',
    name: '有色',
    subs: [
      ['nonferrous.aluminium', '铝加工'],
      ['nonferrous.copper', '铜加工'],
    ],
  },
  {
    code: 'building_materials',
    name: '建材',
    subs: [
      ['building_materials.cement', '水泥'],
      ['building_materials.glass', '玻璃'],
    ],
  },
  {
    code: 'machinery',
    name: '机械',
    subs: [
      ['machinery.general', '通用设备制造'],
      ['machinery.auto', '汽车零部件制造'],
    ],
  },
  {
    code: 'light_industry',
    name: '轻工',
    subs: [
      ['light_industry.food', '食品加工'],
      ['light_industry.paper', '造纸'],
      ['light_industry.furniture', '家具制造'],
    ],
  },
  { code: 'textile', name: '纺织', subs: [['textile.spinning', '纺纱织造']] },
  {
    code: 'commerce',
    name: '商贸',
    subs: [
      ['commerce.retail', '商场超市'],
      ['commerce.warehouse', '仓储物流'],
      ['commerce.hotel', '住宿餐饮'],
    ],
  },
  {
    code: 'chemicals',
    name: '危险化学品',
    subs: [
      ['chemicals.production', '危化品生产'],
      ['chemicals.trade', '危化品经营'],
      ['chemicals.gas', '燃气'],
    ],
  },
  {
    code: 'construction',
    name: '建筑施工',
    subs: [
      ['construction.housing', '房屋建筑工程'],
      ['construction.municipal', '市政工程'],
    ],
  },
];

export const industryName = (code: string): string =>
  INDUSTRIES.find((i) => i.code === code)?.name ??
  INDUSTRIES.flatMap((i) => i.subs).find(([c]) => c === code)?.[1] ??
  code;

export const enterpriseStatuses = ['operating', 'suspended', 'closed'] as const; // 正常经营 / 停产 / 注销
export const riskGrades = ['A', 'B', 'C', 'D'] as const; // 红 / 橙 / 黄 / 蓝

/** Every 小类 code → its 大类, for validation and category derivation. */
export const INDUSTRY_SUB_TO_CATEGORY: ReadonlyMap<string, string> = new Map(
  INDUSTRIES.flatMap((i) => i.subs.map(([c]) => [c, i.code] as const)),
);
/** Resolves a 小类 given as code or Chinese name. */
export function resolveIndustrySub(value: string): { code: string; category: string } | null {
  const v = value.trim();
  const byCode = INDUSTRY_SUB_TO_CATEGORY.get(v);
  if (byCode) return { code: v, category: byCode };
  for (const i of INDUSTRIES) for (const [c, n] of i.subs) if (n === v) return { code: c, category: i.code };
  return null;
}

export const PHONE_RE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;
export const regionLevels = ['province', 'city', 'district', 'street', 'community', 'grid'] as const;

/** Shared record schemas (API bodies and console forms). */
export const enterpriseInputSchema = z.object({
  name: z.string().trim().min(2).max(200),
  creditCode: z.string().refine(isValidCreditCode, { message: '统一社会信用代码无效' }),
  regionCode: z.string().regex(/^\d{6,12}$/),
  industryCode: z.string().refine((c) => INDUSTRY_SUB_TO_CATEGORY.has(c), { message: '未知行业小类' }),
  scale: z.enum(['above', 'below']),
  riskGrade: z.enum(riskGrades).default('D'),
  status: z.enum(enterpriseStatuses).default('operating'),
  statusChangedAt: z.iso.date().nullish(),
  address: z.string().max(300).nullish(),
  principalName: z.string().max(50).nullish(),
  principalPhone: z.string().regex(PHONE_RE).nullish(),
  safetyManagerName: z.string().max(50).nullish(),
  safetyManagerPhone: z.string().regex(PHONE_RE).nullish(),
});
export type EnterpriseInput = z.infer<typeof enterpriseInputSchema>;

export const regionInputSchema = z.object({
  code: z.string().regex(/^\d{6,12}$/),
  name: z.string().trim().min(1).max(100),
  level: z.enum(regionLevels),
  parentCode: z
    .string()
    .regex(/^\d{6,12}$/)
    .nullish(),
});
export type RegionInput = z.infer<typeof regionInputSchema>;

export const departmentInputSchema = z.object({
  name: z.string().trim().min(2).max(100),
  regionCode: z.string().regex(/^\d{6,12}$/),
  industryCodes: z.array(z.string()).default([]),
});
export type DepartmentInput = z.infer<typeof departmentInputSchema>;

export const standardInputSchema = z.object({
  code: z.string().min(1).max(100),
  title: z.string().min(1).max(300),
  version: z.string().min(1).max(50),
  effectiveDate: z.iso.date(),
  industry: z.string().min(1),
  issuer: z.string().nullish(),
});
export const clauseInputSchema = z.object({
  clauseNo: z.string().min(1).max(50),
  text: z.string().min(1),
  category: z.string().nullish(),
  sortOrder: z.number().int().default(0),
});

export { creditCodeProblem };

/**
 * 谁家的孩子谁抱走: the supervising department of an enterprise is the department whose territory (region subtree)
 * contains the enterprise's region and whose industries include its 大类 (or 小类); the most specific (deepest)
 * territory wins, so a street-level office beats the district bureau for the same industry. Its territory is the
 * enterprise's own region path. Returns null when no department covers it (the console flags it for assignment).
 */
export function supervisingDepartment<D extends { id: string; regionPath: string; industryCodes: string[] }>(
  enterprise: { regionPath: string; industryCategory: string; industryCode?: string },
  departments: readonly D[],
): D | null {
  let best: D | null = null;
  for (const d of departments) {
    if (!enterprise.regionPath.startsWith(d.regionPath)) continue;
    const covers =
      d.industryCodes.includes(enterprise.industryCategory) ||
      (enterprise.industryCode !== undefined && d.industryCodes.includes(enterprise.industryCode));
    if (!covers) continue;
    if (!best || d.regionPath.length > best.regionPath.length) best = d;
  }
  return best;
}
