/**
 * Side effects of the case workflow. Every activity is idempotent: a retry after a crash or a timeout writes
 * nothing twice (events are keyed by (case, seq), tasks and escalations by deterministic ids, and the read-model
 * row only moves forward in version).
 */
import { ApplicationFailure } from '@temporalio/common';
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { Db } from '../db/client.js';
import { GENESIS_HASH, chainHash, sha256Hex } from '../db/hash-chain.js';
import { appendAudit, appendAuditInTransaction } from '../db/queries/audit.js';
import { insertDowngradedHazard, prepareDowngradedHazard } from '../db/queries/hazard-from-case.js';
import { takePublicReport } from '../db/queries/public.js';
import {
  auditLog,
  calendarYears,
  caseEvents,
  cases,
  escalations,
  penalties,
  policies,
  tasks,
} from '../db/schema/index.js';
import {
  computeDates,
  createWorkingCalendar,
  yearsFromChineseDays,
  type CalendarYear,
  type ComputedDate,
  type WorkingCalendar,
} from '../domain/calendar.js';
import type { Actor, PenaltyInput } from '../domain/commands.js';
import { DEFAULT_POLICY, casePolicySchema, type CasePolicy, type Duration } from '../domain/policy.js';
import type { CaseEscalationView, CaseView } from '../workflows/definitions.js';
import { finishEffects, prepareEffects } from './case-effects.js';
import { documentEngine } from './documents/engine.js';

export type { ComputedDate };

export interface TaskSpec {
  id: string;
  kind: string;
  title: string;
  assigneeRole: string;
  /** One person's task (an invited expert's opinion): theirs alone, in no territory's task list. */
  assigneeUserId?: string;
  /** The territory whose role acts, when not the case's (the 安委办 above, on the supervisory ladder). */
  assigneeRegionPath?: string;
  dueAt: string | null;
}

/** One transition of a case: the event, the new view, and the tasks and escalations it opens or closes. */
export interface TransitionRecord {
  caseId: string;
  seq: number;
  type: string;
  actor: Actor;
  payload: Record<string, unknown>;
  occurredAt: string;
  view: CaseView;
  /** The pinned policy when it changed; absent: the read model keeps the one it has. */
  policy?: CasePolicy | null;
  /** The previous event's hash when the workflow knows it (it wrote it): saves reading it back. */
  prevHash?: string;
  reportedAt: string;
  reportedBy: string | null;
  industryCategory: string | null;
  departmentId: string | null;
  trackingCode: string | null;
  enterpriseName: string | null;
  /** The request that reported the case (the report's audit record names it). */
  reportRequestId?: string | null;
  openTasks?: TaskSpec[];
  closeTaskIds?: string[];
  retimeTasks?: { id: string; dueAt: string | null }[];
  /** Open tasks handed to another territory's supervisors (提级督办). */
  moveTasks?: { ids: string[]; assigneeRegionPath: string };
  /** Tasks the system closes undone because the case ended (closed, withdrawn): cancelled, by nobody. */
  cancelTasks?: { ids: string[]; reason: string };
  escalations?: CaseEscalationView[];
  /** 行政处罚 recorded with an escalation outcome (written to `penalties`, once per escalation). */
  penalty?: PenaltyInput & { escalationId: string };
  /**
   * A transition of the past written now (the legacy-case import): its documents are issued on its own date, but
   * nobody is notified of tasks and rungs long settled.
   */
  historic?: boolean;
}

const packageYears: CalendarYear[] = yearsFromChineseDays(chineseDays);
const TERMINAL_CLOSE = new Set(['withdrawn', 'downgraded', 'dismissed']);

/** Whether the case's report is in the audit trail already (a retried first transition). */
async function reportAudited(db: Pick<Db, 'select'>, caseId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.resource, 'cases'),
        eq(auditLog.resourceId, caseId),
        inArray(auditLog.action, ['report', 'public_report']),
      ),
    )
    .limit(1);
  return !!row;
}

