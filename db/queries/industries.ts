/**
 * Industry taxonomy queries: `listIndustries(db)` → `{ rows, total }` (大类 with parentCode null, then 小类);
 * `ensureIndustries(db)` writes the constant taxonomy (domain/registry.ts INDUSTRIES) idempotently.
 */
import { asc, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { industries } from '../schema/index.js';
import { INDUSTRIES } from '../../domain/registry.js';

export type IndustryRecord = typeof industries.$inferSelect;

export async function listIndustries(db: Db): Promise<{ rows: IndustryRecord[]; total: number }> {
  const rows = await db
    .select()
    .from(industries)
    .orderBy(sql`${industries.parentCode} IS NOT NULL`, asc(industries.code));
  return { rows, total: rows.length };
}

export async function ensureIndustries(db: Db): Promise<void> {
  const values = INDUSTRIES.flatMap((i) => [
    { code: i.code, name: i.name, parentCode: null },
    ...i.subs.map(([code, name]) => ({ code, name, parentCode: i.code })),
  ]);
  await db.insert(industries).values(values).onConflictDoNothing();
}
