/**
 * The facts the score indicators count (domain/scores/indicators.ts), as SQL: one predicate per fact, written once
 * here and used twice — aggregated per enterprise for a month's computation, and row by row for an indicator's
 * drill-down (which lists exactly the records counted). Every fact is counted as of the month's end
 * (domain/scores/month.ts): only what happened before the next month's first day 00:00 Asia/Shanghai.
 *
 * - `loadRunInput(db, { root, month, scheme })` → the pure computation's input: facts per operating enterprise, major
 *   cases, units (regions, departments, grids) and grid memberships, in a handful of set-based statements
 * - `enterpriseFactsSql(...)`, `hazardFactPredicates(...)`: the shared predicates (drill-downs: db/queries/score-explain.ts)
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.js';
import { emptyFacts, factKeys, type FactKey, type Facts } from '../../domain/scores/indicators.js';
import type {
  DepartmentUnit,
  EnterpriseInput,
  GridUnit,
  LooseFacts,
  RegionLevel,
  RegionUnit,
  RunInput,
} from '../../domain/scores/compute.js';
import { regionLevels } from '../../domain/scores/compute.js';
import { monthBounds, type MonthBounds } from '../../domain/scores/month.js';
import type { ScoreScheme } from '../../domain/scores/scheme.js';

/** Rows of a raw statement (node-postgres and PGlite both answer { rows }). */
export const rowsOf = <T>(r: unknown): T[] => (r as { rows: T[] }).rows;

export interface FactParams {
  /** The jurisdiction's region path ('420000/420100/'): everything under it is counted. */
  rootPath: string;
  b: MonthBounds;
}

const like = (p: FactParams) => `${p.rootPath}%`;

/**
 * Per general hazard (table `general_hazards`, unaliased so a caller's scope predicate can sit beside it): the hazard predicates. The base (`hazardBase`) leaves out cancelled hazards (entered
 * by mistake: out of every count) and those reported after the month; `hazardWindow` keeps only those a fact of the
 * month can count, so the aggregate reads the month's slice, not the whole ledger.
 */
export function hazardFactPredicates(p: FactParams) {
  const { start, cutoff, first, last } = p.b;
  const reported = sql`general_hazards.reported_at >= ${start}::timestamptz`;
  const due = sql`general_hazards.deadline between ${first}::date and ${last}::date`;
  const closedBy = sql`(general_hazards.status = 'closed' and general_hazards.closed_at < ${cutoff}::timestamptz)`;
  // Red from the day after the deadline until it was closed: lit on some day of the month when that span meets it.
  const redStart = sql`(((general_hazards.deadline + 1)::timestamp at time zone 'UTC') - interval '8 hours')`;
  return {
    base: sql`general_hazards.region_path like ${like(p)} and general_hazards.status <> 'cancelled' and general_hazards.reported_at < ${cutoff}::timestamptz`,
    window: sql`(general_hazards.reported_at >= ${start}::timestamptz or general_hazards.deadline >= ${first}::date or general_hazards.status in ('open', 'reopened') or general_hazards.closed_at >= ${start}::timestamptz)`,
    reported,
    reportedInTime: sql`${reported} and not general_hazards.reported_late`,
    rectified: sql`${reported} and ${closedBy}`,
    due,
    dueOnTime: sql`${due} and ${closedBy} and general_hazards.on_time`,
    overdueOpen: sql`general_hazards.deadline <= ${last}::date and not ${closedBy}`,
    red: sql`general_hazards.deadline < ${last}::date and (general_hazards.status <> 'closed' or general_hazards.closed_at > greatest(${start}::timestamptz, ${redStart}))`,
  };
}

/** The 一企一档 fields an enterprise's data must hold to count as complete (企业信息完整率). */
export const REQUIRED_ENTERPRISE_FIELDS = [
  'address',
  'principal_name',
  'principal_phone',
  'safety_manager_name',
  'safety_manager_phone',
] as const;

