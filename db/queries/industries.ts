/**
 * 行业分类 queries (the classification is data, issue #14):
 *
 * - `listIndustries(db, { today? })` → `{ rows, total }`: 大类 then 小类 in order, each with the city and county
 *   departments in force on `today` and the next scheduled change of them
 * - `loadTaxonomy(db)` → the lookups (domain/industries.ts) every caller reads instead of a constant
 * - `getIndustry(db, code, today?)` → the row with every version of it and of its department mapping
 * - `createIndustry(db, input, { actorId, today })`, `updateIndustry(db, code, input, { actorId, today })`: a new
 *   version each (industry_versions and industry_department_versions are append-only), in one transaction
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { industries, industryDepartmentVersions, industryVersions } from '../schema/index.js';
import { DomainError, notFound } from '../../domain/errors.js';
import {
  departmentLevels,
  industryCreateSchema,
  industryUpdateSchema,
  taxonomyFrom,
  type DepartmentLevel,
  type IndustryCreateInput,
  type IndustryUpdateInput,
  type Taxonomy,
} from '../../domain/industries.js';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type IndustryRow = typeof industries.$inferSelect;
export interface IndustryRecord extends IndustryRow {
  id: string;
  /** The department in force today at city / county level (小类 only; null when none is named). */
  cityDepartment: string | null;
  countyDepartment: string | null;
  /** A change of the mapping that takes effect later. */
  scheduled: Array<{ level: DepartmentLevel; departmentName: string | null; effectiveFrom: string }>;
}

const invalid = (field: string, message: string) =>
  new DomainError('VALIDATION', message, { [field]: message });

async function mappings(db: Db | Tx, code?: string) {
  return db
    .select()
    .from(industryDepartmentVersions)
    .where(code ? eq(industryDepartmentVersions.industryCode, code) : undefined)
    .orderBy(
      asc(industryDepartmentVersions.industryCode),
      asc(industryDepartmentVersions.level),
      asc(industryDepartmentVersions.version),
    );
}
type MappingRow = Awaited<ReturnType<typeof mappings>>[number];

/** The mapping in force on `today` per level (highest version effective by then) and what is scheduled after. */
function mappingOn(rows: readonly MappingRow[], today: string) {
  const inForce: Record<DepartmentLevel, string | null> = { city: null, county: null };
  const scheduled: IndustryRecord['scheduled'] = [];
  for (const level of departmentLevels) {
    const mine = rows.filter((r) => r.level === level);
    const current = mine.filter((r) => r.effectiveFrom <= today).at(-1);
    inForce[level] = current?.departmentName ?? null;
    for (const r of mine)
      if (r.effectiveFrom > today && r.version > (current?.version ?? 0))
        scheduled.push({ level, departmentName: r.departmentName, effectiveFrom: r.effectiveFrom });
  }
  return { inForce, scheduled };
}

export async function listIndustries(
  db: Db,
  p: { today?: string; filter?: Record<string, unknown> } = {},
): Promise<{ rows: IndustryRecord[]; total: number }> {
  const today = p.today ?? shanghaiToday();
  const [rows, maps] = await Promise.all([
    db.select().from(industries).orderBy(asc(industries.sortOrder), asc(industries.code)),
    mappings(db),
  ]);
  // 大类 in their order, each followed by its 小类 in theirs.
  const taxonomy = taxonomyFrom(rows);
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const ordered = taxonomy.categories.flatMap((c) => [
    byCode.get(c.code)!,
    ...c.subs.map((s) => byCode.get(s.code)!),
  ]);
  const f = p.filter ?? {};
  const filtered = ordered.filter(
    (r) =>
      (typeof f.parentCode !== 'string' || r.parentCode === f.parentCode) &&
      (f.level !== 'category' || r.parentCode === null) &&
      (f.level !== 'sub' || r.parentCode !== null) &&
      (typeof f.active !== 'boolean' || r.active === f.active) &&
      (typeof f.q !== 'string' || r.name.includes(f.q) || r.code.includes(f.q)),
  );
  const out = filtered.map((r) => {
    const { inForce, scheduled } = mappingOn(
      maps.filter((m) => m.industryCode === r.code),
      today,
    );
    return {
      ...r,
      id: r.code,
      cityDepartment: inForce.city,
      countyDepartment: inForce.county,
      scheduled,
    };
  });
  return { rows: out, total: out.length };
}

