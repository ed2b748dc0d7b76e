/**
 * Scoring schemes (绩效考核办法) as data, versioned per jurisdiction like deadline policies (table score_schemes; the
 * most specific region's latest version in force on the month's first day wins, else DEFAULT_SCORE_SCHEME). A scheme
 * names indicators from the fixed catalogue (domain/scores/indicators.ts) per kind of unit, each with a weight and a
 * points rule from a closed set of shapes: no code, no formulas, so what an administrator saves cannot do anything but
 * weigh the catalogue's indicators.
 *
 * Points of an item = weight × share, share in [0, 1] from its rule; a unit's total is the sum of its items' points,
 * each rounded to 2 decimals first, so the bulletin's columns add up to the total it prints.
 */
import { z } from 'zod';
import { indicatorCodes, indicators, type IndicatorCode } from './indicators.js';
import { monthSchema } from './month.js';

/** The kinds of unit a scheme scores, each with its own list of indicators (Hebei 2015: 8 / 8 / 3 / 5). */
export const schemeSections = [
  'territory', // 属地（市、区、街道）
  'industry_department', // 行业主管部门
  'specialised_department', // 专业部门（消防、特种设备等，不按行业监管）
  'grid', // 网格
  'enterprise', // 企业
] as const;
export type SchemeSection = (typeof schemeSections)[number];
export const sectionLabels: Record<SchemeSection, string> = {
  territory: '属地政府（区、街道）',
  industry_department: '行业主管部门',
  specialised_department: '专业部门',
  grid: '网格',
  enterprise: '企业',
};

const ratio = (title: string) =>
  z
    .number({ error: `${title}须为数字` })
    .min(-1_000_000)
    .max(1_000_000)
    .meta({ title });

/**
 * How an indicator's value turns into a share of its weight:
 * - linear: 0 at `floor`, full at `target`, straight in between (a lower-is-better value has floor > target);
 * - bands: the share of the highest band whose `from` the value reaches (a step table, e.g. ≥98 % full, ≥95 % 0.8);
 * - deduct: the weight less `per` points for each unit of the value (逾期一条扣1分), never below 0.
 */
export const pointsRuleSchema = z.discriminatedUnion(
  'kind',
  [
    z
      .object({
        kind: z.literal('linear'),
        floor: ratio('零分值'),
        target: ratio('满分值（目标值）'),
      })
      .refine((r) => r.floor !== r.target, { error: '零分值与满分值不能相同', path: ['target'] }),
    z.object({
      kind: z.literal('bands'),
      bands: z
        .array(
          z.object({
            from: ratio('起点值'),
            share: z
              .number({ error: '得分比例须为数字' })
              .min(0, { error: '得分比例不能小于0' })
              .max(1, { error: '得分比例不能大于1' })
              .meta({ title: '得分比例' }),
          }),
        )
        .min(1, { error: '至少一档' })
        .max(10, { error: '最多10档' }),
    }),
    z.object({
      kind: z.literal('deduct'),
      per: z
        .number({ error: '每单位扣分须为数字' })
        .positive({ error: '每单位扣分须大于0' })
        .max(100)
        .meta({ title: '每单位扣分' }),
    }),
  ],
  { error: '计分方式应为 linear、bands 或 deduct' },
);
export type PointsRule = z.infer<typeof pointsRuleSchema>;
export const ruleKindLabels: Record<PointsRule['kind'], string> = {
  linear: '按比例计分',
  bands: '分档计分',
  deduct: '扣分制',
};

export const schemeItemSchema = z.object({
  indicator: z.enum(indicatorCodes as [IndicatorCode, ...IndicatorCode[]], { error: '指标不在指标库中' }),
  /** 分值. 0: shown in the explanation and the bulletin, no points (参考指标). */
  weight: z
    .number({ error: '分值须为数字' })
    .min(0, { error: '分值不能为负数' })
    .max(100, { error: '分值不能超过100' })
    .meta({ title: '分值' }),
  rule: pointsRuleSchema.optional(),
  /** Nothing to measure (no hazard due, no enterprise lit red): full points, or none. */
  whenEmpty: z
    .enum(['full', 'zero'], { error: '无数据时应为 full 或 zero' })
    .default('full')
    .meta({ title: '无考核对象时', labels: { full: '得满分', zero: '不得分' } }),
});
export type SchemeItem = z.infer<typeof schemeItemSchema>;

