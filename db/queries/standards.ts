/**
 * Hazard standards library (判定标准) queries, shape `fn(db, params)`.
 *
 * - `listStandards(db, { filter?: { industry?, q? }, range? })` → `{ rows, total }`
 * - `getStandard(db, id)` → standard with its clauses in order
 * - `listClauses(db, { standardId?, q?, range? })` → `{ rows, total }` (for the clause picker when listing a case)
 * - `createStandard(db, input)`, `addClause(db, standardId, clause)`
 * - `createStandardVersion(db, input, { actorId })`: a version entered whole, with its clauses (administrators)
 */
import { and, asc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../client.js';
import { hazardClauses, hazardStandards } from '../schema/index.js';
import { DomainError, notFound } from '../../domain/errors.js';
import { clauseInputSchema, standardInputSchema } from '../../domain/registry.js';
import { standardVersionInputSchema, type StandardVersionInput } from '../../domain/standards.js';

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

/**
 * Enters a standard's version whole, in one transaction: the standard row and every clause in the order given. A
 * version that supersedes another must be of the same standard (same 文号) and newer; the superseded version is
 * marked repealed from the new one's effective date (its clauses stay, and cases keep citing them).
 */
export async function createStandardVersion(
  db: Db,
  input: StandardVersionInput,
  opts: { actorId: string },
): Promise<StandardRecord & { clauses: ClauseRecord[] }> {
  const v = standardVersionInputSchema.parse(input);
  const id = await db.transaction(async (tx) => {
    if (v.supersedesId) {
      const [old] = await tx.select().from(hazardStandards).where(eq(hazardStandards.id, v.supersedesId));
      if (!old) throw new DomainError('VALIDATION', '取代的版本不存在', { supersedesId: '取代的版本不存在' });
      if (old.effectiveDate >= v.effectiveDate)
        throw new DomainError('VALIDATION', '新版本的施行日期应晚于被取代的版本', {
          effectiveDate: `应晚于被取代版本的施行日期（${old.effectiveDate}）`,
        });
      await tx
        .update(hazardStandards)
        .set({ repealedOn: v.effectiveDate })
        .where(eq(hazardStandards.id, v.supersedesId));
    }
    const [dup] = await tx
      .select({ id: hazardStandards.id })
      .from(hazardStandards)
      .where(and(eq(hazardStandards.code, v.code), eq(hazardStandards.version, v.version)));
    if (dup) throw new DomainError('CONFLICT', '该标准此版本已存在', { version: '已存在' });
    const { clauses, supersedesId, ...standard } = v;
    const [row] = await tx
      .insert(hazardStandards)
      .values({ ...standard, supersedesId: supersedesId ?? null, createdBy: opts.actorId })
      .returning({ id: hazardStandards.id });
    await tx.insert(hazardClauses).values(
      clauses.map((c, i) => ({
        ...c,
        category: c.category ?? null,
        standardId: row!.id,
        sortOrder: i + 1,
      })),
    );
    return row!.id;
  });
  return getStandard(db, id);
}
