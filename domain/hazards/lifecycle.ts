/**
 * The general hazard (一般事故隐患) lifecycle, pure: statuses, the light (亮灯) rule, and one table of rules with a
 * row per command (action, roles, states, guard, decide). The query layer reads a row, calls `guard` then `decide`,
 * and writes what `decide` returns in one transaction; the console offers exactly the actions `allowedHazardActions`
 * returns, from the same rows. A general hazard has no workflow of its own: its clocks are swept
 * (docs/adr/0012-general-hazards-swept-not-held.md).
 *
 * ```
 * report ──▶ open (待整改) ──rectify (企业整改, after-photos)──▶ closed (已整改)
 *              │  ▲                                            │
 *              │  └─────── spot-check failed (抽查不合格) ◀──────┤ spot-check passed (抽查合格): stays closed
 *              │          → reopened (重新整改), new deadline      │
 *              └──cancel (撤销, supervisor, reason)──▶ cancelled
 * ```
 */
import type { Role } from '../roles.js';

export const hazardStatuses = ['open', 'reopened', 'closed', 'cancelled'] as const;
export type HazardStatus = (typeof hazardStatuses)[number];
/** Statuses whose deadline runs: they light up and count as not rectified. */
export const OPEN_STATUSES: readonly HazardStatus[] = ['open', 'reopened'];
export const isOpen = (s: HazardStatus): boolean => s === 'open' || s === 'reopened';

/** Where a general hazard was found (DOMAIN.md "General hazards and the duties that find them"). */
export const hazardSources = [
  'self_inspection', // 企业自查 (checklist self-inspection or ad hoc)
  'grid_patrol', // 网格巡查
  'inspection', // 监督检查
  'public_report', // 群众举报
  'case_downgrade', // 重大隐患研判为一般隐患 (a major case downgraded at judgement)
  'other', // 其他系统报送 etc.
] as const;
export type HazardSource = (typeof hazardSources)[number];

/** 基础管理类 / 现场管理类: the two classes every 两化 system files general hazards under. */
export const hazardCategories = ['management', 'site'] as const;
export type HazardCategory = (typeof hazardCategories)[number];

/** The light (亮灯): green while the deadline is far, yellow when it is near, red once it has passed; none when not open. */
export const hazardLights = ['green', 'yellow', 'red', 'none'] as const;
export type HazardLight = (typeof hazardLights)[number];

/** How a supervisor followed a lit hazard up (跟进督办), on the daily worklist that clears the red (每天清零). */
export const followUpMethods = ['phone', 'visit', 'notice', 'enforcement', 'other'] as const;
export type FollowUpMethod = (typeof followUpMethods)[number];

export const hazardActions = ['rectify', 'spotCheck', 'followUp', 'cancel'] as const;
export type HazardAction = (typeof hazardActions)[number];

const DAY_MS = 86_400_000;
/** Whole calendar days from `a` to `b` ('YYYY-MM-DD'); negative when `b` is earlier. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/**
 * The light of a hazard on `today` (Asia/Shanghai dates). The deadline is the last day to rectify: red from the day
 * after it; yellow from `yellowDays` days before it through the deadline itself; green before that. The light sweep
 * (db/queries/hazard-sweeps.ts) writes the same rule as one UPDATE per jurisdiction; a property test holds the two
 * together.
 */
export function lightOf(
  h: { status: HazardStatus; deadline: string },
  today: string,
  yellowDays: number,
): HazardLight {
  if (!isOpen(h.status)) return 'none';
  const left = daysBetween(today, h.deadline);
  if (left < 0) return 'red';
  if (left <= yellowDays) return 'yellow';
  return 'green';
}

/** The state the rules read: the ledger row's lifecycle columns. */
export interface HazardState {
  status: HazardStatus;
  enterpriseId: string;
  deadline: string;
  light: HazardLight;
  reopenCount: number;
  spotCheck: 'passed' | 'failed' | null;
}

export interface HazardActor {
  id: string | null;
  role: Role | 'system';
  enterpriseId?: string | null;
}

