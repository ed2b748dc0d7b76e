/**
 * 月通报 drafts and published bulletins (db/schema/scores.ts scoreBulletins), shape `fn(db, params)`.
 *
 * - `bulletinUnits(db, { runId, issuerCode })` → the issuer's row, its peers, its children, departments and grids
 * - `bulletinsInScope(scope)`, `listBulletins`, `getBulletin`, `insertBulletin`, `updateBulletin`, `markPublished`
 */
import { and, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.js';
import { officialDocuments, scoreBulletins, unitScores } from '../schema/index.js';
import { DomainError } from '../../domain/errors.js';
import type { BulletinUnit } from '../../domain/scores/bulletin.js';
import type { UnitLevel } from '../../domain/scores/compute.js';
import { isUuidText } from './ids.js';
import type { Scope } from './scope.js';

export type BulletinRow = typeof scoreBulletins.$inferSelect;

const toUnit = (r: typeof unitScores.$inferSelect): BulletinUnit => ({
  level: r.level as UnitLevel,
  unitId: r.unitId,
  name: r.name,
  section: r.section,
  groupId: r.groupId,
  total: r.total,
  rank: r.rank,
  groupSize: r.groupSize,
  flagged: r.flagged,
  prevTotal: r.prevTotal,
  prevRank: r.prevRank,
  facts: r.facts,
  points: r.points,
});

/** What a bulletin about `issuerCode` tabulates from a run. */
export async function bulletinUnits(
  db: Db,
  p: { runId: string; issuerCode: string },
): Promise<{
  issuer: BulletinUnit;
  peers: BulletinUnit[];
  children: BulletinUnit[];
  departments: BulletinUnit[];
  grids: BulletinUnit[];
}> {
  const regionLevels = ['province', 'city', 'district', 'street'];
  const [issuer] = await db
    .select()
    .from(unitScores)
    .where(
      and(
        eq(unitScores.runId, p.runId),
        eq(unitScores.unitId, p.issuerCode),
        inArray(unitScores.level, regionLevels),
      ),
    );
  if (!issuer)
    throw new DomainError('VALIDATION', '该区域不在本期考核结果中', {
      regionCode: '该区域不在本期考核结果中',
    });
  const rows = await db
    .select()
    .from(unitScores)
    .where(
      and(
        eq(unitScores.runId, p.runId),
        or(
          and(eq(unitScores.level, issuer.level), eq(unitScores.groupId, issuer.groupId)),
          and(
            eq(unitScores.groupId, issuer.unitId),
            inArray(unitScores.level, [...regionLevels, 'department', 'grid']),
          ),
        ),
      ),
    )
    .orderBy(unitScores.rank, unitScores.name);
  const units = rows.map(toUnit);
  const isRoot = issuer.groupId === issuer.unitId;
  return {
    issuer: toUnit(issuer),
    peers: isRoot ? [] : units.filter((u) => u.level === issuer.level && u.groupId === issuer.groupId),
    children: units.filter(
      (u) => regionLevels.includes(u.level) && u.groupId === issuer.unitId && u.unitId !== issuer.unitId,
    ),
    departments: units.filter((u) => u.level === 'department'),
    grids: units.filter((u) => u.level === 'grid'),
  };
}

/**
 * Bulletins the caller may read: supervisors and leaders those issued for their region, above it or below it
 * (a street reads the district's; the district reads its streets'), drafts only where they manage the region;
 * administrators all.
 */
export function bulletinsInScope(scope: Scope): SQL {
  if (scope.role === 'admin') return sql`true`;
  if ((scope.role !== 'supervisor' && scope.role !== 'leader') || !scope.regionPath) return sql`false`;
  const path = scope.regionPath;
  const related = sql`(${scoreBulletins.regionPath} like ${`${path}%`} or ${path} like ${scoreBulletins.regionPath} || '%')`;
  const draftsOk =
    scope.role === 'supervisor' && !scope.departmentIndustries
      ? sql`(${scoreBulletins.status} = 'published' or ${scoreBulletins.regionPath} like ${`${path}%`})`
      : sql`${scoreBulletins.status} = 'published'`;
  return sql`(${related} and ${draftsOk})`;
}

export async function listBulletins(
  db: Db,
  scope: Scope,
  p: { regionCode?: string; month?: string; status?: string; offset: number; limit: number },
): Promise<{ rows: BulletinRow[]; total: number }> {
  const where = and(
    bulletinsInScope(scope),
    p.regionCode ? eq(scoreBulletins.regionCode, p.regionCode) : undefined,
    p.month ? eq(scoreBulletins.month, p.month) : undefined,
    p.status ? eq(scoreBulletins.status, p.status as 'draft') : undefined,
  );
  const [rows, [n]] = await Promise.all([
    db
      .select()
      .from(scoreBulletins)
      .where(where)
      .orderBy(desc(scoreBulletins.month), desc(scoreBulletins.updatedAt))
      .offset(p.offset)
      .limit(p.limit),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(scoreBulletins)
      .where(where),
  ]);
  return { rows, total: n?.n ?? 0 };
}

export async function getBulletin(db: Db, scope: Scope, id: string): Promise<BulletinRow> {
  if (!isUuidText(id)) throw new DomainError('NOT_FOUND', '通报不存在');
  const [row] = await db
    .select()
    .from(scoreBulletins)
    .where(and(eq(scoreBulletins.id, id), bulletinsInScope(scope)));
  if (!row) throw new DomainError('NOT_FOUND', '通报不存在');
  return row;
}

export async function insertBulletin(db: Db, row: typeof scoreBulletins.$inferInsert): Promise<BulletinRow> {
  const [out] = await db.insert(scoreBulletins).values(row).returning();
  return out!;
}

export async function updateBulletin(
  db: Db,
  p: { id: string; title: string; addressee: string | null; body: string; at: Date },
): Promise<BulletinRow> {
  const [out] = await db
    .update(scoreBulletins)
    .set({ title: p.title, addressee: p.addressee, body: p.body, updatedAt: p.at })
    .where(and(eq(scoreBulletins.id, p.id), eq(scoreBulletins.status, 'draft')))
    .returning();
  if (!out) throw new DomainError('INVALID_TRANSITION', '通报已发布，不能再修改');
  return out;
}

/** Records the issued document on the draft (once: a second publication of the same draft finds it published). */
export async function markPublished(
  db: Db,
  p: { id: string; documentId: string; number: string; by: string; at: Date },
): Promise<BulletinRow> {
  const [out] = await db
    .update(scoreBulletins)
    .set({
      status: 'published',
      documentId: p.documentId,
      number: p.number,
      publishedAt: p.at,
      publishedBy: p.by,
      updatedAt: p.at,
    })
    .where(and(eq(scoreBulletins.id, p.id), eq(scoreBulletins.status, 'draft')))
    .returning();
  if (out) return out;
  const [row] = await db.select().from(scoreBulletins).where(eq(scoreBulletins.id, p.id));
  if (row?.documentId === p.documentId) return row;
  throw new DomainError('CONFLICT', '本月已发布过该区域的通报');
}

/** The official document's hash and size (the download links show them). */
export async function issuedOf(db: Db, documentId: string) {
  const [row] = await db
    .select({ number: officialDocuments.number, docxSha256: officialDocuments.docxSha256 })
    .from(officialDocuments)
    .where(eq(officialDocuments.documentId, documentId));
  return row;
}
