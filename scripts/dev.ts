/**
 * `make dev`: the whole product on embedded defaults, in one process tree.
 *   Temporal dev server (child process, SQLite under DATA_DIR) → PostgreSQL (DATABASE_URL or embedded PGlite)
 *   → migrations → worker + API in this process → built console on the same port → demo data on first start.
 * Ctrl-C stops everything cleanly; the next `make dev` finds all data where it left it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { loadConfig } from '../config/config.js';
import { roleLabels } from '../domain/labels.js';
import { createApp } from '../api/app.js';
import { serveApp } from '../api/http-server.js';
import { createCaseWorker, createNotificationWorker } from '../activities/worker.js';
import { ensureSchedules } from '../activities/schedules.js';
import { openDatabase } from '../db/client.js';
import { seedDemo } from './seed/demo.js';
import { ensureDutySchedules } from '../api/services/duty-schedules.js';
import { ensureScoreSchedule } from '../api/services/score-schedules.js';
import { prepareNamespace, waitForTemporal } from './lib/temporal-setup.js';
import { startTemporalDevServer, type DevServer } from './lib/temporal-dev-server.js';

const root = path.resolve(import.meta.dirname, '..');
process.chdir(root);
if (existsSync('.env')) process.loadEnvFile('.env');
const config = loadConfig();
const dataDir = path.resolve(config.DATA_DIR);
const stoppers: Array<() => Promise<void>> = [];
let stopping = false;

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping…');
  for (const stop of stoppers.reverse()) {
    try {
      await stop();
    } catch (err) {
      console.error(err);
    }
  }
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

// The SDK would shut the workers down on Ctrl-C by itself, before `shutdown` does it in order (then our
// shutdown() found them stopped: "IllegalStateError: Not running", and the connection closed while they still
// drained: "Cannot close connection while Workers hold a reference to it"). Here only `shutdown` stops them. Its
// lifecycle lines (worker RUNNING, STOPPING, DRAINED...) are not for a newcomer: warnings and errors only.
// (A worker with no workflows saying it does not poll for them is how the notification worker is meant to be.)
Runtime.install({
  shutdownSignals: [],
  logger: new DefaultLogger('WARN', ({ level, message }) => {
    if (!/not polling for workflow tasks/.test(message)) console.error(`[${level}] ${message}`);
  }),
});

/** Stops a worker once, however far it got, and waits until it has drained and released its connection. */
function stopWorker(worker: Worker, done: Promise<void>): () => Promise<void> {
  return async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await done.catch((err: unknown) => console.error(err instanceof Error ? err.message : err));
  };
}

async function main(): Promise<void> {
  const temporalServer: DevServer = await startTemporalDevServer({
    binary: path.join(root, '.tools/py/bin/temporal'),
    dataDir: path.join(dataDir, 'temporal'),
    address: config.TEMPORAL_ADDRESS,
    uiPort: config.TEMPORAL_UI_PORT,
    namespace: config.TEMPORAL_NAMESPACE,
  });
  stoppers.push(() => temporalServer.stop());
  const connection: Connection = await waitForTemporal(config.TEMPORAL_ADDRESS);
  stoppers.push(() => connection.close());
  await prepareNamespace(connection, config.TEMPORAL_NAMESPACE);

  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: path.join(dataDir, 'pglite') });
  stoppers.push(() => database.close());
  await database.migrate();

  const workerConnection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  stoppers.push(() => workerConnection.close());
  const worker = await createCaseWorker({
    connection: workerConnection,
    namespace: config.TEMPORAL_NAMESPACE,
    db: database.db,
    uploadDir: config.uploadDir,
  });
  stoppers.push(stopWorker(worker, worker.run()));
  const notifier = await createNotificationWorker({
    connection: workerConnection,
    namespace: config.TEMPORAL_NAMESPACE,
    db: database.db,
    config,
  });
  stoppers.push(stopWorker(notifier, notifier.run()));

  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  await ensureSchedules(client, { dispatchEverySeconds: config.OUTBOX_DISPATCH_EVERY_SECONDS });
  const uiDir = path.join(root, 'admin-ui/dist');
  const app = createApp({
    db: database.db,
    temporal: client,
    config,
    uiDir: existsSync(uiDir) ? uiDir : undefined,
  });
  const server = serveApp(app, { hostname: config.HOST, port: config.PORT });
  stoppers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const demo = config.DEMO_SEED
    ? await seedDemo({ db: database.db, client, uploadDir: config.uploadDir })
    : undefined;
  // One Temporal Schedule per district sweeps the general-hazard duties daily (lights, patrols, self-reports, draws).
  await ensureDutySchedules({ client, db: database.db });
  // The monthly scores (月度绩效考核): one Temporal Schedule, 02:30 on the 1st.
  await ensureScoreSchedule({ client });

  const base = `http://${config.HOST}:${config.PORT}`;
  // One table, padded by the columns each string takes in a terminal (a Chinese character takes two).
  const info: Array<[string, string]> = [
    ['Console (管理控制台)', `${base}/`],
    ['API reference', `${base}/api/docs   (OpenAPI: ${base}/api/openapi.json)`],
    ['Health', `${base}/api/health`],
    ['Temporal UI', temporalServer.uiUrl],
    [
      'Database',
      database.kind === 'pglite'
        ? `embedded PGlite in ${path.join(dataDir, 'pglite')}`
        : 'PostgreSQL at DATABASE_URL',
    ],
  ];
  if (demo) info.push(['Demo data', demo.created ? 'seeded now' : 'already present (kept)']);
  const labelWidth = Math.max(...info.map(([l]) => displayWidth(l)));
  const lines = [
    '',
    'Duban (督办) is running.',
    ...info.map(([l, v]) => `  ${padDisplay(l, labelWidth)}  ${v}`),
  ];
  if (demo) {
    lines.push('  Demo logins (角色 / 用户名 / 密码 / 姓名 / 单位):');
    const rows = demo.users.map((u) => [
      roleLabels[u.role],
      u.username,
      u.password,
      `${u.displayName}${(u.unit ?? u.department) ? `（${u.unit ?? u.department}）` : ''}`,
    ]);
    const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => displayWidth(r[i]!))));
    for (const r of rows)
      lines.push(`    ${r.map((c, i) => (i < 3 ? padDisplay(c, widths[i]!) : c)).join('  ')}`);
  }
  lines.push('Press Ctrl-C to stop.');
  console.log(lines.join('\n'));
}

/** Columns a string takes in a terminal: a Chinese character takes two, so padEnd alone misaligns them. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s)
    w +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        ch,
      )
        ? 2
        : 1;
  return w;
}
const padDisplay = (s: string, width: number) => s + ' '.repeat(Math.max(0, width - displayWidth(s)));

main().catch(async (err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  await shutdown(1);
});
