/**
 * Full case lifecycles per second through the workflow client against a Temporal dev server and real PostgreSQL,
 * next to a minimal workflow taking the same number of updates with no-op activities, in the same run; then the
 * worker's memory with many open cases. Prints a table and writes bench/results/workflow-lifecycle.json.
 *   npx tsx bench/workflow-lifecycle.ts [--cases 200] [--concurrency 16] [--open 10000]
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import pg from 'pg';
import type { UpdateDefinition } from '@temporalio/common';
import { createActivities } from '../activities/case-activities.js';
import { preloadModules, workflowsPath } from '../activities/worker.js';
import { openDatabase } from '../db/client.js';
import * as defs from '../workflows/definitions.js';
import { temporalCliPath } from '../test/helpers/paths.js';
import { DISTRICT, enterpriseActor, seedRegistry, supervisor } from '../test/workflows/fixture.js';
import { planInput } from '../test/workflows/steps.js';
import { stepUpdate } from './workflows/baseline.workflow.js';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '16' },
    open: { type: 'string', default: '10000' },
  },
});
const CASES = Number(values.cases);
const CONCURRENCY = Number(values.concurrency);
const OPEN = Number(values.open);
const STEPS = 9; // judge, list, publish, plan, approve, apply, pass, sign off, delist

const adminUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
if (!adminUrl) throw new Error('set TEST_DATABASE_URL (make bench does) or DATABASE_URL');
const dbName = `duban_bench_${Date.now()}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
const url = new URL(adminUrl);
url.pathname = `/${dbName}`;
const database = await openDatabase({ url: url.toString(), poolSize: 20 });
database.pool!.on('error', () => undefined); // the final DROP DATABASE ends idle connections
await database.migrate();
const ids = await seedRegistry(database.db);

const env = await TestWorkflowEnvironment.createLocal({
  server: {
    executable: { type: 'existing-path', path: temporalCliPath },
    searchAttributes: Object.values(defs.searchAttributes),
    extraArgs: ['--log-level', 'error'],
  },
});
const uploadDir = mkdtempSync(path.join(tmpdir(), 'duban-bench-'));
const caseBundle = await bundleWorkflowCode({
  workflowsPath,
  preloadModules,
  logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error } as never,
});
const baseBundle = await bundleWorkflowCode({
  workflowsPath: path.join(import.meta.dirname, 'workflows/baseline.workflow.ts'),
  logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error } as never,
});

async function pool<T>(n: number, jobs: Array<() => Promise<T>>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < jobs.length) await jobs[next++]!();
    }),
  );
}
const today = (plus: number) =>
  new Date(Date.now() + plus * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);

async function caseLifecycle(taskQueue: string): Promise<void> {
  const caseId = randomUUID();
  const company = enterpriseActor(ids.enterpriseId);
  const h = await env.client.workflow.start('caseWorkflow', {
    taskQueue,
    workflowId: defs.caseWorkflowId(caseId),
    typedSearchAttributes: defs.reportedSearchAttributes(DISTRICT.code), // as the API starts a case
    args: [
      {
        caseId,
        report: {
          source: 'inspection',
          enterpriseId: ids.enterpriseId,
          regionCode: DISTRICT.code,
          title: '基准',
          description: '基准测试',
          evidenceDocumentIds: [],
        },
        reportedBy: supervisor,
        reportedAt: new Date().toISOString(),
        regionPath: DISTRICT.path,
      } satisfies defs.CaseWorkflowInput,
    ],
  });
  const run = <T>(
    u: UpdateDefinition<defs.CaseView, [defs.Command<T>]>,
    actor: typeof supervisor,
    input: T,
  ) => h.executeUpdate(u, { args: [{ actor, input }] });
  await run(defs.judgeUpdate, supervisor, { decision: 'major', clauseId: ids.clauseId, reason: '基准' });
  await run(defs.listUpdate, supervisor, {
    level: 'county',
    listingAuthority: 'a',
    supervisingUnit: 'b',
    rectificationDeadline: today(60),
    interimControls: ['stop_use'],
  });
  await run(defs.confirmPublicationUpdate, supervisor, {
    kind: 'listing',
    publishedOn: today(0),
    reference: 'r',
  });
  await run(defs.submitPlanUpdate, company, planInput(today(50)));
  await run(defs.reviewPlanUpdate, supervisor, { decision: 'approve' });
  await run(defs.applyAcceptanceUpdate, company, { completionReport: '完成', documentIds: [randomUUID()] });
  await run(defs.recordAcceptanceUpdate, supervisor, {
    passed: true,
    heldOn: today(0),
    opinions: [{ expert: 'x', opinion: 'y' }],
  });
  await run(defs.signOffUpdate, supervisor, { comment: '同意' });
  await run(defs.confirmPublicationUpdate, supervisor, {
    kind: 'delisting',
    publishedOn: today(0),
    reference: 'r',
  });
  await h.result();
}

const baselineLifecycle =
  (io: 'local' | 'regular') =>
  async (taskQueue: string): Promise<void> => {
    const h = await env.client.workflow.start('baselineWorkflow', {
      taskQueue,
      workflowId: `base-${randomUUID()}`,
      args: [STEPS, io],
    });
    for (let i = 0; i < STEPS; i++) await h.executeUpdate(stepUpdate, { args: [{}] });
    await h.result();
  };

async function measure(
  name: string,
  bundle: { code: string },
  activities: object,
  one: (q: string) => Promise<void>,
) {
  const taskQueue = `bench-${name}-${randomUUID().slice(0, 6)}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities,
  });
  let seconds = 0;
  await worker.runUntil(async () => {
    await pool(
      CONCURRENCY,
      Array.from({ length: 10 }, () => () => one(taskQueue)),
    ); // warm-up
    const t0 = performance.now();
    await pool(
      CONCURRENCY,
      Array.from({ length: CASES }, () => () => one(taskQueue)),
    );
    seconds = (performance.now() - t0) / 1000;
  });
  return { name, lifecycles: CASES, seconds, perSecond: CASES / seconds };
}

const caseActivities = createActivities({ db: database.db, uploadDir });
const noop = { noop: async () => {} };
// The yardstick does its I/O as the case workflow does (local activities); the regular-activity run is context.
const baseline = await measure('baseline', baseBundle, noop, baselineLifecycle('local'));
const baselineRegular = await measure('baseline-regular', baseBundle, noop, baselineLifecycle('regular'));
const full = await measure('case', caseBundle, caseActivities, caseLifecycle);

// Worker memory with many open cases: start them (each waits for judgement with a timer), then read RSS.
const openQueue = `bench-open-${randomUUID().slice(0, 6)}`;
// Default worker options, as in production: the sticky cache is bounded and evicted cases replay on demand.
const openWorker = await Worker.create({
  connection: env.nativeConnection,
  taskQueue: openQueue,
  workflowBundle: caseBundle,
  activities: caseActivities,
});
const cacheSize = openWorker.options.maxCachedWorkflows;
let rssMb = 0;
const rssBefore = process.memoryUsage().rss / 2 ** 20;
await openWorker.runUntil(async () => {
  await pool(
    CONCURRENCY * 2,
    Array.from({ length: OPEN }, () => async () => {
      const caseId = randomUUID();
      await env.client.workflow.start('caseWorkflow', {
        taskQueue: openQueue,
        workflowId: defs.caseWorkflowId(caseId),
        typedSearchAttributes: defs.reportedSearchAttributes(DISTRICT.code), // as the API starts a case
        args: [
          {
            caseId,
            report: {
              source: 'inspection',
              enterpriseId: ids.enterpriseId,
              regionCode: DISTRICT.code,
              title: '在办',
              description: '在办案件',
              evidenceDocumentIds: [],
            },
            reportedBy: supervisor,
            reportedAt: new Date().toISOString(),
            regionPath: DISTRICT.path,
          },
        ],
      });
    }),
  );
  // Let the worker pick every case up (its first task writes the read model row).
  for (let i = 0; i < 600; i++) {
    const { rows } = await database.pool!.query(`select count(*)::int as n from cases where title = '在办'`);
    if (rows[0].n >= OPEN) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  global.gc?.();
  rssMb = process.memoryUsage().rss / 2 ** 20;
});

const ratio = full.perSecond / baseline.perSecond;
const result = {
  date: new Date().toISOString(),
  machine: '2 cores, 24 GiB',
  concurrency: CONCURRENCY,
  updatesPerLifecycle: STEPS,
  baseline,
  baselineRegular,
  case: full,
  ratio,
  goal: 0.7,
  openCases: OPEN,
  workerRssMbWithOpenCases: Math.round(rssMb),
  workerRssMbBefore: Math.round(rssBefore),
  maxCachedWorkflows: cacheSize,
};
console.table([
  {
    run: 'minimal workflow, no-op regular activities (context)',
    lifecycles: CASES,
    seconds: baselineRegular.seconds.toFixed(1),
    'lifecycles/s': baselineRegular.perSecond.toFixed(2),
  },
  {
    run: 'minimal workflow, no-op local activities (yardstick)',
    lifecycles: CASES,
    seconds: baseline.seconds.toFixed(1),
    'lifecycles/s': baseline.perSecond.toFixed(2),
  },
  {
    run: 'case workflow, real activities',
    lifecycles: CASES,
    seconds: full.seconds.toFixed(1),
    'lifecycles/s': full.perSecond.toFixed(2),
  },
]);
console.table([
  { measure: 'ratio case / minimal, local no-ops (goal ≥ 0.7)', value: ratio.toFixed(2) },
  {
    measure: 'ratio case / minimal, regular no-ops',
    value: (full.perSecond / baselineRegular.perSecond).toFixed(2),
  },
  { measure: `worker RSS with ${OPEN} open cases (MiB)`, value: Math.round(rssMb) },
  { measure: 'worker RSS before (MiB)', value: Math.round(rssBefore) },
  { measure: 'worker sticky cache size (workflows)', value: cacheSize },
]);
mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true });
writeFileSync(
  path.join(import.meta.dirname, 'results/workflow-lifecycle.json'),
  JSON.stringify(result, null, 2),
);

await env.teardown();
await database.close();
await admin.query(`DROP DATABASE ${dbName} WITH (FORCE)`);
await admin.end();