/**
 * One row per operating enterprise under the root (optionally narrowed by `extra`, a predicate on table `enterprises`), with
 * `facts`: the enterprise facts in `factKeys` order (the major-case facts and the class come later, 0 here).
 * Suspended and closed enterprises are left out (out of every average); one whose status changed after the month was
 * operating in it. The register keeps no history of when a unit began operating or opened its account: a unit on the
 * register now counts in the months it was not suspended or closed (a recomputation shows what a registration added).
 */
export function enterpriseFactsSql(p: FactParams, extra: SQL = sql`true`): SQL {
  const { start, cutoff, first, last, previousFirst, previousLast } = p.b;
  const h = hazardFactPredicates(p);
  const complete = sql.raw(
    [
      ...REQUIRED_ENTERPRISE_FIELDS.map((f) => `coalesce(e.${f}, '') <> ''`),
      `e.risk_colour <> 'unassessed'`,
      `e.management_level <> 'unassessed'`,
    ].join(' and '),
  );
  const cols: Record<FactKey, SQL> = {
    active: sql`1`,
    checklist: sql`coalesce(cl.compiled, false)::int`,
    checklistAccepted: sql`coalesce(cl.accepted, false)::int`,
    online: sql`(acc.enterprise_id is not null)::int`,
    dataComplete: sql`(${complete})::int`,
    reported: sql`coalesce(h.reported, 0)`,
    reportedInTime: sql`coalesce(h.reported_in_time, 0)`,
    rectified: sql`coalesce(h.rectified, 0)`,
    due: sql`coalesce(h.due, 0)`,
    dueOnTime: sql`coalesce(h.due_on_time, 0)`,
    overdueOpen: sql`coalesce(h.overdue_open, 0)`,
    redLit: sql`coalesce(h.red, false)::int`,
    redFollowed: sql`(coalesce(h.red, false) and (coalesce(ev.followed, false) or ins.enterprise_id is not null))::int`,
    notRed: sql`(not coalesce(h.red, false))::int`,
    otherChecked: sql`(not coalesce(h.red, false) and (coalesce(ev.spot_checked, false) or ins.enterprise_id is not null))::int`,
    inspected: sql`(ins.enterprise_id is not null)::int`,
    selfReportsDue: sql`coalesce(sr.due, 0)`,
    selfReportsOnTime: sql`coalesce(sr.on_time, 0)`,
    inGrid: sql`(ge.enterprise_id is not null)::int`,
    patrolled: sql`(ge.enterprise_id is not null and pt.enterprise_id is not null)::int`,
    planned: sql`0`,
    planDone: sql`0`,
    majorListed: sql`0`,
    majorClosed: sql`0`,
    majorClosedOnTime: sql`0`,
    majorOverdue: sql`0`,
    majorEscalated: sql`0`,
    scored: sql`0`,
    fourthClass: sql`0`,
  };
  const facts = sql.join(
    factKeys.map((k) => cols[k]),
    sql`, `,
  );
  return sql`
    with e as (
      select enterprises.* from enterprises
      where enterprises.region_path like ${like(p)}
        and (enterprises.status = 'operating' or enterprises.status_changed_at > ${last}::date) and ${extra}
    ),
    h as (
      select general_hazards.enterprise_id,
        count(*) filter (where ${h.reported})::int as reported,
        count(*) filter (where ${h.reportedInTime})::int as reported_in_time,
        count(*) filter (where ${h.rectified})::int as rectified,
        count(*) filter (where ${h.due})::int as due,
        count(*) filter (where ${h.dueOnTime})::int as due_on_time,
        count(*) filter (where ${h.overdueOpen})::int as overdue_open,
        bool_or(${h.red}) as red
      from general_hazards
      where ${h.base} and ${h.window}
      group by general_hazards.enterprise_id
    ),
    ev as (
      select general_hazards.enterprise_id,
        bool_or(x.type = 'followed_up') as followed,
        bool_or(x.type = 'spot_checked') as spot_checked
      from general_hazard_events x join general_hazards on general_hazards.id = x.hazard_id
      where x.type in ('followed_up', 'spot_checked') and x.at >= ${start}::timestamptz and x.at < ${cutoff}::timestamptz
        and general_hazards.region_path like ${like(p)}
      group by general_hazards.enterprise_id
    ),
    ins as (
      select i.enterprise_id from inspections i
      where i.status = 'done' and i.inspected_on between ${first}::date and ${last}::date and i.region_path like ${like(p)}
      group by i.enterprise_id
    ),
    cl as (
      select c.enterprise_id,
        bool_or(c.status in ('submitted', 'accepted') and c.submitted_at < ${cutoff}::timestamptz) as compiled,
        bool_or(c.status = 'accepted' and c.reviewed_at < ${cutoff}::timestamptz) as accepted
      from checklists c where c.enterprise_id in (select id from e)
      group by c.enterprise_id
    ),
    acc as (
      select u.enterprise_id from users u
      where u.role = 'enterprise' and u.active and coalesce(u.phone, '') <> ''
        and u.enterprise_id in (select id from e)
      group by u.enterprise_id
    ),
    srp as (
      select x.enterprise_id, x.period_start, bool_or(x.on_time) as on_time from (
        select s.enterprise_id, s.period_start, (s.on_time and s.submitted_at < ${cutoff}::timestamptz) as on_time
        from self_reports s
        where s.period_start between ${previousFirst}::date and ${previousLast}::date and s.enterprise_id in (select id from e)
        union all
        select f.enterprise_id, f.period_start, false from self_report_flags f
        where f.kind = 'missing' and f.period_start between ${previousFirst}::date and ${previousLast}::date
          and f.region_path like ${like(p)}
      ) x group by x.enterprise_id, x.period_start
    ),
    sr as (
      select enterprise_id, count(*)::int as due, (count(*) filter (where on_time))::int as on_time
      from srp group by enterprise_id
    ),
    ge as (
      select m.enterprise_id from grid_enterprises m
      where m.assigned_on <= ${last}::date and m.enterprise_id in (select id from e)
      group by m.enterprise_id
    ),
    pt as (
      select t.enterprise_id from patrols t
      where t.patrolled_on between ${first}::date and ${last}::date and t.region_path like ${like(p)}
      group by t.enterprise_id
    )
    select e.id, e.name, e.region_path as "regionPath", e.department_id as "departmentId",
      e.industry_category as "industryCategory", e.industry_code as "industryCode",
      array[${facts}]::int[] as facts
    from e
      left join h on h.enterprise_id = e.id
      left join ev on ev.enterprise_id = e.id
      left join ins on ins.enterprise_id = e.id
      left join cl on cl.enterprise_id = e.id
      left join acc on acc.enterprise_id = e.id
      left join sr on sr.enterprise_id = e.id
      left join ge on ge.enterprise_id = e.id
      left join pt on pt.enterprise_id = e.id`;
}

