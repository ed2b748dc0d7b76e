/**
 * Scores (绩效考核、排名、月通报): the routes validate and call these; these check who may do what, run the work
 * through db/queries (and the computation through its Temporal workflow), and append the audit record. Every write
 * lands in the audit trail.
 */
import { WorkflowFailedError } from '@temporalio/client';
import type { SessionUser } from '../../db/queries/auth.js';
import { appendAudit } from '../../db/queries/audit.js';
import { dutyPolicyFor } from '../../db/queries/duty-policies.js';
import { createScheme, schemeInForce, type SchemeInput } from '../../db/queries/score-schemes.js';
import {
  currentRun,
  findRoot,
  findRunById,
  getRun,
  managesRoot,
  publishRun,
  unitRows,
  type ScoreRunRow,
  type UnitScoreRow,
} from '../../db/queries/score-runs.js';
import {
  bulletinUnits,
  getBulletin,
  insertBulletin,
  markPublished,
  updateBulletin,
  type BulletinRow,
} from '../../db/queries/score-bulletins.js';
import {
  caseHistory,
  hazardHistory,
  homeUnit,
  latestMonth,
  listFollowUps,
  markFollowUpDone,
  unitTrend,
} from '../../db/queries/score-views.js';
import { rowsOf } from '../../db/queries/score-facts.js';
import { addCalendarDays, shanghaiDate } from '../../domain/calendar.js';
import { DomainError } from '../../domain/errors.js';
import { renderTemplate } from '../../domain/documents/templates.js';
import { caseAsOf, hazardAsOf } from '../../domain/scores/as-of.js';
import { buildBulletin, type BulletinContent } from '../../domain/scores/bulletin.js';
import { diffRuns, type DiffableUnit, type RunDiff } from '../../domain/scores/diff.js';
import { factKeys } from '../../domain/scores/indicators.js';
import { monthOf, monthsEndingWith, previousMonth } from '../../domain/scores/month.js';
import type { UnitLevel } from '../../domain/scores/compute.js';
import { diffSchemes, type ScoreScheme, type SchemeSection } from '../../domain/scores/scheme.js';
import { issueDocument } from '../../activities/documents/issue.js';
import { TASK_QUEUE } from '../../workflows/definitions.js';
import {
  scoreRunWorkflowId,
  type ComputeScoresInput,
  type ComputeScoresResult,
} from '../../workflows/score-definitions.js';
import { scopeOf, type AppDeps } from '../context.js';
import { sql } from 'drizzle-orm';

export interface ScoreContext {
  deps: Pick<AppDeps, 'db' | 'now' | 'temporal' | 'config'>;
  user: SessionUser;
  requestId: string;
}

const nowOf = (ctx: ScoreContext) => ctx.deps.now?.() ?? new Date();
const invalid = (field: string, message: string) =>
  new DomainError('VALIDATION', message, { [field]: message });

/** Experts have no part in the scores; every other role reads what its scope allows. */
export function requireScoreReader(user: SessionUser): void {
  if (user.role === 'expert') throw new DomainError('FORBIDDEN', '专家账号不能查看绩效考核');
}

const audit = (ctx: ScoreContext, action: string, resource: string, resourceId: string, payload: unknown) =>
  appendAudit(ctx.deps.db, {
    actorId: ctx.user.id,
    actorRole: ctx.user.role,
    action,
    resource,
    resourceId,
    requestId: ctx.requestId,
    payload,
  });

/** How long a request waits for a computation before answering that it goes on in the background. */
// Under a client's usual 30 s read timeout: a longer computation answers 202 and goes on.
const COMPUTE_WAIT_MS = 20_000;

export type ComputeAnswer =
  | { state: 'done'; result: ComputeScoresResult; diff: RunDiff | null }
  | { state: 'running'; workflowId: string };

/**
 * 计算考核结果: the month of a jurisdiction, on demand (the running month is provisional), through the same workflow
 * and activity as the monthly Schedule. Two requests for the same month join one computation. When the month already
 * has a run, the answer carries the diff against it; a published month is never changed by this.
 */
