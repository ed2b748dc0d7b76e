/**
 * The working copy a rule decides on: a deep copy of the case state with the helpers every rule shares (tasks,
 * deadlines, the overdue flag, the ladder). Pure: the clock and the calendar come in the context.
 */
import { addCalendarDays, type ComputedDate } from '../calendar.js';
import type { Actor } from '../commands.js';
import { DEFAULT_POLICY, type CasePolicy, type Duration } from '../policy.js';
import type { EscalationStep } from '../case-status.js';
import { noteEstimates } from './estimates.js';
import { authorityPath, deadlineKindLabel, levelAbove, listingLevelDepth, stepLabel } from './labels.js';
import type { CaseEscalationView, CaseState, CaseTaskView, SupervisorClock, TaskSpec } from './model.js';
import type { PenaltyInput } from '../commands.js';

/** What a rule decides with besides the state: the clock, the calendar, the policy just loaded. */
export interface DecideCtx {
  /** Now, as an ISO instant (the workflow's deterministic clock). */
  now: string;
  /** Dates `durations` after the Shanghai date `from`, on the official working calendar. */
  dates: (from: string, durations: Duration[]) => ComputedDate[];
  /** The policy in force, loaded for this command (listing pins it). */
  policy?: CasePolicy;
  /**
   * Which rules: 1 as runs before the patch `case-table-of-rules` behaved (their histories replay on it), 2 since:
   * overdue means a running deadline is past (fix 1), the written commitment's clock (fix 3).
   */
  rules: 1 | 2;
  /**
   * Rules added after rules 2, each under its own workflow patch (`case-<feature>`), so runs started before it keep
   * deciding as they did: absent means off. docs/adr/0011-case-table-of-rules.md lists them.
   */
  features?: ReadonlySet<CaseFeature>;
}

/**
 * - `supervisory-ladder` (fix 8): a supervisor's missed deadline or clock climbs `policy.supervisorLadder`
 *   (`supervisory` alarms): a task for the handling office, then the 包案领导, then the 安委办 above; the rungs'
 *   tasks close when the late step is done.
 * - `publication-clocks` (fix 7): the listing's 公示 limit and the extension decision limit are clocks
 *   (`supervisor_clock` alarms): missed, the case is overdue (`details.overdueClocks`) until the step is done.
 * - `suspension-request` (fix 11): a 停表 (the enterprise's request approved, or a supervisor's own) keeps the working
 *   days left on the rectification deadline; resuming (by a supervisor, or by itself at the approved end) sets the
 *   deadline that many working days after the day it resumes, on the official calendar.
 * - `level-raise-authority` (fix 5): the ladder's 升级督办 rung asks the authority above the listing level (its task is
 *   theirs, on their home page) instead of setting a flag; the raise itself is the `raise-level` command.
 * - `progress-cycle` (fix 6): a missed progress report is counted, re-arms the next period, opens its task and
 *   climbs `policy.progressReportMisses`; a failed acceptance restarts the cycle.
 */
export type CaseFeature =
  | 'progress-cycle'
  | 'publication-clocks'
  | 'supervisory-ladder'
  | 'suspension-request'
  | 'level-raise-authority';
export const caseFeatures: readonly CaseFeature[] = [
  'progress-cycle',
  'publication-clocks',
  'supervisory-ladder',
  'suspension-request',
  'level-raise-authority',
];

/** The event a decision records, with the tasks and rungs it opens and closes. */
export interface Outcome {
  type: string;
  actor: Actor;
  payload: Record<string, unknown>;
  openTasks?: TaskSpec[];
  closeTaskIds?: string[];
  /** Tasks the system closes without anyone doing them (the case ended): cancelled, with the reason. */
  cancelTasks?: { ids: string[]; reason: string };
  retimeTasks?: { id: string; dueAt: string | null }[];
  /** Open tasks handed to another territory's supervisors (提级督办: the new listing authority's region). */
  moveTasks?: { ids: string[]; assigneeRegionPath: string };
  escalations?: CaseEscalationView[];
  penalty?: PenaltyInput & { escalationId: string };
}

const DEFAULT_PROGRESS_MISSES = DEFAULT_POLICY.progressReportMisses;

export const SYSTEM: Actor = { id: null, role: 'system', name: '系统' };

