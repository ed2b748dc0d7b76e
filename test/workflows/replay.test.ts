import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import proto from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths.js';
import { workflowBundle } from './fixture.js';

const dir = path.join(repoRoot, 'test/fixtures/histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.history.pb'));

/**
 * Committed histories of real runs replay against today's workflow code: a change that would break running cases
 * (a non-deterministic edit without versioning) fails here. See docs/adr/0002-workflow-versioning.md.
 */
describe('replay of committed workflow histories', () => {
  it('has histories to replay', () => expect(files.length).toBeGreaterThanOrEqual(2));
  for (const file of files) {
    it(`replays ${file}`, async () => {
      const history = proto.temporal.api.history.v1.History.decode(readFileSync(path.join(dir, file)));
      await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, file);
    });
  }
});
