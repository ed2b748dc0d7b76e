/**
 * Duty policy (一般隐患与排查职责): the numbers the general-hazard ledger and the duties that feed it run on, as data,
 * versioned per jurisdiction like the case policy (table duty_policies; the most specific region's latest version
 * in force on a date wins, else DEFAULT_DUTY_POLICY). Grades set frequencies here (差异化监管): the risk colour
 * sets how often a grid member patrols a unit, the management level how often it is inspected and how often it
 * self-reports.
 *
 * Defaults are drawn from the seed documents: every unit patrolled every 15 days (seed 000); monthly inspection
 * coverage raised from 5 % to 10 % (seed 000); 日管控、周排查、月调度 (seed 001); a month's self-report (seed 004).
 */
import { z } from 'zod';
import { durationSchema, type Duration } from '../policy.js';
import { computeDates, type WorkingCalendar } from '../calendar.js';
import { isoDate } from '../dates.js';

export const riskColours = ['red', 'orange', 'yellow', 'blue', 'unassessed'] as const; // 红 橙 黄 蓝 未评定
export type RiskColour = (typeof riskColours)[number];
export const managementLevels = ['A', 'B', 'C', 'D', 'unassessed'] as const; // A–D, 未评定
export type ManagementLevel = (typeof managementLevels)[number];
export const selfReportPeriods = ['month', 'half_month'] as const; // 每月 / 每半月
export type SelfReportPeriod = (typeof selfReportPeriods)[number];

const perColour = <T extends z.ZodType>(t: T) =>
  z.object({ red: t, orange: t, yellow: t, blue: t, unassessed: t });
const perLevel = <T extends z.ZodType>(t: T) => z.object({ A: t, B: t, C: t, D: t, unassessed: t });

export const dutyPolicySchema = z.object({
  name: z.string().min(1).max(100),
  hazard: z.object({
    /** 整改期限: the deadline a reported general hazard gets when the reporter names none. */
    rectifyWithin: durationSchema,
    /** The longest deadline a reporter may name (a supervisor's 责令限期整改 included). */
    maxRectify: durationSchema,
    /** 及时上报: a hazard entered more than this after it was found counts as reported late. */
    reportWithin: durationSchema,
    /** Yellow light this many calendar days before the deadline (亮黄灯). */
    yellowDays: z.number().int().min(0).max(60),
    /** The new deadline of a hazard reopened by a failed spot check, when the supervisor names none. */
    reopenRectifyWithin: durationSchema,
  }),
  selfReport: z.object({
    /** 自查自报 period by management level (a D-level unit reports twice a month by default). */
    periodByLevel: perLevel(z.enum(selfReportPeriods)),
    /** Due this long after the period ends (e.g. 5 working days into the next month). */
    dueAfter: durationSchema,
    /** 长期零报告: this many consecutive periods with no hazard reported flags the unit as silent. */
    silentPeriods: z.number().int().min(1).max(24),
    /** 隐患明显偏少: fewer than this share of its industry's average (in the jurisdiction) flags under-reporting. */
    underReportRatio: z.number().min(0).max(1),
    /** Under-reporting is judged only where the industry averages at least this many hazards a period. */
    minIndustryAverage: z.number().min(0),
  }),
  patrol: z.object({
    /** 网格巡查: a unit is patrolled at least every N calendar days, by risk colour. */
    everyDaysByColour: perColour(z.number().int().min(1).max(366)),
  }),
  inspection: z.object({
    /** 监督检查: a unit is due an inspection at least every N months, by management level (drawn first). */
    everyMonthsByLevel: perLevel(z.number().int().min(1).max(60)),
    /** Monthly coverage target (% of the plan's population) when a plan names none (seed 000: 10 %). */
    coverageTargetPct: z.number().min(0).max(100),
  }),
});
export type DutyPolicy = z.infer<typeof dutyPolicySchema>;

const cal = (amount: number): Duration => ({ amount, unit: 'calendar' });
const wd = (amount: number): Duration => ({ amount, unit: 'working' });