export async function computeScores(
  ctx: ScoreContext,
  input: { rootCode: string; month: string },
): Promise<ComputeAnswer> {
  const { user } = ctx;
  const root = await findRoot(ctx.deps.db, input.rootCode);
  if (!root) throw invalid('rootCode', '没有这个考核区域');
  // Any 安委办 (or its leader) within or above the jurisdiction may compute it: a computation changes no published
  // month, and one with nothing new writes nothing. Publishing is the jurisdiction's own 安委办's (publishScores).
  const allowed =
    user.role === 'admin' ||
    ((user.role === 'supervisor' || user.role === 'leader') &&
      !user.departmentIndustries &&
      !!user.regionPath &&
      (root.path.startsWith(user.regionPath) || user.regionPath.startsWith(root.path)));
  if (!allowed) throw new DomainError('FORBIDDEN', '只有本区域及上级安委办（及其负责人）可以计算考核结果');
  const running = monthOf(nowOf(ctx));
  if (input.month > running) throw invalid('month', `不能晚于本月（${running}）`);
  const workflowId = scoreRunWorkflowId(root.code, input.month);
  const args: ComputeScoresInput = {
    rootCode: root.code,
    month: input.month,
    trigger: 'request',
    requestedBy: user.id,
  };
  const handle = await ctx.deps.temporal.workflow.start('scoreRunWorkflow', {
    taskQueue: TASK_QUEUE,
    workflowId,
    args: [args],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  let timer: NodeJS.Timeout | undefined;
  const result = await Promise.race([
    handle.result() as Promise<ComputeScoresResult>,
    new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), COMPUTE_WAIT_MS))),
  ])
    .catch((err: unknown) => {
      if (err instanceof WorkflowFailedError)
        throw new DomainError(
          'CONFLICT',
          `考核计算失败：${(err.cause?.cause as Error | undefined)?.message ?? err.cause?.message ?? err.message}`,
        );
      throw err;
    })
    .finally(() => clearTimeout(timer));
  await audit(ctx, 'compute', 'score_runs', result?.runId ?? workflowId, {
    rootCode: root.code,
    month: input.month,
    state: result ? 'done' : 'running',
    kind: result?.kind,
    unchanged: result?.unchanged,
    inputsHash: result?.inputsHash,
  });
  if (!result) return { state: 'running', workflowId };
  const diff =
    !result.unchanged && result.recomputesRunId
      ? await diffOf(ctx, result.recomputesRunId, result.runId)
      : null;
  return { state: 'done', result, diff };
}

const toDiffable = (scheme: ScoreScheme, rows: UnitScoreRow[]): DiffableUnit[] =>
  rows.map((r) => {
    const items = scheme.sections[r.section as SchemeSection] ?? [];
    return {
      level: r.level as UnitLevel,
      unitId: r.unitId,
      name: r.name,
      total: r.total,
      rank: r.rank,
      flagged: r.flagged,
      className: r.className,
      facts: Object.fromEntries(factKeys.map((k, i) => [k, r.facts[i] ?? 0])),
      points: Object.fromEntries(items.map((it, i) => [it.indicator, r.points[i] ?? 0])),
    };
  });

/** What `afterId` changes against `beforeId` (two runs of the same jurisdiction and month), both in the caller's scope. */
export async function diffOf(ctx: ScoreContext, beforeId: string, afterId: string): Promise<RunDiff> {
  const scope = scopeOf(ctx.user);
  const [before, after] = await Promise.all([
    getRun(ctx.deps.db, scope, beforeId),
    getRun(ctx.deps.db, scope, afterId),
  ]);
  if (before.rootCode !== after.rootCode || before.month !== after.month)
    throw invalid('against', '只能比较同一区域同一月份的两次计算');
  // Only the units the caller may see: a district's run holds every enterprise of it, and a diff names each one.
  const [a, b] = await Promise.all([
    unitRows(ctx.deps.db, { runId: before.id, scope }),
    unitRows(ctx.deps.db, { runId: after.id, scope }),
  ]);
  return diffRuns(toDiffable(before.scheme as ScoreScheme, a), toDiffable(after.scheme as ScoreScheme, b));
}

/** The run a diff compares with when none is named: the one it recomputed, else the month's published run. */
export async function defaultAgainst(ctx: ScoreContext, run: ScoreRunRow): Promise<string> {
  if (run.recomputesRunId) return run.recomputesRunId;
  const shown = await currentRun(ctx.deps.db, { rootCode: run.rootCode, month: run.month });
  if (!shown || shown.id === run.id) throw invalid('against', '该月没有可比较的其他计算结果');
  return shown.id;
}

