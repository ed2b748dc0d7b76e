/**
 * 工作日历 service: an administrator enters or corrects a year; the change is audited and then signalled to every
 * running case whose deadlines were estimated for that year, so they are recomputed on the official calendar.
 */
import {
  calendarEstimateSummary,
  casesWithEstimates,
  getCalendarYear,
  listCalendarYears,
  saveCalendarYear,
} from '../../db/queries/calendar-years.js';
import type { CalendarYearInput } from '../../domain/calendar-schedule.js';
import type { AppDeps } from '../context.js';
import type { calendarChangedWorkflow } from '../../workflows/calendar-changed.workflow.js';
import { TASK_QUEUE, calendarChangedWorkflowId } from '../../workflows/definitions.js';
import { auditChange, type Actor } from './audit.js';

export { listCalendarYears, getCalendarYear, calendarEstimateSummary };

export async function saveYear(
  deps: Pick<AppDeps, 'db' | 'temporal' | 'logger'>,
  who: Actor,
  input: CalendarYearInput,
  opts: { mode: 'create' | 'update'; expectedVersion?: number | null },
) {
  const { record, previous } = await saveCalendarYear(deps.db, input, { actorId: who.user.id, ...opts });
  const caseIds = await casesWithEstimates(deps.db, [record.year]);
  await auditChange(
    deps.db,
    who,
    opts.mode === 'create' ? 'create' : 'update',
    'calendar-years',
    String(record.year),
    {
      version: record.version,
      source: record.source,
      holidays: record.holidays,
      previousVersion: previous?.version ?? null,
      previousOrigin: previous?.origin ?? null,
      casesToRecompute: caseIds.length,
    },
  );
  // Every running case estimated for this year is told, by a workflow (one per saved version: a retried save starts
  // it once), so a crash between two signals loses none; each case recomputes its estimated deadlines.
  if (caseIds.length > 0) {
    await deps.temporal.workflow.start<typeof calendarChangedWorkflow>('calendarChangedWorkflow', {
      taskQueue: TASK_QUEUE,
      workflowId: calendarChangedWorkflowId(record.year, record.version ?? 0),
      args: [{ years: [record.year] }],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  }
  return { ...record, recompute: { cases: caseIds.length } };
}
