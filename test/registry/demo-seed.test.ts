import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/case-activities.js';
import { createCaseWorker } from '../../activities/worker.js';
import { createWorkingCalendar, shanghaiDate } from '../../domain/calendar.js';
import { DEFAULT_POLICY } from '../../domain/policy.js';
import type { CaseDetails } from '../../domain/case/model.js';
import { isWorkingDayOrWeekday } from '../../scripts/seed/legacy-case.js';
import { scopeOf } from '../../api/context.js';
import { schema } from '../../db/client.js';
import { getSessionUser } from '../../db/queries/auth.js';
import { casesInScope } from '../../db/queries/scope.js';
import { GENESIS_HASH, chainHash } from '../../db/hash-chain.js';
import { listCases } from '../../db/queries/cases.js';
import { seedDemo } from '../../scripts/seed/demo.js';
import { rowsOf } from '../../db/queries/score-facts.js';
import { monthOf } from '../../domain/scores/month.js';
import { DEMO_USERS } from '../../db/seed/demo-registry.js';
import { caseStatuses } from '../../domain/case-status.js';
import { isValidCreditCode } from '../../domain/credit-code.js';
import { roles } from '../../domain/roles.js';
import * as defs from '../../workflows/definitions.js';
import { createTestDatabase } from '../helpers/db.js';
import { createDevServerEnv } from '../helpers/temporal.js';
import { workflowBundle, type TestDb } from '../workflows/fixture.js';