/** Per major case (table `cases`, unaliased): the case predicates of the month. */
export function caseFactPredicates(p: FactParams) {
  const { start, cutoff } = p.b;
  const closedIn = sql`cases.status = 'closed' and cases.closed_at >= ${start}::timestamptz and cases.closed_at < ${cutoff}::timestamptz`;
  return {
    base: sql`cases.region_path like ${like(p)} and cases.listed_at < ${cutoff}::timestamptz`,
    listed: sql`cases.listed_at >= ${start}::timestamptz`,
    closed: closedIn,
    closedOnTime: sql`${closedIn} and cases.overdue_since is null`,
    overdue: sql`cases.overdue_since < ${cutoff}::timestamptz and (cases.closed_at is null or cases.closed_at >= ${cutoff}::timestamptz)`,
  };
}

/** Escalations (alias `x`, joined to its case) that count as 升级督办: every rung from 督办函 up, in the month. */
export function escalationPredicate(p: FactParams): SQL {
  return sql`cases.region_path like ${like(p)} and x.step <> 'warning' and x.triggered_at >= ${p.b.start}::timestamptz and x.triggered_at < ${p.b.cutoff}::timestamptz`;
}

/** Per general hazard found by a specialised department's inspections (alias `g`, plan `pl`). */
export const specialisedHazards = (p: FactParams) => {
  const h = hazardFactPredicates(p);
  return sql`from general_hazards
    join inspections i on i.id = general_hazards.source_ref
    join inspection_plans pl on pl.id = i.plan_id
    where general_hazards.source = 'inspection' and ${h.base}`;
};

