/** Production migration job (docker-compose `migrate` service): applies db/migrations to DATABASE_URL. */
import { loadConfig } from '../config/config.js';
import { openDatabase } from './client.js';

const config = loadConfig();
if (!config.DATABASE_URL) {
  console.error('DATABASE_URL is required for the migration job');
  process.exit(1);
}
const database = await openDatabase({ url: config.DATABASE_URL, poolSize: 1 });
try {
  await database.migrate();
  console.log('migrations applied');
} finally {
  await database.close();
}