// Shanghai has no daylight saving time: UTC+8 all year.
export function shanghaiDateOf(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
}
export function endOfShanghaiDay(date: string): string {
  return new Date(Date.parse(`${date}T23:59:59.999+08:00`)).toISOString();
}

export class Draft {
  readonly s: CaseState;
  /** Something the adapter does after recording the event (rules 1's order). */
  after: 'clearOverdue' | undefined;
  constructor(
    state: CaseState,
    readonly ctx: DecideCtx,
  ) {
    // The calendar (years of holidays) is read, never written: shared, not copied.
    const { calendar, policy, ...rest } = state;
    this.s = JSON.parse(JSON.stringify(rest)) as CaseState;
    this.s.policy = policy;
    if (calendar) this.s.calendar = calendar;
  }
  get view() {
    return this.s.view;
  }
  get policy(): CasePolicy {
    return this.s.policy!;
  }
  get v2(): boolean {
    return this.ctx.rules >= 2;
  }
  has(f: CaseFeature): boolean {
    return this.ctx.features?.has(f) ?? false;
  }
  today(): string {
    return shanghaiDateOf(this.ctx.now);
  }
  dates(from: string, durations: Duration[]): ComputedDate[] {
    const out = this.ctx.dates(from, durations);
    noteEstimates(this.s, from, durations, out);
    return out;
  }
  /** The end of the Shanghai day `d` after today, as the due instant of a task. */
  dueIn(d: Duration): string {
    return this.dates(this.today(), [d])[0]!.endOfDay;
  }

  openTask(
    kind: string,
    title: string,
    assigneeRole: string,
    dueAt: string | null,
    assigneeUserId?: string,
    assigneeRegionPath?: string,
  ): TaskSpec {
    this.s.taskSeq += 1;
    // Once the listing was raised (提级督办), the supervisors' tasks are the listing authority's, in its region.
    const raisedTo = this.view.details.listingRegionPath;
    if (raisedTo && assigneeRole === 'supervisor' && !assigneeUserId && !assigneeRegionPath)
      assigneeRegionPath = raisedTo;
    const own = {
      ...(assigneeUserId ? { assigneeUserId } : {}),
      ...(assigneeRegionPath ? { assigneeRegionPath } : {}),
    };
    const task: TaskSpec = {
      id: `${this.view.caseId}:${this.s.taskSeq}:${kind}`,
      kind,
      title,
      assigneeRole,
      ...own,
      dueAt,
    };
    this.view.openTasks.push({ id: task.id, kind, title, assigneeRole, ...own, dueAt });
    return task;
  }
  closeTasks(pred: (t: CaseTaskView) => boolean): string[] {
    const closing = this.view.openTasks.filter(pred).map((t) => t.id);
    this.view.openTasks = this.view.openTasks.filter((t) => !closing.includes(t.id));
    return closing;
  }

  setDeadline(at: string | null, kind: string | null, owner: CaseState['deadlineOwner']): void {
    const v = this.view;
    if (v.deadlineKind && this.s.deadlineOwner === 'supervisor') this.endSupervision(v.deadlineKind);
    v.deadline = at;
    v.deadlineKind = kind;
    this.s.deadlineOwner = owner;
    this.s.alarms = this.s.alarms.filter((a) => a.kind !== 'deadline' && a.kind !== 'reminder');
    if (at) this.s.alarms.push({ kind: 'deadline', at, clock: true });
    // Overdue means a running deadline is past: a new deadline (or none) is not, whoever missed the last one.
    if (this.v2 && v.overdue) this.clearOverdue();
  }
  clearOverdue(): void {
    this.view.overdue = false;
    if (this.v2) {
      this.view.overdueSince = null;
      this.view.details.overdueParty = null;
    }
    this.s.alarms = this.s.alarms.filter((a) => a.kind !== 'escalate');
    this.s.ladderIndex = 0;
    this.overdueByClocks();
  }
  /** A supervisor clock past and not met keeps the case overdue, whatever happened to the main deadline. */
  private overdueByClocks(): void {
    const first = this.view.details.overdueClocks?.[0];
    if (!first || this.view.overdue) return;
    this.view.overdue = true;
    this.view.overdueSince = first.dueAt;
    this.view.details.overdueParty = 'supervisor';
  }

