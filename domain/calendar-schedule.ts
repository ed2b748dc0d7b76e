/**
 * A year's holiday schedule in the shape the State Council publishes it (国务院办公厅关于X年部分节假日安排的通知):
 * each holiday is a span of days off (放假调休，共N天) and the weekend days worked to make up for it (调休上班).
 * An administrator enters a year in this shape when the `chinese-days` package does not know it yet; the calendar
 * arithmetic (domain/calendar.ts) reads its flattening, `{ holidays, workdays }`.
 */
import { z } from 'zod';
import { addCalendarDays, type CalendarYear } from './calendar.js';
import { isoDate } from './dates.js';

/** The longest span of days off a holiday has had (春节、国庆 reach 8 or 9 days): longer is a typing slip. */
const MAX_SPAN_DAYS = 15;

export const holidaySpanSchema = z.object({
  name: z.string().trim().min(1, { error: '请填写节日名称' }).max(40).meta({ title: '节日' }),
  start: isoDate.meta({ title: '放假起始日' }),
  end: isoDate.meta({ title: '放假截止日' }),
  makeUpDays: z
    .array(isoDate)
    .max(5, { error: '调休上班日最多5天' })
    .default([])
    .meta({ title: '调休上班日', description: '因调休而上班的周六、周日' }),
});
export type HolidaySpan = z.infer<typeof holidaySpanSchema>;

const dayOfWeek = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
const isWeekend = (date: string) => dayOfWeek(date) === 0 || dayOfWeek(date) === 6;
const WEEKDAY = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** Every date from `start` to `end`, both included (empty when `end` is before `start`). */
export function datesBetween(start: string, end: string): string[] {
  const out: string[] = [];
  for (let d = start; d <= end && out.length <= 366; d = addCalendarDays(d, 1)) out.push(d);
  return out;
}

/**
 * The entry of one year. Checked as a whole: every date inside the year, a span's end not before its start and
 * no longer than {@link MAX_SPAN_DAYS} days, make-up days on weekends and outside every span, no two spans
 * overlapping, no make-up day twice. Each problem is reported at the field it concerns (`holidays.1.makeUpDays.0`).
 */
export const calendarYearInputSchema = z
  .object({
    year: z
      .number({ error: '请填写年份' })
      .int({ error: '年份应为整数' })
      .min(2000, { error: '年份不能早于2000年' })
      .max(2100, { error: '年份不能晚于2100年' })
      .meta({ title: '年份' }),
    source: z.string().trim().min(2, { error: '请填写依据（通知文号或名称）' }).max(200).meta({
      title: '依据',
      description: '例如：国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕X号）',
    }),
    holidays: z
      .array(holidaySpanSchema)
      .min(1, { error: '至少填写一个节假日' })
      .max(15, { error: '节假日最多15个' })
      .meta({ title: '节假日安排' }),
  })
  .superRefine((v, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    const inYear = (d: string) => Number(d.slice(0, 4)) === v.year;
    const taken = new Map<string, string>(); // date → the holiday whose span holds it
    v.holidays.forEach((h, i) => {
      for (const key of ['start', 'end'] as const)
        if (!inYear(h[key])) issue(['holidays', i, key], `${h[key]} 不在 ${v.year} 年内`);
      if (h.end < h.start) issue(['holidays', i, 'end'], '放假截止日不能早于起始日');
      const days = datesBetween(h.start, h.end);
      if (days.length > MAX_SPAN_DAYS) issue(['holidays', i, 'end'], `放假不能超过${MAX_SPAN_DAYS}天`);
      for (const d of days) {
        const other = taken.get(d);
        if (other !== undefined) {
          issue(['holidays', i, 'start'], `与“${other}”的放假日期重叠（${d}）`);
          break;
        }
      }
      days.forEach((d) => taken.set(d, h.name));
    });
    const made = new Set<string>();
    v.holidays.forEach((h, i) =>
      h.makeUpDays.forEach((d, j) => {
        const path = ['holidays', i, 'makeUpDays', j];
        if (!inYear(d)) issue(path, `${d} 不在 ${v.year} 年内`);
        else if (!isWeekend(d)) issue(path, `调休上班日应为周六或周日，${d} 是${WEEKDAY[dayOfWeek(d)]}`);
        else if (taken.has(d)) issue(path, `${d} 在“${taken.get(d)}”的放假期间内`);
        else if (made.has(d)) issue(path, `${d} 重复填写`);
        made.add(d);
      }),
    );
  });
