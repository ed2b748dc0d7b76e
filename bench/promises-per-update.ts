/**
 * Promises created per case command: replays a committed history (test/fixtures/histories) with an async_hooks
 * counter of PROMISE inits around the replay, and divides by the Updates the history holds. Compares workflow code
 * trees: `npx tsx bench/promises-per-update.ts [repoRoot]` (default: this tree). The count includes the SDK's own
 * replay machinery, the same for every tree, so compare the trees, not the absolute figure.
 */
import { createHook } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import proto from '@temporalio/proto';

const root = path.resolve(process.argv[2] ?? '.');
const histories = [
  'happy-path.sa-changes',
  'ladder-extension-suspension.sa-changes',
  'expert-acceptance.sa-changes',
];

const bundle = await bundleWorkflowCode({
  workflowsPath: path.join(root, 'workflows/index.ts'),
  preloadModules: ['zod', path.join(root, 'domain/command-schemas.ts')],
  logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error } as never,
});
let promises = 0;
const hook = createHook({ init: (_id, type) => void (type === 'PROMISE' && (promises += 1)) });
for (const name of histories) {
  const history = proto.temporal.api.history.v1.History.decode(
    readFileSync(path.join('test/fixtures/histories', `${name}.history.pb`)),
  );
  const updates = history.events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
  // Warm once (module loads, schema build), then count a second replay.
  await Worker.runReplayHistory({ workflowBundle: bundle }, history, `${name}-warm`);
  promises = 0;
  hook.enable();
  await Worker.runReplayHistory({ workflowBundle: bundle }, history, name);
  hook.disable();
  console.log(
    `${name}: ${updates} updates, ${promises} promises, ${(promises / updates).toFixed(1)} per update`,
  );
}
