/**
 * Hazard standards library (判定标准) queries, shape `fn(db, params)`.
 *
 * - `listStandards(db, { filter?: { industry?, q? }, range? })` → `{ rows, total }`
 * - `getStandard(db, id)` → standard with its clauses in order
 * - `listClauses(db, { standardId?, q?, range? })` → `{ rows, total }` (for the clause picker when listing a case)
 * - `createStandard(db, input)`, `addClause(db, standardId, clause)`
 */
import { and, asc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../client.js';
import { hazardClauses, hazardStandards } from '../schema/index.js';
import { DomainError, notFound } from '../../domain/errors.js';
import { clauseInputSchema, standardInputSchema } from '../../domain/registry.js';

export type StandardRecord = typeof hazardStandards.$inferSelect;
export type ClauseRecord = typeof hazardClauses.$inferSelect;

export async function listStandards(
  db: Db,
  p: { filter?: Record<string, unknown>; range?: [number, number] } = {},
): Promise<{ rows: StandardRecord[]; total: number }> {
  const f = p.filter ?? {};
  const w: SQL[] = [];
  if (typeof f.industry === 'string') w.push(eq(hazardStandards.industry, f.industry));
  if (typeof f.q === 'string' && f.q)
    w.push(or(ilike(hazardStandards.title, `%${f.q}%`), ilike(hazardStandards.code, `%${f.q}%`))!);
  const where = w.length ? and(...w) : undefined;
  const [from, to] = p.range ?? [0, 24];
  const [rows, [n]] = await Promise.all([
    db
      .select()
      .from(hazardStandards)
      .where(where)
      .orderBy(asc(hazardStandards.effectiveDate), asc(hazardStandards.id))
      .offset(from)
      .limit(to - from + 1),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(hazardStandards)
      .where(where),
  ]);
  return { rows, total: n?.n ?? 0 };
}

export async function getStandard(db: Db, id: string): Promise<StandardRecord & { clauses: ClauseRecord[] }> {
  const [s] = await db.select().from(hazardStandards).where(eq(hazardStandards.id, id));
  if (!s) throw notFound('standard');
  const clauses = await db
    .select()
    .from(hazardClauses)
    .where(eq(hazardClauses.standardId, id))
    .orderBy(asc(hazardClauses.sortOrder), asc(hazardClauses.clauseNo));
  return { ...s, clauses };
}

export async function listClauses(
  db: Db,
  p: { standardId?: string; q?: string; range?: [number, number] } = {},
): Promise<{ rows: ClauseRecord[]; total: number }> {
  const w: SQL[] = [];
  if (p.standardId) w.push(eq(hazardClauses.standardId, p.standardId));
  if (p.q) w.push(ilike(hazardClauses.text, `%${p.q}%`));
  const where = w.length ? and(...w) : undefined;
  const [from, to] = p.range ?? [0, 99];
  const [rows, [n]] = await Promise.all([
    db
      .select()
      .from(hazardClauses)
      .where(where)
      .orderBy(asc(hazardClauses.standardId), asc(hazardClauses.sortOrder))
      .offset(from)
      .limit(to - from + 1),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(hazardClauses)
      .where(where),
  ]);
  return { rows, total: n?.n ?? 0 };
}

export async function createStandard(
  db: Db,
  input: z.input<typeof standardInputSchema>,
): Promise<StandardRecord> {
  const v = standardInputSchema.parse(input);
  const [dup] = await db
    .select({ id: hazardStandards.id })
    .from(hazardStandards)
    .where(and(eq(hazardStandards.code, v.code), eq(hazardStandards.version, v.version)));
  if (dup) throw new DomainError('CONFLICT', '该标准此版本已存在', { version: '已存在' });
  const [row] = await db.insert(hazardStandards).values(v).returning();
  return row!;
}

export async function addClause(
  db: Db,
  standardId: string,
  input: z.input<typeof clauseInputSchema>,
): Promise<ClauseRecord> {
  await getStandard(db, standardId);
  const v = clauseInputSchema.parse(input);
  const [row] = await db
    .insert(hazardClauses)
    .values({ ...v, standardId })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new DomainError('CONFLICT', '条款编号已存在', { clauseNo: '已存在' });
  return row;
}
