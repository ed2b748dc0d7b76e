import { and, desc, eq, inArray, like, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.js';
import {
  cases,
  documentCounters,
  documentTemplates,
  documents,
  issuingAuthorities,
  officialDocuments,
  regions,
} from '../schema/index.js';
import { DomainError } from '../../domain/errors.js';
import type { DocumentKind } from '../../domain/documents/kinds.js';
import { templateBodySchema, type TemplateBody } from '../../domain/documents/templates.js';
import { casesInScope, type Scope } from './scope.js';
import { pageOf, type ListQuery, type ListResult } from './list-params.js';
import { isUuidText } from './ids.js';

export type IssuingAuthority = typeof issuingAuthorities.$inferSelect;
export type OfficialDocumentRow = typeof officialDocuments.$inferSelect;
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** The database, or a transaction of it: a case transition issues its documents inside its own. */
export type DbOrTx = Db | Tx;

const AUTHORITY_LEVELS = new Set(['province', 'city', 'district']);

/**
 * The authority that issues documents for a place: the nearest one configured on the region or an ancestor. A
 * jurisdiction nobody configured gets its 安委办 (the office that runs the regime) made from its region's names,
 * e.g. 武汉市洪山区安全生产委员会办公室 / 洪安委办, which an administrator may rename later.
 */
export async function authorityFor(db: DbOrTx, regionPath: string): Promise<IssuingAuthority> {
  const chain = regionPath.split('/').filter(Boolean);
  if (chain.length === 0) throw new DomainError('VALIDATION', '区域无效', { regionCode: '区域无效' });
  const found = await db
    .select()
    .from(issuingAuthorities)
    .where(and(inArray(issuingAuthorities.regionCode, chain), eq(issuingAuthorities.active, true)));
  found.sort(
    (a, b) =>
      chain.indexOf(b.regionCode) - chain.indexOf(a.regionCode) ||
      a.createdAt.getTime() - b.createdAt.getTime(),
  );
  if (found[0]) return found[0];
  const rows = await db.select().from(regions).where(inArray(regions.code, chain));
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const ordered = chain.map((c) => byCode.get(c)).filter((r) => r !== undefined);
  const home = [...ordered].reverse().find((r) => AUTHORITY_LEVELS.has(r.level)) ?? ordered.at(-1);
  if (!home) throw new DomainError('VALIDATION', '区域无效', { regionCode: '区域无效' });
  // 武汉市洪山区: the city's name before a district's, the province's before a city's (湖北省武汉市 reads oddly: keep two).
  const upTo = ordered.slice(0, ordered.indexOf(home) + 1);
  const name = `${upTo
    .slice(-2)
    .map((r) => r.name)
    .join('')}安全生产委员会办公室`;
  const short = home.name.replace(/(省|市|区|县|自治州|自治县|街道|镇|乡)$/, '');
  for (const abbreviation of [`${short[0]}安委办`, `${short}安委办`, `${short}安委办${home.code}`]) {
    const [made] = await db
      .insert(issuingAuthorities)
      .values({ regionCode: home.code, name, mark: name, abbreviation })
      .onConflictDoNothing()
      .returning();
    if (made) return made;
    // The abbreviation is taken: by this same region's authority (made concurrently) or by another place's.
    const [same] = await db
      .select()
      .from(issuingAuthorities)
      .where(and(eq(issuingAuthorities.regionCode, home.code), eq(issuingAuthorities.active, true)));
    if (same) return same;
  }
  throw new DomainError('CONFLICT', `无法为${home.name}生成机关代字，请管理员配置发文机关`);
}

export async function getAuthority(db: DbOrTx, id: string): Promise<IssuingAuthority> {
  const [row] = isUuidText(id)
    ? await db.select().from(issuingAuthorities).where(eq(issuingAuthorities.id, id))
    : [];
  if (!row) throw new DomainError('NOT_FOUND', '发文机关不存在');
  return row;
}

/**
 * The template in force for a kind in a jurisdiction on a date: the most specific region's latest version
 * effective by then; null when only the built-in words apply.
 */
export async function templateInForce(
  db: DbOrTx,
  p: { regionPath: string; kind: DocumentKind; on: string },
): Promise<{ id: string; version: number; body: TemplateBody } | null> {
  const chain = p.regionPath.split('/').filter(Boolean);
  if (chain.length === 0) return null;
  const rows = await db
    .select()
    .from(documentTemplates)
    .where(
      and(
        inArray(documentTemplates.regionCode, chain),
        eq(documentTemplates.kind, p.kind),
        lte(documentTemplates.effectiveFrom, p.on),
      ),
    );
  rows.sort((a, b) => chain.indexOf(b.regionCode) - chain.indexOf(a.regionCode) || b.version - a.version);
  const best = rows[0];
  return best ? { id: best.id, version: best.version, body: templateBodySchema.parse(best.body) } : null;
}

/**
 * Takes the next serial of an authority's year, locking the counter row until the transaction ends: concurrent
 * issuers queue here, and a rollback returns the number (no gaps, no repeats).
 */
export async function takeSerial(tx: Tx, authorityId: string, year: number): Promise<number> {
  const [row] = await tx
    .insert(documentCounters)
    .values({ authorityId, year, last: 1 })
    .onConflictDoUpdate({
      target: [documentCounters.authorityId, documentCounters.year],
      set: { last: sql`${documentCounters.last} + 1` },
    })
    .returning({ last: documentCounters.last });
  return row!.last;
}

/** The document issued under an idempotency key, with its PDF's record. */
export async function findIssued(
  db: DbOrTx,
  idempotencyKey: string,
): Promise<{ row: OfficialDocumentRow; pdf: { path: string; sha256: string; size: number } } | undefined> {
  const [found] = await db
    .select({
      row: officialDocuments,
      path: documents.storagePath,
      sha256: documents.sha256,
      size: documents.size,
    })
    .from(officialDocuments)
    .innerJoin(documents, eq(documents.id, officialDocuments.documentId))
    .where(eq(officialDocuments.idempotencyKey, idempotencyKey));
  return found && { row: found.row, pdf: { path: found.path, sha256: found.sha256, size: found.size } };
}

export async function insertIssued(
  tx: Tx,
  file: typeof documents.$inferInsert,
  issued: typeof officialDocuments.$inferInsert,
): Promise<OfficialDocumentRow> {
  await tx.insert(documents).values(file);
  const [row] = await tx.insert(officialDocuments).values(issued).returning();
  return row!;
}

/**
 * Who may read an issued document: administrators all; supervisors and leaders those of the cases they see and the
 * bulletins of their jurisdiction (issued above or within it); an enterprise those issued to it; experts and grid
 * members those of their cases that are not internal (between agencies).
 */
export function issuedVisible(scope: Scope): SQL {
  const ofCase = sql`exists (select 1 from ${cases} where ${cases.id} = ${officialDocuments.caseId} and ${casesInScope(scope)})`;
  switch (scope.role) {
    case 'admin':
      return sql`true`;
    case 'supervisor':
    case 'leader': {
      const path = scope.regionPath;
      const bulletin = path
        ? and(
            eq(officialDocuments.audience, 'bulletin'),
            or(
              like(officialDocuments.regionPath, `${path}%`),
              sql`${path} like ${officialDocuments.regionPath} || '%'`,
            ),
          )
        : undefined;
      return or(ofCase, bulletin)!;
    }
    case 'enterprise':
      return scope.enterpriseId
        ? and(
            eq(officialDocuments.recipientEnterpriseId, scope.enterpriseId),
            eq(officialDocuments.audience, 'enterprise'),
          )!
        : sql`false`;
    default:
      return and(ofCase, sql`${officialDocuments.audience} <> 'internal'`)!;
  }
}

const FILTERS = ['caseId', 'kind', 'escalationId', 'year'] as const;

export async function listIssued(
  db: Db,
  scope: Scope,
  q: ListQuery,
): Promise<ListResult<OfficialDocumentRow & { sha256: string; size: number }>> {
  const f = q.filter ?? {};
  const extra = Object.keys(f).find((k) => !(FILTERS as readonly string[]).includes(k));
  if (extra)
    throw new DomainError('VALIDATION', `不支持的筛选条件：${extra}`, {
      [`filter.${extra}`]: `可用筛选：${FILTERS.join('、')}`,
    });
  if (f.caseId !== undefined && (typeof f.caseId !== 'string' || !isUuidText(f.caseId)))
    throw new DomainError('VALIDATION', 'caseId 无效', { 'filter.caseId': 'caseId 无效' });
  const where = and(
    issuedVisible(scope),
    f.caseId ? eq(officialDocuments.caseId, String(f.caseId)) : undefined,
    f.kind ? eq(officialDocuments.kind, String(f.kind)) : undefined,
    f.escalationId ? eq(officialDocuments.escalationId, String(f.escalationId)) : undefined,
    f.year !== undefined && Number.isInteger(Number(f.year))
      ? eq(officialDocuments.year, Number(f.year))
      : undefined,
  )!;
  const { offset, limit } = pageOf(q);
  const [rows, [count]] = await Promise.all([
    db
      .select({ o: officialDocuments, sha256: documents.sha256, size: documents.size })
      .from(officialDocuments)
      .innerJoin(documents, eq(documents.id, officialDocuments.documentId))
      .where(where)
      .orderBy(desc(officialDocuments.issuedAt), desc(officialDocuments.serial))
      .limit(limit)
      .offset(offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(officialDocuments)
      .where(where),
  ]);
  return {
    rows: rows.map((r) => ({ ...r.o, sha256: r.sha256, size: r.size })),
    total: count?.n ?? 0,
    from: offset,
  };
}

export async function getIssued(
  db: Db,
  scope: Scope,
  id: string,
): Promise<OfficialDocumentRow & { pdfPath: string; sha256: string; size: number }> {
  const [row] = isUuidText(id)
    ? await db
        .select({
          o: officialDocuments,
          pdfPath: documents.storagePath,
          sha256: documents.sha256,
          size: documents.size,
        })
        .from(officialDocuments)
        .innerJoin(documents, eq(documents.id, officialDocuments.documentId))
        .where(and(eq(officialDocuments.documentId, id), issuedVisible(scope)))
    : [];
  if (!row) throw new DomainError('NOT_FOUND', '公文不存在');
  return { ...row.o, pdfPath: row.pdfPath, sha256: row.sha256, size: row.size };
}