/** A refusal: 403 for a role that may never do it, 409 for a state that refuses it, 422 naming a field. */
export interface Refusal {
  code: 'FORBIDDEN' | 'INVALID_TRANSITION' | 'VALIDATION';
  message: string;
  field?: string;
}

export interface DecideContext {
  today: string;
  now: string;
  /** The policy's numbers the decision needs (the query layer resolves the policy in force). */
  yellowDays: number;
  /** The deadline a reopened hazard gets when the supervisor names none (policy: reopen rectification period). */
  reopenDeadline: string;
}

/** What a command changes: the row's new lifecycle columns and the event recorded in general_hazard_events. */
export interface HazardDecision {
  patch: Partial<{
    status: HazardStatus;
    deadline: string;
    light: HazardLight;
    rectifiedOn: string;
    rectifiedBy: string | null;
    rectification: string;
    onTime: boolean;
    closedAt: string;
    spotCheck: 'passed' | 'failed';
    spotCheckedAt: string;
    reopenCount: number;
    lastFollowUpAt: string;
  }>;
  event: { type: string; payload: Record<string, unknown> };
}

export interface RectifyInput {
  rectifiedOn: string;
  measures: string;
  documentIds: string[];
  responsiblePerson?: string;
  /** The phone's id of this rectification (its outbox item), kept in the event: a late resend is recognised. */
  clientId?: string;
}
export interface SpotCheckInput {
  result: 'passed' | 'failed';
  note: string;
  newDeadline?: string;
}
export interface FollowUpInput {
  method: FollowUpMethod;
  note?: string;
}
export interface CancelInput {
  reason: string;
}
export interface HazardInputs {
  rectify: RectifyInput;
  spotCheck: SpotCheckInput;
  followUp: FollowUpInput;
  cancel: CancelInput;
}

interface Rule<A extends HazardAction> {
  action: A;
  /** Roles that may issue it at all; any other role is refused with FORBIDDEN. */
  roles: readonly Role[];
  /** States it is allowed in; others are refused with INVALID_TRANSITION. */
  states: readonly HazardStatus[];
  guard?: (
    s: HazardState,
    actor: HazardActor,
    input: HazardInputs[A],
    ctx: DecideContext,
  ) => Refusal | undefined;
  decide: (s: HazardState, actor: HazardActor, input: HazardInputs[A], ctx: DecideContext) => HazardDecision;
}

const SUPERVISING: readonly Role[] = ['supervisor', 'admin'];