/** Deterministic UUID-shaped id from a name, so a retried activity reuses the same row. */
export function stableUuid(name: string): string {
  const h = sha256Hex(name);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function createActivities(deps: {
  db: Db;
  uploadDir: string;
  calendarCacheMs?: number;
  /** Where licensed document fonts are (DOCUMENT_FONT_DIRS), searched before the free stand-ins. */
  documentFontDirs?: string[];
}) {
  const { db } = deps;
  const effectsDeps = {
    uploadDir: deps.uploadDir,
    stableUuid,
    engine: () => documentEngine({ fontDirs: deps.documentFontDirs ?? [] }),
  };
  let cached: { at: number; years: CalendarYear[]; calendar: WorkingCalendar } | undefined;

  async function load(fresh = false) {
    if (!fresh && cached && Date.now() - cached.at < (deps.calendarCacheMs ?? 60_000)) return cached;
    const added = await db.select().from(calendarYears);
    const addedYears = new Set(added.map((y) => y.year));
    // A year an administrator entered replaces the package's version of it.
    const years = [
      ...packageYears.filter((y) => !addedYears.has(y.year)),
      ...added.map(({ year, holidays, workdays }) => ({ year, holidays, workdays })),
    ];
    cached = { at: Date.now(), years, calendar: createWorkingCalendar(years) };
    return cached;
  }
  const calendar = async (): Promise<WorkingCalendar> => (await load()).calendar;
  const calendarYearsKnown = async (fresh = false): Promise<CalendarYear[]> => (await load(fresh)).years;

  return {
    /** Dates `durations` after `from` (a Shanghai date), on the official working-day calendar where asked. */
    async computeDates(input: { from: string; durations: Duration[] }): Promise<ComputedDate[]> {
      return computeDates(await calendar(), input.from, input.durations);
    },

    /**
     * The official calendar's years from `from` to `to` that are known (the package's, replaced by an
     * administrator's where one was entered). The case workflow computes its dates on them. `fresh` reads the
     * database past the cache: a case told the calendar changed must not compute on the years it had.
     */
    async loadCalendarYears(input: { from: number; to: number; fresh?: boolean }): Promise<CalendarYear[]> {
      return (await calendarYearsKnown(input.fresh)).filter(
        (y) => y.year >= input.from && y.year <= input.to,
      );
    },

    /** The policy in force for a region on a date: the most specific jurisdiction's latest version, else the default. */
    async loadPolicy(input: { regionPath: string; on: string }): Promise<CasePolicy> {
      const ancestors = input.regionPath.split('/').filter(Boolean);
      if (ancestors.length === 0) return DEFAULT_POLICY;
      const rows = await db
        .select()
        .from(policies)
        .where(and(inArray(policies.regionCode, ancestors), lte(policies.effectiveFrom, input.on)));
      rows.sort(
        (a, b) => ancestors.indexOf(b.regionCode) - ancestors.indexOf(a.regionCode) || b.version - a.version,
      );
      const best = rows[0];
      return best ? casePolicySchema.parse(best.body) : DEFAULT_POLICY;
    },

    /** Writes one transition; returns the event's hash, the next transition's `prevHash`. */
    async recordTransition(r: TransitionRecord): Promise<{ hash: string }> {
      const v = r.view;
      const at = new Date(r.occurredAt);
      const row = {
        id: r.caseId,
        trackingCode: r.trackingCode,
        status: v.status,
        source: v.source,
        title: v.title,
        description: v.description,
        location: v.location ?? null,
        enterpriseId: v.enterpriseId ?? null,
        enterpriseName: r.enterpriseName,
        regionCode: v.regionCode,
        regionPath: v.regionPath,
        industryCategory: r.industryCategory,
        departmentId: r.departmentId,
        suspectedClauseId: (r.payload.suspectedClauseId as string | undefined) ?? null,
        clauseId: v.clauseId ?? null,
        level: v.level ?? null,
        listingAuthority: v.listingAuthority ?? null,
        supervisingUnit: v.supervisingUnit ?? null,
        owningLeaderId: v.owningLeaderId ?? null,
        deadline: v.deadline ? new Date(v.deadline) : null,
        overdue: v.overdue,
        overdueSince: v.overdueSince ? new Date(v.overdueSince) : null,
        escalationStep: v.escalations.filter((e) => !e.manual || e.status === 'open').at(-1)?.step ?? null,
        extensionCount: v.extensionCount,
        acceptanceFailures: v.acceptanceFailures,
        policy: r.policy ?? null,
        view: v,
        version: v.version,
        reportedBy: r.reportedBy,
        reportedAt: new Date(r.reportedAt),
        listedAt: typeof v.details.listedAt === 'string' ? new Date(v.details.listedAt) : null,
        closedAt: ['closed', 'withdrawn', 'downgraded', 'dismissed'].includes(v.status) ? at : null,
        updatedAt: at,
        searchText: [v.title, v.description, r.enterpriseName, v.location].filter(Boolean).join(' '),
      };
      const { id: _id, reportedAt: _r, reportedBy: _b, trackingCode: _t, policy, ...rest } = row;
      const updatable = r.policy === undefined ? rest : { ...rest, policy };
      // 研判为一般隐患: the case leaves supervision as `downgraded` and the hazard enters the general-hazard ledger,
      // written with this transition (read first: the policy and the enterprise, outside the transaction).
      const downgraded =
        r.type === 'judged' && v.status === 'downgraded'
          ? await prepareDowngradedHazard(db, {
              hazardId: stableUuid(`${r.caseId}:general_hazard`),
              caseId: r.caseId,
              enterpriseId: v.enterpriseId,
              title: v.title,
              description: v.description,
              location: v.location,
              clauseId: v.clauseId,
              reportedAt: r.reportedAt,
              judgedAt: r.occurredAt,
              actor: { id: r.actor.id, role: r.actor.role },
            })
          : undefined;
      let ledgered = false;
      const written = await permanentOnConstraint(() =>
        db.transaction(async (tx) => {
          const [written] = await tx
            .insert(cases)
            .values(row)
            .onConflictDoUpdate({
              target: cases.id,
              set: updatable,
              where: sql`${cases.version} < ${v.version}`,
            })
            .returning({ caseNo: cases.caseNo });
          const caseNo =
            written?.caseNo ??
            (await tx.select({ caseNo: cases.caseNo }).from(cases).where(eq(cases.id, r.caseId)))[0]!.caseNo;
          // The step's documents first: its event names them (case-effects.ts).
          const fx = await prepareEffects(tx, r, caseNo, effectsDeps);

          const [prev] =
            r.prevHash !== undefined
              ? [{ hash: r.prevHash }]
              : r.seq > 1
                ? await tx
                    .select({ hash: caseEvents.hash })
                    .from(caseEvents)
                    .where(and(eq(caseEvents.caseId, r.caseId), eq(caseEvents.seq, r.seq - 1)))
                : [{ hash: GENESIS_HASH }];
          const prevHash = prev?.hash ?? GENESIS_HASH;
          const event = {
            caseId: r.caseId,
            seq: r.seq,
            type: r.type,
            actorId: r.actor.id,
            actorRole: r.actor.role,
            payload: { ...fx.payload, actorName: r.actor.name },
            occurredAt: r.occurredAt,
          };
          let hash = chainHash(prevHash, event);
          const inserted = await tx
            .insert(caseEvents)
            .values({ ...event, occurredAt: at, prevHash, hash })
            .onConflictDoNothing({ target: [caseEvents.caseId, caseEvents.seq] })
            .returning({ seq: caseEvents.seq });
          if (inserted.length === 0) {
            // Written before (a retry): the chain goes on from the stored event.
            const [stored] = await tx
              .select({ hash: caseEvents.hash })
              .from(caseEvents)
              .where(and(eq(caseEvents.caseId, r.caseId), eq(caseEvents.seq, r.seq)));
            hash = stored?.hash ?? hash;
          }

          if (r.openTasks?.length) {
            await tx
              .insert(tasks)
              .values(
                r.openTasks.map((t) => ({
                  id: t.id,
                  caseId: r.caseId,
                  kind: t.kind,
                  title: t.title,
                  assigneeRole: t.assigneeRole,
                  // A person's own task (an expert's opinion) is in no territory: supervisors there must not see
                  // it as theirs, nor remind or reassign it (the workflow accepts that opinion from this user only).
                  assigneeRegionPath:
                    t.assigneeRegionPath ??
                    (t.assigneeRole === 'enterprise' || t.assigneeUserId ? null : v.regionPath),
                  assigneeEnterpriseId: t.assigneeRole === 'enterprise' ? (v.enterpriseId ?? null) : null,
                  assigneeUserId: t.assigneeUserId ?? null,
                  dueAt: t.dueAt ? new Date(t.dueAt) : null,
                  openedAt: at,
                })),
              )
              .onConflictDoNothing({ target: tasks.id });
          }
          if (r.closeTaskIds?.length) {
            await tx
              .update(tasks)
              .set({
                status: TERMINAL_CLOSE.has(v.status) ? 'cancelled' : 'done',
                closedAt: at,
                closedBy: r.actor.id,
              })
              .where(and(inArray(tasks.id, r.closeTaskIds), eq(tasks.status, 'open')));
          }
          if (r.cancelTasks?.ids.length) {
            // Nobody did them: the system cancelled them when the case ended (the reason is in the event).
            await tx
              .update(tasks)
              .set({ status: 'cancelled', closedAt: at, closedBy: null })
              .where(and(inArray(tasks.id, r.cancelTasks.ids), eq(tasks.status, 'open')));
          }
          if (r.moveTasks?.ids.length) {
            // 提级督办: the new listing authority's supervisors have them (their task list), the office below no more.
            await tx
              .update(tasks)
              .set({ assigneeRegionPath: r.moveTasks.assigneeRegionPath })
              .where(and(inArray(tasks.id, r.moveTasks.ids), eq(tasks.status, 'open')));
          }
          for (const t of r.retimeTasks ?? []) {
            await tx
              .update(tasks)
              .set({ dueAt: t.dueAt ? new Date(t.dueAt) : null })
              .where(eq(tasks.id, t.id));
          }
          for (const e of r.escalations ?? []) {
            const values = {
              id: e.id,
              caseId: r.caseId,
              step: e.step,
              reason: e.reason,
              manual: e.manual,
              triggeredAt: new Date(e.triggeredAt),
              dueAt: e.dueAt ? new Date(e.dueAt) : null,
              ownerId: e.manual ? r.actor.id : null,
              status: e.status,
              outcome: e.outcome ?? null,
              outcomeAt: e.status === 'done' ? at : null,
              documentId: fx.escalationDocuments.get(e.id) ?? null,
            };
            await tx
              .insert(escalations)
              .values(values)
              .onConflictDoUpdate({
                target: escalations.id,
                set: {
                  status: values.status,
                  // The rung's task moves when the deadline it counts from was recomputed (an entered calendar year).
                  dueAt: values.dueAt,
                  outcome: values.outcome,
                  outcomeAt: values.outcomeAt,
                  // A later transition of the rung (its outcome) keeps the document its firing issued.
                  documentId: sql`coalesce(${escalations.documentId}, ${values.documentId})`,
                },
              });
          }
          if (r.penalty) {
            if (!v.enterpriseId) throw ApplicationFailure.nonRetryable('行政处罚须关联企业', 'CONSTRAINT');
            await tx
              .insert(penalties)
              .values({
                id: stableUuid(`${r.penalty.escalationId}:penalty`),
                enterpriseId: v.enterpriseId,
                caseId: r.caseId,
                escalationId: r.penalty.escalationId,
                kind: r.penalty.kind,
                decidedOn: r.penalty.decidedOn,
                decisionNo: r.penalty.decisionNo,
                amountYuan: r.penalty.amountYuan ?? null,
                recordedAt: at,
                recordedBy: r.actor.id,
              })
              .onConflictDoNothing({ target: penalties.id });
          }
          if (downgraded)
            ledgered = await insertDowngradedHazard(tx, downgraded, {
              caseId: r.caseId,
              caseSeq: r.seq,
              reason: r.payload.reason,
              actorId: r.actor.id,
              actorRole: r.actor.role,
            });
          await finishEffects(tx, r, fx);
          // The report's audit record commits with the case: whoever asked (a person, the public form, an
          // inspection) and whether or not the API was still waiting, a case never exists without it. Once: a
          // retried activity finds it.
          // A public form report's contact and photos, received before the case existed, become the case's in the
          // same transaction: no case of such a report exists without them, however late the worker came.
          if (r.seq === 1 && r.type === 'reported' && r.actor.role === 'public' && r.trackingCode)
            await takePublicReport(tx, { caseId: r.caseId, trackingCode: r.trackingCode });
          if (r.seq === 1 && r.type === 'reported' && !(await reportAudited(tx, r.caseId)))
            await appendAuditInTransaction(tx, {
              actorId: r.actor.id,
              actorRole: r.actor.role,
              action: r.actor.role === 'public' ? 'public_report' : 'report',
              resource: 'cases',
              resourceId: r.caseId,
              requestId: r.reportRequestId ?? null,
              payload: r.payload,
            });
          return { hash };
        }),
      );
      if (ledgered && downgraded)
        await appendAudit(db, {
          actorId: r.actor.id,
          actorRole: r.actor.role,
          action: 'ledger_from_case',
          resource: 'general_hazards',
          resourceId: downgraded.id,
          payload: { caseId: r.caseId, caseSeq: r.seq, deadline: downgraded.deadline },
        });
      return written;
    },

    /**
     * Names the 挂牌督办通知书 of a case being listed: the id its `listed` transition issues it under (recordTransition,
     * case-effects.ts), numbered, laid out and stored in that transition's transaction. Writes nothing itself, so a
     * listing that fails afterwards leaves no document behind.
     */
    async generateListingNotice(input: {
      caseId: string;
      view: CaseView;
      policyName: string;
    }): Promise<string> {
      return stableUuid(`${input.caseId}:listing_notice:${input.view.version}`);
    },
  };
}

/**
 * A constraint violation (a reference to a row that does not exist, a bad value) will fail the same way on every
 * retry: fail the activity for good so the workflow sees it, instead of retrying forever.
 */
async function permanentOnConstraint<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const code =
      (err as { cause?: { code?: string }; code?: string }).cause?.code ?? (err as { code?: string }).code;
    if (code && /^(23|22)/.test(code)) {
      throw ApplicationFailure.nonRetryable(
        `数据约束错误 (${code}): ${(err as { cause?: Error }).cause?.message ?? String(err)}`,
        'CONSTRAINT',
      );
    }
    throw err;
  }
}
