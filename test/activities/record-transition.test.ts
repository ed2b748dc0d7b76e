import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities, type TransitionRecord } from '../../activities/case-activities.js';
import { schema } from '../../db/client.js';
import { DEFAULT_POLICY } from '../../domain/policy.js';
import type { CaseView } from '../../workflows/definitions.js';
import { createTestDatabase } from '../helpers/db.js';
import { DISTRICT, seedRegistry, supervisor, type TestDb } from '../workflows/fixture.js';

describe('case activities on real PostgreSQL', () => {
  let db: TestDb;
  let acts: ReturnType<typeof createActivities>;
  let enterpriseId: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    ({ enterpriseId } = await seedRegistry(db.db));
    acts = createActivities({ db: db.db, uploadDir: mkdtempSync(path.join(tmpdir(), 'duban-act-')) });
  });
  afterAll(async () => db?.drop());

  const record = (
    caseId: string,
    seq: number,
    status: CaseView['status'],
    type: string,
  ): TransitionRecord => ({
    caseId,
    seq,
    type,
    actor: supervisor,
    payload: { seq },
    occurredAt: new Date(Date.UTC(2026, 10, 1, 0, seq)).toISOString(),
    view: {
      caseId,
      status,
      source: 'inspection',
      title: '隐患',
      description: '描述',
      enterpriseId,
      regionCode: DISTRICT.code,
      regionPath: DISTRICT.path,
      deadline: null,
      deadlineKind: null,
      rectificationDeadline: null,
      overdue: false,
      overdueSince: null,
      suspended: false,
      extensionCount: 0,
      acceptanceFailures: 0,
      planReturns: 0,
      openTasks: [],
      escalations: [],
      version: seq,
      details: {},
    },
    policy: DEFAULT_POLICY,
    reportedAt: '2026-11-01T00:00:00Z',
    reportedBy: supervisor.id,
    industryCategory: 'machinery',
    departmentId: null,
    trackingCode: null,
    enterpriseName: '测试企业',
    openTasks: [
      { id: `${caseId}:${seq}:judge`, kind: 'judge', title: '研判', assigneeRole: 'supervisor', dueAt: null },
    ],
  });

  it('writes nothing twice when retried, chains the events, and never moves the read model backwards', async () => {
    const caseId = randomUUID();
    const first = record(caseId, 1, 'reported', 'reported');
    const written = await acts.recordTransition(first);
    // A retry after a lost acknowledgement writes nothing and answers the stored hash.
    expect(await acts.recordTransition(first)).toEqual(written);
    // The workflow hands the hash it was given to the next transition, which then need not read it back.
    const second = { ...record(caseId, 2, 'judged', 'judged'), prevHash: written.hash };
    delete second.policy; // unchanged: the read model keeps the policy it has
    await acts.recordTransition(second);
    await acts.recordTransition(first); // a late duplicate of an older transition

    const events = await db.db.select().from(schema.caseEvents).where(eq(schema.caseEvents.caseId, caseId));
    expect(events.map((e) => e.seq).sort()).toEqual([1, 2]);
    const [e1, e2] = events.sort((a, b) => a.seq - b.seq);
    expect(e2!.prevHash).toBe(e1!.hash);
    const tasks = await db.db.select().from(schema.tasks).where(eq(schema.tasks.caseId, caseId));
    expect(tasks.map((t) => t.id).sort()).toEqual([`${caseId}:1:judge`, `${caseId}:2:judge`]);
    const [row] = await db.db.select().from(schema.cases).where(eq(schema.cases.id, caseId));
    expect(row).toMatchObject({ status: 'judged', version: 2, policy: DEFAULT_POLICY });
    expect(e1!.hash).toBe(written.hash);
  });

  it('writes the penalty of an escalation outcome once, however often the transition is retried', async () => {
    const caseId = randomUUID();
    await acts.recordTransition(record(caseId, 1, 'reported', 'reported'));
    const escalation = {
      id: `${caseId}:esc:1:enforcement`,
      step: 'enforcement' as const,
      reason: '整改逾期',
      manual: false,
      triggeredAt: '2026-11-01T00:02:00Z',
      dueAt: null,
      status: 'done' as const,
      outcome: '已罚款',
    };
    const outcome: TransitionRecord = {
      ...record(caseId, 2, 'rectifying', 'escalation_outcome'),
      openTasks: [],
      escalations: [escalation],
      penalty: {
        escalationId: escalation.id,
        kind: 'fine',
        decidedOn: '2026-11-01',
        decisionNo: '洪应急罚〔2026〕7号',
        amountYuan: 30000.5,
      },
    };
    await acts.recordTransition(outcome);
    await acts.recordTransition(outcome); // a retry after a lost acknowledgement
    const rows = await db.db.select().from(schema.penalties).where(eq(schema.penalties.caseId, caseId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      enterpriseId,
      escalationId: escalation.id,
      kind: 'fine',
      decidedOn: '2026-11-01',
      amountYuan: 30000.5,
      recordedBy: supervisor.id,
    });
    // Penalties carry legal weight: the table is append-only.
    await expect(
      db.db.update(schema.penalties).set({ decisionNo: 'x' }).where(eq(schema.penalties.caseId, caseId)),
    ).rejects.toThrow();
  });

  it('issues a rung’s document and its notifications once, however often or concurrently the transition is retried', async () => {
    const caseId = randomUUID();
    await db.db.insert(schema.users).values({
      username: `ent-${caseId.slice(0, 8)}`,
      displayName: '企业安全员',
      passwordHash: 'x',
      role: 'enterprise',
      regionCode: DISTRICT.code,
      enterpriseId,
    });
    await acts.recordTransition(record(caseId, 1, 'reported', 'reported'));
    const escalation = {
      id: `${caseId}:esc:1:urging_letter`,
      step: 'urging_letter' as const,
      reason: '整改期限逾期未完成',
      manual: false,
      triggeredAt: '2026-11-01T00:02:00Z',
      dueAt: '2026-11-05T15:59:59Z',
      status: 'open' as const,
    };
    const fired: TransitionRecord = {
      ...record(caseId, 2, 'rectifying', 'escalated'),
      payload: {
        escalationId: escalation.id,
        step: 'urging_letter',
        reason: escalation.reason,
        manual: false,
      },
      escalations: [escalation],
    };
    // Two workers take the same transition at once (a retry racing a slow first attempt), then a third retries.
    const [a, b] = await Promise.all([acts.recordTransition(fired), acts.recordTransition(fired)]);
    expect(b).toEqual(a);
    expect(await acts.recordTransition(fired)).toEqual(a);
    const docs = await db.db
      .select()
      .from(schema.officialDocuments)
      .where(eq(schema.officialDocuments.caseId, caseId));
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({
      kind: 'urging_letter',
      escalationId: escalation.id,
      issuedOn: '2026-11-01',
    });
    const [counter] = await db.db
      .select()
      .from(schema.documentCounters)
      .where(eq(schema.documentCounters.authorityId, docs[0]!.authorityId));
    expect(counter!.last).toBe(docs[0]!.serial); // no number was taken and lost by the losers
    const [rung] = await db.db
      .select()
      .from(schema.escalations)
      .where(eq(schema.escalations.id, escalation.id));
    expect(rung!.documentId).toBe(docs[0]!.documentId);
    // Its outcome later keeps the link.
    await acts.recordTransition({
      ...record(caseId, 3, 'rectifying', 'escalation_outcome'),
      openTasks: [],
      escalations: [{ ...escalation, status: 'done', outcome: '已报送整改进展' }],
    });
    const [done] = await db.db
      .select()
      .from(schema.escalations)
      .where(eq(schema.escalations.id, escalation.id));
    expect(done).toMatchObject({ status: 'done', documentId: docs[0]!.documentId });
    const outbox = await db.db.select().from(schema.outbox).where(eq(schema.outbox.caseId, caseId));
    // The enterprise is told of the rung and served the letter, in-app, once each.
    expect(outbox.map((o) => `${o.kind}:${o.channel}`).sort()).toEqual([
      'document_issued:in_app',
      'escalated:in_app',
    ]);
  });

  it('closes a task that the same transition opens', async () => {
    const caseId = randomUUID();
    const first = record(caseId, 1, 'reported', 'reported');
    const opened = first.openTasks![0]!.id;
    await acts.recordTransition({ ...first, closeTaskIds: [opened] });
    const [task] = await db.db.select().from(schema.tasks).where(eq(schema.tasks.id, opened));
    expect(task).toMatchObject({ status: 'done', closedBy: supervisor.id });
    const events = await db.db.select().from(schema.caseEvents).where(eq(schema.caseEvents.caseId, caseId));
    expect(events).toHaveLength(1);
  });

  it('fails for good, not forever, on a reference that does not exist', async () => {
    const bad = record(randomUUID(), 1, 'reported', 'reported');
    bad.view.enterpriseId = randomUUID();
    await expect(acts.recordTransition(bad)).rejects.toMatchObject({ nonRetryable: true });
  });

  it('computes working-day deadlines and flags a year the calendar does not know', async () => {
    const [d1, d5, unknown] = await acts.computeDates({
      from: '2026-09-30',
      durations: [
        { amount: 1, unit: 'working' },
        { amount: 5, unit: 'working' },
        { amount: 80, unit: 'working' },
      ],
    });
    expect([d1!.date, d5!.date]).toEqual(['2026-10-08', '2026-10-13']);
    expect(d1!.unknownYear).toBeNull();
    expect(unknown!.unknownYear).toBe(2027);
    // An administrator enters 2027: the estimate gives way to the official calendar.
    await db.db
      .insert(schema.calendarYears)
      .values({ year: 2027, holidays: ['2027-01-01'], workdays: [], source: '国务院办公厅通知（测试数据）' });
    const fresh = createActivities({ db: db.db, uploadDir: tmpdir(), calendarCacheMs: 0 });
    const [known] = await fresh.computeDates({
      from: '2026-12-31',
      durations: [{ amount: 1, unit: 'working' }],
    });
    expect(known).toMatchObject({ date: '2027-01-04', unknownYear: null });
  });
});
