import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  competitionRanks,
  computeRun,
  rankUnits,
  scoreFacts,
  type EnterpriseInput,
  type UnitScore,
} from '../../domain/scores/compute.js';
import { diffRuns, type DiffableUnit } from '../../domain/scores/diff.js';
import {
  emptyFacts,
  indicatorCodes,
  indicators,
  indicatorValue,
  type Facts,
  type IndicatorCode,
} from '../../domain/scores/indicators.js';
import { chineseMonth, monthBounds, monthsEndingWith } from '../../domain/scores/month.js';
import {
  DEFAULT_SCORE_SCHEME,
  classOf,
  describeRule,
  pointsOf,
  scoreSchemeSchema,
  type SchemeItem,
} from '../../domain/scores/scheme.js';

const facts = (f: Partial<Facts>): Facts => ({ ...emptyFacts(), ...f });

describe('indicators: every one is its numerator over its denominator (or the count), null when nothing to measure', () => {
  // One case per indicator of the catalogue, so an indicator added without a test fails here.
  const cases: Record<IndicatorCode, [Partial<Facts>, number | null]> = {
    checklist_compiled: [{ checklist: 131, active: 133 }, 131 / 133],
    checklist_accepted: [{ checklistAccepted: 26, active: 133 }, 26 / 133],
    enterprise_online: [{ online: 90, active: 100 }, 0.9],
    data_complete: [{ dataComplete: 0, active: 0 }, null],
    reported_on_time: [{ reportedInTime: 9, reported: 10 }, 0.9],
    hazards_per_enterprise: [{ reported: 338, active: 100 }, 3.38], // seed 000: 3.38
    rectification_rate: [{ rectified: 68258, reported: 68265 }, 68258 / 68265], // seed 000: 99.99 %
    rectified_on_time: [{ dueOnTime: 0, due: 0 }, null],
    overdue_open: [{ overdueOpen: 7 }, 7],
    red_followed: [{ redFollowed: 3, redLit: 4 }, 0.75],
    spot_checked: [{ otherChecked: 5, notRed: 100 }, 0.05],
    inspection_coverage: [{ inspected: 10, active: 100 }, 0.1],
    self_report_on_time: [{ selfReportsOnTime: 1, selfReportsDue: 2 }, 0.5],
    patrol_coverage: [{ patrolled: 0, inGrid: 3 }, 0],
    plan_completion: [{ planDone: 1, planned: 2 }, 0.5],
    fourth_class_share: [{ fourthClass: 172, scored: 3952 }, 172 / 3952], // seed 000: 4.35 %
    major_listed: [{ majorListed: 2 }, 2],
    major_closed: [{ majorClosed: 1 }, 1],
    major_on_time: [{ majorClosedOnTime: 1, majorClosed: 1 }, 1],
    major_overdue: [{ majorOverdue: 0 }, 0],
    major_escalated: [{ majorEscalated: 3 }, 3],
  };
  test.each(indicatorCodes)('%s', (code) => {
    const [f, value] = cases[code];
    const got = indicatorValue(code, facts(f));
    if (value === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(value, 10);
    expect(indicators[code].name).toMatch(/[\u4e00-\u9fa5]/);
  });
});

describe('points rules', () => {
  const linear = (weight: number, floor: number, target: number): SchemeItem => ({
    indicator: 'hazards_per_enterprise',
    weight,
    rule: { kind: 'linear', floor, target },
    whenEmpty: 'full',
  });
  test('linear: 月隐患均数 3.38 against the provincial 6.0 earns 5.63 of 10 (seed 000 scored June at 5.59)', () => {
    expect(pointsOf(linear(10, 0, 6), 3.38)).toBe(5.63);
    expect(pointsOf(linear(10, 0, 6), 6.4)).toBe(10);
    expect(pointsOf(linear(10, 0, 6), 0)).toBe(0);
  });
  test('linear with a floor: 清单编制率 98.52 % between 60 % and 100 %', () => {
    expect(pointsOf(linear(10, 0.6, 1), 0.9852)).toBe(9.63);
    expect(pointsOf(linear(10, 0.6, 1), 0.5)).toBe(0);
  });
  test('linear, lower is better: 四类水平 4.35 % between 20 % (0) and 0 % (full)', () => {
    expect(pointsOf({ ...linear(5, 0.2, 0), indicator: 'fourth_class_share' }, 0.0435)).toBe(3.91);
  });
  test('bands: the highest band reached', () => {
    const it: SchemeItem = {
      indicator: 'rectified_on_time',
      weight: 20,
      rule: {
        kind: 'bands',
        bands: [
          { from: 0.95, share: 0.8 },
          { from: 0.98, share: 1 },
          { from: 0.9, share: 0.5 },
        ],
      },
      whenEmpty: 'full',
    };
    expect([0.99, 0.98, 0.97, 0.92, 0.5].map((v) => pointsOf(it, v))).toEqual([20, 20, 16, 10, 0]);
  });
  test('deduct: one point per overdue major case, never below zero', () => {
    const it: SchemeItem = {
      indicator: 'major_overdue',
      weight: 5,
      rule: { kind: 'deduct', per: 1 },
      whenEmpty: 'full',
    };
    expect([0, 2, 5, 9].map((v) => pointsOf(it, v))).toEqual([5, 3, 0, 0]);
  });
  test('nothing to measure: full or zero as the scheme says; weight 0 scores nothing', () => {
    expect(pointsOf({ ...linear(10, 0, 1), whenEmpty: 'full' }, null)).toBe(10);
    expect(pointsOf({ ...linear(10, 0, 1), whenEmpty: 'zero' }, null)).toBe(0);
    expect(pointsOf({ indicator: 'overdue_open', weight: 0, whenEmpty: 'full' }, 12)).toBe(0);
  });
  test('every item of the default scheme has a Chinese description of its rule', () => {
    for (const items of Object.values(DEFAULT_SCORE_SCHEME.sections))
      for (const it of items) expect(describeRule(it)).toMatch(/[分]/);
  });
});

describe('schemes are validated as data', () => {
  test('the default scheme is valid: every section weighs 100', () => {
    expect(scoreSchemeSchema.safeParse(DEFAULT_SCORE_SCHEME).success).toBe(true);
  });
  test('a section not summing to 100, a duplicate indicator, a weighted item without a rule, classes out of order', () => {
    const bad = structuredClone(DEFAULT_SCORE_SCHEME) as unknown as Record<string, never>;
    const s = bad as unknown as typeof DEFAULT_SCORE_SCHEME;
    s.sections.grid[0]!.weight = 50;
    s.sections.enterprise.push({ ...s.sections.enterprise[0]! });
    s.sections.specialised_department[0] = { indicator: 'rectified_on_time', weight: 40, whenEmpty: 'full' };
    s.classes = [
      { name: '一类', from: 80 },
      { name: '二类', from: 90 },
      { name: '四类', from: 10 },
    ];
    const r = scoreSchemeSchema.safeParse(bad);
    expect(r.success).toBe(false);
    const messages = r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'sections.grid: 网格各项分值合计应为100分，现为110分',
        'sections.enterprise.7.indicator: 同一指标不能重复',
        'sections.specialised_department.0.rule: 有分值的指标须有计分方式',
        'classes.1.from: 类别应按分数从高到低排列',
        'classes.2.from: 最后一类的起点应为0分',
      ]),
    );
  });
  test('an indicator outside the catalogue is refused: no code in the data', () => {
    const s = structuredClone(DEFAULT_SCORE_SCHEME);
    (s.sections.grid[0] as { indicator: string }).indicator = 'process.exit()';
    const r = scoreSchemeSchema.safeParse(s);
    expect(r.error!.issues[0]!.message).toBe('指标不在指标库中');
  });
  test('classes: 四类水平 is under 70', () => {
    expect([95, 90, 89.99, 70, 69.99, 0].map((t) => classOf(DEFAULT_SCORE_SCHEME, t))).toEqual([
      '一类',
      '一类',
      '二类',
      '三类',
      '四类',
      '四类',
    ]);
  });
});

