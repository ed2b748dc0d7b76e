/**
 * A month's scores for every unit of a jurisdiction, pure: enterprises are scored first (their class feeds the
 * territories' 四类水平占比), then every territory, grid and department sums the facts of the enterprises it answers
 * for and is scored on its own section of the scheme, then each level is ranked within its group.
 *
 *   facts per enterprise (SQL, db/queries/score-facts.ts)
 *     → enterprise scores and classes
 *     → sums per district / street / grid / department (+ major cases that name no enterprise, by region)
 *     → points per indicator, totals, competition ranking per group, change against the previous month, flags
 */
import { emptyFacts, factKeys, indicatorValue, type Facts, type IndicatorCode } from './indicators.js';
import { classOf, followUpClass, pointsOf, round2, type SchemeSection, type ScoreScheme } from './scheme.js';

export const unitLevels = [
  'province',
  'city',
  'district',
  'street',
  'grid',
  'department',
  'enterprise',
] as const;
export type UnitLevel = (typeof unitLevels)[number];
export const regionLevels = ['province', 'city', 'district', 'street'] as const;
export type RegionLevel = (typeof regionLevels)[number];
export const unitLevelLabels: Record<UnitLevel, string> = {
  province: '省',
  city: '市',
  district: '区（县）',
  street: '街道（乡镇）',
  grid: '网格',
  department: '部门',
  enterprise: '企业',
};

export interface EnterpriseInput {
  id: string;
  name: string;
  regionPath: string;
  departmentId: string | null;
  industryCategory: string;
  industryCode: string;
  facts: Facts;
}
export interface RegionUnit {
  code: string;
  name: string;
  level: RegionLevel;
  path: string;
}
export interface DepartmentUnit {
  id: string;
  name: string;
  regionCode: string;
  regionPath: string;
  /** 专业部门: supervises no industry (fire, special equipment); scored on its own facts. */
  specialised: boolean;
  /** A specialised department's own facts (the hazards its inspections found, its plans' inspections). */
  facts?: Facts;
}
export interface GridUnit {
  id: string;
  name: string;
  regionPath: string;
}
/** Major cases that name no enterprise (a public report of an unregistered site): counted by region and department. */
export interface LooseFacts {
  regionPath: string;
  departmentId: string | null;
  facts: Partial<Facts>;
}

export interface RunInput {
  scheme: ScoreScheme;
  /** The jurisdiction scored (its region is a unit too). */
  root: RegionUnit;
  /** The root and the regions under it that are scored (districts, streets): community levels are not. */
  regions: RegionUnit[];
  enterprises: EnterpriseInput[];
  departments: DepartmentUnit[];
  grids: GridUnit[];
  gridMembers: ReadonlyArray<readonly [gridId: string, enterpriseId: string]>;
  loose: LooseFacts[];
  /** The previous month's scores by `${level}:${unitId}`. */
  previous?: ReadonlyMap<string, { total: number; rank: number }>;
}

export interface ItemScore {
  indicator: IndicatorCode;
  value: number | null;
  weight: number;
  points: number;
}

export interface UnitScore {
  level: UnitLevel;
  unitId: string;
  name: string;
  /** Where the unit lies (scoping): a region's path, a grid's, a department's region, an enterprise's. */
  regionPath: string;
  industryCategory: string | null;
  industryCode: string | null;
  section: SchemeSection;
  /** Ranked among the units of its level in this group (a region code). */
  groupId: string;
  total: number;
  rank: number;
  groupSize: number;
  /** Enterprises: their class (一类…四类). */
  className: string | null;
  /** Under the award bar (units) or in the follow-up class (enterprises). */
  flagged: boolean;
  prevTotal: number | null;
  prevRank: number | null;
  facts: Facts;
  items: ItemScore[];
}

export const unitKey = (level: UnitLevel, unitId: string): string => `${level}:${unitId}`;

const codesOf = (path: string): string[] => path.split('/').filter(Boolean);

function addInto(target: Facts, f: Partial<Facts>): void {
  for (const k of factKeys) {
    const v = f[k];
    if (v) target[k] += v;
  }
}

/** Points of every item of a section and the total (the sum of the rounded points). */
export function scoreFacts(
  scheme: ScoreScheme,
  section: SchemeSection,
  facts: Facts,
): { total: number; items: ItemScore[] } {
  const items = scheme.sections[section].map((it) => {
    const value = indicatorValue(it.indicator, facts);
    return { indicator: it.indicator, value, weight: it.weight, points: pointsOf(it, value) };
  });
  return { total: round2(items.reduce((s, i) => s + i.points, 0)), items };
}

/**
 * Competition ranking (1224): units with the same total (to the cent) share a rank, and the next rank skips as many
 * places as were shared. Returns rank by index of `totals`.
 */
export function competitionRanks(totals: readonly number[]): number[] {
  const cents = totals.map((t) => Math.round(t * 100));
  const sorted = [...cents].sort((a, b) => b - a);
  const firstPlace = new Map<number, number>();
  sorted.forEach((c, i) => {
    if (!firstPlace.has(c)) firstPlace.set(c, i + 1);
  });
  return cents.map((c) => firstPlace.get(c)!);
}

