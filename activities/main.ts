/** Production worker entry (docker-compose `worker` service). */
import { utimes, writeFile } from 'node:fs/promises';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../config/config.js';
import { openDatabase } from '../db/client.js';
import { ensureSchedules } from './schedules.js';
import { createCaseWorker, createNotificationWorker } from './worker.js';

const HEARTBEAT_FILE = process.env.WORKER_HEARTBEAT_FILE ?? '/tmp/worker-alive';
const config = loadConfig();
const database = await openDatabase({ url: config.DATABASE_URL, dataDir: `${config.DATA_DIR}/pglite` });
const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
const worker = await createCaseWorker({
  connection,
  namespace: config.TEMPORAL_NAMESPACE,
  db: database.db,
  uploadDir: config.uploadDir,
  documentFontDirs: config.DOCUMENT_FONT_DIRS,
});
const notifier = await createNotificationWorker({
  connection,
  namespace: config.TEMPORAL_NAMESPACE,
  db: database.db,
  config,
});
// The periodic work (outbox dispatch, deadline notices) is scheduled by whoever starts first; it is idempotent.
const clientConnection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
await ensureSchedules(new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE }), {
  dispatchEverySeconds: config.OUTBOX_DISPATCH_EVERY_SECONDS,
});
await clientConnection.close();

// The container health check reads this file's age: it is touched while the worker is running.
await writeFile(HEARTBEAT_FILE, '');
const beat = setInterval(() => {
  if (worker.getState() === 'RUNNING') {
    const now = new Date();
    void utimes(HEARTBEAT_FILE, now, now).catch(() => undefined);
  }
}, 10_000);
for (const sig of ['SIGINT', 'SIGTERM'] as const)
  process.once(sig, () => {
    worker.shutdown();
    notifier.shutdown();
  });
try {
  await Promise.all([worker.run(), notifier.run()]);
} finally {
  clearInterval(beat);
  await connection.close();
  await database.close();
}