export const hazardRules: { [A in HazardAction]: Rule<A> } = {
  /** 整改: the enterprise records what it did, by when, with after-photos (整改后照片); the hazard closes. */
  rectify: {
    action: 'rectify',
    roles: ['enterprise', 'supervisor', 'admin'],
    states: OPEN_STATUSES,
    guard: (s, actor, input, ctx) => {
      if (actor.role === 'enterprise' && actor.enterpriseId !== s.enterpriseId)
        return { code: 'FORBIDDEN', message: '只能整改本企业的隐患' };
      if (input.rectifiedOn > ctx.today)
        return { code: 'VALIDATION', field: 'rectifiedOn', message: '整改完成日期不能晚于今天' };
      if (input.documentIds.length === 0)
        return { code: 'VALIDATION', field: 'documentIds', message: '请上传整改后照片' };
      return undefined;
    },
    decide: (s, actor, input, ctx) => ({
      patch: {
        status: 'closed',
        light: 'none',
        rectifiedOn: input.rectifiedOn,
        rectifiedBy: actor.id,
        rectification: input.measures,
        onTime: input.rectifiedOn <= s.deadline,
        closedAt: ctx.now,
      },
      event: {
        type: 'rectified',
        payload: {
          rectifiedOn: input.rectifiedOn,
          measures: input.measures,
          documentIds: input.documentIds,
          onTime: input.rectifiedOn <= s.deadline,
          deadline: s.deadline,
          // Who carried it out; the reported 整改责任人 stays as reported (a batch's content hash covers it).
          responsiblePerson: input.responsiblePerson ?? null,
          ...(input.clientId ? { clientId: input.clientId } : {}),
        },
      },
    }),
  },
  /** 抽查: a supervisor checks a closed hazard on site; a failed check reopens it with a new deadline. */
  spotCheck: {
    action: 'spotCheck',
    roles: SUPERVISING,
    states: ['closed'],
    guard: (_s, _a, input, ctx) => {
      if (input.result === 'failed' && input.newDeadline && input.newDeadline < ctx.today)
        return { code: 'VALIDATION', field: 'newDeadline', message: '新的整改期限不能早于今天' };
      return undefined;
    },
    decide: (s, _a, input, ctx) => {
      if (input.result === 'passed')
        return {
          patch: { spotCheck: 'passed', spotCheckedAt: ctx.now },
          event: { type: 'spot_checked', payload: { result: 'passed', note: input.note } },
        };
      const deadline = input.newDeadline ?? ctx.reopenDeadline;
      return {
        patch: {
          status: 'reopened',
          spotCheck: 'failed',
          spotCheckedAt: ctx.now,
          deadline,
          light: lightOf({ status: 'reopened', deadline }, ctx.today, ctx.yellowDays),
          reopenCount: s.reopenCount + 1,
        },
        event: {
          type: 'spot_checked',
          payload: { result: 'failed', note: input.note, previousDeadline: s.deadline, deadline },
        },
      };
    },
  },
  /** 跟进督办: a supervisor records how a lit hazard was followed up today (the worklist's "clear the red"). */
  followUp: {
    action: 'followUp',
    roles: SUPERVISING,
    states: OPEN_STATUSES,
    decide: (s, _a, input, ctx) => ({
      patch: { lastFollowUpAt: ctx.now },
      event: {
        type: 'followed_up',
        payload: { method: input.method, note: input.note ?? null, light: s.light },
      },
    }),
  },
  /** 撤销: entered by mistake or not a hazard; the reason is kept. */
  cancel: {
    action: 'cancel',
    roles: SUPERVISING,
    states: OPEN_STATUSES,
    decide: (_s, _a, input, ctx) => ({
      patch: { status: 'cancelled', light: 'none', closedAt: ctx.now },
      event: { type: 'cancelled', payload: { reason: input.reason } },
    }),
  },
};

const STATUS_LABEL: Record<HazardStatus, string> = {
  open: '待整改',
  reopened: '重新整改',
  closed: '已整改',
  cancelled: '已撤销',
};

/** Role then state then the row's guard: the refusal for this command, or undefined when it may run. */
export function refuse<A extends HazardAction>(
  action: A,
  s: HazardState,
  actor: HazardActor,
  input: HazardInputs[A],
  ctx: DecideContext,
): Refusal | undefined {
  const rule = hazardRules[action] as Rule<A>;
  if (actor.role !== 'system' && !rule.roles.includes(actor.role))
    return { code: 'FORBIDDEN', message: '该角色不能执行此操作' };
  if (!rule.states.includes(s.status))
    return { code: 'INVALID_TRANSITION', message: `隐患${STATUS_LABEL[s.status]}，不能执行此操作` };
  return rule.guard?.(s, actor, input, ctx);
}

export function decide<A extends HazardAction>(
  action: A,
  s: HazardState,
  actor: HazardActor,
  input: HazardInputs[A],
  ctx: DecideContext,
): HazardDecision {
  return (hazardRules[action] as Rule<A>).decide(s, actor, input, ctx);
}

/** The commands the console offers a user on this hazard (role and state only; inputs are checked on submit). */
export function allowedHazardActions(
  s: Pick<HazardState, 'status' | 'enterpriseId'>,
  user: { role: Role; enterpriseId: string | null },
): HazardAction[] {
  return hazardActions.filter((a) => {
    const rule = hazardRules[a];
    if (!rule.roles.includes(user.role) || !rule.states.includes(s.status)) return false;
    return !(user.role === 'enterprise' && user.enterpriseId !== s.enterpriseId);
  });
}
