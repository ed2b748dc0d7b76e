import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { appendAudit } from '../../db/queries/audit.js';
import { listQuerySchema, pageOf } from '../../db/queries/list-params.js';
import { RECORD_COLUMNS, factsOf, indicatorRecords, unitScore } from '../../db/queries/score-explain.js';
import { getRun, listRuns, type ScoreRunRow } from '../../db/queries/score-runs.js';
import {
  getScheme,
  listSchemes,
  regionPathOf,
  schemeInForce,
  schemeInputSchema,
} from '../../db/queries/score-schemes.js';
import { groupsOf, rankings, rootsInScope, unitTrend } from '../../db/queries/score-views.js';
import { getBulletin, listBulletins, type BulletinRow } from '../../db/queries/score-bulletins.js';
import { DomainError } from '../../domain/errors.js';
import { exportTable } from '../../domain/import/table.js';
import { unitLevels } from '../../domain/scores/compute.js';
import type { RunDiff } from '../../domain/scores/diff.js';
import { indicatorCodes, indicators, factKeys, type IndicatorCode } from '../../domain/scores/indicators.js';
import { monthSchema, monthsEndingWith } from '../../domain/scores/month.js';
import {
  DEFAULT_SCORE_SCHEME,
  describeRule,
  ruleKindLabels,
  schemeSections,
  sectionLabels,
  type ScoreScheme,
  type SchemeSection,
} from '../../domain/scores/scheme.js';
import { scopeOf, type AppDeps, type AppEnv } from '../context.js';
import { idempotency, idempotencyHeader, replayedHeader } from '../idempotency.js';
import { errorResponses, forbiddenResponse, jsonBody, jsonOk } from '../openapi.js';
import {
  addScheme,
  bulletinContent,
  caseOn,
  computeScores,
  createBulletin,
  defaultAgainst,
  diffOf,
  editBulletin,
  followUpDone,
  hazardOn,
  homeSummary,
  listFollowUps,
  publishBulletin,
  publishScores,
  requireScoreReader,
  type ScoreContext,
} from '../services/scores.js';
import { requireUser } from './auth.routes.js';
import { dateSchema, isoDate } from '../../domain/dates.js';

/**
 * 绩效考核、排名、月通报: scoring schemes, the monthly runs (computed by the Schedule or on demand, published and
 * frozen), rankings per level with the change against last month, each score explained down to the records counted
 * (and exported), the 四类水平 follow-ups, the 安委办's bulletin issued as an official document, a leader's home card,
 * and a hazard or case as it stood on a past date. Every route reads in the caller's scope: a unit, run or bulletin
 * outside it is a 404; a role with no part in it a 403.
 */
const TAG = 'scores';
const code = z.string().regex(/^\d{6,12}$/, { error: '区域代码应为6至12位数字' });
const uuid = (what: string) => z.uuid({ error: `${what}编号无效` });
const level = z.enum(unitLevels, {
  error: '层级应为 city、district、street、grid、department 或 enterprise',
});
const day = isoDate;
/** ?asOf=yyyy-MM-dd (or the older ?date=): the day whose end the record is shown at. */
const asOfQuery = z
  .object({
    asOf: day.optional().describe('某日 yyyy-MM-dd (Asia/Shanghai): the state at the end of that day'),
    date: day.optional().describe('the same as asOf (kept for earlier clients)'),
  })
  .refine((q) => q.asOf || q.date, { error: '请指定查询日期（asOf，格式 yyyy-MM-dd）', path: ['asOf'] });
const asOfDay = (q: { asOf?: string; date?: string }) => (q.asOf ?? q.date)!;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

const runSchema = z
  .object({
    id: z.uuid(),
    rootCode: z.string(),
    rootPath: z.string(),
    month: z.string(),
    kind: z
      .enum(['provisional', 'final'])
      .describe('provisional: the running month; final: a month that has ended'),
    status: z.enum(['computed', 'published', 'superseded']),
    schemeId: z.string().nullable(),
    schemeVersion: z.number().int().describe('0: the built-in default scheme'),
    inputsHash: z.string().describe('sha-256 of everything the scores were computed from'),
    previousRunId: z.string().nullable(),
    recomputesRunId: z.string().nullable(),
    unitCount: z.number().int(),
    trigger: z.enum(['schedule', 'request']),
    requestedBy: z.string().nullable(),
    computedAt: z.string(),
    durationMs: z.number().int(),
    publishedAt: z.string().nullable(),
    publishedBy: z.string().nullable(),
    supersededAt: z.string().nullable(),
    supersededBy: z.string().nullable(),
    supersedeReason: z.string().nullable(),
  })
  .openapi('ScoreRun');
const toRun = ({ scheme: _s, ...r }: ScoreRunRow) => ({
  ...r,
  computedAt: r.computedAt.toISOString(),
  publishedAt: iso(r.publishedAt),
  supersededAt: iso(r.supersededAt),
});

const rankingSchema = z
  .object({
    id: z.string().describe('level:unitId'),
    runId: z.uuid(),
    month: z.string(),
    runStatus: z.string(),
    runKind: z.string(),
    level: z.string(),
    unitId: z.string(),
    name: z.string(),
    regionPath: z.string(),
    groupId: z.string(),
    total: z.number(),
    rank: z.number().int(),
    groupSize: z.number().int(),
    className: z.string().nullable(),
    flagged: z.boolean().describe('under the award bar (units) or in the follow-up class (enterprises)'),
    prevTotal: z.number().nullable(),
    prevRank: z.number().int().nullable(),
  })
  .openapi('ScoreRanking');

