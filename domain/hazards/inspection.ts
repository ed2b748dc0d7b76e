/**
 * 监督检查 plans and the 双随机 draw (random selection of who is inspected, and by whom), pure and reproducible: the
 * draw is a function of the recorded population, inspector pool, units due by grade, size and seed, so anyone
 * holding the draw record (table inspection_draws) can re-run it and get the same selection.
 */
import { addCalendarDays } from '../calendar.js';

export const inspectionCadences = ['quarterly', 'monthly', 'weekly', 'daily'] as const; // 季、月、周、日
export type InspectionCadence = (typeof inspectionCadences)[number];
export const inspectionLevels = ['city', 'county', 'town', 'village'] as const; // 市级季检查、县级月排查、乡级周巡查、村级日排查
export const DRAW_ALGORITHM = 'cyrb53-mulberry32-fisher-yates-v1';

const pad = (n: number) => String(n).padStart(2, '0');

/** The plan period containing `date`: a calendar quarter, month, ISO week (Monday–Sunday) or day. */
export function planPeriodOf(date: string, cadence: InspectionCadence): { start: string; end: string } {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const lastDay = (yy: number, mm: number) => new Date(Date.UTC(yy, mm, 0)).getUTCDate();
  switch (cadence) {
    case 'daily':
      return { start: date, end: date };
    case 'weekly': {
      const dow = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
      const start = addCalendarDays(date, -dow);
      return { start, end: addCalendarDays(start, 6) };
    }
    case 'monthly':
      return { start: `${y}-${pad(m)}-01`, end: `${y}-${pad(m)}-${pad(lastDay(y, m))}` };
    case 'quarterly': {
      const q0 = Math.floor((m - 1) / 3) * 3 + 1;
      return { start: `${y}-${pad(q0)}-01`, end: `${y}-${pad(q0 + 2)}-${pad(lastDay(y, q0 + 2))}` };
    }
  }
}

/** How many units a period's draw selects: the coverage target of the population, at least one when any exist. */
export function drawSize(population: number, coverageTargetPct: number): number {
  if (population === 0) return 0;
  return Math.min(population, Math.max(1, Math.ceil((population * coverageTargetPct) / 100)));
}

/** cyrb53: a small, well-distributed string hash (public domain), to turn the recorded seed into PRNG state. */
function cyrb53(str: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** mulberry32: a fast 32-bit PRNG; the same seed gives the same sequence on every machine. */
function mulberry32(a: number): () => number {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The first `k` of a seeded Fisher–Yates shuffle of `xs` (which it does not change). */
function sample<T>(xs: readonly T[], k: number, rand: () => number): T[] {
  const a = [...xs];
  const n = Math.min(k, a.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rand() * (a.length - i));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, n);
}

export interface DrawInput {
  /** Candidate enterprise ids (the plan's population), sorted. */
  population: readonly string[];
  /** Units due an inspection by their grade (差异化监管), a subset of the population, sorted. */
  mandatory: readonly string[];
  /** The inspector pool (执法检查人员名录库), sorted. */
  inspectors: readonly string[];
  size: number;
  inspectorsPerVisit: number;
  seed: string;
}

export interface DrawResult {
  selected: Array<{ enterpriseId: string; inspectorIds: string[] }>;
}

/**
 * 双随机: units due by grade come first (all of them when they fit in `size`, else a random `size` of them); the
 * rest of `size` is drawn at random from the others; each selected unit gets `inspectorsPerVisit` inspectors drawn at
 * random from the pool. Deterministic in its inputs.
 */
export function drawInspections(input: DrawInput): DrawResult {
  const rand = mulberry32(cyrb53(input.seed));
  const due = new Set(input.mandatory);
  const first =
    input.mandatory.length <= input.size ? [...input.mandatory] : sample(input.mandatory, input.size, rand);
  const rest = sample(
    input.population.filter((id) => !due.has(id)),
    input.size - first.length,
    rand,
  );
  return {
    selected: [...first, ...rest].map((enterpriseId) => ({
      enterpriseId,
      inspectorIds: sample(input.inspectors, input.inspectorsPerVisit, rand).sort(),
    })),
  };
}