/** The classification's lookups, read from the rows (retired codes included: records naming them keep their name). */
export async function loadTaxonomy(db: Db | Tx): Promise<Taxonomy> {
  return taxonomyFrom(await db.select().from(industries));
}

export async function getIndustry(db: Db, code: string, today = shanghaiToday()) {
  const [row] = await db.select().from(industries).where(eq(industries.code, code));
  if (!row) throw notFound('industry');
  const [versions, maps] = await Promise.all([
    db
      .select()
      .from(industryVersions)
      .where(eq(industryVersions.code, code))
      .orderBy(desc(industryVersions.version)),
    mappings(db, code),
  ]);
  const { inForce, scheduled } = mappingOn(maps, today);
  return {
    ...row,
    id: row.code,
    cityDepartment: inForce.city,
    countyDepartment: inForce.county,
    scheduled,
    versions: versions.map((v) => ({ ...v, createdAt: v.createdAt.toISOString() })),
    departmentVersions: maps.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })),
  };
}

function effectiveDate(input: { effectiveFrom?: string | null }, today: string): string {
  const d = input.effectiveFrom ?? today;
  if (d < today)
    throw invalid('effectiveFrom', `生效日期不能早于今天（${today}）：已登记的企业和在办案件不随之改变`);
  return d;
}

/** Writes a new mapping version per level whose department differs from the one last written for that level. */
async function writeMapping(
  tx: Tx,
  code: string,
  wanted: Record<DepartmentLevel, string | null | undefined>,
  effectiveFrom: string,
  source: string | null,
  actorId: string,
): Promise<Array<{ level: DepartmentLevel; from: string | null; to: string | null }>> {
  const rows = await mappings(tx, code);
  const changes: Array<{ level: DepartmentLevel; from: string | null; to: string | null }> = [];
  for (const level of departmentLevels) {
    const want = wanted[level];
    if (want === undefined) continue;
    const last = rows.filter((r) => r.level === level).at(-1);
    const before = last?.departmentName ?? null;
    if (last && before === want && last.effectiveFrom <= effectiveFrom) continue;
    if (!last && want === null) continue;
    await tx.insert(industryDepartmentVersions).values({
      industryCode: code,
      level,
      version: (last?.version ?? 0) + 1,
      departmentName: want,
      effectiveFrom,
      source,
      createdBy: actorId,
    });
    changes.push({ level, from: before, to: want });
  }
  return changes;
}

export async function createIndustry(
  db: Db,
  raw: IndustryCreateInput,
  opts: { actorId: string; today?: string },
) {
  const input = industryCreateSchema.parse(raw);
  const today = opts.today ?? shanghaiToday();
  const effectiveFrom = effectiveDate(input, today);
  return db.transaction(async (tx) => {
    const [exists] = await tx.select().from(industries).where(eq(industries.code, input.code));
    if (exists) throw new DomainError('CONFLICT', `代码“${input.code}”已存在`, { code: '代码已存在' });
    if (input.parentCode) {
      const [parent] = await tx.select().from(industries).where(eq(industries.code, input.parentCode));
      if (!parent || parent.parentCode !== null) throw invalid('parentCode', '所属大类不存在');
    }
    const [dupName] = await tx
      .select({ code: industries.code })
      .from(industries)
      .where(
        and(
          eq(industries.name, input.name),
          input.parentCode
            ? sql`${industries.parentCode} IS NOT NULL`
            : sql`${industries.parentCode} IS NULL`,
        ),
      );
    if (dupName) throw invalid('name', `名称“${input.name}”已被${dupName.code}使用`);
    const values = {
      code: input.code,
      name: input.name,
      parentCode: input.parentCode ?? null,
      sortOrder: input.sortOrder,
      active: true,
    };
    const [row] = await tx
      .insert(industries)
      .values({ ...values, version: 1, updatedBy: opts.actorId })
      .returning();
    await tx
      .insert(industryVersions)
      .values({ ...values, version: 1, source: input.source ?? null, createdBy: opts.actorId });
    const departments = input.parentCode
      ? await writeMapping(
          tx,
          input.code,
          { city: input.cityDepartment ?? null, county: input.countyDepartment ?? null },
          effectiveFrom,
          input.source ?? null,
          opts.actorId,
        )
      : [];
    return { row: row!, departments, effectiveFrom };
  });
}