const itemSchema = z
  .object({
    indicator: z.enum(indicatorCodes as [IndicatorCode, ...IndicatorCode[]]),
    name: z.string(),
    description: z.string(),
    kind: z.enum(['rate', 'average', 'count']),
    better: z.enum(['higher', 'lower']),
    counts: z.string(),
    weight: z.number(),
    rule: z.string().describe('the points rule in words'),
    numerator: z.number(),
    denominator: z.number().nullable(),
    value: z.number().nullable(),
    points: z.number(),
  })
  .openapi('ScoreItem');

const unitSchema = rankingSchema
  .extend({
    section: z.enum(schemeSections),
    sectionName: z.string(),
    run: runSchema,
    awardBar: z.number(),
    items: z.array(itemSchema),
    facts: z.record(z.string(), z.number()),
    trend: z.array(
      z.object({
        month: z.string(),
        total: z.number(),
        rank: z.number().int(),
        groupSize: z.number().int(),
        runStatus: z.string(),
      }),
    ),
  })
  .openapi('UnitScore');

const recordsQuery = listQuerySchema.extend({
  counted: z.enum(['numerator', 'denominator', 'all']).default('all'),
});
const unitParams = z.object({ runId: uuid('考核结果'), level, unitId: z.string().min(1).max(64) });
const indicatorParams = unitParams.extend({
  indicator: z.enum(indicatorCodes as [IndicatorCode, ...IndicatorCode[]], { error: '指标不在指标库中' }),
});

const diffSchema = z
  .object({
    unchanged: z.number().int(),
    changed: z.array(
      z.object({
        level: z.string(),
        unitId: z.string(),
        name: z.string(),
        change: z.enum(['added', 'removed', 'changed']),
        before: z
          .object({
            total: z.number(),
            rank: z.number(),
            flagged: z.boolean(),
            className: z.string().nullable(),
          })
          .nullable(),
        after: z
          .object({
            total: z.number(),
            rank: z.number(),
            flagged: z.boolean(),
            className: z.string().nullable(),
          })
          .nullable(),
        points: z.array(z.object({ indicator: z.string(), before: z.number(), after: z.number() })),
        facts: z.array(z.object({ fact: z.string(), before: z.number(), after: z.number() })),
      }),
    ),
    truncated: z.boolean(),
  })
  .openapi('ScoreRunDiff');
const DIFF_CAP = 500;
const capDiff = (d: RunDiff) => ({
  unchanged: d.unchanged,
  changed: d.changed.slice(0, DIFF_CAP),
  truncated: d.changed.length > DIFF_CAP,
});

const bulletinSchema = z
  .object({
    id: z.uuid(),
    regionCode: z.string(),
    regionPath: z.string(),
    month: z.string(),
    runId: z.uuid(),
    status: z.enum(['draft', 'published']),
    title: z.string(),
    addressee: z.string().nullable(),
    body: z.string(),
    documentId: z
      .string()
      .nullable()
      .describe('the issued official document: GET /official-documents/{id}/pdf | docx'),
    number: z.string().nullable().describe('发文字号'),
    createdAt: z.string(),
    updatedAt: z.string(),
    publishedAt: z.string().nullable(),
  })
  .openapi('ScoreBulletin');
const toBulletin = (b: BulletinRow) => ({
  id: b.id,
  regionCode: b.regionCode,
  regionPath: b.regionPath,
  month: b.month,
  runId: b.runId,
  status: b.status,
  title: b.title,
  addressee: b.addressee,
  body: b.body,
  documentId: b.documentId,
  number: b.number,
  createdAt: b.createdAt.toISOString(),
  updatedAt: b.updatedAt.toISOString(),
  publishedAt: iso(b.publishedAt),
});
const blockSchema = z.object({}).passthrough();
const bulletinWords = z.object({
  title: z.string().trim().min(1, { error: '标题不能为空' }).max(200, { error: '标题不能超过200个字' }),
  addressee: z.string().trim().max(500, { error: '主送机关不能超过500个字' }).nullish(),
  body: z.string().trim().min(1, { error: '正文不能为空' }).max(20_000, { error: '正文不能超过20000个字' }),
});

const followUpSchema = z
  .object({
    id: z.uuid(),
    runId: z.uuid(),
    rootCode: z.string(),
    month: z.string(),
    enterpriseId: z.uuid(),
    enterpriseName: z.string(),
    regionPath: z.string(),
    industryCategory: z.string(),
    total: z.number(),
    className: z.string(),
    streak: z.number().int().describe('consecutive published months in the follow-up class'),
    dueOn: z.string(),
    status: z.enum(['open', 'done']),
    method: z.string().nullable(),
    note: z.string().nullable(),
    doneAt: z.string().nullable(),
  })
  .openapi('ScoreFollowUp');
const followUpMethods = ['phone', 'visit', 'interview', 'notice', 'enforcement', 'other'] as const;

const contentRange = (
  c: { header(k: string, v: string): void },
  name: string,
  from: number,
  n: number,
  total: number,
) => c.header('Content-Range', `${name} ${from}-${from + Math.max(n - 1, 0)}/${total}`);

