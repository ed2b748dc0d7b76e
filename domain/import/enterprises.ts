/**
 * Enterprise and region import: header mapping and row-by-row validation, pure (the DB checks — duplicates against
 * the registry, unknown region codes — take the known sets as arguments).
 *
 * `validateEnterpriseRows(rows, ctx)` → `{ valid, errors }`, errors as `[{ row, field, reason }]` where `row` is the
 * file row number (header = 1). Columns accept the Chinese header or the English field name.
 */
import { creditCodeProblem } from '../credit-code.js';
import { PHONE_RE, enterpriseStatuses, regionLevels, riskGrades } from '../registry.js';
import type { Taxonomy } from '../industries.js';

export interface ImportError {
  row: number;
  field: string;
  reason: string;
}

export const ENTERPRISE_COLUMNS = [
  ['name', '企业名称'],
  ['creditCode', '统一社会信用代码'],
  ['regionCode', '行政区划代码'],
  ['industryCode', '行业小类'],
  ['scale', '规模'],
  ['riskGrade', '风险等级'],
  ['status', '经营状态'],
  ['statusChangedAt', '状态变更日期'],
  ['address', '地址'],
  ['principalName', '主要负责人'],
  ['principalPhone', '主要负责人电话'],
  ['safetyManagerName', '安全管理员'],
  ['safetyManagerPhone', '安全管理员电话'],
] as const;
export type EnterpriseField = (typeof ENTERPRISE_COLUMNS)[number][0];

export const REGION_COLUMNS = [
  ['code', '区划代码'],
  ['name', '名称'],
  ['level', '层级'],
  ['parentCode', '上级区划代码'],
] as const;

const SCALE: Record<string, 'above' | 'below'> = {
  above: 'above',
  below: 'below',
  规上: 'above',
  规下: 'below',
};
const STATUS: Record<string, (typeof enterpriseStatuses)[number]> = {
  operating: 'operating',
  suspended: 'suspended',
  closed: 'closed',
  正常经营: 'operating',
  正常: 'operating',
  停产: 'suspended',
  停业: 'suspended',
  注销: 'closed',
  关闭: 'closed',
};
const LEVEL: Record<string, (typeof regionLevels)[number]> = {
  province: 'province',
  city: 'city',
  district: 'district',
  street: 'street',
  community: 'community',
  grid: 'grid',
  省: 'province',
  市: 'city',
  区县: 'district',
  街道: 'street',
  社区: 'community',
  网格: 'grid',
};

function pick(raw: Record<string, string>, field: string, header: string): string {
  return raw[header] ?? raw[field] ?? '';
}

function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export interface EnterpriseRow {
  row: number;
  name: string;
  creditCode: string;
  regionCode: string;
  industryCode: string;
  industryCategory: string;
  scale: 'above' | 'below';
  riskGrade: (typeof riskGrades)[number];
  status: (typeof enterpriseStatuses)[number];
  statusChangedAt: string | null;
  address: string | null;
  principalName: string | null;
  principalPhone: string | null;
  safetyManagerName: string | null;
  safetyManagerPhone: string | null;
}

export interface ValidationContext {
  /** Region codes that exist (in the DB, or also in the same import). */
  knownRegions: ReadonlySet<string>;
  /** Credit codes already in the registry. */
  existingCreditCodes: ReadonlySet<string>;
  /** The industry classification (table industries): 小类 are given by code or Chinese name. */
  industries: Pick<Taxonomy, 'resolveSub'>;
}

/** Missing header columns for required fields: reported once as row 1. */
function headerErrors(
  headers: readonly string[],
  required: ReadonlyArray<readonly [string, string]>,
): ImportError[] {
  return required
    .filter(([f, h]) => !headers.includes(h) && !headers.includes(f))
    .map(([f, h]) => ({ row: 1, field: f, reason: `缺少必填列“${h}”` }));
}

