/**
 * Duty policy in force (domain/hazards/policy.ts) and the working-day calendar the duties' dates are counted on.
 *
 * - `dutyPolicyFor(db, { regionPath, on })` → the most specific jurisdiction's latest version in force on `on`, else
 *   DEFAULT_DUTY_POLICY. Memoised per database for a minute: a batch of 10,000 rows asks for a handful of regions.
 * - `workingCalendarOf(db)` → the official calendar (the `chinese-days` package's years, an administrator's where
 *   entered), memoised per database for a minute like the case activities' copy.
 * - `listDutyPolicies(db, { regionCode? })`, `addDutyPolicy(db, { regionCode, effectiveFrom, body, createdBy })`.
 */
import { and, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { Db } from '../client.js';
import { calendarYears, dutyPolicies, regions } from '../schema/index.js';
import {
  createWorkingCalendar,
  yearsFromChineseDays,
  type CalendarYear,
  type WorkingCalendar,
} from '../../domain/calendar.js';
import { DEFAULT_DUTY_POLICY, dutyPolicySchema, type DutyPolicy } from '../../domain/hazards/policy.js';
import { DomainError } from '../../domain/errors.js';

const TTL_MS = 60_000;
const packageYears: CalendarYear[] = yearsFromChineseDays(chineseDays);
const calendars = new WeakMap<Db, { at: number; calendar: Promise<WorkingCalendar> }>();
const policyCache = new WeakMap<Db, Map<string, { at: number; policy: Promise<DutyPolicy> }>>();

export function workingCalendarOf(db: Db): Promise<WorkingCalendar> {
  const hit = calendars.get(db);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.calendar;
  const calendar = (async () => {
    const added = await db.select().from(calendarYears);
    const addedYears = new Set(added.map((y) => y.year));
    return createWorkingCalendar([
      ...packageYears.filter((y) => !addedYears.has(y.year)),
      ...added.map(({ year, holidays, workdays }) => ({ year, holidays, workdays })),
    ]);
  })();
  calendars.set(db, { at: Date.now(), calendar });
  calendar.catch(() => calendars.delete(db));
  return calendar;
}

export function dutyPolicyFor(db: Db, p: { regionPath: string; on: string }): Promise<DutyPolicy> {
  let cache = policyCache.get(db);
  if (!cache) policyCache.set(db, (cache = new Map()));
  const key = `${p.regionPath}|${p.on}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.policy;
  const policy = (async () => {
    const ancestors = p.regionPath.split('/').filter(Boolean);
    if (ancestors.length === 0) return DEFAULT_DUTY_POLICY;
    const rows = await db
      .select()
      .from(dutyPolicies)
      .where(and(inArray(dutyPolicies.regionCode, ancestors), lte(dutyPolicies.effectiveFrom, p.on)));
    rows.sort(
      (a, b) => ancestors.indexOf(b.regionCode) - ancestors.indexOf(a.regionCode) || b.version - a.version,
    );
    const best = rows[0];
    return best ? dutyPolicySchema.parse(best.body) : DEFAULT_DUTY_POLICY;
  })();
  cache.set(key, { at: Date.now(), policy });
  policy.catch(() => cache.delete(key));
  return policy;
}

/** Forgets memoised policies (after an administrator adds one, so the next request sees it). */
export function forgetDutyPolicies(db: Db): void {
  policyCache.delete(db);
}

export type DutyPolicyRow = typeof dutyPolicies.$inferSelect;

export async function listDutyPolicies(db: Db, p: { regionCode?: string } = {}): Promise<DutyPolicyRow[]> {
  return db
    .select()
    .from(dutyPolicies)
    .where(p.regionCode ? eq(dutyPolicies.regionCode, p.regionCode) : undefined)
    .orderBy(dutyPolicies.regionCode, desc(dutyPolicies.version));
}

/** A new version for a jurisdiction (the next number), validated; earlier versions stay for the record. */
export async function addDutyPolicy(
  db: Db,
  p: { regionCode: string; effectiveFrom: string; body: DutyPolicy; createdBy: string | null },
): Promise<DutyPolicyRow> {
  const body = dutyPolicySchema.parse(p.body);
  return db.transaction(async (tx) => {
    const [region] = await tx
      .select({ code: regions.code })
      .from(regions)
      .where(eq(regions.code, p.regionCode));
    if (!region) throw new DomainError('VALIDATION', '行政区划不存在', { regionCode: '行政区划不存在' });
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'duban.duty_policies.' + p.regionCode}))`);
    const [last] = await tx
      .select({ version: dutyPolicies.version })
      .from(dutyPolicies)
      .where(eq(dutyPolicies.regionCode, p.regionCode))
      .orderBy(desc(dutyPolicies.version))
      .limit(1);
    const [row] = await tx
      .insert(dutyPolicies)
      .values({
        regionCode: p.regionCode,
        version: (last?.version ?? 0) + 1,
        effectiveFrom: p.effectiveFrom,
        body,
        createdBy: p.createdBy,
      })
      .returning();
    return row!;
  });
}
