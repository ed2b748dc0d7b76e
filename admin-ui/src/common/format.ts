/**
 * The console's one way of writing dates, numbers of cases and the like. Every date is Asia/Shanghai's, whatever
 * the browser's zone, written yyyy-MM-dd (a date) or yyyy-MM-dd HH:mm (a moment): the way Chinese government forms
 * write them, in both languages. Deadlines are dates, never seconds.
 */

/** 案件编号 as people quote it: ZD-000004. */
export const caseNo = (n: number | string | null | undefined): string =>
  n === null || n === undefined || n === '' ? '—' : `ZD-${String(n).padStart(6, '0')}`;

// Building an Intl formatter costs far more than using one: a list page formats hundreds of dates.
const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;

function pieces(value: string | number | Date): Record<string, string> | undefined {
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return undefined;
  return Object.fromEntries(parts.formatToParts(d).map((p) => [p.type, p.value]));
}

/** yyyy-MM-dd in Asia/Shanghai; a plain date ('2026-03-05') is shown as it is; nothing is '—'. */
export function formatDate(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string' && PLAIN_DATE.test(value)) return value;
  const p = pieces(value);
  return p ? `${p.year}-${p.month}-${p.day}` : String(value);
}

/** yyyy-MM-dd HH:mm in Asia/Shanghai (a plain date stays a date). */
export function formatDateTime(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string' && PLAIN_DATE.test(value)) return value;
  const p = pieces(value);
  return p ? `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}` : String(value);
}

/** Today's date in Asia/Shanghai, yyyy-MM-dd (the bound of "not in the past" checks). */
export const todayShanghai = (now = Date.now()): string => formatDate(now);

/** Whole Shanghai calendar days from today to `date` (negative once passed). */
export function daysUntil(date: string, now = Date.now()): number {
  const DAY = 86_400_000;
  const dayOf = (ms: number) => Math.floor((ms + 8 * 3_600_000) / DAY); // Asia/Shanghai has no DST
  const target = PLAIN_DATE.test(date) ? Date.parse(`${date}T00:00:00+08:00`) : new Date(date).getTime();
  return dayOf(target) - dayOf(now);
}
