import { and, eq, inArray, like, ne, notInArray } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../client.js';
import { categoryOfSub, unknownIndustryCodes } from './industries.js';
import { cases, departments, enterprises, regions } from '../schema/index.js';
import { terminalStatuses } from '../../domain/case-status.js';
import { DomainError } from '../../domain/errors.js';
import {
  supervisingDepartment,
  type DepartmentInput,
  type EnterpriseInput,
  type RegionInput,
} from '../../domain/registry.js';
import { industryInScope, type Scope } from './scope.js';

const likePrefix = (col: PgColumn, prefix: string) => like(col, `${prefix.replace(/[%_\\]/g, '\\$&')}%`);
const invalid = (field: string, message: string) =>
  new DomainError('VALIDATION', message, { [field]: message });

/** A region the caller may place records in: an administrator anywhere, a supervisor inside their territory. */
async function regionInScope(db: Db, scope: Scope, code: string, field = 'regionCode') {
  const [r] = await db.select().from(regions).where(eq(regions.code, code));
  if (!r) throw invalid(field, '区域不存在');
  if (scope.role !== 'admin' && !r.path.startsWith(scope.regionPath ?? '\u0000'))
    throw invalid(field, '不在您的管辖范围内');
  return r;
}

/** 谁家的孩子谁抱走: the department whose territory and industries cover the enterprise. */
async function placeEnterprise(db: Db, regionPath: string, industryCode: string, current?: string) {
  const industryCategory = await categoryOfSub(db, industryCode, current);
  const deps = await db
    .select({ id: departments.id, industryCodes: departments.industryCodes, regionPath: regions.path })
    .from(departments)
    .innerJoin(regions, eq(regions.code, departments.regionCode));
  const dept = supervisingDepartment({ regionPath, industryCategory, industryCode }, deps);
  return { industryCategory, departmentId: dept?.id ?? null };
}

async function enterpriseVisible(db: Db, scope: Scope, id: string) {
  const [e] = await db.select().from(enterprises).where(eq(enterprises.id, id));
  if (
    !e ||
    (scope.role !== 'admin' && !e.regionPath.startsWith(scope.regionPath ?? '\u0000')) ||
    !industryInScope(scope, e)
  )
    throw new DomainError('NOT_FOUND', '企业不存在');
  return e;
}

/** A department's supervisor registers and keeps only the enterprises of the industries the department supervises. */
function industryAllowed(scope: Scope, industryCategory: string, industryCode: string) {
  if (!industryInScope(scope, { industryCategory, industryCode }))
    throw invalid('industryCode', '不在您部门监管的行业内');
}

async function creditCodeFree(db: Db, creditCode: string, exceptId?: string) {
  const [dup] = await db
    .select({ id: enterprises.id })
    .from(enterprises)
    .where(and(eq(enterprises.creditCode, creditCode), exceptId ? ne(enterprises.id, exceptId) : undefined));
  if (dup)
    throw new DomainError('CONFLICT', '统一社会信用代码已登记', { creditCode: '统一社会信用代码已登记' });
}

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

export async function createEnterprise(db: Db, scope: Scope, input: EnterpriseInput) {
  const region = await regionInScope(db, scope, input.regionCode);
  await creditCodeFree(db, input.creditCode);
  const placed = await placeEnterprise(db, region.path, input.industryCode);
  industryAllowed(scope, placed.industryCategory, input.industryCode);
  const [row] = await db
    .insert(enterprises)
    .values({
      ...input,
      regionPath: region.path,
      ...placed,
      statusChangedAt: input.statusChangedAt ?? (input.status === 'operating' ? null : today()),
    })
    .returning();
  return row!;
}

/**
 * Updates an enterprise within the caller's territory. A change of status (停产, 注销) is returned so the route
 * can tell the enterprise's open cases: a closed enterprise is a reason to withdraw its listing.
 */