/** Ranks `units` within each group of the same level, in place, and sets the change against the previous month. */
export function rankUnits(units: UnitScore[], previous?: RunInput['previous']): void {
  const groups = new Map<string, UnitScore[]>();
  for (const u of units) {
    const key = `${u.level}|${u.groupId}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(u);
  }
  for (const g of groups.values()) {
    const ranks = competitionRanks(g.map((u) => u.total));
    g.forEach((u, i) => {
      u.rank = ranks[i]!;
      u.groupSize = g.length;
      const prev = previous?.get(unitKey(u.level, u.unitId));
      u.prevTotal = prev?.total ?? null;
      u.prevRank = prev?.rank ?? null;
    });
  }
}

export function computeRun(input: RunInput): UnitScore[] {
  const { scheme } = input;
  const lastClass = followUpClass(scheme);
  const regionByCode = new Map(input.regions.map((r) => [r.code, r]));
  regionByCode.set(input.root.code, input.root);
  // The group an enterprise, grid or department is ranked in: the district it lies in, else the root.
  const districtOf = (path: string): string =>
    codesOf(path).find((c) => regionByCode.get(c)?.level === 'district') ?? input.root.code;

  const out: UnitScore[] = [];
  const unit = (
    level: UnitLevel,
    unitId: string,
    name: string,
    regionPath: string,
    section: SchemeSection,
    groupId: string,
    facts: Facts,
    industry?: { category: string; code: string },
  ): UnitScore => {
    const { total, items } = scoreFacts(scheme, section, facts);
    const className = level === 'enterprise' ? classOf(scheme, total) : null;
    const u: UnitScore = {
      level,
      unitId,
      name,
      regionPath,
      industryCategory: industry?.category ?? null,
      industryCode: industry?.code ?? null,
      section,
      groupId,
      total,
      rank: 0,
      groupSize: 0,
      className,
      flagged: level === 'enterprise' ? className === lastClass : total < scheme.awardBar,
      prevTotal: null,
      prevRank: null,
      facts,
      items,
    };
    out.push(u);
    return u;
  };

  // 1. Enterprises, and their class into their facts for the roll-up.
  const enterpriseFacts = new Map<string, Facts>();
  for (const e of input.enterprises) {
    const facts = { ...e.facts, scored: 1, fourthClass: 0 };
    const u = unit('enterprise', e.id, e.name, e.regionPath, 'enterprise', districtOf(e.regionPath), facts, {
      category: e.industryCategory,
      code: e.industryCode,
    });
    facts.fourthClass = u.flagged ? 1 : 0;
    enterpriseFacts.set(e.id, facts);
  }

  // 2. Sums per region (the root, districts, streets), department and grid.
  const regionSums = new Map<string, Facts>();
  const sumOf = (m: Map<string, Facts>, k: string) => {
    let f = m.get(k);
    if (!f) m.set(k, (f = emptyFacts()));
    return f;
  };
  const addToRegions = (path: string, f: Partial<Facts>) => {
    for (const code of codesOf(path)) if (regionByCode.has(code)) addInto(sumOf(regionSums, code), f);
  };
  const deptSums = new Map<string, Facts>();
  for (const e of input.enterprises) {
    const f = enterpriseFacts.get(e.id)!;
    addToRegions(e.regionPath, f);
    if (e.departmentId) addInto(sumOf(deptSums, e.departmentId), f);
  }
  for (const l of input.loose) {
    addToRegions(l.regionPath, l.facts);
    if (l.departmentId) addInto(sumOf(deptSums, l.departmentId), l.facts);
  }
  const gridSums = new Map<string, Facts>();
  for (const [gridId, enterpriseId] of input.gridMembers) {
    const f = enterpriseFacts.get(enterpriseId);
    if (f) addInto(sumOf(gridSums, gridId), f);
  }

  // 3. Their scores.
  for (const r of [input.root, ...input.regions.filter((r) => r.code !== input.root.code)]) {
    const parent = codesOf(r.path).at(-2);
    const groupId = r.code === input.root.code || !parent ? r.code : parent;
    unit(r.level, r.code, r.name, r.path, 'territory', groupId, regionSums.get(r.code) ?? emptyFacts());
  }
  for (const d of input.departments) {
    const facts = d.specialised ? { ...emptyFacts(), ...d.facts } : (deptSums.get(d.id) ?? emptyFacts());
    const groupId = regionByCode.has(d.regionCode) ? d.regionCode : input.root.code;
    unit(
      'department',
      d.id,
      d.name,
      d.regionPath,
      d.specialised ? 'specialised_department' : 'industry_department',
      groupId,
      facts,
    );
  }
  for (const g of input.grids)
    unit(
      'grid',
      g.id,
      g.name,
      g.regionPath,
      'grid',
      districtOf(g.regionPath),
      gridSums.get(g.id) ?? emptyFacts(),
    );

  rankUnits(out, input.previous);
  return out;
}
