import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { yearsFromChineseDays } from '../../domain/calendar.js';
import {
  calendarYearInputSchema,
  flattenSchedule,
  parseHolidayNotice,
  scheduleFromPackage,
  type CalendarYearInput,
} from '../../domain/calendar-schedule.js';

/** The 2026 schedule as the State Council published it (国办发明电〔2025〕7号). */
const y2026: CalendarYearInput = {
  year: 2026,
  source: '国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）',
  holidays: [
    { name: '元旦', start: '2026-01-01', end: '2026-01-03', makeUpDays: ['2026-01-04'] },
    { name: '春节', start: '2026-02-15', end: '2026-02-23', makeUpDays: ['2026-02-14', '2026-02-28'] },
    { name: '清明节', start: '2026-04-04', end: '2026-04-06' },
    { name: '劳动节', start: '2026-05-01', end: '2026-05-05', makeUpDays: ['2026-05-09'] },
    { name: '端午节', start: '2026-06-19', end: '2026-06-21' },
    { name: '中秋节', start: '2026-09-25', end: '2026-09-27' },
    { name: '国庆节', start: '2026-10-01', end: '2026-10-07', makeUpDays: ['2026-09-20', '2026-10-10'] },
  ],
};
const errorsOf = (input: unknown) => {
  const r = calendarYearInputSchema.safeParse(input);
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
};
const with2026 = (change: (h: CalendarYearInput['holidays']) => void): CalendarYearInput => {
  const holidays = structuredClone(y2026.holidays);
  change(holidays);
  return { ...y2026, holidays };
};

describe('a year entered as the State Council publishes it', () => {
  it('flattens to exactly the days the chinese-days package holds for that year', () => {
    const entry = calendarYearInputSchema.parse(y2026);
    const pkg = yearsFromChineseDays(chineseDays).find((y) => y.year === 2026)!;
    const flat = flattenSchedule(entry);
    expect(flat.holidays).toEqual([...pkg.holidays].sort());
    expect(flat.workdays).toEqual([...pkg.workdays].sort());
  });

  it("reads every year of the package back in the published shape, and that shape passes the administrator's checks", () => {
    for (const pkg of yearsFromChineseDays(chineseDays).filter((y) => y.year >= 2010)) {
      const spans = scheduleFromPackage(pkg.year, chineseDays);
      const flat = flattenSchedule({ year: pkg.year, holidays: spans });
      expect(flat.holidays, String(pkg.year)).toEqual([...pkg.holidays].sort());
      expect(flat.workdays, String(pkg.year)).toEqual([...pkg.workdays].sort());
      // Years whose 元旦 make-up day fell in the previous December are entered in that year: the rest pass as they are.
      const errs = errorsOf({ year: pkg.year, source: '软件包', holidays: spans });
      expect(
        Object.values(errs).every((m) => /不在 \d+ 年内/.test(m)),
        `${pkg.year}: ${JSON.stringify(errs)}`,
      ).toBe(true);
    }
  });

  it('refuses a date outside the year, naming the field', () => {
    expect(errorsOf(with2026((h) => (h[0]!.start = '2025-12-31')))).toEqual({
      'holidays.0.start': '2025-12-31 不在 2026 年内',
    });
    expect(errorsOf(with2026((h) => h[0]!.makeUpDays!.push('2027-01-02')))).toEqual({
      'holidays.0.makeUpDays.1': '2027-01-02 不在 2026 年内',
    });
  });

  it('refuses a make-up day that is not a weekend, or lies inside a holiday', () => {
    expect(errorsOf(with2026((h) => (h[1]!.makeUpDays = ['2026-02-13'])))).toEqual({
      'holidays.1.makeUpDays.0': '调休上班日应为周六或周日，2026-02-13 是周五',
    });
    expect(errorsOf(with2026((h) => (h[6]!.makeUpDays = ['2026-10-03'])))).toEqual({
      'holidays.6.makeUpDays.0': '2026-10-03 在“国庆节”的放假期间内',
    });
    expect(errorsOf(with2026((h) => (h[3]!.makeUpDays = ['2026-02-28'])))).toEqual({
      'holidays.3.makeUpDays.0': '2026-02-28 重复填写',
    });
  });

  it('refuses overlapping holidays, a span ending before it starts, and a span too long to be real', () => {
    expect(errorsOf(with2026((h) => (h[5]!.end = '2026-10-01')))).toMatchObject({
      'holidays.6.start': '与“中秋节”的放假日期重叠（2026-10-01）',
    });
    expect(errorsOf(with2026((h) => (h[2]!.end = '2026-04-01')))).toEqual({
      'holidays.2.end': '放假截止日不能早于起始日',
    });
    expect(errorsOf(with2026((h) => (h[4]!.end = '2026-07-21')))).toEqual({
      'holidays.4.end': '放假不能超过15天',
    });
  });

  it('refuses a malformed date and an empty schedule in Chinese', () => {
    expect(errorsOf(with2026((h) => (h[0]!.start = '2026-02-30')))).toMatchObject({
      'holidays.0.start': '日期无效：应为实际存在的日期（年-月-日，如 2027-02-28）',
    });
    expect(errorsOf({ ...y2026, holidays: [] })).toEqual({ holidays: '至少填写一个节假日' });
  });
});

describe("the State Council's notice pasted as text", () => {
  it('reads the 2026 notice into the same spans and make-up days', () => {
    const notice = `一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。`;
    const spans = parseHolidayNotice(notice, 2026);
    expect(spans).toEqual(calendarYearInputSchema.parse(y2026).holidays);
  });

  it('reads a span across months and a date in another year', () => {
    expect(
      parseHolidayNotice(
        '一、中秋节、国庆节：9月29日至10月6日放假调休，共8天。10月7日（周六）、10月8日（周日）上班。',
        2023,
      ),
    ).toEqual([
      {
        name: '中秋节、国庆节',
        start: '2023-09-29',
        end: '2023-10-06',
        makeUpDays: ['2023-10-07', '2023-10-08'],
      },
    ]);
    expect(parseHolidayNotice('一、元旦：2026年12月31日至2027年1月2日放假，共3天。', 2027)[0]).toMatchObject({
      start: '2026-12-31',
      end: '2027-01-02',
    });
  });
});
