/**
 * What a recomputation of a month changes against the run it recomputes (a published month is never changed in
 * place: the recomputation is a run of its own, and this diff is what the 安委办 reads before deciding to publish it
 * as a correction).
 */
import { factKeys, type FactKey, type IndicatorCode } from './indicators.js';
import { unitKey, type UnitLevel } from './compute.js';

export interface DiffableUnit {
  level: UnitLevel;
  unitId: string;
  name: string;
  total: number;
  rank: number;
  flagged: boolean;
  className: string | null;
  facts: Partial<Record<FactKey, number>>;
  points: Partial<Record<IndicatorCode, number>>;
}

export interface UnitChange {
  level: UnitLevel;
  unitId: string;
  name: string;
  change: 'added' | 'removed' | 'changed';
  before: { total: number; rank: number; flagged: boolean; className: string | null } | null;
  after: { total: number; rank: number; flagged: boolean; className: string | null } | null;
  /** Indicators whose points moved, and the facts that moved under them. */
  points: Array<{ indicator: IndicatorCode; before: number; after: number }>;
  facts: Array<{ fact: FactKey; before: number; after: number }>;
}

export interface RunDiff {
  unchanged: number;
  changed: UnitChange[];
}

const summary = (u: DiffableUnit) => ({
  total: u.total,
  rank: u.rank,
  flagged: u.flagged,
  className: u.className,
});

/** Units that differ (in total, rank, flag, class, any indicator's points or any fact), largest total change first. */
export function diffRuns(before: readonly DiffableUnit[], after: readonly DiffableUnit[]): RunDiff {
  const old = new Map(before.map((u) => [unitKey(u.level, u.unitId), u]));
  const changed: UnitChange[] = [];
  let unchanged = 0;
  for (const a of after) {
    const key = unitKey(a.level, a.unitId);
    const b = old.get(key);
    old.delete(key);
    if (!b) {
      changed.push({
        level: a.level,
        unitId: a.unitId,
        name: a.name,
        change: 'added',
        before: null,
        after: summary(a),
        points: [],
        facts: [],
      });
      continue;
    }
    const indicators = new Set([...Object.keys(a.points), ...Object.keys(b.points)] as IndicatorCode[]);
    const points = [...indicators]
      .map((indicator) => ({ indicator, before: b.points[indicator] ?? 0, after: a.points[indicator] ?? 0 }))
      .filter((p) => p.before !== p.after);
    const facts = factKeys
      .map((fact) => ({ fact, before: b.facts[fact] ?? 0, after: a.facts[fact] ?? 0 }))
      .filter((f) => f.before !== f.after);
    const same =
      a.total === b.total &&
      a.rank === b.rank &&
      a.flagged === b.flagged &&
      a.className === b.className &&
      points.length === 0 &&
      facts.length === 0;
    if (same) unchanged++;
    else
      changed.push({
        level: a.level,
        unitId: a.unitId,
        name: a.name,
        change: 'changed',
        before: summary(b),
        after: summary(a),
        points,
        facts,
      });
  }
  for (const b of old.values())
    changed.push({
      level: b.level,
      unitId: b.unitId,
      name: b.name,
      change: 'removed',
      before: summary(b),
      after: null,
      points: [],
      facts: [],
    });
  const delta = (c: UnitChange) => Math.abs((c.after?.total ?? 0) - (c.before?.total ?? 0));
  changed.sort(
    (x, y) => delta(y) - delta(x) || x.level.localeCompare(y.level) || x.name.localeCompare(y.name, 'zh'),
  );
  return { unchanged, changed };
}
