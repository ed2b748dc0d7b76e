/**
 * General hazard commands (一般隐患): the routes validate and call these; these resolve who and what, ask the domain
 * rules and write through db/queries, and append the audit record. Every write lands in the audit trail.
 */
import { randomUUID } from 'node:crypto';
import type { SessionUser } from '../../db/queries/auth.js';
import { appendAudit, appendAuditInTransaction } from '../../db/queries/audit.js';
import { dutyPolicyFor, workingCalendarOf } from '../../db/queries/duty-policies.js';
import {
  checklistItemOf,
  clauseExists,
  findGeneralHazard,
  hazardByClientId,
  insertGeneralHazards,
  reportableEnterprise,
  requireHazardDocuments,
  transitionGeneralHazard,
  type GeneralHazardRow,
  type ReportableEnterprise,
} from '../../db/queries/general-hazards.js';
import { shanghaiDate, type WorkingCalendar } from '../../domain/calendar.js';
import { DomainError } from '../../domain/errors.js';
import {
  lightOf,
  type HazardAction,
  type HazardActor,
  type HazardInputs,
  type HazardSource,
} from '../../domain/hazards/lifecycle.js';
import { dateAfter, hazardDeadline, type DutyPolicy } from '../../domain/hazards/policy.js';
import { hazardSourceLabels } from '../../domain/hazards/labels.js';
import type { ReportHazardInput } from '../../domain/hazards/schemas.js';
import type { Role } from '../../domain/roles.js';
import { scopeOf, type AppDeps } from '../context.js';

export interface ServiceContext {
  deps: Pick<AppDeps, 'db' | 'now'>;
  user: SessionUser;
  requestId?: string;
}

export const todayOf = (deps: Pick<AppDeps, 'now'>): { today: string; now: string } => {
  const now = deps.now?.() ?? new Date();
  return { today: shanghaiDate(now), now: now.toISOString() };
};

export const hazardActorOf = (user: SessionUser): HazardActor => ({
  id: user.id,
  role: user.role,
  enterpriseId: user.enterpriseId,
});

/** Which sources each role reports under (a supervisor also enters reports received from the public). */
const SOURCES_BY_ROLE: Partial<Record<Role, readonly HazardSource[]>> = {
  enterprise: ['self_inspection'],
  grid_member: ['grid_patrol'],
  supervisor: ['inspection', 'public_report', 'other'],
  admin: ['self_inspection', 'grid_patrol', 'inspection', 'public_report', 'other'],
};

const invalid = (field: string, message: string) =>
  new DomainError('VALIDATION', message, { [field]: message });

export interface RowContext {
  user: SessionUser;
  today: string;
  now: string;
  enterprise: ReportableEnterprise;
  policy: DutyPolicy;
  calendar: WorkingCalendar;
}
export interface RowOptions {
  id?: string;
  sourceRef?: string | null;
  batchId?: string | null;
  externalRef?: string | null;
}

/** The role may report under this source; throws the refusal otherwise. */
export function checkSource(user: SessionUser, source: string): HazardSource {
  const allowed = SOURCES_BY_ROLE[user.role];
  if (!allowed) throw new DomainError('FORBIDDEN', '该角色不能上报一般隐患');
  if (!allowed.includes(source as HazardSource))
    throw invalid(
      'source',
      `该角色只能以这些来源上报：${allowed.map((a) => hazardSourceLabels[a]).join('、')}`,
    );
  return source as HazardSource;
}

/**
 * The ledger row a report becomes, once its enterprise, policy and calendar are known (pure: the single report and
 * the batch share it). Fills the deadline, the light and on-time reporting from the policy; refuses a future
 * discovery, a closed enterprise and a deadline beyond the policy's longest.
 */
/**
 * The policy's dates for a day found on, computed once per calendar, policy, day and today: a batch of 10,000 rows
 * found on a few days asks the working calendar a few times, not 30,000 (it was a third of a batch's time).
 */
const datesMemo = new WeakMap<object, WeakMap<object, Map<string, HazardDates>>>();
interface HazardDates {
  deadline: string;
  latest: string;
  reportBy: string;
  light: ReturnType<typeof lightOf>;
}
function datesOf(c: RowContext, foundOn: string): HazardDates {
  let byPolicy = datesMemo.get(c.calendar);
  if (!byPolicy) datesMemo.set(c.calendar, (byPolicy = new WeakMap()));
  let byDay = byPolicy.get(c.policy);
  if (!byDay) byPolicy.set(c.policy, (byDay = new Map()));
  const key = `${c.today}|${foundOn}`;
  let d = byDay.get(key);
  if (!d) {
    const { deadline, latest } = hazardDeadline(c.calendar, c.policy, foundOn);
    d = {
      deadline,
      latest,
      reportBy: dateAfter(c.calendar, foundOn, c.policy.hazard.reportWithin),
      light: lightOf({ status: 'open', deadline }, c.today, c.policy.hazard.yellowDays),
    };
    byDay.set(key, d);
  }
  return d;
}

