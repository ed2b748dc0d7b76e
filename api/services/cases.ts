/**
 * The case service: what the case routes (and the public form, inspections) do once a request is validated. It
 * resolves what the workflow needs (region, enterprise, clause, experts), starts the workflow or sends it the
 * command as an Update, audits the action and answers with the case record. Routes only validate, call and map.
 */
import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { schema } from '../../db/client.js';
import { listAssignees } from '../../db/queries/assignees.js';
import { appendAudit } from '../../db/queries/audit.js';
import { caseDocumentSides } from '../../db/queries/documents.js';
import type { SessionUser } from '../../db/queries/auth.js';
import {
  findCaseById,
  findCaseRowWithoutView,
  getCase,
  listCases,
  requireCaseInScope,
  type CaseRow,
} from '../../db/queries/cases.js';
import type { ListQuery } from '../../db/queries/list-params.js';
import {
  authorityPath,
  commandByAction,
  levelAbove,
  listingLevelLabels,
  roleLabel,
  type ListingLevel,
} from '../../domain/case/index.js';
import { findLeaderStanding, regionAuthority } from '../../db/queries/regions.js';
import * as commands from '../../domain/commands.js';
import type { Actor } from '../../domain/commands.js';
import { DomainError } from '../../domain/errors.js';
import type { CaseAction } from '../../domain/case-actions.js';
import { pastDateErrors } from '../../domain/command-dates.js';
import type { Role } from '../../domain/roles.js';
import * as defs from '../../workflows/definitions.js';
import type { CaseView } from '../../workflows/definitions.js';
import { scopeOf, type AppDeps } from '../context.js';
import {
  isTemporalUnavailable,
  PendingError,
  TEMPORAL_UPDATE_MS,
  temporalCall,
  temporalReachable,
} from '../temporal-call.js';
import { requireCaseWorker } from '../worker-health.js';

type Deps = Pick<AppDeps, 'db' | 'temporal'> & {
  config?: Pick<AppDeps['config'], 'WORKER_POLL_STALE_SECONDS'>;
};
/** How long a report waits for its workflow's first view (the worker's first transition) before answering 202. */
export const REPORT_WAIT_MS = 10_000;
/** Who issues a request and under which request id (the audit record's). */
export interface Caller {
  user: SessionUser;
  requestId: string;
}

export function actorOf(user: SessionUser): Actor {
  return {
    id: user.id,
    role: user.role,
    name: user.displayName,
    regionPath: user.regionPath,
    enterpriseId: user.enterpriseId,
  };
}

/** The record a client receives: the read-model row without its internal columns. */
export function toCaseRecord(row: CaseRow) {
  const { searchText: _s, policy: _p, ...rest } = row;
  return rest;
}
export type CaseRecord = ReturnType<typeof toCaseRecord>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one table for updates of different inputs
type AnyCaseUpdate = UpdateDefinition<defs.CaseView, [defs.Command<any>]>;
/** A command a person issues on a case: its route path, workflow Update and request schema. */
export interface CaseCommand {
  path: string;
  update: AnyCaseUpdate;
  /** The request body; the Update's input unless `toUpdateInput` resolves it. */
  input: z.ZodType;
  summary: string;
  /** Resolves the request body to the Update's input (e.g. user ids to the people they name). */
  toUpdateInput?: (deps: Deps, user: SessionUser, body: never, caseId: string) => Promise<unknown>;
}

