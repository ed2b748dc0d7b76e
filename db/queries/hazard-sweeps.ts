/**
 * The swept clocks of the general-hazard duties, one jurisdiction (region subtree) at a time, each one set-based
 * statement: the daily Temporal Schedule of a district runs them (workflows/duty-sweep.workflow.ts). They are
 * idempotent — running one twice on the same day changes nothing the second time — so a retried activity or a
 * backfilled schedule run is harmless.
 *
 * - `sweepLights(db, { regionPath, today, yellowDays })` → rows whose light changed (亮灯: domain/hazards/lifecycle.ts)
 * - `sweepPatrolDuties(db, { regionPath, everyDaysByColour })` → grid assignments whose patrol due date changed
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import type { DutyPolicy } from '../../domain/hazards/policy.js';

/** Rows of a raw statement (node-postgres and PGlite both answer { rows } / { rowCount }). */
const rowsOf = <T>(r: unknown): T[] => (r as { rows: T[] }).rows;

/** The light rule of `lightOf` as SQL (a property test keeps the two equal). */
export const lightCase = (today: string, yellowDays: number) =>
  sql`case when deadline < ${today}::date then 'red' when deadline <= ${today}::date + ${yellowDays}::int then 'yellow' else 'green' end`;

export interface LightSweep {
  changed: number;
  red: number;
  yellow: number;
}

/**
 * Relights the open hazards of a jurisdiction for `today`. Only rows whose light changes are written (a day turns a
 * few yellow and a few red out of the open ones), found through the partial index of open hazards.
 */
export async function sweepLights(
  db: Db,
  p: { regionPath: string; today: string; yellowDays: number },
): Promise<LightSweep> {
  const light = lightCase(p.today, p.yellowDays);
  const result = await db.execute(sql`
    with changed as (
      update general_hazards set light = ${light}, updated_at = now()
      where status in ('open', 'reopened') and region_path like ${p.regionPath + '%'} and light <> ${light}
      returning light
    )
    select count(*)::int as changed,
           count(*) filter (where light = 'red')::int as red,
           count(*) filter (where light = 'yellow')::int as yellow
    from changed`);
  return rowsOf<LightSweep>(result)[0]!;
}

/**
 * Recomputes when each unit of the jurisdiction's grids is next due a patrol: its last patrol (or its assignment)
 * plus the policy's interval for its risk colour. A policy version or a grade change reaches every unit overnight.
 */
export async function sweepPatrolDuties(
  db: Db,
  p: { regionPath: string; everyDaysByColour: DutyPolicy['patrol']['everyDaysByColour'] },
): Promise<{ changed: number }> {
  const d = p.everyDaysByColour;
  const interval = sql`case e.risk_colour when 'red' then ${d.red}::int when 'orange' then ${d.orange}::int when 'yellow' then ${d.yellow}::int when 'blue' then ${d.blue}::int else ${d.unassessed}::int end`;
  const result = await db.execute(sql`
    with changed as (
      update grid_enterprises ge
         set patrol_due_on = coalesce(ge.last_patrolled_on, ge.assigned_on) + ${interval}
        from enterprises e
       where e.id = ge.enterprise_id and e.region_path like ${p.regionPath + '%'}
         and ge.patrol_due_on <> coalesce(ge.last_patrolled_on, ge.assigned_on) + ${interval}
      returning 1
    )
    select count(*)::int as changed from changed`);
  return rowsOf<{ changed: number }>(result)[0]!;
}