describe('ranking', () => {
  test('competition ranking: ties share a rank and the next skips (1224), to the cent', () => {
    expect(competitionRanks([93.46, 95.38, 93.46, 80, 93.464])).toEqual([2, 1, 2, 5, 2]);
    expect(competitionRanks([])).toEqual([]);
  });
  test('property: a rank is one more than the number of strictly higher totals', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.integer({ min: 0, max: 10000 }).map((c) => c / 100),
          { maxLength: 40 },
        ),
        (ts) => {
          const ranks = competitionRanks(ts);
          ts.forEach((t, i) => expect(ranks[i]).toBe(1 + ts.filter((u) => u > t).length));
        },
      ),
    );
  });
  test('ranked within each group, with the change against last month', () => {
    const u = (unitId: string, groupId: string, total: number) =>
      ({ level: 'street', unitId, groupId, total }) as UnitScore;
    const units = [u('a', 'd1', 90), u('b', 'd1', 95), u('c', 'd2', 70), u('d', 'd1', 90)];
    rankUnits(units, new Map([['street:a', { total: 85, rank: 3 }]]));
    expect(units.map((x) => [x.unitId, x.rank, x.groupSize, x.prevRank, x.prevTotal])).toEqual([
      ['a', 2, 3, 3, 85],
      ['b', 1, 3, null, null],
      ['c', 1, 1, null, null],
      ['d', 2, 3, null, null],
    ]);
  });
});

