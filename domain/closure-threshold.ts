/**
 * 安全生产法 Art. 113 closure threshold (关闭情形): an enterprise with a major accident hazard that receives
 * administrative penalties (行政处罚) 3 or more times within 180 days, or 4 or more times within a year, is to be
 * closed (予以关闭). The product detects and flags it; the closure itself is the local government's decision.
 *
 * Pure date arithmetic on Asia/Shanghai calendar dates ('YYYY-MM-DD', the date on the 处罚决定书), shared by the
 * queries (db/queries/penalties.ts) and the console. See docs/adr/0007-closure-threshold.md for the edges.
 */
export const CLOSURE_THRESHOLD = {
  shortWindowDays: 180,
  shortWindowCount: 3,
  longWindowDays: 365,
  longWindowCount: 4,
} as const;

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const toDay = (date: string): number => {
  if (!DATE.test(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
};
const fromDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** `date` plus `days` calendar days (negative to go back). */
export function addDays(date: string, days: number): string {
  return fromDay(toDay(date) + days);
}

/** The Shanghai calendar date of an instant (China has no daylight saving time: UTC+8 all year). */
export function shanghaiDate(at: Date | number): string {
  return new Date(+at + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * The first date a window of `days` ending on `asOf` counts. Periods are counted as 民法典 Art. 201 counts them: the
 * starting day is not counted, so "within 180 days" of a penalty runs to the 180th day after it inclusive. Looking
 * back from `asOf`, a penalty decided exactly `days` days earlier is still inside; one `days + 1` earlier is not.
 */
export function windowStart(asOf: string, days: number): string {
  return addDays(asOf, -days);
}

/** Whether the counts in the two windows reach the threshold: ≥3 within 180 days or ≥4 within 365 days. */
export function thresholdReached(counts: { penalties180: number; penalties365: number }): boolean {
  return (
    counts.penalties180 >= CLOSURE_THRESHOLD.shortWindowCount ||
    counts.penalties365 >= CLOSURE_THRESHOLD.longWindowCount
  );
}

export interface ClosureThreshold {
  /** The date the windows end on (inclusive). */
  asOf: string;
  /** First dates counted by each window (inclusive). */
  from180: string;
  from365: string;
  penalties180: number;
  penalties365: number;
  reached: boolean;
}

/**
 * The threshold for penalties decided on `decidedOn` dates, as of `asOf`: the windows end on `asOf` inclusive, and
 * penalties dated after it do not count (looking at a past date shows the flag as it stood then).
 */
export function closureThreshold(decidedOn: readonly string[], asOf: string): ClosureThreshold {
  const end = toDay(asOf);
  const from180 = windowStart(asOf, CLOSURE_THRESHOLD.shortWindowDays);
  const from365 = windowStart(asOf, CLOSURE_THRESHOLD.longWindowDays);
  const s180 = toDay(from180);
  const s365 = toDay(from365);
  let penalties180 = 0;
  let penalties365 = 0;
  for (const d of decidedOn) {
    const day = toDay(d);
    if (day > end) continue;
    if (day >= s180) penalties180 += 1;
    if (day >= s365) penalties365 += 1;
  }
  const counts = { penalties180, penalties365 };
  return { asOf, from180, from365, ...counts, reached: thresholdReached(counts) };
}
