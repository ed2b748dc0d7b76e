/**
 * 自查自报: the periods an enterprise reports for, their due dates, and which period the sweep judges on a day. Pure
 * date arithmetic on Asia/Shanghai calendar dates; the flags themselves are one SQL statement per jurisdiction
 * (db/queries/self-reports.ts), because they compare each unit with its industry's average.
 */
import { addCalendarDays, type WorkingCalendar } from '../calendar.js';
import { dateAfter, type DutyPolicy, type ManagementLevel, type SelfReportPeriod } from './policy.js';

export interface Period {
  kind: SelfReportPeriod;
  start: string; // first day
  end: string; // last day
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOfMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate(); // m: 1–12

/** The period of `kind` that contains `date`: a calendar month, or its 1st–15th / 16th–last half. */
export function periodOf(date: string, kind: SelfReportPeriod): Period {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  const ym = `${y}-${pad(m)}`;
  const last = `${ym}-${pad(lastDayOfMonth(y, m))}`;
  if (kind === 'month') return { kind, start: `${ym}-01`, end: last };
  return d <= 15 ? { kind, start: `${ym}-01`, end: `${ym}-15` } : { kind, start: `${ym}-16`, end: last };
}

export const previousPeriod = (p: Period): Period => periodOf(addCalendarDays(p.start, -1), p.kind);
export const nextPeriod = (p: Period): Period => periodOf(addCalendarDays(p.end, 1), p.kind);

/** The last day to submit a period's report. */
export function dueOn(calendar: WorkingCalendar, policy: DutyPolicy, p: Period): string {
  return dateAfter(calendar, p.end, policy.selfReport.dueAfter);
}

export const periodKindOf = (policy: DutyPolicy, level: ManagementLevel): SelfReportPeriod =>
  policy.selfReport.periodByLevel[level];

/**
 * The period the sweep judges on `today`: the latest one whose due date has passed (due < today). Judging is
 * idempotent (one flag per enterprise, period and kind), so a sweep that runs late, or twice, flags the same.
 */
export function periodToJudge(
  calendar: WorkingCalendar,
  policy: DutyPolicy,
  kind: SelfReportPeriod,
  today: string,
): Period {
  let p = previousPeriod(periodOf(today, kind));
  while (dueOn(calendar, policy, p) >= today) p = previousPeriod(p);
  return p;
}

/** The first day of the `n` periods ending with `p` (the silence window). */
export function windowStart(p: Period, n: number): string {
  let q = p;
  for (let i = 1; i < n; i++) q = previousPeriod(q);
  return q.start;
}

/** The period an enterprise is asked to report now: the latest one that has ended (reports come after the period). */
export function periodToReport(kind: SelfReportPeriod, today: string): Period {
  return previousPeriod(periodOf(today, kind));
}
