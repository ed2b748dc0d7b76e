/**
 * A Temporal dev server as a separate process the test can stop and start again (faults: Temporal down), keeping its
 * state in a SQLite file across restarts, on a fixed free port so clients reconnect to the same address.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection } from '@temporalio/worker';
import { searchAttributes } from '../../workflows/definitions.js';
import { temporalCliPath } from './paths.js';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export interface TemporalProcess {
  address: string;
  /** Starts the server (again) and waits until it answers. */
  start(): Promise<void>;
  /** Stops it (SIGKILL: as a crash, nothing is flushed gracefully). */
  kill(): Promise<void>;
  /** A TestWorkflowEnvironment-shaped handle for test/api/harness.ts. */
  env(): Promise<TestWorkflowEnvironment>;
}

/**
 * `longPollSeconds` shortens the server's long poll (matching.longPollExpirationInterval, 60 s by default), so an idle
 * worker's pollers come back every few seconds and a dead one's go stale within seconds (faults: worker down).
 */
export async function temporalProcess(opts: { longPollSeconds?: number } = {}): Promise<TemporalProcess> {
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const dbFile = path.join(mkdtempSync(path.join(tmpdir(), 'duban-temporal-')), 'temporal.db');
  let child: ChildProcess | undefined;
  const attrs = Object.values(searchAttributes).flatMap((k) => [
    '--search-attribute',
    `${k.name}=${k.type === 'KEYWORD' ? 'Keyword' : 'Bool'}`,
  ]);
  const start = async () => {
    if (child && child.exitCode === null && child.signalCode === null) return; // already running: one process only
    child = spawn(
      temporalCliPath,
      [
        'server',
        'start-dev',
        '--headless',
        '--ip',
        '127.0.0.1',
        '--port',
        String(port),
        '--db-filename',
        dbFile,
        '--log-level',
        'error',
        ...attrs,
        ...(opts.longPollSeconds
          ? ['--dynamic-config-value', `matching.longPollExpirationInterval="${opts.longPollSeconds}s"`]
          : []),
      ],
      { stdio: 'ignore' },
    );
    for (let i = 0; i < 150; i++) {
      try {
        const c = await Connection.connect({ address, connectTimeout: 500 });
        await c.workflowService.getSystemInfo({});
        await c.close();
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    throw new Error(`temporal dev server on ${address} did not start`);
  };
  const kill = async () => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
  };
  await start();
  return {
    address,
    start,
    kill,
    async env() {
      const connection = await Connection.connect({ address });
      const nativeConnection = await NativeConnection.connect({ address });
      const client = new Client({ connection });
      return {
        client,
        nativeConnection,
        namespace: 'default',
        async teardown() {
          await nativeConnection.close();
          await connection.close();
          await kill();
        },
      } as unknown as TestWorkflowEnvironment;
    },
  };
}
