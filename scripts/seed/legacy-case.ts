/**
 * Legacy case import (历史案件导入): a case whose history happened before this system took it over — carried over
 * from the paper ledger or an older system, or the demo district's six months of history.
 *
 * The history is produced by the product itself, then written as of when it happened:
 *
 * 1. **Rehearse.** The case workflow runs on a private task queue whose worker has the real date and policy
 *    activities but *captures* the writes (`recordTransition`, the listing notice) instead of making them. The
 *    caller drives it with the same commands people issue, so every transition, task, escalation and the
 *    workflow's own state are exactly what the product produces — and nothing reaches the database yet.
 * 2. **Write, backdated.** Each captured transition is moved to its historic instant (`times`, one per event) —
 *    every instant and date inside it moves too — and written through the real `recordTransition` activity, in
 *    order: the case events are appended (the table is append-only) with a valid hash chain, and the tasks,
 *    escalations and read-model row are those the worker would have written.
 * 3. **Catch up, backdated.** Deadlines that passed in the moved history fire as the workflow would have fired
 *    them, each at its own instant: the same pure rules (`fire`, `startLadder` of domain/case) run with the clock
 *    set to the alarm's moment, and each outcome is written through `recordTransition` as of then. So a case whose
 *    deadline passed in October missed it in October, and its escalation ladder (预警 → 督办函 → 约谈 …) climbed
 *    over the weeks the policy gives each rung, not within seconds of the import. Reminders and report prompts
 *    whose moment has passed are dropped.
 * 4. **Carry on.** The workflow's whole state (caseState query: what continue-as-new carries), moved the same way
 *    and caught up, starts the real case workflow as `CaseWorkflowInput.carried`; nothing is due at its start.
 *
 * An instant between two events moves with the earlier one; instants after the last event (running deadlines) move
 * with the last, so a deadline keeps its distance from the command that set it. A moved instant that lands on a
 * day off (weekend, holiday) on the official calendar goes to the next working day at the same time of day: a
 * deadline set on a working day stays on one. Instants and dates from before the rehearsal day were given as
 * historic by the caller and stay as they are.
 */
