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
  // The running cases estimated for this year meet the entered calendar when they next compute a deadline (the
  // workflow reloads its calendar years hourly); they are told at once by the calendarChanged signal when the
  // workflow handles it (H12, issue #12).
  return { ...record, recompute: { cases: caseIds.length } };
}
