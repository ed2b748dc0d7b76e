import { z } from 'zod';
import { isValidCreditCode, creditCodeProblem } from './credit-code.js';
import { isoDate } from './dates.js';

// The industry classification (大类 → 小类) is data: table industries (migration industries_as_data), read with
// db/queries/industries.ts (`loadTaxonomy`, `listIndustries`) or GET /api/industries; domain/industries.ts is its pure side.

export const enterpriseStatuses = ['operating', 'suspended', 'closed'] as const; // 正常经营 / 停产 / 注销
export const riskGrades = ['A', 'B', 'C', 'D'] as const; // 红 / 橙 / 黄 / 蓝

export const PHONE_RE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;
export const regionLevels = ['province', 'city', 'district', 'street', 'community', 'grid'] as const;

/** Shared record schemas (API bodies and console forms). */
export const enterpriseInputSchema = z.object({
  name: z.string().trim().min(2).max(200),
  creditCode: z.string().refine(isValidCreditCode, { message: '统一社会信用代码无效' }),
  regionCode: z.string().regex(/^\d{6,12}$/),
  /** 小类 code; checked against the classification (table industries) where the enterprise is placed. */
  industryCode: z.string({ error: '行业小类必填' }).trim().min(1, { error: '行业小类必填' }).max(60),
  scale: z.enum(['above', 'below']),
  riskGrade: z.enum(riskGrades).default('D'),
  status: z.enum(enterpriseStatuses).default('operating'),
  statusChangedAt: isoDate.nullish(),
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
  effectiveDate: isoDate,
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