export const DEFAULT_DUTY_POLICY: DutyPolicy = {
  name: '默认一般隐患与排查职责（据洪山、泉州、许昌公开文件）',
  hazard: {
    rectifyWithin: cal(7),
    maxRectify: cal(90),
    reportWithin: wd(1),
    yellowDays: 2,
    reopenRectifyWithin: cal(7),
  },
  selfReport: {
    periodByLevel: { A: 'month', B: 'month', C: 'month', D: 'half_month', unassessed: 'month' },
    dueAfter: wd(5),
    silentPeriods: 3,
    underReportRatio: 0.3,
    minIndustryAverage: 1,
  },
  patrol: { everyDaysByColour: { red: 7, orange: 10, yellow: 15, blue: 15, unassessed: 15 } },
  inspection: {
    everyMonthsByLevel: { A: 12, B: 6, C: 3, D: 1, unassessed: 6 },
    coverageTargetPct: 10,
  },
};

/** The date `d` after `from` on the working-day calendar (an unknown year is estimated on weekends, as for cases). */
export function dateAfter(calendar: WorkingCalendar, from: string, d: Duration): string {
  return computeDates(calendar, from, [d])[0]!.date;
}

/** The deadline of a hazard found on `foundOn` (the reporter's own, when given, is checked against maxRectify). */
export function hazardDeadline(
  calendar: WorkingCalendar,
  policy: DutyPolicy,
  foundOn: string,
): { deadline: string; latest: string } {
  return {
    deadline: dateAfter(calendar, foundOn, policy.hazard.rectifyWithin),
    latest: dateAfter(calendar, foundOn, policy.hazard.maxRectify),
  };
}

/**
 * A duty policy as an administrator writes it: the schema above, plus the order 差异化监管 means ("the lower the
 * grade, the closer the watch"): a red unit is patrolled at least as often as an orange one, and so on down to
 * blue; a D-level unit inspected at least as often as a C-level one, up to A. A policy that watches the safer units
 * more closely is a slip of the keyboard, refused naming the field that breaks the order.
 */
export const dutyPolicyBodySchema = dutyPolicySchema.superRefine((p, ctx) => {
  const colours = ['red', 'orange', 'yellow', 'blue'] as const;
  const label = { red: '红色', orange: '橙色', yellow: '黄色', blue: '蓝色' } as const;
  for (let i = 1; i < colours.length; i++) {
    const hi = colours[i - 1]!;
    const lo = colours[i]!;
    if (p.patrol.everyDaysByColour[hi] > p.patrol.everyDaysByColour[lo])
      ctx.addIssue({
        code: 'custom',
        path: ['patrol', 'everyDaysByColour', hi],
        message: `${label[hi]}风险单位的巡查间隔不能长于${label[lo]}（${p.patrol.everyDaysByColour[lo]}天）`,
      });
  }
  const levels = ['D', 'C', 'B', 'A'] as const;
  for (let i = 1; i < levels.length; i++) {
    const lower = levels[i - 1]!;
    const upper = levels[i]!;
    if (p.inspection.everyMonthsByLevel[lower] > p.inspection.everyMonthsByLevel[upper])
      ctx.addIssue({
        code: 'custom',
        path: ['inspection', 'everyMonthsByLevel', lower],
        message: `${lower}级单位的检查间隔不能长于${upper}级（${p.inspection.everyMonthsByLevel[upper]}个月）`,
      });
  }
});

/** POST /duty-policies: a new version for a region subtree from its effective date (today or later). */
export const dutyPolicyInput = z.object({
  regionCode: z.string().regex(/^\d{6,12}$/, { error: '行政区划代码应为6至12位数字' }),
  effectiveFrom: isoDate,
  body: dutyPolicyBodySchema,
});
export type DutyPolicyInput = z.infer<typeof dutyPolicyInput>;

/**
 * The leaves that differ between two policies, as dotted paths with their values before and after (a duration is one
 * leaf). The API audits a new version with them; the console shows each version's changes the same way.
 */
export function dutyPolicyChanges(
  before: DutyPolicy,
  after: DutyPolicy,
): Array<{ path: string; before: unknown; after: unknown }> {
  const out: Array<{ path: string; before: unknown; after: unknown }> = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (a && b && typeof a === 'object' && typeof b === 'object' && !('amount' in a)) {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)]))
        walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
    } else if (JSON.stringify(a) !== JSON.stringify(b))
      out.push({ path, before: a ?? null, after: b ?? null });
  };
  walk(before, after, '');
  return out;
}
