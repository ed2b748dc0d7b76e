/**
 * Explanations of a score (可追溯): a unit's indicators with their facts and points as frozen in the run, and for any
 * indicator the exact records it counted — enterprises, general hazards, self-report periods, major cases,
 * escalations or inspections — listed through the same predicates the computation used (db/queries/score-facts.ts),
 * in the caller's scope, each marked as counted in the numerator and/or the denominator.
 *
 * The list is drawn from today's rows as they stood at the month's end; when the caller sees the whole unit and the
 * list's counts differ from the frozen facts, a record dated inside the month changed since the run (the answer says so).
 *
 * - `unitScore(db, scope, { runId, level, unitId })` → the unit row, its run and scheme section items
 * - `indicatorRecords(db, scope, { run, unit, indicator, counted, offset, limit })` → one page of records
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.js';
import { scoreRuns, unitScores } from '../schema/index.js';
import { DomainError } from '../../domain/errors.js';
import {
  factKeys,
  indicators,
  type CountedRecords,
  type FactKey,
  type IndicatorCode,
  type IndicatorSpec,
} from '../../domain/scores/indicators.js';
import { monthBounds } from '../../domain/scores/month.js';
import { regionLevels, type UnitLevel } from '../../domain/scores/compute.js';
import type { ScoreScheme, SchemeSection } from '../../domain/scores/scheme.js';
import {
  caseFactPredicates,
  enterpriseFactsSql,
  escalationPredicate,
  hazardFactPredicates,
  planDone,
  plannedInspections,
  rowsOf,
  type FactParams,
} from './score-facts.js';
import { unitScoresInScope, type ScoreRunRow, type UnitScoreRow } from './score-runs.js';
import { casesInScope, enterprisesInScope, type Scope } from './scope.js';
import { hazardsInScope } from './hazard-scope.js';

export interface UnitWithRun {
  run: ScoreRunRow;
  unit: UnitScoreRow;
  section: SchemeSection;
}

/** A unit's score in a run, if the caller may see it. */
export async function unitScore(
  db: Db,
  scope: Scope,
  p: { runId: string; level: UnitLevel; unitId: string },
): Promise<UnitWithRun> {
  const [row] = await db
    .select({ unit: unitScores, run: scoreRuns })
    .from(unitScores)
    .innerJoin(scoreRuns, eq(scoreRuns.id, unitScores.runId))
    .where(
      and(
        eq(unitScores.runId, p.runId),
        eq(unitScores.level, p.level),
        eq(unitScores.unitId, p.unitId),
        unitScoresInScope(scope),
      ),
    );
  if (!row) throw new DomainError('NOT_FOUND', '考核单位不存在或不在您的辖区内');
  return { ...row, section: row.unit.section as SchemeSection };
}

/** The frozen facts of a unit row, by key. */
export const factsOf = (u: UnitScoreRow): Record<FactKey, number> =>
  Object.fromEntries(factKeys.map((k, i) => [k, u.facts[i] ?? 0])) as Record<FactKey, number>;

/** Which kind of record each fact counts. */
const FACT_RECORDS: Record<FactKey, CountedRecords> = {
  active: 'enterprises',
  checklist: 'enterprises',
  checklistAccepted: 'enterprises',
  online: 'enterprises',
  dataComplete: 'enterprises',
  reported: 'hazards',
  reportedInTime: 'hazards',
  rectified: 'hazards',
  due: 'hazards',
  dueOnTime: 'hazards',
  overdueOpen: 'hazards',
  redLit: 'enterprises',
  redFollowed: 'enterprises',
  notRed: 'enterprises',
  otherChecked: 'enterprises',
  inspected: 'enterprises',
  selfReportsDue: 'self_reports',
  selfReportsOnTime: 'self_reports',
  inGrid: 'enterprises',
  patrolled: 'enterprises',
  planned: 'inspections',
  planDone: 'inspections',
  majorListed: 'cases',
  majorClosed: 'cases',
  majorClosedOnTime: 'cases',
  majorOverdue: 'cases',
  majorEscalated: 'escalations',
  scored: 'enterprises',
  fourthClass: 'enterprises',
};

