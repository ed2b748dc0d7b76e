import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { commandSchemas } from '../../domain/command-schemas.js';
import { addCalendarDays } from '../../domain/calendar.js';
import { DATE_MESSAGE, DATE_RANGE_MESSAGE, isoDate } from '../../domain/dates.js';
import { rectifyInput } from '../../domain/hazards/schemas.js';

describe('the one date schema', () => {
  it('takes dates that exist and refuses the impossible with one Chinese message', () => {
    for (const d of ['2027-02-28', '2028-02-29', '2027-12-31', '2027-01-01'])
      expect([d, isoDate.safeParse(d).success]).toEqual([d, true]);
    for (const d of [
      '2027-02-31',
      '2027-00-00',
      '2027-02-29',
      '2027-13-01',
      '2027-04-31',
      '2027-1-1',
      '',
      20270101,
    ]) {
      const r = isoDate.safeParse(d);
      expect([d, r.success]).toEqual([d, false]);
      expect(r.error!.issues[0]!.message).toBe(DATE_MESSAGE);
    }
  });

  it('refuses a real date the product cannot mean (the fuzzer found a hazard in the year 202) with its own message', () => {
    for (const d of ['1900-01-01', '2099-12-31'])
      expect([d, isoDate.safeParse(d).success]).toEqual([d, true]);
    for (const d of ['0202-03-28', '0001-01-01', '1899-12-31', '2100-01-01', '9999-12-31']) {
      const r = isoDate.safeParse(d);
      expect([d, r.success]).toEqual([d, false]);
      expect(r.error!.issues[0]!.message).toBe(DATE_RANGE_MESSAGE);
    }
  });

  it('writes a year before 1000 with four digits, as the date it is', () => {
    expect(addCalendarDays('0202-03-28', 5)).toBe('0202-04-02');
    expect(addCalendarDays('2027-12-30', 3)).toBe('2028-01-02');
  });

  it('is the schema of every date field of every case command (format: date), so none lets 2027-02-31 through', () => {
    const dateNamed = /(On|Deadline|Limit|Date|From)$/;
    const found: string[] = [];
    for (const [name, schema] of Object.entries(commandSchemas())) {
      const json = z.toJSONSchema(schema as z.ZodType, { io: 'input', unrepresentable: 'any' });
      const walk = (node: unknown, path: string) => {
        if (!node || typeof node !== 'object') return;
        const n = node as {
          properties?: Record<string, unknown>;
          items?: unknown;
          anyOf?: unknown[];
          allOf?: unknown[];
        };
        for (const [key, child] of Object.entries(n.properties ?? {})) {
          if (dateNamed.test(key)) {
            found.push(`${name}.${path}${key}`);
            expect([`${name}.${path}${key}`, (child as { format?: string }).format]).toEqual([
              `${name}.${path}${key}`,
              'date',
            ]);
          }
          walk(child, `${path}${key}.`);
        }
        walk(n.items, path);
        for (const c of [...(n.anyOf ?? []), ...(n.allOf ?? [])]) walk(c, path);
      };
      walk(json, '');
    }
    // The dates a person gives on a case, each found and checked above.
    expect(found).toEqual(
      expect.arrayContaining([
        'listInput.rectificationDeadline',
        'submitPlanInput.timeLimit',
        'requestExtensionInput.newDeadline',
        'recordAcceptanceInput.heldOn',
        'confirmPublicationInput.publishedOn',
        'penaltyInput.decidedOn',
      ]),
    );
  });

  it('is the general-hazard ledger schema too', () => {
    expect(rectifyInput.shape.rectifiedOn).toBe(isoDate);
  });
});