/**
 * 发布: freezes a computed final run as the month's result and opens a follow-up task for every enterprise in the
 * follow-up class (四类水平). A month already published needs `supersedeReason`: the earlier publication stays on
 * record as superseded.
 */
export async function publishScores(
  ctx: ScoreContext,
  runId: string,
  input: { supersedeReason?: string },
): Promise<{ run: ScoreRunRow; supersededRunId: string | null; followUps: number }> {
  const scope = scopeOf(ctx.user);
  const run = await getRun(ctx.deps.db, scope, runId);
  if (ctx.user.role !== 'admin' && !managesRoot(scope, run.rootPath))
    throw new DomainError('FORBIDDEN', '只有本区域安委办可以发布考核结果');
  const at = nowOf(ctx);
  const scheme = run.scheme as ScoreScheme;
  const out = await publishRun(ctx.deps.db, {
    runId,
    by: ctx.user.id,
    at,
    supersede: input.supersedeReason ? { reason: input.supersedeReason } : undefined,
    followUp: {
      dueOn: addCalendarDays(shanghaiDate(at), scheme.followUpWithinDays),
      previousMonth: previousMonth(run.month),
    },
  });
  await audit(ctx, 'publish', 'score_runs', runId, {
    rootCode: run.rootCode,
    month: run.month,
    inputsHash: run.inputsHash,
    supersedes: out.superseded?.id ?? null,
    supersedeReason: input.supersedeReason ?? null,
    followUps: out.followUps,
  });
  return { run: out.run, supersededRunId: out.superseded?.id ?? null, followUps: out.followUps };
}

// ── 月通报 ───────────────────────────────────────────────────────────────────────────────────────────────────

/** The published run a bulletin about `regionPath` draws from: the narrowest jurisdiction containing it. */
async function publishedRunFor(ctx: ScoreContext, regionPath: string, month: string): Promise<ScoreRunRow> {
  const r = await ctx.deps.db.execute(sql`
    select id from score_runs where status = 'published' and month = ${month} and ${regionPath} like root_path || '%'
    order by length(root_path) desc limit 1`);
  const id = rowsOf<{ id: string }>(r)[0]?.id;
  if (!id) throw new DomainError('CONFLICT', '本月考核结果尚未发布，发布后才能起草通报');
  return findRunById(ctx.deps.db, id);
}

/** The tables, charts and default words of a bulletin (recomputed from the frozen run: the same every time). */
export async function bulletinContent(
  ctx: ScoreContext,
  b: Pick<BulletinRow, 'runId' | 'regionCode' | 'month'>,
): Promise<BulletinContent> {
  const db = ctx.deps.db;
  const run = await findRunById(db, b.runId);
  const units = await bulletinUnits(db, { runId: run.id, issuerCode: b.regionCode });
  const parent = units.issuer.groupId !== units.issuer.unitId ? units.issuer.groupId : null;
  const parentName = parent
    ? (rowsOf<{ name: string }>(await db.execute(sql`select name from regions where code = ${parent}`))[0]
        ?.name ?? null)
    : null;
  return buildBulletin({
    month: run.month,
    scheme: run.scheme as ScoreScheme,
    issuer: units.issuer,
    peers: units.peers,
    children: units.children,
    departments: units.departments,
    grids: units.grids,
    parentName,
  });
}

export async function createBulletin(
  ctx: ScoreContext,
  input: { regionCode: string; month: string },
): Promise<BulletinRow> {
  const db = ctx.deps.db;
  const scope = scopeOf(ctx.user);
  const region = rowsOf<{ code: string; path: string; level: string }>(
    await db.execute(sql`select code, path, level from regions where code = ${input.regionCode}`),
  )[0];
  if (!region || !['province', 'city', 'district', 'street'].includes(region.level))
    throw invalid('regionCode', '没有这个区域');
  if (!managesRoot(scope, region.path))
    throw new DomainError('FORBIDDEN', '只有本区域安委办可以起草月度通报');
  const run = await publishedRunFor(ctx, region.path, input.month);
  const existing = rowsOf<{ id: string }>(
    await db.execute(sql`select id from score_bulletins where region_code = ${region.code} and month = ${input.month}
      order by (status = 'published') desc, updated_at desc limit 1`),
  )[0];
  if (existing) return getBulletin(db, scope, existing.id);
  const content = await bulletinContent(ctx, { runId: run.id, regionCode: region.code, month: input.month });
  const row = await insertBulletin(db, {
    regionCode: region.code,
    regionPath: region.path,
    month: input.month,
    runId: run.id,
    title: content.title,
    addressee: content.addressee,
    body: content.body,
    createdBy: ctx.user.id,
  });
  await audit(ctx, 'create', 'score_bulletins', row.id, {
    regionCode: region.code,
    month: input.month,
    runId: run.id,
  });
  return row;
}