describe('demo district seed', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDb;
  beforeAll(async () => {
    [env, db] = await Promise.all([createDevServerEnv(), createTestDatabase()]);
    // DROP DATABASE ... WITH (FORCE) at teardown ends pooled connections: expected then, not a failure.
    db.pool?.on('error', () => {});
  });
  afterAll(async () => {
    await env?.teardown();
    await db?.drop();
  });

  /** Six months of history, moved in time with valid hash chains, and live workflows that carry on from it. */
  async function checkHistory() {
    const day = 86_400_000;
    const now = Date.now();
    const cases = await db.db.select().from(schema.cases);
    const reported = cases.map((c) => c.reportedAt.getTime());
    expect(now - Math.min(...reported)).toBeGreaterThanOrEqual(150 * day);
    expect(now - Math.min(...reported)).toBeLessThanOrEqual(181 * day);
    expect(now - Math.max(...reported)).toBeLessThanOrEqual(3 * day);
    expect(new Set(cases.map((c) => c.status))).toEqual(new Set(caseStatuses));

    const events = await db.db
      .select()
      .from(schema.caseEvents)
      .orderBy(asc(schema.caseEvents.caseId), asc(schema.caseEvents.seq));
    const first = Math.min(...events.map((e) => e.occurredAt.getTime()));
    const latest = Math.max(...events.map((e) => e.occurredAt.getTime()));
    expect(latest - first).toBeGreaterThanOrEqual(150 * day);
    // Spread over the months, not bunched on the seeding day.
    const days = new Set(events.map((e) => Math.floor(e.occurredAt.getTime() / day)));
    expect(days.size).toBeGreaterThan(40);
    let prev = GENESIS_HASH;
    let last: (typeof events)[number] | undefined;
    for (const e of events) {
      if (last?.caseId !== e.caseId) prev = GENESIS_HASH;
      else
        expect(e.occurredAt.getTime(), `${e.caseId}#${e.seq}`).toBeGreaterThanOrEqual(
          last.occurredAt.getTime(),
        );
      expect(e.prevHash, `${e.caseId}#${e.seq}`).toBe(prev);
      const { caseId, seq, type, actorId, actorRole, payload } = e;
      expect(e.hash, `${e.caseId}#${e.seq}`).toBe(
        chainHash(prev, {
          caseId,
          seq,
          type,
          actorId,
          actorRole,
          payload,
          occurredAt: e.occurredAt.toISOString(),
        }),
      );
      prev = e.hash;
      last = e;
    }
    for (const c of cases) {
      const own = events.filter((e) => e.caseId === c.id);
      expect(own.length, c.id).toBe(c.version);
      expect(Math.abs(own[0]!.occurredAt.getTime() - c.reportedAt.getTime()), c.id).toBeLessThan(day);
    }

    // Genuinely overdue: deadlines that passed in the moved history, the ladder climbed by the workflow itself.
    const escalations = await db.db.select().from(schema.escalations);
    const overdue = cases.filter((c) => c.overdue);
    // Overdue means a running deadline is past, and says whose: the case's deadline (the enterprise's, or a
    // supervisor's step) or a supervisor's clock (an extension request left undecided past its date).
    const detailsOf = (c: (typeof cases)[number]) => (c.view as { details?: CaseDetails } | null)?.details;
    for (const c of overdue) {
      const pastDeadline = !!c.deadline && c.deadline.getTime() < now;
      const pastClock = !!detailsOf(c)?.overdueClocks?.some((k) => Date.parse(k.dueAt) < now);
      expect(pastDeadline || pastClock, c.id).toBe(true);
      expect(['enterprise', 'supervisor'], c.id).toContain(detailsOf(c)?.overdueParty);
    }
    const climbing = overdue.filter((c) =>
      escalations.some((e) => e.caseId === c.id && e.status === 'open' && !e.manual),
    );
    expect(climbing.length).toBeGreaterThanOrEqual(4);
    expect(new Set(climbing.map((c) => c.status))).toEqual(new Set(['listed', 'rectifying']));
    const ladder = escalations.filter((e) => climbing.some((c) => c.id === e.caseId));
    expect([...new Set(ladder.map((e) => e.step))]).toEqual(
      expect.arrayContaining(['warning', 'urging_letter', 'interview']),
    );
    expect(escalations.some((e) => e.manual && now - e.triggeredAt.getTime() > 30 * day)).toBe(true);
    const openTasks = await db.db
      .select()
      .from(schema.tasks)
      .where(sql`status = 'open'`);
    expect(openTasks.some((t) => t.dueAt && t.dueAt.getTime() < now)).toBe(true);
    expect(
      Math.min(...(await db.db.select().from(schema.tasks)).map((t) => t.openedAt.getTime())),
    ).toBeLessThan(now - 150 * day);

    console.log(
      `demo history: ${cases.length} cases over ${Math.round((now - Math.min(...reported)) / day)} days, ` +
        `${events.length} events on ${days.size} days, ${overdue.length} overdue (${climbing.length} climbing the ladder), ` +
        `${escalations.length} escalations (${escalations.filter((e) => e.status === 'open').length} open)`,
    );
    // The restarted workflows are the cases: they take the next command and write on the same chain.
    const target = cases.find((c) => c.status === 'reported' && !c.overdue)!;
    const [sup] = await db.db
      .select()
      .from(schema.users)
      .where(sql`username = 'hs.supervisor'`);
    const [clause] = await db.db.select().from(schema.hazardClauses).limit(1);
    const view = await env.client.workflow
      .getHandle(defs.caseWorkflowId(target.id))
      .executeUpdate(defs.judgeUpdate, {
        args: [
          {
            actor: { id: sup!.id, role: 'supervisor', name: sup!.displayName, regionPath: '420000/' },
            input: { decision: 'major', clauseId: clause!.id, reason: '现场核查属实' },
          },
        ],
      });
    expect(view.status).toBe('judged');
    const after = await db.db
      .select()
      .from(schema.caseEvents)
      .where(sql`case_id = ${target.id}`)
      .orderBy(asc(schema.caseEvents.seq));
    expect(after.at(-1)!.prevHash).toBe(after.at(-2)!.hash);
    expect(after.at(-1)!.occurredAt.getTime()).toBeGreaterThan(now - 60_000);
    // The demo expert has acceptances to take part in: one opinion to give, one given, one finished case.
    const [li] = await db.db
      .select()
      .from(schema.users)
      .where(sql`username = 'expert.li'`);
    const expertScope = { userId: li!.id, role: 'expert' as const, regionPath: null, enterpriseId: null };
    const theirs = await listCases(db.db, expertScope, {});
    expect(theirs.rows.map((c) => c.status).sort()).toEqual([
      'acceptance_requested',
      'acceptance_requested',
      'accepted',
    ]);
    const details = (c: (typeof theirs.rows)[number]) =>
      (c.view as defs.CaseView).details as { expertOpinions?: unknown[]; invitedExperts?: unknown[] };
    expect(theirs.rows.map((c) => details(c).expertOpinions?.length ?? 0).sort()).toEqual([0, 1, 1]);
    const expertTasks = await db.db
      .select()
      .from(schema.tasks)
      .where(sql`assignee_user_id = ${li!.id}`);
    expect(expertTasks.map((t) => t.status).sort()).toEqual(['done', 'done', 'open']);
    expect(expertTasks.every((t) => t.assigneeRegionPath === null && t.kind === 'expert_opinion')).toBe(true);
    // A withdrawn case stays finished.
    const done = cases.find((c) => c.status === 'withdrawn')!;
    const d = await env.client.workflow.getHandle(defs.caseWorkflowId(done.id)).describe();
    expect(d.status.name).toBe('COMPLETED');
  }

  /**
   * A believable district (issue #18, item 12): reports and commands through the working day on working days,
   * deadlines on working days, and ladders that climbed over the weeks their rungs take, written as of then, so the
   * start-up itself adds no event, task or rung.
   */
  async function checkBelievable(started: number) {
    const day = 86_400_000;
    const years = await createActivities({ db: db.db, uploadDir: tmpdir() }).loadCalendarYears({
      from: 2000,
      to: 2100,
    });
    const calendar = createWorkingCalendar(years);
    const worked = (d: Date | string) => isWorkingDayOrWeekday(calendar, shanghaiDate(d));
    const minuteOfDay = (d: Date) => {
      const sh = new Date(d.getTime() + 8 * 3_600_000);
      return sh.getUTCHours() * 60 + sh.getUTCMinutes();
    };
    const cases = await db.db.select().from(schema.cases);
    const at = (d: Date) => `${shanghaiDate(d)} ${minuteOfDay(d)}`;

    // Discovery: on working days, in office hours, at many different times of day (not all 08:59:59).
    expect(cases.filter((c) => !worked(c.reportedAt)).map((c) => at(c.reportedAt))).toEqual([]);
    const reportedMinutes = cases.map((c) => minuteOfDay(c.reportedAt));
    expect(reportedMinutes.filter((m) => m < 9 * 60 || m >= 17 * 60)).toEqual([]);
    expect(new Set(reportedMinutes).size).toBeGreaterThanOrEqual(Math.floor(cases.length * 0.8));

    // Deadlines on working days of the official calendar (a year it does not know yet: weekends alone).
    const withDeadline = cases.filter((c) => c.deadline);
    expect(withDeadline.length).toBeGreaterThan(10);
    expect(withDeadline.filter((c) => !worked(c.deadline!)).map((c) => shanghaiDate(c.deadline!))).toEqual(
      [],
    );
    // Tasks too, except a rung whose policy gives calendar days (约谈 within 7 days may end on a Sunday).
    const calendarRungs = new Set(
      DEFAULT_POLICY.escalation
        .filter((r) => r.taskWithin.unit === 'calendar')
        .map((r) => `escalation:${r.step}`),
    );
    const tasks = await db.db.select().from(schema.tasks);
    const offDays = tasks.filter((t) => t.dueAt && !calendarRungs.has(t.kind) && !worked(t.dueAt));
    expect(offDays.map((t) => `${t.kind} ${shanghaiDate(t.dueAt!)}`)).toEqual([]);

    // People act on working days in office hours; the system's own events (deadlines, rungs) when their rule says.
    const events = await db.db.select().from(schema.caseEvents);
    const byPeople = events.filter((e) => e.actorRole !== 'system');
    expect(byPeople.filter((e) => !worked(e.occurredAt)).map((e) => `${e.type} ${at(e.occurredAt)}`)).toEqual(
      [],
    );
    expect(
      byPeople
        .filter((e) => minuteOfDay(e.occurredAt) < 9 * 60 || minuteOfDay(e.occurredAt) >= 17 * 60 + 45)
        .map((e) => `${e.type} ${at(e.occurredAt)}`),
    ).toEqual([]);

    // Nothing happened at start-up: every event, task and rung is history.
    expect(events.filter((e) => e.occurredAt.getTime() >= started).map((e) => e.type)).toEqual([]);
    expect(tasks.filter((t) => t.openedAt.getTime() >= started).map((t) => t.kind)).toEqual([]);
    const escalations = await db.db.select().from(schema.escalations);
    expect(escalations.filter((e) => e.triggeredAt.getTime() >= started).map((e) => e.step)).toEqual([]);

    // Ladders climbed over weeks: each automatic rung on a working day, later than the one before, and a case's
    // ladder from 预警 to 约谈 spans at least the policy's five working days.
    const automatic = escalations.filter((e) => !e.manual);
    expect(automatic.filter((e) => !worked(e.triggeredAt)).map((e) => e.step)).toEqual([]);
    const ladders = [...new Set(automatic.map((e) => e.caseId))].map((caseId) =>
      automatic
        .filter((e) => e.caseId === caseId)
        .sort((a, b) => a.triggeredAt.getTime() - b.triggeredAt.getTime()),
    );
    const long = ladders.filter((rungs) => rungs.length >= 3);
    expect(long.length).toBeGreaterThanOrEqual(3);
    for (const rungs of long) {
      const days = rungs.map((e) => shanghaiDate(e.triggeredAt));
      expect(new Set(days).size, days.join(' ')).toBe(days.length);
      const span = rungs.at(-1)!.triggeredAt.getTime() - rungs[0]!.triggeredAt.getTime();
      expect(span, days.join(' ')).toBeGreaterThanOrEqual(6 * day);
    }
    // The missed deadline is recorded when it passed, not when the demo started.
    const missed = events.filter((e) => e.type === 'deadline_missed');
    expect(missed.length).toBeGreaterThanOrEqual(long.length);
    console.log(
      `believable: ${new Set(reportedMinutes).size} distinct report times over ${cases.length} cases; ` +
        `${long.length} ladders of ≥3 rungs spanning ${long.map((r) => Math.round((r.at(-1)!.triggeredAt.getTime() - r[0]!.triggeredAt.getTime()) / day)).join(', ')} days`,
    );
  }

  it('seeds the district once: registry, users for every role, and real cases in every state', async () => {
    const bundle = await workflowBundle();
    const worker = await createCaseWorker({
      connection: env.nativeConnection,
      namespace: 'default',
      db: db.db,
      uploadDir: mkdtempSync(path.join(tmpdir(), 'duban-seed-')),
      workflowBundle: bundle,
    });
    const running = worker.run();
    try {
      const started = Date.now();
      const first = await seedDemo({ db: db.db, client: env.client, workflowBundle: bundle });
      expect(first.created).toBe(true);
      const again = await seedDemo({ db: db.db, client: env.client, workflowBundle: bundle });
      expect(again.created).toBe(false);
      // Before checkHistory, whose command is the first event of today.
      await checkBelievable(started);
      await checkHistory();
    } finally {
      worker.shutdown();
      await running;
    }

    // Every district listing names its 包案领导, the district's leader; city listings (no city leader in the demo) none.
    const listed = (await db.db.execute(sql`select c.level, u.username from cases c
        left join users u on u.id = c.owning_leader_id where c.level is not null`)) as {
      rows: { level: string; username: string | null }[];
    };
    expect(listed.rows.filter((r) => r.level === 'county').length).toBeGreaterThan(0);
    for (const r of listed.rows) expect(r.username).toBe(r.level === 'county' ? 'hs.leader' : null);

    const streets = await db.db
      .select()
      .from(schema.regions)
      .where(sql`level = 'street'`);
    expect(streets.map((s) => s.name)).toEqual(
      expect.arrayContaining(['关山街', '梨园街', '青菱街', '卓刀泉街', '和平街', '狮子山街']),
    );
    const enterprises = await db.db
      .select({ creditCode: schema.enterprises.creditCode, status: schema.enterprises.status })
      .from(schema.enterprises);
    expect(enterprises.length).toBe(4000);
    expect(enterprises.every((e) => isValidCreditCode(e.creditCode))).toBe(true);
    expect(new Set(enterprises.map((e) => e.status))).toEqual(new Set(['operating', 'suspended', 'closed']));
    const users = await db.db
      .select({ role: schema.users.role, username: schema.users.username })
      .from(schema.users);
    expect(new Set(users.map((u) => u.role))).toEqual(new Set(roles));
    expect(users.map((u) => u.username).sort()).toEqual(DEMO_USERS.map((u) => u.username).sort());
    const standards = await db.db.select({ code: schema.hazardStandards.code }).from(schema.hazardStandards);
    expect(standards.map((s) => s.code)).toEqual(
      expect.arrayContaining([
        '应急管理部令第10号',
        '安监总管三〔2017〕121号',
        '建质规〔2022〕2号',
        'GB 35181-2025',
      ]),
    );

    const cases = await db.db.select({ status: schema.cases.status }).from(schema.cases);
    expect(new Set(cases.map((c) => c.status))).toEqual(new Set(caseStatuses));

    // The district's 安委办 (hs.supervisor) sees every case; 应急管理局's supervisor only its industries' share.
    const visible = async (username: string) => {
      const [u] = await db.db
        .select({ id: schema.users.id })
        .from(schema.users)
        .where(sql`username = ${username}`);
      const scope = scopeOf((await getSessionUser(db.db, u!.id))!);
      const [r] = await db.db
        .select({ n: sql<number>`count(*)::int` })
        .from(schema.cases)
        .where(casesInScope(scope));
      return { n: r!.n, industries: scope.departmentIndustries };
    };
    expect(await visible('hs.supervisor')).toEqual({ n: cases.length, industries: null });
    const department = await visible('hs.yjj.supervisor');
    expect(department.industries).toContain('machinery');
    expect(department.n).toBeGreaterThan(0);
    expect(department.n).toBeLessThan(cases.length);
    const open = await db.db.select().from(schema.escalations);
    expect(open.length).toBeGreaterThan(0);

    // 绩效考核: two ended months published in order (each ranked against the one before), the running month
    // provisional, over a ledger of general hazards; the streets' and enterprises' scores spread, not all alike.
    const runs = rowsOf<{ month: string; kind: string; status: string; previous: string | null }>(
      await db.db.execute(sql`select r.month, r.kind, r.status, p.month as previous
        from score_runs r left join score_runs p on p.id = r.previous_run_id
        where r.root_code = '420100' order by r.month`),
    );
    const runningMonth = monthOf(new Date());
    expect(runs.map((r) => [r.kind, r.status])).toEqual([
      ['final', 'published'],
      ['final', 'published'],
      ['provisional', 'computed'],
    ]);
    expect(runs.at(-1)!.month).toBe(runningMonth);
    expect(runs.slice(1).map((r) => r.previous)).toEqual(runs.slice(0, 2).map((r) => r.month));
    const [hz] = rowsOf<{ n: number }>(
      await db.db.execute(sql`select count(*)::int as n from general_hazards`),
    );
    expect(hz!.n).toBeGreaterThan(4000);
    const lastPublished = runs[1]!.month;
    const spread = rowsOf<{
      level: string;
      n: number;
      distinct: number;
      flagged: number;
      min: number;
      max: number;
    }>(
      await db.db.execute(sql`select u.level, count(*)::int as n, count(distinct u.total)::int as distinct,
          count(*) filter (where u.flagged)::int as flagged, min(u.total)::float as min, max(u.total)::float as max
        from unit_scores u join score_runs r on r.id = u.run_id
        where r.root_code = '420100' and r.month = ${lastPublished} and r.status = 'published'
          and u.level in ('street', 'enterprise') group by u.level order by u.level`),
    );
    const [ent, street] = spread;
    expect(street).toMatchObject({ level: 'street', n: streets.length });
    console.log('demo scores', JSON.stringify(spread));
    expect(street!.distinct).toBeGreaterThan(3);
    expect(ent!.level).toBe('enterprise');
    expect(ent!.flagged).toBeGreaterThan(0);
    expect(ent!.flagged).toBeLessThan(ent!.n / 2);
    expect(ent!.min).toBeGreaterThanOrEqual(0);
    expect(ent!.max).toBeLessThanOrEqual(100);
    const [followUps] = rowsOf<{ n: number }>(
      await db.db.execute(
        sql`select count(*)::int as n from score_follow_ups where month = ${lastPublished}`,
      ),
    );
    expect(followUps!.n).toBe(ent!.flagged);
  }, 300_000);
});
