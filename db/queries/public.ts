import { and, desc, eq, inArray, isNull, like, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { documents, publicNotices, publicReportIntake, regions, reportContacts } from '../schema/index.js';
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

/**
 * 群众举报 received through the public form, before its case exists: the contact and the photos the form stored wait
 * under the tracking code (public_report_intake) until the case's first transition takes them (`takePublicReport`).
 */
export async function receivePublicReport(
  db: Db,
  r: { trackingCode: string; caseId: string; contact: string | null; photoIds: string[] },
): Promise<void> {
  await db.insert(publicReportIntake).values(r);
}

/**
 * In the transaction that writes a public report's case row (its first transition): the photos the form stored
 * become the case's documents and the contact its report_contacts row; the intake row goes. Once: a retried
 * transition finds nothing left to take. Only photos still without a case are taken.
 */
export async function takePublicReport(tx: Tx, r: { caseId: string; trackingCode: string }): Promise<void> {
  const [intake] = await tx
    .delete(publicReportIntake)
    .where(and(eq(publicReportIntake.trackingCode, r.trackingCode), eq(publicReportIntake.caseId, r.caseId)))
    .returning();
  if (!intake) return;
  if (intake.photoIds.length > 0)
    await tx
      .update(documents)
      .set({ caseId: r.caseId })
      .where(and(inArray(documents.id, intake.photoIds), isNull(documents.caseId)));
  if (intake.contact)
    await tx
      .insert(reportContacts)
      .values({ caseId: r.caseId, contact: intake.contact })
      .onConflictDoNothing({ target: reportContacts.caseId });
}

/**
 * A form report that was not taken (nothing started: the worker or Temporal unavailable): its intake row and the
 * photos stored for it go, so nothing of it is kept. Answers the photos' storage paths, for the caller to remove.
 */
export async function dropPublicReport(db: Db, trackingCode: string): Promise<string[]> {
  return db.transaction(async (tx) => {
    const [intake] = await tx
      .delete(publicReportIntake)
      .where(eq(publicReportIntake.trackingCode, trackingCode))
      .returning();
    if (!intake || intake.photoIds.length === 0) return [];
    const gone = await tx
      .delete(documents)
      .where(and(inArray(documents.id, intake.photoIds), isNull(documents.caseId)))
      .returning({ storagePath: documents.storagePath });
    return gone.map((d) => d.storagePath);
  });
}

/** When a form report still waiting for its case was received (the progress page's "being registered"). */
export async function publicReportReceivedAt(db: Db, trackingCode: string): Promise<Date | undefined> {
  const [row] = await db
    .select({ receivedAt: publicReportIntake.receivedAt })
    .from(publicReportIntake)
    .where(eq(publicReportIntake.trackingCode, trackingCode));
  return row?.receivedAt;
}
