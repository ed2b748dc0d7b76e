/**
 * The case's rules as one table: a row per command with its wire name (the workflow Update), its console action
 * (the API route under /api/cases/{id}/), its input schema, who may issue it and in which states, the guard that
 * refuses it and the decision that applies it. The workflow's validators and handlers, the API's 403/409/422 and
 * the console's buttons all read these rows (docs/adr/0011-case-table-of-rules.md). Pure: no I/O, no Temporal.
 */
import type { ZodType } from 'zod';
import type { CaseStatus } from '../case-status.js';
import { commandSchemas, penaltySteps, type CommandSchemas } from '../command-schemas.js';
import type { Actor, ExpertOpinion, InvitedExpert, ReportCaseInput } from '../commands.js';
import { DEFAULT_POLICY, type CasePolicy } from '../policy.js';
import type { ActorRole } from '../roles.js';
import { Draft, endOfShanghaiDay, shanghaiDateOf, SYSTEM, type DecideCtx, type Outcome } from './draft.js';
import {
  DECIDERS,
  ENTERPRISE,
  authorityPath,
  levelAbove,
  listingLevelLabels,
  SUPERVISORS,
  UNDER_SUPERVISION,
  listingLevelDepth,
  roleLabel,
  statusLabel,
  terminalStatuses,
} from './labels.js';
import type { Alarm, CaseEscalationView, CaseState, TaskSpec } from './model.js';
import { conflict, forbidden, invalid, type CaseRefusal } from './refusal.js';

export type { DecideCtx, Outcome } from './draft.js';

type Schemas = CommandSchemas;
type Input<K extends keyof Schemas> = Schemas[K] extends ZodType<infer T> ? T : never;

/** What a guard sees besides the state: who, and when. */
export interface GuardCtx {
  /** Now, as an ISO instant. */
  now: string;
}

/** The decision of a row: the next state and what to record, or a refusal found only with the loaded policy. */
export type Decision =
  | {
      state: CaseState;
      outcome: Outcome;
      /** Rules 1 cleared the overdue flag only after recording the judgement: the adapter does it then. */
      clearOverdueAfter?: boolean;
    }
  | { refusal: CaseRefusal };

export interface CaseCommand<K extends keyof Schemas = keyof Schemas> {
  /** The console's action and the API route under /api/cases/{id}/. */
  action: string;
  /** The workflow Update's name: on the wire and in committed histories, never renamed. */
  wire: string;
  schema: K;
  /** What the command does, for refusals: "无权{label}". */
  label: string;
  roles: readonly ActorRole[];
  /** The enterprise acting must be the case's responsible enterprise (admins too may act). */
  ownEnterprise?: boolean;
  /** The states it is allowed in; 'open': any non-terminal state. */
  states: readonly CaseStatus[] | 'open';
  /** Refusals that do not depend on the input (what the console may offer). */
  may?: (s: CaseState, actor: Actor, ctx: GuardCtx) => CaseRefusal | undefined;
  /** Refusals that depend on the parsed input. */
  check?: (s: CaseState, actor: Actor, input: Input<K>, ctx: GuardCtx) => CaseRefusal | undefined;
  /** The I/O the adapter does before deciding: load the policy in force (listing). */
  loadsPolicy?: boolean;
  decide: (d: Draft, input: Input<K>, actor: Actor) => Outcome | CaseRefusal;
}

const row = <K extends keyof Schemas>(r: CaseCommand<K>): CaseCommand => r as unknown as CaseCommand;

const isTerminal = (s: CaseStatus) => terminalStatuses.includes(s);
const round = (s: CaseState) => s.view.acceptanceFailures + 1;
const invitedNow = (s: CaseState): InvitedExpert[] =>
  (s.view.details.invitedExperts ?? []).filter((e) => e.round === round(s));
const opinionsNow = (s: CaseState): ExpertOpinion[] =>
  (s.view.details.expertOpinions ?? []).filter((o) => o.round === round(s));
const today = (ctx: GuardCtx) => shanghaiDateOf(ctx.now);
const depth = (path: string | null | undefined) => (path ? path.split('/').filter(Boolean).length : 0);

/**
 * Whether `actor` is the listing authority of the case or above it: its region contains the case's and is at the
 * listing level or higher (挂牌层级: 省 1, 市 2, 县 3, 乡 4 segments of the region path). Administrators are.
 */
export function atOrAboveListing(s: CaseState, actor: Actor, strictlyAbove = false): boolean {
  if (actor.role === 'admin') return true;
  const level = s.view.level;
  if (!level || !actor.regionPath || !s.view.regionPath.startsWith(actor.regionPath)) return false;
  const d = depth(actor.regionPath);
  return strictlyAbove ? d < listingLevelDepth[level] : d <= listingLevelDepth[level];
}

/** The latest rectification deadline the policy allows (set at listing), as a Shanghai date. */
const rectificationLimit = (s: CaseState): string | undefined =>
  s.view.details.rectificationLimit as string | undefined;
const pastLimit = (s: CaseState, actor: Actor, date: string, field: string): CaseRefusal | undefined => {
  const limit = rectificationLimit(s);
  if (!limit || date <= limit || atOrAboveListing(s, actor, true)) return undefined;
  const max = s.policy?.maxRectification;
  return invalid(
    field,
    `整改期限不能晚于${limit}（${s.view.details.policyName ?? '督办时限规定'}：自挂牌起最长${max?.amount ?? ''}${max?.unit === 'working' ? '个工作日' : '天'}），超出须由上级批准`,
  );
};

/** 停表 limits of the pinned policy (the default for policies pinned before they existed). */
const suspensionPolicy = (s: CaseState) => s.policy?.suspension ?? DEFAULT_POLICY.suspension;
const policyName = (s: CaseState) => s.view.details.policyName ?? '督办时限规定';
/** Suspensions so far: past ones and the one running (a supervisor's own 停表 counts too). */
const suspensionsSoFar = (s: CaseState) =>
  (s.view.details.suspensions?.length ?? 0) + (s.view.details.suspension ? 1 : 0);

// ---------- the table ----------