export async function updateIndustry(
  db: Db,
  code: string,
  raw: IndustryUpdateInput,
  opts: { actorId: string; today?: string },
) {
  const input = industryUpdateSchema.parse(raw);
  const today = opts.today ?? shanghaiToday();
  const effectiveFrom = effectiveDate(input, today);
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(industries).where(eq(industries.code, code)).for('update');
    if (!before) throw notFound('industry');
    if (input.version != null && input.version !== before.version)
      throw new DomainError('CONFLICT', `已有人保存了第${before.version}版，请刷新后再改`, {
        version: `当前为第${before.version}版`,
      });
    const isSub = before.parentCode !== null;
    if (!isSub && (input.cityDepartment || input.countyDepartment))
      throw invalid('cityDepartment', '主管部门按小类对应，大类不设');
    if (input.name !== before.name) {
      const [dupName] = await tx
        .select({ code: industries.code })
        .from(industries)
        .where(
          and(
            eq(industries.name, input.name),
            isSub ? sql`${industries.parentCode} IS NOT NULL` : sql`${industries.parentCode} IS NULL`,
          ),
        );
      if (dupName) throw invalid('name', `名称“${input.name}”已被${dupName.code}使用`);
    }
    if (!isSub && !input.active) {
      const [activeSub] = await tx
        .select({ code: industries.code })
        .from(industries)
        .where(and(eq(industries.parentCode, code), eq(industries.active, true)));
      if (activeSub) throw invalid('active', `大类下还有启用的小类（${activeSub.code}），请先停用小类`);
    }
    const changed =
      input.name !== before.name || input.sortOrder !== before.sortOrder || input.active !== before.active;
    let row: IndustryRow = before;
    if (changed) {
      const version = before.version + 1;
      const [updated] = await tx
        .update(industries)
        .set({
          name: input.name,
          sortOrder: input.sortOrder,
          active: input.active,
          version,
          updatedAt: new Date(),
          updatedBy: opts.actorId,
        })
        .where(eq(industries.code, code))
        .returning();
      row = updated!;
      await tx.insert(industryVersions).values({
        code,
        version,
        name: input.name,
        parentCode: before.parentCode,
        sortOrder: input.sortOrder,
        active: input.active,
        source: input.source ?? null,
        createdBy: opts.actorId,
      });
    }
    const departments = isSub
      ? await writeMapping(
          tx,
          code,
          { city: input.cityDepartment, county: input.countyDepartment },
          effectiveFrom,
          input.source ?? null,
          opts.actorId,
        )
      : [];
    if (!changed && departments.length === 0)
      throw new DomainError('VALIDATION', '没有改动', {
        name: '没有改动：名称、排序、启用和主管部门与当前一致',
      });
    return {
      row,
      before,
      departments,
      effectiveFrom,
    };
  });
}

/** Today in Asia/Shanghai (yyyy-MM-dd). */
export function shanghaiToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);
}

/**
 * The 大类 of a 小类 an enterprise is placed in, read from the classification: an unknown code, a 大类 or a retired
 * 小类 is refused at `industryCode` (a retired one only when it is not the enterprise's own already).
 */
export async function categoryOfSub(db: Db | Tx, code: string, current?: string): Promise<string> {
  const [row] = await db.select().from(industries).where(eq(industries.code, code));
  if (!row || row.parentCode === null) throw invalid('industryCode', `未知行业小类“${code}”`);
  if (!row.active && code !== current) throw invalid('industryCode', `行业小类“${row.name}”已停用`);
  return row.parentCode;
}

/** Codes that are not in the classification (a department's industries name 大类 or 小类). */
export async function unknownIndustryCodes(db: Db | Tx, codes: readonly string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const known = new Set((await db.select({ code: industries.code }).from(industries)).map((r) => r.code));
  return codes.filter((c) => !known.has(c));
}