/** The operating enterprises a unit answers for (table `enterprises`). */
function unitEnterprises(u: UnitScoreRow, b: FactParams['b']): SQL {
  const operating = sql`(enterprises.status = 'operating' or enterprises.status_changed_at > ${b.last}::date)`;
  switch (u.level as UnitLevel) {
    case 'enterprise':
      return sql`enterprises.id::text = ${u.unitId} and ${operating}`;
    case 'department':
      return sql`enterprises.department_id::text = ${u.unitId} and ${operating}`;
    case 'grid':
      return sql`enterprises.id in (select m.enterprise_id from grid_enterprises m where m.grid_id::text = ${u.unitId} and m.assigned_on <= ${b.last}::date) and ${operating}`;
    default:
      return sql`enterprises.region_path like ${`${u.regionPath}%`} and ${operating}`;
  }
}

export interface RecordColumn {
  key: string;
  header: string;
}

/** The columns each kind of record lists (the console's table and the export share them). */
export const RECORD_COLUMNS: Record<CountedRecords, RecordColumn[]> = {
  enterprises: [
    { key: 'name', header: '企业名称' },
    { key: 'creditCode', header: '统一社会信用代码' },
    { key: 'regionName', header: '所属区域' },
    { key: 'industryCategory', header: '行业' },
  ],
  hazards: [
    { key: 'hazardNo', header: '隐患编号' },
    { key: 'enterpriseName', header: '企业名称' },
    { key: 'description', header: '隐患描述' },
    { key: 'foundOn', header: '发现日期' },
    { key: 'reportedAt', header: '上报时间' },
    { key: 'deadline', header: '整改期限' },
    { key: 'status', header: '状态' },
    { key: 'rectifiedOn', header: '整改日期' },
  ],
  self_reports: [
    { key: 'enterpriseName', header: '企业名称' },
    { key: 'periodStart', header: '自查期起' },
    { key: 'dueOn', header: '报送截止' },
    { key: 'submittedAt', header: '报送时间' },
  ],
  cases: [
    { key: 'caseNo', header: '案件编号' },
    { key: 'title', header: '隐患名称' },
    { key: 'enterpriseName', header: '企业名称' },
    { key: 'status', header: '状态' },
    { key: 'listedAt', header: '挂牌时间' },
    { key: 'closedAt', header: '闭环时间' },
  ],
  escalations: [
    { key: 'caseNo', header: '案件编号' },
    { key: 'title', header: '隐患名称' },
    { key: 'step', header: '督办措施' },
    { key: 'triggeredAt', header: '发起时间' },
  ],
  inspections: [
    { key: 'enterpriseName', header: '企业名称' },
    { key: 'dueOn', header: '应检日期' },
    { key: 'status', header: '状态' },
    { key: 'inspectedOn', header: '检查日期' },
  ],
};

export interface IndicatorRecords {
  counts: CountedRecords;
  columns: RecordColumn[];
  /** Which side of the indicator the listed records are: both (a rate of one kind), or the numerator only. */
  lists: 'both' | 'numerator';
  rows: Array<Record<string, unknown> & { id: string; inNumerator: boolean; inDenominator: boolean | null }>;
  total: number;
  summary: {
    numerator: number;
    denominator: number | null;
    frozen: { numerator: number; denominator: number | null };
    /** The caller sees every record of the unit: `numerator`/`denominator` are the unit's own, comparable with `frozen`. */
    complete: boolean;
    /** Complete and equal to the frozen facts: the list explains the published figure exactly. */
    matches: boolean | null;
  };
}

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v);

/** Whether the caller's scope covers a unit entirely (then the list's counts are the unit's). */
function coversUnit(scope: Scope, u: UnitScoreRow): boolean {
  if (scope.role === 'admin') return true;
  if ((scope.role === 'supervisor' || scope.role === 'leader') && !scope.departmentIndustries)
    return !!scope.regionPath && u.regionPath.startsWith(scope.regionPath);
  return u.level === 'enterprise' && scope.role === 'enterprise' && scope.enterpriseId === u.unitId;
}