export const caseCommands: readonly CaseCommand[] = [
  row({
    action: 'judge',
    wire: 'judge',
    schema: 'judgeInput',
    label: '研判隐患',
    roles: SUPERVISORS,
    states: ['reported'],
    decide(d, input, actor) {
      if (input.decision === 'major') {
        d.view.status = 'judged';
        d.view.clauseId = input.clauseId;
        d.setDeadline(d.dueIn(d.policy.judgeWithin), 'listing', 'supervisor');
        const closed = d.closeTasks((t) => t.kind === 'judge');
        const task = d.openTask('list', '挂牌督办', 'supervisor', d.view.deadline);
        if (d.v2) d.clearOverdue();
        else d.after = 'clearOverdue';
        return { type: 'judged', actor, payload: { ...input }, openTasks: [task], closeTaskIds: closed };
      }
      d.view.status = input.decision === 'general' ? 'downgraded' : 'dismissed';
      d.setDeadline(null, null, null);
      const ended = d.endCase(
        input.decision === 'general' ? '研判为一般事故隐患，督办结束' : '研判不构成隐患，督办结束',
        (t) => t.kind === 'judge',
      );
      if (d.v2) d.clearOverdue();
      else d.after = 'clearOverdue';
      return { type: 'judged', actor, payload: { ...input }, ...ended };
    },
  }),
  row({
    action: 'list',
    wire: 'list',
    schema: 'listInput',
    label: '挂牌督办',
    roles: SUPERVISORS,
    states: ['judged'],
    loadsPolicy: true,
    // The plan deadline that listing starts is the enterprise's: a case reported without one (a public 举报) is listed
    // only once its responsible enterprise is attached (关联责任企业).
    may: (s) =>
      s.view.enterpriseId
        ? undefined
        : invalid('enterpriseId', '挂牌督办前须先关联责任企业（本案件报告时未关联企业）'),
    check: (_s, _a, input, ctx) =>
      input.rectificationDeadline <= today(ctx)
        ? invalid('rectificationDeadline', '整改期限必须晚于今天')
        : undefined,
    decide(d, input, actor) {
      const policy = d.ctx.policy!;
      const [max] = d.dates(d.today(), [policy.maxRectification]);
      if (input.rectificationDeadline > max!.date) {
        return invalid(
          'rectificationDeadline',
          `整改期限不能晚于${max!.date}（${policy.name}：最长${policy.maxRectification.amount}天）`,
        );
      }
      d.s.policy = policy; // pinned: later policy versions never alter this case
      d.view.details.policyName = policy.name;
      Object.assign(d.view, {
        status: 'listed' as const,
        level: input.level,
        listingAuthority: input.listingAuthority,
        supervisingUnit: input.supervisingUnit,
        owningLeaderId: input.owningLeaderId,
        rectificationDeadline: endOfShanghaiDay(input.rectificationDeadline),
      });
      d.view.details.interimControls = { controls: input.interimControls, note: input.interimControlsNote };
      d.view.details.listedAt = d.ctx.now;
      if (d.v2) d.view.details.rectificationLimit = max!.date;
      d.clearOverdue();
      const [publishBy, planBy] = d.dates(d.today(), [policy.publishListingWithin, policy.planWithin]);
      d.setDeadline(planBy!.endOfDay, 'plan', 'enterprise');
      const closed = d.closeTasks((t) => t.kind === 'list');
      d.armClock('publish_listing', publishBy!.endOfDay);
      const tasks = [
        d.openTask('publish_listing', '挂牌公示', 'supervisor', publishBy!.endOfDay),
        d.openTask('submit_plan', '提交整改方案', 'enterprise', planBy!.endOfDay),
      ];
      return {
        type: 'listed',
        actor,
        payload: { ...input, documentId: null, policy: policy.name },
        openTasks: tasks,
        closeTaskIds: closed,
      };
    },
  }),
  row({
    action: 'confirm-publication',
    wire: 'confirmPublication',
    schema: 'confirmPublicationInput',
    label: '确认公示',
    roles: SUPERVISORS,
    states: [...UNDER_SUPERVISION, 'accepted', 'signed_off'],
    may: (s) =>
      s.view.status !== 'signed_off' && s.listingPublished ? conflict('挂牌信息已公示') : undefined,
    check(s, _a, input) {
      if (input.kind === 'listing') {
        if (s.listingPublished) return conflict('挂牌信息已公示');
        if (![...UNDER_SUPERVISION, 'accepted'].includes(s.view.status))
          return conflict(`案件当前状态为“${statusLabel(s.view.status)}”，不能确认挂牌公示`);
      } else if (s.view.status !== 'signed_off') {
        return conflict(`案件当前状态为“${statusLabel(s.view.status)}”，不能确认销号公示`);
      }
      return undefined;
    },
    decide(d, input, actor) {
      if (input.kind === 'listing') {
        d.s.listingPublished = true;
        d.view.details.listingPublication = input;
        d.meetClock('publish_listing');
        const closed = d.closeTasks((t) => t.kind === 'publish_listing');
        return { type: 'listing_published', actor, payload: { ...input }, closeTaskIds: closed };
      }
      d.view.details.delistingPublication = input;
      d.view.status = 'closed';
      d.setDeadline(null, null, null);
      const ended = d.endCase('案件已闭环', (t) => t.kind === 'publish_delisting');
      return { type: 'closed', actor, payload: { ...input }, ...ended };
    },
  }),
  row({
    action: 'submit-plan',
    wire: 'submitPlan',
    schema: 'submitPlanInput',
    label: '提交整改方案',
    roles: ENTERPRISE,
    ownEnterprise: true,
    states: ['listed'],
    check: (s, _a, input) =>
      s.view.rectificationDeadline && endOfShanghaiDay(input.timeLimit) > s.view.rectificationDeadline
        ? invalid(
            'timeLimit',
            `整改时限不能晚于挂牌确定的整改期限${shanghaiDateOf(s.view.rectificationDeadline)}`,
          )
        : undefined,
    decide(d, input, actor) {
      d.view.status = 'plan_submitted';
      d.view.details.plan = { ...input, submittedAt: d.ctx.now, submittedBy: actor.name };
      if (d.view.overdue && d.s.deadlineOwner === 'enterprise') d.clearOverdue();
      d.setDeadline(d.dueIn(d.policy.planReviewWithin), 'plan_review', 'supervisor');
      const closed = d.closeTasks((t) => t.kind === 'submit_plan');
      const task = d.openTask('review_plan', '审核整改方案', 'supervisor', d.view.deadline);
      return {
        type: 'plan_submitted',
        actor,
        payload: { ...input },
        openTasks: [task],
        closeTaskIds: closed,
      };
    },
  }),
  row({
    action: 'review-plan',
    wire: 'reviewPlan',
    schema: 'reviewPlanInput',
    label: '审核整改方案',
    roles: SUPERVISORS,
    states: ['plan_submitted'],
    decide(d, input, actor) {
      const closed = d.closeTasks((t) => t.kind === 'review_plan');
      d.view.details.planReviews = [
        ...(d.view.details.planReviews ?? []),
        { ...input, by: actor.name, at: d.ctx.now },
      ];
      if (input.decision === 'approve') {
        d.view.status = 'rectifying';
        d.scheduleRectification(d.view.rectificationDeadline!);
        const [nextReport] = d.dates(d.today(), [d.policy.progressReportEvery]);
        d.s.alarms.push({ kind: 'progress_due', at: nextReport!.endOfDay, clock: true });
        const tasks = [
          d.openTask('rectify', '按方案整改并申请验收', 'enterprise', d.view.deadline),
          d.openTask('report_progress', '报送整改进展', 'enterprise', nextReport!.endOfDay),
        ];
        return {
          type: 'plan_approved',
          actor,
          payload: { ...input },
          openTasks: tasks,
          closeTaskIds: closed,
        };
      }
      d.view.status = 'listed';
      d.view.planReturns += 1;
      d.setDeadline(d.dueIn(d.policy.planWithin), 'plan', 'enterprise');
      const task = d.openTask(
        'submit_plan',
        `修改并重新提交整改方案（退回理由：${input.reason}）`,
        'enterprise',
        d.view.deadline,
      );
      return { type: 'plan_returned', actor, payload: { ...input }, openTasks: [task], closeTaskIds: closed };
    },
  }),
  row({
    action: 'report-progress',
    wire: 'reportProgress',
    schema: 'reportProgressInput',
    label: '报送整改进展',
    roles: ENTERPRISE,
    ownEnterprise: true,
    states: ['rectifying', 'suspended'],
    decide(d, input, actor) {
      d.view.details.progressReports = [
        ...(d.view.details.progressReports ?? []),
        { ...input, at: d.ctx.now },
      ];
      const closed = d.closeTasks((t) => t.kind === 'report_progress');
      if (d.has('progress-cycle')) d.view.details.progressMissesInRow = 0;
      d.s.alarms = d.s.alarms.filter((a) => a.kind !== 'progress_due');
      const [next] = d.dates(d.today(), [d.policy.progressReportEvery]);
      d.s.alarms.push({ kind: 'progress_due', at: next!.endOfDay, clock: true });
      const task = d.openTask('report_progress', '报送整改进展', 'enterprise', next!.endOfDay);
      return {
        type: 'progress_reported',
        actor,
        payload: { ...input },
        openTasks: [task],
        closeTaskIds: closed,
      };
    },
  }),
  row({
    action: 'request-extension',
    wire: 'requestExtension',
    schema: 'requestExtensionInput',
    label: '申请延期',
    roles: ENTERPRISE,
    ownEnterprise: true,
    states: ['rectifying'],
    may(s, _a, ctx) {
      const policy = s.policy;
      if (s.view.details.pendingExtension) return conflict('已有待审批的延期申请');
      if (policy && s.view.extensionCount >= policy.extension.maxCount)
        return conflict(`延期次数已达上限（${policy.extension.maxCount}次）`);
      if (s.extensionCutoff && Date.parse(ctx.now) > Date.parse(s.extensionCutoff)) {
        const b = policy?.extension.requestAtLeastBefore ?? { amount: 0, unit: 'working' };
        return conflict(
          `延期申请须在整改期限前${b.amount}个${b.unit === 'working' ? '工作日' : '自然日'}提出（最迟${shanghaiDateOf(s.extensionCutoff)}），已逾期不能申请`,
        );
      }
      return undefined;
    },
    check: (s, _a, input) =>
      endOfShanghaiDay(input.newDeadline) <= (s.view.deadline ?? '')
        ? invalid('newDeadline', '延期后的期限必须晚于当前整改期限')
        : undefined,
    decide(d, input, actor) {
      d.view.details.pendingExtension = { ...input, requestedAt: d.ctx.now };
      const due = d.dueIn(d.policy.extension.decideWithin);
      d.armClock('decide_extension', due);
      const task = d.openTask(
        'decide_extension',
        `审批延期申请（申请延至${input.newDeadline}）`,
        'supervisor',
        due,
      );
      return { type: 'extension_requested', actor, payload: { ...input }, openTasks: [task] };
    },
  }),
  row({
    action: 'decide-extension',
    wire: 'decideExtension',
    schema: 'decideExtensionInput',
    label: '审批延期申请',
    roles: SUPERVISORS,
    states: 'open',
    may: (s) => (s.view.details.pendingExtension ? undefined : conflict('没有待审批的延期申请')),
    check(s, actor, input) {
      if (!input.approve) return undefined;
      const date = input.newDeadline ?? s.view.details.pendingExtension!.newDeadline;
      if (input.newDeadline && endOfShanghaiDay(input.newDeadline) <= (s.view.deadline ?? ''))
        return invalid('newDeadline', '延期后的期限必须晚于当前整改期限');
      return pastLimit(s, actor, date, 'newDeadline');
    },
    decide(d, input, actor) {
      const pending = d.view.details.pendingExtension!;
      delete d.view.details.pendingExtension;
      d.view.details.extensions = [
        ...(d.view.details.extensions ?? []),
        { ...pending, ...input, decidedAt: d.ctx.now },
      ];
      const closed = d.closeTasks((t) => t.kind === 'decide_extension');
      d.meetClock('decide_extension');
      if (input.approve) {
        const newDeadline = endOfShanghaiDay(input.newDeadline ?? pending.newDeadline);
        d.view.extensionCount += 1;
        d.view.rectificationDeadline = newDeadline;
        if (d.view.overdue) d.clearOverdue();
        d.scheduleRectification(newDeadline);
        d.view.openTasks.forEach((t) => {
          if (t.kind === 'rectify') t.dueAt = newDeadline;
        });
        // Approved while the clock stands: the days left are counted from the new deadline (fix 11).
        const stopped = d.view.details.suspension;
        if (stopped?.remainingWorkingDays !== undefined)
          stopped.remainingWorkingDays = d.workingDaysLeft(newDeadline);
      }
      return {
        type: input.approve ? 'extension_approved' : 'extension_rejected',
        actor,
        payload: { ...input },
        closeTaskIds: closed,
        retimeTasks: d.view.openTasks
          .filter((t) => t.kind === 'rectify')
          .map((t) => ({ id: t.id, dueAt: t.dueAt })),
      };
    },
  }),
  row({
    action: 'suspend',
    wire: 'suspend',
    schema: 'suspendInput',
    label: '批准停表',
    roles: SUPERVISORS,
    states: ['rectifying'],
    // The enterprise's own request is decided as such (停表审批), not overtaken by a second suspension.
    may: (s) => (s.view.details.pendingSuspension ? conflict('企业已申请停表，请审批该申请') : undefined),
    decide(d, input, actor) {
      d.stopClock(input.reason);
      return { type: 'suspended', actor, payload: { ...input } };
    },
  }),
  row({
    action: 'resume',
    wire: 'resume',
    schema: 'resumeInput',
    label: '恢复计时',
    roles: SUPERVISORS,
    states: ['suspended'],
    decide(d, input, actor) {
      const out = d.resumeClock(actor, input.note);
      return { ...out, payload: { ...input, ...out.payload } };
    },
  }),
  row({
    action: 'request-suspension',
    wire: 'requestSuspension',
    schema: 'requestSuspensionInput',
    label: '申请停表',
    roles: ENTERPRISE,
    ownEnterprise: true,
    states: ['rectifying'],
    may(s, _a, ctx) {
      const cap = suspensionPolicy(s);
      if (s.view.details.pendingSuspension) return conflict('已有待审批的停表申请');
      if (s.view.details.pendingExtension) return conflict('已有待审批的延期申请，审批后再申请停表');
      if (suspensionsSoFar(s) >= cap.maxCount) return conflict(`停表次数已达上限（${cap.maxCount}次）`);
      if (s.view.deadline && s.view.deadline <= ctx.now) return conflict('整改期限已过，不能申请停表');
      return undefined;
    },
    check(s, _a, input) {
      const cap = suspensionPolicy(s);
      return input.days > cap.maxWorkingDays
        ? invalid('days', `申请停表天数不能超过${cap.maxWorkingDays}个工作日（${policyName(s)}）`)
        : undefined;
    },
    decide(d, input, actor) {
      const cap = suspensionPolicy(d.s);
      d.view.details.pendingSuspension = { ...input, requestedAt: d.ctx.now, requestedBy: actor.name };
      const due = d.dueIn(cap.decideWithin);
      d.armClock('decide_suspension', due);
      const task = d.openTask(
        'decide_suspension',
        `审批停表申请（申请停表${input.days}个工作日）`,
        'supervisor',
        due,
      );
      return { type: 'suspension_requested', actor, payload: { ...input }, openTasks: [task] };
    },
  }),
  row({
    action: 'decide-suspension',
    wire: 'decideSuspension',
    schema: 'decideSuspensionInput',
    label: '审批停表申请',
    roles: SUPERVISORS,
    states: ['rectifying'],
    // 停表 is decided by the listing authority (挂牌单位) or above, as 销号 is.
    may: (s, actor) =>
      !s.view.details.pendingSuspension
        ? conflict('没有待审批的停表申请')
        : !atOrAboveListing(s, actor)
          ? forbidden(`停表申请须由挂牌单位（${s.view.listingAuthority ?? '挂牌单位'}）或其上级审批`)
          : undefined,
    check(s, _a, input) {
      const cap = suspensionPolicy(s);
      if (input.approve && input.days !== undefined && input.days > cap.maxWorkingDays)
        return invalid('days', `核定停表天数不能超过${cap.maxWorkingDays}个工作日（${policyName(s)}）`);
      return undefined;
    },
    decide(d, input, actor) {
      const cap = suspensionPolicy(d.s);
      const pending = d.view.details.pendingSuspension!;
      delete d.view.details.pendingSuspension;
      d.view.details.suspensionRequests = [
        ...(d.view.details.suspensionRequests ?? []),
        { ...pending, ...input, decidedAt: d.ctx.now, decidedBy: actor.name },
      ];
      const closed = d.closeTasks((t) => t.kind === 'decide_suspension');
      d.meetClock('decide_suspension');
      if (!input.approve)
        return { type: 'suspension_rejected', actor, payload: { ...input }, closeTaskIds: closed };
      // A request above the cap (the policy changed? no: pinned) is granted at most the cap.
      const days = Math.min(input.days ?? pending.days, cap.maxWorkingDays);
      const [until] = d.dates(d.today(), [{ amount: days, unit: 'working' }]);
      d.stopClock(pending.reason, {
        days,
        until: until!.date,
        documentIds: pending.documentIds,
        requestedBy: pending.requestedBy,
        decidedBy: actor.name,
      });
      d.s.alarms.push({ kind: 'suspension_end', at: until!.endOfDay, clock: false });
      return {
        type: 'suspended',
        actor,
        payload: {
          ...input,
          request: true,
          days,
          until: until!.date,
          reason: input.reason ?? pending.reason,
          requestReason: pending.reason,
          documentIds: pending.documentIds,
          remainingWorkingDays: d.view.details.suspension!.remainingWorkingDays,
        },
        closeTaskIds: closed,
      };
    },
  }),
  row({
    action: 'apply-acceptance',
    wire: 'applyAcceptance',
    schema: 'applyAcceptanceInput',
    label: '申请验收',
    roles: ENTERPRISE,
    ownEnterprise: true,
    states: ['rectifying'],
    decide(d, input, actor) {
      // A 停表 request still undecided is moot once the enterprise applies for acceptance: withdrawn by the system.
      const moot = d.dropSuspensionRequest('已申请验收，停表申请不再审批');
      d.view.status = 'acceptance_requested';
      d.view.details.acceptanceApplication = { ...input, appliedAt: d.ctx.now };
      // The enterprise has complied: the ladder stops here.
      d.clearOverdue();
      d.s.alarms = d.s.alarms.filter((a) => a.kind !== 'progress_due');
      d.setDeadline(d.dueIn(d.policy.acceptanceWithin), 'acceptance', 'supervisor');
      const closed = d.closeTasks((t) => t.kind === 'rectify' || t.kind === 'report_progress');
      const task = d.openTask('hold_acceptance', '组织验收', 'supervisor', d.view.deadline);
      return {
        type: 'acceptance_requested',
        actor,
        payload: { ...input },
        openTasks: [task],
        closeTaskIds: closed,
        ...(moot ? { cancelTasks: moot } : {}),
      };
    },
  }),
  row({
    action: 'invite-experts',
    wire: 'inviteExperts',
    schema: 'inviteExpertsInput',
    label: '邀请专家',
    roles: SUPERVISORS,
    states: ['acceptance_requested'],
    check(s, _a, input) {
      // Refused, not ignored: the audit trail would otherwise record an invitation that changed nothing.
      const again = input.experts.filter((e) => invitedNow(s).some((i) => i.id === e.id));
      return again.length > 0
        ? conflict(`${again.map((e) => e.name).join('、')}已受邀参加本次验收`)
        : undefined;
    },
    decide(d, input, actor) {
      const r = round(d.s);
      const invited: InvitedExpert[] = input.experts.map((e) => ({
        id: e.id,
        name: e.name,
        invitedAt: d.ctx.now,
        invitedBy: actor.name,
        round: r,
        ...(input.note ? { note: input.note } : {}),
      }));
      d.view.details.invitedExperts = [...(d.view.details.invitedExperts ?? []), ...invited];
      // Each expert's own task, due with the acceptance itself (验收期限).
      const tasks = input.experts.map((e) =>
        d.openTask('expert_opinion', `提出验收意见（${e.name}）`, 'expert', d.view.deadline, e.id),
      );
      return { type: 'experts_invited', actor, payload: { ...input, round: r }, openTasks: tasks };
    },
  }),
  row({
    action: 'submit-expert-opinion',
    wire: 'submitExpertOpinion',
    schema: 'submitExpertOpinionInput',
    label: '提交专家意见',
    roles: ['expert'],
    states: ['acceptance_requested'],
    may(s, actor) {
      if (!invitedNow(s).some((e) => e.id === actor.id))
        return forbidden('只有受邀参加本次验收的专家可以提交意见');
      if (opinionsNow(s).some((o) => o.expertId === actor.id)) return conflict('您已提交本次验收的专家意见');
      return undefined;
    },
    decide(d, input, actor) {
      const me = invitedNow(d.s).find((e) => e.id === actor.id)!;
      const r = round(d.s);
      const opinion: ExpertOpinion = {
        expertId: me.id,
        expertName: me.name,
        opinion: input.opinion,
        recommendation: input.recommendation,
        at: d.ctx.now,
        round: r,
      };
      d.view.details.expertOpinions = [...(d.view.details.expertOpinions ?? []), opinion];
      const closed = d.closeTasks((t) => t.kind === 'expert_opinion' && t.assigneeUserId === me.id);
      return {
        type: 'expert_opinion_submitted',
        actor,
        payload: { ...input, expertId: me.id, expertName: me.name, round: r },
        closeTaskIds: closed,
      };
    },
  }),
  row({
    action: 'record-acceptance',
    wire: 'recordAcceptance',
    schema: 'recordAcceptanceInput',
    label: '记录验收结果',
    roles: [...SUPERVISORS, 'expert'],
    states: ['acceptance_requested'],
    may: (s, actor) =>
      actor.role === 'expert' && !invitedNow(s).some((e) => e.id === actor.id)
        ? forbidden('只有受邀参加本次验收的专家可以记录验收结果')
        : undefined,
    check(s, actor, input, ctx) {
      if (input.passed) return undefined;
      if (input.newDeadline! <= today(ctx)) return invalid('newDeadline', '新的整改期限必须晚于今天');
      return pastLimit(s, actor, input.newDeadline!, 'newDeadline');
    },
    decide(d, input, actor) {
      d.view.details.acceptances = [
        ...(d.view.details.acceptances ?? []),
        { ...input, recordedBy: actor.name, at: d.ctx.now },
      ];
      // The acceptance is decided: invited experts who have not given an opinion are no longer waited for.
      const closed = d.closeTasks((t) => t.kind === 'hold_acceptance' || t.kind === 'expert_opinion');
      if (input.passed) {
        d.view.status = 'accepted';
        d.setDeadline(d.dueIn(d.policy.signOffWithin), 'sign_off', 'supervisor');
        const task = d.openTask('sign_off', '审批销号', 'supervisor', d.view.deadline);
        return {
          type: 'acceptance_passed',
          actor,
          payload: { ...input },
          openTasks: [task],
          closeTaskIds: closed,
        };
      }
      d.view.status = 'rectifying';
      d.view.acceptanceFailures += 1;
      d.view.rectificationDeadline = endOfShanghaiDay(input.newDeadline!);
      d.scheduleRectification(d.view.rectificationDeadline);
      const task = d.openTask(
        'rectify',
        `验收未通过，继续整改（${input.explanation}）`,
        'enterprise',
        d.view.deadline,
      );
      // Back to rectifying: the progress-report cycle restarts from today (it stopped at the application).
      const report = d.has('progress-cycle') ? [d.armProgress(d.today())] : [];
      return {
        type: 'acceptance_failed',
        actor,
        payload: { ...input },
        openTasks: [task, ...report],
        closeTaskIds: closed,
      };
    },
  }),
  row({
    action: 'sign-off',
    wire: 'signOff',
    schema: 'signOffInput',
    label: '批准销号',
    roles: DECIDERS,
    states: ['accepted'],
    // 销号 belongs to the listing authority (挂牌单位) or above: not a street office on a district-listed case.
    // The listing must have been published (挂牌公示) before it is signed off (fix 7): every case, a guard.
    may: (s, actor) =>
      !atOrAboveListing(s, actor)
        ? forbidden(`销号须由挂牌单位（${s.view.listingAuthority ?? '挂牌单位'}）或其上级批准`)
        : !s.listingPublished
          ? conflict('挂牌信息尚未公示，须先确认挂牌公示，再批准销号')
          : undefined,
    decide(d, input, actor) {
      d.view.status = 'signed_off';
      d.view.details.signOff = { ...input, by: actor.name, at: d.ctx.now };
      d.setDeadline(d.dueIn(d.policy.publishDelistingWithin), 'publish_delisting', 'supervisor');
      const closed = d.closeTasks((t) => t.kind === 'sign_off');
      const task = d.openTask('publish_delisting', '销号公示', 'supervisor', d.view.deadline);
      return { type: 'signed_off', actor, payload: { ...input }, openTasks: [task], closeTaskIds: closed };
    },
  }),
  row({
    action: 'withdraw',
    wire: 'withdraw',
    schema: 'withdrawInput',
    label: '撤销挂牌',
    roles: SUPERVISORS,
    states: 'open',
    // After 销号 the listing has ended: only its publication remains, nothing to withdraw.
    may: (s) => (s.view.status === 'signed_off' ? conflict('案件已销号，不能撤销') : undefined),
    decide(d, input, actor) {
      d.view.status = 'withdrawn';
      d.view.details.withdrawal = { ...input, by: actor.name, at: d.ctx.now };
      d.setDeadline(null, null, null);
      d.clearOverdue();
      d.s.alarms = [];
      const ended = d.endCase(`案件已撤销（${input.reason}）`);
      return { type: 'withdrawn', actor, payload: { ...input }, ...ended };
    },
  }),
  row({
    action: 'escalate',
    wire: 'escalate',
    schema: 'escalateInput',
    label: '升级督办',
    roles: SUPERVISORS,
    states: UNDER_SUPERVISION,
    // 提级督办 changes who lists the case: its own command (raise-level), by the listing authority or above.
    check: (_s, _a, input) =>
      input.step === 'level_raise'
        ? invalid('step', '提级督办请使用“提级督办”办理：由挂牌单位或其上级决定提级后的层级和挂牌单位')
        : undefined,
    decide: (d, input, actor) => d.addEscalation(input.step, input.reason, true, actor),
  }),
  row({
    action: 'raise-level',
    wire: 'raiseLevel',
    schema: 'raiseLevelInput',
    label: '提级督办',
    roles: SUPERVISORS,
    states: UNDER_SUPERVISION,
    // The listing authority raises its own listing; a higher authority takes it over (the usual 提级督办).
    may: (s, actor) => {
      if (!s.view.level) return conflict('案件尚未挂牌，不能提级督办');
      if (!levelAbove(s.view.level)) return conflict('案件已是省级挂牌督办，不能再提级');
      return atOrAboveListing(s, actor)
        ? undefined
        : forbidden(`提级督办须由挂牌单位（${s.view.listingAuthority ?? '挂牌单位'}）或其上级决定`);
    },
    check(s, actor, input) {
      const from = s.view.level!;
      const to = input.level;
      if (listingLevelDepth[to] >= listingLevelDepth[from])
        return invalid('level', `提级后的挂牌层级须高于当前的${listingLevelLabels[from]}`);
      // One level up, unless the authority of the level asked for (or above it) takes the case over itself.
      const own = actor.role === 'admin' ? 0 : depth(actor.regionPath);
      if (to !== levelAbove(from) && own > listingLevelDepth[to])
        return invalid(
          'level',
          `只能提级至上一级（${listingLevelLabels[levelAbove(from)!]}）；提至${listingLevelLabels[to]}须由${listingLevelLabels[to]}监管部门决定`,
        );
      return undefined;
    },
    decide(d, input, actor) {
      const v = d.view;
      const from = v.level!;
      const regionPath = authorityPath(v.regionPath, input.level);
      const raise = {
        fromLevel: from,
        toLevel: input.level,
        fromAuthority: v.listingAuthority ?? null,
        listingAuthority: input.listingAuthority,
        supervisingUnit: input.supervisingUnit,
        regionPath,
        reason: input.reason,
        // The authority of the level raised to (or above it) takes the case over; below it, the listing authority
        // hands its own listing up (its request to the one above): the documents say which (case-documents.ts).
        takeover: actor.role === 'admin' || depth(actor.regionPath) <= listingLevelDepth[input.level],
        by: actor.name,
        byId: actor.id,
        at: d.ctx.now,
      };
      v.level = input.level;
      v.listingAuthority = input.listingAuthority;
      v.supervisingUnit = input.supervisingUnit;
      if (input.owningLeaderId) v.owningLeaderId = input.owningLeaderId;
      v.details.levelRaised = true;
      v.details.levelRaises = [...(v.details.levelRaises ?? []), raise];
      v.details.listingRegionPath = regionPath;
      // The supervisors' open tasks (审核, 验收, 公示, 催办 …) are the new listing authority's now; tasks addressed above
      // it already (the 安委办 of the supervisory ladder) stay where they are.
      const moving = v.openTasks.filter(
        (t) =>
          t.assigneeRole === 'supervisor' &&
          !t.assigneeUserId &&
          depth(t.assigneeRegionPath ?? v.regionPath) > depth(regionPath),
      );
      for (const t of moving) t.assigneeRegionPath = regionPath;
      // A rung asking for this raise (the ladder's 升级督办) is answered by it.
      const answered: CaseEscalationView[] = [];
      for (const e of v.escalations) {
        if (e.step !== 'level_raise' || e.status !== 'open') continue;
        e.status = 'done';
        e.outcome = `已提级至${input.listingAuthority}（${listingLevelLabels[input.level]}）督办`;
        answered.push(e);
      }
      const closed = answered.length ? d.closeTasks((t) => t.kind === 'escalation:level_raise') : [];
      // The raise is a rung of its own (升级督办, counted as one), its task the new authority's: organise the
      // supervision from here on.
      const rung = d.addEscalation(
        'level_raise',
        `由${raise.fromAuthority ?? listingLevelLabels[from]}提级至${input.listingAuthority}督办：${input.reason}`,
        true,
        actor,
      );
      const { by: _by, byId: _byId, at: _at, ...raised } = raise;
      return {
        ...rung,
        payload: { ...rung.payload, raise: raised },
        closeTaskIds: closed,
        escalations: [...answered, ...(rung.escalations ?? [])],
        ...(moving.length
          ? { moveTasks: { ids: moving.map((t) => t.id), assigneeRegionPath: regionPath } }
          : {}),
      };
    },
  }),
  row({
    action: 'record-escalation-outcome',
    wire: 'recordEscalationOutcome',
    schema: 'recordEscalationOutcomeInput',
    label: '记录督办结果',
    roles: SUPERVISORS,
    states: 'open',
    may: (s) =>
      s.view.escalations.some((e) => e.status === 'open') ? undefined : conflict('没有待办结的督办记录'),
    check(s, _a, input) {
      const esc = s.view.escalations.find((e) => e.id === input.escalationId);
      if (!esc) return invalid('escalationId', '督办记录不存在');
      if (esc.status !== 'open') return conflict('该督办记录已办结');
      if (esc.step === 'interview' && !input.minutes) return invalid('minutes', '约谈须记录约谈纪要');
      if (input.penalty && !penaltySteps.includes(esc.step))
        return invalid('penalty', '只有执法建议或联合惩戒的督办记录可以登记行政处罚');
      if (input.penalty && !s.view.enterpriseId)
        return invalid('penalty', '案件未关联企业，不能登记行政处罚');
      return undefined;
    },
    decide(d, input, actor) {
      const esc = d.view.escalations.find((e) => e.id === input.escalationId)!;
      esc.status = 'done';
      esc.outcome = input.outcome;
      // A new optional field, no new command: histories without a penalty replay unchanged.
      if (input.penalty) esc.penalty = input.penalty;
      const closed = d.closeTasks((t) => t.kind === `escalation:${esc.step}`);
      const tasks: TaskSpec[] = [];
      if (esc.step === 'interview') {
        // 约谈后企业须在规定工作日内提交书面承诺; since rules 2 its deadline is a clock that escalates.
        const due = d.dueIn(d.policy.interview.commitmentWithin);
        const task = d.openTask('written_commitment', '提交约谈书面承诺', 'enterprise', due);
        tasks.push(task);
        if (d.v2)
          d.s.alarms.push({
            kind: 'commitment',
            at: due,
            clock: true,
            taskId: task.id,
            escalationId: esc.id,
          });
      }
      return {
        type: 'escalation_outcome',
        actor,
        payload: { ...input },
        openTasks: tasks,
        closeTaskIds: closed,
        escalations: [esc],
        ...(input.penalty ? { penalty: { escalationId: esc.id, ...input.penalty } } : {}),
      };
    },
  }),
  row({
    action: 'attach-enterprise',
    wire: 'attachEnterprise',
    schema: 'attachEnterpriseInput',
    label: '关联责任企业',
    roles: SUPERVISORS,
    states: 'open',
    may: (s) => (s.view.enterpriseId ? conflict('案件已关联责任企业') : undefined),
    decide(d, input, actor) {
      d.view.enterpriseId = input.enterpriseId;
      d.view.details.attachedEnterprise = { ...input, by: actor.name, at: d.ctx.now };
      return { type: 'enterprise_attached', actor, payload: { ...input } };
    },
  }),
  row({
    action: 'submit-commitment',
    wire: 'submitWrittenCommitment',
    schema: 'submitCommitmentInput',
    label: '提交书面承诺',
    roles: ENTERPRISE,
    ownEnterprise: true,
    states: 'open',
    may: (s) =>
      s.view.openTasks.some((t) => t.kind === 'written_commitment')
        ? undefined
        : conflict('没有待提交的书面承诺'),
    decide(d, input, actor) {
      const task = d.view.openTasks.find((t) => t.kind === 'written_commitment')!;
      const alarm = d.s.alarms.find((a) => a.kind === 'commitment' && a.taskId === task.id);
      d.s.alarms = d.s.alarms.filter((a) => a !== alarm);
      d.view.details.writtenCommitments = [
        ...(d.view.details.writtenCommitments ?? []),
        {
          escalationId: alarm?.kind === 'commitment' ? alarm.escalationId : null,
          text: input.text,
          signedScanDocumentId: input.signedScanDocumentId,
          documentIds: input.documentIds,
          submittedAt: d.ctx.now,
          submittedBy: actor.name,
        },
      ];
      const closed = d.closeTasks((t) => t.id === task.id);
      return { type: 'commitment_submitted', actor, payload: { ...input }, closeTaskIds: closed };
    },
  }),
];