  /** 挂牌公示 / 延期审批: the supervisor's limit starts as a clock of its own (`publication-clocks`). */
  armClock(step: SupervisorClock, at: string): void {
    if (!this.has('publication-clocks')) return;
    this.s.alarms = this.s.alarms.filter((a) => !(a.kind === 'supervisor_clock' && a.step === step));
    this.s.alarms.push({ kind: 'supervisor_clock', at, clock: false, step });
  }
  /** The step was done: its clock stops and, when nothing else is past, the case is no longer overdue. */
  meetClock(step: SupervisorClock): void {
    this.endSupervision(step);
    this.s.alarms = this.s.alarms.filter((a) => !(a.kind === 'supervisor_clock' && a.step === step));
    const d = this.view.details;
    if (!d.overdueClocks?.some((c) => c.step === step)) return;
    d.overdueClocks = d.overdueClocks.filter((c) => c.step !== step);
    if (d.overdueClocks.length === 0) delete d.overdueClocks;
    const mainPast = this.view.deadline !== null && this.view.deadline <= this.ctx.now;
    if (mainPast) return;
    this.view.overdue = false;
    this.view.overdueSince = null;
    this.view.details.overdueParty = null;
    this.overdueByClocks();
  }
  /** A supervisor clock ran out: the case is overdue, the supervisor's. */
  missClock(step: SupervisorClock, dueAt: string): Outcome {
    const d = this.view.details;
    d.overdueClocks = [...(d.overdueClocks ?? []), { step, dueAt, party: 'supervisor' }];
    this.overdueByClocks();
    this.startSupervision(step, dueAt);
    return {
      type: 'deadline_missed',
      actor: SYSTEM,
      payload: { kind: step, dueAt, party: 'supervisor' },
    };
  }

  scheduleRectification(deadline: string): void {
    this.setDeadline(deadline, 'rectification', 'enterprise');
    const d = this.policy;
    const [cutoff] = this.dates(shanghaiDateOf(deadline), [
      { ...d.extension.requestAtLeastBefore, amount: -d.extension.requestAtLeastBefore.amount },
    ]);
    this.s.extensionCutoff = cutoff!.endOfDay;
    if (this.v2) this.view.details.extensionCutoff = cutoff!.endOfDay;
    const now = Date.parse(this.ctx.now);
    for (const before of d.remindBefore) {
      const at = new Date(Date.parse(deadline) - before.amount * 86_400_000).toISOString();
      if (Date.parse(at) > now)
        this.s.alarms.push({ kind: 'reminder', at, clock: true, before: `${before.amount}天` });
    }
  }

  /** The ladder after a missed enterprise deadline: every rung not yet reached, at its time after the deadline. */
  startLadder(): void {
    const policy = this.s.policy;
    if (!policy || !this.view.deadline) return;
    const missedOn = shanghaiDateOf(this.view.deadline);
    const fired = this.dates(
      missedOn,
      policy.escalation.map((s) => s.after),
    );
    this.s.alarms = this.s.alarms.filter((a) => a.kind !== 'escalate');
    policy.escalation.forEach((s, index) => {
      if (index < this.s.ladderIndex) return;
      const at = s.after.amount === 0 ? this.view.deadline! : fired[index]!.startOfWorkday;
      this.s.alarms.push({ kind: 'escalate', at, clock: true, step: s.step, index });
    });
  }

  /** A rung of the ladder: its record and its supervisor task, due `taskWithin` after today. */
  addEscalation(step: EscalationStep, reason: string, manual: boolean, actor: Actor): Outcome {
    const rung = this.s.policy?.escalation.find((s) => s.step === step);
    const dueAt = rung ? this.dueIn(rung.taskWithin) : null;
    const escalation: CaseEscalationView = {
      id: `${this.view.caseId}:esc:${this.view.escalations.length + 1}:${step}`,
      step,
      reason,
      manual,
      triggeredAt: this.ctx.now,
      dueAt,
      status: 'open',
    };
    this.view.escalations.push(escalation);
    // The ladder's 升级督办 rung (`level-raise-authority`): the 提级督办函 asks the authority above the listing level to
    // take the case over, so the task is theirs (on their home page); the raise is their `raise-level` command.
    const above =
      step === 'level_raise' && !manual && this.has('level-raise-authority') && this.view.level
        ? levelAbove(this.view.level)
        : undefined;
    const tasks = above
      ? [
          this.openTask(
            `escalation:${step}`,
            `${stepLabel(step)}：${reason}（提请上级提级督办）`,
            'supervisor',
            dueAt,
            undefined,
            authorityPath(this.view.regionPath, above),
          ),
        ]
      : [this.openTask(`escalation:${step}`, `${stepLabel(step)}：${reason}`, 'supervisor', dueAt)];
    if (step === 'level_raise' && !this.has('level-raise-authority')) this.view.details.levelRaised = true;
    return {
      type: 'escalated',
      actor,
      payload: { escalationId: escalation.id, step, reason, manual },
      openTasks: tasks,
      escalations: [escalation],
    };
  }

