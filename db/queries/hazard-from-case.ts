/**
 * A major case judged "general" (研判为一般事故隐患) lands in the general-hazard ledger instead of leaving supervision.
 * Hooked where the case's transition is written (activities/case-activities.ts recordTransition), not in the
 * workflow's decision code: whichever way the workflow reaches `downgraded`, the write of that transition carries the
 * ledger row, in the same transaction, under an id derived from the case so a retried activity writes it once.
 *
 * - `prepareDowngradedHazard(db, p)` → the ledger row (deadline and light from the duty policy in force where the
 *   enterprise is), read before the transaction opens; undefined when the case names no registered enterprise (a
 *   public report about an unknown site: there is nobody to rectify, the case's own record stays the only trace).
 * - `insertDowngradedHazard(tx, row, event)` → whether it was written now (false: an earlier attempt wrote it).
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import { enterprises, generalHazardEvents, generalHazards } from '../schema/index.js';
import { shanghaiDate } from '../../domain/calendar.js';
import { lightOf } from '../../domain/hazards/lifecycle.js';
import { hazardDeadline } from '../../domain/hazards/policy.js';
import { dutyPolicyFor, workingCalendarOf } from './duty-policies.js';
import type { GeneralHazardInsert } from './general-hazards.js';

export interface DowngradedCase {
  /** The ledger row's id (the caller derives it from the case id, so a retry reuses it). */
  hazardId: string;
  caseId: string;
  enterpriseId: string | null | undefined;
  title: string;
  description: string;
  location: string | null | undefined;
  clauseId: string | null | undefined;
  /** When the case was reported: the hazard was found then. */
  reportedAt: string;
  /** When it was judged: it enters the ledger then, and its deadline counts from that day. */
  judgedAt: string;
  actor: { id: string | null; role: string };
}

export async function prepareDowngradedHazard(
  db: Db,
  c: DowngradedCase,
): Promise<GeneralHazardInsert | undefined> {
  if (!c.enterpriseId) return undefined;
  const [e] = await db.select().from(enterprises).where(eq(enterprises.id, c.enterpriseId));
  if (!e) return undefined;
  const judgedOn = shanghaiDate(new Date(c.judgedAt));
  const foundOn = shanghaiDate(new Date(c.reportedAt));
  const [policy, calendar] = await Promise.all([
    dutyPolicyFor(db, { regionPath: e.regionPath, on: judgedOn }),
    workingCalendarOf(db),
  ]);
  const { deadline } = hazardDeadline(calendar, policy, judgedOn);
  const description = c.description && c.description !== c.title ? `${c.title}：${c.description}` : c.title;
  return {
    id: c.hazardId,
    enterpriseId: e.id,
    regionCode: e.regionCode,
    regionPath: e.regionPath,
    industryCategory: e.industryCategory,
    industryCode: e.industryCode,
    departmentId: e.departmentId,
    source: 'case_downgrade',
    sourceRef: c.caseId,
    category: 'site',
    description: description.slice(0, 1000),
    location: c.location ? c.location.slice(0, 200) : null,
    clauseId: c.clauseId ?? null,
    foundOn: foundOn > judgedOn ? judgedOn : foundOn,
    reportedAt: new Date(c.judgedAt),
    reportedBy: c.actor.id,
    reporterRole: c.actor.role,
    reportedLate: false,
    deadline,
    status: 'open',
    light: lightOf({ status: 'open', deadline }, judgedOn, policy.hazard.yellowDays),
    updatedAt: new Date(c.judgedAt),
  };
}

/** Writes the row and its `downgraded_from_case` event in the caller's transaction; false when already there. */
export async function insertDowngradedHazard(
  tx: Pick<Db, 'insert'>,
  row: GeneralHazardInsert,
  event: { caseId: string; caseSeq: number; reason: unknown; actorId: string | null; actorRole: string },
): Promise<boolean> {
  const inserted = await tx
    .insert(generalHazards)
    .values(row)
    .onConflictDoNothing({ target: generalHazards.id })
    .returning({ id: generalHazards.id });
  if (inserted.length === 0) return false;
  await tx.insert(generalHazardEvents).values({
    hazardId: row.id,
    type: 'downgraded_from_case',
    at: row.reportedAt as Date,
    actorId: event.actorId,
    actorRole: event.actorRole,
    payload: { caseId: event.caseId, caseSeq: event.caseSeq, reason: event.reason ?? null },
  });
  return true;
}
