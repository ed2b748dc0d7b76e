/**
 * Scoring scheme versions (绩效考核办法), shape `fn(db, params)`. A scheme belongs to a region and applies to its
 * subtree from a month on; the most specific region's latest version in force wins, else the built-in default
 * (domain/scores/scheme.ts). Rows are append-only (migration scores): a change is a new version, and a run keeps the
 * body it was computed with.
 *
 * - `schemeInForce(db, { regionPath, month })` → `{ scheme, source }` (source null: the default)
 * - `listSchemes(db, { regionCode?, range? })`, `getScheme(db, id)`
 * - `createScheme(db, input, { actorId, thisMonth })` → the region's next version
 * - `schemeRegions(db)` → the regions that have a scheme of their own (each is scored as a jurisdiction)
 */
import { and, asc, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { regions, scoreSchemes } from '../schema/index.js';
import { DomainError } from '../../domain/errors.js';
import {
  DEFAULT_SCORE_SCHEME,
  schemeInputSchema,
  scoreSchemeSchema,
  type SchemeInput,
  type ScoreScheme,
} from '../../domain/scores/scheme.js';
import { isUuidText } from './ids.js';

export interface SchemeSource {
  id: string;
  regionCode: string;
  regionName: string;
  version: number;
  effectiveFrom: string;
}
export interface SchemeRecord extends SchemeSource {
  name: string;
  note: string | null;
  body: ScoreScheme;
  createdAt: string;
  createdBy: string | null;
}

export { schemeInputSchema, type SchemeInput } from '../../domain/scores/scheme.js';

const columns = {
  id: scoreSchemes.id,
  regionCode: scoreSchemes.regionCode,
  regionName: regions.name,
  version: scoreSchemes.version,
  effectiveFrom: scoreSchemes.effectiveFrom,
  note: scoreSchemes.note,
  body: scoreSchemes.body,
  createdAt: scoreSchemes.createdAt,
  createdBy: scoreSchemes.createdBy,
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

const toRecord = (r: Row): SchemeRecord => {
  const body = scoreSchemeSchema.parse(r.body);
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

export async function schemeInForce(
  db: Db,
  p: { regionPath: string; month: string },
): Promise<{ scheme: ScoreScheme; source: SchemeSource | null }> {
  const ancestors = p.regionPath.split('/').filter(Boolean);
  if (ancestors.length === 0) return { scheme: DEFAULT_SCORE_SCHEME, source: null };
  const rows = await db
    .select(columns)
    .from(scoreSchemes)
    .innerJoin(regions, eq(regions.code, scoreSchemes.regionCode))
    .where(and(inArray(scoreSchemes.regionCode, ancestors), lte(scoreSchemes.effectiveFrom, p.month)));
  rows.sort(
    (a, b) => ancestors.indexOf(b.regionCode) - ancestors.indexOf(a.regionCode) || b.version - a.version,
  );
  const best = rows[0];
  if (!best) return { scheme: DEFAULT_SCORE_SCHEME, source: null };
  const { body, name: _n, note: _note, createdAt: _c, createdBy: _b, ...source } = toRecord(best);
  return { scheme: body, source };
}

export async function listSchemes(
  db: Db,
  p: { regionCode?: string; range?: [number, number] } = {},
): Promise<{ rows: SchemeRecord[]; total: number }> {
  const where = p.regionCode ? eq(scoreSchemes.regionCode, p.regionCode) : undefined;
  const [from, to] = p.range ?? [0, 24];
  const [rows, [n]] = await Promise.all([
    db
      .select(columns)
      .from(scoreSchemes)
      .innerJoin(regions, eq(regions.code, scoreSchemes.regionCode))
      .where(where)
      .orderBy(asc(scoreSchemes.regionCode), desc(scoreSchemes.version))
      .offset(from)
      .limit(to - from + 1),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(scoreSchemes)
      .where(where),
  ]);
  return { rows: rows.map(toRecord), total: n?.n ?? 0 };
}

export async function getScheme(db: Db, id: string): Promise<SchemeRecord> {
  if (!isUuidText(id)) throw new DomainError('NOT_FOUND', '考核办法不存在');
  const [row] = await db
    .select(columns)
    .from(scoreSchemes)
    .innerJoin(regions, eq(regions.code, scoreSchemes.regionCode))
    .where(eq(scoreSchemes.id, id));
  if (!row) throw new DomainError('NOT_FOUND', '考核办法不存在');
  return toRecord(row);
}

/**
 * A new version for the region, in force from `effectiveFrom` (not before the running month, so no month already
 * computed appears to have been computed under it), numbered after the region's last version under a lock.
 */
export async function createScheme(
  db: Db,
  input: SchemeInput,
  opts: { actorId: string; thisMonth: string },
): Promise<SchemeRecord> {
  const v = schemeInputSchema.parse(input);
  if (v.effectiveFrom < opts.thisMonth)
    throw new DomainError('VALIDATION', '起始考核月份不能早于本月', {
      effectiveFrom: `不能早于本月（${opts.thisMonth}）`,
    });
  const [region] = await db
    .select({ code: regions.code })
    .from(regions)
    .where(eq(regions.code, v.regionCode));
  if (!region) throw new DomainError('VALIDATION', '未知行政区划', { regionCode: '未知行政区划代码' });
  const id = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('score_schemes'), hashtext(${v.regionCode}))`);
    const [last] = await tx
      .select({ version: scoreSchemes.version })
      .from(scoreSchemes)
      .where(eq(scoreSchemes.regionCode, v.regionCode))
      .orderBy(desc(scoreSchemes.version))
      .limit(1);
    const [row] = await tx
      .insert(scoreSchemes)
      .values({
        regionCode: v.regionCode,
        version: (last?.version ?? 0) + 1,
        effectiveFrom: v.effectiveFrom,
        body: v.body,
        note: v.note ?? null,
        createdBy: opts.actorId,
      })
      .returning({ id: scoreSchemes.id });
    return row!.id;
  });
  return getScheme(db, id);
}

/** Regions with a scheme of their own: each is scored as a jurisdiction of its own, next to the cities. */
export async function schemeRegions(db: Db): Promise<string[]> {
  const rows = await db
    .selectDistinct({ code: scoreSchemes.regionCode })
    .from(scoreSchemes)
    .orderBy(scoreSchemes.regionCode);
  return rows.map((r) => r.code);
}

export async function regionPathOf(db: Db, code: string): Promise<string | undefined> {
  const [r] = await db.select({ path: regions.path }).from(regions).where(eq(regions.code, code));
  return r?.path;
}