  /**
   * The case ends (closed, withdrawn, not a major hazard): every open task is cancelled and every open rung is
   * closed by the system with the reason, instead of recorded as done by whoever ended the case. Rules 1 closed
   * them all as done.
   */
  endCase(
    reason: string,
    keepDone: (t: CaseTaskView) => boolean = () => false,
  ): Pick<Outcome, 'closeTaskIds' | 'cancelTasks' | 'escalations'> {
    if (!this.v2) return { closeTaskIds: this.closeTasks(() => true) };
    const done = this.closeTasks(keepDone);
    const cancelled = this.closeTasks(() => true);
    delete this.view.details.pendingSuspension;
    // Nothing runs on a case that has ended: no deadline, no reminder, no rung, no report due.
    this.s.alarms = [];
    if (this.view.details.overdueClocks) {
      delete this.view.details.overdueClocks;
      this.view.overdue = false;
      this.view.overdueSince = null;
      this.view.details.overdueParty = null;
    }
    const rungs: CaseEscalationView[] = [];
    for (const e of this.view.escalations) {
      if (e.status !== 'open') continue;
      e.status = 'cancelled';
      e.outcome = `系统关闭：${reason}`;
      e.closedReason = reason;
      e.closedAt = this.ctx.now;
      rungs.push(e);
    }
    return {
      ...(done.length ? { closeTaskIds: done } : {}),
      ...(cancelled.length ? { cancelTasks: { ids: cancelled, reason } } : {}),
      ...(rungs.length ? { escalations: rungs } : {}),
    };
  }

  /** An undecided 停表 request is dropped (the case moved on): its task cancelled, its clock stopped. */
  dropSuspensionRequest(reason: string): Outcome['cancelTasks'] | undefined {
    if (!this.view.details.pendingSuspension) return undefined;
    delete this.view.details.pendingSuspension;
    this.meetClock('decide_suspension');
    const ids = this.closeTasks((t) => t.kind === 'decide_suspension');
    return ids.length ? { ids, reason } : undefined;
  }

  /** Tasks the rules closed on the way (a late step's reminders, once the step is done): the adapter records them. */
  readonly closedOnTheWay: string[] = [];

