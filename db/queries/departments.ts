/**
 * 行业主管部门 queries, shape `fn(db, params)`.
 *
 * - `listDepartments(db, { filter?: { regionCode?, industry?, q? }, sort?, range? })` → `{ rows, total }`
 * - `getDepartment(db, id)`, `createDepartment(db, input)`, `updateDepartment(db, id, patch)`
 * Changing a department's territory or industries does not re-place existing enterprises (that is an explicit
 * reassignment, audited by the caller); new and imported enterprises use the current mapping.
 */
import { and, asc, desc, eq, ilike, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.js';
import { departments, regions } from '../schema/index.js';
import { DomainError, notFound } from '../../domain/errors.js';
import { departmentInputSchema, type DepartmentInput } from '../../domain/registry.js';
import { unknownIndustryCodes } from './industries.js';

export type DepartmentRecord = typeof departments.$inferSelect;

async function check(db: Db, v: Partial<DepartmentInput>): Promise<void> {
  const bad = await unknownIndustryCodes(db, v.industryCodes ?? []);
  if (bad.length)
    throw new DomainError('VALIDATION', '未知行业', { industryCodes: `未知行业：${bad.join('、')}` });
}
async function checkRegion(db: Db, code: string): Promise<void> {
  const [r] = await db.select({ c: regions.code }).from(regions).where(eq(regions.code, code));
  if (!r) throw new DomainError('VALIDATION', '未知行政区划', { regionCode: '未知行政区划代码' });
}

export async function listDepartments(
  db: Db,
  p: { filter?: Record<string, unknown>; sort?: [string, 'ASC' | 'DESC']; range?: [number, number] } = {},
): Promise<{ rows: DepartmentRecord[]; total: number }> {
  const f = p.filter ?? {};
  const w: SQL[] = [];
  if (typeof f.regionCode === 'string') w.push(eq(departments.regionCode, f.regionCode));
  if (typeof f.industry === 'string') w.push(sql`${f.industry} = ANY(${departments.industryCodes})`);
  if (typeof f.q === 'string' && f.q) w.push(ilike(departments.name, `%${f.q}%`));
  const where = w.length ? and(...w) : undefined;
  const [from, to] = p.range ?? [0, 24];
  const [col, dir] = p.sort ?? ['name', 'ASC'];
  const c = col === 'regionCode' ? departments.regionCode : departments.name;
  const [rows, [n]] = await Promise.all([
    db
      .select()
      .from(departments)
      .where(where)
      .orderBy(dir === 'DESC' ? desc(c) : asc(c), asc(departments.id))
      .offset(from)
      .limit(to - from + 1),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(departments)
      .where(where),
  ]);
  return { rows, total: n?.n ?? 0 };
}

export async function getDepartment(db: Db, id: string): Promise<DepartmentRecord> {
  const [r] = await db.select().from(departments).where(eq(departments.id, id));
  if (!r) throw notFound('department');
  return r;
}

export async function createDepartment(db: Db, input: DepartmentInput): Promise<DepartmentRecord> {
  const v = departmentInputSchema.parse(input);
  await check(db, v);
  await checkRegion(db, v.regionCode);
  const [row] = await db.insert(departments).values(v).returning();
  return row!;
}

export async function updateDepartment(
  db: Db,
  id: string,
  patch: Partial<DepartmentInput>,
): Promise<DepartmentRecord> {
  await getDepartment(db, id);
  const v = departmentInputSchema.partial().parse(patch);
  await check(db, v);
  if (v.regionCode) await checkRegion(db, v.regionCode);
  const [row] = await db.update(departments).set(v).where(eq(departments.id, id)).returning();
  return row!;
}