export const CASE_COMMANDS: readonly CaseCommand[] = [
  {
    path: 'judge',
    update: defs.judgeUpdate,
    input: commands.judgeInput,
    summary: '研判 Judge a reported hazard',
  },
  {
    path: 'list',
    update: defs.listUpdate,
    input: commands.listInput,
    summary:
      '挂牌督办 List the hazard for supervision; a 包案领导 (owningLeaderId) named must be an active leader of the listing level’s region or above',
  },
  {
    path: 'confirm-publication',
    update: defs.confirmPublicationUpdate,
    input: commands.confirmPublicationInput,
    summary: '公示 Confirm publication of listing or delisting',
  },
  {
    path: 'submit-plan',
    update: defs.submitPlanUpdate,
    input: commands.submitPlanInput,
    summary: '提交整改方案 Submit the rectification plan',
  },
  {
    path: 'review-plan',
    update: defs.reviewPlanUpdate,
    input: commands.reviewPlanInput,
    summary: '审核方案 Approve or return the plan',
  },
  {
    path: 'report-progress',
    update: defs.reportProgressUpdate,
    input: commands.reportProgressInput,
    summary: '报送进展 Report rectification progress',
  },
  {
    path: 'request-extension',
    update: defs.requestExtensionUpdate,
    input: commands.requestExtensionInput,
    summary: '延期申请 Request an extension',
  },
  {
    path: 'decide-extension',
    update: defs.decideExtensionUpdate,
    input: commands.decideExtensionInput,
    summary: '延期审批 Decide an extension request',
  },
  {
    path: 'suspend',
    update: defs.suspendUpdate,
    input: commands.suspendInput,
    summary: '停表 Suspend the clock',
  },
  {
    path: 'resume',
    update: defs.resumeUpdate,
    input: commands.resumeInput,
    summary: '恢复计时 Resume the clock',
  },
  {
    path: 'request-suspension',
    update: defs.requestSuspensionUpdate,
    input: commands.requestSuspensionInput,
    summary:
      '停表申请 The enterprise asks to stop the clock: reason, working days, evidence (this case’s files it uploaded)',
  },
  {
    path: 'decide-suspension',
    update: defs.decideSuspensionUpdate,
    input: commands.decideSuspensionInput,
    summary:
      '停表审批 The listing authority approves (days ≤ the policy cap) or rejects (with a reason) a request to stop the clock',
  },
  {
    path: 'apply-acceptance',
    update: defs.applyAcceptanceUpdate,
    input: commands.applyAcceptanceInput,
    summary: '申请验收 Apply for acceptance',
  },
  {
    path: 'record-acceptance',
    update: defs.recordAcceptanceUpdate,
    input: commands.recordAcceptanceInput,
    summary: '验收 Record the acceptance result',
  },
  {
    path: 'invite-experts',
    update: defs.inviteExpertsUpdate,
    input: commands.inviteExpertsRequest,
    summary:
      "邀请专家 Invite experts (active expert users in the caller's territory) to the running acceptance",
    // Checked before the ids are resolved, so no other role can probe which ids are experts.
    toUpdateInput: (deps, user, body: commands.InviteExpertsRequest) => resolveExperts(deps, user, body),
  },
  {
    path: 'submit-expert-opinion',
    update: defs.submitExpertOpinionUpdate,
    input: commands.submitExpertOpinionInput,
    summary: "专家意见 Submit an invited expert's acceptance opinion",
  },
  {
    path: 'sign-off',
    update: defs.signOffUpdate,
    input: commands.signOffInput,
    summary: '销号 Sign the case off',
  },
  {
    path: 'withdraw',
    update: defs.withdrawUpdate,
    input: commands.withdrawInput,
    summary: '撤销 Withdraw the listing',
  },
  {
    path: 'escalate',
    update: defs.escalateUpdate,
    input: commands.escalateInput,
    summary: '升级督办 Escalate by hand',
  },
  {
    path: 'record-escalation-outcome',
    update: defs.recordEscalationOutcomeUpdate,
    input: commands.recordEscalationOutcomeInput,
    summary: '督办结果 Record an escalation outcome (e.g. interview minutes)',
  },
  {
    path: 'attach-enterprise',
    update: defs.attachEnterpriseUpdate,
    input: commands.attachEnterpriseRequest,
    summary:
      '关联责任企业 Attach the responsible enterprise (on file, in the caller’s territory) to a case reported without one',
    toUpdateInput: (deps, user, body: commands.AttachEnterpriseRequest) =>
      resolveEnterprise(deps, user, body),
  },
  {
    path: 'raise-level',
    update: defs.raiseLevelUpdate,
    input: commands.raiseLevelRequest,
    summary:
      '提级督办 Raise the listing level: the authority of the higher level becomes the listing and supervising unit and takes the case’s supervisor tasks (by the listing authority or above)',
    toUpdateInput: (deps, _user, body: commands.RaiseLevelRequest, caseId) =>
      resolveRaise(deps, body, caseId),
  },
  {
    path: 'submit-commitment',
    update: defs.submitWrittenCommitmentUpdate,
    input: commands.submitCommitmentInput,
    summary: '书面承诺 Submit the written commitment after an interview (text + signed scan)',
  },
];

