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
        // pool.end() can resolve while its last connections are still saying goodbye; forcing the drop then kills
        // them mid-close and pg raises an unhandled error. Wait for them to go, and force only as a last resort.
        for (let i = 0; ; i++) {
          try {
            await a.query(`DROP DATABASE IF EXISTS ${name}${i < 50 ? '' : ' WITH (FORCE)'}`);
            break;
          } catch (err) {
            if ((err as { code?: string }).code !== '55006' || i >= 50) throw err; // 55006: still in use
            await new Promise((r) => setTimeout(r, 100));
          }
        }
      } finally {
        await a.end();
      }
    },
  };
}
