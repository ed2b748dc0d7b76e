/**
 * The indicator catalogue (绩效考核指标库): every indicator a scoring scheme may use, fixed in code. A scheme
 * (domain/scores/scheme.ts) is data that names indicators from here with weights, targets and a points rule; it can
 * hold no code, so an administrator can change the weights without changing what an indicator means.
 *
 * Every indicator is a ratio (or a count) of two **facts**. A fact is a number counted per enterprise for the month
 * (db/queries/score-facts.ts holds the one SQL predicate of each, used by the monthly computation and by the
 * drill-down lists alike), and a unit's fact is the sum over the enterprises it answers for. So a district's 清单编制率
 * is Σ checklist / Σ active over its operating enterprises, and the drill-down of that indicator lists exactly those
 * enterprises, each marked counted or not.
 *
 * Only operating enterprises are counted: suspended and closed ones stay out of every average (seed 000: 700 of
 * 3,952 enterprises suspended were dragging the district's 月隐患均数 down).
 */

/** The facts counted per enterprise (or per major-hazard case) for a month; a unit's fact is their sum. */
export const factKeys = [
  'active', // 在营企业 (the population of every average)
  'checklist', // 已编制隐患排查清单 (submitted or accepted by the month's end)
  'checklistAccepted', // 清单已验收
  'online', // 已入网：企业账号开通并绑定手机
  'dataComplete', // 企业基础信息完整 (一企一档 required fields and both grades)
  'reported', // 本月上报一般隐患 (not cancelled)
  'reportedInTime', // …of which reported in time (及时上报)
  'rectified', // …of which rectified by the month's end
  'due', // 本月到期一般隐患 (deadline in the month)
  'dueOnTime', // …of which rectified by the deadline (按期整改)
  'overdueOpen', // 月末逾期未整改一般隐患
  'redLit', // 本月亮红灯企业 (a hazard of its was overdue on some day of the month)
  'redFollowed', // …of which followed up (跟进督办/查处) in the month
  'notRed', // 未亮红灯企业 (the "other" enterprises of the spot checks)
  'otherChecked', // …of which spot-checked or inspected in the month (抽查)
  'inspected', // 本月接受监督检查的企业
  'selfReportsDue', // 应报自查自报期数 (the periods of the previous month)
  'selfReportsOnTime', // …of which reported on time
  'inGrid', // 纳入网格的企业
  'patrolled', // …of which patrolled in the month (网格巡查)
  'planned', // 检查计划本月应检企业 (specialised departments' plans)
  'planDone', // …of which inspected
  'majorListed', // 本月挂牌重大事故隐患
  'majorClosed', // 本月销号重大事故隐患
  'majorClosedOnTime', // …of which never overdue (按期整改)
  'majorOverdue', // 月末逾期未整改重大事故隐患
  'majorEscalated', // 本月升级督办事项 (rungs from 督办函 up)
  'scored', // 参与评分企业
  'fourthClass', // …of which in the follow-up class (四类水平, under 70 points)
] as const;
export type FactKey = (typeof factKeys)[number];
export type Facts = Record<FactKey, number>;

export const emptyFacts = (): Facts => Object.fromEntries(factKeys.map((k) => [k, 0])) as Facts;

/** What an indicator's drill-down lists: the records its facts count. */
export const countedRecords = [
  'enterprises',
  'hazards',
  'self_reports',
  'cases',
  'escalations',
  'inspections',
] as const;
export type CountedRecords = (typeof countedRecords)[number];

export interface IndicatorSpec {
  /** 指标名称, as the bulletin prints it. */
  name: string;
  /** How it is counted, in one sentence a 安委办 reader understands. */
  description: string;
  numerator: FactKey;
  /** Absent: the indicator is the count itself (e.g. 逾期未整改数). */
  denominator?: FactKey;
  /** rate: a share shown as %; average: a number per unit of the denominator; count: a number of records. */
  kind: 'rate' | 'average' | 'count';
  /** Whether a higher value is better (the bulletin's arrows and the points rules' direction follow it). */
  better: 'higher' | 'lower';
  counts: CountedRecords;
  /** Where the definition comes from (DOMAIN.md "Scores (public anchors)"). */
  source: string;
}