import { randomUUID } from 'node:crypto';
import type { Client, Connection, WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { documents } from '../../db/schema/index.js';
import { createActivities, stableUuid, type TransitionRecord } from '../../activities/case-activities.js';
import { preloadModules, workflowsPath } from '../../activities/worker.js';
import * as defs from '../../workflows/definitions.js';
import {
  UnknownCalendarYearError,
  addCalendarDays,
  computeDates,
  createWorkingCalendar,
  shanghaiDate,
  type WorkingCalendar,
} from '../../domain/calendar.js';
import {
  caseFeatures,
  fire,
  nextAlarm,
  startLadder,
  type CaseState,
  type DecideCtx,
} from '../../domain/case/index.js';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A monotonic map from the instants the events really happened at to the instants wanted for them. */
export function timeMap(actual: readonly number[], wanted: readonly number[]): (ms: number) => number {
  if (actual.length !== wanted.length || actual.length === 0)
    throw new Error(`timeMap: ${actual.length} events, ${wanted.length} times`);
  for (let i = 1; i < wanted.length; i++)
    if (wanted[i]! <= wanted[i - 1]!) throw new Error('timeMap: the wanted times must increase');
  return (ms) => {
    // Earlier than the rehearsal (less a day's margin for the report's own instant): already historic, given so by
    // the caller (a publication date, the day a meeting was held). It stays.
    if (ms < actual[0]! - 86_400_000) return ms;
    let i = 0;
    while (i + 1 < actual.length && actual[i + 1]! <= ms) i++;
    return ms + (wanted[i]! - actual[i]!);
  };
}

/** Whether `date` is worked; a year the official calendar does not know yet is judged by weekends alone. */
export function isWorkingDayOrWeekday(calendar: WorkingCalendar, date: string): boolean {
  try {
    return calendar.isWorkingDay(date);
  } catch (err) {
    if (!(err instanceof UnknownCalendarYearError)) throw err;
    const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
    return dow !== 0 && dow !== 6;
  }
}

/** `ms`, or the same time of day on the next working day when `ms` falls on a day off (Shanghai). */
export function onWorkingDay(calendar: WorkingCalendar, ms: number): number {
  let date = shanghaiDate(new Date(ms));
  let days = 0;
  while (!isWorkingDayOrWeekday(calendar, date)) {
    date = addCalendarDays(date, 1);
    days += 1;
  }
  return ms + days * 86_400_000; // Shanghai keeps UTC+8 all year
}

/** Deep copy of `value` with every ISO instant and every YYYY-MM-DD date string moved by `f`. */
export function mapTimes<T>(value: T, f: (ms: number) => number): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      if (INSTANT.test(v)) return new Date(f(Date.parse(v))).toISOString();
      // A date is a Shanghai calendar day (UTC+8 all year): move its noon and read the day back.
      if (DATE.test(v))
        return new Date(f(Date.parse(`${v}T12:00:00+08:00`)) + 8 * 3_600_000).toISOString().slice(0, 10);
      return v;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

interface CarriedState {
  view: defs.CaseView;
  alarms: Array<{ kind: string; at: string; clock: boolean }>;
}
interface Captured {
  records: TransitionRecord[];
  notices: Array<{ input: { caseId: string; view: defs.CaseView; policyName: string }; at: number }>;
}

export interface LegacyImporter {
  /**
   * Imports one case: `drive` issues its commands against the rehearsal run; `times(n)` gives the historic instant
   * of each of the n events, in order. Returns when the real workflow has caught up with today.
   */
  importCase(opts: {
    input: defs.CaseWorkflowInput;
    drive: (handle: WorkflowHandle) => Promise<void>;
    times: (count: number) => Date[];
  }): Promise<{ events: number; view: defs.CaseView }>;
  close(): Promise<void>;
  /** The official working-day calendar the import moves dates on. */
  calendar: WorkingCalendar;
}

export async function createLegacyImporter(opts: {
  db: Db;
  client: Client;
  uploadDir: string;
  /** A prebuilt workflow bundle (tests); otherwise workflows/index.ts is bundled. */
  workflowBundle?: { code: string };
}): Promise<LegacyImporter> {
  const { db, client } = opts;
  const real = createActivities({ db, uploadDir: opts.uploadDir });
  const calendarYears = await real.loadCalendarYears({ from: 2000, to: 2100 });
  const calendar = createWorkingCalendar(calendarYears);
  const captured = new Map<string, Captured>();
  const take = (caseId: string) => {
    let c = captured.get(caseId);
    if (!c) captured.set(caseId, (c = { records: [], notices: [] }));
    return c;
  };
  const taskQueue = `duban-legacy-import-${randomUUID()}`;
  const connection = await NativeConnection.connect({
    address: (client.connection as Connection).options.address,
  });
  const worker = await Worker.create({
    connection,
    namespace: client.options.namespace,
    taskQueue,
    ...(opts.workflowBundle
      ? { workflowBundle: opts.workflowBundle }
      : { workflowsPath, bundlerOptions: { preloadModules } }),
    activities: {
      ...real,
      async recordTransition(r: TransitionRecord) {
        // Retried activities deliver the same seq again: keep one.
        const c = take(r.caseId);
        if (!c.records.some((x) => x.seq === r.seq)) c.records.push(structuredClone(r));
        // No hash: nothing was written, so the real write of each record reads its predecessor's.
        return { hash: '' };
      },
      async generateListingNotice(input: { caseId: string; view: defs.CaseView; policyName: string }) {
        take(input.caseId).notices.push({ input: structuredClone(input), at: Date.now() });
        return stableUuid(`${input.caseId}:listing_notice:${input.view.version}`);
      },
    } satisfies ReturnType<typeof createActivities>,
  });
  const running = worker.run();

  return {
    calendar,
    async importCase({ input, drive, times }) {
      const { caseId } = input;
      const rehearsal = await client.workflow.start('caseWorkflow', {
        taskQueue,
        workflowId: `legacy-import-${caseId}`,
        args: [{ ...input, indexSearchAttributes: false } satisfies defs.CaseWorkflowInput],
      });
      let state: CarriedState;
      try {
        // The first transition (reported) is written as the run starts.
        for (let waited = 0; !captured.get(caseId)?.records.length; waited += 20) {
          if (waited > 30_000) throw new Error(`case ${caseId}: the rehearsal did not start`);
          await new Promise((r) => setTimeout(r, 20));
        }
        await drive(rehearsal);
        state = (await rehearsal.query(defs.caseStateQuery)) as CarriedState;
      } finally {
        if ((await rehearsal.describe()).status.name === 'RUNNING')
          await rehearsal.terminate('历史案件导入：预演结束');
      }
      const c = captured.get(caseId)!;
      captured.delete(caseId);
      const records = c.records.sort((a, b) => a.seq - b.seq);
      const moveBy = timeMap(
        records.map((r) => Date.parse(r.occurredAt)),
        times(records.length).map((d) => d.getTime()),
      );
      const f = (ms: number) => {
        const moved = moveBy(ms);
        return moved === ms ? ms : onWorkingDay(calendar, moved);
      };
      for (const r of records) await real.recordTransition({ ...mapTimes(r, f), historic: true });
      for (const n of c.notices) {
        const id = await real.generateListingNotice(mapTimes(n.input, f));
        await db
          .update(documents)
          .set({ uploadedAt: new Date(f(n.at)) })
          .where(eq(documents.id, id));
      }

      let carried = mapTimes(state, f) as CaseState;
      const movedInput = mapTimes(input, f);
      const now = Date.now();
      carried.alarms = carried.alarms.filter(
        (a) => !((a.kind === 'reminder' || a.kind === 'progress_due') && Date.parse(a.at) <= now),
      );
      // The deadlines that fell due in the moved history, fired by the case's own rules as of their moment.
      let caughtUp = 0;
      for (let next = nextAlarm(carried); next && Date.parse(next.at) <= now; next = nextAlarm(carried)) {
        // Rules 2 and every feature: what a run started today decides with (its patches all apply).
        const ctx: DecideCtx = {
          now: next.at,
          rules: 2,
          features: new Set(caseFeatures),
          dates: (from, durations) => computeDates(calendar, from, durations),
        };
        const fired = fire(carried, next, ctx);
        carried = fired.state;
        if (fired.outcome) {
          const { type, actor, payload, ...extra } = fired.outcome;
          carried.view.version += 1;
          await real.recordTransition({
            caseId,
            seq: carried.view.version,
            type,
            actor,
            payload,
            occurredAt: next.at,
            view: carried.view,
            reportedAt: movedInput.reportedAt,
            reportedBy: movedInput.reportedBy.id,
            industryCategory: movedInput.industryCategory ?? null,
            departmentId: movedInput.departmentId ?? null,
            trackingCode: movedInput.trackingCode ?? null,
            enterpriseName: movedInput.report.enterpriseName ?? null,
            ...extra,
            historic: true,
          });
          caughtUp += 1;
        }
        if (fired.ladder) carried = startLadder(carried, ctx);
      }
      const handle = await client.workflow.start('caseWorkflow', {
        taskQueue: defs.TASK_QUEUE,
        workflowId: defs.caseWorkflowId(caseId),
        args: [{ ...movedInput, carried } satisfies defs.CaseWorkflowInput],
      });
      // Wait for the worker to catch up with every deadline and escalation that fell due in the moved history, so
      // the imported case is what it will be once the worker has looked at it. A finished case just completes.
      const active = (s: CarriedState) => (s.view.suspended ? s.alarms.filter((a) => !a.clock) : s.alarms);
      for (let waited = 0; ; waited += 100) {
        const s = (await handle.query(defs.caseStateQuery)) as CarriedState;
        if (!active(s).some((a) => Date.parse(a.at) <= Date.now()))
          return { events: records.length + caughtUp, view: s.view };
        if (waited > 60_000) throw new Error(`case ${caseId}: the imported workflow did not catch up`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async close() {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}