export type CaseCommandRow = CaseCommand;
export const commandByWire: ReadonlyMap<string, CaseCommand> = new Map(caseCommands.map((c) => [c.wire, c]));
export const commandByAction: ReadonlyMap<string, CaseCommand> = new Map(
  caseCommands.map((c) => [c.action, c]),
);

// ---------- guard, decide, allowedActions ----------

/** Who and when, before any input: role, own enterprise, state, and the row's own conditions. */
export function mayIssue(c: CaseCommand, s: CaseState, actor: Actor, ctx: GuardCtx): CaseRefusal | undefined {
  if (!c.roles.includes(actor.role)) {
    return forbidden(
      c.ownEnterprise ? `只有责任企业可以${c.label}` : `${roleLabel(actor.role)}无权${c.label}`,
    );
  }
  if (
    c.ownEnterprise &&
    actor.role !== 'admin' &&
    (!actor.enterpriseId || actor.enterpriseId !== s.view.enterpriseId)
  )
    return forbidden(`只有责任企业可以${c.label}`);
  const status = s.view.status;
  if (c.states === 'open' ? isTerminal(status) : !c.states.includes(status)) {
    return conflict(
      isTerminal(status)
        ? `案件已${statusLabel(status)}，不能${c.label}`
        : `案件当前状态为“${statusLabel(status)}”，不能${c.label}`,
    );
  }
  // 提级督办 (fix 5): a raised case is the listing authority's. The offices below keep reading it (the case is in their
  // territory) but its supervisors' commands are the listing authority's or above.
  if (
    s.view.details.listingRegionPath &&
    (actor.role === 'supervisor' || actor.role === 'leader') &&
    !atOrAboveListing(s, actor)
  )
    return forbidden(`本案已提级由${s.view.listingAuthority ?? '上级'}督办，须由挂牌单位或其上级${c.label}`);
  return c.may?.(s, actor, ctx);
}

