/**
 * 行业分类 as data (issue #14): 大类 (parentCode null) and 小类, each 小类 mapped to its supervising department
 * (行业主管部门) at city and county level — "每一小类对应其市、县两级行业主管部门" (seed 004). The rows live in the
 * `industries` table (migration industries_as_data); this module is the pure side: the lookups every caller used to
 * read from a constant, built from the rows, and the administrators' input schemas.
 *
 * A code is never deleted or renamed (enterprises, departments, cases and plans name it): an administrator renames the
 * label, moves nothing, and retires a code (`active` false) so pickers stop offering it while the records naming it
 * keep it. Every change is a new version (industry_versions, industry_department_versions, append-only).
 */
import { z } from 'zod';
import { isoDate } from './dates.js';

export interface IndustryRow {
  code: string;
  name: string;
  parentCode: string | null;
  sortOrder: number;
  active: boolean;
}

export interface Taxonomy {
  /** 大类 in order, each with its 小类 in order (retired ones included, flagged). */
  categories: Array<IndustryRow & { subs: IndustryRow[] }>;
  /** Every 小类 code → its 大类 code. */
  subToCategory: ReadonlyMap<string, string>;
  /** Every code (大类 and 小类). */
  codes: ReadonlySet<string>;
  /** The Chinese name of a 大类 or 小类 code (the code itself when unknown). */
  name(code: string): string;
  /** A 小类 given as its code or its Chinese name (active ones only; an import names current 小类). */
  resolveSub(value: string): { code: string; category: string } | null;
}

export function taxonomyFrom(rows: readonly IndustryRow[]): Taxonomy {
  const order = (a: IndustryRow, b: IndustryRow) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code);
  const categories = rows
    .filter((r) => r.parentCode === null)
    .sort(order)
    .map((c) => ({
      ...c,
      subs: rows.filter((r) => r.parentCode === c.code).sort(order),
    }));
  const subToCategory = new Map(categories.flatMap((c) => c.subs.map((s) => [s.code, c.code] as const)));
  const names = new Map(rows.map((r) => [r.code, r.name]));
  const byName = new Map<string, { code: string; category: string }>();
  for (const c of categories)
    for (const s of c.subs)
      if (s.active && !byName.has(s.name)) byName.set(s.name, { code: s.code, category: c.code });
  return {
    categories,
    subToCategory,
    codes: new Set(rows.map((r) => r.code)),
    name: (code) => names.get(code) ?? code,
    resolveSub(value) {
      const v = value.trim();
      const category = subToCategory.get(v);
      if (category) return { code: v, category };
      return byName.get(v) ?? null;
    },
  };
}

export const departmentLevels = ['city', 'county'] as const;
export type DepartmentLevel = (typeof departmentLevels)[number];
export const departmentLevelNames: Record<DepartmentLevel, string> = { city: '市级', county: '县级' };

const CODE_RE = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)?$/;
const departmentName = (label: string) =>
  z
    .string({ error: `${label}主管部门应为文字` })
    .trim()
    .min(2, { error: `${label}主管部门至少2个字` })
    .max(100, { error: `${label}主管部门不超过100个字` })
    .nullish();

/**
 * A new 大类 or 小类. The code is the record's key for good (enterprises and cases store it), so it is checked hard:
 * lower-case latin, a 小类 written `大类代码.名称`.
 */
export const industryCreateSchema = z
  .object({
    code: z
      .string({ error: '代码必填' })
      .trim()
      .regex(CODE_RE, { error: '代码只能用小写字母、数字和下划线，小类写作“大类代码.小类代码”' })
      .max(60, { error: '代码不超过60个字符' }),
    name: z
      .string({ error: '名称必填' })
      .trim()
      .min(1, { error: '名称必填' })
      .max(50, { error: '名称不超过50个字' }),
    parentCode: z.string().trim().min(1).nullish(),
    sortOrder: z.number({ error: '排序应为整数' }).int({ error: '排序应为整数' }).min(0).max(9999).default(0),
    cityDepartment: departmentName('市级'),
    countyDepartment: departmentName('县级'),
    effectiveFrom: isoDate.nullish(),
    source: z.string().trim().max(300, { error: '依据不超过300个字' }).nullish(),
  })
  .superRefine((v, ctx) => {
    const isSub = v.code.includes('.');
    if (isSub && !v.parentCode)
      ctx.addIssue({ code: 'custom', path: ['parentCode'], message: '小类必须选择所属大类' });
    if (!isSub && v.parentCode)
      ctx.addIssue({ code: 'custom', path: ['code'], message: '小类代码应写作“大类代码.小类代码”' });
    if (isSub && v.parentCode && !v.code.startsWith(`${v.parentCode}.`))
      ctx.addIssue({
        code: 'custom',
        path: ['code'],
        message: `小类代码应以所属大类代码“${v.parentCode}.”开头`,
      });
    if (!isSub && (v.cityDepartment || v.countyDepartment))
      ctx.addIssue({ code: 'custom', path: ['cityDepartment'], message: '主管部门按小类对应，大类不设' });
  });
export type IndustryCreateInput = z.infer<typeof industryCreateSchema>;

/**
 * A change to one 大类 or 小类: its name, order, whether it is offered, and (小类) its departments; `version` is the
 * version the administrator edited (a save over someone else's newer one is refused). The department mapping takes
 * effect from `effectiveFrom` (today when omitted, never in the past): enterprises already placed and running cases
 * keep the department they were given.
 */
export const industryUpdateSchema = z.object({
  name: z
    .string({ error: '名称必填' })
    .trim()
    .min(1, { error: '名称必填' })
    .max(50, { error: '名称不超过50个字' }),
  sortOrder: z.number({ error: '排序应为整数' }).int({ error: '排序应为整数' }).min(0).max(9999).default(0),
  active: z.boolean({ error: '是否启用应为是或否' }).default(true),
  cityDepartment: departmentName('市级'),
  countyDepartment: departmentName('县级'),
  effectiveFrom: isoDate.nullish(),
  source: z.string().trim().max(300, { error: '依据不超过300个字' }).nullish(),
  version: z.number({ error: '版本应为整数' }).int().min(1).nullish(),
});
export type IndustryUpdateInput = z.infer<typeof industryUpdateSchema>;
