/**
 * The scored month (考核月份), 'YYYY-MM', and the instants that bound it. Every fact is counted "as of the month's
 * end": what happened from the first day 00:00 up to, not including, the next month's first day 00:00, Asia/Shanghai.
 * Recomputing a past month therefore gives the same figures unless a record dated inside it changed since (a hazard
 * cancelled as entered by mistake, a late correction), which is exactly what the recomputation's diff shows.
 */
import { z } from 'zod';
import { shanghaiDate } from '../calendar.js';

export const monthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: '月份格式应为 yyyy-MM' })
  // Scores count records of the product's own years; a month like 0000-01 is a typo, not a month to compute (and
  // Date.UTC reads years 0–99 as 1900–1999).
  .refine((m) => m >= '2000-01', { error: '月份不能早于2000-01' })
  .meta({ title: '考核月份' });
export type Month = string;

const pad = (n: number) => String(n).padStart(2, '0');

export interface MonthBounds {
  month: Month;
  /** First and last calendar day. */
  first: string;
  last: string;
  /** The first day of the next month: the cutoff date. */
  next: string;
  /** Instants: the month's start and its cutoff (the next month's start), ISO with the +08:00 midnight. */
  start: string;
  cutoff: string;
  /** The previous month (whose self-report periods are judged in this one). */
  previous: Month;
  /** Its first and last day. */
  previousFirst: string;
  previousLast: string;
}

export function monthBounds(month: Month): MonthBounds {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const [ny, nm] = m === 12 ? [y + 1, 1] : [y, m + 1];
  const [py, pm] = m === 1 ? [y - 1, 12] : [y, m - 1];
  const prevLastDay = new Date(Date.UTC(py, pm, 0)).getUTCDate();
  const first = `${y}-${pad(m)}-01`;
  const next = `${ny}-${pad(nm)}-01`;
  return {
    month,
    first,
    last: `${y}-${pad(m)}-${pad(lastDay)}`,
    next,
    start: new Date(Date.parse(`${first}T00:00:00+08:00`)).toISOString(),
    cutoff: new Date(Date.parse(`${next}T00:00:00+08:00`)).toISOString(),
    previous: `${py}-${pad(pm)}`,
    previousFirst: `${py}-${pad(pm)}-01`,
    previousLast: `${py}-${pad(pm)}-${pad(prevLastDay)}`,
  };
}

export const previousMonth = (month: Month): Month => monthBounds(month).previous;
export const monthOf = (instant: Date | string): Month => shanghaiDate(instant).slice(0, 7);

/** The `n` months ending with `month`, oldest first (a trend). */
export function monthsEndingWith(month: Month, n: number): Month[] {
  const out = [month];
  while (out.length < n) out.unshift(previousMonth(out[0]!));
  return out;
}

/** 2026-03 → 2026年3月 (the bulletin's period). */
export const chineseMonth = (month: Month): string => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