  /** 监管逾期阶梯: the rungs of policy.supervisorLadder for the supervisor's step missed at `missedAt`. */
  startSupervision(step: string, missedAt: string): void {
    if (!this.has('supervisory-ladder') || !this.s.policy) return;
    const ladder = this.policy.supervisorLadder ?? DEFAULT_POLICY.supervisorLadder;
    const fired = this.dates(
      shanghaiDateOf(missedAt),
      ladder.map((r) => r.after),
    );
    ladder.forEach((r, index) => {
      const at = r.after.amount === 0 ? missedAt : fired[index]!.startOfWorkday;
      this.s.alarms.push({ kind: 'supervisory', at, clock: false, step, index });
    });
  }
  /** The late step was done: its rungs stop, their reminders close. */
  endSupervision(step: string): void {
    if (!this.has('supervisory-ladder')) return;
    this.s.alarms = this.s.alarms.filter((a) => !(a.kind === 'supervisory' && a.step === step));
    this.closedOnTheWay.push(...this.closeTasks((t) => t.kind === `supervise:${step}`));
  }
  /** A rung of the supervisory ladder: the reminder to whom it names, visible on that person's home page. */
  supervisoryRung(step: string, index: number): Outcome {
    const ladder = this.policy.supervisorLadder ?? DEFAULT_POLICY.supervisorLadder;
    const rung = ladder[index]!;
    const v = this.view;
    const late = deadlineKindLabel(step);
    const segments = v.regionPath.split('/').filter(Boolean);
    const listedAt = v.level ? listingLevelDepth[v.level] : segments.length;
    const above = `${segments.slice(0, Math.max(1, listedAt - 1)).join('/')}/`;
    const due = this.dueIn({ amount: 1, unit: 'working' });
    const task =
      rung.notify === 'leader'
        ? this.openTask(
            `supervise:${step}`,
            `督促办理：${late}已逾期（包案领导）`,
            'leader',
            due,
            v.owningLeaderId,
          )
        : rung.notify === 'committee'
          ? this.openTask(
              `supervise:${step}`,
              `督办：${late}已逾期（上级安委办）`,
              'supervisor',
              due,
              undefined,
              above,
            )
          : this.openTask(`supervise:${step}`, `催办：${late}已逾期`, 'supervisor', due);
    const t = this.view.openTasks.at(-1)!;
    if (rung.notify === 'leader') t.assigneeRegionPath = task.assigneeRegionPath = v.regionPath;
    return {
      type: 'supervisory_escalated',
      actor: SYSTEM,
      payload: { deadlineKind: step, rung: index + 1, notify: rung.notify, taskId: task.id },
      openTasks: [task],
    };
  }

  /**
   * 进展报告周期: the next report is due one period after `from` (a Shanghai date): its alarm and its task. Any
   * earlier alarm of the cycle is replaced.
   */
  armProgress(from: string): TaskSpec {
    const [next] = this.dates(from, [this.policy.progressReportEvery]);
    this.s.alarms = this.s.alarms.filter((a) => a.kind !== 'progress_due');
    this.s.alarms.push({ kind: 'progress_due', at: next!.endOfDay, clock: true });
    return this.openTask('report_progress', '报送整改进展', 'enterprise', next!.endOfDay);
  }

  /**
   * A progress report was not made by `dueAt` (fix 6): the miss is counted, the missed period's task is closed by
   * the system, the next period is armed with its task, and the rung `policy.progressReportMisses` names for this
   * many misses in a row starts (a second event, `escalated`, so its document is issued as for any rung).
   */
  progressMissed(dueAt: string): Outcome[] {
    const v = this.view;
    const misses = (v.details.progressReportMisses ?? 0) + 1;
    const inRow = (v.details.progressMissesInRow ?? 0) + 1;
    v.details.progressReportMisses = misses;
    v.details.progressMissesInRow = inRow;
    const reason = `第${misses}次未按期报送整改进展（应于${shanghaiDateOf(dueAt)}前报送）`;
    const missed = this.closeTasks((t) => t.kind === 'report_progress');
    const task = this.armProgress(shanghaiDateOf(dueAt));
    const out: Outcome[] = [
      {
        type: 'progress_report_missed',
        actor: SYSTEM,
        payload: { dueAt, misses, missesInRow: inRow, nextDueAt: task.dueAt },
        openTasks: [task],
        ...(missed.length ? { cancelTasks: { ids: missed, reason } } : {}),
      },
    ];
    const ladder = this.policy.progressReportMisses ?? DEFAULT_PROGRESS_MISSES;
    const rung = ladder.find((r) => r.misses === inRow);
    if (rung) out.push(this.addEscalation(rung.step, `连续${inRow}次未按期报送整改进展`, false, SYSTEM));
    return out;
  }

  /**
   * 剩余工作日: the working days after today up to and including the Shanghai date of `deadline` (0 when it is today or
   * past), on the official calendar. Not a deadline of the case: asked of the context directly, no estimate noted.
   */
  workingDaysLeft(deadline: string): number {
    const from = this.today();
    const to = shanghaiDateOf(deadline);
    if (to <= from) return 0;
    const span = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
    const counts = Array.from({ length: span }, (_, i): Duration => ({ amount: i + 1, unit: 'working' }));
    return this.ctx.dates(from, counts).filter((d) => d.date <= to).length;
  }

