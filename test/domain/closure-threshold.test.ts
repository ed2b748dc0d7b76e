import { describe, expect, it } from 'vitest';
import {
  addDays,
  closureThreshold,
  shanghaiDate,
  thresholdReached,
  windowStart,
} from '../../domain/closure-threshold.js';
import { penaltyInput, recordEscalationOutcomeInput } from '../../domain/commands.js';

const AS_OF = '2026-06-30';

describe('安全生产法 Art. 113 closure threshold', () => {
  it('is reached by three penalties within 180 days, not by two', () => {
    expect(closureThreshold(['2026-06-30', '2026-05-01', '2026-02-01'], AS_OF)).toMatchObject({
      penalties180: 3,
      penalties365: 3,
      reached: true,
    });
    expect(closureThreshold(['2026-06-30', '2026-05-01'], AS_OF).reached).toBe(false);
  });

  it('is reached by four penalties within a year even when at most two fall within 180 days', () => {
    const dates = ['2026-06-01', '2026-03-01', '2025-11-01', '2025-08-01'];
    expect(closureThreshold(dates, AS_OF)).toMatchObject({ penalties180: 2, penalties365: 4, reached: true });
    expect(closureThreshold(dates.slice(0, 3), AS_OF).reached).toBe(false);
  });

  it('counts a penalty decided exactly 180 days before, not one 181 days before (民法典 Art. 201)', () => {
    expect(windowStart(AS_OF, 180)).toBe('2026-01-01');
    const two = ['2026-06-30', '2026-04-01'];
    expect(closureThreshold([...two, '2026-01-01'], AS_OF)).toMatchObject({ penalties180: 3, reached: true });
    expect(closureThreshold([...two, '2025-12-31'], AS_OF)).toMatchObject({
      penalties180: 2,
      reached: false,
    });
  });

  it('counts a penalty decided exactly 365 days before, not one 366 days before', () => {
    expect(windowStart(AS_OF, 365)).toBe('2025-06-30');
    const three = ['2026-06-01', '2026-01-15', '2025-10-01'];
    expect(closureThreshold([...three, '2025-06-30'], AS_OF)).toMatchObject({
      penalties365: 4,
      reached: true,
    });
    expect(closureThreshold([...three, '2025-06-29'], AS_OF)).toMatchObject({
      penalties365: 3,
      reached: false,
    });
  });

  it('counts calendar days across a leap day and a year end', () => {
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(windowStart('2028-06-30', 180)).toBe('2028-01-02');
    expect(windowStart('2027-01-01', 1)).toBe('2026-12-31');
  });

  it('does not count penalties decided after the date it is judged on', () => {
    const dates = ['2026-07-01', '2026-06-30', '2026-06-01'];
    expect(closureThreshold(dates, AS_OF)).toMatchObject({ penalties180: 2, reached: false });
    expect(closureThreshold(dates, '2026-07-01').reached).toBe(true);
  });

  it('clears once the penalties age out of both windows', () => {
    const dates = ['2026-01-10', '2026-01-20', '2026-02-01'];
    // The oldest penalty (2026-01-10) leaves the 180-day window 181 days after it.
    expect(closureThreshold(dates, '2026-07-09').reached).toBe(true);
    expect(closureThreshold(dates, '2026-07-10')).toMatchObject({ penalties180: 2, reached: false });
  });

  it('takes the threshold numbers from one place', () => {
    expect(thresholdReached({ penalties180: 3, penalties365: 3 })).toBe(true);
    expect(thresholdReached({ penalties180: 2, penalties365: 4 })).toBe(true);
    expect(thresholdReached({ penalties180: 2, penalties365: 3 })).toBe(false);
  });

  it('dates an instant in Asia/Shanghai', () => {
    expect(shanghaiDate(Date.parse('2026-06-30T16:00:00Z'))).toBe('2026-07-01');
    expect(shanghaiDate(Date.parse('2026-06-30T15:59:59Z'))).toBe('2026-06-30');
  });
});

describe('the penalty of an escalation outcome', () => {
  const today = shanghaiDate(Date.now());
  const fine = { kind: 'fine', decidedOn: today, decisionNo: '（洪）应急罚〔2026〕12号', amountYuan: 50000 };

  it('accepts a fine decided today and an outcome without a penalty', () => {
    expect(penaltyInput.safeParse(fine).success).toBe(true);
    expect(
      recordEscalationOutcomeInput.safeParse({ escalationId: 'e1', outcome: '已移送执法' }).success,
    ).toBe(true);
  });

  it('refuses a decision date in the future, a fine without an amount, a negative amount, no 文号', () => {
    const msg = (v: unknown) => penaltyInput.safeParse(v).error?.issues.map((i) => `${i.path}:${i.message}`);
    expect(msg({ ...fine, decidedOn: addDays(today, 1) })).toEqual(['decidedOn:处罚决定日期不能晚于今天']);
    expect(msg({ ...fine, amountYuan: undefined })).toEqual(['amountYuan:罚款须填写罚款金额']);
    expect(msg({ ...fine, amountYuan: -1 })).toEqual(['amountYuan:罚款金额不能小于0']);
    expect(msg({ ...fine, decisionNo: ' ' })).toEqual(['decisionNo:处罚决定书文号不能为空']);
    expect(msg({ kind: 'suspension', decidedOn: today, decisionNo: '停产整顿决定' })).toBeUndefined();
  });
});
