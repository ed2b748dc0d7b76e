import { describe, expect, it } from 'vitest';
import { spreadHistory } from '../../scripts/seed/demo-cases.js';
import { isWorkingDayOrWeekday, mapTimes, onWorkingDay, timeMap } from '../../scripts/seed/legacy-case.js';
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { createWorkingCalendar, shanghaiDate, yearsFromChineseDays } from '../../domain/calendar.js';

/** The time arithmetic of the legacy-case import: how a rehearsed history is moved to when it happened. */
describe('legacy case time map', () => {
  const t = (iso: string) => Date.parse(iso);
  // Three events a second apart today, wanted 100, 60 and 10 days ago.
  const actual = [
    t('2026-11-23T03:00:00.000Z'),
    t('2026-11-23T03:00:01.000Z'),
    t('2026-11-23T03:00:02.000Z'),
  ];
  const wanted = [
    t('2026-08-15T01:00:00.000Z'),
    t('2026-09-24T02:00:00.000Z'),
    t('2026-11-13T06:00:00.000Z'),
  ];
  const f = timeMap(actual, wanted);

  it('moves each event to its wanted instant, and what lies between or after with the event before it', () => {
    expect(actual.map(f)).toEqual(wanted);
    // Between the second and the third event (a second apart in the rehearsal): with the second.
    expect(f(actual[1]! + 500)).toBe(wanted[1]! + 500);
    // A running deadline 90 days after the last command keeps its distance from it.
    expect(f(actual[2]! + 90 * 86_400_000) - wanted[2]!).toBe(90 * 86_400_000);
    // Before the first event (the reported instant set just before the run started): with the first.
    expect(f(actual[0]! - 5)).toBe(wanted[0]! - 5);
    // Long before the rehearsal: given as historic by the caller, left alone.
    expect(f(t('2026-09-01T04:00:00.000Z'))).toBe(t('2026-09-01T04:00:00.000Z'));
  });

  it('refuses times that do not increase or do not match the events', () => {
    expect(() => timeMap(actual, [wanted[0]!, wanted[0]!, wanted[2]!])).toThrow(/increase/);
    expect(() => timeMap(actual, wanted.slice(1))).toThrow(/3 events, 2 times/);
  });

  it('moves every ISO instant and Shanghai date inside a record, and nothing else', () => {
    const moved = mapTimes(
      {
        occurredAt: '2026-11-23T03:00:01.000Z',
        view: { deadline: '2026-12-07T15:59:59.999Z', details: { plan: { timeLimit: '2027-02-11' } } },
        payload: { reference: '洪安办〔2026〕20号', publishedOn: '2026-11-23', count: 3, flag: null },
        heldOn: '2026-09-01',
        list: ['2026-11-23T03:00:02.000Z', 'text'],
      },
      f,
    );
    expect(moved).toEqual({
      occurredAt: '2026-09-24T02:00:00.000Z',
      view: { deadline: '2026-11-27T18:59:57.999Z', details: { plan: { timeLimit: '2027-02-01' } } },
      payload: { reference: '洪安办〔2026〕20号', publishedOn: '2026-11-13', count: 3, flag: null },
      list: ['2026-11-13T06:00:00.000Z', 'text'],
      heldOn: '2026-09-01',
    });
  });

  it('spreads a history over working hours from discovery to the last command, always increasing', () => {
    const now = t('2026-11-23T04:00:00.000Z');
    const times = spreadHistory(9, 170, 100, now);
    expect(times).toHaveLength(9);
    for (let i = 1; i < times.length; i++)
      expect(times[i]!.getTime()).toBeGreaterThan(times[i - 1]!.getTime());
    const daysAgo = (d: Date) => Math.round((now - d.getTime()) / 86_400_000);
    expect(daysAgo(times[0]!)).toBeGreaterThanOrEqual(169);
    expect(daysAgo(times.at(-1)!)).toBeLessThanOrEqual(101);
    // Working hours in Shanghai.
    for (const d of times) {
      const hour = new Date(d.getTime() + 8 * 3_600_000).getUTCHours();
      expect(hour).toBeGreaterThanOrEqual(9);
      expect(hour).toBeLessThan(17);
    }
    // A case handled today never lands in the future.
    expect(spreadHistory(3, 0, 0, now).every((d) => d.getTime() < now)).toBe(true);
  });

  const calendar = createWorkingCalendar(yearsFromChineseDays(chineseDays));

  it('with the official calendar: working days only, at many times of the day', () => {
    // Monday 2026-10-12: histories of 40 days cross the National Day holiday (10-01 to 10-07) and its weekends.
    const now = t('2026-10-12T04:00:00.000Z');
    const reports = Array.from({ length: 30 }, (_, seed) => spreadHistory(9, 40, 1, now, { calendar, seed }));
    for (const times of reports) {
      for (let i = 1; i < times.length; i++)
        expect(times[i]!.getTime()).toBeGreaterThan(times[i - 1]!.getTime());
      for (const d of times) expect(calendar.isWorkingDay(shanghaiDate(d)), d.toISOString()).toBe(true);
      expect(times.every((d) => d.getTime() < now)).toBe(true);
    }
    // The first event of each (the report): thirty cases, not one minute of the day.
    const minutes = reports.map(([first]) => first!.toISOString().slice(11, 16));
    expect(new Set(minutes).size).toBeGreaterThanOrEqual(25);
    expect(minutes.some((m) => m === '00:59')).toBe(false); // 08:59 Shanghai, the old seed's every report
  });

  it('moves an instant on a day off to the next working day at the same time of day', () => {
    // Sunday 2026-11-22 23:59:59.999 Shanghai → Monday 2026-11-23.
    expect(new Date(onWorkingDay(calendar, t('2026-11-22T15:59:59.999Z'))).toISOString()).toBe(
      '2026-11-23T15:59:59.999Z',
    );
    // National Day 2026-10-03 → 2026-10-08, the first working day after the holiday.
    expect(shanghaiDate(new Date(onWorkingDay(calendar, t('2026-10-03T02:00:00.000Z'))))).toBe('2026-10-08');
    // A working day stays.
    expect(onWorkingDay(calendar, t('2026-11-23T02:00:00.000Z'))).toBe(t('2026-11-23T02:00:00.000Z'));
    // A year the calendar does not know yet: weekends alone.
    expect(isWorkingDayOrWeekday(calendar, '2031-03-08')).toBe(false);
    expect(isWorkingDayOrWeekday(calendar, '2031-03-10')).toBe(true);
  });
});
