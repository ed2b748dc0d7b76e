import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWorkingCalendar, yearsFromChineseDays } from '../../domain/calendar.js';
import { DEFAULT_POLICY, casePolicySchema } from '../../domain/policy.js';
import {
  diffPolicies,
  policyDraftSchema,
  policyFields,
  policyLeaves,
  previewDeadlines,
  type PolicyField,
} from '../../domain/policy-authoring.js';

const calendar = createWorkingCalendar(yearsFromChineseDays(chineseDays));
const all = (fields: PolicyField[]): PolicyField[] =>
  fields.flatMap((f) => [
    f,
    ...(f.kind === 'group' ? all(f.fields) : f.kind === 'list' ? all([f.item]) : []),
  ]);

describe('the policy form model, read from the schema', () => {
  it('labels every field of the policy in Chinese (a field added without a title fails here)', () => {
    const fields = all(policyFields());
    for (const f of fields) expect(f.title, f.key).toMatch(/[\u4e00-\u9fa5]/);
    for (const f of fields.filter((x) => x.kind === 'enum'))
      for (const o of f.options) expect(o.label, `${f.key}.${o.value}`).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('has one leaf per value of the default policy, each a field the form renders', () => {
    const leaves = policyLeaves(DEFAULT_POLICY);
    expect(leaves.find((l) => l.id === 'escalation.interview.after')?.labels).toEqual([
      '逾期升级阶梯',
      '第3级（约谈）',
      '逾期后启动',
    ]);
    // + the supervisory ladder's three rungs, + the 停表 decision limit
    expect(leaves.filter((l) => l.field.kind === 'duration')).toHaveLength(33);
    expect(leaves.find((l) => l.id === 'suspension.maxWorkingDays')?.labels).toEqual([
      '停表',
      '单次停表上限（工作日）',
    ]);
    expect(casePolicySchema.parse(DEFAULT_POLICY)).toEqual(DEFAULT_POLICY);
    expect(policyDraftSchema.safeParse(DEFAULT_POLICY).success).toBe(true);
  });
});

describe('diff against the overridden policy', () => {
  it('is empty for the same policy, and names a removed rung once', () => {
    expect(diffPolicies(DEFAULT_POLICY, structuredClone(DEFAULT_POLICY))).toEqual([]);
    const shorter = structuredClone(DEFAULT_POLICY);
    shorter.escalation = shorter.escalation.filter((r) => r.step !== 'public_notice');
    expect(diffPolicies(DEFAULT_POLICY, shorter)).toEqual([
      {
        path: 'escalation.public_notice',
        label: '逾期升级阶梯 / 通报/曝光',
        before: '逾期后启动10个工作日，办理时限5个工作日',
        after: '—',
      },
    ]);
  });
});

describe('preview of a case listed today', () => {
  it('dates every duration from its anchor, rungs in rising order, on the official calendar', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 700 }), (offset) => {
        const listedOn = new Date(Date.UTC(2025, 0, 1 + offset)).toISOString().slice(0, 10);
        const rows = previewDeadlines(DEFAULT_POLICY, calendar, listedOn);
        const deadline = rows.find((r) => r.path === 'maxRectification')!.date;
        const rungs = rows.filter((r) => /^escalation\.\d+\.after$/.test(r.path)).map((r) => r.date);
        expect([...rungs].sort()).toEqual(rungs);
        expect(rungs[0]).toBe(deadline); // 预警 on the day the deadline is missed
        for (const r of rows.filter((x) => x.from === '整改期限届满前'))
          expect(r.date <= deadline).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('counts working days over the National Day holiday', () => {
    const rows = previewDeadlines(DEFAULT_POLICY, calendar, '2026-09-30');
    expect(rows.find((r) => r.path === 'planWithin')).toMatchObject({
      date: '2026-10-20',
      estimatedYear: null,
    });
  });
});
