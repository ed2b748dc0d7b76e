import { caseStatuses, terminalStatuses } from '../../../domain/case-status';

/** Statuses of a case still being worked on: what the home page's figures count. */
export const OPEN_STATUSES = caseStatuses.filter((s) => !terminalStatuses.includes(s));

const DAY = 86_400_000;

/**
 * The case list filtered to exactly what a figure of the home page counts (db/queries/dashboard.ts): a tile or a
 * bar opens the cases behind its number.
 */
export function casesLink(
  f: {
    open?: boolean;
    overdue?: boolean;
    dueWithinDays?: number;
    regionCode?: string;
    industryCategory?: string;
    status?: string[];
  },
  now = Date.now(),
): string {
  const filter: Record<string, unknown> = {};
  if (f.open) filter.status = OPEN_STATUSES;
  if (f.status) filter.status = f.status;
  if (f.overdue !== undefined) filter.overdue = f.overdue;
  if (f.regionCode) filter.regionCode = f.regionCode;
  if (f.industryCategory) filter.industryCategory = f.industryCategory;
  if (f.dueWithinDays !== undefined) {
    filter.status ??= OPEN_STATUSES;
    filter.overdue = false;
    filter.dueAfter = new Date(now).toISOString();
    filter.dueBefore = new Date(now + f.dueWithinDays * DAY).toISOString();
  }
  const q = new URLSearchParams({
    filter: JSON.stringify(filter),
    sort: 'urgency',
    order: 'ASC',
  });
  return `/cases?${q.toString()}`;
}

export const listLink = (resource: string, filter: Record<string, unknown>) =>
  `/${resource}?${new URLSearchParams({ filter: JSON.stringify(filter) }).toString()}`;
