import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface DevServer {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
}

async function portInUse(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts `temporal server start-dev` as a child process with SQLite persistence (WAL) under `dataDir`, so a
 * restart keeps every case. Its output goes to `dataDir/temporal.log`.
 */
export async function startTemporalDevServer(opts: {
  binary: string;
  dataDir: string;
  address: string;
  uiPort: number;
  namespace: string;
}): Promise<DevServer> {
  const [host = '127.0.0.1', portText = '7233'] = opts.address.split(':');
  const port = Number(portText);
  if (!existsSync(opts.binary)) {
    throw new Error(
      `Temporal CLI not found at ${opts.binary}: run \`make tools\` (or scripts/install-tools.sh)`,
    );
  }
  if (await portInUse(host, port)) {
    throw new Error(`Port ${port} is already in use: is another Temporal server (or make dev) running?`);
  }
  mkdirSync(opts.dataDir, { recursive: true });
  if (!existsSync(opts.binary)) return startWithSdkDownload(opts, host, port);
  const log = createWriteStream(path.join(opts.dataDir, 'temporal.log'), { flags: 'a' });
  const child: ChildProcess = spawn(
    opts.binary,
    [
      'server',
      'start-dev',
      '--db-filename',
      path.join(opts.dataDir, 'temporal.sqlite'),
      '--sqlite-pragma',
      'journal_mode=wal',
      '--sqlite-pragma',
      'synchronous=normal',
      '--ip',
      host,
      '--port',
      String(port),
      '--ui-port',
      String(opts.uiPort),
      '--namespace',
      opts.namespace,
      '--log-level',
      'warn',
    ],
    // Its own process group: Ctrl-C in the terminal reaches make dev only, which stops the server last, after the
    // workers have drained (killed first, it left them polling a dead server on the way out).
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  // However make dev ends, the server does not outlive it.
  process.once('exit', () => {
    if (child.exitCode === null) child.kill('SIGTERM');
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    address: `${host}:${port}`,
    uiUrl: `http://${host}:${opts.uiPort}`,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      log.end();
    },
  };
}

/**
 * No pinned binary (a machine with internet but no pip): let the Temporal SDK download its dev server and run
 * it with the same persistence settings.
 */
async function startWithSdkDownload(
  opts: { dataDir: string; uiPort: number; namespace: string },
  host: string,
  port: number,
): Promise<DevServer> {
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  console.warn('Temporal CLI not found in .tools/py: using the SDK download of the dev server');
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      dbFilename: path.join(opts.dataDir, 'temporal.sqlite'),
      ip: host,
      port,
      ui: true,
      uiPort: opts.uiPort,
      namespace: opts.namespace,
      extraArgs: ['--sqlite-pragma', 'journal_mode=wal', '--log-level', 'warn'],
    },
  });
  return { address: `${host}:${port}`, uiUrl: `http://${host}:${opts.uiPort}`, stop: () => env.teardown() };
}