/**
 * The refusal of a role that may never issue the command (its row in domain/case's table of rules): a 403 before the
 * workflow is asked. The case's state and the caller's relation to it are the workflow's to judge.
 */
export function roleRefusal(cmd: Pick<CaseCommand, 'path'>, role: Role): string | undefined {
  const row = commandByAction.get(cmd.path);
  if (!row) throw new Error(`no rule for the case command ${cmd.path}`);
  if (row.roles.includes(role)) return undefined;
  return row.ownEnterprise ? `只有责任企业可以${row.label}` : `${roleLabel(role)}无权${row.label}`;
}

for (const cmd of CASE_COMMANDS)
  if (!commandByAction.has(cmd.path)) throw new Error(`no rule for the case command ${cmd.path}`);

export { listCases };

export const listCasesFor = (deps: Pick<AppDeps, 'db'>, user: SessionUser, q: ListQuery) =>
  listCases(deps.db, scopeOf(user), q);

export async function showCase(deps: Pick<AppDeps, 'db'>, user: SessionUser, id: string) {
  return toCaseRecord(await getCase(deps.db, scopeOf(user), id));
}

const REPORTERS: ReadonlySet<Role> = new Set(['admin', 'supervisor', 'grid_member', 'enterprise']);

/**
 * 报告隐患: starts the case workflow for a report by a logged-in user, audits it, and answers with the new case.
 * `caseId` fixes the new case's id (a keyed report's operation id, so a retry resumes the same case).
 */
export async function reportCase(
  deps: Deps,
  caller: Caller,
  input: commands.ReportCaseInput,
  caseId?: string,
): Promise<CaseRecord> {
  const { user } = caller;
  if (!REPORTERS.has(user.role)) throw new DomainError('FORBIDDEN', '该角色不能报告隐患');
  const started = await startCase(deps, {
    input,
    actor: actorOf(user),
    scopePath: user.role === 'admin' ? null : user.regionPath,
    departmentIndustries: user.role === 'supervisor' ? user.departmentIndustries : null,
    ownEnterpriseId: user.role === 'enterprise' ? user.enterpriseId : undefined,
    caseId,
    requestId: caller.requestId,
  });
  // The report's audit record is written by the worker with the case (activities/case-activities.ts), so a case never
  // exists without it, whether this request saw the view or answered 202 before it came. The view came with the
  // workflow's answer; the row's own columns (case number, times) are read once, the case being recorded by then.
  const row = await findCaseRowWithoutView(deps.db, started.id);
  return toCaseRecord({ ...row!, policy: null, view: started.view as never });
}

/**
 * Sends a command to a case in the caller's scope as the workflow Update `cmd.update`, audits it and answers with
 * the case after it. `commandId` (a keyed request's operation id) makes a retry the same Update, applied once.
 */