const HEBEI = '冀安委〔2015〕4号（河北省隐患排查治理体系绩效考核）';
const SEED000 = '洪山区安委办2017年上半年“两个全覆盖”通报';

export const indicators = {
  checklist_compiled: {
    name: '隐患清单编制率',
    description: '在营企业中已编制（已提交或已验收）隐患排查清单的比例',
    numerator: 'checklist',
    denominator: 'active',
    kind: 'rate',
    better: 'higher',
    counts: 'enterprises',
    source: `${HEBEI}“清单管理完成率”；${SEED000}“清单编制率98.52%”`,
  },
  checklist_accepted: {
    name: '隐患清单验收率',
    description: '在营企业中隐患排查清单已经监管部门验收的比例',
    numerator: 'checklistAccepted',
    denominator: 'active',
    kind: 'rate',
    better: 'higher',
    counts: 'enterprises',
    source: `${SEED000}“107家企业编制的隐患清单未验收”`,
  },
  enterprise_online: {
    name: '企业入网率',
    description: '在营企业中已开通系统账号并绑定手机的比例',
    numerator: 'online',
    denominator: 'active',
    kind: 'rate',
    better: 'higher',
    counts: 'enterprises',
    source: `${HEBEI}“企业纳入系统比例”；${SEED000}“手机未绑定”`,
  },
  data_complete: {
    name: '企业信息完整率',
    description:
      '在营企业中一企一档必填信息（地址、主要负责人及电话、安全管理人员及电话、风险等级、管理等级）齐全的比例',
    numerator: 'dataComplete',
    denominator: 'active',
    kind: 'rate',
    better: 'higher',
    counts: 'enterprises',
    source: `${HEBEI}“企业数据完整度”`,
  },
  reported_on_time: {
    name: '隐患及时上报率',
    description: '本月上报的一般隐患中，在发现后规定时限内录入的比例',
    numerator: 'reportedInTime',
    denominator: 'reported',
    kind: 'rate',
    better: 'higher',
    counts: 'hazards',
    source: `${HEBEI}“隐患按时上报”`,
  },
  hazards_per_enterprise: {
    name: '月隐患均数',
    description: '本月上报的一般隐患数除以在营企业数（停产、注销企业不计）',
    numerator: 'reported',
    denominator: 'active',
    kind: 'average',
    better: 'higher',
    counts: 'hazards',
    source: `${HEBEI}“隐患上报数量”；${SEED000}“全省月隐患均数6.0，我区3.38”`,
  },
  rectification_rate: {
    name: '隐患整改率',
    description: '本月上报的一般隐患中，月末前已整改销号的比例',
    numerator: 'rectified',
    denominator: 'reported',
    kind: 'rate',
    better: 'higher',
    counts: 'hazards',
    source: `${SEED000}“排查一般隐患68265条，整改68258条，整改率99.99%”`,
  },
  rectified_on_time: {
    name: '隐患按期整改率',
    description: '整改期限在本月的一般隐患中，在期限内完成整改的比例',
    numerator: 'dueOnTime',
    denominator: 'due',
    kind: 'rate',
    better: 'higher',
    counts: 'hazards',
    source: `${HEBEI}“隐患按期整改”`,
  },
  overdue_open: {
    name: '逾期未整改隐患数',
    description: '月末已过整改期限仍未整改的一般隐患条数',
    numerator: 'overdueOpen',
    kind: 'count',
    better: 'lower',
    counts: 'hazards',
    source: `${SEED000}“对平台预警逾期数据做到每天清零”`,
  },
  red_followed: {
    name: '红灯企业查处率',
    description: '本月有隐患亮红灯（逾期）的企业中，本月已跟进督办或查处的比例',
    numerator: 'redFollowed',
    denominator: 'redLit',
    kind: 'rate',
    better: 'higher',
    counts: 'enterprises',
    source: `${HEBEI}“亮红灯企业查处”`,
  },
  spot_checked: {
    name: '其他企业抽查率',
    description: '本月未亮红灯的在营企业中，本月被抽查隐患整改或接受监督检查的比例',
    numerator: 'otherChecked',
    denominator: 'notRed',
    kind: 'rate',
    better: 'higher',
    counts: 'enterprises',
    source: `${HEBEI}“其他企业抽查”`,
  },
  inspection_coverage: {
    name: '监督检查覆盖率',
    description: '在营企业中本月接受监督检查（已完成检查记录）的比例',
    numerator: 'inspected',
    denominator: 'active',
    kind: 'rate',
    better: 'higher',
    counts: 'enterprises',
    source: `${SEED000}“检查覆盖率由每月5%提高至10%”`,
  },
  self_report_on_time: {
    name: '按时自查自报率',
    description: '上月各自查自报期中，企业在截止日前报送（含“未发现隐患”）的比例',
    numerator: 'selfReportsOnTime',
    denominator: 'selfReportsDue',
    kind: 'rate',
    better: 'higher',
    counts: 'self_reports',
    source: `${SEED000}“企业自查自报自销的频率太低”`,
  },
  patrol_coverage: {
    name: '网格巡查覆盖率',
    description: '纳入网格的在营企业中，本月已有网格员巡查记录的比例',
    numerator: 'patrolled',
    denominator: 'inGrid',
    kind: 'rate',
    better: 'higher',
    counts: 'enterprises',
    source: `${SEED000}“网格员每15天对管属生产经营单位全覆盖”`,
  },
  plan_completion: {
    name: '抽查计划完成率',
    description: '本部门检查计划本月应检的企业中，已完成检查的比例',
    numerator: 'planDone',
    denominator: 'planned',
    kind: 'rate',
    better: 'higher',
    counts: 'inspections',
    source: `${HEBEI}专业部门“抽查”`,
  },
  fourth_class_share: {
    name: '四类水平企业占比',
    description: '参与评分的企业中，本月绩效得分处于四类水平（70分以下）的比例',
    numerator: 'fourthClass',
    denominator: 'scored',
    kind: 'rate',
    better: 'lower',
    counts: 'enterprises',
    source: `${SEED000}“绩效成绩处于四类水平的仍占4.35%”`,
  },
  major_listed: {
    name: '重大隐患挂牌数',
    description: '本月挂牌督办的重大事故隐患数',
    numerator: 'majorListed',
    kind: 'count',
    better: 'higher',
    counts: 'cases',
    source: '重大事故隐患挂牌督办',
  },
  major_closed: {
    name: '重大隐患销号数',
    description: '本月整改验收后销号的重大事故隐患数',
    numerator: 'majorClosed',
    kind: 'count',
    better: 'higher',
    counts: 'cases',
    source: '重大事故隐患挂牌督办',
  },
  major_on_time: {
    name: '重大隐患按期整改率',
    description: '本月销号的重大事故隐患中，整改过程未发生逾期的比例',
    numerator: 'majorClosedOnTime',
    denominator: 'majorClosed',
    kind: 'rate',
    better: 'higher',
    counts: 'cases',
    source: '重大事故隐患挂牌督办',
  },
  major_overdue: {
    name: '重大隐患逾期数',
    description: '月末处于逾期状态、尚未销号的重大事故隐患数',
    numerator: 'majorOverdue',
    kind: 'count',
    better: 'lower',
    counts: 'cases',
    source: '重大事故隐患挂牌督办',
  },
  major_escalated: {
    name: '升级督办次数',
    description: '本月对重大事故隐患启动的督办函及以上督办措施次数（预警不计）',
    numerator: 'majorEscalated',
    kind: 'count',
    better: 'lower',
    counts: 'escalations',
    source: '重大事故隐患逾期升级督办',
  },
} as const satisfies Record<string, IndicatorSpec>;

export type IndicatorCode = keyof typeof indicators;
export const indicatorCodes = Object.keys(indicators) as IndicatorCode[];
export const indicatorOf = (code: IndicatorCode): IndicatorSpec => indicators[code];

/**
 * An indicator's value from a unit's facts: numerator / denominator, or the count. `null` when the denominator is 0
 * (nothing to measure: no hazard was due, no enterprise was lit red) — the scheme says what that scores.
 */
export function indicatorValue(code: IndicatorCode, f: Facts): number | null {
  const spec: IndicatorSpec = indicators[code];
  const num = f[spec.numerator];
  if (!spec.denominator) return num;
  const den = f[spec.denominator];
  return den > 0 ? num / den : null;
}
