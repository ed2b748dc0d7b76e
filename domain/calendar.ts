/**
 * Working days (工作日) on China's official calendar: weekends off, State Council holidays off, and the make-up
 * working days (调休) that fall on weekends on. Years come from the maintained `chinese-days` data package,
 * plus years an administrator adds (calendar_years) when a schedule is published before the package knows it.
 * A date in a year neither knows is never guessed: it raises UnknownCalendarYearError.
 */
import { DomainError } from './errors.js';

export const TIME_ZONE = 'Asia/Shanghai';

export interface CalendarYear {
  year: number;
  holidays: readonly string[]; // 'YYYY-MM-DD'
  workdays: readonly string[]; // 调休: weekend days that are worked
}

export class UnknownCalendarYearError extends DomainError {
  constructor(public readonly year: number) {
    super('VALIDATION', `${year}年的节假日安排尚未录入，无法计算工作日（请管理员在工作日历中添加）`);
    this.name = 'UnknownCalendarYearError';
  }
}

export interface WorkingCalendar {
  knownYears: readonly number[];
  isWorkingDay(date: string): boolean;
  /** The date `n` working days after `date` (n ≥ 0; n = 0 is `date` itself if it is a working day, else the next). */
  addWorkingDays(date: string, n: number): string;
}

const pad = (n: number) => String(n).padStart(2, '0');
export function addCalendarDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** The calendar date in Asia/Shanghai of an instant. */
export function shanghaiDate(instant: Date | string): string {
  const d = new Date(typeof instant === 'string' ? Date.parse(instant) : instant.getTime());
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10); // China has no daylight saving time
}

/** The last moment of a Shanghai calendar date, as an ISO instant: a deadline "by 10 October" means this. */
export function endOfShanghaiDay(date: string): string {
  return new Date(Date.parse(`${date}T23:59:59.999+08:00`)).toISOString();
}

export function createWorkingCalendar(years: readonly CalendarYear[]): WorkingCalendar {
  const holidays = new Set<string>();
  const workdays = new Set<string>();
  const known = new Set<number>();
  for (const y of years) {
    known.add(y.year);
    y.holidays.forEach((d) => holidays.add(d));
    y.workdays.forEach((d) => workdays.add(d));
  }
  const isWorkingDay = (date: string): boolean => {
    const year = Number(date.slice(0, 4));
    if (!known.has(year)) throw new UnknownCalendarYearError(year);
    if (holidays.has(date)) return false;
    if (workdays.has(date)) return true;
    const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
    return dow !== 0 && dow !== 6;
  };
  return {
    knownYears: [...known].sort(),
    isWorkingDay,
    addWorkingDays(date, n) {
      let d = date;
      while (!isWorkingDay(d)) d = addCalendarDays(d, 1);
      for (let left = n; left > 0;) {
        d = addCalendarDays(d, 1);
        if (isWorkingDay(d)) left--;
      }
      return d;
    },
  };
}

/** A date computed for a deadline. */
export interface ComputedDate {
  date: string; // YYYY-MM-DD in Asia/Shanghai
  endOfDay: string; // ISO instant: a deadline on that date
  startOfWorkday: string; // ISO instant, 09:00 that day: when a working-day step fires
  unknownYear: number | null; // set when the official calendar for that year is not known: the date is an estimate
}

/** A duration in calendar days (自然日) or working days (工作日). */
export interface DayCount {
  amount: number;
  unit: 'calendar' | 'working';
}

/** Moves `n` working days from `date` (negative: backwards). */
export function shiftWorkingDays(calendar: WorkingCalendar, date: string, n: number): string {
  if (n >= 0) return calendar.addWorkingDays(date, n);
  let d = date;
  for (let left = -n; left > 0;) {
    d = addCalendarDays(d, -1);
    if (calendar.isWorkingDay(d)) left--;
  }
  return d;
}

/**
 * The dates `durations` after `from` (a Shanghai date) on `calendar`. A working-day count that reaches a year the
 * calendar does not know is estimated on weekends alone and flagged with `unknownYear`, never guessed silently.
 * Pure: the case workflow runs it on the years it loaded, the `computeDates` activity on the database's.
 */
export function computeDates(
  calendar: WorkingCalendar,
  from: string,
  durations: readonly DayCount[],
): ComputedDate[] {
  return durations.map((d) => {
    let date: string;
    let unknownYear: number | null = null;
    if (d.unit === 'calendar') {
      date = addCalendarDays(from, d.amount);
    } else {
      try {
        date = shiftWorkingDays(calendar, from, d.amount);
      } catch (err) {
        if (!(err instanceof UnknownCalendarYearError)) throw err;
        unknownYear = err.year;
        date = shiftWorkingDays(createWorkingCalendar(weekendOnlyYears(from, d.amount)), from, d.amount);
      }
    }
    return {
      date,
      endOfDay: endOfShanghaiDay(date),
      startOfWorkday: new Date(Date.parse(`${date}T09:00:00+08:00`)).toISOString(),
      unknownYear,
    };
  });
}

function weekendOnlyYears(from: string, amount: number): CalendarYear[] {
  const first = Number(from.slice(0, 4)) - 1;
  const span = Math.ceil(Math.abs(amount) / 200) + 2;
  return Array.from({ length: span * 2 }, (_, i) => ({
    year: first - span + i + 1,
    holidays: [],
    workdays: [],
  }));
}

/** Groups the package's flat date maps into years. */
export function yearsFromChineseDays(data: {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}): CalendarYear[] {
  const byYear = new Map<number, { holidays: string[]; workdays: string[] }>();
  const get = (d: string) => {
    const y = Number(d.slice(0, 4));
    let e = byYear.get(y);
    if (!e) byYear.set(y, (e = { holidays: [], workdays: [] }));
    return e;
  };
  Object.keys(data.holidays).forEach((d) => get(d).holidays.push(d));
  Object.keys(data.workdays).forEach((d) => get(d).workdays.push(d));
  return [...byYear.entries()].map(([year, e]) => ({ year, ...e }));
}
