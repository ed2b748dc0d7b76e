/**
 * An administrator entered a year of holidays (工作日历): the case's deadlines that were estimated for it on weekends
 * alone are computed again on the official calendar, and every date they produced moves with them — the running
 * deadline and its timer, the reminders before it, the extension cutoff, task and rung due dates, the ladder's
 * alarms. The estimate mark stays only for years still unknown. Pure: the workflow answers `ctx.dates` on the
 * calendar it has just reloaded, then persists the outcome (workflows/case.workflow.ts, `calendarChanged`).
 */
import { Draft, SYSTEM, shanghaiDateOf, type DecideCtx, type Outcome } from './draft.js';
import { setEstimateYears, type EstimatedDate } from './estimates.js';
import type { Alarm, CaseEscalationView, CaseState } from './model.js';

/** One date that moved: what it is, from where, to where. */
export interface MovedDate {
  what: string;
  from: string;
  to: string;
}

export interface Recomputed {
  state: CaseState;
  /** Absent when nothing moved and the mark is unchanged: nothing to record. */
  outcome?: Outcome;
  moved: MovedDate[];
}

/**
 * Redoes every estimated computation of the case (in the order they were made, so a date computed from an estimated
 * one starts from its corrected value) and moves every instant and date in the state that one of them produced.
 */
export function recomputeEstimates(s: CaseState, ctx: DecideCtx): Recomputed {
  const before = s.estimates ?? [];
  if (before.length === 0) return { state: s, moved: [] };
  const d = new Draft(s, ctx);
  const instants = new Map<string, string>();
  const dates = new Map<string, string>();
  const still: EstimatedDate[] = [];
  d.s.estimates = [];
  for (const e of before) {
    const from = dates.get(e.from) ?? e.from;
    const [now] = ctx.dates(from, [e.duration]);
    if (now!.endOfDay !== e.endOfDay) instants.set(e.endOfDay, now!.endOfDay);
    if (now!.startOfWorkday !== e.startOfWorkday) instants.set(e.startOfWorkday, now!.startOfWorkday);
    if (now!.date !== e.date) dates.set(e.date, now!.date);
    if (now!.unknownYear !== null)
      still.push({
        ...e,
        from,
        year: now!.unknownYear,
        date: now!.date,
        endOfDay: now!.endOfDay,
        startOfWorkday: now!.startOfWorkday,
      });
  }
  d.s.estimates = still;
  const moved: MovedDate[] = [];
  const move = (what: string, iso: string | null | undefined): string | null | undefined => {
    if (!iso) return iso;
    const to = instants.get(iso);
    if (!to) return iso;
    moved.push({ what, from: iso, to });
    return to;
  };

  const v = d.view;
  const oldDeadline = v.deadline;
  v.deadline = move('deadline', v.deadline) ?? null;
  // Reminders are calendar days before the deadline: they move with it.
  const shift = oldDeadline && v.deadline ? Date.parse(v.deadline) - Date.parse(oldDeadline) : 0;
  v.rectificationDeadline = move('rectificationDeadline', v.rectificationDeadline) ?? null;
  d.s.extensionCutoff = move('extensionCutoff', d.s.extensionCutoff) ?? null;
  if (v.details.extensionCutoff !== undefined) v.details.extensionCutoff = d.s.extensionCutoff;
  const limit = v.details.rectificationLimit;
  if (limit && dates.has(limit)) {
    v.details.rectificationLimit = dates.get(limit)!;
    moved.push({ what: 'rectificationLimit', from: limit, to: v.details.rectificationLimit });
  }
  if (v.details.suspension && shift !== 0) v.details.suspension.remainingMs += shift;
  const now = Date.parse(ctx.now);
  d.s.alarms = d.s.alarms.flatMap((a): Alarm[] => {
    if (a.kind === 'reminder') {
      if (shift === 0) return [a];
      const at = new Date(Date.parse(a.at) + shift).toISOString();
      return Date.parse(at) > now ? [{ ...a, at }] : [];
    }
    const at = instants.get(a.at);
    return at ? [{ ...a, at }] : [a];
  });
  const retimeTasks: { id: string; dueAt: string | null }[] = [];
  for (const t of v.openTasks) {
    const due = move(`task:${t.kind}`, t.dueAt) ?? null;
    if (due !== t.dueAt) {
      t.dueAt = due;
      retimeTasks.push({ id: t.id, dueAt: due });
    }
  }
  const rungs: CaseEscalationView[] = [];
  for (const e of v.escalations) {
    if (e.status !== 'open') continue;
    const due = move(`escalation:${e.step}`, e.dueAt) ?? null;
    if (due !== e.dueAt) {
      e.dueAt = due;
      rungs.push(e);
    }
  }

  const yearsBefore = s.view.details.calendarEstimate?.years ?? [];
  const years = [...new Set(still.map((e) => e.year))];
  setEstimateYears(d.s, years);
  const resolved = yearsBefore.filter((y) => !years.includes(y));
  if (moved.length === 0 && resolved.length === 0 && years.length === yearsBefore.length)
    return { state: d.s, moved };
  return {
    state: d.s,
    moved,
    outcome: {
      type: 'deadlines_recomputed',
      actor: SYSTEM,
      payload: {
        resolvedYears: resolved,
        stillEstimated: years,
        moved: moved.map((m) => ({ ...m, fromDate: shanghaiDateOf(m.from), toDate: shanghaiDateOf(m.to) })),
      },
      ...(retimeTasks.length ? { retimeTasks } : {}),
      ...(rungs.length ? { escalations: rungs } : {}),
    },
  };
}
