/**
 * Region tree queries, shape `fn(db, params)`.
 *
 * - `listRegions(db, { filter?: { parentCode?, level?, pathPrefix?, q? }, sort?, range? })` → `{ rows, total }`
 * - `getRegion(db, code)` → row (NOT_FOUND otherwise)
 * - `createRegion(db, input)` → row; `path` is materialised from the parent (VALIDATION if the parent is unknown,
 *   CONFLICT on a duplicate code)
 * - `updateRegion(db, code, { name })` → row (code, parent and path are fixed once created: paths are denormalised
 *   into enterprises and cases)
 */
import { and, asc, desc, eq, ilike, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.js';
import { issuingAuthorities, regions, users } from '../schema/index.js';
import { DomainError, notFound } from '../../domain/errors.js';
import { regionInputSchema, type RegionInput } from '../../domain/registry.js';

export type RegionRecord = typeof regions.$inferSelect;
const SORTABLE = {
  code: regions.code,
  name: regions.name,
  level: regions.level,
  path: regions.path,
} as const;

export async function listRegions(
  db: Db,
  p: { filter?: Record<string, unknown>; sort?: [string, 'ASC' | 'DESC']; range?: [number, number] } = {},
): Promise<{ rows: RegionRecord[]; total: number }> {
  const f = p.filter ?? {};
  const w: SQL[] = [];
  if (typeof f.parentCode === 'string') w.push(eq(regions.parentCode, f.parentCode));
  if (typeof f.level === 'string') w.push(eq(regions.level, f.level as RegionRecord['level']));
  if (typeof f.pathPrefix === 'string') w.push(sql`${regions.path} LIKE ${f.pathPrefix + '%'}`);
  if (typeof f.q === 'string' && f.q) w.push(ilike(regions.name, `%${f.q}%`));
  const where = w.length ? and(...w) : undefined;
  const [from, to] = p.range ?? [0, 24];
  const [col, dir] = p.sort ?? ['code', 'ASC'];
  const c = SORTABLE[col as keyof typeof SORTABLE] ?? regions.code;
  const [rows, [n]] = await Promise.all([
    db
      .select()
      .from(regions)
      .where(where)
      .orderBy(dir === 'DESC' ? desc(c) : asc(c), asc(regions.code))
      .offset(from)
      .limit(to - from + 1),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(regions)
      .where(where),
  ]);
  return { rows, total: n?.n ?? 0 };
}

export async function getRegion(db: Db, code: string): Promise<RegionRecord> {
  const [r] = await db.select().from(regions).where(eq(regions.code, code));
  if (!r) throw notFound('region');
  return r;
}

export async function createRegion(db: Db, input: RegionInput): Promise<RegionRecord> {
  const v = regionInputSchema.parse(input);
  const [dup] = await db.select({ c: regions.code }).from(regions).where(eq(regions.code, v.code));
  if (dup) throw new DomainError('CONFLICT', '区划代码已存在', { code: '已存在' });
  let path = `${v.code}/`;
  if (v.parentCode) {
    const [parent] = await db.select().from(regions).where(eq(regions.code, v.parentCode));
    if (!parent) throw new DomainError('VALIDATION', '未知上级区划', { parentCode: '未知上级区划代码' });
    path = `${parent.path}${v.code}/`;
  }
  const [row] = await db
    .insert(regions)
    .values({ ...v, parentCode: v.parentCode ?? null, path })
    .returning();
  return row!;
}

export async function updateRegion(db: Db, code: string, patch: { name: string }): Promise<RegionRecord> {
  await getRegion(db, code);
  const name = regionInputSchema.shape.name.parse(patch.name);
  const [row] = await db.update(regions).set({ name }).where(eq(regions.code, code)).returning();
  return row!;
}

/**
 * 提级督办: the authority of the region at `path` (a case's region cut to the level it is raised to): the region's
 * name and its active 发文机关 (the first entered), if any.
 */
export async function regionAuthority(
  db: Db,
  path: string,
): Promise<{ code: string; name: string; authorityName: string | null } | undefined> {
  const [row] = await db
    .select({
      code: regions.code,
      name: regions.name,
      authorityName: sql<
        string | null
      >`(select a.name from ${issuingAuthorities} a where a.region_code = ${regions.code} and a.active order by a.created_at limit 1)`,
    })
    .from(regions)
    .where(eq(regions.path, path));
  return row;
}

/**
 * A person named as 包案领导 (owning leader), as the check at 挂牌督办 and 提级督办 needs them: role, whether active, and
 * the region they lead (its path contains the listing authority's region when they may own the case). Undefined when
 * no such user exists.
 */
export async function findLeaderStanding(
  db: Db,
  userId: string,
): Promise<
  { role: string; active: boolean; regionPath: string | null; regionName: string | null } | undefined
> {
  const [row] = await db
    .select({ role: users.role, active: users.active, regionPath: regions.path, regionName: regions.name })
    .from(users)
    .leftJoin(regions, eq(regions.code, users.regionCode))
    .where(eq(users.id, userId));
  return row;
}
