/**
 * 工作日历变更 The fan-out after an administrator enters a calendar year: every running case whose deadlines were
 * estimated for it gets the `calendarChanged` signal, and recomputes them (workflows/case.workflow.ts). A workflow,
 * not a loop in the API, so a crash of the API or the worker between two signals loses none: it resumes where its
 * history stands. Signals go out a page at a time; past a page it continues as new from the last case id.
 */
import { continueAsNew, getExternalWorkflowHandle, log, proxyActivities } from '@temporalio/workflow';
import type { createCalendarActivities } from '../activities/calendar-activities.js';
import { calendarChangedSignal, caseWorkflowId } from './definitions.js';

const { casesToRecompute } = proxyActivities<ReturnType<typeof createCalendarActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export const CALENDAR_FANOUT_PAGE = 200;

export interface CalendarChangedInput {
  years: number[];
  /** Continuing as new: the last case id signalled, and how many were before. */
  after?: string;
  signalled?: number;
  /** Cases per page (default CALENDAR_FANOUT_PAGE); small in tests. */
  page?: number;
}

/** Signals every running case with an estimate for `years`; answers how many were signalled. */
export async function calendarChangedWorkflow(input: CalendarChangedInput): Promise<{ signalled: number }> {
  const page = input.page ?? CALENDAR_FANOUT_PAGE;
  const ids = await casesToRecompute({
    years: input.years,
    limit: page,
    ...(input.after ? { after: input.after } : {}),
  });
  const sent = await Promise.allSettled(
    ids.map((id) =>
      getExternalWorkflowHandle(caseWorkflowId(id)).signal(calendarChangedSignal, { years: input.years }),
    ),
  );
  // A case that ended since it was listed here has no running workflow: nothing to recompute.
  sent.forEach((r, i) => {
    if (r.status === 'rejected') log.info('case not signalled', { caseId: ids[i], err: String(r.reason) });
  });
  const signalled = (input.signalled ?? 0) + sent.filter((r) => r.status === 'fulfilled').length;
  if (ids.length === page)
    await continueAsNew<typeof calendarChangedWorkflow>({ ...input, after: ids.at(-1)!, signalled });
  return { signalled };
}
