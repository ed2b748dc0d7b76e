/**
 * Deadline policy versions (督办时限规定), shape `fn(db, params)`. A policy belongs to a region and applies to its
 * subtree from its effective date; the most specific region's latest version in effect wins, else the default.
 * Rows are append-only (migration rules_append_only): a change is a new version, and a case keeps the body it was
 * listed under.
 *
 * - `policyInForce(db, { regionPath, on, createdBefore? })` → `{ policy, source }` (source null: the default)
 * - `listPolicies(db, { filter?, range? })` → `{ rows, total }`
 * - `getPolicy(db, id)` → the version, and the policy it overrode when it was made
 * - `createPolicy(db, input, { actorId, today })` → the region's next version
 */
import { and, asc, desc, eq, inArray, lt, lte, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../client.js';
import { policies, regions } from '../schema/index.js';
import { DomainError } from '../../domain/errors.js';
import { DEFAULT_POLICY, casePolicySchema, type CasePolicy } from '../../domain/policy.js';
import { policyInputSchema, type PolicyInput } from '../../domain/policy-authoring.js';

export { policyInputSchema, type PolicyInput };

export interface PolicySource {
  id: string;
  regionCode: string;
  regionName: string;
  version: number;
  effectiveFrom: string;
}

export interface PolicyRecord extends PolicySource {
  name: string;
  note: string | null;
  body: CasePolicy;
  createdAt: string;
  createdBy: string | null;
}

const columns = {
  id: policies.id,
  regionCode: policies.regionCode,
  regionName: regions.name,
  version: policies.version,
  effectiveFrom: policies.effectiveFrom,
  note: policies.note,
  body: policies.body,
  createdAt: policies.createdAt,
  createdBy: policies.createdBy,
};
type Row = {
  id: string;
  regionCode: string;
  regionName: string;
  version: number;
  effectiveFrom: string;
  note: string | null;
  body: unknown;
  createdAt: Date;
  createdBy: string | null;
};

const toRecord = (r: Row): PolicyRecord => {
  const body = casePolicySchema.parse(r.body);
  return {
    id: r.id,
    regionCode: r.regionCode,
    regionName: r.regionName,
    version: r.version,
    effectiveFrom: r.effectiveFrom,
    name: body.name,
    note: r.note,
    body,
    createdAt: r.createdAt.toISOString(),
    createdBy: r.createdBy,
  };
};
const sourceOf = (r: PolicyRecord): PolicySource => ({
  id: r.id,
  regionCode: r.regionCode,
  regionName: r.regionName,
  version: r.version,
  effectiveFrom: r.effectiveFrom,
});

/**
 * The policy in force for a region (its path) on a date: the most specific region's latest version in effect by
 * then, else the default. `createdBefore` looks only at versions made before that instant: what a version overrode
 * when it was made.
 */
export async function policyInForce(
  db: Db,
  p: { regionPath: string; on: string; createdBefore?: Date },
): Promise<{ policy: CasePolicy; source: PolicySource | null }> {
  const ancestors = p.regionPath.split('/').filter(Boolean);
  if (ancestors.length === 0) return { policy: DEFAULT_POLICY, source: null };
  const where: SQL[] = [inArray(policies.regionCode, ancestors), lte(policies.effectiveFrom, p.on)];
  if (p.createdBefore) where.push(lt(policies.createdAt, p.createdBefore));
  const rows = await db
    .select(columns)
    .from(policies)
    .innerJoin(regions, eq(regions.code, policies.regionCode))
    .where(and(...where));
  rows.sort(
    (a, b) => ancestors.indexOf(b.regionCode) - ancestors.indexOf(a.regionCode) || b.version - a.version,
  );
  const best = rows[0];
  if (!best) return { policy: DEFAULT_POLICY, source: null };
  const record = toRecord(best);
  return { policy: record.body, source: sourceOf(record) };
}

export async function listPolicies(
  db: Db,
  p: { filter?: Record<string, unknown>; range?: [number, number] } = {},
): Promise<{ rows: PolicyRecord[]; total: number }> {
  const f = p.filter ?? {};
  for (const key of Object.keys(f))
    if (key !== 'regionCode')
      throw new DomainError('VALIDATION', `不支持的筛选条件：${key}`, {
        [`filter.${key}`]: '可用筛选：regionCode',
      });
  const where = typeof f.regionCode === 'string' ? eq(policies.regionCode, f.regionCode) : undefined;
  const [from, to] = p.range ?? [0, 24];
  const [rows, [n]] = await Promise.all([
    db
      .select(columns)
      .from(policies)
      .innerJoin(regions, eq(regions.code, policies.regionCode))
      .where(where)
      .orderBy(asc(policies.regionCode), desc(policies.version))
      .offset(from)
      .limit(to - from + 1),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(policies)
      .where(where),
  ]);
  return { rows: rows.map(toRecord), total: n?.n ?? 0 };
}

export async function getPolicy(
  db: Db,
  id: string,
): Promise<PolicyRecord & { overrides: { policy: CasePolicy; source: PolicySource | null } }> {
  if (!z.uuid().safeParse(id).success) throw new DomainError('NOT_FOUND', '时限规定不存在');
  const [row] = await db
    .select({ ...columns, path: regions.path })
    .from(policies)
    .innerJoin(regions, eq(regions.code, policies.regionCode))
    .where(eq(policies.id, id));
  if (!row) throw new DomainError('NOT_FOUND', '时限规定不存在');
  const record = toRecord(row);
  const overrides = await policyInForce(db, {
    regionPath: row.path,
    on: row.effectiveFrom,
    createdBefore: row.createdAt,
  });
  return { ...record, overrides };
}

/**
 * A new version for the region: validated (the body by the authoring rules, an existing region, an effective date
 * not before today, so no case already listed appears to have been listed under it), numbered after the region's
 * last version under a lock, and written once.
 */
export async function createPolicy(
  db: Db,
  input: PolicyInput,
  opts: { actorId: string; today: string },
): Promise<PolicyRecord & { overrides: { policy: CasePolicy; source: PolicySource | null } }> {
  const v = policyInputSchema.parse(input);
  if (v.effectiveFrom < opts.today)
    throw new DomainError('VALIDATION', '施行日期不能早于今天', {
      effectiveFrom: `不能早于今天（${opts.today}）`,
    });
  const [region] = await db
    .select({ path: regions.path, name: regions.name })
    .from(regions)
    .where(eq(regions.code, v.regionCode));
  if (!region) throw new DomainError('VALIDATION', '未知行政区划', { regionCode: '未知行政区划代码' });
  const id = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('policies'), hashtext(${v.regionCode}))`);
    const [last] = await tx
      .select({ version: policies.version })
      .from(policies)
      .where(eq(policies.regionCode, v.regionCode))
      .orderBy(desc(policies.version))
      .limit(1);
    const [row] = await tx
      .insert(policies)
      .values({
        regionCode: v.regionCode,
        version: (last?.version ?? 0) + 1,
        effectiveFrom: v.effectiveFrom,
        body: v.body,
        note: v.note ?? null,
        createdBy: opts.actorId,
      })
      .returning({ id: policies.id });
    return row!.id;
  });
  return getPolicy(db, id);
}

/** The region's path, for the policy in force there (a 422 naming the field when it does not exist). */
export async function regionPathOf(db: Db, regionCode: string): Promise<string> {
  const [r] = await db.select({ path: regions.path }).from(regions).where(eq(regions.code, regionCode));
  if (!r) throw new DomainError('VALIDATION', '未知行政区划', { regionCode: '未知行政区划代码' });
  return r.path;
}
