import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema/index.js';

export { schema };
/** The one database type every query takes: node-postgres and PGlite both satisfy it. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface DatabaseHandle {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** Set for a real PostgreSQL server: COPY and other driver-level work need it. */
  pool?: pg.Pool;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens PostgreSQL: the server at `url` when given, otherwise an embedded PGlite database under `dataDir`
 * (same schema, same queries), so `make dev` needs no server.
 */
export async function openDatabase(opts: {
  url?: string;
  dataDir?: string;
  poolSize?: number;
}): Promise<DatabaseHandle> {
  if (opts.url) {
    // JIT off: the planner over-estimates the month's fact statements (joins of per-enterprise aggregates) and JIT
    // compiled them for seconds on every run — 25 s of a 26 s score computation on 4,000 enterprises (bench/scores.ts);
    // none of the product's statements runs long enough for compiled expressions to repay that.
    const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 10, options: '-c jit=off' });
    // An idle connection the server drops (a restart: 57P01 admin_shutdown) is reported on the pool; without a
    // listener Node would end the process. The pool discards it and connects anew on the next query.
    pool.on('error', () => {});
    // A connection the server drops while it is checked out (in a transaction, between two statements) is not
    // reported on the pool: pg-pool takes its idle listener off at checkout, so the client itself emits 'error' and,
    // with no listener, Node ends the process (CI: ECONNRESET during the PostgreSQL restart test). The statement
    // in flight, or the next one, still fails and is answered as retryable; the broken client is not queryable and
    // the pool discards it on release.
    pool.on('connect', (client) => client.on('error', () => {}));
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      pool,
      migrate: () => migratePg(drizzlePg(pool, { schema }), { migrationsFolder }),
      close: () => pool.end(),
    };
  }
  if (!opts.dataDir) throw new Error('openDatabase needs a url or a dataDir');
  mkdirSync(opts.dataDir, { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle: drizzlePglite } = await import('drizzle-orm/pglite');
  const { migrate: migratePglite } = await import('drizzle-orm/pglite/migrator');
  const client = await PGlite.create(opts.dataDir);
  const pdb = drizzlePglite(client, { schema });
  return {
    db: pdb as unknown as Db,
    kind: 'pglite',
    migrate: () => migratePglite(pdb, { migrationsFolder }),
    close: () => client.close(),
  };
}
