/**
 * One workflow per major hazard (重大事故隐患): DISCOVERED → JUDGED → LISTED (挂牌督办) → PLAN → RECTIFYING →
 * ACCEPTANCE → SIGNED OFF → CLOSED, with durable timers for every deadline and the escalation ladder when the
 * enterprise misses one.
 *
 * A thin adapter around the case's table of rules (domain/case/rules.ts, docs/adr/0011-case-table-of-rules.md): an
 * Update per row whose validator runs the row's guard (a refusal is an `ApplicationFailure` of type `CaseRefusal`
 * with its code and field) and whose handler runs the row's decision and persists it once through the
 * `recordTransition` activity (read model + hash-chained event + tasks + escalations); the main loop fires the
 * alarms the rules keep. The rules are pure: the dates they ask for are answered here, from the calendar the state
 * keeps (or, before `local-io-activities`, by the `computeDates` activity, in the order the rules ask).
 *
 * Patches (docs/adr/0002-workflow-versioning.md):
 * - `local-io-activities`: recordTransition, loadPolicy and generateListingNotice run as local activities, and
 *   deadlines are computed in the workflow on calendar years it loads through a local activity (kept in its state,
 *   reloaded hourly and when a date reaches a year it lacks) instead of one `computeDates` activity per date
 *   (docs/adr/0005-local-activities-for-case-io.md). Cases started before it keep the old way until they continue
 *   as new.
 * - `search-attribute-changes`: a transition upserts only the search attributes whose value differs from what the
 *   server holds, instead of all four every time.
 * - `case-table-of-rules`: rules 2 (domain/case/draft.ts `DecideCtx.rules`): overdue means a running deadline is
 *   past, and whose; the 书面承诺's clock; honest closures. Runs started before it decide with rules 1.
 * - `case-progress-cycle` (and each later `case-<feature>`, domain/case/draft.ts `CaseFeature`): one rule added
 *   after rules 2, on for runs started after it (`DecideCtx.features`).
 * - `case-suspension-request` (fix 11): a 停表 keeps the working days left and resuming restores them; the
 *   `requestSuspension` / `decideSuspension` Updates are new wire names (no earlier history holds them), and an
 *   approved request arms the `suspension_end` alarm that resumes the clock by itself.
 * - `case-level-raise-authority` (fix 5): the ladder's 升级督办 rung asks the authority above the listing level (its
 *   task is theirs) instead of setting a flag; the raise itself is the new `raiseLevel` Update (row `raise-level`).
 * - `calendar-changed-signal`: the `calendarChanged` signal (an administrator entered a calendar year) reloads the
 *   calendar past the activities' cache and recomputes the deadlines estimated for it (domain/case/recompute.ts),
 *   recorded as one `deadlines_recomputed` transition. Taken when a signal finds estimates to redo.
 */
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import { Mutex } from 'async-mutex';
import type { createActivities } from '../activities/case-activities.js';
import type { TransitionRecord } from '../activities/case-activities.js';
import { terminalStatuses, type CaseStatus } from '../domain/case-status.js';
import {
  computeDates,
  createWorkingCalendar,
  type ComputedDate,
  type WorkingCalendar,
} from '../domain/calendar.js';
import type { Duration } from '../domain/policy.js';
import {
  CASE_REFUSAL,
  caseFeatures,
  clearOverdue,
  commandByWire,
  decide,
  decideReported,
  fire,
  guard,
  initialState,
  nextAlarm,
  recomputeEstimates,
  shanghaiDateOf,
  startLadder,
  type Alarm,
  type CaseCommand,
  type CaseFeature,
  type CaseRefusal,
  type CaseState,
  type DecideCtx,
  type Outcome,
} from '../domain/case/index.js';
import {
  applyAcceptanceUpdate,
  confirmPublicationUpdate,
  decideExtensionUpdate,
  escalateUpdate,
  getCaseQuery,
  caseStateQuery,
  inviteExpertsUpdate,
  judgeUpdate,
  listUpdate,
  recordAcceptanceUpdate,
  recordEscalationOutcomeUpdate,
  reportProgressUpdate,
  reportedUpdate,
  requestExtensionUpdate,
  resumeUpdate,
  requestSuspensionUpdate,
  decideSuspensionUpdate,
  reviewPlanUpdate,
  caseSearchAttributes,
  searchAttributes,
  signOffUpdate,
  submitExpertOpinionUpdate,
  submitPlanUpdate,
  submitWrittenCommitmentUpdate,
  attachEnterpriseUpdate,
  raiseLevelUpdate,
  suspendUpdate,
  withdrawUpdate,
  enterpriseStatusChangedSignal,
  calendarChangedSignal,
  type CaseView,
  type CaseWorkflowInput,
  type Command,
} from './definitions.js';

