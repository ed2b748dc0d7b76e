/**
 * Enterprise register (一企一档) queries, shape `fn(db, params)`.
 *
 * - `listEnterprises(db, { filter?, sort?, range?, scopePath? })` → `{ rows, total }`; filter keys: q (name/credit code),
 *   regionPath (subtree), industryCategory, status, riskGrade, departmentId.
 * - `getEnterprise(db, id)` → row (NOT_FOUND otherwise)
 * - `createEnterprise(db, input)` → row (region path and department by 谁家的孩子谁抱走; CONFLICT on duplicate code)
 * - `updateEnterprise(db, id, patch)` → row; a status change records `statusChangedAt` (today unless given).
 */
import { and, asc, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.js';
import { categoryOfSub } from './industries.js';
import { departments, enterprises, regions } from '../schema/index.js';
import { DomainError, notFound } from '../../domain/errors.js';
import { enterpriseInputSchema, supervisingDepartment, type EnterpriseInput } from '../../domain/registry.js';

export type EnterpriseRecord = typeof enterprises.$inferSelect;
export interface EnterpriseListParams {
  filter?: Record<string, unknown>;
  sort?: [string, 'ASC' | 'DESC'];
  range?: [number, number];
  /** Jurisdiction scope: only enterprises under this region path. */
  scopePath?: string;
}

const SORTABLE = {
  name: enterprises.name,
  creditCode: enterprises.creditCode,
  riskGrade: enterprises.riskGrade,
  status: enterprises.status,
  createdAt: enterprises.createdAt,
  regionCode: enterprises.regionCode,
} as const;

export async function listEnterprises(
  db: Db,
  p: EnterpriseListParams = {},
): Promise<{ rows: EnterpriseRecord[]; total: number }> {
  const f = p.filter ?? {};
  const w: SQL[] = [];
  if (p.scopePath) w.push(sql`${enterprises.regionPath} LIKE ${p.scopePath + '%'}`);
  if (typeof f.regionPath === 'string') w.push(sql`${enterprises.regionPath} LIKE ${f.regionPath + '%'}`);
  if (typeof f.q === 'string' && f.q)
    w.push(or(ilike(enterprises.name, `%${f.q}%`), eq(enterprises.creditCode, f.q.toUpperCase()))!);
  for (const k of ['industryCategory', 'status', 'riskGrade', 'departmentId'] as const)
    if (typeof f[k] === 'string') w.push(eq(enterprises[k], f[k] as never));
  const where = w.length ? and(...w) : undefined;
  const [from, to] = p.range ?? [0, 24];
  const [col, dir] = p.sort ?? ['name', 'ASC'];
  const sortCol = SORTABLE[col as keyof typeof SORTABLE] ?? enterprises.name;
  const [rows, [count]] = await Promise.all([
    db
      .select()
      .from(enterprises)
      .where(where)
      .orderBy(dir === 'DESC' ? desc(sortCol) : asc(sortCol), asc(enterprises.id))
      .offset(from)
      .limit(to - from + 1),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(enterprises)
      .where(where),
  ]);
  return { rows, total: count?.n ?? 0 };
}

export async function getEnterprise(db: Db, id: string): Promise<EnterpriseRecord> {
  const [row] = await db.select().from(enterprises).where(eq(enterprises.id, id));
  if (!row) throw notFound('enterprise');
  return row;
}

async function placement(db: Db, regionCode: string, industryCode: string, current?: string) {
  const [region] = await db.select().from(regions).where(eq(regions.code, regionCode));
  if (!region) throw new DomainError('VALIDATION', '未知行政区划', { regionCode: '未知行政区划代码' });
  const industryCategory = await categoryOfSub(db, industryCode, current);
  const deps = await db
    .select({ id: departments.id, industryCodes: departments.industryCodes, regionPath: regions.path })
    .from(departments)
    .innerJoin(regions, eq(regions.code, departments.regionCode));
  const dep = supervisingDepartment({ regionPath: region.path, industryCategory, industryCode }, deps);
  return { regionPath: region.path, industryCategory, departmentId: dep?.id ?? null };
}

export async function createEnterprise(db: Db, input: EnterpriseInput): Promise<EnterpriseRecord> {
  const v = enterpriseInputSchema.parse(input);
  const [dup] = await db
    .select({ id: enterprises.id })
    .from(enterprises)
    .where(eq(enterprises.creditCode, v.creditCode));
  if (dup) throw new DomainError('CONFLICT', '统一社会信用代码已存在', { creditCode: '已存在' });
  const [row] = await db
    .insert(enterprises)
    .values({
      ...v,
      ...(await placement(db, v.regionCode, v.industryCode)),
      statusChangedAt:
        v.statusChangedAt ?? (v.status === 'operating' ? null : new Date().toISOString().slice(0, 10)),
    })
    .returning();
  return row!;
}

export async function updateEnterprise(
  db: Db,
  id: string,
  patch: Partial<EnterpriseInput>,
): Promise<EnterpriseRecord> {
  const cur = await getEnterprise(db, id);
  const v = enterpriseInputSchema.partial().parse(patch);
  const set: Partial<typeof enterprises.$inferInsert> = { ...v, updatedAt: new Date() };
  if (v.regionCode !== undefined || v.industryCode !== undefined)
    Object.assign(
      set,
      await placement(
        db,
        v.regionCode ?? cur.regionCode,
        v.industryCode ?? cur.industryCode,
        cur.industryCode,
      ),
    );
  if (v.status !== undefined && v.status !== cur.status)
    set.statusChangedAt = v.statusChangedAt ?? new Date().toISOString().slice(0, 10);
  const [row] = await db.update(enterprises).set(set).where(eq(enterprises.id, id)).returning();
  return row!;
}