export type CalendarYearInput = z.input<typeof calendarYearInputSchema>;
export type CalendarYearEntry = z.output<typeof calendarYearInputSchema>;

/** The flat year the calendar arithmetic reads: every day of every span off, every make-up day on. */
export function flattenSchedule(entry: Pick<CalendarYearEntry, 'year' | 'holidays'>): CalendarYear {
  return {
    year: entry.year,
    holidays: [...new Set(entry.holidays.flatMap((h) => datesBetween(h.start, h.end)))].sort(),
    workdays: [...new Set(entry.holidays.flatMap((h) => h.makeUpDays))].sort(),
  };
}

/**
 * The published shape of a year the `chinese-days` package knows: its dates grouped by holiday (the package names
 * each date's holiday, e.g. "Spring Festival,春节,4"), consecutive days off as one span.
 */
export function scheduleFromPackage(
  year: number,
  data: { holidays: Record<string, string>; workdays: Record<string, string> },
): HolidaySpan[] {
  const nameOf = (v: string) => v.split(',')[1] ?? v;
  const spans: HolidaySpan[] = [];
  for (const d of Object.keys(data.holidays)
    .filter((k) => k.startsWith(`${year}-`))
    .sort()) {
    const name = nameOf(data.holidays[d]!);
    const last = spans.at(-1);
    if (last && last.name === name && addCalendarDays(last.end, 1) === d) last.end = d;
    else spans.push({ name, start: d, end: d, makeUpDays: [] });
  }
  for (const d of Object.keys(data.workdays)
    .filter((k) => k.startsWith(`${year}-`))
    .sort()) {
    const name = nameOf(data.workdays[d]!);
    // The same holiday can have two spans in a year (元旦 in January, and the next 元旦 starting on 31 December):
    // a make-up day belongs to the nearest.
    const distance = (s: HolidaySpan) => Math.abs(Date.parse(s.start) - Date.parse(d));
    const named = spans.filter((s) => s.name === name).sort((a, b) => distance(a) - distance(b));
    (named[0] ?? spans.at(-1))?.makeUpDays.push(d);
  }
  return spans;
}

const NUMERAL_HEADING = /(?:^|\n|\s)[一二三四五六七八九十]+、/;

/**
 * Reads the State Council's notice as it is published ("二、春节：2月15日（农历腊月二十八）至23日（农历正月初七）放假
 * 调休，共9天。2月14日（周六）、2月28日（周六）上班。") into holiday spans, so an administrator can paste it and
 * check the result instead of typing each date. A span's end may omit the month (至23日) and either date may name
 * another year (2026年12月31日). What it cannot read is left out, and the form's checks still apply.
 */
export function parseHolidayNotice(text: string, year: number): HolidaySpan[] {
  const sections = text
    .replace(/\r/g, '')
    .split(NUMERAL_HEADING)
    .map((s) => s.trim())
    .filter((s) => /[：:]/.test(s) && /放假/.test(s));
  const date = (y: string | undefined, m: string, d: string) =>
    `${y ?? year}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const out: HolidaySpan[] = [];
  for (const section of sections) {
    const [head, ...rest] = section.split(/[：:]/);
    const body = rest.join('：');
    const name = head!.replace(/[\s\u3000]/g, '').trim();
    const span =
      /(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日(?:[（(][^）)]*[）)])?(?:至(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:[（(][^）)]*[）)])?)?\s*放假/.exec(
        body,
      );
    if (!span) continue;
    const [, y1, m1, d1, y2, m2, d2] = span;
    const start = date(y1, m1!, d1!);
    const end = d2 ? date(y2 ?? y1, m2 ?? m1!, d2) : start;
    const makeUpDays: string[] = [];
    // The sentences after the span that end in 上班 name the make-up days.
    for (const sentence of body.slice(span.index + span[0].length).split(/[。；;]/)) {
      if (!/上班/.test(sentence)) continue;
      for (const m of sentence.matchAll(/(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日/g))
        makeUpDays.push(date(m[1], m[2]!, m[3]!));
    }
    out.push({ name, start, end, makeUpDays });
  }
  return out;
}