const section = (s: SchemeSection) =>
  z
    .array(schemeItemSchema)
    .min(1, { error: `${sectionLabels[s]}至少一项指标` })
    .max(30)
    .superRefine((items, ctx) => {
      const seen = new Set<string>();
      items.forEach((it, i) => {
        if (seen.has(it.indicator))
          ctx.addIssue({ code: 'custom', path: [i, 'indicator'], message: '同一指标不能重复' });
        seen.add(it.indicator);
        if (it.weight > 0 && !it.rule)
          ctx.addIssue({ code: 'custom', path: [i, 'rule'], message: '有分值的指标须有计分方式' });
      });
      const total = items.reduce((s, it) => s + it.weight, 0);
      if (Math.abs(total - 100) > 1e-9)
        ctx.addIssue({
          code: 'custom',
          path: [],
          message: `${sectionLabels[s]}各项分值合计应为100分，现为${Math.round(total * 100) / 100}分`,
        });
    })
    .meta({ title: sectionLabels[s] });

export const scoreSchemeSchema = z
  .object({
    name: z
      .string({ error: '请填写名称' })
      .trim()
      .min(1, { error: '请填写名称' })
      .max(100, { error: '名称不能超过100个字' }),
    sections: z.object({
      territory: section('territory'),
      industry_department: section('industry_department'),
      specialised_department: section('specialised_department'),
      grid: section('grid'),
      enterprise: section('enterprise'),
    }),
    /** Units (not enterprises) under this many points are flagged: 取消当年安全生产评优资格 (seed 000: 80). */
    awardBar: z
      .number({ error: '评优分数线须为数字' })
      .min(0, { error: '评优分数线不能小于0' })
      .max(100, { error: '评优分数线不能大于100' })
      .meta({ title: '评优分数线' }),
    /** Enterprise classes by points, highest first; the last one is followed up (四类水平: under 70, seed 000). */
    classes: z
      .array(
        z.object({
          name: z.string().trim().min(1, { error: '请填写类别名称' }).max(20),
          from: z.number().min(0).max(100),
        }),
      )
      .min(2, { error: '至少两个类别' })
      .max(8)
      .superRefine((cs, ctx) => {
        for (let i = 1; i < cs.length; i++)
          if (cs[i]!.from >= cs[i - 1]!.from)
            ctx.addIssue({ code: 'custom', path: [i, 'from'], message: '类别应按分数从高到低排列' });
        if (cs.at(-1)!.from !== 0)
          ctx.addIssue({ code: 'custom', path: [cs.length - 1, 'from'], message: '最后一类的起点应为0分' });
      })
      .meta({ title: '企业绩效类别' }),
    /** A follow-up task for each enterprise of the last class is due this many days after publication. */
    followUpWithinDays: z
      .number({ error: '督促跟进期限须为数字' })
      .int({ error: '督促跟进期限应为整数天' })
      .min(1, { error: '督促跟进期限至少1天' })
      .max(90, { error: '督促跟进期限不能超过90天' })
      .meta({ title: '四类水平企业督促跟进期限（天）' }),
  })
  .meta({ title: '绩效考核方案' });
export type ScoreScheme = z.infer<typeof scoreSchemeSchema>;
export type ScoreSchemeInput = z.input<typeof scoreSchemeSchema>;

const item = (
  indicator: IndicatorCode,
  weight: number,
  rule?: PointsRule,
  whenEmpty: 'full' | 'zero' = 'full',
): SchemeItem => ({ indicator, weight, ...(rule ? { rule } : {}), whenEmpty });
const rate = (floor = 0, target = 1): PointsRule => ({ kind: 'linear', floor, target });

