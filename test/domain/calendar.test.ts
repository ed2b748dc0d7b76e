import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import {
  UnknownCalendarYearError,
  createWorkingCalendar,
  endOfShanghaiDay,
  shanghaiDate,
  yearsFromChineseDays,
} from '../../domain/calendar.js';

const calendar = createWorkingCalendar(yearsFromChineseDays(chineseDays));

describe('working-day calendar (工作日 with 调休)', () => {
  it('knows the 2026 National Day holiday and its make-up working days', () => {
    expect(calendar.isWorkingDay('2026-09-30')).toBe(true);
    for (let d = 1; d <= 7; d++) expect(calendar.isWorkingDay(`2026-10-0${d}`)).toBe(false);
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true); // Saturday, make-up working day
    expect(calendar.isWorkingDay('2026-10-11')).toBe(false); // ordinary Sunday
    expect(calendar.isWorkingDay('2026-09-20')).toBe(true); // Sunday, make-up working day
  });

  it('counts working days across holidays and make-up days', () => {
    expect(calendar.addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
    expect(calendar.addWorkingDays('2026-09-30', 3)).toBe('2026-10-10');
    expect(calendar.addWorkingDays('2026-09-30', 5)).toBe('2026-10-13');
    expect(calendar.addWorkingDays('2026-10-03', 0)).toBe('2026-10-08'); // a holiday rolls to the next working day
  });

  it('flags a year nobody has published instead of guessing', () => {
    expect(() => calendar.isWorkingDay('2031-03-03')).toThrow(UnknownCalendarYearError);
    expect(() => calendar.addWorkingDays('2026-12-20', 20)).toThrow(/2027年的节假日安排尚未录入/);
  });

  it('takes a year an administrator enters', () => {
    const withAdded = createWorkingCalendar([
      ...yearsFromChineseDays(chineseDays),
      { year: 2027, holidays: ['2027-01-01'], workdays: [] },
    ]);
    expect(withAdded.isWorkingDay('2027-01-01')).toBe(false);
    expect(withAdded.addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
  });

  it('reads instants and deadlines in Asia/Shanghai', () => {
    expect(shanghaiDate('2026-09-30T16:30:00Z')).toBe('2026-10-01');
    expect(endOfShanghaiDay('2026-09-30')).toBe('2026-09-30T15:59:59.999Z');
  });
});
