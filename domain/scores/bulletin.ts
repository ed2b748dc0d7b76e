/**
 * 月通报: what the 安委办's monthly bulletin says, built from a published month (pure). Seed 000 is the model: the
 * basic figures (enterprises, hazards found and rectified, 整改率, 月隐患均数 against the provincial average, the
 * district's score and rank among the city's districts), then the attachments — the scores of the districts, of the
 * streets, of the departments, of the grids — the highest and the lowest, the changes, the units under the award bar
 * and the 四类水平 enterprises to follow up. The body is text the 安委办 edits before publishing: each line a
 * paragraph, `[[表格:名称]]` / `[[图表:名称]]` lines place the tables and charts (activities/documents engine).
 */
import type { ChartBlock, TableBlock } from '../documents/model.js';
import { factKeys, indicators, indicatorValue, type Facts, type IndicatorCode } from './indicators.js';
import { chineseMonth } from './month.js';
import type { ScoreScheme, SchemeSection } from './scheme.js';
import { unitLevelLabels, type UnitLevel } from './compute.js';

export interface BulletinUnit {
  level: UnitLevel;
  unitId: string;
  name: string;
  section: string;
  groupId: string;
  total: number;
  rank: number;
  groupSize: number;
  flagged: boolean;
  prevTotal: number | null;
  prevRank: number | null;
  facts: readonly number[];
  /** The frozen points, in the order of its section's items. */
  points: readonly number[];
}

export interface BulletinInput {
  month: string;
  scheme: ScoreScheme;
  /** The issuing unit (the 安委办's own region) and its peers, ranked together. */
  issuer: BulletinUnit;
  peers: BulletinUnit[];
  /** The regions ranked within the issuer (a district's streets, a city's districts), its departments and grids. */
  children: BulletinUnit[];
  departments: BulletinUnit[];
  grids: BulletinUnit[];
  /** The provincial 月隐患均数 the bulletin compares with (the scheme's target). */
  parentName: string | null;
}

export interface BulletinContent {
  title: string;
  addressee: string;
  body: string;
  values: Record<string, string>;
  tables: Record<string, TableBlock>;
  charts: Record<string, ChartBlock>;
}

const factsOf = (u: BulletinUnit): Facts =>
  Object.fromEntries(factKeys.map((k, i) => [k, u.facts[i] ?? 0])) as Facts;
const pct = (v: number | null) => (v === null ? '—' : `${(Math.round(v * 10_000) / 100).toFixed(2)}%`);
const num2 = (v: number | null) => (v === null ? '—' : (Math.round(v * 100) / 100).toFixed(2));
const fmt = (code: IndicatorCode, v: number | null) =>
  indicators[code].kind === 'rate'
    ? pct(v)
    : indicators[code].kind === 'average'
      ? num2(v)
      : v === null
        ? '—'
        : String(v);
const pts = (n: number) => n.toFixed(2);

/** 较上月: +1.25 / −0.50 / 持平 / 新增. */
export function changeText(u: Pick<BulletinUnit, 'total' | 'prevTotal'>): string {
  if (u.prevTotal === null) return '—';
  const d = Math.round((u.total - u.prevTotal) * 100) / 100;
  return d === 0 ? '持平' : d > 0 ? `+${d.toFixed(2)}` : `−${Math.abs(d).toFixed(2)}`;
}
/** 排名变化: ↑2 / ↓1 / —. */
export function rankChangeText(u: Pick<BulletinUnit, 'rank' | 'prevRank'>): string {
  if (u.prevRank === null || u.prevRank === u.rank) return '—';
  return u.prevRank > u.rank ? `↑${u.prevRank - u.rank}` : `↓${u.rank - u.prevRank}`;
}

/** The weighted indicators of a section, heaviest first: the columns a table shows beside the total. */
function keyIndicators(scheme: ScoreScheme, section: SchemeSection, n: number): IndicatorCode[] {
  return [...scheme.sections[section]]
    .filter((it) => it.weight > 0)
    .sort((a, b) => b.weight - a.weight)
    .slice(0, n)
    .map((it) => it.indicator);
}

