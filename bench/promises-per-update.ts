/**
 * Promises created per case command: replays a committed history (test/fixtures/histories) with an async_hooks
 * counter of PROMISE inits around the replay, and divides by the Updates the history holds. Compares workflow code
 * trees: `npx tsx bench/promises-per-update.ts [repoRoot]` (default: this tree). The count includes the SDK's own
 * replay machinery, the same for every tree; so the floor is counted too: the minimal workflow (bench/workflows,
 * one local no-op activity per Update) run for 9 Updates on a dev server and replayed the same way. The case's own
 * promises per Update are the difference.
 */
import { createHook } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import proto from '@temporalio/proto';
import type { temporal } from '@temporalio/proto';
import { createDevServerEnv } from '../test/helpers/temporal.js';
import { stepUpdate } from './workflows/baseline.workflow.js';

const root = path.resolve(process.argv[2] ?? '.');
const histories = [
  'happy-path.sa-changes',
  'ladder-extension-suspension.sa-changes',
  'expert-acceptance.sa-changes',
  // The shape of the table of rules (rules 2), what new cases run.
  'happy-path.rules2',
  'ladder-extension-suspension.rules2',
  'expert-acceptance.rules2',
];
const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error: console.error } as never;

let promises = 0;
const hook = createHook({ init: (_id, type) => void (type === 'PROMISE' && (promises += 1)) });
async function count(bundle: { code: string }, history: temporal.api.history.v1.IHistory, name: string) {
  const updates = history.events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
  // Warm once (module loads, schema build), then count a second replay.
  await Worker.runReplayHistory({ workflowBundle: bundle }, history, `${name}-warm`);
  promises = 0;
  hook.enable();
  await Worker.runReplayHistory({ workflowBundle: bundle }, history, name);
  hook.disable();
  return { name, updates, promises, perUpdate: promises / updates };
}

// The floor: the minimal workflow's history, recorded now.
const baseBundle = await bundleWorkflowCode({
  workflowsPath: path.join(import.meta.dirname, 'workflows/baseline.workflow.ts'),
  logger: quiet,
});
const env = await createDevServerEnv();
const taskQueue = `promises-floor-${randomUUID().slice(0, 6)}`;
const worker = await Worker.create({
  connection: env.nativeConnection,
  taskQueue,
  workflowBundle: baseBundle,
  activities: { noop: async () => undefined },
});
const floorHistory = await worker.runUntil(async () => {
  const h = await env.client.workflow.start('baselineWorkflow', {
    taskQueue,
    workflowId: `floor-${randomUUID()}`,
    args: [9, 'local'],
  });
  for (let i = 0; i < 9; i++) await h.executeUpdate(stepUpdate, { args: [{}] });
  await h.result();
  return h.fetchHistory();
});
await env.teardown();
const floor = await count(baseBundle, floorHistory, 'floor');

const bundle = await bundleWorkflowCode({
  workflowsPath: path.join(root, 'workflows/index.ts'),
  preloadModules: ['zod', path.join(root, 'domain/command-schemas.ts')],
  logger: quiet,
});
const rows = [floor];
for (const name of histories) {
  const history = proto.temporal.api.history.v1.History.decode(
    readFileSync(path.join('test/fixtures/histories', `${name}.history.pb`)),
  );
  rows.push(await count(bundle, history, name));
}
console.table(
  rows.map((r) => ({
    history: r.name === 'floor' ? 'minimal workflow, 9 updates (floor)' : r.name,
    updates: r.updates,
    promises: r.promises,
    'per update': r.perUpdate.toFixed(1),
    'case own per update': r.name === 'floor' ? '' : (r.perUpdate - floor.perUpdate).toFixed(1),
  })),
);