export async function indicatorRecords(
  db: Db,
  scope: Scope,
  p: {
    target: UnitWithRun;
    indicator: IndicatorCode;
    counted?: 'numerator' | 'denominator' | 'all';
    offset: number;
    limit: number;
  },
): Promise<IndicatorRecords> {
  const { run, unit, section } = p.target;
  const scheme = run.scheme as ScoreScheme;
  if (!scheme.sections[section].some((it) => it.indicator === p.indicator))
    throw new DomainError('NOT_FOUND', '该单位的考核指标中没有此项', {
      indicator: '该单位的考核指标中没有此项',
    });
  const spec: IndicatorSpec = indicators[p.indicator];
  const fp: FactParams = { rootPath: run.rootPath, b: monthBounds(run.month) };
  const numKind = FACT_RECORDS[spec.numerator];
  const sameKind = !!spec.denominator && FACT_RECORDS[spec.denominator] === numKind;
  const counts: CountedRecords = spec.counts;
  const frozenFacts = factsOf(unit);
  const frozen = {
    numerator: frozenFacts[spec.numerator],
    denominator: spec.denominator ? frozenFacts[spec.denominator] : null,
  };
  const specialised = section === 'specialised_department';
  let all: IndicatorRecords['rows'];
  if (spec.numerator === 'fourthClass' || spec.numerator === 'scored')
    all = await fourthClassRows(db, scope, run, unit, fp);
  else if (numKind === 'enterprises')
    all = specialised
      ? await specialisedRedRows(db, scope, unit, fp)
      : await enterpriseRows(db, scope, unit, fp, spec);
  else if (numKind === 'hazards') all = await hazardRows(db, scope, unit, fp, spec, specialised);
  else if (numKind === 'self_reports') all = await selfReportRows(db, scope, unit, fp);
  else if (numKind === 'cases') all = await caseRows(db, scope, unit, fp, spec);
  else if (numKind === 'escalations') all = await escalationRows(db, scope, unit, fp);
  else all = await inspectionRows(db, scope, unit, fp);
  if (!sameKind) for (const r of all) r.inDenominator = null;
  const numerator = all.filter((r) => r.inNumerator).length;
  const denominator = sameKind ? all.filter((r) => r.inDenominator).length : null;
  const complete = coversUnit(scope, unit);
  const filtered =
    p.counted === 'numerator'
      ? all.filter((r) => r.inNumerator)
      : p.counted === 'denominator'
        ? all.filter((r) => r.inDenominator !== false)
        : all;
  return {
    counts,
    columns: RECORD_COLUMNS[counts],
    lists: sameKind ? 'both' : 'numerator',
    rows: filtered.slice(p.offset, p.offset + p.limit),
    total: filtered.length,
    summary: {
      numerator,
      denominator,
      frozen,
      complete,
      matches: complete
        ? numerator === frozen.numerator && (denominator === null || denominator === frozen.denominator)
        : null,
    },
  };
}

type Rows = IndicatorRecords['rows'];

async function enterpriseRows(
  db: Db,
  scope: Scope,
  unit: UnitScoreRow,
  fp: FactParams,
  spec: IndicatorSpec,
): Promise<Rows> {
  const num = factKeys.indexOf(spec.numerator);
  const den = spec.denominator ? factKeys.indexOf(spec.denominator) : -1;
  const r = await db.execute(sql`
    select f.*, enterprises.credit_code as "creditCode", regions.name as "regionName"
    from (${enterpriseFactsSql(fp, and(unitEnterprises(unit, fp.b), enterprisesInScope(scope))!)}) f
    join enterprises on enterprises.id = f.id
    left join regions on regions.code = enterprises.region_code
    order by f.name, f.id`);
  return rowsOf<{
    id: string;
    name: string;
    creditCode: string;
    regionName: string | null;
    industryCategory: string;
    facts: number[];
  }>(r)
    .map((x) => ({
      id: x.id,
      name: x.name,
      creditCode: x.creditCode,
      regionName: x.regionName,
      industryCategory: x.industryCategory,
      inNumerator: (x.facts[num] ?? 0) > 0,
      inDenominator: den >= 0 ? (x.facts[den] ?? 0) > 0 : null,
    }))
    .filter((x) => x.inNumerator || x.inDenominator);
}

/** 四类水平占比: the enterprises scored in this run (frozen), flagged when in the follow-up class. */
async function fourthClassRows(
  db: Db,
  scope: Scope,
  run: ScoreRunRow,
  unit: UnitScoreRow,
  fp: FactParams,
): Promise<Rows> {
  const r = await db.execute(sql`
    select u.unit_id as id, u.name, u.total, u.class_name as "className", u.flagged, enterprises.credit_code as "creditCode",
      regions.name as "regionName", enterprises.industry_category as "industryCategory"
    from unit_scores u
    join enterprises on enterprises.id::text = u.unit_id
    left join regions on regions.code = enterprises.region_code
    where u.run_id = ${run.id} and u.level = 'enterprise' and ${unitEnterprises(unit, fp.b)} and ${enterprisesInScope(scope)}
    order by u.total, u.name`);
  return rowsOf<{ id: string; flagged: boolean } & Record<string, unknown>>(r).map((x) => ({
    ...x,
    inNumerator: x.flagged,
    inDenominator: true,
  }));
}

