/**
 * A believable general-hazard ledger for the operating enterprises under a region, month by month, written set-based
 * in SQL (a few statements whatever the number of enterprises): 隐患排查清单 (about nine in ten compiled, most
 * accepted), 0–4 general hazards per enterprise a month (one in ten reported late; of those due, most rectified,
 * most on time; the rest overdue and red-lit, half of those followed up), 自查自报 for each ended month (about 90 %
 * on time, some late, some missing), one grid per street holding its enterprises and patrols in each month for about
 * three in four. Deterministic: every choice is a hash of the enterprise and the month, so the same region and months
 * give the same ledger. Used by the demo (`make dev`: a published month and a provisional one) and by bench/scores.ts
 * at city scale.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { monthBounds } from '../../domain/scores/month.js';

/** A share in [0, 1) from a hash of the parts (PostgreSQL's hashtext): the same parts, the same share. */
const r = (...parts: string[]) => `(abs(hashtext(${parts.join(` || ':' || `)})) % 10000) / 10000.0`;

export async function seedLedgerMonths(
  db: Db,
  opts: { regionPath: string; months: string[]; today: string },
): Promise<{ hazards: number }> {
  const like = `${opts.regionPath}%`;
  const first = opts.months[0]!;
  // Checklists: compiled before the first month by nine in ten, seven in ten of those accepted.
  await db.execute(
    sql.raw(`
    insert into checklists (enterprise_id, version, status, submitted_at, reviewed_at)
    select e.id, 1,
      case when ${r('e.id::text', "'cla'")} < 0.75 then 'accepted' else 'submitted' end,
      date '${first}-01' - 20 + interval '10 hours',
      case when ${r('e.id::text', "'cla'")} < 0.75 then date '${first}-01' - 10 + interval '10 hours' end
    from enterprises e
    where e.region_path like '${like.replace(/'/g, "''")}' and e.status = 'operating'
      and ${r('e.id::text', "'cl'")} < 0.9
      and not exists (select 1 from checklists c where c.enterprise_id = e.id)`),
  );
  // 分级: a risk colour and a management level for nine in ten (the rest still unassessed: their data incomplete).
  await db.execute(
    sql.raw(`
    update enterprises e set
      risk_colour = (array['red','orange','yellow','blue'])[1 + floor(${r('e.id::text', "'rc'")} * 4)::int],
      management_level = (array['A','B','C','D'])[1 + floor(${r('e.id::text', "'ml'")} * 4)::int]
    where e.region_path like '${like.replace(/'/g, "''")}' and e.status = 'operating'
      and e.risk_colour = 'unassessed' and ${r('e.id::text', "'gr'")} < 0.92`),
  );
  let hazards = 0;
  for (const month of opts.months) {
    const { first: from, last: to } = monthBounds(month);
    const m = `'${month}'`;
    const ins = await db.execute(
      sql.raw(`
      insert into general_hazards (id, enterprise_id, region_code, region_path, industry_category, industry_code,
        department_id, source, description, found_on, reported_at, reporter_role, reported_late, deadline, status,
        light, rectified_on, on_time, closed_at)
      select gen_random_uuid(), e.id, e.region_code, e.region_path, e.industry_category, e.industry_code,
        e.department_id, 'self_inspection', d.text, h.found, h.found + interval '10 hours' + make_interval(days => h.late * 3),
        'enterprise', h.late = 1, h.deadline,
        case when h.fixed then 'closed' else 'open' end,
        case when h.fixed then 'none' when h.deadline < date '${opts.today}' then 'red'
             when h.deadline <= date '${opts.today}' + 2 then 'yellow' else 'green' end,
        case when h.fixed then h.fixed_on end,
        case when h.fixed then h.fixed_on <= h.deadline end,
        case when h.fixed then h.fixed_on + interval '16 hours' end
      from enterprises e
      cross join lateral generate_series(1, floor(${r('e.id::text', m, "'n'")} * 9)::int) g(n)
      cross join lateral (
        select least(date '${from}' + floor(${r('e.id::text', m, 'g.n::text', "'d'")} * 27)::int, date '${opts.today}') as found,
          case when ${r('e.id::text', m, 'g.n::text', "'late'")} < 0.1 then 1 else 0 end as late
      ) f
      cross join lateral (
        select f.found, f.late, f.found + 7 + (g.n * 3) % 10 as deadline
      ) b
      cross join lateral (
        select b.found, b.late, b.deadline,
          -- due by today: 88 % rectified, 85 % of those by the deadline; not yet due: half already rectified
          (case when b.deadline < date '${opts.today}' then ${r('e.id::text', m, 'g.n::text', "'fix'")} < 0.88
                else ${r('e.id::text', m, 'g.n::text', "'fix'")} < 0.5 end) as fixed,
          least(case when ${r('e.id::text', m, 'g.n::text', "'ot'")} < 0.85
                  then b.found + 1 + floor(${r('e.id::text', m, 'g.n::text', "'when'")} * (b.deadline - b.found))::int
                  else b.deadline + 1 + floor(${r('e.id::text', m, 'g.n::text', "'when'")} * 6)::int end,
                date '${opts.today}') as fixed_on
      ) h
      cross join lateral (
        select (array['消防通道堆放杂物','配电箱未上锁','灭火器压力不足','安全出口指示灯损坏','特种作业人员证件过期',
          '危化品储存未分区','机械防护罩缺失','应急预案未演练'])[1 + floor(${r('e.id::text', m, 'g.n::text', "'t'")} * 8)::int] as text
      ) d
      where e.region_path like '${like.replace(/'/g, "''")}' and e.status = 'operating' and h.found <= date '${to}'
      returning id`),
    );
    hazards += (ins as unknown as { rows: unknown[] }).rows.length;
    // Half the red-lit hazards of the month followed up (跟进督办) by the supervisor.
    await db.execute(
      sql.raw(`
      insert into general_hazard_events (hazard_id, type, at, actor_role, payload)
      select h.id, 'followed_up', least(h.deadline + 3, date '${opts.today}') + interval '9 hours', 'supervisor',
        '{"method":"phone","light":"red"}'::jsonb
      from general_hazards h
      where h.region_path like '${like.replace(/'/g, "''")}' and h.found_on between date '${from}' and date '${to}'
        and h.light = 'red' and ${r('h.id::text', "'fu'")} < 0.5`),
    );
    // 自查自报 of the month, due the 9th of the next (only once the month has ended): 90 % on time, 5 % late.
    if (to < opts.today)
      await db.execute(
        sql.raw(`
        insert into self_reports (enterprise_id, period_start, period_end, due_on, submitted_at, on_time, no_hazard,
          hazards_reported, hazards_rectified, self_inspections)
        select e.id, date '${from}', date '${to}', date '${to}' + 9,
          date '${to}' + case when ${r('e.id::text', m, "'sr'")} < 0.9 then 5 else 12 end + interval '10 hours',
          ${r('e.id::text', m, "'sr'")} < 0.9,
          not exists (select 1 from general_hazards h where h.enterprise_id = e.id and h.found_on between date '${from}' and date '${to}'),
          (select count(*) from general_hazards h where h.enterprise_id = e.id and h.found_on between date '${from}' and date '${to}'),
          (select count(*) from general_hazards h where h.enterprise_id = e.id and h.found_on between date '${from}' and date '${to}' and h.status = 'closed'),
          4
        from enterprises e
        where e.region_path like '${like.replace(/'/g, "''")}' and e.status = 'operating'
          and ${r('e.id::text', m, "'sr'")} < 0.95
          and (date '${to}' + case when ${r('e.id::text', m, "'sr'")} < 0.9 then 5 else 12 end) <= date '${opts.today}'`),
      );
  }
  // One grid per street, holding its operating enterprises; patrols in each month for three in four.
  await db.execute(
    sql.raw(`
    insert into grids (code, name, level, region_code, region_path)
    select 'G-' || s.code, s.name || '第一网格', 'community', s.code, s.path
    from regions s
    where s.level = 'street' and s.path like '${like.replace(/'/g, "''")}'
      and not exists (select 1 from grids g where g.region_code = s.code)`),
  );
  await db.execute(
    sql.raw(`
    insert into grid_enterprises (grid_id, enterprise_id, assigned_on, patrol_due_on)
    select g.id, e.id, date '${first}-01' - 60, date '${opts.today}' + 15
    from enterprises e join grids g on e.region_path like g.region_path || '%'
    where e.region_path like '${like.replace(/'/g, "''")}' and e.status = 'operating'
    on conflict do nothing`),
  );
  for (const month of opts.months) {
    const { first: from } = monthBounds(month);
    const m = `'${month}'`;
    await db.execute(
      sql.raw(`
      insert into patrols (id, grid_id, enterprise_id, region_path, patrolled_on, recorded_at, outcome, results)
      select gen_random_uuid(), ge.grid_id, ge.enterprise_id, e.region_path, p.day, p.day + interval '11 hours', 'ok', '[]'::jsonb
      from grid_enterprises ge join enterprises e on e.id = ge.enterprise_id
      cross join lateral (select least(date '${from}' + floor(${r('e.id::text', m, "'pd'")} * 27)::int, date '${opts.today}') as day) p
      where e.region_path like '${like.replace(/'/g, "''")}' and ${r('e.id::text', m, "'pt'")} < 0.75`),
    );
  }
  await db.execute(
    sql.raw(`
    update grid_enterprises ge set last_patrolled_on = p.last
    from (select enterprise_id, grid_id, max(patrolled_on) as last from patrols group by 1, 2) p
    where p.enterprise_id = ge.enterprise_id and p.grid_id = ge.grid_id`),
  );
  return { hazards };
}