type Activities = ReturnType<typeof createActivities>;
const IO_RETRY = { initialInterval: '1 second', maximumInterval: '30 seconds' } as const;
/** Before `local-io-activities`: the case's I/O as regular activities (still taken by older histories). */
const remoteIo = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds', retry: IO_RETRY });
/** Short, idempotent database writes: run in the worker within the command's workflow task. */
const localIo = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: IO_RETRY,
  // Past this a retry waits on a durable timer instead of holding the workflow task open.
  localRetryThreshold: '10 seconds',
});
const { computeDates: computeDatesActivity } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
});
const LOCAL_IO_PATCH = 'local-io-activities';
const SEARCH_ATTRIBUTE_CHANGES_PATCH = 'search-attribute-changes';
const CASE_RULES_PATCH = 'case-table-of-rules';
/** Rules added after rules 2, each under its own patch `case-<feature>` (domain/case/draft.ts `CaseFeature`). */
const featurePatch = (f: CaseFeature) => `case-${f}`;
const CALENDAR_CHANGED_PATCH = 'calendar-changed-signal';

const HISTORY_LIMIT = 5_000;
/** Calendar years are reloaded past this age, so a schedule an administrator enters reaches running cases. */
const CALENDAR_MAX_AGE_MS = 3_600_000;

/** Every Update of the table, by its wire name. */
const UPDATES: ReadonlyArray<UpdateDefinition<CaseView, [Command<unknown>]>> = [
  judgeUpdate,
  listUpdate,
  confirmPublicationUpdate,
  submitPlanUpdate,
  reviewPlanUpdate,
  reportProgressUpdate,
  requestExtensionUpdate,
  decideExtensionUpdate,
  suspendUpdate,
  resumeUpdate,
  requestSuspensionUpdate,
  decideSuspensionUpdate,
  applyAcceptanceUpdate,
  inviteExpertsUpdate,
  submitExpertOpinionUpdate,
  recordAcceptanceUpdate,
  signOffUpdate,
  withdrawUpdate,
  escalateUpdate,
  recordEscalationOutcomeUpdate,
  submitWrittenCommitmentUpdate,
  attachEnterpriseUpdate,
  raiseLevelUpdate,
] as never;

const nowIso = (): string => new Date().toISOString();
const today = (): string => shanghaiDateOf(nowIso());
const isTerminal = (s: CaseStatus) => terminalStatuses.includes(s);

/** A refusal as the failure the API maps: 403 forbidden, 409 conflict, 422 invalid naming the field. */
const refusalFailure = (r: CaseRefusal) =>
  ApplicationFailure.create({
    type: CASE_REFUSAL,
    nonRetryable: true,
    message: r.message,
    details: [{ code: r.code, ...(r.field ? { field: r.field } : {}) }],
  });

/** Thrown by the rules' `dates` when the answer needs I/O (an activity, a calendar load): asked, then rerun. */
class NeedDates {
  constructor(
    readonly from: string,
    readonly durations: Duration[],
  ) {}
}

