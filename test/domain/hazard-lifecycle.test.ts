import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCalendarDays, createWorkingCalendar } from '../../domain/calendar.js';
import {
  allowedHazardActions,
  decide,
  lightOf,
  refuse,
  type DecideContext,
  type HazardState,
} from '../../domain/hazards/lifecycle.js';
import { DEFAULT_DUTY_POLICY, dutyPolicySchema, hazardDeadline } from '../../domain/hazards/policy.js';
import { reportHazardInput, spotCheckInput } from '../../domain/hazards/schemas.js';

const ENT = '11111111-1111-4111-8111-111111111111';
const open: HazardState = {
  status: 'open',
  enterpriseId: ENT,
  deadline: '2026-05-10',
  light: 'green',
  reopenCount: 0,
  spotCheck: null,
};
const ctx: DecideContext = {
  today: '2026-05-08',
  now: '2026-05-08T02:00:00.000Z',
  yellowDays: 2,
  reopenDeadline: '2026-05-15',
};
const enterprise = { id: 'u1', role: 'enterprise' as const, enterpriseId: ENT };
const supervisor = { id: 'u2', role: 'supervisor' as const };
const photos = { rectifiedOn: '2026-05-08', measures: '更换灭火器', documentIds: ['d1'] };

describe('light (亮灯)', () => {
  it('is green while the deadline is far, yellow when near, red from the day after it', () => {
    expect(lightOf(open, '2026-05-07', 2)).toBe('green');
    expect(lightOf(open, '2026-05-08', 2)).toBe('yellow');
    expect(lightOf(open, '2026-05-10', 2)).toBe('yellow'); // the deadline itself is still in time
    expect(lightOf(open, '2026-05-11', 2)).toBe('red');
    expect(lightOf({ ...open, status: 'closed' }, '2026-06-01', 2)).toBe('none');
  });

  it('only ever gets worse as the days pass while the hazard stays open', () => {
    const rank = { green: 0, yellow: 1, red: 2, none: -1 } as const;
    fc.assert(
      fc.property(
        fc.integer({ min: -40, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        fc.nat(10),
        (d, t, y) => {
          const deadline = addCalendarDays('2026-05-10', d);
          const a = lightOf({ status: 'open', deadline }, addCalendarDays('2026-05-01', t), y);
          const b = lightOf({ status: 'open', deadline }, addCalendarDays('2026-05-01', t + 1), y);
          return rank[b] >= rank[a];
        },
      ),
    );
  });
});

describe('the rules table', () => {
  it('lets the enterprise close its own hazard with after-photos, on time when done by the deadline', () => {
    expect(refuse('rectify', open, enterprise, photos, ctx)).toBeUndefined();
    const d = decide('rectify', open, enterprise, photos, ctx);
    expect(d.patch).toMatchObject({
      status: 'closed',
      light: 'none',
      onTime: true,
      rectifiedOn: '2026-05-08',
    });
    expect(d.event.type).toBe('rectified');
    const late = decide('rectify', { ...open, deadline: '2026-05-01' }, enterprise, photos, ctx);
    expect(late.patch.onTime).toBe(false);
  });

  it('refuses a rectification without photos, in the future, of another enterprise, or twice', () => {
    expect(refuse('rectify', open, enterprise, { ...photos, documentIds: [] }, ctx)).toMatchObject({
      code: 'VALIDATION',
      field: 'documentIds',
    });
    expect(refuse('rectify', open, enterprise, { ...photos, rectifiedOn: '2026-05-09' }, ctx)).toMatchObject({
      field: 'rectifiedOn',
    });
    expect(refuse('rectify', { ...open, enterpriseId: 'other' }, enterprise, photos, ctx)?.code).toBe(
      'FORBIDDEN',
    );
    expect(refuse('rectify', { ...open, status: 'closed' }, enterprise, photos, ctx)?.code).toBe(
      'INVALID_TRANSITION',
    );
  });

  it('reopens a closed hazard on a failed spot check with the policy deadline, and keeps it closed on a pass', () => {
    const closed = { ...open, status: 'closed' as const, light: 'none' as const };
    expect(refuse('spotCheck', closed, enterprise, { result: 'passed', note: 'x' }, ctx)?.code).toBe(
      'FORBIDDEN',
    );
    expect(refuse('spotCheck', open, supervisor, { result: 'passed', note: 'x' }, ctx)?.code).toBe(
      'INVALID_TRANSITION',
    );
    expect(decide('spotCheck', closed, supervisor, { result: 'passed', note: '合格' }, ctx).patch).toEqual({
      spotCheck: 'passed',
      spotCheckedAt: ctx.now,
    });
    const failed = decide('spotCheck', closed, supervisor, { result: 'failed', note: '仍未整改' }, ctx);
    expect(failed.patch).toMatchObject({
      status: 'reopened',
      deadline: '2026-05-15',
      light: 'green',
      reopenCount: 1,
      spotCheck: 'failed',
    });
  });

  it('offers each role exactly the commands it may issue in the state', () => {
    expect(allowedHazardActions(open, { role: 'enterprise', enterpriseId: ENT })).toEqual(['rectify']);
    expect(allowedHazardActions(open, { role: 'enterprise', enterpriseId: 'x' })).toEqual([]);
    expect(allowedHazardActions(open, { role: 'supervisor', enterpriseId: null })).toEqual([
      'rectify',
      'followUp',
      'cancel',
    ]);
    expect(
      allowedHazardActions({ ...open, status: 'closed' }, { role: 'supervisor', enterpriseId: null }),
    ).toEqual(['spotCheck']);
    expect(allowedHazardActions(open, { role: 'grid_member', enterpriseId: null })).toEqual([]);
  });
});

describe('duty policy and inputs', () => {
  it('gives a deadline from the policy, counting working days on the official calendar', () => {
    const cal = createWorkingCalendar([
      { year: 2026, holidays: ['2026-05-01', '2026-05-04', '2026-05-05'], workdays: ['2026-05-09'] },
    ]);
    expect(hazardDeadline(cal, DEFAULT_DUTY_POLICY, '2026-04-30')).toEqual({
      deadline: '2026-05-07',
      latest: '2026-07-29',
    });
    const wd = {
      ...DEFAULT_DUTY_POLICY,
      hazard: { ...DEFAULT_DUTY_POLICY.hazard, rectifyWithin: { amount: 3, unit: 'working' as const } },
    };
    // 30 Apr + 3 working days skips the 1–5 May holiday: 6, 7, 8 May.
    expect(hazardDeadline(cal, wd, '2026-04-30').deadline).toBe('2026-05-08');
    expect(dutyPolicySchema.safeParse(DEFAULT_DUTY_POLICY).success).toBe(true);
  });

  it('names the field and the reason in Chinese', () => {
    const r = reportHazardInput.safeParse({
      enterpriseId: ENT,
      source: 'self_inspection',
      description: '灭火器过期',
      foundOn: '2026-02-30',
      lat: 30.5,
    });
    expect(r.success).toBe(false);
    const byField = Object.fromEntries(r.error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(byField.foundOn).toBe('日期无效：应为实际存在的日期（年-月-日，如 2027-02-28）');
    expect(
      spotCheckInput.safeParse({ result: 'passed', note: 'x', newDeadline: '2026-06-01' }).error?.issues[0]
        ?.message,
    ).toBe('抽查合格不需要新的整改期限');
  });
});