export function buildHazardRow(input: ReportHazardInput, c: RowContext, opts: RowOptions = {}) {
  const source = checkSource(c.user, input.source);
  if (input.foundOn > c.today) throw invalid('foundOn', '发现日期不能晚于今天');
  if (c.enterprise.status === 'closed') throw invalid('enterpriseId', '企业已注销，不能上报隐患');
  const dates = datesOf(c, input.foundOn);
  const { deadline: byPolicy, latest } = dates;
  const deadline = input.deadline ?? byPolicy;
  if (deadline > latest) throw invalid('deadline', `整改期限不能晚于 ${latest}（政策规定的最长期限）`);
  const e = c.enterprise;
  return {
    id: opts.id ?? randomUUID(),
    enterpriseId: e.id,
    regionCode: e.regionCode,
    regionPath: e.regionPath,
    industryCategory: e.industryCategory,
    industryCode: e.industryCode,
    departmentId: e.departmentId,
    source,
    sourceRef: opts.sourceRef ?? null,
    externalRef: opts.externalRef ?? null,
    batchId: opts.batchId ?? null,
    category: input.category,
    description: input.description,
    location: input.location ?? null,
    lat: input.lat ?? null,
    lng: input.lng ?? null,
    checklistItemId: input.checklistItemId ?? null,
    clientId: input.clientId ?? null,
    clauseId: input.clauseId ?? null,
    responsiblePerson: input.responsiblePerson ?? null,
    foundOn: input.foundOn,
    reportedAt: new Date(c.now),
    reportedBy: c.user.id,
    reporterRole: c.user.role,
    reportedLate: c.today > dates.reportBy,
    deadline,
    status: 'open' as const,
    light:
      deadline === byPolicy
        ? dates.light
        : lightOf({ status: 'open', deadline }, c.today, c.policy.hazard.yellowDays),
    updatedAt: new Date(c.now),
  };
}
export type PreparedHazard = ReturnType<typeof buildHazardRow>;

/**
 * The ledger row a report becomes (not yet written): checks the enterprise is the caller's to report for and still
 * registered, the clause and checklist item, then builds the row with the policy in force for its region.
 */
export async function prepareReport(
  ctx: ServiceContext,
  input: ReportHazardInput,
  opts: RowOptions = {},
): Promise<PreparedHazard> {
  const { deps, user } = ctx;
  const { db } = deps;
  checkSource(user, input.source);
  const { today, now } = todayOf(deps);
  const enterprise = await reportableEnterprise(db, scopeOf(user), input.enterpriseId);
  if (!enterprise) throw invalid('enterpriseId', '企业不存在或不在您的辖区内');
  if (input.clauseId && !(await clauseExists(db, input.clauseId)))
    throw invalid('clauseId', '判定标准条款不存在');
  if (input.checklistItemId && !(await checklistItemOf(db, input.checklistItemId, enterprise.id)))
    throw invalid('checklistItemId', '排查清单条目不属于该企业');
  const [policy, calendar] = await Promise.all([
    dutyPolicyFor(db, { regionPath: enterprise.regionPath, on: today }),
    workingCalendarOf(db),
  ]);
  return buildHazardRow(input, { user, today, now, enterprise, policy, calendar }, opts);
}

/**
 * 上报一般隐患: one row; with an Idempotency-Key its id is the key's operation id, so a retry writes once. A report
 * made offline carries the phone's clientId: a report with one the caller already used for this enterprise — sent
 * again days later, past the key's 24 hours — is answered with that first hazard (`replayed`), nothing written.
 */