export function scoreRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const { db } = deps;
  const idempotent = idempotency(deps);
  const ctxOf = (c: {
    get(k: 'requestId'): string;
    get(k: 'user'): AppEnv['Variables']['user'];
  }): ScoreContext => {
    const user = requireUser(c);
    requireScoreReader(user);
    return { deps, user, requestId: c.get('requestId') };
  };
  const managersOnly = (ctx: ScoreContext) => {
    if (!['supervisor', 'leader', 'admin'].includes(ctx.user.role))
      throw new DomainError('FORBIDDEN', '只有监管人员和领导可以查看');
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/scores/indicators',
      operationId: 'listScoreIndicators',
      tags: [TAG],
      summary:
        '指标库 The indicator catalogue, the kinds of unit a scheme scores and the built-in default scheme',
      responses: {
        200: jsonOk(
          z.object({
            indicators: z.array(
              z.object({
                id: z.string(),
                name: z.string(),
                description: z.string(),
                kind: z.string(),
                better: z.string(),
                counts: z.string(),
                numerator: z.string(),
                denominator: z.string().nullable(),
                source: z.string(),
              }),
            ),
            sections: z.array(z.object({ id: z.string(), name: z.string() })),
            ruleKinds: z.record(z.string(), z.string()),
            defaultScheme: z.unknown(),
          }),
        ),
        401: errorResponses[401],
        ...forbiddenResponse,
      },
    }),
    (c) => {
      ctxOf(c);
      return c.json(
        {
          indicators: indicatorCodes.map((id) => {
            const s = indicators[id] as (typeof indicators)[IndicatorCode] & { denominator?: string };
            return {
              id,
              name: s.name,
              description: s.description,
              kind: s.kind,
              better: s.better,
              counts: s.counts,
              numerator: s.numerator,
              denominator: s.denominator ?? null,
              source: s.source,
            };
          }),
          sections: schemeSections.map((id) => ({ id, name: sectionLabels[id] })),
          ruleKinds: ruleKindLabels,
          defaultScheme: DEFAULT_SCORE_SCHEME,
        },
        200,
      );
    },
  );

  // ── Schemes ────────────────────────────────────────────────────────────────────────────────────────────────
  const schemeOut = z
    .object({
      id: z.uuid(),
      regionCode: z.string(),
      regionName: z.string(),
      version: z.number().int(),
      effectiveFrom: z.string(),
      name: z.string(),
      note: z.string().nullable(),
      body: z.unknown(),
      createdAt: z.string(),
      createdBy: z.string().nullable(),
    })
    .openapi('ScoreScheme');

  app.openapi(
    createRoute({
      method: 'get',
      path: '/scores/schemes',
      operationId: 'listScoreSchemes',
      tags: [TAG],
      summary: '考核办法 Scheme versions per jurisdiction (filter regionCode)',
      request: { query: listQuerySchema },
      responses: {
        200: jsonOk(z.array(schemeOut)),
        401: errorResponses[401],
        422: errorResponses[422],
        ...forbiddenResponse,
      },
    }),
    async (c) => {
      managersOnly(ctxOf(c));
      const q = c.req.valid('query');
      const f = q.filter ?? {};
      const { offset, limit } = pageOf(q);
      const { rows, total } = await listSchemes(db, {
        regionCode: typeof f.regionCode === 'string' ? f.regionCode : undefined,
        range: [offset, offset + limit - 1],
      });
      contentRange(c, 'scores/schemes', offset, rows.length, total);
      return c.json(rows, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/scores/schemes/in-force',
      operationId: 'getScoreSchemeInForce',
      tags: [TAG],
      summary: 'The scheme a region is scored under in a month (source null: the built-in default)',
      request: { query: z.object({ regionCode: code, month: monthSchema }) },
      responses: {
        200: jsonOk(z.object({ scheme: z.unknown(), source: z.unknown().nullable() })),
        ...errorResponses,
        ...forbiddenResponse,
      },
    }),
    async (c) => {
      managersOnly(ctxOf(c));
      const q = c.req.valid('query');
      const path = await regionPathOf(db, q.regionCode);
      if (!path) throw new DomainError('NOT_FOUND', '没有这个区域');
      return c.json(await schemeInForce(db, { regionPath: path, month: q.month }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/scores/schemes/{id}',
      operationId: 'getScoreScheme',
      tags: [TAG],
      request: { params: z.object({ id: uuid('考核办法') }) },
      responses: { 200: jsonOk(schemeOut), ...errorResponses, ...forbiddenResponse },
    }),
    async (c) => {
      managersOnly(ctxOf(c));
      return c.json(await getScheme(db, c.req.valid('param').id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/scores/schemes',
      operationId: 'createScoreScheme',
      tags: [TAG],
      summary:
        '制定考核办法 A new scheme version for a region, from a month not before the running one (administrators)',
      request: { body: jsonBody(schemeInputSchema) },
      responses: { 201: jsonOk(schemeOut), ...errorResponses, ...forbiddenResponse },
    }),
    async (c) => c.json(await addScheme(ctxOf(c), c.req.valid('json')), 201),
  );

  // ── Runs ───────────────────────────────────────────────────────────────────────────────────────────────────
  app.openapi(
    createRoute({
      method: 'get',
      path: '/scores/roots',
      operationId: 'listScoreRoots',
      tags: [TAG],
      summary: 'The jurisdictions the caller sees scores of, with the months computed',
      responses: {
        200: jsonOk(
          z.array(
            z.object({
              code: z.string(),
              name: z.string(),
              level: z.string(),
              path: z.string(),
              months: z.array(z.string()),
            }),
          ),
        ),
        401: errorResponses[401],
        ...forbiddenResponse,
      },
    }),
    async (c) => {
      const ctx = ctxOf(c);
      return c.json(await rootsInScope(db, scopeOf(ctx.user)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/scores/runs',
      operationId: 'listScoreRuns',
      tags: [TAG],
      summary:
        '考核结果 Runs in the caller’s scope (filter rootCode, month, kind, status), newest month first',
      request: { query: listQuerySchema },
      responses: {
        200: jsonOk(z.array(runSchema)),
        401: errorResponses[401],
        422: errorResponses[422],
        ...forbiddenResponse,
      },
    }),
    async (c) => {
      const ctx = ctxOf(c);
      const q = c.req.valid('query');
      const f = z
        .object({
          rootCode: code.optional(),
          month: monthSchema.optional(),
          kind: z.enum(['provisional', 'final']).optional(),
          status: z.enum(['computed', 'published', 'superseded']).optional(),
        })
        .strict()
        .safeParse(q.filter ?? {});
      if (!f.success) {
        const i = f.error.issues[0]!;
        const field = `filter.${i.path.join('.') || (i as { keys?: string[] }).keys?.[0] || ''}`;
        throw new DomainError('VALIDATION', i.message, { [field]: i.message });
      }
      const { offset, limit } = pageOf(q);
      const { rows, total } = await listRuns(db, scopeOf(ctx.user), { ...f.data, offset, limit });
      contentRange(c, 'scores/runs', offset, rows.length, total);
      return c.json(rows.map(toRun), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/scores/runs/{id}',
      operationId: 'getScoreRun',
      tags: [TAG],
      request: { params: z.object({ id: uuid('考核结果') }) },
      responses: {
        200: jsonOk(runSchema.extend({ scheme: z.unknown() })),
        ...errorResponses,
        ...forbiddenResponse,
      },
    }),
    async (c) => {
      const ctx = ctxOf(c);
      const run = await getRun(db, scopeOf(ctx.user), c.req.valid('param').id);
      return c.json({ ...toRun(run), scheme: run.scheme }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/scores/runs',
      operationId: 'computeScoreRun',
      tags: [TAG],
      summary:
        '计算考核结果 Compute a jurisdiction’s month now (the running month is provisional); a month with a run gets the diff against it, a published one is never changed',
      description:
        '201 with the run (and `diff` when it recomputed a month, `unchanged` when nothing counted changed); 202 when the computation takes longer than the request may wait — it goes on, GET /scores/runs?filter={"rootCode","month"} shows it when done.',
      middleware: [idempotent] as const,
      request: {
        headers: idempotencyHeader,
        body: jsonBody(z.object({ rootCode: code.meta({ title: '考核区域' }), month: monthSchema })),
      },
      responses: {
        201: {
          ...jsonOk(
            z
              .object({ run: runSchema, unchanged: z.boolean(), diff: diffSchema.nullable() })
              .openapi('ScoreComputation'),
          ),
          headers: replayedHeader,
        },
        202: jsonOk(z.object({ state: z.literal('running'), workflowId: z.string() })),
        ...errorResponses,
        ...forbiddenResponse,
        409: errorResponses[422],
      },
    }),
    async (c) => {
      const ctx = ctxOf(c);
      const out = await computeScores(ctx, c.req.valid('json'));
      if (out.state === 'running')
        return c.json({ state: 'running' as const, workflowId: out.workflowId }, 202);
      const run = await getRun(db, scopeOf(ctx.user), out.result.runId);
      return c.json(
        { run: toRun(run), unchanged: out.result.unchanged, diff: out.diff ? capDiff(out.diff) : null },
        201,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/scores/runs/{id}/diff',
      operationId: 'diffScoreRuns',
      tags: [TAG],
      summary:
        'What this run changes against another of the same month (default: the one it recomputed, else the month’s run)',
      request: {
        params: z.object({ id: uuid('考核结果') }),
        query: z.object({ against: uuid('对比结果').optional() }),
      },
      responses: { 200: jsonOk(diffSchema), ...errorResponses, ...forbiddenResponse },
    }),
    async (c) => {
      const ctx = ctxOf(c);
      const run = await getRun(db, scopeOf(ctx.user), c.req.valid('param').id);
      const against = c.req.valid('query').against ?? (await defaultAgainst(ctx, run));
      return c.json(capDiff(await diffOf(ctx, against, run.id)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/scores/runs/{id}/publish',
      operationId: 'publishScoreRun',
      tags: [TAG],
      summary:
        '发布 Freeze a final run as the month’s result (opens the 四类水平 follow-ups); a month already published needs supersedeReason',
      middleware: [idempotent] as const,
      request: {
        headers: idempotencyHeader,
        params: z.object({ id: uuid('考核结果') }),
        body: jsonBody(
          z.object({
            supersedeReason: z
              .string()
              .trim()
              .min(1, { error: '请填写更正原因' })
              .max(500, { error: '更正原因不能超过500个字' })
              .optional()
              .meta({ title: '更正原因' }),
          }),
        ),
      },
      responses: {
        200: {
          ...jsonOk(
            z.object({ run: runSchema, supersededRunId: z.string().nullable(), followUps: z.number().int() }),
          ),
          headers: replayedHeader,
        },
        ...errorResponses,
        ...forbiddenResponse,
        409: errorResponses[422],
      },
    }),
    async (c) => {
      const out = await publishScores(ctxOf(c), c.req.valid('param').id, c.req.valid('json'));
      return c.json({ ...out, run: toRun(out.run) }, 200);
    },
  );

  // ── Rankings and explanations ───────────────────────────────────────────────────────────────────────────────
  const rankingFilter = z
    .object({
      runId: uuid('考核结果').optional(),
      rootCode: code.optional(),
      month: monthSchema.optional(),
      asOf: dateSchema().optional(),
      level,
      groupId: z.string().max(64).optional(),
      flagged: z.boolean().optional(),
      q: z.string().max(100).optional(),
    })
    .strict()
    .refine((f) => f.runId || (f.rootCode && (f.month || f.asOf)), {
      error: '请指定考核结果（runId），或区域与月份，或区域与查询日期（asOf）',
      path: ['runId'],
    })
    .refine((f) => !(f.runId && f.asOf), {
      error: '按日期查询已发布排名时不能同时指定考核结果（runId）',
      path: ['asOf'],
    });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/scores/rankings',
      operationId: 'listScoreRankings',
      tags: [TAG],
      summary:
        '排名 One level’s ranking in a month (filter: level, rootCode+month or runId, groupId, flagged, q): the published run, else the latest computed; with the change against last month. With asOf (yyyy-MM-dd) and rootCode: the ranking as published and in force at the end of that day (of month if given, else the latest month then in force)',
      request: { query: listQuerySchema },
      responses: {
        200: jsonOk(z.array(rankingSchema)),
        401: errorResponses[401],
        422: errorResponses[422],
        ...forbiddenResponse,
      },
    }),
    async (c) => {
      const ctx = ctxOf(c);
      const q = c.req.valid('query');
      const f = rankingFilter.safeParse(q.filter ?? {});
      if (!f.success) {
        const i = f.error.issues[0]!;
        const field = `filter.${i.path.join('.') || (i as { keys?: string[] }).keys?.[0] || ''}`;
        throw new DomainError('VALIDATION', i.message, { [field]: i.message });
      }
      const { offset, limit } = pageOf(q);
      const { rows, total } = await rankings(db, scopeOf(ctx.user), { ...f.data, offset, limit });
      contentRange(c, 'scores/rankings', offset, rows.length, total);
      return c.json(rows, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/scores/groups',
      operationId: 'listScoreGroups',
      tags: [TAG],
      summary:
        'The ranking groups of a level in a run (e.g. the districts whose streets are ranked), in the caller’s scope',
      request: { query: z.object({ runId: uuid('考核结果'), level }) },
      responses: {
        200: jsonOk(
          z.array(z.object({ groupId: z.string(), name: z.string().nullable(), units: z.number().int() })),
        ),
        ...errorResponses,
        ...forbiddenResponse,
      },
    }),
    async (c) => {
      const ctx = ctxOf(c);
      const q = c.req.valid('query');
      return c.json(await groupsOf(db, scopeOf(ctx.user), q), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/scores/units/{runId}/{level}/{unitId}',
      operationId: 'getUnitScore',
      tags: [TAG],
      summary:
        '得分明细 A unit’s score: each indicator’s facts, value, rule and points as frozen in the run, and its trend',
      request: { params: unitParams },
      responses: { 200: jsonOk(unitSchema), ...errorResponses, ...forbiddenResponse },
    }),
    async (c) => {
      const ctx = ctxOf(c);
      const p = c.req.valid('param');
      const t = await unitScore(db, scopeOf(ctx.user), p);
      const scheme = t.run.scheme as ScoreScheme;
      const facts = factsOf(t.unit);
      const items = scheme.sections[t.section].map((it, i) => {
        const s = indicators[it.indicator] as (typeof indicators)[IndicatorCode] & {
          denominator?: (typeof factKeys)[number];
        };
        const num = facts[s.numerator];
        const den = s.denominator ? facts[s.denominator] : null;
        return {
          indicator: it.indicator,
          name: s.name,
          description: s.description,
          kind: s.kind,
          better: s.better,
          counts: s.counts,
          weight: it.weight,
          rule: describeRule(it),
          numerator: num,
          denominator: den,
          value: den === null ? num : den > 0 ? num / den : null,
          points: t.unit.points[i] ?? 0,
        };
      });
      const months = monthsEndingWith(t.run.month, 6);
      const trend = await unitTrend(db, {
        rootCode: t.run.rootCode,
        level: p.level,
        unitId: p.unitId,
        fromMonth: months[0]!,
        toMonth: t.run.month,
      });
      const u = t.unit;
      return c.json(
        {
          id: `${u.level}:${u.unitId}`,
          runId: u.runId,
          month: t.run.month,
          runStatus: t.run.status,
          runKind: t.run.kind,
          level: u.level,
          unitId: u.unitId,
          name: u.name,
          regionPath: u.regionPath,
          groupId: u.groupId,
          total: u.total,
          rank: u.rank,
          groupSize: u.groupSize,
          className: u.className,
          flagged: u.flagged,
          prevTotal: u.prevTotal,
          prevRank: u.prevRank,
          section: t.section,
          sectionName: sectionLabels[t.section as SchemeSection],
          run: toRun(t.run),
          awardBar: scheme.awardBar,
          items,
          facts,
          trend: trend.map((x) => ({
            month: x.month,
            total: x.total,
            rank: x.rank,
            groupSize: x.groupSize,
            runStatus: x.runStatus,
          })),
        },
        200,
      );
    },
  );

  const recordsSchema = z
    .object({
      counts: z.string(),
      columns: z.array(z.object({ key: z.string(), header: z.string() })),
      lists: z.enum(['both', 'numerator']),
      rows: z.array(z.record(z.string(), z.unknown())),
      total: z.number().int(),
      summary: z.object({
        numerator: z.number().int(),
        denominator: z.number().int().nullable(),
        frozen: z.object({ numerator: z.number(), denominator: z.number().nullable() }),
        complete: z.boolean(),
        matches: z.boolean().nullable(),
      }),
    })
    .openapi('IndicatorRecords');

  app.openapi(
    createRoute({
      method: 'get',
      path: '/scores/units/{runId}/{level}/{unitId}/indicators/{indicator}/records',
      operationId: 'listIndicatorRecords',
      tags: [TAG],
      summary:
        '追溯 The exact records an indicator counted for a unit (enterprises, hazards, self-reports, cases, escalations or inspections), in the caller’s scope, each marked in the numerator and/or denominator',
      request: { params: indicatorParams, query: recordsQuery },
      responses: { 200: jsonOk(recordsSchema), ...errorResponses, ...forbiddenResponse },
    }),
    async (c) => {
      const ctx = ctxOf(c);
      const p = c.req.valid('param');
      const q = c.req.valid('query');
      const target = await unitScore(db, scopeOf(ctx.user), p);
      const { offset, limit } = pageOf(q);
      const out = await indicatorRecords(db, scopeOf(ctx.user), {
        target,
        indicator: p.indicator,
        counted: q.counted,
        offset,
        limit,
      });
      contentRange(c, 'records', offset, out.rows.length, out.total);
      return c.json(out, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/scores/units/{runId}/{level}/{unitId}/indicators/{indicator}/export',
      operationId: 'exportIndicatorRecords',
      tags: [TAG],
      summary: 'The same records as a CSV or XLSX file, in the caller’s scope',
      request: {
        params: indicatorParams,
        query: z.object({
          format: z.enum(['csv', 'xlsx']).default('csv'),
          counted: z.enum(['numerator', 'denominator', 'all']).default('all'),
        }),
      },
      responses: {
        200: {
          description: 'The file (Content-Disposition attachment)',
          content: {
            'text/csv': { schema: z.string() },
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
              schema: z.string().openapi({ format: 'binary' }),
            },
          },
        },
        ...errorResponses,
        ...forbiddenResponse,
      },
    }),
    async (c) => {
      const ctx = ctxOf(c);
      const p = c.req.valid('param');
      const q = c.req.valid('query');
      const target = await unitScore(db, scopeOf(ctx.user), p);
      const out = await indicatorRecords(db, scopeOf(ctx.user), {
        target,
        indicator: p.indicator,
        counted: q.counted,
        offset: 0,
        limit: 100_000,
      });
      const spec = indicators[p.indicator] as (typeof indicators)[IndicatorCode] & { denominator?: string };
      const yes = (v: unknown) => (v === true ? '是' : v === false ? '否' : '');
      const columns = [
        ...RECORD_COLUMNS[out.counts as keyof typeof RECORD_COLUMNS].map((col) => ({
          key: col.key,
          header: col.header,
        })),
        { key: 'inNumerator', header: `计入分子（${factLabel(spec.numerator)}）`, format: yes },
        ...(out.lists === 'both' && spec.denominator
          ? [{ key: 'inDenominator', header: `计入分母（${factLabel(spec.denominator)}）`, format: yes }]
          : []),
      ];
      const body = await exportTable(out.rows as Record<string, unknown>[], columns as never, q.format);
      const filename = `${target.unit.name}-${target.run.month}-${spec.name}.${q.format}`;
      await appendAudit(db, {
        actorId: ctx.user.id,
        actorRole: ctx.user.role,
        action: 'export',
        resource: 'unit_scores',
        resourceId: `${p.runId}:${p.level}:${p.unitId}`,
        requestId: c.get('requestId'),
        payload: { indicator: p.indicator, format: q.format, rows: out.rows.length },
      });
      return new Response(new Uint8Array(body), {
        status: 200,
        headers: {
          'content-type':
            q.format === 'csv'
              ? 'text/csv; charset=utf-8'
              : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'content-disposition': `attachment; filename="records.${q.format}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
          'x-total-count': String(out.total),
        },
      });
    },
  );

  // ── 四类水平 follow-ups ──────────────────────────────────────────────────────────────────────────────────────
  app.openapi(
    createRoute({
      method: 'get',
      path: '/scores/follow-ups',
      operationId: 'listScoreFollowUps',
      tags: [TAG],
      summary:
        '四类水平 Enterprises in the follow-up class of published months and their follow-up tasks (filter month, status, regionCode, streakAtLeast)',
      request: { query: listQuerySchema },
      responses: {
        200: jsonOk(z.array(followUpSchema)),
        401: errorResponses[401],
        422: errorResponses[422],
        ...forbiddenResponse,
      },
    }),
    async (c) => {
      const ctx = ctxOf(c);
      if (!['supervisor', 'leader', 'admin', 'grid_member'].includes(ctx.user.role))
        throw new DomainError('FORBIDDEN', '该角色不能查看四类水平企业');
      const q = c.req.valid('query');
      const f = z
        .object({
          month: monthSchema.optional(),
          status: z.enum(['open', 'done']).optional(),
          regionCode: code.optional(),
          streakAtLeast: z.number().int().min(1).max(120).optional(),
        })
        .strict()
        .safeParse(q.filter ?? {});
      if (!f.success) {
        const i = f.error.issues[0]!;
        const field = `filter.${i.path.join('.') || (i as { keys?: string[] }).keys?.[0] || ''}`;
        throw new DomainError('VALIDATION', i.message, { [field]: i.message });
      }
      const { offset, limit } = pageOf(q);
      const { rows, total } = await listFollowUps(db, scopeOf(ctx.user), { ...f.data, offset, limit });
      contentRange(c, 'scores/follow-ups', offset, rows.length, total);
      return c.json(
        rows.map(({ createdAt: _c, doneBy: _b, industryCode: _i, ...r }) => ({
          ...r,
          doneAt: iso(r.doneAt),
        })),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/scores/follow-ups/{id}/done',
      operationId: 'recordScoreFollowUp',
      tags: [TAG],
      summary: '督促跟进 Record how a 四类水平 enterprise was followed up (supervisors)',
      middleware: [idempotent] as const,
      request: {
        headers: idempotencyHeader,
        params: z.object({ id: uuid('督促跟进任务') }),
        body: jsonBody(
          z.object({
            method: z.enum(followUpMethods, { error: '请选择跟进方式' }).meta({ title: '跟进方式' }),
            note: z
              .string({ error: '请填写跟进情况' })
              .trim()
              .min(2, { error: '请填写跟进情况（至少2个字）' })
              .max(1000, { error: '跟进情况不能超过1000个字' })
              .meta({ title: '跟进情况' }),
          }),
        ),
      },
      responses: {
        200: { ...jsonOk(followUpSchema), headers: replayedHeader },
        ...errorResponses,
        ...forbiddenResponse,
        409: errorResponses[422],
      },
    }),
    async (c) => {
      const row = await followUpDone(ctxOf(c), c.req.valid('param').id, c.req.valid('json'));
      const { createdAt: _c, doneBy: _b, industryCode: _i, ...r } = row;
      return c.json({ ...r, doneAt: iso(r.doneAt) }, 200);
    },
  );

  // ── 月通报 ──────────────────────────────────────────────────────────────────────────────────────────────────
  app.openapi(
    createRoute({
      method: 'get',
      path: '/scores/bulletins',
      operationId: 'listScoreBulletins',
      tags: [TAG],
      summary:
        '月通报 Bulletins in the caller’s scope (published ones above, at or below their region; drafts they may edit)',
      request: { query: listQuerySchema },
      responses: {
        200: jsonOk(z.array(bulletinSchema)),
        401: errorResponses[401],
        422: errorResponses[422],
        ...forbiddenResponse,
      },
    }),
    async (c) => {
      managersOnly(ctxOf(c));
      const ctx = ctxOf(c);
      const q = c.req.valid('query');
      const f = q.filter ?? {};
      const { offset, limit } = pageOf(q);
      const { rows, total } = await listBulletins(db, scopeOf(ctx.user), {
        regionCode: typeof f.regionCode === 'string' ? f.regionCode : undefined,
        month: typeof f.month === 'string' ? f.month : undefined,
        status: f.status === 'draft' || f.status === 'published' ? f.status : undefined,
        offset,
        limit,
      });
      contentRange(c, 'scores/bulletins', offset, rows.length, total);
      return c.json(rows.map(toBulletin), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/scores/bulletins/{id}',
      operationId: 'getScoreBulletin',
      tags: [TAG],
      summary: 'A bulletin with the tables and charts its body places (the preview)',
      request: { params: z.object({ id: uuid('通报') }) },
      responses: {
        200: jsonOk(
          bulletinSchema.extend({
            tables: z.record(z.string(), blockSchema),
            charts: z.record(z.string(), blockSchema),
          }),
        ),
        ...errorResponses,
        ...forbiddenResponse,
      },
    }),
    async (c) => {
      const ctx = ctxOf(c);
      managersOnly(ctx);
      const b = await getBulletin(db, scopeOf(ctx.user), c.req.valid('param').id);
      const content = await bulletinContent(ctx, b);
      return c.json({ ...toBulletin(b), tables: content.tables, charts: content.charts }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/scores/bulletins',
      operationId: 'createScoreBulletin',
      tags: [TAG],
      summary:
        '起草月通报 Draft the month’s bulletin of a region from its published scores (the 安委办 of the region); an existing one is returned',
      request: {
        body: jsonBody(z.object({ regionCode: code.meta({ title: '通报区域' }), month: monthSchema })),
      },
      responses: {
        201: jsonOk(bulletinSchema),
        ...errorResponses,
        ...forbiddenResponse,
        409: errorResponses[422],
      },
    }),
    async (c) => c.json(toBulletin(await createBulletin(ctxOf(c), c.req.valid('json'))), 201),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/scores/bulletins/{id}',
      operationId: 'updateScoreBulletin',
      tags: [TAG],
      summary:
        'The 安委办’s own words: title, addressee, body (a line [[表格:名称]] / [[图表:名称]] places a table / chart)',
      request: { params: z.object({ id: uuid('通报') }), body: jsonBody(bulletinWords) },
      responses: {
        200: jsonOk(bulletinSchema),
        ...errorResponses,
        ...forbiddenResponse,
        409: errorResponses[422],
      },
    }),
    async (c) =>
      c.json(toBulletin(await editBulletin(ctxOf(c), c.req.valid('param').id, c.req.valid('json'))), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/scores/bulletins/{id}/publish',
      operationId: 'publishScoreBulletin',
      tags: [TAG],
      summary: '印发 Issue the bulletin as a numbered official document (PDF + DOCX in the GB/T 9704 layout)',
      middleware: [idempotent] as const,
      request: { headers: idempotencyHeader, params: z.object({ id: uuid('通报') }) },
      responses: {
        200: { ...jsonOk(bulletinSchema), headers: replayedHeader },
        ...errorResponses,
        ...forbiddenResponse,
        409: errorResponses[422],
      },
    }),
    async (c) => c.json(toBulletin(await publishBulletin(ctxOf(c), c.req.valid('param').id)), 200),
  );

  // ── Home and "as of" ────────────────────────────────────────────────────────────────────────────────────────
  app.openapi(
    createRoute({
      method: 'get',
      path: '/scores/home',
      operationId: 'getScoreHome',
      tags: [TAG],
      summary:
        'The caller’s own unit: latest score, rank, change and the last six months (null when not scored)',
      responses: {
        200: jsonOk(
          z
            .object({
              rootCode: z.string(),
              level: z.string(),
              unitId: z.string(),
              name: z.string(),
              month: z.string(),
              runId: z.string(),
              runStatus: z.string(),
              runKind: z.string(),
              total: z.number(),
              rank: z.number().int(),
              groupSize: z.number().int(),
              prevTotal: z.number().nullable(),
              prevRank: z.number().int().nullable(),
              flagged: z.boolean(),
              className: z.string().nullable(),
              awardBar: z.number(),
              trend: z.array(
                z.object({
                  month: z.string(),
                  total: z.number(),
                  rank: z.number().int(),
                  groupSize: z.number().int(),
                  runStatus: z.string(),
                }),
              ),
              openFollowUps: z.number().int().nullable(),
            })
            .nullable()
            .openapi('ScoreHome'),
        ),
        401: errorResponses[401],
        ...forbiddenResponse,
      },
    }),
    async (c) => c.json(await homeSummary(ctxOf(c)), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/general-hazards/{id}/as-of',
      operationId: 'getGeneralHazardAsOf',
      tags: [TAG],
      summary: '某日状态 A general hazard as it stood at the end of a past day, folded from its events',
      request: { params: z.object({ id: uuid('隐患') }), query: asOfQuery },
      responses: { 200: jsonOk(z.record(z.string(), z.unknown())), ...errorResponses, ...forbiddenResponse },
    }),
    async (c) => {
      const ctx = ctxOf(c);
      return c.json(await hazardOn(ctx, c.req.valid('param').id, asOfDay(c.req.valid('query'))), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/cases/{id}/as-of',
      operationId: 'getCaseAsOf',
      tags: [TAG],
      summary:
        '某日状态 A major case as it stood at the end of a past day, folded from its hash-chained events',
      request: { params: z.object({ id: uuid('案件') }), query: asOfQuery },
      responses: { 200: jsonOk(z.record(z.string(), z.unknown())), ...errorResponses, ...forbiddenResponse },
    }),
    async (c) => {
      const ctx = ctxOf(c);
      return c.json(await caseOn(ctx, c.req.valid('param').id, asOfDay(c.req.valid('query'))), 200);
    },
  );

  return app;
}

const FACT_LABELS: Record<string, string> = {
  active: '在营企业',
  checklist: '已编制清单',
  checklistAccepted: '清单已验收',
  online: '已入网',
  dataComplete: '信息完整',
  reported: '本月上报',
  reportedInTime: '及时上报',
  rectified: '已整改',
  due: '本月到期',
  dueOnTime: '按期整改',
  overdueOpen: '逾期未整改',
  redLit: '亮红灯',
  redFollowed: '已查处',
  notRed: '未亮红灯',
  otherChecked: '已抽查',
  inspected: '已检查',
  selfReportsDue: '应报期数',
  selfReportsOnTime: '按时报送',
  inGrid: '纳入网格',
  patrolled: '已巡查',
  planned: '应检',
  planDone: '已检',
  majorListed: '挂牌',
  majorClosed: '销号',
  majorClosedOnTime: '按期销号',
  majorOverdue: '逾期',
  majorEscalated: '升级督办',
  scored: '参与评分',
  fourthClass: '四类水平',
};
const factLabel = (k: string) => FACT_LABELS[k] ?? k;
