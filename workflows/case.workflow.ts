/**
 * One workflow per major hazard (重大事故隐患): DISCOVERED → JUDGED → LISTED (挂牌督办) → PLAN → RECTIFYING →
 * ACCEPTANCE → SIGNED OFF → CLOSED, with durable timers for every deadline and the escalation ladder when the
 * enterprise misses one. Commands arrive as Updates whose validators reject anything the state refuses before it
 * enters history; every transition is persisted by the `recordTransition` activity (read model + hash-chained
 * event + tasks + escalations).
 *
 * Patches (docs/adr/0002-workflow-versioning.md):
 * - `local-io-activities`: recordTransition, loadPolicy and generateListingNotice run as local activities, inside the
 *   workflow task that handles the command, so an Update answers after one workflow task instead of three server
 *   round trips per activity; and deadlines are computed in the workflow on calendar years it loads through a local
 *   activity (kept in its state, reloaded hourly and when a date reaches a year it lacks) instead of one
 *   `computeDates` activity per date (docs/adr/0005-local-activities-for-case-io.md). Cases started before it keep
 *   the old way until they continue as new.
 * - `search-attribute-changes`: a transition upserts only the search attributes whose value differs from what the
 *   server holds (`workflowInfo().typedSearchAttributes`; the API starts a case with those of the report), instead
 *   of all four every time: each key upserted is a visibility write on the server, and most transitions change the
 *   status alone. Cases started before it upsert all four until they continue as new.
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
import { Mutex } from 'async-mutex';
import type { ZodType } from 'zod';
import type { createActivities } from '../activities/case-activities.js';
import { terminalStatuses, type CaseStatus, type EscalationStep } from '../domain/case-status.js';
import { roleLabel, statusLabel, stepLabel } from '../domain/case/labels.js';
import { commandSchemas, penaltySteps } from '../domain/command-schemas.js';
import type { Actor, ExpertOpinion, InvitedExpert } from '../domain/commands.js';
import type { CasePolicy, Duration } from '../domain/policy.js';
import {
  computeDates,
  createWorkingCalendar,
  type CalendarYear,
  type ComputedDate,
  type WorkingCalendar,
} from '../domain/calendar.js';
import type { ActorRole } from '../domain/roles.js';
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
  requestExtensionUpdate,
  resumeUpdate,
  reviewPlanUpdate,
  caseSearchAttributes,
  searchAttributes,
  signOffUpdate,
  submitExpertOpinionUpdate,
  submitPlanUpdate,
  suspendUpdate,
  withdrawUpdate,
  enterpriseStatusChangedSignal,
  type CaseEscalationView,
  type CaseTaskView,
  type CaseView,
  type CaseWorkflowInput,
  type Command,
} from './definitions.js';
import type { TaskSpec, TransitionRecord } from '../activities/case-activities.js';

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

/** What a scheduled alarm does when it fires. */
type Alarm =
  | { kind: 'deadline'; at: string; clock: boolean }
  | { kind: 'reminder'; at: string; clock: true; before: string }
  | { kind: 'progress_due'; at: string; clock: true }
  | { kind: 'escalate'; at: string; clock: true; step: EscalationStep; index: number };

/** Everything the workflow keeps; carried over on continue-as-new. */
interface CaseState {
  view: CaseView;
  policy: CasePolicy | null;
  alarms: Alarm[];
  /** Which side owns the running deadline: a missed enterprise deadline climbs the ladder. */
  deadlineOwner: 'enterprise' | 'supervisor' | null;
  extensionCutoff: string | null; // the last instant an extension may be requested
  suspendedAt: string | null;
  listingPublished: boolean;
  appliedCommands: string[];
  ladderIndex: number;
  taskSeq: number;
  /** Since `local-io-activities`: the official calendar's known years the deadlines are computed on. */
  calendar?: { years: CalendarYear[]; from: number; to: number; loadedAt: string };
}

const SUPERVISORS: readonly ActorRole[] = ['supervisor', 'admin'];
const DECIDERS: readonly ActorRole[] = ['supervisor', 'leader', 'admin'];
const HISTORY_LIMIT = 5_000;
/** Calendar years are reloaded past this age, so a schedule an administrator enters reaches running cases. */
const CALENDAR_MAX_AGE_MS = 3_600_000;

const nowIso = (): string => new Date().toISOString();
const isTerminal = (s: CaseStatus) => terminalStatuses.includes(s);

