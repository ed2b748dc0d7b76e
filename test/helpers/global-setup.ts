import pg from 'pg';
import { existsSync } from 'node:fs';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { migrationsFolder } from '../../db/client.js';
import { TEMPLATE_DB, adminUrl, withDatabase } from './pg-url.js';
import { temporalCliPath, testServerPath } from './paths.js';

/**
 * Runs once per `vitest run`: checks that the real servers the integration tests need are there and builds a
 * migrated template database each suite clones. When CI is set a missing server or binary fails the run.
 */
export default async function setup(): Promise<void> {
  const ci = !!process.env.CI;
  const problems: string[] = [];
  if (!existsSync(temporalCliPath))
    problems.push(`Temporal CLI missing at ${temporalCliPath} (run scripts/install-tools.sh)`);
  if (!existsSync(testServerPath))
    problems.push(`temporal-test-server missing at ${testServerPath} (run scripts/install-tools.sh)`);
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    problems.push(
      'TEST_DATABASE_URL is not set (run the tests through `make test`, which starts PostgreSQL)',
    );
  } else {
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    try {
      // One builder at a time across concurrent runs; a finished template (same migrations) is reused.
      await admin.query('SELECT pg_advisory_lock(72016)');
      const { rowCount } = await admin.query(
        "SELECT 1 FROM pg_database d WHERE datname = $1 AND shobj_description(d.oid, 'pg_database') = 'ready'",
        [TEMPLATE_DB],
      );
      if (!rowCount) {
        await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
        await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
        const pool = new pg.Pool({ connectionString: withDatabase(TEMPLATE_DB), max: 1 });
        try {
          await migrate(drizzle(pool), { migrationsFolder });
        } finally {
          await pool.end();
        }
        await admin.query(`COMMENT ON DATABASE ${TEMPLATE_DB} IS 'ready'`);
      }
    } finally {
      await admin.query('SELECT pg_advisory_unlock(72016)').catch(() => undefined);
      await admin.end();
    }
  }
  if (problems.length > 0) {
    const msg = `Test prerequisites missing:\n- ${problems.join('\n- ')}`;
    if (ci) throw new Error(msg);
    console.warn(msg);
  }
}
