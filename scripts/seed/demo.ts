import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { regions } from '../../db/schema/index.js';
import { DEMO_USERS, seedDemoRegistry } from '../../db/seed/demo-registry.js';
import { seedDemoCases } from './demo-cases.js';
import { seedDemoScores } from './demo-scores.js';

export interface DemoSeedResult {
  /** False when the database already held data: a restart keeps what is there. */
  created: boolean;
  users: typeof DEMO_USERS;
}

/** Seeds the demo district (registry, users, cases with history) once, on the first start of an empty database. */
export async function seedDemo(opts: {
  db: Db;
  client: Client;
  /** The worker's upload directory, for the generated listing notices (default: a temporary directory). */
  uploadDir?: string;
  /** A prebuilt workflow bundle (tests); otherwise workflows/index.ts is bundled for the history rehearsal. */
  workflowBundle?: { code: string };
}): Promise<DemoSeedResult> {
  const [row] = await opts.db.select({ n: sql<number>`count(*)::int` }).from(regions);
  if ((row?.n ?? 0) > 0) return { created: false, users: DEMO_USERS };
  const registry = await seedDemoRegistry(opts.db);
  await seedDemoCases({
    db: opts.db,
    client: opts.client,
    registry,
    uploadDir: opts.uploadDir ?? path.join(tmpdir(), 'duban-demo-uploads'),
    workflowBundle: opts.workflowBundle,
  });
  // 绩效考核: two published months and the running one (provisional), so the score pages show something real.
  const t0 = performance.now();
  const scores = await seedDemoScores(opts.db);
  console.log(
    `demo scores: ${scores.published.join(', ')} published, ${scores.provisional} provisional (${Math.round(performance.now() - t0)} ms)`,
  );
  return { created: true, users: DEMO_USERS };
}