export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseView> {
  // Built once per worker thread and shared by every case (domain/command-schemas.ts, preloaded).
  const {
    applyAcceptanceInput,
    confirmPublicationInput,
    decideExtensionInput,
    escalateInput,
    inviteExpertsInput,
    judgeInput,
    listInput,
    recordAcceptanceInput,
    recordEscalationOutcomeInput,
    reportProgressInput,
    requestExtensionInput,
    resumeInput,
    reviewPlanInput,
    signOffInput,
    submitExpertOpinionInput,
    submitPlanInput,
    suspendInput,
    withdrawInput,
  } = commandSchemas();
  // Decided once per run, before any command: a run keeps one way of doing its I/O from start to end.
  const localIoPatched = patched(LOCAL_IO_PATCH);
  // Upsert only the search attributes that changed (each key upserted costs the server a visibility write).
  const searchAttributeChangesPatched = patched(SEARCH_ATTRIBUTE_CHANGES_PATCH);
  const { recordTransition, loadPolicy, generateListingNotice, loadCalendarYears } = localIoPatched
    ? localIo
    : remoteIo;
  const state: CaseState = (input.carried as CaseState | undefined) ?? initialState(input);
  const mutex = new Mutex();
  // Taken before any handler is registered: a command buffered with the start waits until the case exists.
  const startLock = mutex.acquire();
  let changed = 0;

  // ---------- helpers ----------
  const reject = (message: string): never => {
    throw new Error(message);
  };
  const requireRole = (actor: Actor, allowed: readonly ActorRole[], what: string) => {
    if (!allowed.includes(actor.role)) reject(`${roleName(actor.role)}无权${what}`);
  };
  const requireStatus = (allowed: readonly CaseStatus[], what: string) => {
    if (!allowed.includes(state.view.status))
      reject(`案件当前状态为“${statusName(state.view.status)}”，不能${what}`);
  };
  const requireOwnEnterprise = (actor: Actor, what: string) => {
    if (actor.role === 'admin') return;
    if (
      actor.role !== 'enterprise' ||
      !actor.enterpriseId ||
      actor.enterpriseId !== state.view.enterpriseId
    ) {
      reject(`只有责任企业可以${what}`);
    }
  };
  const parse = <T>(schema: ZodType<T>, value: unknown): T => {
    const r = schema.safeParse(value);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      reject(`${issue.path.join('.') || 'input'}: ${issue.message}`);
    }
    return (r as { data: T }).data;
  };

  /** Loads the known calendar years around today (and `year`, when a date reached it) into the state. */
  const loadCalendar = async (year?: number) => {
    const now = Number(today().slice(0, 4));
    const from = Math.min(now - 1, year ?? now);
    const to = Math.max(now + 3, year ?? now);
    state.calendar = { years: await loadCalendarYears({ from, to }), from, to, loadedAt: nowIso() };
  };
  let workingCalendar: { of: CaseState['calendar']; calendar: WorkingCalendar } | undefined;
  const datesOnCalendar = (from: string, durations: Duration[]): ComputedDate[] => {
    if (!workingCalendar || workingCalendar.of !== state.calendar)
      workingCalendar = { of: state.calendar, calendar: createWorkingCalendar(state.calendar!.years) };
    return computeDates(workingCalendar.calendar, from, durations);
  };
  const computeInWorkflow = async (from: string, durations: Duration[]): Promise<ComputedDate[]> => {
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

  const dates = async (from: string, durations: Duration[]) => {
    const out = localIoPatched
      ? await computeInWorkflow(from, durations)
      : await computeDatesActivity({ from, durations });
    const estimated = out.filter((d) => d.unknownYear !== null);
    if (estimated.length > 0) {
      state.view.details.calendarWarning = `日历缺少${[...new Set(estimated.map((d) => d.unknownYear))].join('、')}年节假日安排，相关期限按周末规则估算，待管理员补录后以正式日历为准`;
    }
    return out;
  };
  /** The end of the Shanghai day `d` after today, as the due instant of a task. */
  const dueIn = async (d: Duration): Promise<string> => (await dates(today(), [d]))[0]!.endOfDay;

  const openTask = (
    kind: string,
    title: string,
    assigneeRole: string,
    dueAt: string | null,
    assigneeUserId?: string,
  ): TaskSpec => {
    state.taskSeq += 1;
    const own = assigneeUserId ? { assigneeUserId } : {};
    const task: TaskSpec = {
      id: `${state.view.caseId}:${state.taskSeq}:${kind}`,
      kind,
      title,
      assigneeRole,
      ...own,
      dueAt,
    };
    state.view.openTasks.push({ id: task.id, kind, title, assigneeRole, ...own, dueAt });
    return task;
  };
  const closeTasks = (pred: (t: CaseTaskView) => boolean): string[] => {
    const closing = state.view.openTasks.filter(pred).map((t) => t.id);
    state.view.openTasks = state.view.openTasks.filter((t) => !closing.includes(t.id));
    return closing;
  };

  /** The acceptance round (验收轮次) now running: 1 + the acceptances that failed before it. */
  const acceptanceRound = () => state.view.acceptanceFailures + 1;
  const invitedNow = (): InvitedExpert[] =>
    ((state.view.details.invitedExperts as InvitedExpert[] | undefined) ?? []).filter(
      (e) => e.round === acceptanceRound(),
    );
  const opinionsNow = (): ExpertOpinion[] =>
    ((state.view.details.expertOpinions as ExpertOpinion[] | undefined) ?? []).filter(
      (o) => o.round === acceptanceRound(),
    );

  const setDeadline = (at: string | null, kind: string | null, owner: CaseState['deadlineOwner']) => {
    state.view.deadline = at;
    state.view.deadlineKind = kind;
    state.deadlineOwner = owner;
    state.alarms = state.alarms.filter((a) => a.kind !== 'deadline' && a.kind !== 'reminder');
    if (at) state.alarms.push({ kind: 'deadline', at, clock: true });
  };

  let policySent: CasePolicy | null | undefined;
  let lastEvent: { seq: number; hash: string } | undefined;
  const persist = async (
    type: string,
    actor: Actor,
    payload: Record<string, unknown>,
    extra: Pick<
      TransitionRecord,
      'openTasks' | 'closeTaskIds' | 'escalations' | 'retimeTasks' | 'penalty'
    > = {},
  ) => {
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
      industryCategory: input.industryCategory ?? null,
      departmentId: input.departmentId ?? null,
      trackingCode: input.trackingCode ?? null,
      enterpriseName: input.report.enterpriseName ?? null,
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

  /** Runs a command under the mutex: one command at a time, so interleaved awaits never see half a transition. */
  const command = <T>(cmd: Command<T>, apply: () => Promise<void>): Promise<CaseView> =>
    mutex.runExclusive(async () => {
      if (cmd.commandId && state.appliedCommands.includes(cmd.commandId)) return state.view;
      await apply();
      if (cmd.commandId) state.appliedCommands = [...state.appliedCommands.slice(-199), cmd.commandId];
      return state.view;
    });

  const clearOverdue = () => {
    state.view.overdue = false;
    state.alarms = state.alarms.filter((a) => a.kind !== 'escalate');
    state.ladderIndex = 0;
  };

  // ---------- transitions shared by commands and timers ----------
  const scheduleRectification = async (deadline: string) => {
    setDeadline(deadline, 'rectification', 'enterprise');
    const d = state.policy!;
    const deadlineDate = shanghaiDateOf(deadline);
    const [cutoff] = await dates(deadlineDate, [
      { ...d.extension.requestAtLeastBefore, amount: -d.extension.requestAtLeastBefore.amount },
    ]);
    state.extensionCutoff = cutoff!.endOfDay;
    for (const before of d.remindBefore) {
      const at = new Date(Date.parse(deadline) - before.amount * 86_400_000).toISOString();
      if (Date.parse(at) > Date.now())
        state.alarms.push({ kind: 'reminder', at, clock: true, before: `${before.amount}天` });
    }
  };

  const startLadder = async () => {
    const policy = state.policy;
    if (!policy || !state.view.deadline) return;
    const missedOn = shanghaiDateOf(state.view.deadline);
    const fired = await dates(
      missedOn,
      policy.escalation.map((s) => s.after),
    );
    state.alarms = state.alarms.filter((a) => a.kind !== 'escalate');
    policy.escalation.forEach((s, index) => {
      if (index < state.ladderIndex) return;
      const at = s.after.amount === 0 ? state.view.deadline! : fired[index]!.startOfWorkday;
      state.alarms.push({ kind: 'escalate', at, clock: true, step: s.step, index });
    });
  };

  const addEscalation = async (step: EscalationStep, reason: string, manual: boolean, actor: Actor) => {
    const policy = state.policy;
    const rung = policy?.escalation.find((s) => s.step === step);
    const dueAt = rung ? await dueIn(rung.taskWithin) : null;
    const escalation: CaseEscalationView = {
      id: `${state.view.caseId}:esc:${state.view.escalations.length + 1}:${step}`,
      step,
      reason,
      manual,
      triggeredAt: nowIso(),
      dueAt,
      status: 'open',
    };
    state.view.escalations.push(escalation);
    const tasks = [openTask(`escalation:${step}`, `${stepName(step)}：${reason}`, 'supervisor', dueAt)];
    if (step === 'level_raise') state.view.details.levelRaised = true;
    await persist(
      'escalated',
      actor,
      { escalationId: escalation.id, step, reason, manual },
      { openTasks: tasks, escalations: [escalation] },
    );
  };

  // ---------- timers ----------
  const fire = async (alarm: Alarm) => {
    state.alarms = state.alarms.filter((a) => a !== alarm);
    const system: Actor = { id: null, role: 'system', name: '系统' };
    switch (alarm.kind) {
      case 'reminder':
        await persist('deadline_reminder', system, {
          deadline: state.view.deadline,
          kind: state.view.deadlineKind,
          before: alarm.before,
        });
        return;
      case 'progress_due':
        await persist('progress_report_due', system, {});
        return;
      case 'deadline': {
        if (state.view.overdue) return;
        state.view.overdue = true;
        state.view.overdueSince = alarm.at;
        await persist('deadline_missed', system, {
          kind: state.view.deadlineKind,
          deadline: state.view.deadline,
        });
        if (state.deadlineOwner === 'enterprise') await startLadder();
        return;
      }
      case 'escalate': {
        state.ladderIndex = alarm.index + 1;
        await addEscalation(alarm.step, `${deadlineName(state.view.deadlineKind)}逾期未完成`, false, system);
        return;
      }
    }
  };

  // ---------- updates ----------
  setHandler(
    judgeUpdate,
    (cmd) =>
      command(cmd, async () => {
        const input = parse(judgeInput, cmd.input);
        if (input.decision === 'major') {
          state.view.status = 'judged';
          state.view.clauseId = input.clauseId;
          setDeadline(await dueIn(state.policy!.judgeWithin), 'listing', 'supervisor');
          const closed = closeTasks((t) => t.kind === 'judge');
          const task = openTask('list', '挂牌督办', 'supervisor', state.view.deadline);
          await persist('judged', cmd.actor, { ...input }, { openTasks: [task], closeTaskIds: closed });
        } else {
          state.view.status = input.decision === 'general' ? 'downgraded' : 'dismissed';
          setDeadline(null, null, null);
          const closed = closeTasks(() => true);
          await persist('judged', cmd.actor, { ...input }, { closeTaskIds: closed });
        }
        clearOverdue();
      }),
    {
      validator: (cmd) => {
        requireRole(cmd.actor, SUPERVISORS, '研判隐患');
        requireStatus(['reported'], '研判');
        parse(judgeInput, cmd.input);
      },
    },
  );

  setHandler(
    listUpdate,
    (cmd) =>
      command(cmd, async () => {
        const input = parse(listInput, cmd.input);
        const policy = await loadPolicy({ regionPath: state.view.regionPath, on: today() });
        const [max] = await dates(today(), [policy.maxRectification]);
        if (input.rectificationDeadline > max!.date) {
          throw ApplicationFailure.nonRetryable(
            `rectificationDeadline: 整改期限不能晚于${max!.date}（${policy.name}：最长${policy.maxRectification.amount}天）`,
            'VALIDATION',
          );
        }
        state.policy = policy; // pinned: later policy versions never alter this case
        state.view.details.policyName = policy.name;
        Object.assign(state.view, {
          status: 'listed' as const,
          level: input.level,
          listingAuthority: input.listingAuthority,
          supervisingUnit: input.supervisingUnit,
          owningLeaderId: input.owningLeaderId,
          rectificationDeadline: endOfShanghaiDay(input.rectificationDeadline),
        });
        state.view.details.interimControls = {
          controls: input.interimControls,
          note: input.interimControlsNote,
        };
        state.view.details.listedAt = nowIso();
        clearOverdue();
        const [publishBy, planBy] = await dates(today(), [policy.publishListingWithin, policy.planWithin]);
        setDeadline(planBy!.endOfDay, 'plan', 'enterprise');
        const closed = closeTasks((t) => t.kind === 'list');
        const tasks = [
          openTask('publish_listing', '挂牌公示', 'supervisor', publishBy!.endOfDay),
          openTask('submit_plan', '提交整改方案', 'enterprise', planBy!.endOfDay),
        ];
        const documentId = await generateListingNotice({
          caseId: state.view.caseId,
          view: state.view,
          policyName: policy.name,
        });
        await persist(
          'listed',
          cmd.actor,
          { ...input, documentId, policy: policy.name },
          { openTasks: tasks, closeTaskIds: closed },
        );
      }),
    {
      validator: (cmd) => {
        requireRole(cmd.actor, SUPERVISORS, '挂牌督办');
        requireStatus(['judged'], '挂牌督办');
        const input = parse(listInput, cmd.input);
        if (input.rectificationDeadline <= today()) reject('rectificationDeadline: 整改期限必须晚于今天');
      },
    },
  );

  setHandler(
    confirmPublicationUpdate,
    (cmd) =>
      command(cmd, async () => {
        const input = parse(confirmPublicationInput, cmd.input);
        if (input.kind === 'listing') {
          state.listingPublished = true;
          state.view.details.listingPublication = input;
          const closed = closeTasks((t) => t.kind === 'publish_listing');
          await persist('listing_published', cmd.actor, { ...input }, { closeTaskIds: closed });
        } else {
          state.view.details.delistingPublication = input;
          state.view.status = 'closed';
          setDeadline(null, null, null);
          const closed = closeTasks(() => true);
          await persist('closed', cmd.actor, { ...input }, { closeTaskIds: closed });
        }
      }),
    {
      validator: (cmd) => {
        requireRole(cmd.actor, SUPERVISORS, '确认公示');
        const input = parse(confirmPublicationInput, cmd.input);
        if (input.kind === 'listing') {
          if (state.listingPublished) reject('挂牌信息已公示');
          requireStatus(
            ['listed', 'plan_submitted', 'rectifying', 'suspended', 'acceptance_requested', 'accepted'],
            '确认挂牌公示',
          );
        } else {
          requireStatus(['signed_off'], '确认销号公示');
        }
      },
    },
  );

  setHandler(
    submitPlanUpdate,
    (cmd) =>
      command(cmd, async () => {
        const input = parse(submitPlanInput, cmd.input);
        state.view.status = 'plan_submitted';
        state.view.details.plan = { ...input, submittedAt: nowIso(), submittedBy: cmd.actor.name };
        if (state.view.overdue && state.deadlineOwner === 'enterprise') clearOverdue();
        setDeadline(await dueIn(state.policy!.planReviewWithin), 'plan_review', 'supervisor');
        const closed = closeTasks((t) => t.kind === 'submit_plan');
        const task = openTask('review_plan', '审核整改方案', 'supervisor', state.view.deadline);
        await persist('plan_submitted', cmd.actor, { ...input }, { openTasks: [task], closeTaskIds: closed });
      }),
    {
      validator: (cmd) => {
        requireOwnEnterprise(cmd.actor, '提交整改方案');
        requireStatus(['listed'], '提交整改方案');
        const input = parse(submitPlanInput, cmd.input);
        if (
          state.view.rectificationDeadline &&
          endOfShanghaiDay(input.timeLimit) > state.view.rectificationDeadline
        ) {
          reject(
            `timeLimit: 整改时限不能晚于挂牌确定的整改期限${shanghaiDateOf(state.view.rectificationDeadline)}`,
          );
        }
      },
    },
  );

  setHandler(
    reviewPlanUpdate,
    (cmd) =>
      command(cmd, async () => {
        const input = parse(reviewPlanInput, cmd.input);
        const closed = closeTasks((t) => t.kind === 'review_plan');
        const reviews = ((state.view.details.planReviews as unknown[]) ?? []).concat({
          ...input,
          by: cmd.actor.name,
          at: nowIso(),
        });
        state.view.details.planReviews = reviews as never;
        if (input.decision === 'approve') {
          state.view.status = 'rectifying';
          await scheduleRectification(state.view.rectificationDeadline!);
          const [nextReport] = await dates(today(), [state.policy!.progressReportEvery]);
          state.alarms.push({ kind: 'progress_due', at: nextReport!.endOfDay, clock: true });
          const tasks = [
            openTask('rectify', '按方案整改并申请验收', 'enterprise', state.view.deadline),
            openTask('report_progress', '报送整改进展', 'enterprise', nextReport!.endOfDay),
          ];
          await persist('plan_approved', cmd.actor, { ...input }, { openTasks: tasks, closeTaskIds: closed });
        } else {
          state.view.status = 'listed';
          state.view.planReturns += 1;
          setDeadline(await dueIn(state.policy!.planWithin), 'plan', 'enterprise');
          const task = openTask(
            'submit_plan',
            `修改并重新提交整改方案（退回理由：${input.reason}）`,
            'enterprise',
            state.view.deadline,
          );
          await persist(
            'plan_returned',
            cmd.actor,
            { ...input },
            { openTasks: [task], closeTaskIds: closed },
          );
        }
      }),
    {
      validator: (cmd) => {
        requireRole(cmd.actor, SUPERVISORS, '审核整改方案');
        requireStatus(['plan_submitted'], '审核整改方案');
        parse(reviewPlanInput, cmd.input);
      },
    },
  );

  setHandler(
    reportProgressUpdate,
    (cmd) =>
      command(cmd, async () => {
        const input = parse(reportProgressInput, cmd.input);
        const reports = ((state.view.details.progressReports as unknown[]) ?? []).concat({
          ...input,
          at: nowIso(),
        });
        state.view.details.progressReports = reports as never;
        const closed = closeTasks((t) => t.kind === 'report_progress');
        state.alarms = state.alarms.filter((a) => a.kind !== 'progress_due');
        const [next] = await dates(today(), [state.policy!.progressReportEvery]);
        state.alarms.push({ kind: 'progress_due', at: next!.endOfDay, clock: true });
        const task = openTask('report_progress', '报送整改进展', 'enterprise', next!.endOfDay);
        await persist(
          'progress_reported',
          cmd.actor,
          { ...input },
          { openTasks: [task], closeTaskIds: closed },
        );
      }),
    {
      validator: (cmd) => {
        requireOwnEnterprise(cmd.actor, '报送整改进展');
        requireStatus(['rectifying', 'suspended'], '报送整改进展');
        parse(reportProgressInput, cmd.input);
      },
    },
  );

  setHandler(
    requestExtensionUpdate,
    (cmd) =>
      command(cmd, async () => {
        const input = parse(requestExtensionInput, cmd.input);
        state.view.details.pendingExtension = { ...input, requestedAt: nowIso() };
        const due = await dueIn(state.policy!.extension.decideWithin);
        const task = openTask(
          'decide_extension',
          `审批延期申请（申请延至${input.newDeadline}）`,
          'supervisor',
          due,
        );
        await persist('extension_requested', cmd.actor, { ...input }, { openTasks: [task] });
      }),
    {
      validator: (cmd) => {
        requireOwnEnterprise(cmd.actor, '申请延期');
        requireStatus(['rectifying'], '申请延期');
        const input = parse(requestExtensionInput, cmd.input);
        const policy = state.policy!;
        if (state.view.details.pendingExtension) reject('已有待审批的延期申请');
        if (state.view.extensionCount >= policy.extension.maxCount) {
          reject(`延期次数已达上限（${policy.extension.maxCount}次）`);
        }
        if (state.extensionCutoff && Date.now() > Date.parse(state.extensionCutoff)) {
          reject(
            `延期申请须在整改期限前${policy.extension.requestAtLeastBefore.amount}个${policy.extension.requestAtLeastBefore.unit === 'working' ? '工作日' : '自然日'}提出（最迟${shanghaiDateOf(state.extensionCutoff)}），已逾期不能申请`,
          );
        }
        if (endOfShanghaiDay(input.newDeadline) <= (state.view.deadline ?? ''))
          reject('newDeadline: 延期后的期限必须晚于当前整改期限');
      },
    },
  );

  setHandler(
    decideExtensionUpdate,
    (cmd) =>
      command(cmd, async () => {
        const input = parse(decideExtensionInput, cmd.input);
        const pending = state.view.details.pendingExtension as {
          newDeadline: string;
          reason: string;
          requestedAt: string;
        };
        delete state.view.details.pendingExtension;
        const decisions = ((state.view.details.extensions as unknown[]) ?? []).concat({
          ...pending,
          ...input,
          decidedAt: nowIso(),
        });
        state.view.details.extensions = decisions as never;
        const closed = closeTasks((t) => t.kind === 'decide_extension');
        if (input.approve) {
          const newDeadline = endOfShanghaiDay(input.newDeadline ?? pending.newDeadline);
          state.view.extensionCount += 1;
          state.view.rectificationDeadline = newDeadline;
          if (state.view.overdue) clearOverdue();
          await scheduleRectification(newDeadline);
          state.view.openTasks.forEach((t) => {
            if (t.kind === 'rectify') t.dueAt = newDeadline;
          });
        }
        await persist(
          input.approve ? 'extension_approved' : 'extension_rejected',
          cmd.actor,
          { ...input },
          {
            closeTaskIds: closed,
            retimeTasks: state.view.openTasks
              .filter((t) => t.kind === 'rectify')
              .map((t) => ({ id: t.id, dueAt: t.dueAt })),
          },
        );
      }),
    {
      validator: (cmd) => {
        requireRole(cmd.actor, SUPERVISORS, '审批延期申请');
        if (!state.view.details.pendingExtension) reject('没有待审批的延期申请');
        const input = parse(decideExtensionInput, cmd.input);
        if (
          input.approve &&
          input.newDeadline &&
          endOfShanghaiDay(input.newDeadline) <= (state.view.deadline ?? '')
        ) {
          reject('newDeadline: 延期后的期限必须晚于当前整改期限');
        }
      },
    },
  );

  setHandler(
    suspendUpdate,
    (cmd) =>
      command(cmd, async () => {
        const input = parse(suspendInput, cmd.input);
        state.view.status = 'suspended';
        state.view.suspended = true;
        state.suspendedAt = nowIso();
        state.view.details.suspension = {
          ...input,
          since: state.suspendedAt,
          remainingMs: Date.parse(state.view.deadline!) - Date.now(),
        };
        await persist('suspended', cmd.actor, { ...input });
      }),
    {
      validator: (cmd) => {
        requireRole(cmd.actor, SUPERVISORS, '批准停表');
        requireStatus(['rectifying'], '停表');
        parse(suspendInput, cmd.input);
      },
    },
  );

  setHandler(
    resumeUpdate,
    (cmd) =>
      command(cmd, async () => {
        const input = parse(resumeInput, cmd.input);
        const pausedMs = Date.now() - Date.parse(state.suspendedAt!);
        const shift = (iso: string) => new Date(Date.parse(iso) + pausedMs).toISOString();
        // The clock restarts with the time that was left: every running deadline and alarm moves by the pause.
        state.alarms = state.alarms.map((a) => (a.clock ? { ...a, at: shift(a.at) } : a));
        state.view.deadline = state.view.deadline && shift(state.view.deadline);
        state.view.rectificationDeadline =
          state.view.rectificationDeadline && shift(state.view.rectificationDeadline);
        state.extensionCutoff = state.extensionCutoff && shift(state.extensionCutoff);
        state.view.openTasks.forEach((t) => {
          if (t.assigneeRole === 'enterprise' && t.dueAt) t.dueAt = shift(t.dueAt);
        });
        state.view.status = 'rectifying';
        state.view.suspended = false;
        const suspensions = ((state.view.details.suspensions as unknown[]) ?? []).concat({
          ...(state.view.details.suspension as object),
          resumedAt: nowIso(),
          note: input.note,
        });
        state.view.details.suspensions = suspensions as never;
        delete state.view.details.suspension;
        state.suspendedAt = null;
        await persist(
          'resumed',
          cmd.actor,
          { ...input, pausedMs },
          {
            retimeTasks: state.view.openTasks
              .filter((t) => t.assigneeRole === 'enterprise')
              .map((t) => ({ id: t.id, dueAt: t.dueAt })),
          },
        );
      }),
    {
      validator: (cmd) => {
        requireRole(cmd.actor, SUPERVISORS, '恢复计时');
        requireStatus(['suspended'], '恢复计时');
      },
    },
  );

  setHandler(
    applyAcceptanceUpdate,
    (cmd) =>
      command(cmd, async () => {
        const input = parse(applyAcceptanceInput, cmd.input);
        state.view.status = 'acceptance_requested';
        state.view.details.acceptanceApplication = { ...input, appliedAt: nowIso() };
        // The enterprise has complied: the ladder stops here.
        clearOverdue();
        state.alarms = state.alarms.filter((a) => a.kind !== 'progress_due');
        setDeadline(await dueIn(state.policy!.acceptanceWithin), 'acceptance', 'supervisor');
        const closed = closeTasks((t) => t.kind === 'rectify' || t.kind === 'report_progress');
        const task = openTask('hold_acceptance', '组织验收', 'supervisor', state.view.deadline);
        await persist(
          'acceptance_requested',
          cmd.actor,
          { ...input },
          { openTasks: [task], closeTaskIds: closed },
        );
      }),
    {
      validator: (cmd) => {
        requireOwnEnterprise(cmd.actor, '申请验收');
        requireStatus(['rectifying'], '申请验收');
        parse(applyAcceptanceInput, cmd.input);
      },
    },
  );

  setHandler(
    recordAcceptanceUpdate,
    (cmd) =>
      command(cmd, async () => {
        const input = parse(recordAcceptanceInput, cmd.input);
        const results = ((state.view.details.acceptances as unknown[]) ?? []).concat({
          ...input,
          recordedBy: cmd.actor.name,
          at: nowIso(),
        });
        state.view.details.acceptances = results as never;
        // The acceptance is decided: invited experts who have not given an opinion are no longer waited for.
        const closed = closeTasks((t) => t.kind === 'hold_acceptance' || t.kind === 'expert_opinion');
        if (input.passed) {
          state.view.status = 'accepted';
          setDeadline(await dueIn(state.policy!.signOffWithin), 'sign_off', 'supervisor');
          const task = openTask('sign_off', '审批销号', 'supervisor', state.view.deadline);
          await persist(
            'acceptance_passed',
            cmd.actor,
            { ...input },
            { openTasks: [task], closeTaskIds: closed },
          );
        } else {
          state.view.status = 'rectifying';
          state.view.acceptanceFailures += 1;
          state.view.rectificationDeadline = endOfShanghaiDay(input.newDeadline!);
          await scheduleRectification(state.view.rectificationDeadline);
          const task = openTask(
            'rectify',
            `验收未通过，继续整改（${input.explanation}）`,
            'enterprise',
            state.view.deadline,
          );
          await persist(
            'acceptance_failed',
            cmd.actor,
            { ...input },
            { openTasks: [task], closeTaskIds: closed },
          );
        }
      }),
    {
      validator: (cmd) => {
        requireRole(cmd.actor, [...SUPERVISORS, 'expert'], '记录验收结果');
        requireStatus(['acceptance_requested'], '记录验收结果');
        if (cmd.actor.role === 'expert' && !invitedNow().some((e) => e.id === cmd.actor.id))
          reject('只有受邀参加本次验收的专家可以记录验收结果');
        const input = parse(recordAcceptanceInput, cmd.input);
        if (!input.passed && input.newDeadline! <= today()) reject('newDeadline: 新的整改期限必须晚于今天');
      },
    },
  );

  setHandler(
    inviteExpertsUpdate,
    (cmd) =>
      command(cmd, async () => {
        const input = parse(inviteExpertsInput, cmd.input);
        const at = nowIso();
        const round = acceptanceRound();
        const invited: InvitedExpert[] = input.experts.map((e) => ({
          id: e.id,
          name: e.name,
          invitedAt: at,
          invitedBy: cmd.actor.name,
          round,
          ...(input.note ? { note: input.note } : {}),
        }));
        state.view.details.invitedExperts = [
          ...((state.view.details.invitedExperts as InvitedExpert[] | undefined) ?? []),
          ...invited,
        ];
        // Each expert's own task, due with the acceptance itself (验收期限).
        const tasks = input.experts.map((e) =>
          openTask('expert_opinion', `提出验收意见（${e.name}）`, 'expert', state.view.deadline, e.id),
        );
        await persist('experts_invited', cmd.actor, { ...input, round }, { openTasks: tasks });
      }),
    {
      validator: (cmd) => {
        requireRole(cmd.actor, SUPERVISORS, '邀请专家');
        requireStatus(['acceptance_requested'], '邀请专家');
        const input = parse(inviteExpertsInput, cmd.input);
        // Refused, not ignored: the audit trail would otherwise record an invitation that changed nothing.
        const again = input.experts.filter((e) => invitedNow().some((i) => i.id === e.id));
        if (again.length > 0) reject(`${again.map((e) => e.name).join('、')}已受邀参加本次验收`);
      },
    },
  );

  setHandler(
    submitExpertOpinionUpdate,
    (cmd) =>
      command(cmd, async () => {
        const input = parse(submitExpertOpinionInput, cmd.input);
        const me = invitedNow().find((e) => e.id === cmd.actor.id)!;
        const round = acceptanceRound();
        const opinion: ExpertOpinion = {
          expertId: me.id,
          expertName: me.name,
          opinion: input.opinion,
          recommendation: input.recommendation,
          at: nowIso(),
          round,
        };
        state.view.details.expertOpinions = [
          ...((state.view.details.expertOpinions as ExpertOpinion[] | undefined) ?? []),
          opinion,
        ];
        const closed = closeTasks((t) => t.kind === 'expert_opinion' && t.assigneeUserId === me.id);
        await persist(
          'expert_opinion_submitted',
          cmd.actor,
          { ...input, expertId: me.id, expertName: me.name, round },
          { closeTaskIds: closed },
        );
      }),
    {
      validator: (cmd) => {
        requireRole(cmd.actor, ['expert'], '提交专家意见');
        requireStatus(['acceptance_requested'], '提交专家意见');
        if (!invitedNow().some((e) => e.id === cmd.actor.id))
          reject('只有受邀参加本次验收的专家可以提交意见');
        if (opinionsNow().some((o) => o.expertId === cmd.actor.id)) reject('您已提交本次验收的专家意见');
        parse(submitExpertOpinionInput, cmd.input);
      },
    },
  );

  setHandler(
    signOffUpdate,
    (cmd) =>
      command(cmd, async () => {
        const input = parse(signOffInput, cmd.input);
        state.view.status = 'signed_off';
        state.view.details.signOff = { ...input, by: cmd.actor.name, at: nowIso() };
        setDeadline(await dueIn(state.policy!.publishDelistingWithin), 'publish_delisting', 'supervisor');
        const closed = closeTasks((t) => t.kind === 'sign_off');
        const task = openTask('publish_delisting', '销号公示', 'supervisor', state.view.deadline);
        await persist('signed_off', cmd.actor, { ...input }, { openTasks: [task], closeTaskIds: closed });
      }),
    {
      validator: (cmd) => {
        requireRole(cmd.actor, DECIDERS, '批准销号');
        requireStatus(['accepted'], '销号');
        parse(signOffInput, cmd.input);
      },
    },
  );

  setHandler(
    withdrawUpdate,
    (cmd) =>
      command(cmd, async () => {
        const input = parse(withdrawInput, cmd.input);
        state.view.status = 'withdrawn';
        state.view.details.withdrawal = { ...input, by: cmd.actor.name, at: nowIso() };
        setDeadline(null, null, null);
        clearOverdue();
        state.alarms = [];
        const closed = closeTasks(() => true);
        await persist('withdrawn', cmd.actor, { ...input }, { closeTaskIds: closed });
      }),
    {
      validator: (cmd) => {
        requireRole(cmd.actor, SUPERVISORS, '撤销挂牌');
        if (isTerminal(state.view.status)) reject(`案件已${statusName(state.view.status)}，不能撤销`);
        parse(withdrawInput, cmd.input);
      },
    },
  );

  setHandler(
    escalateUpdate,
    (cmd) =>
      command(cmd, async () => {
        const input = parse(escalateInput, cmd.input);
        await addEscalation(input.step, input.reason, true, cmd.actor);
      }),
    {
      validator: (cmd) => {
        requireRole(cmd.actor, SUPERVISORS, '升级督办');
        requireStatus(
          ['listed', 'plan_submitted', 'rectifying', 'suspended', 'acceptance_requested'],
          '升级督办',
        );
        parse(escalateInput, cmd.input);
      },
    },
  );

  setHandler(
    recordEscalationOutcomeUpdate,
    (cmd) =>
      command(cmd, async () => {
        const input = parse(recordEscalationOutcomeInput, cmd.input);
        const esc = state.view.escalations.find((e) => e.id === input.escalationId)!;
        esc.status = 'done';
        esc.outcome = input.outcome;
        // A new optional field, no new command: histories without a penalty replay unchanged.
        if (input.penalty) esc.penalty = input.penalty;
        const closed = closeTasks((t) => t.kind === `escalation:${esc.step}`);
        const tasks: TaskSpec[] = [];
        if (esc.step === 'interview') {
          // 约谈后企业须在规定工作日内提交书面承诺
          tasks.push(
            openTask(
              'written_commitment',
              '提交约谈书面承诺',
              'enterprise',
              await dueIn(state.policy!.interview.commitmentWithin),
            ),
          );
        }
        await persist(
          'escalation_outcome',
          cmd.actor,
          { ...input },
          {
            openTasks: tasks,
            closeTaskIds: closed,
            escalations: [esc],
            ...(input.penalty ? { penalty: { escalationId: esc.id, ...input.penalty } } : {}),
          },
        );
      }),
    {
      validator: (cmd) => {
        requireRole(cmd.actor, SUPERVISORS, '记录督办结果');
        const input = parse(recordEscalationOutcomeInput, cmd.input);
        const esc = state.view.escalations.find((e) => e.id === input.escalationId);
        if (!esc) reject('escalationId: 督办记录不存在');
        if (esc!.status !== 'open') reject('该督办记录已办结');
        if (esc!.step === 'interview' && !input.minutes) reject('minutes: 约谈须记录约谈纪要');
        if (input.penalty && !penaltySteps.includes(esc!.step))
          reject('penalty: 只有执法建议或联合惩戒的督办记录可以登记行政处罚');
        if (input.penalty && !state.view.enterpriseId) reject('penalty: 案件未关联企业，不能登记行政处罚');
      },
    },
  );

  setHandler(enterpriseStatusChangedSignal, ({ status, at }) => {
    state.view.details.enterpriseStatus = { status, at };
  });
  setHandler(getCaseQuery, () => state.view);
  setHandler(caseStateQuery, () => state);

  // ---------- start ----------
  const release = await startLock;
  if (!input.carried) {
    // Provisional until listing, when the policy in force is loaded again and pinned for the rest of the case.
    const [policy] = await Promise.all([
      loadPolicy({ regionPath: state.view.regionPath, on: today() }),
      localIoPatched ? loadCalendar() : undefined,
    ]);
    state.policy = policy;
    const due = await dueIn(state.policy.judgeWithin);
    setDeadline(due, 'judgement', 'supervisor');
    const task = openTask('judge', '研判隐患', 'supervisor', due);
    await persist('reported', input.reportedBy, { ...input.report }, { openTasks: [task] });
  } else {
    upsertAttributes();
  }
  release();

  // ---------- main loop: wait for a command or the next alarm ----------
  while (!isTerminal(state.view.status)) {
    const active = state.view.suspended ? state.alarms.filter((a) => !a.clock) : state.alarms;
    const next = active.reduce<Alarm | undefined>((m, a) => (!m || a.at < m.at ? a : m), undefined);
    const seen = changed;
    const timedOut = !(await condition(
      () => changed !== seen || isTerminal(state.view.status),
      next ? Math.max(1, Date.parse(next.at) - Date.now()) : undefined,
    ));
    if (timedOut && next && state.alarms.includes(next)) await mutex.runExclusive(() => fire(next));
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

function initialState(input: CaseWorkflowInput): CaseState {
  return {
    view: {
      caseId: input.caseId,
      status: 'reported',
      source: input.report.source,
      title: input.report.title,
      description: input.report.description,
      location: input.report.location,
      enterpriseId: input.report.enterpriseId,
      regionCode: input.report.regionCode,
      regionPath: input.regionPath,
      clauseId: input.report.suspectedClauseId,
      deadline: null,
      deadlineKind: null,
      rectificationDeadline: null,
      overdue: false,
      overdueSince: null,
      suspended: false,
      extensionCount: 0,
      acceptanceFailures: 0,
      planReturns: 0,
      openTasks: [],
      escalations: [],
      version: 0,
      details: { evidenceDocumentIds: input.report.evidenceDocumentIds },
    },
    policy: null,
    alarms: [],
    deadlineOwner: null,
    extensionCutoff: null,
    suspendedAt: null,
    listingPublished: false,
    appliedCommands: [],
    ladderIndex: 0,
    taskSeq: 0,
  };
}

// Shanghai has no daylight saving time: UTC+8 all year.
const today = (): string => shanghaiDateOf(nowIso());
function shanghaiDateOf(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
}
function endOfShanghaiDay(date: string): string {
  return new Date(Date.parse(`${date}T23:59:59.999+08:00`)).toISOString();
}

const statusName = statusLabel;
const roleName = roleLabel;
const stepName = stepLabel;
const deadlineName = (k: string | null) =>
  ({ rectification: '整改期限', plan: '整改方案提交期限' })[k ?? ''] ?? '期限';