describe('a run: enterprises first, their class into the territories', () => {
  const e = (
    id: string,
    street: string,
    f: Partial<Facts>,
    departmentId: string | null = null,
  ): EnterpriseInput => ({
    id,
    name: `企业${id}`,
    regionPath: `420000/420100/420111/${street}/`,
    departmentId,
    industryCategory: 'machinery',
    industryCode: 'C34',
    facts: facts({ active: 1, notRed: 1, ...f }),
  });
  const good = { checklist: 1, dataComplete: 1, reported: 6, reportedInTime: 6, due: 1, dueOnTime: 1 };
  const units = computeRun({
    scheme: DEFAULT_SCORE_SCHEME,
    root: { code: '420100', name: '武汉市', level: 'city', path: '420000/420100/' },
    regions: [
      { code: '420111', name: '洪山区', level: 'district', path: '420000/420100/420111/' },
      { code: 's1', name: '关山街', level: 'street', path: '420000/420100/420111/s1/' },
      { code: 's2', name: '梨园街', level: 'street', path: '420000/420100/420111/s2/' },
    ],
    enterprises: [e('a', 's1', good, 'dept'), e('b', 's1', {}, 'dept'), e('c', 's2', good)],
    departments: [
      {
        id: 'dept',
        name: '应急管理局',
        regionCode: '420111',
        regionPath: '420000/420100/420111/',
        specialised: false,
      },
    ],
    grids: [{ id: 'g', name: '网格一', regionPath: '420000/420100/420111/s1/' }],
    gridMembers: [['g', 'a']],
    loose: [{ regionPath: '420000/420100/420111/s2/', departmentId: null, facts: { majorOverdue: 2 } }],
  });
  const by = (level: string, id: string) => units.find((x) => x.level === level && x.unitId === id)!;
  test('enterprises: a full score and a follow-up one', () => {
    expect(by('enterprise', 'a').total).toBe(100);
    expect(by('enterprise', 'a').className).toBe('一类');
    // b reported nothing: checklist, data, hazards per enterprise all 0; nothing due or reported: full.
    expect(by('enterprise', 'b').total).toBe(40);
    expect(by('enterprise', 'b').flagged).toBe(true);
  });
  test('territories sum their enterprises (and cases naming none); 四类水平 counted from the enterprise scores', () => {
    expect(by('street', 's1').facts).toMatchObject({ active: 2, reported: 6, scored: 2, fourthClass: 1 });
    expect(by('street', 's2').facts).toMatchObject({ active: 1, majorOverdue: 2, fourthClass: 0 });
    expect(by('district', '420111').facts).toMatchObject({
      active: 3,
      scored: 3,
      fourthClass: 1,
      majorOverdue: 2,
    });
    expect(by('city', '420100').groupId).toBe('420100');
    expect([by('street', 's1').groupId, by('street', 's2').groupId]).toEqual(['420111', '420111']);
    expect(by('department', 'dept').facts.active).toBe(2);
    expect(by('grid', 'g').facts.active).toBe(1);
    expect(by('grid', 'g').groupId).toBe('420111');
  });
  test('a total is the sum of its rounded points; under the award bar is flagged', () => {
    for (const u of units) {
      expect(u.total).toBeCloseTo(
        u.items.reduce((s, i) => s + i.points, 0),
        10,
      );
      if (u.level !== 'enterprise') expect(u.flagged).toBe(u.total < 80);
    }
    const s = scoreFacts(DEFAULT_SCORE_SCHEME, 'territory', by('street', 's2').facts);
    expect(s.total).toBe(by('street', 's2').total);
  });
});

describe('diff of a recomputation', () => {
  const u = (unitId: string, total: number, reported: number, rank = 1): DiffableUnit => ({
    level: 'street',
    unitId,
    name: unitId,
    total,
    rank,
    flagged: total < 80,
    className: null,
    facts: { reported },
    points: { hazards_per_enterprise: total / 10 },
  });
  test('changed, added and removed units, the moved points and facts, largest change first', () => {
    const d = diffRuns(
      [u('a', 90, 6), u('b', 85, 5), u('c', 70, 1)],
      [u('a', 90, 6), u('b', 80, 4, 2), u('d', 60, 0)],
    );
    expect(d.unchanged).toBe(1);
    expect(d.changed.map((c) => [c.unitId, c.change])).toEqual([
      ['c', 'removed'],
      ['d', 'added'],
      ['b', 'changed'],
    ]);
    expect(d.changed[2]!.facts).toEqual([{ fact: 'reported', before: 5, after: 4 }]);
    expect(d.changed[2]!.points).toEqual([{ indicator: 'hazards_per_enterprise', before: 8.5, after: 8 }]);
  });
});

describe('months', () => {
  test('bounds in Asia/Shanghai: the cutoff is the next month 00:00 +08:00', () => {
    const b = monthBounds('2026-12');
    expect(b).toMatchObject({
      first: '2026-12-01',
      last: '2026-12-31',
      next: '2027-01-01',
      start: '2026-11-30T16:00:00.000Z',
      cutoff: '2026-12-31T16:00:00.000Z',
      previous: '2026-11',
      previousLast: '2026-11-30',
    });
    expect(monthBounds('2028-02').last).toBe('2028-02-29');
    expect(monthBounds('2027-01').previous).toBe('2026-12');
    expect(monthsEndingWith('2027-02', 3)).toEqual(['2026-12', '2027-01', '2027-02']);
    expect(chineseMonth('2026-03')).toBe('2026年3月');
  });
});