/** Parses a command's input with its schema: the first issue names the field. */
export function parseInput(c: CaseCommand, raw: unknown): { input: unknown } | { refusal: CaseRefusal } {
  const r = (commandSchemas()[c.schema] as ZodType).safeParse(raw);
  if (r.success) return { input: r.data };
  const issue = r.error.issues[0]!;
  return { refusal: invalid(issue.path.join('.') || undefined, issue.message) };
}

/** The whole guard: nothing when the command may be applied to this state by this actor with this input. */
export function guard(
  c: CaseCommand,
  s: CaseState,
  actor: Actor,
  raw: unknown,
  ctx: GuardCtx,
): CaseRefusal | undefined {
  const refusal = mayIssue(c, s, actor, ctx);
  if (refusal) return refusal;
  const parsed = parseInput(c, raw);
  if ('refusal' in parsed) return parsed.refusal;
  return c.check?.(s, actor, parsed.input as never, ctx);
}

/**
 * Applies a command whose guard passed: the next state and the event with its tasks and rungs, or a refusal only
 * the freshly loaded policy can tell (listing past the policy's maximum). `ladder`: after recording the event the
 * adapter runs `startLadder` (a missed enterprise deadline).
 */
export function decide(c: CaseCommand, s: CaseState, raw: unknown, actor: Actor, ctx: DecideCtx): Decision {
  const parsed = parseInput(c, raw);
  if ('refusal' in parsed) return parsed;
  const d = new Draft(s, ctx);
  const out = c.decide(d, parsed.input as never, actor);
  if ('code' in out) return { refusal: out };
  if (d.closedOnTheWay.length) out.closeTaskIds = [...(out.closeTaskIds ?? []), ...d.closedOnTheWay];
  return { state: d.s, outcome: out, ...(d.after === 'clearOverdue' ? { clearOverdueAfter: true } : {}) };
}