export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseView> {
  // Decided once per run, before any command: a run keeps one way of doing its I/O and one set of rules.
  const localIoPatched = patched(LOCAL_IO_PATCH);
  // Upsert only the search attributes that changed (each key upserted costs the server a visibility write).
  const searchAttributeChangesPatched = patched(SEARCH_ATTRIBUTE_CHANGES_PATCH);
  const rules: 1 | 2 = patched(CASE_RULES_PATCH) ? 2 : 1;
  const features: ReadonlySet<CaseFeature> = new Set(caseFeatures.filter((f) => patched(featurePatch(f))));
  const { recordTransition, loadPolicy, generateListingNotice, loadCalendarYears } = localIoPatched
    ? localIo
    : remoteIo;
  let state: CaseState = (input.carried as CaseState | undefined) ?? initialState(input);
  const mutex = new Mutex();
  // Taken before any handler is registered: a command buffered with the start waits until the case exists.
  const startLock = mutex.acquire();
  let changed = 0;

  // ---------- dates: the rules ask, the adapter answers ----------
  /** Loads the known calendar years around today (and `year`, when a date reached it) into the state. */
  const loadCalendar = async (year?: number, fresh?: true) => {
    const now = Number(today().slice(0, 4));
    const from = Math.min(now - 1, year ?? now);
    const to = Math.max(now + 3, year ?? now);
    const years = await loadCalendarYears(fresh ? { from, to, fresh } : { from, to });
    state.calendar = { years, from, to, loadedAt: nowIso() };
  };
  let workingCalendar: { of: CaseState['calendar']; calendar: WorkingCalendar } | undefined;
  const datesOnCalendar = (from: string, durations: Duration[]): ComputedDate[] => {
    if (!workingCalendar || workingCalendar.of !== state.calendar)
      workingCalendar = { of: state.calendar, calendar: createWorkingCalendar(state.calendar!.years) };
    return computeDates(workingCalendar.calendar, from, durations);
  };
  /** The dates without I/O, when the calendar in the state is fresh and knows the years; else undefined. */
  const datesNow = (from: string, durations: Duration[]): ComputedDate[] | undefined => {
    const c = state.calendar;
    if (!localIoPatched || !c || Date.now() - Date.parse(c.loadedAt) > CALENDAR_MAX_AGE_MS) return undefined;
    const out = datesOnCalendar(from, durations);
    const missing = out.find((d) => d.unknownYear !== null)?.unknownYear;
    return missing != null && (missing < c.from || missing > c.to) ? undefined : out;
  };
  /** The dates with the I/O they need, as the workflow did before the rules were pure. */
  const datesWithIo = async (from: string, durations: Duration[]): Promise<ComputedDate[]> => {
    if (!localIoPatched) return computeDatesActivity({ from, durations });
    const c = state.calendar;
    if (!c || Date.now() - Date.parse(c.loadedAt) > CALENDAR_MAX_AGE_MS) await loadCalendar();
    let out = datesOnCalendar(from, durations);
    const missing = out.find((d) => d.unknownYear !== null)?.unknownYear;
    if (missing != null && (missing < state.calendar!.from || missing > state.calendar!.to)) {
      await loadCalendar(missing);
      out = datesOnCalendar(from, durations);
    }
    return out;
  };
  /**
   * Runs a pure decision, answering its dates: from the calendar in the state when it can, else by the I/O they
   * need, in the order the rules ask (then the decision runs again with the answers so far). One pass when the
   * calendar is fresh.
   */
  const withDates = async <T>(run: (ctx: DecideCtx) => T): Promise<T> => {
    const answers: ComputedDate[][] = [];
    for (;;) {
      let asked = 0;
      const ctx: DecideCtx = {
        now: nowIso(),
        rules,
        features,
        dates: (from, durations) => {
          const known = answers[asked];
          asked += 1;
          if (known) return known;
          const now = datesNow(from, durations);
          if (!now) throw new NeedDates(from, durations);
          answers.push(now);
          return now;
        },
      };
      try {
        return run(ctx);
      } catch (err) {
        if (!(err instanceof NeedDates)) throw err;
        answers.push(await datesWithIo(err.from, err.durations));
      }
    }
  };

  // ---------- persistence: one write per transition ----------
  let policySent: CaseState['policy'] | undefined;
  let lastEvent: { seq: number; hash: string } | undefined;
  const persist = async (o: Outcome) => {
    const { type, actor, payload, ...extra } = o;
    state.view.version += 1;
    const record: TransitionRecord = {
      caseId: state.view.caseId,
      seq: state.view.version,
      type,
      actor,
      payload,
      occurredAt: nowIso(),
      view: state.view,
      // Sent when it changed (or first in this run); the read model keeps the last one sent.
      ...(state.policy !== policySent ? { policy: state.policy } : {}),
      ...(lastEvent?.seq === state.view.version - 1 ? { prevHash: lastEvent.hash } : {}),
      reportedAt: input.reportedAt,
      reportedBy: input.reportedBy.id,
      // An enterprise attached later (关联责任企业) is the case's from then on: its name, industry and department.
      ...(state.view.details.attachedEnterprise
        ? {
            industryCategory: state.view.details.attachedEnterprise.industryCategory,
            departmentId: state.view.details.attachedEnterprise.departmentId,
            enterpriseName: state.view.details.attachedEnterprise.enterpriseName,
          }
        : {
            industryCategory: input.industryCategory ?? null,
            departmentId: input.departmentId ?? null,
            enterpriseName: input.report.enterpriseName ?? null,
          }),
      trackingCode: input.trackingCode ?? null,
      ...(state.view.version === 1 && input.requestId ? { reportRequestId: input.requestId } : {}),
      ...extra,
    };
    const written = await recordTransition(record);
    policySent = state.policy;
    // Older runs' activity results (and the legacy import's rehearsal) carry no hash: then the activity reads it.
    lastEvent = written?.hash ? { seq: record.seq, hash: written.hash } : undefined;
    upsertAttributes();
    changed += 1;
  };

  const upsertAttributes = () => {
    if (input.indexSearchAttributes === false) return;
    try {
      if (searchAttributeChangesPatched) {
        const held = workflowInfo().typedSearchAttributes;
        const changed = caseSearchAttributes(state.view).filter((p) => held.get(p.key) !== p.value);
        if (changed.length > 0) upsertSearchAttributes(changed);
        return;
      }
      upsertSearchAttributes({
        [searchAttributes.status.name]: [state.view.status],
        [searchAttributes.overdue.name]: [state.view.overdue],
        [searchAttributes.region.name]: [state.view.regionCode],
        ...(state.view.level ? { [searchAttributes.level.name]: [state.view.level] } : {}),
      });
    } catch (err) {
      log.warn('search attributes not updated', { err: String(err) });
    }
  };

  // ---------- a handler per row ----------
  const apply = async (row: CaseCommand, cmd: Command<unknown>) => {
    const policy = row.loadsPolicy
      ? await loadPolicy({ regionPath: state.view.regionPath, on: today() })
      : undefined;
    const decision = await withDates((ctx) =>
      decide(row, state, cmd.input, cmd.actor, policy ? { ...ctx, policy } : ctx),
    );
    if ('refusal' in decision) throw refusalFailure(decision.refusal);
    state = decision.state;
    const { outcome } = decision;
    if (outcome.type === 'listed') {
      outcome.payload.documentId = await generateListingNotice({
        caseId: state.view.caseId,
        view: state.view,
        policyName: policy!.name,
      });
    }
    await persist(outcome);
    if (decision.clearOverdueAfter) clearOverdue(state);
  };
  for (const update of UPDATES) {
    const row = commandByWire.get(update.name)!;
    setHandler(
      update,
      (cmd) =>
        // One command at a time, so interleaved awaits never see half a transition; a retried command once.
        mutex.runExclusive(async () => {
          if (cmd.commandId && state.appliedCommands.includes(cmd.commandId)) return state.view;
          await apply(row, cmd);
          if (cmd.commandId) state.appliedCommands = [...state.appliedCommands.slice(-199), cmd.commandId];
          return state.view;
        }),
      {
        validator: (cmd) => {
          const refusal = guard(row, state, cmd.actor, cmd.input, { now: nowIso() });
          if (refusal) throw refusalFailure(refusal);
        },
      },
    );
  }

  // ---------- timers ----------
  const fireAlarm = async (alarm: Alarm) => {
    const fired = await withDates((ctx) => fire(state, alarm, ctx));
    state = fired.state;
    if (!fired.outcome) return;
    await persist(fired.outcome);
    for (const o of fired.more ?? []) await persist(o);
    if (fired.ladder) state = await withDates((ctx) => startLadder(state, ctx));
  };

  setHandler(enterpriseStatusChangedSignal, ({ status, at }) => {
    state.view.details.enterpriseStatus = { status, at };
  });
  // An administrator entered calendar years: the deadlines estimated for them are computed again and the timers
  // follow (persist wakes the main loop, which waits for the next alarm of the new state).
  setHandler(calendarChangedSignal, ({ years }) =>
    mutex.runExclusive(async () => {
      const estimated = state.estimates ?? [];
      if (isTerminal(state.view.status) || !estimated.some((e) => years.includes(e.year))) return;
      if (!patched(CALENDAR_CHANGED_PATCH)) return;
      if (localIoPatched) await loadCalendar(Math.max(...years), true);
      const recomputed = await withDates((ctx) => recomputeEstimates(state, ctx));
      state = recomputed.state;
      if (recomputed.outcome) await persist(recomputed.outcome);
    }),
  );
  setHandler(getCaseQuery, () => state.view);
  setHandler(caseStateQuery, () => state);
  // Answers once the report is recorded: a start with this update returns the first view in one round trip.
  setHandler(reportedUpdate, () => mutex.runExclusive(async () => state.view));

  // ---------- start ----------
  const release = await startLock;
  if (!input.carried) {
    // Provisional until listing, when the policy in force is loaded again and pinned for the rest of the case.
    const [policy] = await Promise.all([
      loadPolicy({ regionPath: state.view.regionPath, on: today() }),
      localIoPatched ? loadCalendar() : undefined,
    ]);
    const reported = await withDates((ctx) =>
      decideReported(state, input.report, input.reportedBy, { ...ctx, policy }),
    );
    state = reported.state;
    await persist(reported.outcome);
  } else {
    upsertAttributes();
  }
  release();

  // ---------- main loop: wait for a command or the next alarm ----------
  const sameAlarm = (a: Alarm, b: Alarm) => JSON.stringify(a) === JSON.stringify(b);
  while (!isTerminal(state.view.status)) {
    const next = nextAlarm(state);
    const seen = changed;
    const timedOut = !(await condition(
      () => changed !== seen || isTerminal(state.view.status),
      next ? Math.max(1, Date.parse(next.at) - Date.now()) : undefined,
    ));
    if (timedOut && next && state.alarms.some((a) => sameAlarm(a, next)))
      await mutex.runExclusive(() => fireAlarm(next));
    if (
      workflowInfo().continueAsNewSuggested ||
      workflowInfo().historyLength > (input.historyLimit ?? HISTORY_LIMIT)
    ) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof caseWorkflow>({ ...input, carried: state });
    }
  }
  await condition(allHandlersFinished);
  return state.view;
}
