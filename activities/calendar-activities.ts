/**
 * The calendar fan-out's activity (workflows/calendar-changed.workflow.ts): which running cases have deadlines
 * estimated for the years an administrator just entered, a page at a time.
 */
import type { Db } from '../db/client.js';
import { casesWithEstimates } from '../db/queries/calendar-years.js';

export function createCalendarActivities(deps: { db: Db }) {
  return {
    async casesToRecompute(input: { years: number[]; after?: string; limit: number }): Promise<string[]> {
      return casesWithEstimates(deps.db, input.years, {
        limit: input.limit,
        ...(input.after ? { after: input.after } : {}),
      });
    },
  };
}
