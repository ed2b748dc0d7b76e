/**
 * The baseline of bench/scores.ts: ONE hand-written SQL statement computing, for every unit of a jurisdiction's month
 * (the city, its districts and streets, every grid, every department, every operating enterprise), the facts behind
 * every indicator of the catalogue (domain/scores/indicators.ts: each indicator is a ratio of two of them) and the
 * enterprises' points under the default scheme's enterprise section, which 四类水平占比 needs. It is written from the
 * indicator definitions, not from the app's queries: facts as columns summed per unit with grouping by region codes,
 * department and grid in the same statement, where the app loads per-enterprise arrays and rolls them up in
 * TypeScript. The bench checks that it gives every unit the same facts as the app.
 *
 * Parameters: $1 root path pattern ('420000/420100/%'), $2 month start, $3 next month start (instants), $4 first day,
 * $5 last day, $6 first and $7 last day of the previous month (the self-report periods).
 */
const FACTS = [
  'active',
  'checklist',
  'checklist_accepted',
  'online',
  'data_complete',
  'reported',
  'reported_in_time',
  'rectified',
  'due',
  'due_on_time',
  'overdue_open',
  'red_lit',
  'red_followed',
  'not_red',
  'other_checked',
  'inspected',
  'self_reports_due',
  'self_reports_on_time',
  'in_grid',
  'patrolled',
  'planned',
  'plan_done',
  'major_listed',
  'major_closed',
  'major_closed_on_time',
  'major_overdue',
  'major_escalated',
  'scored',
  'fourth_class',
] as const;

const sums = (alias: string) => FACTS.map((f) => `sum(${alias}.${f})::int as ${f}`).join(', ');
const zeroOr = (alias: string) => FACTS.map((f) => `coalesce(${alias}.${f}, 0)`).join(', ');

