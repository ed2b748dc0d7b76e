import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../db/client.js';
import { TEMPLATE_DB, adminUrl, withDatabase } from './pg-url.js';

/**
 * A fresh database for one suite, cloned from the migrated template (global-setup.ts), on the real PostgreSQL
 * server. Each suite creates its own rows: no shared seeded data between suites.
 */
export async function createTestDatabase(
  opts: { poolSize?: number } = {},
): Promise<DatabaseHandle & { url: string; drop(): Promise<void> }> {
  const name = `duban_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(name);
  const handle = await openDatabase({ url, poolSize: opts.poolSize ?? 5 });
  return {
    ...handle,
    url,
    async drop() {
      await handle.close();
      const a = new pg.Client({ connectionString: adminUrl() });
      await a.connect();
      try {
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await a.end();
      }
    },
  };
}