/** A specialised department's red-lit enterprises: those with a red hazard among the ones its inspections found. */
async function specialisedRedRows(db: Db, scope: Scope, unit: UnitScoreRow, fp: FactParams): Promise<Rows> {
  const h = hazardFactPredicates(fp);
  const r = await db.execute(sql`
    select enterprises.id, enterprises.name, enterprises.credit_code as "creditCode", regions.name as "regionName",
      enterprises.industry_category as "industryCategory",
      bool_or(exists (select 1 from general_hazard_events x where x.hazard_id = general_hazards.id and x.type = 'followed_up'
        and x.at >= ${fp.b.start}::timestamptz and x.at < ${fp.b.cutoff}::timestamptz)) as followed
    from general_hazards
      join inspections i on i.id = general_hazards.source_ref
      join inspection_plans pl on pl.id = i.plan_id
      join enterprises on enterprises.id = general_hazards.enterprise_id
      left join regions on regions.code = enterprises.region_code
    where general_hazards.source = 'inspection' and ${h.base} and ${h.window} and ${h.red}
      and pl.department_id::text = ${unit.unitId} and ${hazardsInScope(scope)}
    group by enterprises.id, enterprises.name, enterprises.credit_code, regions.name, enterprises.industry_category
    order by enterprises.name`);
  return rowsOf<{ id: string; followed: boolean } & Record<string, unknown>>(r).map((x) => ({
    ...x,
    inNumerator: x.followed,
    inDenominator: true,
  }));
}

async function hazardRows(
  db: Db,
  scope: Scope,
  unit: UnitScoreRow,
  fp: FactParams,
  spec: IndicatorSpec,
  specialised: boolean,
): Promise<Rows> {
  const h = hazardFactPredicates(fp);
  const pred = h as unknown as Record<string, SQL>;
  const num = pred[spec.numerator]!;
  const den = spec.denominator && pred[spec.denominator] ? pred[spec.denominator]! : undefined;
  const membership = specialised
    ? sql`general_hazards.source = 'inspection' and general_hazards.source_ref in (select i.id from inspections i
        join inspection_plans pl on pl.id = i.plan_id where pl.department_id::text = ${unit.unitId})`
    : sql`general_hazards.enterprise_id in (select enterprises.id from enterprises where ${unitEnterprises(unit, fp.b)})`;
  const r = await db.execute(sql`
    select general_hazards.id, general_hazards.hazard_no as "hazardNo", enterprises.name as "enterpriseName",
      general_hazards.description, general_hazards.found_on as "foundOn", general_hazards.reported_at as "reportedAt",
      general_hazards.deadline, general_hazards.status, general_hazards.rectified_on as "rectifiedOn",
      (${num}) as "inNumerator", ${den ? sql`(${den})` : sql`null`} as "inDenominator"
    from general_hazards join enterprises on enterprises.id = general_hazards.enterprise_id
    where ${h.base} and ${h.window} and ${membership} and ${hazardsInScope(scope)}
      and ((${num}) ${den ? sql`or (${den})` : sql``})
    order by general_hazards.reported_at, general_hazards.hazard_no`);
  return rowsOf<Rows[number]>(r).map((x) => ({ ...x, reportedAt: iso(x.reportedAt) }));
}

async function selfReportRows(db: Db, scope: Scope, unit: UnitScoreRow, fp: FactParams): Promise<Rows> {
  const { previousFirst, previousLast, cutoff } = fp.b;
  const r = await db.execute(sql`
    select x.enterprise_id || ':' || x.period_start as id, enterprises.name as "enterpriseName", x.period_start as "periodStart",
      max(x.due_on) as "dueOn", max(x.submitted_at) as "submittedAt", bool_or(x.on_time) as "inNumerator", true as "inDenominator"
    from (
      select s.enterprise_id, s.period_start, s.due_on, s.submitted_at, (s.on_time and s.submitted_at < ${cutoff}::timestamptz) as on_time
      from self_reports s where s.period_start between ${previousFirst}::date and ${previousLast}::date
      union all
      select f.enterprise_id, f.period_start, null, null, false from self_report_flags f
      where f.kind = 'missing' and f.period_start between ${previousFirst}::date and ${previousLast}::date
    ) x join enterprises on enterprises.id = x.enterprise_id
    where ${unitEnterprises(unit, fp.b)} and ${enterprisesInScope(scope)}
    group by x.enterprise_id, x.period_start, enterprises.name
    order by enterprises.name, x.period_start`);
  return rowsOf<Rows[number]>(r).map((x) => ({ ...x, submittedAt: iso(x.submittedAt) }));
}