export const BASELINE_SQL = `
with
e as (
  select id, region_path, department_id,
    (coalesce(address, '') <> '' and coalesce(principal_name, '') <> '' and coalesce(principal_phone, '') <> ''
      and coalesce(safety_manager_name, '') <> '' and coalesce(safety_manager_phone, '') <> ''
      and risk_colour <> 'unassessed' and management_level <> 'unassessed') as complete
  from enterprises
  where region_path like $1 and (status = 'operating' or status_changed_at > $5::date)
),
hz as (
  select enterprise_id,
    count(*) filter (where reported_at >= $2::timestamptz) as reported,
    count(*) filter (where reported_at >= $2::timestamptz and not reported_late) as reported_in_time,
    count(*) filter (where reported_at >= $2::timestamptz and status = 'closed' and closed_at < $3::timestamptz) as rectified,
    count(*) filter (where deadline between $4::date and $5::date) as due,
    count(*) filter (where deadline between $4::date and $5::date and status = 'closed' and closed_at < $3::timestamptz and on_time) as due_on_time,
    count(*) filter (where deadline <= $5::date and not (status = 'closed' and closed_at < $3::timestamptz)) as overdue_open,
    bool_or(deadline < $5::date and (status <> 'closed'
      or closed_at > greatest($2::timestamptz, (deadline + 1)::timestamp at time zone 'Asia/Shanghai'))) as red
  from general_hazards
  where region_path like $1 and status <> 'cancelled' and reported_at < $3::timestamptz
    and (reported_at >= $2::timestamptz or deadline >= $4::date or status in ('open', 'reopened') or closed_at >= $2::timestamptz)
  group by enterprise_id
),
ev as (
  select g.enterprise_id, bool_or(x.type = 'followed_up') as followed, bool_or(x.type = 'spot_checked') as checked
  from general_hazard_events x join general_hazards g on g.id = x.hazard_id
  where x.type in ('followed_up', 'spot_checked') and x.at >= $2::timestamptz and x.at < $3::timestamptz
    and g.region_path like $1
  group by g.enterprise_id
),
ins as (
  select distinct enterprise_id from inspections
  where status = 'done' and inspected_on between $4::date and $5::date and region_path like $1
),
cl as (
  select enterprise_id,
    bool_or(status in ('submitted', 'accepted') and submitted_at < $3::timestamptz) as compiled,
    bool_or(status = 'accepted' and reviewed_at < $3::timestamptz) as accepted
  from checklists where enterprise_id in (select id from e) group by enterprise_id
),
acc as (
  select distinct enterprise_id from users
  where role = 'enterprise' and active and coalesce(phone, '') <> '' and enterprise_id in (select id from e)
),
sr as (
  select enterprise_id, count(*) as due, count(*) filter (where ok) as on_time
  from (
    select enterprise_id, period_start, bool_or(ok) as ok from (
      select enterprise_id, period_start, (on_time and submitted_at < $3::timestamptz) as ok
      from self_reports where period_start between $6::date and $7::date and enterprise_id in (select id from e)
      union all
      select enterprise_id, period_start, false from self_report_flags
      where kind = 'missing' and period_start between $6::date and $7::date and enterprise_id in (select id from e)
    ) p group by 1, 2
  ) q group by enterprise_id
),
ge as (
  select distinct enterprise_id from grid_enterprises where assigned_on <= $5::date and enterprise_id in (select id from e)
),
pt as (
  select distinct enterprise_id from patrols where patrolled_on between $4::date and $5::date and region_path like $1
),
mc as (
  select enterprise_id, region_path, department_id,
    sum(listed) as major_listed, sum(closed) as major_closed, sum(closed_on_time) as major_closed_on_time,
    sum(overdue) as major_overdue, sum(escalated) as major_escalated
  from (
    select enterprise_id, region_path, department_id,
      (listed_at >= $2::timestamptz)::int as listed,
      (status = 'closed' and closed_at >= $2::timestamptz and closed_at < $3::timestamptz)::int as closed,
      (status = 'closed' and closed_at >= $2::timestamptz and closed_at < $3::timestamptz and overdue_since is null)::int as closed_on_time,
      (overdue_since < $3::timestamptz and (closed_at is null or closed_at >= $3::timestamptz))::int as overdue,
      0 as escalated
    from cases where region_path like $1 and listed_at < $3::timestamptz
    union all
    select c.enterprise_id, c.region_path, c.department_id, 0, 0, 0, 0, 1
    from escalations x join cases c on c.id = x.case_id
    where c.region_path like $1 and x.step <> 'warning' and x.triggered_at >= $2::timestamptz and x.triggered_at < $3::timestamptz
  ) t group by 1, 2, 3
),
me as (
  select enterprise_id, sum(major_listed) as major_listed, sum(major_closed) as major_closed,
    sum(major_closed_on_time) as major_closed_on_time, sum(major_overdue) as major_overdue,
    sum(major_escalated) as major_escalated
  from mc where enterprise_id is not null group by 1
),
ef as (
  select e.id, e.region_path, e.department_id,
    1 as active,
    coalesce(cl.compiled, false)::int as checklist,
    coalesce(cl.accepted, false)::int as checklist_accepted,
    (acc.enterprise_id is not null)::int as online,
    e.complete::int as data_complete,
    coalesce(hz.reported, 0) as reported,
    coalesce(hz.reported_in_time, 0) as reported_in_time,
    coalesce(hz.rectified, 0) as rectified,
    coalesce(hz.due, 0) as due,
    coalesce(hz.due_on_time, 0) as due_on_time,
    coalesce(hz.overdue_open, 0) as overdue_open,
    coalesce(hz.red, false)::int as red_lit,
    (coalesce(hz.red, false) and (coalesce(ev.followed, false) or ins.enterprise_id is not null))::int as red_followed,
    (not coalesce(hz.red, false))::int as not_red,
    (not coalesce(hz.red, false) and (coalesce(ev.checked, false) or ins.enterprise_id is not null))::int as other_checked,
    (ins.enterprise_id is not null)::int as inspected,
    coalesce(sr.due, 0) as self_reports_due,
    coalesce(sr.on_time, 0) as self_reports_on_time,
    (ge.enterprise_id is not null)::int as in_grid,
    (ge.enterprise_id is not null and pt.enterprise_id is not null)::int as patrolled,
    0 as planned, 0 as plan_done,
    coalesce(me.major_listed, 0) as major_listed, coalesce(me.major_closed, 0) as major_closed,
    coalesce(me.major_closed_on_time, 0) as major_closed_on_time, coalesce(me.major_overdue, 0) as major_overdue,
    coalesce(me.major_escalated, 0) as major_escalated
  from e
    left join hz on hz.enterprise_id = e.id left join ev on ev.enterprise_id = e.id
    left join ins on ins.enterprise_id = e.id left join cl on cl.enterprise_id = e.id
    left join acc on acc.enterprise_id = e.id left join sr on sr.enterprise_id = e.id
    left join ge on ge.enterprise_id = e.id left join pt on pt.enterprise_id = e.id
    left join me on me.enterprise_id = e.id
),
-- The default scheme's enterprise section: five items of 20 points, each linear from 0 to its target, full points
-- when there is nothing to measure; each item rounded to the cent, the total too; under 70 is 四类水平.
ep as (
  select ef.*, round(
      round(20.0 * checklist, 2) + round(20.0 * data_complete, 2)
      + case when reported = 0 then 20 else round(20.0 * reported_in_time / reported, 2) end
      + case when due = 0 then 20 else round(20.0 * due_on_time / due, 2) end
      + round(20.0 * least(1.0, reported / 6.0), 2), 2) as total
  from ef
),
es as (select ep.*, 1 as scored, (total < 70)::int as fourth_class from ep),
-- Facts counted by region and department but by no enterprise: cases naming none, or one not operating.
loose as (
  select region_path, department_id, ${FACTS.map((f) => (f.startsWith('major_') ? `mc.${f}` : `0 as ${f}`)).join(', ')}
  from mc where enterprise_id is null or enterprise_id not in (select id from e)
),
counted as (
  select region_path, department_id, ${FACTS.join(', ')} from es
  union all
  select * from loose
),
reg as (
  select code, level, path from regions where path like $1 and level in ('province', 'city', 'district', 'street')
),
spec as (
  select d.id from departments d join regions r on r.code = d.region_code
  where r.path like $1 and cardinality(d.industry_codes) = 0
),
found as (
  select pl.department_id, g.id, g.enterprise_id,
    (g.deadline between $4::date and $5::date) as due,
    (g.deadline between $4::date and $5::date and g.status = 'closed' and g.closed_at < $3::timestamptz and g.on_time) as due_on_time,
    (g.deadline < $5::date and (g.status <> 'closed'
      or g.closed_at > greatest($2::timestamptz, (g.deadline + 1)::timestamp at time zone 'Asia/Shanghai'))) as red
  from general_hazards g
    join inspections i on i.id = g.source_ref join inspection_plans pl on pl.id = i.plan_id
  where g.source = 'inspection' and pl.department_id in (select id from spec)
    and g.region_path like $1 and g.status <> 'cancelled' and g.reported_at < $3::timestamptz
),
spec_facts as (
  select s.id,
    coalesce(h.due, 0) as due, coalesce(h.due_on_time, 0) as due_on_time, coalesce(h.red_lit, 0) as red_lit,
    coalesce(fu.n, 0) as red_followed, coalesce(pd.planned, 0) as planned, coalesce(pd.plan_done, 0) as plan_done
  from spec s
    left join (
      select department_id, count(*) filter (where due) as due, count(*) filter (where due_on_time) as due_on_time,
        count(distinct enterprise_id) filter (where red) as red_lit
      from found group by 1
    ) h on h.department_id = s.id
    left join (
      select department_id, count(*) as n from (
        select distinct f.department_id, f.enterprise_id from found f join general_hazard_events x on x.hazard_id = f.id
        where f.red and x.type = 'followed_up' and x.at >= $2::timestamptz and x.at < $3::timestamptz
      ) y group by 1
    ) fu on fu.department_id = s.id
    left join (
      select pl.department_id,
        count(*) filter (where i.status <> 'cancelled' and i.due_on between $4::date and $5::date) as planned,
        count(*) filter (where i.status <> 'cancelled' and i.due_on between $4::date and $5::date
          and i.status = 'done' and i.inspected_on <= $5::date) as plan_done
      from inspections i join inspection_plans pl on pl.id = i.plan_id
      where pl.department_id in (select id from spec) group by 1
    ) pd on pd.department_id = s.id
)
select 'enterprise' as level, id::text as unit_id, array[${FACTS.join(', ')}]::int[] as facts, total::float8 as total from es
union all
select r.level, r.code, array[${zeroOr('s')}]::int[], null from reg r left join (
  select x.code, ${sums('c')} from counted c
    cross join lateral unnest(string_to_array(c.region_path, '/')) as x(code)
  where x.code in (select code from reg) group by x.code
) s on s.code = r.code
union all
select 'department', d.id::text, array[${zeroOr('s')}]::int[], null
from departments d join regions r on r.code = d.region_code
  left join (select department_id, ${sums('c')} from counted c where department_id is not null group by 1) s
    on s.department_id = d.id
where r.path like $1 and cardinality(d.industry_codes) > 0
union all
select 'department', sf.id::text,
  array[${FACTS.map((f) => (['due', 'due_on_time', 'red_lit', 'red_followed', 'planned', 'plan_done'].includes(f) ? `sf.${f}` : '0')).join(', ')}]::int[], null
from spec_facts sf
union all
select 'grid', g.id::text, array[${zeroOr('s')}]::int[], null from grids g left join (
  select m.grid_id, ${sums('es')} from grid_enterprises m join es on es.id = m.enterprise_id
  where m.assigned_on <= $5::date group by 1
) s on s.grid_id = g.id
where g.region_path like $1`;

/** The statement's parameters for a jurisdiction's month. */
export const baselineParams = (
  rootPath: string,
  b: {
    start: string;
    cutoff: string;
    first: string;
    last: string;
    previousFirst: string;
    previousLast: string;
  },
) => [`${rootPath}%`, b.start, b.cutoff, b.first, b.last, b.previousFirst, b.previousLast];