  /** 停表: the enterprise's clock stops now; with `suspension-request` the working days left are kept. */
  stopClock(
    reason: string,
    extra: Partial<NonNullable<CaseState['view']['details']['suspension']>> = {},
  ): void {
    const v = this.view;
    v.status = 'suspended';
    v.suspended = true;
    this.s.suspendedAt = this.ctx.now;
    v.details.suspension = {
      reason,
      since: this.ctx.now,
      remainingMs: Date.parse(v.deadline!) - Date.parse(this.ctx.now),
      ...(this.has('suspension-request') || extra.days !== undefined
        ? { remainingWorkingDays: this.workingDaysLeft(v.deadline!) }
        : {}),
      ...extra,
    };
  }

  /**
   * 恢复计时: the clock restarts. Kept working days (fix 11): the rectification deadline is today + the working days
   * that were left (reminders and the extension cutoff follow it); otherwise every running deadline moves by the
   * time paused, as before. The other alarms on the enterprise's clock (progress report, rungs, 书面承诺) move by
   * the pause either way.
   */
  resumeClock(actor: Actor, note: string | undefined, automatic?: { on: string }): Outcome {
    const v = this.view;
    const pausedMs = Date.parse(this.ctx.now) - Date.parse(this.s.suspendedAt!);
    const shift = (iso: string) => new Date(Date.parse(iso) + pausedMs).toISOString();
    const kept = v.details.suspension?.remainingWorkingDays;
    this.s.alarms = this.s.alarms
      .filter((a) => a.kind !== 'suspension_end')
      .map((a) => (a.clock ? { ...a, at: shift(a.at) } : a));
    let deadline: string | null = null;
    if (kept === undefined) {
      v.deadline = v.deadline && shift(v.deadline);
      v.rectificationDeadline = v.rectificationDeadline && shift(v.rectificationDeadline);
      this.s.extensionCutoff = this.s.extensionCutoff && shift(this.s.extensionCutoff);
      if (this.v2) v.details.extensionCutoff = this.s.extensionCutoff;
      v.openTasks.forEach((t) => {
        if (t.assigneeRole === 'enterprise' && t.dueAt) t.dueAt = shift(t.dueAt);
      });
    } else {
      // At the approved end, counted from the last day of the 停表 (its timer fires just after that day ends).
      const from = automatic?.on ?? this.today();
      deadline = this.dates(from, [{ amount: kept, unit: 'working' }])[0]!.endOfDay;
      v.rectificationDeadline = deadline;
      this.scheduleRectification(deadline);
      // The policy's limit counts from the listing: the days the clock stood still are not counted.
      const limit = v.details.rectificationLimit;
      const since = v.details.suspension?.since;
      if (limit && since) {
        const pausedDays = Math.round(
          (Date.parse(`${from}T00:00:00Z`) - Date.parse(`${shanghaiDateOf(since)}T00:00:00Z`)) / 86_400_000,
        );
        v.details.rectificationLimit = addCalendarDays(limit, pausedDays);
      }
      v.openTasks.forEach((t) => {
        if (t.assigneeRole !== 'enterprise' || !t.dueAt) return;
        t.dueAt = t.kind === 'rectify' ? deadline : shift(t.dueAt);
      });
    }
    v.status = 'rectifying';
    v.suspended = false;
    v.details.suspensions = [
      ...(v.details.suspensions ?? []),
      {
        ...v.details.suspension,
        resumedAt: this.ctx.now,
        note,
        ...(automatic ? { automatic: true } : {}),
        ...(deadline ? { newDeadline: deadline } : {}),
      },
    ];
    delete v.details.suspension;
    this.s.suspendedAt = null;
    return {
      type: 'resumed',
      actor,
      payload: {
        ...(note !== undefined ? { note } : {}),
        pausedMs,
        ...(automatic ? { automatic: true } : {}),
        ...(kept !== undefined ? { remainingWorkingDays: kept, newDeadline: deadline } : {}),
      },
      retimeTasks: v.openTasks
        .filter((t) => t.assigneeRole === 'enterprise')
        .map((t) => ({ id: t.id, dueAt: t.dueAt })),
    };
  }

  ladderReason(): string {
    return `${deadlineKindLabel(this.view.deadlineKind === 'plan' || this.view.deadlineKind === 'rectification' ? this.view.deadlineKind : null)}逾期未完成`;
  }
}
