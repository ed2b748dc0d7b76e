import { describe, expect, it } from 'vitest';
import { spreadHistory } from '../../scripts/seed/demo-cases.js';
import { mapTimes, timeMap } from '../../scripts/seed/legacy-case.js';

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
});
