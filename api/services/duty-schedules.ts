/**
 * The Temporal Schedules that sweep the general-hazard duties: one per district (区县), daily at 00:10 Asia/Shanghai
 * with a little jitter so a city's districts do not all start at once. `ensureDutySchedules` creates the missing ones
 * and brings existing ones to the current list of sweeps; it runs at every start of the API (and of `make dev`), so a
 * district added since gets its schedule on the next start (docs/adr/0012-general-hazards-swept-not-held.md).
 */
import {
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleDescription,
} from '@temporalio/client';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { regions } from '../../db/schema/index.js';
import { TASK_QUEUE } from '../../workflows/definitions.js';
import { dutyScheduleId, type DutySweepInput, type DutySweepKind } from '../../workflows/duty-definitions.js';

/** The sweeps every district runs, in order: lights first (the worklist of the morning reads them). */
export const DUTY_SWEEPS: DutySweepKind[] = ['lights', 'patrols', 'self_reports', 'draws'];

function sameArgs(d: ScheduleDescription, input: DutySweepInput): boolean {
  if (d.action.type !== 'startWorkflow') return false;
  return JSON.stringify(d.action.args) === JSON.stringify([input]);
}

export async function ensureDutySchedules(p: {
  client: Client;
  db: Db;
  taskQueue?: string;
}): Promise<{ created: string[]; updated: string[]; unchanged: string[] }> {
  const districts = await p.db
    .select({ code: regions.code })
    .from(regions)
    .where(eq(regions.level, 'district'))
    .orderBy(regions.code);
  const out = { created: [] as string[], updated: [] as string[], unchanged: [] as string[] };
  for (const { code } of districts) {
    const scheduleId = dutyScheduleId(code);
    const input: DutySweepInput = { districtCode: code, sweeps: DUTY_SWEEPS };
    const action = {
      type: 'startWorkflow' as const,
      workflowType: 'dutySweepWorkflow',
      workflowId: scheduleId, // the server appends the nominal time
      taskQueue: p.taskQueue ?? TASK_QUEUE,
      args: [input],
    };
    try {
      await p.client.schedule.create({
        scheduleId,
        spec: { calendars: [{ hour: 0, minute: 10 }], timezone: 'Asia/Shanghai', jitter: '10 minutes' },
        action,
        // A day's sweep still running (a huge district, a slow database) makes the next one wait, not overlap; a
        // server that was down catches up on the missed day.
        policies: { overlap: ScheduleOverlapPolicy.BUFFER_ONE, catchupWindow: '1 day' },
        memo: { district: code },
      });
      out.created.push(code);
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      const handle = p.client.schedule.getHandle(scheduleId);
      if (sameArgs(await handle.describe(), input)) {
        out.unchanged.push(code);
        continue;
      }
      await handle.update((prev) => ({ ...prev, action: { ...action } }));
      out.updated.push(code);
    }
  }
  return out;
}

/** Runs a district's sweep now (a supervisor's "刷新亮灯", a test): the schedule's action, started at once. */
export async function triggerDutySweep(client: Client, districtCode: string): Promise<void> {
  await client.schedule.getHandle(dutyScheduleId(districtCode)).trigger(ScheduleOverlapPolicy.ALLOW_ALL);
}
