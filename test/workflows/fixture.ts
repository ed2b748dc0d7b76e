import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { asc, eq } from 'drizzle-orm';
import { createCaseWorker, preloadModules, workflowsPath } from '../../activities/worker.js';
import { schema } from '../../db/client.js';
import type { Actor, ReportCaseInput } from '../../domain/commands.js';
import {
  TASK_QUEUE,
  caseWorkflowId,
  reportedUpdate,
  type CaseWorkflowInput,
} from '../../workflows/definitions.js';
import type { createTestDatabase } from '../helpers/db.js';

export const DISTRICT = { code: '420111', path: '420000/420100/420111/' };

let bundle: Promise<WorkflowBundle> | undefined;
/** Workflow code is bundled once per test file; each test runs a fresh worker with it. */
export function workflowBundle(): Promise<WorkflowBundle> {
  bundle ??= bundleWorkflowCode({
    workflowsPath,
    preloadModules,
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error } as never,
  });
  return bundle;
}

export type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;

/** Region tree and one enterprise: the minimum a case needs. */
export async function seedRegistry(
  db: TestDb['db'],
): Promise<{ enterpriseId: string; otherEnterpriseId: string; clauseId: string }> {
  await db
    .insert(schema.regions)
    .values([
      { code: '420000', name: '湖北省', level: 'province', parentCode: null, path: '420000/' },
      { code: '420100', name: '武汉市', level: 'city', parentCode: '420000', path: '420000/420100/' },
      { code: '420111', name: '洪山区', level: 'district', parentCode: '420100', path: DISTRICT.path },
    ])
    .onConflictDoNothing();
  const [e1, e2] = await db
    .insert(schema.enterprises)
    .values(
      [1, 2].map((n) => ({
        name: `武汉测试机械制造有限公司${n}`,
        creditCode: `91420111MA4K${n}ABCD${n}X`.slice(0, 18),
        regionCode: DISTRICT.code,
        regionPath: DISTRICT.path,
        industryCode: 'C34',
        industryCategory: 'machinery',
        scale: 'above' as const,
      })),
    )
    .returning({ id: schema.enterprises.id });
  const [standard] = await db
    .insert(schema.hazardStandards)
    .values({
      code: '应急管理部令第10号',
      title: '工贸企业重大事故隐患判定标准',
      version: '2023',
      effectiveDate: '2023-05-15',
      industry: '工贸',
    })
    .returning({ id: schema.hazardStandards.id });
  const [clause] = await db
    .insert(schema.hazardClauses)
    .values({
      standardId: standard!.id,
      clauseNo: '第十二条（二）',
      text: '粉尘爆炸危险场所除尘系统未按规定设置泄爆、隔爆装置',
    })
    .returning({ id: schema.hazardClauses.id });
  return { enterpriseId: e1!.id, otherEnterpriseId: e2!.id, clauseId: clause!.id };
}

export const supervisor: Actor = {
  id: randomUUID(),
  role: 'supervisor',
  name: '张监管',
  regionPath: DISTRICT.path,
};
export const leader: Actor = { id: randomUUID(), role: 'leader', name: '李领导', regionPath: DISTRICT.path };
export const expert: Actor = { id: randomUUID(), role: 'expert', name: '王专家' };
export const enterpriseActor = (enterpriseId: string): Actor => ({
  id: randomUUID(),
  role: 'enterprise',
  name: '企业安全员',
  enterpriseId,
});

/** Expert users (专家) in the district: an invitation names real users, each gets a task of their own. */
export async function seedExperts(db: TestDb['db'], names: string[]): Promise<Actor[]> {
  const rows = await db
    .insert(schema.users)
    .values(
      names.map((name) => ({
        username: `expert-${randomUUID().slice(0, 8)}`,
        displayName: name,
        passwordHash: 'not-used',
        role: 'expert' as const,
        regionCode: DISTRICT.code,
      })),
    )
    .returning({ id: schema.users.id, name: schema.users.displayName });
  return rows.map((r) => ({ id: r.id, role: 'expert', name: r.name }));
}

