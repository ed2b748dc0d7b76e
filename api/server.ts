/** Production API entry (docker-compose `api` service): the API and the built console on one port. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { openDatabase } from '../db/client.js';
import { createApp } from './app.js';
import { loadConfig } from '../config/config.js';
import { ensureDutySchedules } from './services/duty-schedules.js';
import { ensureScoreSchedule } from './services/score-schedules.js';
import { serveApp } from './http-server.js';

const config = loadConfig();
const database = await openDatabase({
  url: config.DATABASE_URL,
  dataDir: path.join(config.DATA_DIR, 'pglite'),
});
const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
const uiDir = path.resolve(import.meta.dirname, '../admin-ui/dist');
const app = createApp({ db: database.db, temporal, config, uiDir: existsSync(uiDir) ? uiDir : undefined });
// The daily sweeps of the general-hazard duties, one Temporal Schedule per district (created or brought up to date).
await ensureDutySchedules({ client: temporal, db: database.db });
// The monthly scores: one Temporal Schedule (created or brought up to date).
await ensureScoreSchedule({ client: temporal });
const server = serveApp(app, { hostname: config.HOST, port: config.PORT }, (port) =>
  console.log(`Duban API listening on http://${config.HOST}:${port}`),
);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    server.close();
    void connection.close().then(() => database.close());
  });
}
