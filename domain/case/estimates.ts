/**
 * Estimated deadlines (期限按周末规则估算): a working-day count that reaches a year whose holidays are not entered is
 * computed on weekends alone (domain/calendar.ts). The case keeps each such computation — where it started, what it
 * counted, what it gave — so that when an administrator enters the year the same computation can be redone on the
 * official calendar and every date it produced moved (domain/case/recompute.ts). Pure.
 */
import type { ComputedDate } from '../calendar.js';
import type { Duration } from '../policy.js';
import type { CaseState } from './model.js';

/** One computation that was estimated: `duration` from the Shanghai date `from` gave `date`, in an unknown `year`. */
export interface EstimatedDate {
  from: string;
  duration: Duration;
  year: number;
  date: string;
  endOfDay: string;
  startOfWorkday: string;
}

/** Past this many, the oldest estimates are forgotten (a case computes a handful of dates per step). */
const KEEP = 64;

/** The sentence every reader of an estimated case sees (kept for the console and older readers). */
export const estimateWarning = (years: readonly number[]): string =>
  `日历缺少${years.join('、')}年节假日安排，相关期限按周末规则估算，待管理员补录后以正式日历为准`;

/** Records the estimated dates among `out` (`durations` from `from`) on the state, with the years they need. */
export function noteEstimates(
  s: CaseState,
  from: string,
  durations: readonly Duration[],
  out: readonly ComputedDate[],
): void {
  const estimated = out.flatMap((d, i) =>
    d.unknownYear === null
      ? []
      : [
          {
            from,
            duration: durations[i]!,
            year: d.unknownYear,
            date: d.date,
            endOfDay: d.endOfDay,
            startOfWorkday: d.startOfWorkday,
          },
        ],
  );
  if (estimated.length === 0) return;
  const same = (a: EstimatedDate, b: EstimatedDate) =>
    a.from === b.from && a.duration.amount === b.duration.amount && a.duration.unit === b.duration.unit;
  const kept = (s.estimates ?? []).filter((e) => !estimated.some((n) => same(e, n)));
  s.estimates = [...kept, ...estimated].slice(-KEEP);
  markEstimates(s, [...new Set(out.flatMap((d) => (d.unknownYear === null ? [] : [d.unknownYear])))]);
}

/** Adds `years` to the case's estimate mark. */
function markEstimates(s: CaseState, years: readonly number[]): void {
  setEstimateYears(s, [...(s.view.details.calendarEstimate?.years ?? []), ...years]);
}

/**
 * Sets the case's estimate mark to exactly `years`: the years (`details.calendarEstimate.years`, what the
 * administrator's task list counts) and the sentence. No years removes both: no deadline is an estimate any more.
 */
export function setEstimateYears(s: CaseState, years: readonly number[]): void {
  const all = [...new Set(years)].sort((a, b) => a - b);
  if (all.length === 0) {
    delete s.view.details.calendarEstimate;
    delete s.view.details.calendarWarning;
    return;
  }
  s.view.details.calendarEstimate = { years: all };
  s.view.details.calendarWarning = estimateWarning(all);
}