export async function reportHazard(
  ctx: ServiceContext,
  input: ReportHazardInput,
  opts: { id?: string } = {},
): Promise<{ row: GeneralHazardRow; replayed: boolean }> {
  const { db } = ctx.deps;
  const sent = input.clientId
    ? { enterpriseId: input.enterpriseId, clientId: input.clientId, reportedBy: ctx.user.id }
    : undefined;
  const earlier = sent && (await hazardByClientId(db, sent));
  if (earlier) return { row: earlier, replayed: true };
  const row = await prepareReport(ctx, input, opts);
  // The hazard and its 'report' record commit together, so there is exactly one record per hazard: a keyed retry
  // after a 5xx (a crash, a lost commit answer) that finds the row written finds its record written too.
  const written = await db.transaction(async (tx) => {
    const [w] = await insertGeneralHazards(tx, [row]);
    if (w)
      await appendAuditInTransaction(tx, {
        actorId: ctx.user.id,
        actorRole: ctx.user.role,
        action: 'report',
        resource: 'general_hazards',
        resourceId: row.id,
        requestId: ctx.requestId,
        payload: input,
      });
    return w;
  });
  if (written) return { row: written, replayed: false };
  // Not written: the same keyed report retried after an earlier attempt wrote it (same id: answered with it, as the
  // first attempt would have been), or the same offline report sent twice at the same instant (same clientId: the
  // first one answers).
  const same = await findGeneralHazard(db, row.id);
  if (same) return { row: same, replayed: false };
  const first = sent && (await hazardByClientId(db, sent));
  if (first) return { row: first, replayed: true };
  throw invalid('clientId', '该客户端编号已被另一条隐患使用');
}

const AUDIT_ACTION: Record<HazardAction, string> = {
  rectify: 'rectify',
  spotCheck: 'spot_check',
  followUp: 'follow_up',
  cancel: 'cancel',
};

/**
 * A command of the rules table on one hazard, audited in its transaction. `replayed`: the caller's phone already
 * applied it under the same clientId (a rectification sent again after its answer was lost and its key expired).
 */
export async function hazardCommand<A extends HazardAction>(
  ctx: ServiceContext,
  p: { id: string; action: A; input: HazardInputs[A] },
): Promise<{ row: GeneralHazardRow; replayed: boolean }> {
  const { db } = ctx.deps;
  const { today, now } = todayOf(ctx.deps);
  return transitionGeneralHazard(db, {
    scope: scopeOf(ctx.user),
    actor: hazardActorOf(ctx.user),
    id: p.id,
    action: p.action,
    input: p.input,
    ctx: async (r) => {
      const [policy, calendar] = await Promise.all([
        dutyPolicyFor(db, { regionPath: r.regionPath, on: today }),
        workingCalendarOf(db),
      ]);
      return {
        today,
        now,
        yellowDays: policy.hazard.yellowDays,
        reopenDeadline: dateAfter(calendar, today, policy.hazard.reopenRectifyWithin),
      };
    },
    // The after-photos must be this hazard's own documents, not any id.
    check:
      p.action === 'rectify'
        ? (r, tx) =>
            requireHazardDocuments(tx, {
              hazardId: r.id,
              documentIds: (p.input as HazardInputs['rectify']).documentIds,
              field: 'documentIds',
            })
        : undefined,
    audit: {
      actorId: ctx.user.id,
      actorRole: ctx.user.role,
      action: AUDIT_ACTION[p.action],
      resource: 'general_hazards',
      resourceId: p.id,
      requestId: ctx.requestId,
      payload: p.input,
    },
  });
}

/**
 * 每天清零: the same follow-up on many lit hazards, each through the rules table; one audit record names them all.
 * A hazard that refuses (closed meanwhile, out of scope) is reported back, the others are recorded.
 */
export async function bulkFollowUp(
  ctx: ServiceContext,
  p: { ids: string[]; input: HazardInputs['followUp'] },
): Promise<{ done: string[]; refused: Array<{ id: string; reason: string }> }> {
  const { db } = ctx.deps;
  const { today, now } = todayOf(ctx.deps);
  const done: string[] = [];
  const refused: Array<{ id: string; reason: string }> = [];
  for (const id of [...new Set(p.ids)]) {
    try {
      await transitionGeneralHazard(db, {
        scope: scopeOf(ctx.user),
        actor: hazardActorOf(ctx.user),
        id,
        action: 'followUp',
        input: p.input,
        ctx: { today, now, yellowDays: 0, reopenDeadline: today },
      });
      done.push(id);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      if (err.code === 'FORBIDDEN') throw err; // the role may not do it at all: nothing else would pass either
      refused.push({ id, reason: err.message });
    }
  }
  if (done.length)
    await appendAudit(db, {
      actorId: ctx.user.id,
      actorRole: ctx.user.role,
      action: 'follow_up',
      resource: 'general_hazards',
      requestId: ctx.requestId,
      payload: { ...p.input, ids: done },
    });
  return { done, refused };
}