/** Inspections a specialised department's plans owed in the month (alias `i`, plan `pl`). */
export const plannedInspections = (p: FactParams) =>
  sql`i.status <> 'cancelled' and i.due_on between ${p.b.first}::date and ${p.b.last}::date`;
export const planDone = (p: FactParams) => sql`i.status = 'done' and i.inspected_on <= ${p.b.last}::date`;

interface CaseFactRow {
  enterpriseId: string | null;
  regionPath: string;
  departmentId: string | null;
  listed: number;
  closed: number;
  closedOnTime: number;
  overdue: number;
  escalated: number;
}

async function caseFacts(db: Db, p: FactParams): Promise<CaseFactRow[]> {
  const c = caseFactPredicates(p);
  const r = await db.execute(sql`
    select enterprise_id as "enterpriseId", region_path as "regionPath", department_id as "departmentId",
      sum(listed)::int as listed, sum(closed)::int as closed, sum(closed_on_time)::int as "closedOnTime",
      sum(overdue)::int as overdue, sum(escalated)::int as escalated
    from (
      select cases.enterprise_id, cases.region_path, cases.department_id,
        count(*) filter (where ${c.listed}) as listed,
        count(*) filter (where ${c.closed}) as closed,
        count(*) filter (where ${c.closedOnTime}) as closed_on_time,
        count(*) filter (where ${c.overdue}) as overdue,
        0 as escalated
      from cases where ${c.base}
      group by 1, 2, 3
      union all
      select cases.enterprise_id, cases.region_path, cases.department_id, 0, 0, 0, 0, count(*)
      from escalations x join cases on cases.id = x.case_id where ${escalationPredicate(p)}
      group by 1, 2, 3
    ) t
    group by 1, 2, 3
    having sum(listed) + sum(closed) + sum(overdue) + sum(escalated) > 0`);
  return rowsOf<CaseFactRow>(r);
}

async function specialisedFacts(db: Db, p: FactParams, ids: string[]): Promise<Map<string, Facts>> {
  const out = new Map<string, Facts>();
  if (ids.length === 0) return out;
  const h = hazardFactPredicates(p);
  const idList = sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const [hz, plans] = await Promise.all([
    db.execute(sql`
      with found as (
        select pl.department_id, general_hazards.id, general_hazards.enterprise_id,
          (${h.due}) as due, (${h.dueOnTime}) as due_on_time, (${h.red}) as red
        ${specialisedHazards(p)} and pl.department_id in (${idList}) and ${h.window}
      ),
      fu as (
        select distinct f.department_id, f.enterprise_id from found f
        join general_hazard_events x on x.hazard_id = f.id
        where f.red and x.type = 'followed_up' and x.at >= ${p.b.start}::timestamptz and x.at < ${p.b.cutoff}::timestamptz
      )
      select f.department_id as "departmentId",
        (count(*) filter (where f.due))::int as due,
        (count(*) filter (where f.due_on_time))::int as "dueOnTime",
        (count(distinct f.enterprise_id) filter (where f.red))::int as "redLit",
        (select count(*) from fu where fu.department_id = f.department_id)::int as "redFollowed"
      from found f group by f.department_id`),
    db.execute(sql`
      select pl.department_id as "departmentId",
        (count(*) filter (where ${plannedInspections(p)}))::int as planned,
        (count(*) filter (where ${plannedInspections(p)} and ${planDone(p)}))::int as "planDone"
      from inspections i join inspection_plans pl on pl.id = i.plan_id
      where pl.department_id in (${idList})
      group by pl.department_id`),
  ]);
  const of = (id: string) => {
    let f = out.get(id);
    if (!f) out.set(id, (f = emptyFacts()));
    return f;
  };
  for (const r of rowsOf<{
    departmentId: string;
    due: number;
    dueOnTime: number;
    redLit: number;
    redFollowed: number;
  }>(hz)) {
    Object.assign(of(r.departmentId), {
      due: r.due,
      dueOnTime: r.dueOnTime,
      redLit: r.redLit,
      redFollowed: r.redFollowed,
    });
  }
  for (const r of rowsOf<{ departmentId: string; planned: number; planDone: number }>(plans))
    Object.assign(of(r.departmentId), { planned: r.planned, planDone: r.planDone });
  return out;
}