/**
 * Territories and industry departments: Hebei 2015's eight (清单管理, 企业纳入系统, 数据完整, 按时上报, 上报数量,
 * 按期整改, 红灯企业查处, 其他企业抽查), seed 000's own (监督检查覆盖率 against its 10 % target, 按时自查自报,
 * 四类水平占比), and the major hazards (按期整改, 逾期, 升级督办). 月隐患均数 is scored against the provincial average of
 * 6.0 (seed 000: 3.38 scored 5.59 of 10 in June). The rest are shown without points.
 */
const territory: SchemeItem[] = [
  item('checklist_compiled', 10, rate(0.6, 1)),
  item('enterprise_online', 5, rate(0.6, 1)),
  item('data_complete', 5, rate(0.6, 1)),
  item('reported_on_time', 10, rate(0.6, 1)),
  item('hazards_per_enterprise', 10, rate(0, 6)),
  item('rectified_on_time', 15, rate(0.6, 1)),
  item('red_followed', 10, rate(0, 1)),
  item('spot_checked', 5, rate(0, 0.05)),
  item('inspection_coverage', 5, rate(0, 0.1)),
  item('self_report_on_time', 5, rate(0.5, 1)),
  item('fourth_class_share', 5, rate(0.2, 0)),
  item('major_on_time', 5, rate(0, 1)),
  item('major_overdue', 5, { kind: 'deduct', per: 1 }),
  item('major_escalated', 5, { kind: 'deduct', per: 1 }),
  item('checklist_accepted', 0),
  item('rectification_rate', 0),
  item('overdue_open', 0),
  item('patrol_coverage', 0),
  item('major_listed', 0),
  item('major_closed', 0),
];

export const DEFAULT_SCORE_SCHEME: ScoreScheme = {
  name: '默认绩效考核办法（据冀安委〔2015〕4号及洪山区“两个全覆盖”通报）',
  sections: {
    territory,
    industry_department: territory,
    // Hebei: specialised departments (消防、特种设备…) are scored on three: 按期整改, 红灯企业查处, 抽查 — over the
    // hazards their own inspections found and the inspections their plans owed.
    specialised_department: [
      item('rectified_on_time', 40, rate(0.6, 1)),
      item('red_followed', 30, rate(0, 1)),
      item('plan_completion', 30, rate(0, 1)),
    ],
    // Grids: the patrol every 15 days (seed 000) weighs most; what the patrols and the units report next.
    grid: [
      item('patrol_coverage', 40, rate(0, 1)),
      item('hazards_per_enterprise', 20, rate(0, 6)),
      item('rectified_on_time', 20, rate(0.6, 1)),
      item('reported_on_time', 20, rate(0.6, 1)),
      item('overdue_open', 0),
    ],
    // Enterprises: Hebei's five (清单管理, 数据完整, 按时上报, 按期整改, 上报数量).
    enterprise: [
      item('checklist_compiled', 20, rate(0, 1)),
      item('data_complete', 20, rate(0, 1)),
      item('reported_on_time', 20, rate(0, 1)),
      item('rectified_on_time', 20, rate(0, 1)),
      item('hazards_per_enterprise', 20, rate(0, 6)),
      item('overdue_open', 0),
      item('major_overdue', 0),
    ],
  },
  awardBar: 80,
  classes: [
    { name: '一类', from: 90 },
    { name: '二类', from: 80 },
    { name: '三类', from: 70 },
    { name: '四类', from: 0 },
  ],
  followUpWithinDays: 15,
};

const round2 = (x: number) => Math.round((x + Number.EPSILON) * 100) / 100;
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** The share of its weight (0–1) a value earns under a rule. */
export function shareOf(rule: PointsRule, value: number, weight: number): number {
  switch (rule.kind) {
    case 'linear':
      return clamp01((value - rule.floor) / (rule.target - rule.floor));
    case 'bands': {
      let best: { from: number; share: number } | undefined;
      for (const b of rule.bands) if (value >= b.from && (!best || b.from > best.from)) best = b;
      return best?.share ?? 0;
    }
    case 'deduct':
      return weight > 0 ? clamp01((weight - rule.per * value) / weight) : 0;
  }
}

