/**
 * The production worker entry (activities/main.ts: the case worker and the notification worker) as its own process,
 * configured through the environment like the real one, so a test can kill it as a crash would (SIGKILL).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from './paths.js';

export interface WorkerProcess {
  /** Starts it (again). */
  start(): Promise<void>;
  /** SIGKILL: nothing is drained or flushed. */
  kill(): Promise<void>;
  pid(): number | undefined;
}

export function workerProcess(env: Record<string, string>): WorkerProcess {
  let child: ChildProcess | undefined;
  const heartbeat = path.join(mkdtempSync(path.join(tmpdir(), 'duban-worker-')), 'alive');
  const alive = () => !!child && child.exitCode === null && child.signalCode === null;
  return {
    pid: () => child?.pid,
    async start() {
      if (alive()) return;
      let output = '';
      child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'activities/main.ts')], {
        cwd: repoRoot,
        env: { ...process.env, LOG_LEVEL: 'error', WORKER_HEARTBEAT_FILE: heartbeat, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const c = child;
      c.stdout!.on('data', (d: Buffer) => (output += d.toString()));
      c.stderr!.on('data', (d: Buffer) => (output += d.toString()));
      // Running once the worker has created its heartbeat file (after both workers were created).
      const { existsSync } = await import('node:fs');
      for (let i = 0; i < 600; i++) {
        if (c.exitCode !== null) throw new Error(`worker exited with ${c.exitCode}:\n${output}`);
        if (existsSync(heartbeat)) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`worker did not start:\n${output}`);
    },
    async kill() {
      const c = child;
      if (!c || !alive()) return;
      await new Promise<void>((resolve) => {
        c.once('exit', () => resolve());
        c.kill('SIGKILL');
      });
      const { rmSync } = await import('node:fs');
      rmSync(heartbeat, { force: true });
    },
  };
}
