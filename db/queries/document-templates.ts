import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { documentTemplates, issuingAuthorities } from '../schema/index.js';
import { DomainError } from '../../domain/errors.js';
import type { DocumentKind } from '../../domain/documents/kinds.js';
import type { TemplateBody } from '../../domain/documents/templates.js';
import { isUuidText } from './ids.js';

export type TemplateRow = typeof documentTemplates.$inferSelect;

export async function listTemplates(
  db: Db,
  f: { regionCode?: string; kind?: string },
): Promise<TemplateRow[]> {
  return db
    .select()
    .from(documentTemplates)
    .where(
      and(
        f.regionCode ? eq(documentTemplates.regionCode, f.regionCode) : undefined,
        f.kind ? eq(documentTemplates.kind, f.kind) : undefined,
      ),
    )
    .orderBy(documentTemplates.regionCode, documentTemplates.kind, desc(documentTemplates.version));
}

export async function getTemplate(db: Db, id: string): Promise<TemplateRow> {
  const [row] = isUuidText(id)
    ? await db.select().from(documentTemplates).where(eq(documentTemplates.id, id))
    : [];
  if (!row) throw new DomainError('NOT_FOUND', '模板不存在');
  return row;
}

/** A new version of a jurisdiction's template (never an edit: issued documents name the version they used). */
export async function addTemplateVersion(
  db: Db,
  v: {
    regionCode: string;
    kind: DocumentKind;
    effectiveFrom: string;
    body: TemplateBody;
    note?: string;
    createdBy: string;
  },
): Promise<TemplateRow> {
  return db.transaction(async (tx) => {
    // Serialises concurrent saves of one template: each gets the next version.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`${v.regionCode}:${v.kind}`}))`);
    const [last] = await tx
      .select({ n: sql<number>`coalesce(max(${documentTemplates.version}), 0)::int` })
      .from(documentTemplates)
      .where(and(eq(documentTemplates.regionCode, v.regionCode), eq(documentTemplates.kind, v.kind)));
    const [row] = await tx
      .insert(documentTemplates)
      .values({ ...v, version: (last?.n ?? 0) + 1, note: v.note ?? null })
      .returning();
    return row!;
  });
}

export type AuthorityRow = typeof issuingAuthorities.$inferSelect;
export async function listAuthorities(db: Db): Promise<AuthorityRow[]> {
  return db
    .select()
    .from(issuingAuthorities)
    .orderBy(issuingAuthorities.regionCode, issuingAuthorities.createdAt);
}
export async function saveAuthority(
  db: Db,
  id: string | undefined,
  v: { regionCode: string; name: string; mark: string; abbreviation: string; active: boolean },
): Promise<AuthorityRow> {
  try {
    const [row] = id
      ? isUuidText(id)
        ? await db
            .update(issuingAuthorities)
            .set({ ...v, updatedAt: new Date() })
            .where(eq(issuingAuthorities.id, id))
            .returning()
        : []
      : await db.insert(issuingAuthorities).values(v).returning();
    if (!row) throw new DomainError('NOT_FOUND', '发文机关不存在');
    return row;
  } catch (err) {
    const code =
      (err as { code?: string; cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code;
    if (code === '23505')
      throw new DomainError('VALIDATION', '机关代字已被使用', {
        abbreviation: '机关代字已被其他发文机关使用',
      });
    if (code === '23503') throw new DomainError('VALIDATION', '区域不存在', { regionCode: '区域不存在' });
    throw err;
  }
}