/** The commands (console actions) this actor may issue on this case now, in the table's order. */
export function allowedActions(s: CaseState, actor: Actor, ctx: GuardCtx): string[] {
  return caseCommands.filter((c) => !mayIssue(c, s, actor, ctx)).map((c) => c.action);
}

// ---------- clocks ----------

/** The alarm due next, among those running (a suspended case runs only the alarms not on its clock). */
export function nextAlarm(s: CaseState): Alarm | undefined {
  const active = s.view.suspended ? s.alarms.filter((a) => !a.clock) : s.alarms;
  return active.reduce<Alarm | undefined>((m, a) => (!m || a.at < m.at ? a : m), undefined);
}

/**
 * An alarm fires: the next state and the event (none when rules 1 ignored it). `ladder`: the adapter runs
 * `startLadder` after recording (a missed enterprise deadline climbs the ladder). `more`: events recorded after
 * the first, in order (a missed progress report's rung).
 */
export function fire(
  s: CaseState,
  alarm: Alarm,
  ctx: DecideCtx,
): { state: CaseState; outcome?: Outcome; ladder?: boolean; more?: Outcome[] } {
  const d = new Draft(s, ctx);
  const key = JSON.stringify(alarm);
  const at = d.s.alarms.findIndex((a) => JSON.stringify(a) === key);
  if (at >= 0) d.s.alarms.splice(at, 1);
  const v = d.view;
  switch (alarm.kind) {
    case 'reminder':
      return {
        state: d.s,
        outcome: {
          type: 'deadline_reminder',
          actor: SYSTEM,
          payload: { deadline: v.deadline, kind: v.deadlineKind, before: alarm.before },
        },
      };
    case 'progress_due': {
      if (!d.has('progress-cycle'))
        return { state: d.s, outcome: { type: 'progress_report_due', actor: SYSTEM, payload: {} } };
      const [missed, ...more] = d.progressMissed(alarm.at);
      return { state: d.s, outcome: missed, ...(more.length ? { more } : {}) };
    }
    case 'deadline': {
      if (!d.v2 && v.overdue) return { state: d.s };
      v.overdue = true;
      v.overdueSince = alarm.at;
      if (d.v2) v.details.overdueParty = d.s.deadlineOwner;
      if (d.s.deadlineOwner === 'supervisor' && v.deadlineKind) d.startSupervision(v.deadlineKind, alarm.at);
      return {
        state: d.s,
        outcome: {
          type: 'deadline_missed',
          actor: SYSTEM,
          payload: {
            kind: v.deadlineKind,
            deadline: v.deadline,
            ...(d.v2 ? { party: d.s.deadlineOwner } : {}),
          },
        },
        ladder: d.s.deadlineOwner === 'enterprise',
      };
    }
    case 'escalate': {
      d.s.ladderIndex = alarm.index + 1;
      return { state: d.s, outcome: d.addEscalation(alarm.step, d.ladderReason(), false, SYSTEM) };
    }
    case 'supervisor_clock':
      return { state: d.s, outcome: d.missClock(alarm.step, alarm.at) };
    case 'supervisory':
      return { state: d.s, outcome: d.supervisoryRung(alarm.step, alarm.index) };
    case 'suspension_end':
      // The approved 停表 ran its days: the clock restarts by itself with the working days that were left.
      return {
        state: d.s,
        outcome: d.resumeClock(SYSTEM, '停表期满，自动恢复计时', { on: shanghaiDateOf(alarm.at) }),
      };
    case 'commitment': {
      // The 书面承诺 was not submitted in time: the next rung after the interview starts now.
      const steps = d.policy.escalation.map((r) => r.step);
      const next = steps[steps.indexOf('interview') + 1] ?? 'urging_letter';
      return { state: d.s, outcome: d.addEscalation(next, '约谈后逾期未提交书面承诺', false, SYSTEM) };
    }
  }
}

