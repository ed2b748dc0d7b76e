/**
 * "As of a date" (某日状态): a general hazard or a major case as it stood at the end of a past day, folded from its
 * event history — the append-only records the scores count — not from today's row. Pure: the query layer reads the
 * row and its events up to the day and calls these.
 */
import { lightOf, type HazardLight, type HazardStatus } from '../hazards/lifecycle.js';

export interface HazardEventLike {
  type: string;
  at: string; // ISO instant
  payload: Record<string, unknown>;
}

export interface HazardAsOf {
  date: string;
  exists: boolean;
  status: HazardStatus | null;
  deadline: string | null;
  light: HazardLight | null;
  rectifiedOn: string | null;
  onTime: boolean | null;
  spotCheck: 'passed' | 'failed' | null;
  reopenCount: number;
  lastFollowUpAt: string | null;
  /** The events that had happened by the end of the day, oldest first. */
  events: HazardEventLike[];
}

/** End of a Shanghai calendar day, as an instant (the state "on 2026-10-15" is the state at 23:59:59.999 that day). */
export const endOfDay = (date: string): string =>
  new Date(Date.parse(`${date}T23:59:59.999+08:00`)).toISOString();

/**
 * A general hazard at the end of `date`. The deadline it started with is the one the first failed spot check replaced
 * (events keep `previousDeadline`), else today's; each later failed check sets the next.
 */
export function hazardAsOf(
  row: { reportedAt: string; deadline: string },
  events: readonly HazardEventLike[],
  date: string,
  yellowDays: number,
): HazardAsOf {
  const until = endOfDay(date);
  const sorted = [...events].sort((a, b) => a.at.localeCompare(b.at));
  const firstReopen = sorted.find((e) => e.type === 'spot_checked' && e.payload.result === 'failed');
  const initialDeadline = (firstReopen?.payload.previousDeadline as string | undefined) ?? row.deadline;
  const empty: HazardAsOf = {
    date,
    exists: false,
    status: null,
    deadline: null,
    light: null,
    rectifiedOn: null,
    onTime: null,
    spotCheck: null,
    reopenCount: 0,
    lastFollowUpAt: null,
    events: [],
  };
  if (row.reportedAt > until) return empty;
  const s: HazardAsOf = { ...empty, exists: true, status: 'open', deadline: initialDeadline };
  for (const e of sorted) {
    if (e.at > until) break;
    s.events.push(e);
    switch (e.type) {
      case 'rectified':
        s.status = 'closed';
        s.rectifiedOn = (e.payload.rectifiedOn as string) ?? null;
        s.onTime = typeof e.payload.onTime === 'boolean' ? e.payload.onTime : null;
        break;
      case 'spot_checked':
        if (e.payload.result === 'failed') {
          s.status = 'reopened';
          s.spotCheck = 'failed';
          s.deadline = (e.payload.deadline as string) ?? s.deadline;
          s.reopenCount++;
        } else s.spotCheck = 'passed';
        break;
      case 'followed_up':
        s.lastFollowUpAt = e.at;
        break;
      case 'cancelled':
        s.status = 'cancelled';
        break;
    }
  }
  s.light = lightOf({ status: s.status!, deadline: s.deadline! }, date, yellowDays);
  return s;
}

/** What each case event leaves the case in (the event names are append-only wire names of the case workflow). */
const CASE_STATUS_AFTER: Record<string, string | ((p: Record<string, unknown>) => string)> = {
  reported: 'reported',
  judged: (p) => (p.decision === 'major' ? 'judged' : p.decision === 'general' ? 'downgraded' : 'dismissed'),
  listed: 'listed',
  plan_submitted: 'plan_submitted',
  plan_returned: 'listed',
  plan_approved: 'rectifying',
  suspended: 'suspended',
  resumed: 'rectifying',
  acceptance_requested: 'acceptance_requested',
  acceptance_passed: 'accepted',
  acceptance_failed: 'rectifying',
  signed_off: 'signed_off',
  closed: 'closed',
  withdrawn: 'withdrawn',
};
/** Events after which a missed deadline no longer stands (a new phase or a new deadline). */
const CLEARS_OVERDUE = new Set([
  'judged',
  'listed',
  'plan_submitted',
  'plan_approved',
  'extension_approved',
  'acceptance_requested',
  'acceptance_passed',
  'signed_off',
  'closed',
  'withdrawn',
  'resumed',
]);

export interface CaseEventLike {
  seq: number;
  type: string;
  occurredAt: string;
  payload: Record<string, unknown>;
}

export interface CaseAsOf {
  date: string;
  exists: boolean;
  status: string | null;
  overdue: boolean;
  overdueSince: string | null;
  /** The latest rung of the escalation ladder opened by then. */
  escalationStep: string | null;
  /** The latest deadline an event named by then (listing, extension, failed acceptance…). */
  deadline: string | null;
  events: CaseEventLike[];
}

/**
 * A major case at the end of `date`, folded from its hash-chained events. An event that records the status it left
 * (`payload.statusAfter`) is taken at its word; older events are read through the table above.
 */
export function caseAsOf(events: readonly CaseEventLike[], date: string): CaseAsOf {
  const until = endOfDay(date);
  const s: CaseAsOf = {
    date,
    exists: false,
    status: null,
    overdue: false,
    overdueSince: null,
    escalationStep: null,
    deadline: null,
    events: [],
  };
  for (const e of [...events].sort((a, b) => a.seq - b.seq)) {
    if (e.occurredAt > until) break;
    s.exists = true;
    s.events.push(e);
    const rule = CASE_STATUS_AFTER[e.type];
    const next =
      typeof e.payload.statusAfter === 'string'
        ? e.payload.statusAfter
        : typeof rule === 'function'
          ? rule(e.payload)
          : rule;
    if (next && next !== s.status) s.status = next;
    if (CLEARS_OVERDUE.has(e.type)) {
      s.overdue = false;
      s.overdueSince = null;
    }
    if (e.type === 'deadline_missed') {
      s.overdue = true;
      s.overdueSince = e.occurredAt;
    }
    if ((e.type === 'escalated' || e.type === 'supervisory_escalated') && typeof e.payload.step === 'string')
      s.escalationStep = e.payload.step;
    for (const k of ['deadline', 'newDeadline', 'rectificationDeadline'])
      if (typeof e.payload[k] === 'string') s.deadline = e.payload[k] as string;
  }
  return s;
}