/** An item's points for a value (`null`: nothing to measure), rounded to 2 decimals. */
export function pointsOf(it: SchemeItem, value: number | null): number {
  if (it.weight === 0 || !it.rule) return 0;
  if (value === null) return it.whenEmpty === 'full' ? it.weight : 0;
  return round2(it.weight * shareOf(it.rule, value, it.weight));
}
export { round2 };

/** The class of an enterprise's total (classes are ordered from the highest `from`, the last from 0). */
export function classOf(scheme: Pick<ScoreScheme, 'classes'>, total: number): string {
  return (scheme.classes.find((c) => total >= c.from) ?? scheme.classes.at(-1)!).name;
}
export const followUpClass = (scheme: Pick<ScoreScheme, 'classes'>): string => scheme.classes.at(-1)!.name;

/** A sentence describing an item's rule, for the explanation and the scheme page. */
export function describeRule(it: SchemeItem): string {
  const spec = indicators[it.indicator];
  const fmt = (v: number) => (spec.kind === 'rate' ? `${round2(v * 100)}%` : String(round2(v)));
  if (it.weight === 0 || !it.rule) return '参考指标，不计分';
  const empty = it.whenEmpty === 'full' ? '无考核对象时得满分' : '无考核对象时不得分';
  switch (it.rule.kind) {
    case 'linear':
      return `${fmt(it.rule.target)}得满分${it.weight}分，${fmt(it.rule.floor)}不得分，其间按比例计分；${empty}`;
    case 'bands':
      return `${[...it.rule.bands]
        .sort((a, b) => b.from - a.from)
        .map((b) => `达到${fmt(b.from)}得${round2(b.share * it.weight)}分`)
        .join('，')}；${empty}`;
    case 'deduct':
      return `满分${it.weight}分，每${spec.kind === 'count' ? '一项' : '一个单位'}扣${it.rule.per}分，扣完为止`;
  }
}

/** A new version of a region's scheme, from a month on (POST /scores/schemes and the console's form). */
export const schemeInputSchema = z.object({
  regionCode: z
    .string({ error: '请选择适用区域' })
    .regex(/^\d{6,12}$/, { error: '请选择适用区域' })
    .meta({ title: '适用区域' }),
  effectiveFrom: monthSchema.meta({ title: '起始考核月份' }),
  note: z.string().trim().max(500, { error: '说明不能超过500个字' }).nullish().meta({ title: '制定说明' }),
  body: scoreSchemeSchema,
});
export type SchemeInput = z.input<typeof schemeInputSchema>;

/** One difference between the scheme in force and a new version, in words (the form's comparison and the audit). */
export interface SchemeChange {
  where: string;
  before: string;
  after: string;
}

/** What a new version changes against the scheme it replaces: the bar, the classes, and each section's items. */
export function diffSchemes(before: ScoreScheme, after: ScoreScheme): SchemeChange[] {
  const out: SchemeChange[] = [];
  const push = (where: string, b: string, a: string) => {
    if (b !== a) out.push({ where, before: b, after: a });
  };
  push('名称', before.name, after.name);
  push('评优分数线', String(before.awardBar), String(after.awardBar));
  push('四类水平企业督促跟进期限（天）', String(before.followUpWithinDays), String(after.followUpWithinDays));
  const classes = (s: ScoreScheme) => s.classes.map((c) => `${c.name}≥${c.from}`).join('、');
  push('企业绩效类别', classes(before), classes(after));
  const text = (it: SchemeItem | undefined) => (it ? `${it.weight}分：${describeRule(it)}` : '（无此指标）');
  for (const s of schemeSections) {
    const b = new Map(before.sections[s].map((it) => [it.indicator, it]));
    const a = new Map(after.sections[s].map((it) => [it.indicator, it]));
    for (const code of new Set([...b.keys(), ...a.keys()]))
      push(`${sectionLabels[s]} · ${indicators[code].name}`, text(b.get(code)), text(a.get(code)));
  }
  return out;
}