export async function runCaseCommand(
  deps: Deps,
  caller: Caller,
  cmd: CaseCommand,
  caseId: string,
  body: unknown,
  commandId: string = randomUUID(),
): Promise<CaseRecord> {
  const { db } = deps;
  const { user } = caller;
  await requireCaseInScope(db, scopeOf(user), caseId); // outside the caller's scope: 404
  const refused = roleRefusal(cmd, user.role);
  if (refused) throw new DomainError('FORBIDDEN', refused);
  if (cmd.path === 'judge') await requireClause(deps, (body as commands.JudgeInput).clauseId);
  if (cmd.path === 'list') await requireListingLeader(deps, body as commands.ListInput, caseId);
  await requireOwnEvidence(deps, user, caseId, body);
  const past = pastDateErrors(cmd.path as CaseAction, body);
  if (Object.keys(past).length > 0) throw new DomainError('VALIDATION', Object.values(past)[0]!, past);
  const input = cmd.toUpdateInput ? await cmd.toUpdateInput(deps, user, body as never, caseId) : body;
  const handle = deps.temporal.workflow.getHandle(defs.caseWorkflowId(caseId));
  // Bounded: an unreachable Temporal is a 503 within 2 s (before the Update is sent: nothing applied); the Update
  // itself waits for the worker up to TEMPORAL_UPDATE_MS. The same commandId makes a retry the same Update.
  // No worker polling the case queue: the Update is not sent (it would wait on nobody), a 503 with nothing applied.
  await temporalReachable(deps.temporal);
  await requireCaseWorker(deps);
  let view: unknown;
  try {
    view = await temporalCall(
      deps.temporal,
      () =>
        handle.executeUpdate(cmd.update, {
          updateId: commandId,
          args: [{ actor: actorOf(user), input: input as never, commandId }],
        }),
      TEMPORAL_UPDATE_MS,
    );
  } catch (err) {
    // Sent, but no answer in time (the worker died after the check): Temporal holds the Update; whether it is applied
    // is not known yet. Said as it is, with the case's address and the command id; audited as handed over.
    if (!(err instanceof DomainError && err.code === 'UNAVAILABLE') && !isTemporalUnavailable(err)) throw err;
    await appendAudit(db, {
      actorId: user.id,
      actorRole: user.role,
      action: cmd.path,
      resource: 'cases',
      resourceId: caseId,
      requestId: caller.requestId,
      payload: { ...(body as object), outcome: 'pending', commandId },
    });
    throw new PendingError(`/api/cases/${caseId}`, {
      status: 'pending',
      caseId,
      commandId,
      message:
        '命令已交给工作流服务，但处理程序未在时限内确认执行；请稍后在案件页查看结果，或用同一 Idempotency-Key 重试（不会重复执行）',
    });
  }
  // The row's columns (the view comes with the answer), read while the audit record is appended.
  const [row] = await Promise.all([
    findCaseRowWithoutView(db, caseId),
    appendAudit(db, {
      actorId: user.id,
      actorRole: user.role,
      action: cmd.path,
      resource: 'cases',
      resourceId: caseId,
      requestId: caller.requestId,
      payload: cmd.toUpdateInput ? { ...(body as object), resolved: input } : (body as object),
    }),
  ]);
  return toCaseRecord({ ...row!, policy: null, view: view as never });
}

/**
 * The experts named by `expertIds`: each must be an active user with role expert in the caller's territory, the
 * ones GET /assignees?filter={"role":"expert"} offers (db/queries/assignees.ts: the caller's region subtree and the
 * expert pools above it); any other id is a 422 on expertIds.
 */
async function resolveExperts(
  deps: Pick<AppDeps, 'db'>,
  user: SessionUser,
  body: commands.InviteExpertsRequest,
): Promise<commands.InviteExpertsInput> {
  const { rows } = await listAssignees(deps.db, scopeOf(user), {
    roles: ['expert'],
    ids: body.expertIds,
    range: [0, body.expertIds.length - 1],
  });
  const byId = new Map(rows.map((r) => [r.id, { id: r.id, name: r.displayName }]));
  const unknown = body.expertIds.filter((id) => !byId.has(id));
  if (unknown.length > 0) {
    const message = `以下编号不是您辖区内在岗的专家：${unknown.join('、')}`;
    throw new DomainError('VALIDATION', message, { expertIds: message });
  }
  return { experts: body.expertIds.map((id) => byId.get(id)!), note: body.note };
}

/** The fields of a command that name documents as evidence. */
const EVIDENCE_FIELDS = ['documentIds', 'signedScanDocumentId', 'assessmentDocumentId'] as const;

/**
 * Evidence is taken only from this case's own files uploaded by the caller's side: an enterprise's evidence by that
 * enterprise, a supervisor's by the government side. Any other id — unknown, another case's file, the other side's
 * upload — is a 422 naming the field, before the workflow is asked ("evidence required" cannot be met by any UUID).
 */