function scoreTable(
  title: string,
  units: BulletinUnit[],
  scheme: ScoreScheme,
  section: SchemeSection,
  what: string,
): TableBlock {
  const cols = keyIndicators(scheme, section, 4);
  const sorted = [...units].sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name, 'zh'));
  return {
    type: 'table',
    title,
    columns: ['排名', what, '得分', '较上月', '排名变化', ...cols.map((c) => indicators[c].name), '备注'],
    rows: sorted.map((u) => {
      const f = factsOf(u);
      return [
        u.rank,
        u.name,
        pts(u.total),
        changeText(u),
        rankChangeText(u),
        ...cols.map((c) => fmt(c, indicatorValue(c, f))),
        u.flagged ? `低于${scheme.awardBar}分` : '',
      ];
    }),
    widths: [0.7, 2.4, 1, 1, 1, ...cols.map(() => 1.1), 1.2],
  };
}

function scoreChart(title: string, units: BulletinUnit[]): ChartBlock {
  const sorted = [...units].sort((a, b) => a.rank - b.rank).slice(0, 40);
  const withPrev = sorted.some((u) => u.prevTotal !== null);
  return {
    type: 'chart',
    kind: 'bar',
    title,
    categories: sorted.map((u) => u.name.slice(0, 50)),
    series: [
      { name: '本月得分', values: sorted.map((u) => u.total) },
      ...(withPrev ? [{ name: '上月得分', values: sorted.map((u) => u.prevTotal ?? 0) }] : []),
    ],
  };
}

const highLow = (units: BulletinUnit[]): string => {
  if (units.length === 0) return '';
  const sorted = [...units].sort((a, b) => b.total - a.total);
  const top = sorted.filter((u) => u.total === sorted[0]!.total);
  const bottom = sorted.filter((u) => u.total === sorted.at(-1)!.total);
  return `最高的是${top.map((u) => u.name).join('、')}（${pts(top[0]!.total)}分），最低的是${bottom.map((u) => u.name).join('、')}（${pts(bottom[0]!.total)}分）`;
};

const under = (units: BulletinUnit[], bar: number): string => {
  const low = units.filter((u) => u.flagged).sort((a, b) => a.total - b.total);
  return low.length
    ? `${low.map((u) => `${u.name}（${pts(u.total)}分）`).join('、')}低于${bar}分`
    : `均不低于${bar}分`;
};

