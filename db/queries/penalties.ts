/**
 * 行政处罚 and the 安全生产法 Art. 113 closure threshold (关闭情形), shape `fn(db, params)`, scoped like the enterprise
 * register (`enterprisesInScope`): an enterprise outside the caller's scope is not found.
 *
 * - `enterprisePenalties(db, { scope, enterpriseId, asOf })` → the enterprise's penalties (newest first) and the
 *   threshold as of `asOf` (counts in the 180- and 365-day windows ending on it, and whether it is reached).
 * - `enterprisesAtClosureThreshold(db, { scope, asOf, limit? })` → enterprises in scope that reach the threshold on
 *   `asOf` and are not closed (注销) yet: the supervisor's 应予关闭 list.
 *
 * The rule (numbers, window edges) is domain/closure-threshold.ts; SQL only counts within the dates it gives.
 */
import { and, asc, desc, eq, gte, lte, ne, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { enterprises, penalties } from '../schema/index.js';
import { DomainError } from '../../domain/errors.js';
import {
  CLOSURE_THRESHOLD,
  closureThreshold,
  windowStart,
  type ClosureThreshold,
} from '../../domain/closure-threshold.js';
import { enterprisesInScope, type Scope } from './scope.js';
import { isUuidText } from './ids.js';

export type PenaltyRow = typeof penalties.$inferSelect;

export async function enterprisePenalties(
  db: Db,
  p: { scope: Scope; enterpriseId: string; asOf: string },
): Promise<{ enterpriseId: string; penalties: PenaltyRow[]; closureThreshold: ClosureThreshold }> {
  if (!isUuidText(p.enterpriseId)) throw new DomainError('NOT_FOUND', '企业不存在');
  const [e] = await db
    .select({ id: enterprises.id })
    .from(enterprises)
    .where(and(eq(enterprises.id, p.enterpriseId), enterprisesInScope(p.scope)));
  if (!e) throw new DomainError('NOT_FOUND', '企业不存在');
  const rows = await db
    .select()
    .from(penalties)
    .where(eq(penalties.enterpriseId, p.enterpriseId))
    .orderBy(desc(penalties.decidedOn), desc(penalties.recordedAt));
  return {
    enterpriseId: p.enterpriseId,
    penalties: rows,
    closureThreshold: closureThreshold(
      rows.map((r) => r.decidedOn),
      p.asOf,
    ),
  };
}

export interface EnterpriseAtThreshold {
  enterpriseId: string;
  name: string;
  regionCode: string;
  status: string;
  penalties180: number;
  penalties365: number;
  /** The latest penalty counted. */
  lastDecidedOn: string;
}

export async function enterprisesAtClosureThreshold(
  db: Db,
  p: { scope: Scope; asOf: string; limit?: number },
): Promise<EnterpriseAtThreshold[]> {
  const from180 = windowStart(p.asOf, CLOSURE_THRESHOLD.shortWindowDays);
  const from365 = windowStart(p.asOf, CLOSURE_THRESHOLD.longWindowDays);
  const n180 = sql<number>`count(*) filter (where ${penalties.decidedOn} >= ${from180})::int`;
  const n365 = sql<number>`count(*)::int`;
  return db
    .select({
      enterpriseId: enterprises.id,
      name: enterprises.name,
      regionCode: enterprises.regionCode,
      status: enterprises.status,
      penalties180: n180,
      penalties365: n365,
      lastDecidedOn: sql<string>`max(${penalties.decidedOn})::text`,
    })
    .from(penalties)
    .innerJoin(enterprises, eq(enterprises.id, penalties.enterpriseId))
    .where(
      and(
        enterprisesInScope(p.scope),
        ne(enterprises.status, 'closed'),
        gte(penalties.decidedOn, from365),
        lte(penalties.decidedOn, p.asOf),
      ),
    )
    .groupBy(enterprises.id, enterprises.name, enterprises.regionCode, enterprises.status)
    .having(
      sql`${n180} >= ${CLOSURE_THRESHOLD.shortWindowCount} or ${n365} >= ${CLOSURE_THRESHOLD.longWindowCount}`,
    )
    .orderBy(sql`${n180} desc`, sql`${n365} desc`, asc(enterprises.name))
    .limit(p.limit ?? 100);
}