/** After a missed enterprise deadline is recorded: the ladder's alarms. */
export function startLadder(s: CaseState, ctx: DecideCtx): CaseState {
  const d = new Draft(s, ctx);
  d.startLadder();
  return d.s;
}

/** Rules 1's overdue clearing after the judgement was recorded (see `Decision.clearOverdueAfter`). */
export function clearOverdue(s: CaseState): void {
  s.view.overdue = false;
  s.alarms = s.alarms.filter((a) => a.kind !== 'escalate');
  s.ladderIndex = 0;
}

// ---------- the start ----------

/** What a case starts from: the report and the facts the API resolved. */
export interface CaseStart {
  caseId: string;
  report: ReportCaseInput;
  regionPath: string;
}

/** The state of a case just reported, before anything is decided. */
export function initialState(input: CaseStart): CaseState {
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

/** The report is recorded: the provisional policy (pinned at listing), the judgement deadline and its task. */
export function decideReported(
  s: CaseState,
  report: ReportCaseInput,
  reportedBy: Actor,
  ctx: DecideCtx & { policy: CasePolicy },
): { state: CaseState; outcome: Outcome } {
  const d = new Draft(s, ctx);
  d.s.policy = ctx.policy;
  const due = d.dueIn(ctx.policy.judgeWithin);
  d.setDeadline(due, 'judgement', 'supervisor');
  const task = d.openTask('judge', '研判隐患', 'supervisor', due);
  return {
    state: d.s,
    outcome: { type: 'reported', actor: reportedBy, payload: { ...report }, openTasks: [task] },
  };
}
