/**
 * Working-day calendar years (工作日历), shape `fn(db, params)`.
 *
 * - `listCalendarYears(db)` → every known year: the `chinese-days` package's and the administrator's (which replace
 *   the package's for that year), newest first, each in the published shape (holiday spans with make-up days)
 * - `getCalendarYear(db, year)` → one year, with the versions entered
 * - `saveCalendarYear(db, input, { actorId, expectedVersion })` → validates, writes the year's next version
 * - `casesWithEstimates(db, years, { after, limit })` → running cases whose deadlines were estimated for one of
 *   `years`, by id (a page after `after` when given)
 * - `calendarEstimateSummary(db)` → per unknown year, how many running cases carry an estimated deadline
 */
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { and, asc, desc, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { calendarYears, calendarYearVersions, cases } from '../schema/index.js';
import { yearsFromChineseDays, type CalendarYear } from '../../domain/calendar.js';
import {
  calendarYearInputSchema,
  flattenSchedule,
  scheduleFromPackage,
  type CalendarYearInput,
  type HolidaySpan,
} from '../../domain/calendar-schedule.js';
import { DomainError } from '../../domain/errors.js';

export const PACKAGE_SOURCE = 'chinese-days 软件包（国务院办公厅历年节假日安排通知）';
const packageCalendarYears = yearsFromChineseDays(chineseDays);
const packageYears = new Set(packageCalendarYears.map((y) => y.year));

export interface CalendarYearRecord {
  id: number; // the year: react-admin wants `id`
  year: number;
  origin: 'package' | 'entered'; // 软件包内置 / 管理员录入
  source: string;
  version: number | null;
  holidays: HolidaySpan[];
  holidayDays: number;
  workdayCount: number;
  /** For an entered year the package also knows: the administrator's entry replaces it. */
  replacesPackage: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
}

type Row = typeof calendarYears.$inferSelect;

function fromRow(r: Row): CalendarYearRecord {
  return {
    id: r.year,
    year: r.year,
    origin: 'entered',
    source: r.source,
    version: r.version,
    holidays: (r.spans as HolidaySpan[] | null) ?? [],
    holidayDays: r.holidays.length,
    workdayCount: r.workdays.length,
    replacesPackage: packageYears.has(r.year),
    updatedAt: r.updatedAt.toISOString(),
    updatedBy: r.updatedBy ?? r.createdBy,
  };
}

function fromPackage(year: number): CalendarYearRecord {
  const spans = scheduleFromPackage(year, chineseDays);
  const flat = flattenSchedule({ year, holidays: spans });
  return {
    id: year,
    year,
    origin: 'package',
    source: PACKAGE_SOURCE,
    version: null,
    holidays: spans,
    holidayDays: flat.holidays.length,
    workdayCount: flat.workdays.length,
    replacesPackage: false,
    updatedAt: null,
    updatedBy: null,
  };
}

export async function listCalendarYears(db: Db): Promise<CalendarYearRecord[]> {
  const entered = (await db.select().from(calendarYears)).map(fromRow);
  const own = new Set(entered.map((r) => r.year));
  return [...entered, ...[...packageYears].filter((y) => !own.has(y)).map(fromPackage)].sort(
    (a, b) => b.year - a.year,
  );
}

export async function getCalendarYear(
  db: Db,
  year: number,
): Promise<CalendarYearRecord & { versions: Array<typeof calendarYearVersions.$inferSelect> }> {
  const [row] = await db.select().from(calendarYears).where(eq(calendarYears.year, year));
  if (!row) {
    if (packageYears.has(year)) return { ...fromPackage(year), versions: [] };
    throw new DomainError('NOT_FOUND', `${year}年的节假日安排尚未录入`);
  }
  const versions = await db
    .select()
    .from(calendarYearVersions)
    .where(eq(calendarYearVersions.year, year))
    .orderBy(desc(calendarYearVersions.version));
  return { ...fromRow(row), versions };
}

/**
 * Writes the year's next version (1 for a new year) and the version's append-only copy, in one transaction.
 * `expectedVersion` (the version the administrator edited) guards against overwriting someone else's entry:
 * a mismatch is a 409 and nothing is written. Creating a year that was already entered is a 409 too.
 */
export async function saveCalendarYear(
  db: Db,
  input: CalendarYearInput,
  opts: { actorId: string; mode: 'create' | 'update'; expectedVersion?: number | null },
): Promise<{ record: CalendarYearRecord; previous: CalendarYearRecord | null }> {
  const entry = calendarYearInputSchema.parse(input);
  const flat = flattenSchedule(entry);
  return db.transaction(async (tx) => {
    // Serialises concurrent writers of the same year (the row may not exist yet, so no row lock to take).
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('calendar_years'), ${entry.year})`);
    const [current] = await tx.select().from(calendarYears).where(eq(calendarYears.year, entry.year));
    if (opts.mode === 'create' && current)
      throw new DomainError('CONFLICT', `${entry.year}年已录入，请在原记录上修改`, { year: '该年份已录入' });
    if (opts.mode === 'update' && !current && !packageYears.has(entry.year))
      throw new DomainError('NOT_FOUND', `${entry.year}年的节假日安排尚未录入`);
    if (current && opts.expectedVersion != null && opts.expectedVersion !== current.version)
      throw new DomainError(
        'CONFLICT',
        `${entry.year}年的日历已被他人修改（现为第${current.version}版），请刷新后再改`,
      );
    const version = (current?.version ?? 0) + 1;
    const now = new Date();
    const values = {
      year: entry.year,
      holidays: [...flat.holidays],
      workdays: [...flat.workdays],
      source: entry.source,
      spans: entry.holidays,
      version,
    };
    const [row] = current
      ? await tx
          .update(calendarYears)
          .set({ ...values, updatedAt: now, updatedBy: opts.actorId })
          .where(eq(calendarYears.year, entry.year))
          .returning()
      : await tx
          .insert(calendarYears)
          .values({ ...values, createdBy: opts.actorId, updatedBy: opts.actorId, updatedAt: now })
          .returning();
    await tx.insert(calendarYearVersions).values({ ...values, createdBy: opts.actorId, createdAt: now });
    return {
      record: fromRow(row!),
      previous: current ? fromRow(current) : packageYears.has(entry.year) ? fromPackage(entry.year) : null,
    };
  });
}

/** The years a running case's deadlines were estimated for (`details.calendarEstimate.years`). */
const estimateYears = sql`(${cases.view} -> 'details' -> 'calendarEstimate' -> 'years')`;
/** Cases written before the structured flag carry only the sentence `details.calendarWarning`. */
const legacyWarning = sql`(${cases.view} -> 'details' ->> 'calendarWarning')`;

/**
 * Running cases (not closed) with a deadline estimated for one of `years`, or with the older sentence-only
 * warning (which does not say the year in a form to match): the calendar change is signalled to each.
 */
export async function casesWithEstimates(
  db: Db,
  years: readonly number[],
  page: { after?: string; limit?: number } = {},
): Promise<string[]> {
  if (years.length === 0) return [];
  const query = db
    .select({ id: cases.id })
    .from(cases)
    .where(
      and(
        isNull(cases.closedAt),
        page.after ? gt(cases.id, page.after) : undefined,
        or(
          ...years.map((y) => sql`${estimateYears} @> ${JSON.stringify([Number(y)])}::jsonb`),
          sql`(${estimateYears} is null and ${legacyWarning} is not null)`,
        ),
      ),
    )
    .orderBy(asc(cases.id));
  const rows = await (page.limit ? query.limit(page.limit) : query);
  return rows.map((r) => r.id);
}

/**
 * The administrator's task list for the calendar: each year some running case's deadline was estimated for
 * (weekends only), with how many cases; `year` null counts the cases that carry only the older sentence.
 */
export async function calendarEstimateSummary(
  db: Db,
): Promise<Array<{ year: number | null; cases: number }>> {
  const result = await db.execute(sql`
    select y.year::int as year, count(distinct ${cases.id})::int as cases
      from ${cases}
      cross join lateral jsonb_array_elements_text(coalesce(${estimateYears}, '[]'::jsonb)) as y(year)
     where ${cases.closedAt} is null
     group by y.year
    union all
    select null::int, count(*)::int from ${cases}
     where ${cases.closedAt} is null and ${estimateYears} is null and ${legacyWarning} is not null
    having count(*) > 0
     order by 1 nulls last`);
  // node-postgres and PGlite both answer { rows }.
  return (result as unknown as { rows: Array<{ year: number | null; cases: number }> }).rows;
}

/**
 * The official calendar deadlines are computed on: the package's years, each replaced by the administrator's entry
 * where there is one (what the case workflow loads too).
 */
export async function officialCalendarYears(db: Db): Promise<CalendarYear[]> {
  const entered = await db.select().from(calendarYears);
  const own = new Set(entered.map((y) => y.year));
  return [
    ...packageCalendarYears.filter((y) => !own.has(y.year)),
    ...entered.map(({ year, holidays, workdays }) => ({ year, holidays, workdays })),
  ];
}