/** Major cases counted for a unit: those of its enterprises, and (territories, departments) those naming none. */
function unitCases(unit: UnitScoreRow, fp: FactParams): SQL {
  const ofEnterprises = sql`cases.enterprise_id in (select enterprises.id from enterprises where ${unitEnterprises(unit, fp.b)})`;
  const level = unit.level as UnitLevel;
  if ((regionLevels as readonly string[]).includes(level))
    return sql`(${ofEnterprises} or (cases.region_path like ${`${unit.regionPath}%`} and (cases.enterprise_id is null
      or cases.enterprise_id not in (select enterprises.id from enterprises where enterprises.status = 'operating' or enterprises.status_changed_at > ${fp.b.last}::date))))`;
  if (level === 'department')
    return sql`(${ofEnterprises} or (cases.department_id::text = ${unit.unitId} and (cases.enterprise_id is null
      or cases.enterprise_id not in (select enterprises.id from enterprises where enterprises.status = 'operating' or enterprises.status_changed_at > ${fp.b.last}::date))))`;
  return ofEnterprises;
}

async function caseRows(
  db: Db,
  scope: Scope,
  unit: UnitScoreRow,
  fp: FactParams,
  spec: IndicatorSpec,
): Promise<Rows> {
  const c = caseFactPredicates(fp);
  const pred: Partial<Record<FactKey, SQL>> = {
    majorListed: c.listed,
    majorClosed: c.closed,
    majorClosedOnTime: c.closedOnTime,
    majorOverdue: c.overdue,
  };
  const num = pred[spec.numerator]!;
  const den = spec.denominator ? pred[spec.denominator] : undefined;
  const r = await db.execute(sql`
    select cases.id, cases.case_no as "caseNo", cases.title, cases.enterprise_name as "enterpriseName", cases.status,
      cases.listed_at as "listedAt", cases.closed_at as "closedAt",
      (${num}) as "inNumerator", ${den ? sql`(${den})` : sql`null`} as "inDenominator"
    from cases
    where ${c.base} and ${unitCases(unit, fp)} and ${casesInScope(scope)} and ((${num}) ${den ? sql`or (${den})` : sql``})
    order by cases.case_no`);
  return rowsOf<Rows[number]>(r).map((x) => ({ ...x, listedAt: iso(x.listedAt), closedAt: iso(x.closedAt) }));
}

async function escalationRows(db: Db, scope: Scope, unit: UnitScoreRow, fp: FactParams): Promise<Rows> {
  const r = await db.execute(sql`
    select x.id, cases.case_no as "caseNo", cases.title, x.step, x.triggered_at as "triggeredAt",
      true as "inNumerator", null as "inDenominator"
    from escalations x join cases on cases.id = x.case_id
    where ${escalationPredicate(fp)} and ${unitCases(unit, fp)} and ${casesInScope(scope)}
    order by x.triggered_at`);
  return rowsOf<Rows[number]>(r).map((x) => ({ ...x, triggeredAt: iso(x.triggeredAt) }));
}

async function inspectionRows(db: Db, scope: Scope, unit: UnitScoreRow, fp: FactParams): Promise<Rows> {
  const r = await db.execute(sql`
    select i.id, enterprises.name as "enterpriseName", i.due_on as "dueOn", i.status, i.inspected_on as "inspectedOn",
      (${planDone(fp)}) as "inNumerator", true as "inDenominator"
    from inspections i join inspection_plans pl on pl.id = i.plan_id join enterprises on enterprises.id = i.enterprise_id
    where pl.department_id::text = ${unit.unitId} and ${plannedInspections(fp)} and ${enterprisesInScope(scope)}
    order by i.due_on, enterprises.name`);
  return rowsOf<Rows[number]>(r);
}
