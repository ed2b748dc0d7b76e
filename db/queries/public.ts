import { and, desc, eq, like, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { publicNotices, regions } from '../schema/index.js';
import { sha256Hex } from '../hash-chain.js';

/** A uuid-shaped id derived from a name (a retried step writes the same row). */
const stableUuidOf = (name: string) => {
  const h = sha256Hex(name);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type PublicNoticeRow = typeof publicNotices.$inferSelect;

/**
 * Publishes a listing or delisting (公示), in the transaction of the publication step: once per case and kind.
 */
export async function publishNotice(
  tx: Tx | Db,
  n: Omit<typeof publicNotices.$inferInsert, 'id'>,
): Promise<void> {
  await tx
    .insert(publicNotices)
    .values({ ...n, id: stableUuidOf(`${n.caseId}:public:${n.kind}`) })
    .onConflictDoNothing();
}

/** The notices of a jurisdiction (its subtree), newest first. */
export async function listNotices(
  db: Db,
  p: { regionPath: string; kind?: 'listing' | 'delisting'; limit: number },
): Promise<PublicNoticeRow[]> {
  return db
    .select()
    .from(publicNotices)
    .where(
      and(
        like(publicNotices.regionPath, `${p.regionPath}%`),
        p.kind ? eq(publicNotices.kind, p.kind) : undefined,
      ),
    )
    .orderBy(desc(publicNotices.publishedAt))
    .limit(p.limit);
}

/** The places the public may pick: districts and streets (and the cities above them), in tree order. */
export async function publicRegions(
  db: Db,
): Promise<{ code: string; name: string; path: string; level: string }[]> {
  return db
    .select({ code: regions.code, name: regions.name, path: regions.path, level: regions.level })
    .from(regions)
    .where(sql`${regions.level} in ('city', 'district', 'street')`)
    .orderBy(regions.path)
    .limit(1000);
}