async function requireOwnEvidence(
  deps: Pick<AppDeps, 'db'>,
  user: SessionUser,
  caseId: string,
  body: unknown,
) {
  if (!body || typeof body !== 'object') return;
  const named = EVIDENCE_FIELDS.flatMap((field) => {
    const v = (body as Record<string, unknown>)[field];
    const ids = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
    return ids.filter((id): id is string => typeof id === 'string').map((id) => ({ field, id }));
  });
  if (named.length === 0) return;
  const sides = await caseDocumentSides(
    deps.db,
    caseId,
    named.map((n) => n.id),
  );
  const mySide = user.role === 'enterprise' ? (user.enterpriseId ?? '') : null;
  for (const { field, id } of named) {
    const doc = sides.get(id);
    const message = !doc
      ? `文件${id}不是本案件的材料，请先上传到本案件`
      : doc.enterpriseId !== mySide
        ? `文件${id}不是本单位上传的材料，证据须由${mySide === null ? '监管部门' : '本企业'}上传`
        : undefined;
    if (message) throw new DomainError('VALIDATION', message, { [field]: message });
  }
}

/** The enterprise a supervisor attaches: on file and in the caller's territory, else a 422 on enterpriseId. */
async function resolveEnterprise(
  deps: Pick<AppDeps, 'db'>,
  user: SessionUser,
  body: commands.AttachEnterpriseRequest,
): Promise<commands.AttachEnterpriseInput> {
  const [e] = await deps.db
    .select()
    .from(schema.enterprises)
    .where(eq(schema.enterprises.id, body.enterpriseId));
  if (!e || (user.role !== 'admin' && !e.regionPath.startsWith(user.regionPath ?? '\u0000'))) {
    const message = '企业不存在或不在您的辖区内';
    throw new DomainError('VALIDATION', message, { enterpriseId: message });
  }
  return {
    ...body,
    enterpriseName: e.name,
    industryCategory: e.industryCategory,
    departmentId: e.departmentId,
  };
}

/**
 * 提级督办: the level (the next one up unless asked) and the units of its authority, named from the region tree (the
 * region's 发文机关, else its 安委办) unless the request names them; a 包案领导 named must lead that region or above. A
 * case not listed, or listed at the province, goes to the workflow as asked: its rules refuse it (409) with the reason.
 */
async function resolveRaise(
  deps: Pick<AppDeps, 'db'>,
  body: commands.RaiseLevelRequest,
  caseId: string,
): Promise<commands.RaiseLevelRequest | commands.RaiseLevelInput> {
  const row = await findCaseRowWithoutView(deps.db, caseId);
  const current = row?.level as ListingLevel | null | undefined;
  const level = body.level ?? (current ? levelAbove(current) : undefined);
  if (!row || !current || !level) return body;
  const path = authorityPath(row.regionPath, level);
  const region = await regionAuthority(deps.db, path);
  const listingAuthority =
    body.listingAuthority ?? region?.authorityName ?? `${region?.name ?? listingLevelLabels[level]}安委办`;
  await requireOwningLeader(deps, body.owningLeaderId, path, region?.name ?? listingLevelLabels[level]);
  return { ...body, level, listingAuthority, supervisingUnit: body.supervisingUnit ?? listingAuthority };
}

/** 挂牌督办: the 包案领导 named must lead the region of the listing level's authority (or one above it). */
async function requireListingLeader(deps: Pick<AppDeps, 'db'>, body: commands.ListInput, caseId: string) {
  if (!body.owningLeaderId) return;
  const row = await findCaseRowWithoutView(deps.db, caseId);
  if (!row) return;
  const path = authorityPath(row.regionPath, body.level);
  const region = await regionAuthority(deps.db, path);
  await requireOwningLeader(deps, body.owningLeaderId, path, region?.name ?? listingLevelLabels[body.level]);
}

/**
 * The 包案领导 (owning leader) named at 挂牌督办 or 提级督办 owns the case personally and receives its supervisory
 * ladder's rung: an existing, active user with role leader whose region contains `authorityPath` (the listing
 * authority's region). Otherwise a 422 on owningLeaderId saying which of these fails.
 */