/** Refuses words the engine cannot set: a table or chart line naming one this bulletin has not. */
function checkBody(
  content: BulletinContent,
  words: { title: string; addressee?: string | null; body: string },
) {
  try {
    renderTemplate(
      { title: words.title, addressee: words.addressee ?? undefined, body: words.body },
      { values: content.values, tables: content.tables, charts: content.charts },
    );
  } catch (err) {
    const known = [
      ...Object.keys(content.tables).map((k) => `[[表格:${k}]]`),
      ...Object.keys(content.charts).map((k) => `[[图表:${k}]]`),
    ];
    throw invalid('body', `${(err as Error).message}（可用：${known.join('、') || '无'}）`);
  }
}

export async function editBulletin(
  ctx: ScoreContext,
  id: string,
  input: { title: string; addressee?: string | null; body: string },
): Promise<BulletinRow> {
  const scope = scopeOf(ctx.user);
  const b = await getBulletin(ctx.deps.db, scope, id);
  if (!managesRoot(scope, b.regionPath))
    throw new DomainError('FORBIDDEN', '只有本区域安委办可以修改月度通报');
  checkBody(await bulletinContent(ctx, b), input);
  const row = await updateBulletin(ctx.deps.db, {
    id,
    title: input.title,
    addressee: input.addressee ?? null,
    body: input.body,
    at: nowOf(ctx),
  });
  await audit(ctx, 'update', 'score_bulletins', id, { title: input.title });
  return row;
}

/** 印发: issues the bulletin as a numbered official document (PDF + DOCX); a repeat answers the same document. */
export async function publishBulletin(ctx: ScoreContext, id: string): Promise<BulletinRow> {
  const db = ctx.deps.db;
  const scope = scopeOf(ctx.user);
  const b = await getBulletin(db, scope, id);
  if (!managesRoot(scope, b.regionPath))
    throw new DomainError('FORBIDDEN', '只有本区域安委办可以印发月度通报');
  if (b.status === 'published') return b;
  const content = await bulletinContent(ctx, b);
  checkBody(content, b);
  const doc = await issueDocument(
    db,
    {
      kind: 'monthly_bulletin',
      regionPath: b.regionPath,
      idempotencyKey: `score-bulletin:${b.id}`,
      data: { values: content.values, tables: content.tables, charts: content.charts },
      template: { title: b.title, ...(b.addressee ? { addressee: b.addressee } : {}), body: b.body },
      issuedBy: ctx.user.id,
      date: shanghaiDate(nowOf(ctx)),
    },
    { uploadDir: ctx.deps.config.uploadDir },
  );
  const row = await markPublished(db, {
    id,
    documentId: doc.id,
    number: doc.number,
    by: ctx.user.id,
    at: nowOf(ctx),
  });
  await audit(ctx, 'publish', 'score_bulletins', id, {
    number: doc.number,
    documentId: doc.id,
    sha256: doc.hash,
  });
  return row;
}

// ── 四类水平 follow-ups ──────────────────────────────────────────────────────────────────────────────────────

export async function followUpDone(ctx: ScoreContext, id: string, input: { method: string; note: string }) {
  if (ctx.user.role !== 'supervisor' && ctx.user.role !== 'admin')
    throw new DomainError('FORBIDDEN', '只有监管人员可以记录督促跟进情况');
  const row = await markFollowUpDone(ctx.deps.db, scopeOf(ctx.user), {
    id,
    method: input.method,
    note: input.note,
    by: ctx.user.id,
    at: nowOf(ctx),
  });
  await audit(ctx, 'follow_up', 'score_follow_ups', id, {
    enterpriseId: row.enterpriseId,
    month: row.month,
    method: input.method,
  });
  return row;
}