export function buildBulletin(input: BulletinInput): BulletinContent {
  const { scheme, issuer } = input;
  const f = factsOf(issuer);
  const period = chineseMonth(input.month);
  const level = unitLevelLabels[issuer.level];
  const avg = indicatorValue('hazards_per_enterprise', f);
  const target = scheme.sections.territory.find((it) => it.indicator === 'hazards_per_enterprise')?.rule;
  const targetAvg = target?.kind === 'linear' ? target.target : null;
  const tables: Record<string, TableBlock> = {};
  const charts: Record<string, ChartBlock> = {};
  const lines: string[] = [];
  const attachments: string[] = [];
  const peersName = input.parentName ? `${input.parentName}${level}` : level;

  lines.push(
    `${period}，${issuer.name}隐患排查治理工作运行情况经系统自动考核，现将有关情况通报如下：`,
    '一、基本情况',
    `本月纳入考核的在营企业${f.active}家（停产、注销企业不计入），上报一般隐患${f.reported}条，月末已整改${f.rectified}条，整改率${fmt('rectification_rate', indicatorValue('rectification_rate', f))}；` +
      `月隐患均数${num2(avg)}${targetAvg !== null ? `（考核目标${num2(targetAvg)}）` : ''}；隐患清单编制率${fmt('checklist_compiled', indicatorValue('checklist_compiled', f))}，` +
      `未编制清单企业${f.active - f.checklist}家；按期整改率${fmt('rectified_on_time', indicatorValue('rectified_on_time', f))}，月末逾期未整改一般隐患${f.overdueOpen}条。` +
      `重大事故隐患本月挂牌${f.majorListed}项、销号${f.majorClosed}项，月末逾期${f.majorOverdue}项，升级督办${f.majorEscalated}次。`,
    `本月${issuer.name}绩效成绩${pts(issuer.total)}分` +
      (input.peers.length > 1
        ? `，在${peersName}中排名第${issuer.rank}（共${issuer.groupSize}个）` +
          (issuer.prevRank !== null && issuer.prevTotal !== null
            ? `，较上月${changeText(issuer) === '持平' ? '持平' : `${issuer.total >= issuer.prevTotal ? '提高' : '下降'}${Math.abs(Math.round((issuer.total - issuer.prevTotal) * 100) / 100).toFixed(2)}分`}，排名${rankChangeText(issuer) === '—' ? '不变' : rankChangeText(issuer).replace('↑', '上升').replace('↓', '下降') + '位'}`
            : '')
        : '') +
      '。',
    '二、考核排名情况',
  );
  let n = 0;
  const attach = (
    key: string,
    title: string,
    units: BulletinUnit[],
    section: SchemeSection,
    what: string,
    sentence: string,
  ) => {
    if (units.length === 0) return;
    n++;
    const name = `附件${n}`;
    tables[key] = scoreTable(`${name}：${title}`, units, scheme, section, what);
    charts[key] = scoreChart(`${title}（柱状图）`, units);
    attachments.push(title);
    lines.push(
      `${sentence}${highLow(units)}；${under(units, scheme.awardBar)}。详见${name}。`,
      `[[表格:${key}]]`,
      `[[图表:${key}]]`,
    );
  };
  if (input.peers.length > 1)
    attach('区县', `${period}${peersName}绩效评分`, input.peers, 'territory', level, `${peersName}中，`);
  const childLabel = input.children[0]?.level === 'district' ? '区（县）' : '街道（乡镇）';
  attach(
    '街道',
    `${period}${issuer.name}各${childLabel}绩效评分`,
    input.children,
    'territory',
    childLabel,
    `各${childLabel}中，`,
  );
  attach(
    '部门',
    `${period}${issuer.name}各部门绩效评分`,
    input.departments,
    'industry_department',
    '部门',
    '各部门中，',
  );
  attach('网格', `${period}${issuer.name}各网格绩效评分`, input.grids, 'grid', '网格', '各网格中，');
  lines.push(
    `绩效成绩低于${scheme.awardBar}分的单位，取消当年安全生产评优资格。`,
    '三、存在问题',
    ...problems(issuer, scheme),
    '四、下步措施',
    `（一）四类水平企业督促跟进。本月绩效成绩处于四类水平（${scheme.classes.at(-2)?.from ?? 70}分以下）的企业${f.fourthClass}家，占参与考核企业的${fmt('fourth_class_share', indicatorValue('fourth_class_share', f))}，各单位要逐家督促跟进，于${scheme.followUpWithinDays}日内反馈跟进情况。`,
    '（二）应报尽报，提质增效。各单位要督促企业将隐患登记、网上填报与实际排查紧密结合，杜绝“两张皮”，对平台预警逾期数据做到每天清零。',
    '（三）请各单位对照本通报，查找失分原因，抓好整改落实。',
  );
  return {
    title: `关于${period}隐患排查治理绩效考核情况的通报`,
    addressee: '各街道（乡镇）、各有关部门',
    body: lines.join('\n'),
    values: { 期间: period },
    tables,
    charts,
  };
}

/** The weighted indicators that lost the issuer the most points (as frozen), one paragraph each, at most three. */
function problems(issuer: BulletinUnit, scheme: ScoreScheme): string[] {
  const f = factsOf(issuer);
  const items = scheme.sections[issuer.section as SchemeSection] ?? scheme.sections.territory;
  const lost = items
    .map((it, i) => ({
      it,
      value: indicatorValue(it.indicator, f),
      lost: it.weight - (issuer.points[i] ?? it.weight),
    }))
    .filter((x) => x.it.weight > 0 && x.lost > 0.005)
    .sort((a, b) => b.lost - a.lost)
    .slice(0, 3);
  if (lost.length === 0) return ['本月各项考核指标均得满分。'];
  const ordinals = ['（一）', '（二）', '（三）'];
  return lost.map(
    (x, i) =>
      `${ordinals[i]}${indicators[x.it.indicator].name}失分较多。本月${indicators[x.it.indicator].name}为${fmt(x.it.indicator, x.value)}，该项满分${x.it.weight}分，失${x.lost.toFixed(2)}分。`,
  );
}