async function requireOwningLeader(
  deps: Pick<AppDeps, 'db'>,
  leaderId: string | undefined,
  authorityPath: string,
  regionName: string,
): Promise<void> {
  if (!leaderId) return;
  const leader = await findLeaderStanding(deps.db, leaderId);
  const refusal = !leader
    ? '包案领导不存在'
    : leader.role !== 'leader'
      ? '所选人员不是领导，不能担任包案领导'
      : !leader.active
        ? '所选领导的账号已停用，不能担任包案领导'
        : !leader.regionPath || !authorityPath.startsWith(leader.regionPath)
          ? `包案领导须为${regionName}或其上级的领导（所选领导属${leader.regionName ?? '其他地区'}）`
          : undefined;
  if (refusal) throw new DomainError('VALIDATION', refusal, { owningLeaderId: refusal });
}

async function requireClause(deps: Pick<AppDeps, 'db'>, clauseId: string | undefined): Promise<void> {
  if (!clauseId) return;
  const [clause] = await deps.db
    .select({ id: schema.hazardClauses.id })
    .from(schema.hazardClauses)
    .where(eq(schema.hazardClauses.id, clauseId));
  if (!clause) throw new DomainError('VALIDATION', '判定标准条款不存在', { clauseId: '判定标准条款不存在' });
}

/** A case just started: its id and the first view its workflow answered with. */
export interface StartedCase {
  id: string;
  view: CaseView;
}

/**
 * Starts a case workflow for a report with update-with-start: one call to Temporal starts the workflow and sends it
 * the `reported` Update, which answers with the case's first view once the worker has recorded it (read model,
 * event and the report's audit record, one transaction). No polling of the read model. `scopePath` limits where the
 * reporter may report; `ownEnterpriseId` binds a self-report.
 */
