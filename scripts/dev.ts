/**
 * `make dev`: the whole product on embedded defaults, in one process tree.
 *   Temporal dev server (child process, SQLite under DATA_DIR) → PostgreSQL (DATABASE_URL or embedded PGlite)
 *   → migrations → worker + API in this process → built console on the same port → demo data on first start.
 * Ctrl-C stops everything cleanly; the next `make dev` finds all data where it left it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../api/config.js';
import { createApp } from '../api/app.js';
import { serveApp } from '../api/http-server.js';
import { createCaseWorker, createNotificationWorker } from '../activities/worker.js';
import { ensureSchedules } from '../activities/schedules.js';
import { openDatabase } from '../db/client.js';
import { seedDemo } from '../db/seed/demo.js';
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
  const workerDone = worker.run();
  stoppers.push(async () => {
    worker.shutdown();
    await workerDone;
  });
  const notifier = await createNotificationWorker({
    connection: workerConnection,
    namespace: config.TEMPORAL_NAMESPACE,
    db: database.db,
    config,
  });
  const notifierDone = notifier.run();
  stoppers.push(async () => {
    notifier.shutdown();
    await notifierDone;
  });

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
  const lines = [
    '',
    'Duban (督办) is running.',
    `  Console (管理控制台)   ${base}/`,
    `  API reference         ${base}/api/docs   (OpenAPI: ${base}/api/openapi.json)`,
    `  Health                ${base}/api/health`,
    `  Temporal UI           ${temporalServer.uiUrl}`,
    `  Database              ${database.kind === 'pglite' ? `embedded PGlite in ${path.join(dataDir, 'pglite')}` : 'PostgreSQL at DATABASE_URL'}`,
  ];
  if (demo) {
    lines.push(
      demo.created ? '  Demo data             seeded now' : '  Demo data             already present (kept)',
    );
    lines.push('  Demo logins (用户名 / 密码):');
    for (const u of demo.users)
      lines.push(`    ${u.role.padEnd(12)} ${u.username.padEnd(16)} ${u.password}   ${u.displayName}`);
  }
  lines.push('Press Ctrl-C to stop.');
  console.log(lines.join('\n'));
}

main().catch(async (err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  await shutdown(1);
});
