import { randomUUID } from 'node:crypto';
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { eq } from 'drizzle-orm';
import { schema } from '../../db/client.js';
import { listAssignees } from '../../db/queries/assignees.js';
import { appendAudit } from '../../db/queries/audit.js';
import {
  findCaseById,
  findCaseRowWithoutView,
  getCase,
  listCases,
  requireCaseInScope,
  type CaseRow,
} from '../../db/queries/cases.js';
import { listQuerySchema } from '../../db/queries/list-params.js';
import * as commands from '../../domain/commands.js';
import { DomainError } from '../../domain/errors.js';
import * as defs from '../../workflows/definitions.js';
import type { Actor } from '../../domain/commands.js';
import { scopeOf, type AppDeps, type AppEnv } from '../context.js';
import { idempotency, idempotencyHeader, replayedHeader } from '../idempotency.js';
import { commandErrorResponses, errorResponses, forbiddenResponse, jsonBody, jsonOk } from '../openapi.js';
import { requireUser } from './auth.routes.js';
import type { SessionUser } from '../../db/queries/auth.js';
import type { Role } from '../../domain/roles.js';

export const caseRecordSchema = z
  .object({
    id: z.uuid(),
    caseNo: z.number().int(),
    status: z.string(),
    source: z.string(),
    title: z.string(),
    description: z.string(),
    location: z.string().nullable(),
    enterpriseId: z.string().nullable(),
    enterpriseName: z.string().nullable(),
    regionCode: z.string(),
    regionName: z.string().nullable().optional().openapi({ description: 'In lists: the region’s name' }),
    regionPath: z.string(),
    industryCategory: z.string().nullable(),
    level: z.string().nullable(),
    listingAuthority: z.string().nullable(),
    supervisingUnit: z.string().nullable(),
    deadline: z.string().nullable(),
    overdue: z.boolean(),
    overdueSince: z.string().nullable(),
    escalationStep: z.string().nullable(),
    extensionCount: z.number().int(),
    acceptanceFailures: z.number().int(),
    reportedAt: z.string(),
    listedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    version: z.number().int(),
    view: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi('Case');

/** The record react-admin receives: the read-model row (without internal columns). */
export function toCaseRecord(row: CaseRow) {
  const { searchText: _s, policy: _p, ...rest } = row;
  return rest;
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

/** The commands a person issues on a case: route path → workflow Update and its input schema. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one table for updates of different inputs
type AnyCaseUpdate = UpdateDefinition<defs.CaseView, [defs.Command<any>]>;
interface CaseCommand {
  path: string;
  update: AnyCaseUpdate;
  /** The request body; the Update's input unless `toUpdateInput` resolves it. */
  input: z.ZodType;
  summary: string;
  /** Only these roles may send the command at all (403); others' refusals come from the workflow (409). */
  roles?: readonly Role[];
  /** Resolves the request body to the Update's input (e.g. user ids to the people they name). */
  toUpdateInput?: (deps: AppDeps, user: SessionUser, body: never) => Promise<unknown>;
}
const COMMANDS: CaseCommand[] = [
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
    summary: '挂牌督办 List the hazard for supervision',
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
    roles: ['supervisor', 'admin'],
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
];

const REPORTERS = new Set(['admin', 'supervisor', 'grid_member', 'enterprise']);
const idParam = z.object({ id: z.uuid({ error: '案件编号无效' }) });
const operationId = (path: string) => path.replace(/-(\w)/g, (_, ch: string) => ch.toUpperCase());

export function caseRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const { db } = deps;
  const idempotent = idempotency(deps);
  const idempotencyConflict = {
    409: {
      description:
        'A request with the same Idempotency-Key is still being processed (retry after Retry-After)',
      content: errorResponses[422].content,
    },
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/cases',
      operationId: 'listCases',
      tags: ['cases'],
      summary: "Cases in the caller's scope (react-admin list conventions; total in Content-Range)",
      request: { query: listQuerySchema },
      responses: {
        200: jsonOk(z.array(caseRecordSchema)),
        401: errorResponses[401],
        422: errorResponses[422],
      },
    }),
    async (c) => {
      const user = requireUser(c);
      const { rows, total, from } = await listCases(db, scopeOf(user), c.req.valid('query'));
      c.header('Content-Range', `cases ${from}-${from + Math.max(rows.length - 1, 0)}/${total}`);
      return c.json(rows.map(toCaseRecord) as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/cases/{id}',
      operationId: 'getCase',
      tags: ['cases'],
      request: { params: idParam },
      responses: { 200: jsonOk(caseRecordSchema), ...errorResponses },
    }),
    async (c) => {
      const user = requireUser(c);
      return c.json(toCaseRecord(await getCase(db, scopeOf(user), c.req.valid('param').id)) as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/cases',
      operationId: 'reportCase',
      tags: ['cases'],
      summary: '报告隐患 Report a hazard: starts the case workflow, awaiting judgement',
      description:
        'With an Idempotency-Key a retried report creates one case: the repeat is answered with the first response.',
      middleware: [idempotent] as const,
      request: { headers: idempotencyHeader, body: jsonBody(commands.reportCaseInput) },
      responses: {
        201: { ...jsonOk(caseRecordSchema, 'The new case'), headers: replayedHeader },
        ...errorResponses,
        403: errorResponses[401],
        ...idempotencyConflict,
        422: {
          ...errorResponses[422],
          description: `${errorResponses[422].description}; or the Idempotency-Key was used for another request`,
        },
      },
    }),
    async (c) => {
      const user = requireUser(c);
      if (!REPORTERS.has(user.role)) throw new DomainError('FORBIDDEN', '该角色不能报告隐患');
      const input = c.req.valid('json');
      const row = await startCase(deps, {
        input,
        actor: actorOf(user),
        scopePath: user.role === 'admin' ? null : user.regionPath,
        departmentIndustries: user.role === 'supervisor' ? user.departmentIndustries : null,
        ownEnterpriseId: user.role === 'enterprise' ? user.enterpriseId : undefined,
        // A keyed report's case id is the key's operation id: a retry cannot start a second workflow.
        caseId: c.get('idempotency')?.operationId,
      });
      await appendAudit(db, {
        actorId: user.id,
        actorRole: user.role,
        action: 'report',
        resource: 'cases',
        resourceId: row.id,
        requestId: c.get('requestId'),
        payload: input,
      });
      return c.json(toCaseRecord(row) as never, 201);
    },
  );

  for (const cmd of COMMANDS) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/cases/{id}/${cmd.path}`,
        operationId: operationId(cmd.path),
        tags: ['case commands'],
        summary: cmd.summary,
        middleware: [idempotent] as const,
        request: { params: idParam, headers: idempotencyHeader, body: jsonBody(cmd.input) },
        responses: {
          200: { ...jsonOk(caseRecordSchema, 'The case after the command'), headers: replayedHeader },
          ...commandErrorResponses,
          ...(cmd.roles ? forbiddenResponse : {}),
        },
      }),
      async (c) => {
        const user = requireUser(c);
        const { id } = c.req.valid('param');
        const body = c.req.valid('json');
        await requireCaseInScope(db, scopeOf(user), id); // outside the caller's scope: 404
        if (cmd.roles && !cmd.roles.includes(user.role))
          throw new DomainError('FORBIDDEN', '该角色不能执行此操作');
        if (cmd.path === 'judge') await requireClause(deps, (body as commands.JudgeInput).clauseId);
        const input = cmd.toUpdateInput ? await cmd.toUpdateInput(deps, user, body as never) : body;
        // Keyed: the key's operation id, so a retry is the same Temporal update (answered with its first result)
        // and the same commandId (applied once by the workflow).
        const commandId = c.get('idempotency')?.operationId ?? randomUUID();
        const handle = deps.temporal.workflow.getHandle(defs.caseWorkflowId(id));
        const view = await handle.executeUpdate(cmd.update, {
          updateId: commandId,
          args: [{ actor: actorOf(user), input: input as never, commandId }],
        });
        // The row's columns (the view comes with the answer), read while the audit record is appended.
        const [row] = await Promise.all([
          findCaseRowWithoutView(db, id),
          appendAudit(db, {
            actorId: user.id,
            actorRole: user.role,
            action: cmd.path,
            resource: 'cases',
            resourceId: id,
            requestId: c.get('requestId'),
            payload: cmd.toUpdateInput ? { ...(body as object), resolved: input } : body,
          }),
        ]);
        return c.json(toCaseRecord({ ...row!, policy: null, view: view as never }) as never, 200);
      },
    );
  }
  return app;
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

async function requireClause(deps: Pick<AppDeps, 'db'>, clauseId: string | undefined): Promise<void> {
  if (!clauseId) return;
  const [clause] = await deps.db
    .select({ id: schema.hazardClauses.id })
    .from(schema.hazardClauses)
    .where(eq(schema.hazardClauses.id, clauseId));
  if (!clause) throw new DomainError('VALIDATION', '判定标准条款不存在', { clauseId: '判定标准条款不存在' });
}

/**
 * Starts a case workflow for a report and waits until its first transition is in the read model, so the caller
 * gets the case back. `scopePath` limits where the reporter may report; `ownEnterpriseId` binds a self-report.
 */
export async function startCase(
  deps: Pick<AppDeps, 'db' | 'temporal'>,
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
  },
): Promise<CaseRow> {
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
  try {
    await deps.temporal.workflow.start('caseWorkflow', {
      taskQueue: defs.TASK_QUEUE,
      workflowId: defs.caseWorkflowId(caseId),
      // One case, one workflow, ever: a retried report must not restart a case that has already closed.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
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
        } satisfies defs.CaseWorkflowInput,
      ],
    });
  } catch (err) {
    // An earlier attempt of the same keyed report started it (and then broke): this attempt carries it on.
    if (!(opts.caseId && err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  for (let waited = 0; waited < 20_000; waited += 50) {
    const row = await findCaseById(db, caseId);
    if (row) return row;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`case ${caseId} was started but its record did not appear`);
}