export { listFollowUps };

// ── Schemes ──────────────────────────────────────────────────────────────────────────────────────────────────

export async function addScheme(ctx: ScoreContext, input: SchemeInput) {
  if (ctx.user.role !== 'admin') throw new DomainError('FORBIDDEN', '只有系统管理员可以制定考核办法');
  // The record says what the version changes against the scheme it replaces in its first month.
  const [region] = rowsOf<{ path: string }>(
    await ctx.deps.db.execute(sql`select path from regions where code = ${String(input.regionCode)}`),
  );
  const replaced =
    region && typeof input.effectiveFrom === 'string'
      ? await schemeInForce(ctx.deps.db, { regionPath: region.path, month: input.effectiveFrom })
      : undefined;
  const row = await createScheme(ctx.deps.db, input, {
    actorId: ctx.user.id,
    thisMonth: monthOf(nowOf(ctx)),
  });
  await audit(ctx, 'create', 'score_schemes', row.id, {
    regionCode: row.regionCode,
    version: row.version,
    effectiveFrom: row.effectiveFrom,
    replaces: replaced?.source ? { id: replaced.source.id, version: replaced.source.version } : 'default',
    changes: replaced ? diffSchemes(replaced.scheme, row.body) : [],
  });
  return row;
}

// ── Home and "as of" ─────────────────────────────────────────────────────────────────────────────────────────

export async function homeSummary(ctx: ScoreContext) {
  const db = ctx.deps.db;
  const scope = scopeOf(ctx.user);
  const unit = await homeUnit(db, scope);
  if (!unit) return null;
  const last = await latestMonth(db, unit.rootCode);
  if (!last) return null;
  const months = monthsEndingWith(last, 6);
  const points = (
    await Promise.all(
      unit.level.map((level) =>
        unitTrend(db, {
          rootCode: unit.rootCode,
          level,
          unitId: unit.unitId,
          fromMonth: months[0]!,
          toMonth: last,
        }),
      ),
    )
  ).flat();
  points.sort((a, b) => a.month.localeCompare(b.month));
  const latest = points.at(-1);
  if (!latest) return null;
  const run = await findRunById(db, latest.runId);
  const level =
    unit.level.length === 1
      ? unit.level[0]!
      : ((await levelOf(ctx, latest.runId, unit.unitId)) ?? unit.level[0]!);
  const followUps =
    ctx.user.role === 'supervisor' || ctx.user.role === 'leader'
      ? (await listFollowUps(db, scope, { status: 'open', offset: 0, limit: 1 })).total
      : null;
  return {
    rootCode: unit.rootCode,
    level,
    unitId: unit.unitId,
    name: latest.name,
    month: latest.month,
    runId: latest.runId,
    runStatus: latest.runStatus,
    runKind: latest.runKind,
    total: latest.total,
    rank: latest.rank,
    groupSize: latest.groupSize,
    prevTotal: latest.prevTotal,
    prevRank: latest.prevRank,
    flagged: latest.flagged,
    className: latest.className,
    awardBar: (run.scheme as ScoreScheme).awardBar,
    trend: points.map((p) => ({
      month: p.month,
      total: p.total,
      rank: p.rank,
      groupSize: p.groupSize,
      runStatus: p.runStatus,
    })),
    openFollowUps: followUps,
  };
}

async function levelOf(ctx: ScoreContext, runId: string, unitId: string): Promise<UnitLevel | undefined> {
  const r = await ctx.deps.db
    .execute(sql`select level from unit_scores where run_id = ${runId} and unit_id = ${unitId}
    and level in ('province', 'city', 'district', 'street') limit 1`);
  return rowsOf<{ level: UnitLevel }>(r)[0]?.level;
}

export async function hazardOn(ctx: ScoreContext, id: string, date: string) {
  const { row, events } = await hazardHistory(ctx.deps.db, scopeOf(ctx.user), id);
  const policy = await dutyPolicyFor(ctx.deps.db, { regionPath: row.regionPath, on: date });
  return { hazard: row, ...hazardAsOf(row, events, date, policy.hazard.yellowDays) };
}

export async function caseOn(ctx: ScoreContext, id: string, date: string) {
  const { row, events } = await caseHistory(ctx.deps.db, scopeOf(ctx.user), id);
  return { case: row, ...caseAsOf(events, date) };
}