export async function startCase(
  deps: Deps,
  opts: {
    input: commands.ReportCaseInput;
    actor: Actor;
    scopePath: string | null;
    /**
     * A department supervisor's industries: the report must name an enterprise of one of them, or the reporter could
     * not see the case they just reported (a case without an enterprise is the 安委办's to route; see scope.ts).
     */
    departmentIndustries?: string[] | null;
    ownEnterpriseId?: string | null;
    trackingCode?: string;
    /** The new case's id when the caller fixes it (an idempotent retry resumes the same case); random otherwise. */
    caseId?: string;
    /** The request that reports it, for the report's audit record (written by the worker with the case). */
    requestId?: string;
  },
): Promise<StartedCase> {
  const { db } = deps;
  const { input } = opts;
  const [region] = await db.select().from(schema.regions).where(eq(schema.regions.code, input.regionCode));
  if (!region) throw new DomainError('VALIDATION', '行政区划不存在', { regionCode: '行政区划不存在' });
  if (opts.scopePath && !region.path.startsWith(opts.scopePath)) {
    throw new DomainError('VALIDATION', '该地区不在您的辖区内', { regionCode: '该地区不在您的辖区内' });
  }
  let regionPath = region.path;
  let regionCode = region.code;
  let industryCategory: string | null = null;
  let departmentId: string | null = null;
  let enterpriseName = input.enterpriseName;
  if (opts.ownEnterpriseId !== undefined && input.enterpriseId !== opts.ownEnterpriseId) {
    throw new DomainError('VALIDATION', '企业只能报告本企业的隐患', {
      enterpriseId: '企业只能报告本企业的隐患',
    });
  }
  const industries = opts.departmentIndustries;
  if (industries && !input.enterpriseId) {
    throw new DomainError('VALIDATION', '请选择企业：行业主管部门报告的隐患须属于本部门监管行业的企业', {
      enterpriseId: '请选择本部门监管行业的企业',
    });
  }
  if (input.enterpriseId) {
    const [e] = await db
      .select()
      .from(schema.enterprises)
      .where(eq(schema.enterprises.id, input.enterpriseId));
    if (
      !e ||
      (opts.scopePath && !e.regionPath.startsWith(opts.scopePath)) ||
      (industries && !industries.includes(e.industryCategory) && !industries.includes(e.industryCode))
    ) {
      throw new DomainError('VALIDATION', '企业不存在或不在您的辖区内', {
        enterpriseId: '企业不存在或不在您的辖区内',
      });
    }
    regionPath = e.regionPath;
    regionCode = e.regionCode;
    industryCategory = e.industryCategory;
    departmentId = e.departmentId;
    enterpriseName = e.name;
  }
  if (input.suspectedClauseId) await requireClause(deps, input.suspectedClauseId);
  const caseId = opts.caseId ?? randomUUID();
  const workflowId = defs.caseWorkflowId(caseId);
  // With no worker the workflow would start and wait: refuse instead (503, nothing started), unless this is the retry
  // of a keyed report whose workflow may already exist (then its case is looked up below). Temporal unreachable is a
  // 503 within TEMPORAL_CALL_MS too (the worker check may answer from its cache): asked at the same time.
  const [worker, reachable] = await Promise.allSettled([
    requireCaseWorker(deps),
    temporalReachable(deps.temporal),
  ]);
  const refused = reachable.status === 'rejected' ? reachable : worker.status === 'rejected' ? worker : null;
  if (refused) {
    if (!opts.caseId) throw refused.reason;
    // A keyed retry: its first attempt may have started the workflow (and answered 202). Then this is still pending.
    const earlier = await findCaseById(db, caseId);
    if (earlier) return { id: earlier.id, view: earlier.view as CaseView };
    // Temporal unreachable: it cannot say whether it holds the workflow either; the 503 stands (a retry is safe).
    if (refused === reachable || !(await workflowExists(deps, workflowId))) throw refused.reason;
    throw pendingReport(caseId, opts.trackingCode);
  }
  const startOp = new WithStartWorkflowOperation('caseWorkflow', {
    taskQueue: defs.TASK_QUEUE,
    workflowId,
    // One case, one workflow, ever: a retried report must not restart a case that has already closed; a retry while
    // it runs (the same keyed report) sends the Update to the running case and gets its view.
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    workflowIdConflictPolicy: 'USE_EXISTING',
    // What the first transition would upsert, set with the start instead (one visibility write less).
    typedSearchAttributes: defs.reportedSearchAttributes(regionCode),
    args: [
      {
        caseId,
        report: { ...input, regionCode, enterpriseName },
        reportedBy: opts.actor,
        reportedAt: new Date().toISOString(),
        regionPath,
        industryCategory,
        departmentId,
        trackingCode: opts.trackingCode ?? null,
        requestId: opts.requestId ?? null,
      } satisfies defs.CaseWorkflowInput,
    ],
  });
  try {
    // The `reported` Update runs in the workflow's first task, after the report is recorded: its answer is the view.
    const view = await temporalCall(
      deps.temporal,
      () =>
        deps.temporal.workflow.executeUpdateWithStart(defs.reportedUpdate, {
          args: [],
          startWorkflowOperation: startOp,
        }),
      REPORT_WAIT_MS,
    );
    return { id: caseId, view };
  } catch (err) {
    // An earlier attempt of the same keyed report started it and the case has closed since (REJECT_DUPLICATE): the
    // retry's answer is that case.
    if (opts.caseId && err instanceof WorkflowExecutionAlreadyStartedError) {
      const earlier = await findCaseById(db, caseId);
      if (earlier) return { id: earlier.id, view: earlier.view as CaseView };
    }
    if (!(err instanceof DomainError && err.code === 'UNAVAILABLE') && !isTemporalUnavailable(err)) throw err;
    // No answer within the bound. If Temporal holds the workflow, no worker has recorded the case yet (it died after
    // the check): the case will exist, with its audit record, once one runs. Said as it is, with where it will be.
    // Otherwise nothing was started: the 503 stands.
    if (await workflowExists(deps, workflowId)) throw pendingReport(caseId, opts.trackingCode);
    throw err;
  }
}

/** Whether Temporal holds a workflow with this id (false too when it cannot be asked). */
async function workflowExists(deps: Deps, workflowId: string): Promise<boolean> {
  return temporalCall(deps.temporal, () => deps.temporal.workflow.getHandle(workflowId).describe()).then(
    () => true,
    () => false,
  );
}

function pendingReport(caseId: string, trackingCode: string | undefined): PendingError {
  return new PendingError(trackingCode ? `/api/public/reports/${trackingCode}` : `/api/cases/${caseId}`, {
    status: 'pending',
    caseId,
    ...(trackingCode ? { trackingCode } : {}),
    message:
      '报告已交给工作流服务，处理程序恢复后即生成案件；可凭此地址查看，或用同一 Idempotency-Key 重试（不会重复创建）',
  });
}