export function validateEnterpriseRows(
  headers: readonly string[],
  rows: ReadonlyArray<Record<string, string>>,
  ctx: ValidationContext,
): { valid: EnterpriseRow[]; errors: ImportError[] } {
  const required = ENTERPRISE_COLUMNS.slice(0, 5);
  const errors = headerErrors(headers, required);
  if (errors.length) return { valid: [], errors };
  const valid: EnterpriseRow[] = [];
  const seen = new Map<string, number>();
  // Which key each field has in this file (Chinese header or English name), resolved once, not per cell.
  const keyOf = Object.fromEntries(
    ENTERPRISE_COLUMNS.map(([f, h]) => [f, headers.includes(h) ? h : f]),
  ) as Record<EnterpriseField, string>;
  rows.forEach((raw, i) => {
    const row = i + 2;
    const get = (f: EnterpriseField): string => raw[keyOf[f]] ?? '';
    const errs: ImportError[] = [];
    const err = (field: string, reason: string): void => void errs.push({ row, field, reason });
    for (const [f, h] of required) if (!get(f)) err(f, `必填字段“${h}”为空`);

    const name = get('name');
    const creditCode = get('creditCode').toUpperCase();
    if (creditCode) {
      const p = creditCodeProblem(creditCode);
      if (p) err('creditCode', p);
      else if (seen.has(creditCode)) err('creditCode', `与第${seen.get(creditCode)}行统一社会信用代码重复`);
      else if (ctx.existingCreditCodes.has(creditCode)) err('creditCode', '统一社会信用代码已在企业库中');
      if (!seen.has(creditCode)) seen.set(creditCode, row);
    }
    const regionCode = get('regionCode');
    if (regionCode && !ctx.knownRegions.has(regionCode)) err('regionCode', `未知行政区划代码“${regionCode}”`);
    const ind = get('industryCode');
    const industry = ind ? ctx.industries.resolveSub(ind) : null;
    if (ind && !industry) err('industryCode', `未知行业小类“${ind}”`);
    const scaleRaw = get('scale');
    const scale = SCALE[scaleRaw];
    if (scaleRaw && !scale) err('scale', `规模应为 规上/规下，实为“${scaleRaw}”`);
    const riskRaw = get('riskGrade').toUpperCase() || 'D';
    const riskGrade = (riskGrades as readonly string[]).includes(riskRaw)
      ? (riskRaw as EnterpriseRow['riskGrade'])
      : undefined;
    if (!riskGrade) err('riskGrade', `风险等级应为 A/B/C/D，实为“${get('riskGrade')}”`);
    const statusRaw = get('status') || 'operating';
    const status = STATUS[statusRaw];
    if (!status) err('status', `经营状态应为 正常经营/停产/注销，实为“${statusRaw}”`);
    const changed = get('statusChangedAt');
    if (changed && !isIsoDate(changed)) err('statusChangedAt', `日期格式应为 YYYY-MM-DD，实为“${changed}”`);
    for (const f of ['principalPhone', 'safetyManagerPhone'] as const) {
      const v = get(f);
      if (v && !PHONE_RE.test(v)) err(f, `电话号码格式错误“${v}”`);
    }
    if (errs.length || !industry || !scale || !riskGrade || !status) {
      errors.push(...errs);
      return;
    }
    const opt = (f: EnterpriseField): string | null => get(f) || null;
    valid.push({
      row,
      name,
      creditCode,
      regionCode,
      industryCode: industry.code,
      industryCategory: industry.category,
      scale,
      riskGrade,
      status,
      statusChangedAt: changed || null,
      address: opt('address'),
      principalName: opt('principalName'),
      principalPhone: opt('principalPhone'),
      safetyManagerName: opt('safetyManagerName'),
      safetyManagerPhone: opt('safetyManagerPhone'),
    });
  });
  return { valid, errors };
}

export interface RegionRow {
  row: number;
  code: string;
  name: string;
  level: (typeof regionLevels)[number];
  parentCode: string | null;
}

/** Regions: a parent must exist in the DB or earlier in the file (so a file can carry a whole subtree, top-down). */
export function validateRegionRows(
  headers: readonly string[],
  rows: ReadonlyArray<Record<string, string>>,
  existingCodes: ReadonlySet<string>,
): { valid: RegionRow[]; errors: ImportError[] } {
  const errors = headerErrors(headers, REGION_COLUMNS.slice(0, 3));
  if (errors.length) return { valid: [], errors };
  const valid: RegionRow[] = [];
  const inFile = new Map<string, number>();
  rows.forEach((raw, i) => {
    const row = i + 2;
    const errs: ImportError[] = [];
    const g = (k: number): string => pick(raw, REGION_COLUMNS[k]![0], REGION_COLUMNS[k]![1]);
    const [code, name, levelRaw, parentCode] = [g(0), g(1), g(2), g(3)];
    REGION_COLUMNS.slice(0, 3).forEach(([f, h], k) => {
      if (!g(k)) errs.push({ row, field: f, reason: `必填字段“${h}”为空` });
    });
    if (code && !/^\d{6,12}$/.test(code)) errs.push({ row, field: 'code', reason: `区划代码应为6–12位数字` });
    else if (code && inFile.has(code))
      errs.push({ row, field: 'code', reason: `与第${inFile.get(code)}行区划代码重复` });
    else if (code && existingCodes.has(code)) errs.push({ row, field: 'code', reason: '区划代码已存在' });
    const level = LEVEL[levelRaw];
    if (levelRaw && !level) errs.push({ row, field: 'level', reason: `未知层级“${levelRaw}”` });
    if (parentCode && !existingCodes.has(parentCode) && !inFile.has(parentCode))
      errs.push({ row, field: 'parentCode', reason: `未知上级区划代码“${parentCode}”` });
    if (code && !inFile.has(code)) inFile.set(code, row);
    if (errs.length || !level) return void errors.push(...errs);
    valid.push({ row, code, name, level, parentCode: parentCode || null });
  });
  return { valid, errors };
}