const toFacts = (arr: readonly number[]): Facts => {
  const f = emptyFacts();
  factKeys.forEach((k, i) => (f[k] = arr[i] ?? 0));
  return f;
};

/** Everything the computation of `month` for the jurisdiction `root` reads, in a handful of set-based statements. */
export async function loadRunInput(
  db: Db,
  p: { root: RegionUnit; month: string; scheme: ScoreScheme },
): Promise<Omit<RunInput, 'previous'>> {
  const fp: FactParams = { rootPath: p.root.path, b: monthBounds(p.month) };
  const levels = sql.join(
    regionLevels.map((l) => sql`${l}`),
    sql`, `,
  );
  const [ents, cases, regionRows, deptRows, gridRows, memberRows] = await Promise.all([
    db.execute(enterpriseFactsSql(fp)),
    caseFacts(db, fp),
    db.execute(
      sql`select code, name, level, path from regions where path like ${like(fp)} and level in (${levels}) order by path`,
    ),
    db.execute(sql`
      select d.id, d.name, d.region_code as "regionCode", r.path as "regionPath",
        (cardinality(d.industry_codes) = 0) as specialised
      from departments d join regions r on r.code = d.region_code
      where r.path like ${like(fp)} order by d.name, d.id`),
    db.execute(
      sql`select id, name, region_path as "regionPath" from grids where region_path like ${like(fp)} order by code`,
    ),
    db.execute(sql`
      select m.grid_id as "gridId", m.enterprise_id as "enterpriseId" from grid_enterprises m
      join grids g on g.id = m.grid_id
      where g.region_path like ${like(fp)} and m.assigned_on <= ${fp.b.last}::date
      order by 1, 2`),
  ]);
  const enterprises: EnterpriseInput[] = rowsOf<Omit<EnterpriseInput, 'facts'> & { facts: number[] }>(
    ents,
  ).map((r) => ({ ...r, facts: toFacts(r.facts) }));
  enterprises.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const byId = new Map(enterprises.map((e) => [e.id, e]));
  const loose: LooseFacts[] = [];
  for (const c of cases) {
    const f: Partial<Facts> = {
      majorListed: c.listed,
      majorClosed: c.closed,
      majorClosedOnTime: c.closedOnTime,
      majorOverdue: c.overdue,
      majorEscalated: c.escalated,
    };
    const e = c.enterpriseId ? byId.get(c.enterpriseId) : undefined;
    if (e) for (const [k, v] of Object.entries(f) as [FactKey, number][]) e.facts[k] += v;
    // A case naming no enterprise, or one no longer operating, still counts for its region and department.
    else loose.push({ regionPath: c.regionPath, departmentId: c.departmentId, facts: f });
  }
  const departments = rowsOf<Omit<DepartmentUnit, 'facts'>>(deptRows);
  const specialised = await specialisedFacts(
    db,
    fp,
    departments.filter((d) => d.specialised).map((d) => d.id),
  );
  const regions = rowsOf<{ code: string; name: string; level: RegionLevel; path: string }>(regionRows);
  return {
    scheme: p.scheme,
    root: p.root,
    regions,
    enterprises,
    departments: departments.map((d) =>
      d.specialised ? { ...d, facts: specialised.get(d.id) ?? emptyFacts() } : d,
    ),
    grids: rowsOf<GridUnit>(gridRows),
    gridMembers: rowsOf<{ gridId: string; enterpriseId: string }>(memberRows).map(
      (m) => [m.gridId, m.enterpriseId] as const,
    ),
    loose,
  };
}