export function report(enterpriseId: string, over: Partial<ReportCaseInput> = {}): ReportCaseInput {
  return {
    source: 'inspection',
    enterpriseId,
    regionCode: DISTRICT.code,
    title: '粉尘爆炸危险场所除尘系统未设置泄爆装置',
    description: '执法检查发现铝镁粉尘除尘器未按规定设置泄爆、隔爆装置',
    location: '二号车间',
    evidenceDocumentIds: [],
    ...over,
  };
}

/**
 * The case workflow's input for a report of `enterpriseId` by the district's supervisor, now; `over` replaces any
 * field. A new case id unless `over` names one.
 */
export function caseInput(enterpriseId: string, over: Partial<CaseWorkflowInput> = {}): CaseWorkflowInput {
  return {
    report: report(enterpriseId),
    reportedBy: supervisor,
    reportedAt: new Date().toISOString(),
    regionPath: DISTRICT.path,
    industryCategory: 'machinery',
    indexSearchAttributes: false,
    ...over,
    caseId: over.caseId ?? randomUUID(),
  };
}

/** Each worker gets its own task queue, so a hung test cannot hold the queue for the next one. */
let currentQueue = TASK_QUEUE;

/** Cases started under the current worker; any still open are terminated when it stops (see runWorker). */
let started: Array<{ workflowId: string }> = [];

export async function startCase(
  env: TestWorkflowEnvironment,
  enterpriseId: string,
  over: Partial<CaseWorkflowInput> = {},
) {
  const input = caseInput(enterpriseId, over);
  const handle = await env.client.workflow.start('caseWorkflow', {
    taskQueue: currentQueue,
    workflowId: caseWorkflowId(input.caseId),
    args: [input],
  });
  started.push(handle);
  return handle;
}

/**
 * Starts a case as the API does (update-with-start): the workflow and its `reported` Update in one call, answered with
 * the first view once the report is recorded.
 */
export async function startCaseWithUpdate(
  env: TestWorkflowEnvironment,
  enterpriseId: string,
  over: Partial<CaseWorkflowInput> = {},
) {
  const input = caseInput(enterpriseId, over);
  const op = new WithStartWorkflowOperation('caseWorkflow', {
    taskQueue: currentQueue,
    workflowId: caseWorkflowId(input.caseId),
    // As the API: a running case answers the Update; a closed one is never started again.
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    args: [input],
  });
  const view = await env.client.workflow.executeUpdateWithStart(reportedUpdate, {
    args: [],
    startWorkflowOperation: op,
  });
  const handle = await op.workflowHandle();
  started.push(handle);
  return { handle, view };
}

export async function runWorker<T>(
  env: TestWorkflowEnvironment,
  db: TestDb['db'],
  fn: () => Promise<T>,
): Promise<T> {
  currentQueue = `${TASK_QUEUE}-${randomUUID().slice(0, 8)}`;
  const worker = await createCaseWorker({
    taskQueue: currentQueue,
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    db,
    uploadDir: mkdtempSync(path.join(tmpdir(), 'duban-uploads-')),
    workflowBundle: await workflowBundle(),
    calendarCacheMs: 0, // a test may enter a calendar year and expect the next read to see it
  });
  try {
    return await worker.runUntil(fn());
  } finally {
    // An open case whose worker is gone would hold the test server's time skipping for the next test.
    for (const { workflowId } of started) {
      await env.client.workflow
        .getHandle(workflowId)
        .terminate('test finished')
        .catch(() => undefined);
    }
    started = [];
  }
}

export async function events(db: TestDb['db'], caseId: string) {
  return db
    .select()
    .from(schema.caseEvents)
    .where(eq(schema.caseEvents.caseId, caseId))
    .orderBy(asc(schema.caseEvents.seq));
}
export async function caseRow(db: TestDb['db'], caseId: string) {
  const [row] = await db.select().from(schema.cases).where(eq(schema.cases.id, caseId));
  return row!;
}
export async function openTasks(db: TestDb['db'], caseId: string) {
  const rows = await db.select().from(schema.tasks).where(eq(schema.tasks.caseId, caseId));
  return rows
    .filter((t) => t.status === 'open')
    .map((t) => t.kind)
    .sort();
}

/** The Shanghai date `n` days from the test server's (skipped) clock. */
export async function dateIn(env: TestWorkflowEnvironment, n: number): Promise<string> {
  return new Date((await env.currentTimeMs()) + n * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
}