export async function updateEnterprise(db: Db, scope: Scope, id: string, input: EnterpriseInput) {
  const before = await enterpriseVisible(db, scope, id);
  const region = await regionInScope(db, scope, input.regionCode);
  await creditCodeFree(db, input.creditCode, id);
  const placed = await placeEnterprise(db, region.path, input.industryCode, before.industryCode);
  industryAllowed(scope, placed.industryCategory, input.industryCode);
  const statusChanged = before.status !== input.status;
  const [row] = await db
    .update(enterprises)
    .set({
      ...input,
      regionPath: region.path,
      ...placed,
      statusChangedAt: statusChanged
        ? (input.statusChangedAt ?? today())
        : (input.statusChangedAt ?? before.statusChangedAt),
      updatedAt: new Date(),
    })
    .where(eq(enterprises.id, id))
    .returning();
  const openCases = statusChanged
    ? await db
        .select({ id: cases.id })
        .from(cases)
        .where(and(eq(cases.enterpriseId, id), notInArray(cases.status, [...terminalStatuses])))
    : [];
  return { row: row!, statusChanged, openCaseIds: openCases.map((c) => c.id) };
}

export async function createRegion(db: Db, input: RegionInput) {
  const [dup] = await db.select({ code: regions.code }).from(regions).where(eq(regions.code, input.code));
  if (dup) throw new DomainError('CONFLICT', '区划代码已存在', { code: '区划代码已存在' });
  let path = `${input.code}/`;
  if (input.parentCode) {
    const [parent] = await db.select().from(regions).where(eq(regions.code, input.parentCode));
    if (!parent) throw invalid('parentCode', '上级区划不存在');
    path = `${parent.path}${input.code}/`;
  }
  const [row] = await db
    .insert(regions)
    .values({ ...input, parentCode: input.parentCode ?? null, path })
    .returning();
  return { id: row!.code, ...row! };
}

/** Renames a region or corrects its level; its code and place in the tree are fixed (cases hang on the path). */
export async function updateRegion(db: Db, code: string, input: RegionInput) {
  const [before] = await db.select().from(regions).where(eq(regions.code, code));
  if (!before) throw new DomainError('NOT_FOUND', '区划不存在');
  if (input.code !== code) throw invalid('code', '区划代码不能修改');
  if ((input.parentCode ?? null) !== before.parentCode)
    throw invalid('parentCode', '不能移动区划的上级（案件和企业按区划路径归属）');
  const [row] = await db
    .update(regions)
    .set({ name: input.name, level: input.level })
    .where(eq(regions.code, code))
    .returning();
  return { id: row!.code, ...row! };
}

async function checkDepartment(db: Db, input: DepartmentInput) {
  const [r] = await db.select({ code: regions.code }).from(regions).where(eq(regions.code, input.regionCode));
  if (!r) throw invalid('regionCode', '区域不存在');
  const unknown = await unknownIndustryCodes(db, input.industryCodes);
  if (unknown.length) throw invalid('industryCodes', `未知行业：${unknown.join('、')}`);
}

export async function createDepartment(db: Db, input: DepartmentInput) {
  await checkDepartment(db, input);
  const [row] = await db.insert(departments).values(input).returning();
  return row!;
}

/**
 * Changing what a department supervises re-places the enterprises it could now cover or no longer covers, so
 * 谁家的孩子谁抱走 keeps holding for the existing registry too.
 */
export async function updateDepartment(db: Db, id: string, input: DepartmentInput) {
  const [before] = await db.select().from(departments).where(eq(departments.id, id));
  if (!before) throw new DomainError('NOT_FOUND', '部门不存在');
  await checkDepartment(db, input);
  return db.transaction(async (tx) => {
    const [row] = await tx.update(departments).set(input).where(eq(departments.id, id)).returning();
    const regionCodes = [...new Set([before.regionCode, input.regionCode])];
    const territories = await tx
      .select({ path: regions.path })
      .from(regions)
      .where(inArray(regions.code, regionCodes));
    const deps = await tx
      .select({ id: departments.id, industryCodes: departments.industryCodes, regionPath: regions.path })
      .from(departments)
      .innerJoin(regions, eq(regions.code, departments.regionCode));
    for (const t of territories) {
      const affected = await tx
        .select({
          id: enterprises.id,
          regionPath: enterprises.regionPath,
          industryCode: enterprises.industryCode,
          industryCategory: enterprises.industryCategory,
          departmentId: enterprises.departmentId,
        })
        .from(enterprises)
        .where(likePrefix(enterprises.regionPath, t.path)); // the territory's subtree
      for (const e of affected) {
        const d = supervisingDepartment(e, deps)?.id ?? null;
        if (d !== e.departmentId)
          await tx.update(enterprises).set({ departmentId: d }).where(eq(enterprises.id, e.id));
      }
    }
    return row!;
  });
}
