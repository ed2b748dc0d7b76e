import { existsSync } from 'node:fs';
import path from 'node:path';
import { ScheduleOverlapPolicy } from '@temporalio/client';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../db/client.js';
import { hashPassword } from '../../db/password.js';
import { loadRunInput } from '../../db/queries/score-facts.js';
import { ensureScoreSchedule } from '../../api/services/score-schedules.js';
import { DATE_MESSAGE } from '../../domain/dates.js';
import { factKeys } from '../../domain/scores/indicators.js';
import { DEFAULT_SCORE_SCHEME } from '../../domain/scores/scheme.js';
import { SCORES_SCHEDULE_ID } from '../../workflows/score-definitions.js';
import { verifiedRefusals, verifiedWrites } from '../helpers/audit.js';
import { EXPECTED, MONTH, STREETS, at, seedScoreWorld, type ScoreWorld } from '../helpers/score-world.js';
import { PASSWORD, loginAs, startHarness, type Harness } from './harness.js';

type Client = Awaited<ReturnType<typeof loginAs>>;
const CITY = { code: '420100', name: '武汉市', level: 'city' as const, path: '420000/420100/' };
const rankingsUrl = (f: Record<string, unknown>, range = [0, 99]) =>
  `/api/scores/rankings?filter=${encodeURIComponent(JSON.stringify(f))}&range=${encodeURIComponent(JSON.stringify(range))}`;

/**
 * Scores over the real stack (PostgreSQL, a Temporal dev server, the worker, the app): the facts of a hand-made
 * month, the monthly Schedule, rankings with the change against last month, a frozen month recomputed with its diff,
 * the explanations down to the records, the 四类水平 follow-ups, the bulletin issued as an official document, the
 * home card, "as of a date", and every route for every role, own and foreign.
 */
describe('scores (绩效考核、排名、月通报) over the API', () => {
  let h: Harness;
  let w: ScoreWorld;
  const as: Record<string, Client> = {};
  let september: string;
  let october: string;

  beforeAll(async () => {
    h = await startHarness();
    const db = h.db.db;
    w = await seedScoreWorld(db);
    const hash = await hashPassword(PASSWORD);
    await db.insert(schema.users).values([
      {
        username: 'sup-city',
        displayName: '武汉市安委办',
        passwordHash: hash,
        role: 'supervisor',
        regionCode: '420100',
      },
      {
        username: 'sup-gs',
        displayName: '关山街安监站',
        passwordHash: hash,
        role: 'supervisor',
        regionCode: STREETS.gs.code,
      },
      {
        username: 'sup-dept',
        displayName: '区应急管理局',
        passwordHash: hash,
        role: 'supervisor',
        regionCode: '420111',
        departmentId: w.ids.industryDept,
      },
      {
        username: 'ent-a',
        displayName: 'A企业',
        passwordHash: hash,
        role: 'enterprise',
        regionCode: '420111',
        enterpriseId: w.ids.A,
      },
    ]);
    await db.update(schema.users).set({ passwordHash: hash }).where(eq(schema.users.id, w.ids.gridMember));
    const [gm] = await db
      .select({ username: schema.users.username })
      .from(schema.users)
      .where(eq(schema.users.id, w.ids.gridMember));
    for (const u of [
      'admin',
      'sup',
      'sup-city',
      'sup-other',
      'leader',
      'ent',
      'expert',
      'sup-gs',
      'sup-dept',
      'ent-a',
    ])
      as[u] = await loginAs(h.app, u);
    as.gm = await loginAs(h.app, gm!.username);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('counts exactly the facts the month made true, for every enterprise (suspended in the month: out)', async () => {
    const input = await loadRunInput(h.db.db, { root: CITY, month: MONTH, scheme: DEFAULT_SCORE_SCHEME });
    const facts = new Map(input.enterprises.map((e) => [e.id, e.facts]));
    expect(facts.has(w.ids.C)).toBe(false);
    for (const [name, expected] of Object.entries(EXPECTED)) {
      const got = facts.get(w.ids[name as 'A' | 'B' | 'D'])!;
      for (const k of factKeys) expect([name, k, got[k]]).toEqual([name, k, expected[k] ?? 0]);
    }
    const fire = input.departments.find((d) => d.id === w.ids.fireDept)!;
    expect(fire.specialised).toBe(true);
    expect(fire.facts).toMatchObject({ planned: 2, planDone: 1, due: 1, dueOnTime: 1, redLit: 0 });
    expect(input.loose).toEqual([
      { regionPath: STREETS.ly.path, departmentId: null, facts: expect.objectContaining({ majorListed: 1 }) },
    ]);
  });

  it('computes a past month on request (final), publishes it and opens the 四类水平 follow-ups', async () => {
    const res = await as.sup!.post('/api/scores/runs', { rootCode: '420100', month: '2026-09' });
    expect(res.status).toBe(201);
    expect(res.body.run).toMatchObject({
      kind: 'final',
      status: 'computed',
      trigger: 'request',
      month: '2026-09',
    });
    expect(res.body.unchanged).toBe(false);
    september = res.body.run.id;
    // The district's 安委办 computes the city's month but publishes only its own; a leader reads; the city publishes.
    expect((await as.sup!.post(`/api/scores/runs/${september}/publish`, {})).status).toBe(403);
    expect((await as.leader!.post(`/api/scores/runs/${september}/publish`, {})).status).toBe(403);
    const pub = await as['sup-city']!.post(`/api/scores/runs/${september}/publish`, {});
    expect(pub.status).toBe(200);
    expect(pub.body.run.status).toBe('published');
    expect(pub.body.followUps).toBeGreaterThan(0);
  });

  it('the monthly Schedule computes the month just ended for every jurisdiction, ranked against the published month before', async () => {
    expect(await ensureScoreSchedule({ client: h.env.client })).toBe('created');
    expect(await ensureScoreSchedule({ client: h.env.client })).toBe('updated');
    const handle = h.env.client.schedule.getHandle(SCORES_SCHEDULE_ID);
    const d = await handle.describe();
    expect(d.spec.calendars?.[0]).toMatchObject({
      dayOfMonth: [{ start: 1, end: 1, step: 1 }],
      hour: [{ start: 2, end: 2, step: 1 }],
    });
    // The run of 1 November 02:30 (Shanghai) computes October, whenever it actually runs.
    await handle.backfill([
      {
        start: at('2026-11-01T02:30:00'),
        end: at('2026-11-01T02:30:00'),
        overlap: ScheduleOverlapPolicy.ALLOW_ALL,
      },
    ]);
    let workflowId: string | undefined;
    for (let i = 0; i < 200 && !workflowId; i++) {
      workflowId = (await handle.describe()).info.recentActions.at(-1)?.action.workflow.workflowId;
      if (!workflowId) await new Promise((r) => setTimeout(r, 100));
    }
    const report = await h.env.client.workflow.getHandle(workflowId!).result();
    expect(report.month).toBe(MONTH);
    expect(report.runs.map((r: { rootCode: string }) => r.rootCode)).toEqual(['420100']);
    const [run] = await h.db.db
      .select()
      .from(schema.scoreRuns)
      .where(eq(schema.scoreRuns.id, report.runs[0].runId));
    expect(run).toMatchObject({
      month: MONTH,
      kind: 'final',
      trigger: 'schedule',
      status: 'computed',
      previousRunId: september,
    });
    october = run!.id;
    await handle.delete();
  });

  it('ranks each level within its group (ties alike), with the change against last month, units under 80 flagged', async () => {
    const streets = await as.sup!.get(
      rankingsUrl({ rootCode: '420100', month: MONTH, level: 'street', groupId: '420111' }),
    );
    expect(streets.status).toBe(200);
    expect(streets.headers.get('content-range')).toBe('scores/rankings 0-1/2');
    const rows = streets.body as Array<{
      name: string;
      rank: number;
      total: number;
      prevRank: number | null;
      flagged: boolean;
      runId: string;
    }>;
    expect(rows.map((r) => r.runId)).toEqual([october, october]);
    expect(rows.map((r) => r.rank)).toEqual([1, 2]);
    for (const r of rows) {
      expect(r.prevRank).not.toBeNull();
      expect(r.flagged).toBe(r.total < 80);
    }
    const ents = await as.sup!.get(
      rankingsUrl({ rootCode: '420100', month: MONTH, level: 'enterprise', groupId: '420111' }),
    );
    const totals = (ents.body as Array<{ total: number; rank: number }>).map((r) => [r.total, r.rank]);
    // Competition ranking: equal totals share a rank, the next rank skips.
    for (const [t, r] of totals) expect(r).toBe(1 + totals.filter(([u]) => u! > t!).length);
    expect(new Set(totals.map(([, r]) => r)).size).toBeLessThan(totals.length);
  });

  it('explains a score: each indicator’s facts and points, and the exact records counted, exportable', async () => {
    const unit = await as.sup!.get(`/api/scores/units/${october}/street/${STREETS.gs.code}`);
    expect(unit.status).toBe(200);
    const items = unit.body.items as Array<{
      indicator: string;
      numerator: number;
      denominator: number | null;
      points: number;
      weight: number;
      rule: string;
    }>;
    expect(items.reduce((s, i) => s + i.points, 0)).toBeCloseTo(unit.body.total, 6);
    expect(items.find((i) => i.indicator === 'reported_on_time')).toMatchObject({
      numerator: 2,
      denominator: 3,
    });
    expect(unit.body.trend.map((t: { month: string }) => t.month)).toEqual(['2026-09', MONTH]);
    const base = `/api/scores/units/${october}/street/${STREETS.gs.code}/indicators`;
    const hz = await as.sup!.get(`${base}/reported_on_time/records`);
    expect(hz.status).toBe(200);
    expect(hz.body.counts).toBe('hazards');
    expect(hz.body.summary).toMatchObject({ numerator: 2, denominator: 3, complete: true, matches: true });
    expect(hz.body.rows.map((r: { id: string }) => r.id).sort()).toEqual(
      [w.ids.hazards.h1, w.ids.hazards.h2, w.ids.hazards.h7].sort(),
    );
    expect(hz.body.rows.find((r: { id: string }) => r.id === w.ids.hazards.h2).inNumerator).toBe(false);
    const ents = await as.sup!.get(`${base}/checklist_compiled/records`);
    expect(ents.body.rows.map((r: { id: string; inNumerator: boolean }) => [r.id, r.inNumerator])).toEqual(
      expect.arrayContaining([
        [w.ids.A, true],
        [w.ids.B, false],
      ]),
    );
    const csv = await h.app.request(`${base}/reported_on_time/export?format=csv`, {
      headers: { cookie: await cookieOf('sup') },
    });
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect(text).toContain('隐患编号');
    expect(text.split('\n').filter(Boolean)).toHaveLength(4);
    // The department member sees only the enterprises of its industries, so the list is not the whole unit's.
    const dept = await as['sup-dept']!.get(
      `/api/scores/units/${october}/department/${w.ids.industryDept}/indicators/checklist_compiled/records`,
    );
    expect(dept.status).toBe(200);
    expect(dept.body.summary.complete).toBe(false);
  });

  it('a published month is frozen: recomputing shows the diff and changes nothing until a correction is published with a reason', async () => {
    expect((await as['sup-city']!.post(`/api/scores/runs/${october}/publish`, {})).status).toBe(200);
    const frozen = await h.db.db.select().from(schema.unitScores).where(eq(schema.unitScores.runId, october));
    // Nothing changed since: a recomputation says so and writes no run.
    const same = await as.sup!.post('/api/scores/runs', { rootCode: '420100', month: MONTH });
    expect(same.body).toMatchObject({ unchanged: true, diff: null });
    expect(same.body.run.id).toBe(october);
    // h2 turns out to have been entered by mistake.
    await h.db.db
      .update(schema.generalHazards)
      .set({ status: 'cancelled', light: 'none' })
      .where(eq(schema.generalHazards.id, w.ids.hazards.h2));
    const again = await as.sup!.post('/api/scores/runs', { rootCode: '420100', month: MONTH });
    expect(again.status).toBe(201);
    expect(again.body.unchanged).toBe(false);
    expect(again.body.run).toMatchObject({ status: 'computed', recomputesRunId: october });
    const a = again.body.diff.changed.find((c: { unitId: string }) => c.unitId === w.ids.A);
    expect(a.facts).toEqual(
      expect.arrayContaining([
        { fact: 'reported', before: 3, after: 2 },
        { fact: 'due', before: 3, after: 2 },
        { fact: 'overdueOpen', before: 1, after: 0 },
      ]),
    );
    // The month still shows what was published, row for row.
    const shown = await as.sup!.get(rankingsUrl({ rootCode: '420100', month: MONTH, level: 'enterprise' }));
    expect(new Set(shown.body.map((r: { runId: string }) => r.runId))).toEqual(new Set([october]));
    expect(
      await h.db.db.select().from(schema.unitScores).where(eq(schema.unitScores.runId, october)),
    ).toEqual(frozen);
    const refused = (re: RegExp) => ({
      cause: expect.objectContaining({ message: expect.stringMatching(re) }),
    });
    await expect(
      h.db.db.execute(sql`update unit_scores set total = 100 where run_id = ${october}`),
    ).rejects.toMatchObject(refused(/refused/));
    await expect(
      h.db.db.execute(sql`delete from unit_scores where run_id = ${october}`),
    ).rejects.toMatchObject(refused(/refused/));
    await expect(
      h.db.db.execute(sql`update score_runs set inputs_hash = 'x' where id = ${october}`),
    ).rejects.toMatchObject(refused(/never changes/));
    // A correction needs a reason; then the old publication stays, superseded.
    const fix = again.body.run.id as string;
    const noReason = await as['sup-city']!.post(`/api/scores/runs/${fix}/publish`, {});
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors.supersedeReason).toMatch(/更正原因/);
    const pub = await as['sup-city']!.post(`/api/scores/runs/${fix}/publish`, {
      supersedeReason: '关山街一条隐患系误录，已撤销',
    });
    expect(pub.body).toMatchObject({ supersededRunId: october });
    const [old] = await h.db.db.select().from(schema.scoreRuns).where(eq(schema.scoreRuns.id, october));
    expect(old).toMatchObject({
      status: 'superseded',
      supersededBy: fix,
      supersedeReason: '关山街一条隐患系误录，已撤销',
    });
    // As published then: the superseded run is still there to read by id.
    const asPublished = await as.sup!.get(
      rankingsUrl({ runId: october, level: 'street', groupId: '420111' }),
    );
    expect(asPublished.body.map((r: { total: number }) => r.total)).toEqual(
      frozen
        .filter((r) => r.level === 'street')
        .sort((x, y) => x.rank - y.rank)
        .map((r) => r.total),
    );
    october = fix;
  });

  it('shows a ranking as published and in force on a past date (yyyy-MM-dd, field errors)', async () => {
    const fix = october;
    const [old] = await h.db.db.select().from(schema.scoreRuns).where(eq(schema.scoreRuns.supersededBy, fix));
    // Publications carry the time they happened and the database refuses to rewrite them; the test moves these
    // three back to distinct past days (triggers off for this one transaction only) so "on a date" can tell them apart.
    await h.db.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(
        sql`update score_runs set published_at = ${at('2026-10-03T10:00:00')} where id = ${september}`,
      );
      await tx.execute(sql`update score_runs set published_at = ${at('2026-11-03T10:00:00')},
        superseded_at = ${at('2026-11-20T09:00:00')} where id = ${old!.id}`);
      await tx.execute(
        sql`update score_runs set published_at = ${at('2026-11-20T09:00:00')} where id = ${fix}`,
      );
    });
    const streetsOn = async (f: Record<string, unknown>) => {
      const res = await as.sup!.get(rankingsUrl({ rootCode: '420100', level: 'street', ...f }));
      expect(res.status).toBe(200);
      return res.body as Array<{ runId: string; month: string; total: number }>;
    };
    // Before October was published: nothing for October; without a month, the latest month then in force.
    expect(await streetsOn({ month: MONTH, asOf: '2026-11-02' })).toEqual([]);
    expect(new Set((await streetsOn({ asOf: '2026-11-02' })).map((r) => r.runId))).toEqual(
      new Set([september]),
    );
    // The day before the correction: the first publication, as it was; from the day of the correction: the fix.
    const before = await streetsOn({ month: MONTH, asOf: '2026-11-19' });
    expect(new Set(before.map((r) => r.runId))).toEqual(new Set([old!.id]));
    const oldRows = await h.db.db
      .select()
      .from(schema.unitScores)
      .where(eq(schema.unitScores.runId, old!.id));
    expect(before.map((r) => r.total).sort()).toEqual(
      oldRows
        .filter((r) => r.level === 'street')
        .map((r) => Number(r.total))
        .sort(),
    );
    expect(new Set((await streetsOn({ month: MONTH, asOf: '2026-11-20' })).map((r) => r.runId))).toEqual(
      new Set([fix]),
    );
    expect(new Set((await streetsOn({ asOf: '2026-12-01' })).map((r) => r.month))).toEqual(new Set([MONTH]));
    // A date that does not exist, and a date with a run id, are refused naming the field.
    const bad = await as.sup!.get(rankingsUrl({ rootCode: '420100', level: 'street', asOf: '2026-11-31' }));
    expect(bad.status).toBe(422);
    expect(bad.body.errors['filter.asOf']).toBe(DATE_MESSAGE);
    const both = await as.sup!.get(rankingsUrl({ runId: fix, level: 'street', asOf: '2026-11-20' }));
    expect(both.status).toBe(422);
    expect(both.body.errors['filter.asOf']).toMatch(/不能同时指定/);
    // Another district's supervisor sees none of this city's ranking on any date.
    expect(
      (await as['sup-other']!.get(rankingsUrl({ rootCode: '420100', level: 'street', asOf: '2026-11-20' })))
        .body,
    ).toEqual([]);
  });

  it('computes the running month as provisional on demand; a second request with nothing new writes nothing', async () => {
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const first = await as.leader!.post('/api/scores/runs', { rootCode: '420100', month });
    expect(first.status).toBe(201);
    expect(first.body.run).toMatchObject({ kind: 'provisional', month });
    const second = await as.leader!.post('/api/scores/runs', { rootCode: '420100', month });
    expect(second.body).toMatchObject({ unchanged: true });
    const next = `${Number(month.slice(0, 4)) + 1}-01`;
    const future = await as.sup!.post('/api/scores/runs', { rootCode: '420100', month: next });
    expect(future.status).toBe(422);
    expect(future.body.errors.month).toMatch(/不能晚于本月/);
    // Year 0000 is a typo, refused at once (the fuzz run found it waiting on a computation that could not succeed).
    const yearZero = await as.sup!.post('/api/scores/runs', { rootCode: '420100', month: '0000-01' });
    expect(yearZero.status).toBe(422);
    expect(yearZero.body.errors.month).toBe('月份不能早于2000-01');
    expect((await as['sup-city']!.post(`/api/scores/runs/${first.body.run.id}/publish`, {})).status).toBe(
      409,
    );
  });

  it('lists the 四类水平 enterprises with their follow-up tasks; a supervisor records one follow-up, once', async () => {
    const list = await as.sup!.get(
      `/api/scores/follow-ups?filter=${encodeURIComponent(JSON.stringify({ month: MONTH }))}`,
    );
    expect(list.status).toBe(200);
    const rows = list.body as Array<{
      id: string;
      enterpriseId: string;
      streak: number;
      total: number;
      status: string;
    }>;
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.total).toBeLessThan(70);
    expect(rows.find((r) => r.enterpriseId === w.ids.B)?.streak).toBe(2); // September and October
    expect((await as['sup-other']!.get('/api/scores/follow-ups')).body).toEqual([]);
    const target = rows[0]!;
    const bad = await as.sup!.post(`/api/scores/follow-ups/${target.id}/done`, { method: 'phone', note: '' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.note).toBeTruthy();
    expect(
      (
        await as.leader!.post(`/api/scores/follow-ups/${target.id}/done`, {
          method: 'phone',
          note: '电话督促',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await as['sup-other']!.post(`/api/scores/follow-ups/${target.id}/done`, {
          method: 'visit',
          note: '上门',
        })
      ).status,
    ).toBe(404);
    const ok = await as.sup!.post(`/api/scores/follow-ups/${target.id}/done`, {
      method: 'visit',
      note: '上门督促完善隐患排查清单',
    });
    expect(ok.body).toMatchObject({ status: 'done', method: 'visit' });
    expect(
      (await as.sup!.post(`/api/scores/follow-ups/${target.id}/done`, { method: 'visit', note: '再次' }))
        .status,
    ).toBe(409);
  });

  it('the 安委办 drafts the bulletin from the published month, edits its words and issues it numbered (PDF + DOCX)', async () => {
    expect(
      (await as['sup-gs']!.post('/api/scores/bulletins', { regionCode: '420111', month: MONTH })).status,
    ).toBe(403);
    const draft = await as.sup!.post('/api/scores/bulletins', { regionCode: '420111', month: MONTH });
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({
      status: 'draft',
      runId: october,
      title: '关于2026年10月隐患排查治理绩效考核情况的通报',
    });
    expect(draft.body.body).toContain('[[表格:街道]]');
    const view = await as.sup!.get(`/api/scores/bulletins/${draft.body.id}`);
    expect(view.body.tables['街道'].rows).toHaveLength(2);
    expect(view.body.tables['街道'].columns.slice(0, 4)).toEqual(['排名', '街道（乡镇）', '得分', '较上月']);
    const unknown = await h.app.request(`/api/scores/bulletins/${draft.body.id}`, {
      method: 'PUT',
      headers: { cookie: await cookieOf('sup'), 'content-type': 'application/json' },
      body: JSON.stringify({ title: draft.body.title, body: `${draft.body.body}\n[[表格:不存在]]` }),
    });
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as { errors: Record<string, string> }).errors.body).toMatch(/不存在/);
    const edited = await as.sup!.put(`/api/scores/bulletins/${draft.body.id}`, {
      title: draft.body.title,
      addressee: draft.body.addressee,
      body: `${draft.body.body}\n区安委办将把本通报情况纳入年度安全生产考核。`,
    });
    expect(edited.status).toBe(200);
    const pub = await as.sup!.post(`/api/scores/bulletins/${draft.body.id}/publish`);
    expect(pub.status).toBe(200);
    expect(pub.body.status).toBe('published');
    expect(pub.body.number).toMatch(/^洪安委办〔2026〕\d+号$/);
    const [doc] = await h.db.db
      .select()
      .from(schema.officialDocuments)
      .where(eq(schema.officialDocuments.documentId, pub.body.documentId));
    expect(doc).toMatchObject({ kind: 'monthly_bulletin', audience: 'bulletin', number: pub.body.number });
    expect(existsSync(path.join(h.config.uploadDir, doc!.docxPath))).toBe(true);
    // Published: the words no longer change; a repeat publication answers the same document.
    expect(
      (await as.sup!.put(`/api/scores/bulletins/${draft.body.id}`, { title: 'x', body: 'y' })).status,
    ).toBe(409);
    expect((await as.sup!.post(`/api/scores/bulletins/${draft.body.id}/publish`)).body.number).toBe(
      pub.body.number,
    );
    // Listed in scope: the street reads the district's bulletin; the neighbouring district does not.
    expect((await as['sup-gs']!.get('/api/scores/bulletins')).body.map((b: { id: string }) => b.id)).toEqual([
      draft.body.id,
    ]);
    expect((await as['sup-other']!.get('/api/scores/bulletins')).body).toEqual([]);
    expect((await as['sup-other']!.get(`/api/scores/bulletins/${draft.body.id}`)).status).toBe(404);
  });

  it('a leader’s home shows the unit’s score, rank, change and trend', async () => {
    const home = await as.leader!.get('/api/scores/home');
    expect(home.status).toBe(200);
    // Ranked among the city's two districts (江岸区 has no enterprise: nothing to measure scores full marks).
    expect(home.body).toMatchObject({
      level: 'district',
      unitId: '420111',
      name: '洪山区',
      month: MONTH,
      rank: 2,
      groupSize: 2,
    });
    expect(home.body).toMatchObject({ prevRank: 2, runStatus: 'published' });
    expect(home.body.trend.map((t: { month: string }) => t.month)).toContain(MONTH);
    const ent = await as['ent-a']!.get('/api/scores/home');
    expect(ent.body).toMatchObject({ level: 'enterprise', unitId: w.ids.A });
    expect((await as.expert!.get('/api/scores/home')).status).toBe(403);
  });

  it('shows a general hazard and a major case as they stood on a past date, from their events', async () => {
    const h1 = w.ids.hazards.h1;
    const before = await as.sup!.get(`/api/general-hazards/${h1}/as-of?date=2026-10-04`);
    expect(before.body).toMatchObject({ exists: false });
    const open = await as.sup!.get(`/api/general-hazards/${h1}/as-of?date=2026-10-06`);
    expect(open.body).toMatchObject({ exists: true, status: 'open', deadline: '2026-10-12', light: 'green' });
    await h.db.db.insert(schema.generalHazardEvents).values({
      hazardId: h1,
      type: 'rectified',
      at: at('2026-10-10T15:00:00'),
      actorRole: 'enterprise',
      payload: { rectifiedOn: '2026-10-10', onTime: true, deadline: '2026-10-12' },
    });
    expect((await as.sup!.get(`/api/general-hazards/${h1}/as-of?asOf=2026-10-11`)).body).toMatchObject({
      status: 'closed',
      onTime: true,
    });
    // ?asOf= is the parameter (?date= kept for earlier clients); a day is required, named at the field.
    expect((await as.sup!.get(`/api/general-hazards/${h1}/as-of?asOf=2026-10-06`)).body).toMatchObject({
      status: 'open',
    });
    const none = await as.sup!.get(`/api/general-hazards/${h1}/as-of`);
    expect(none.status).toBe(422);
    expect(none.body.errors.asOf).toBe('请指定查询日期（asOf，格式 yyyy-MM-dd）');
    const badAsOf = await as.sup!.get(`/api/cases/${w.ids.cases.majorA}/as-of?asOf=2026-13-01`);
    expect(badAsOf.status).toBe(422);
    expect(badAsOf.body.errors.asOf).toBe('日期无效：应为实际存在的日期（年-月-日，如 2027-02-28）');
    expect((await as['sup-other']!.get(`/api/general-hazards/${h1}/as-of?date=2026-10-11`)).status).toBe(404);
    const bad = await as.sup!.get(`/api/general-hazards/${h1}/as-of?date=10-11`);
    expect(bad.status).toBe(422);
    expect(bad.body.errors.date).toBe('日期无效：应为实际存在的日期（年-月-日，如 2027-02-28）');

    const caseId = w.ids.cases.majorA;
    const ev = (seq: number, type: string, local: string, payload: Record<string, unknown> = {}) => ({
      caseId,
      seq,
      type,
      actorRole: 'system',
      payload,
      occurredAt: at(local),
      prevHash: String(seq - 1),
      hash: String(seq),
    });
    await h.db.db
      .insert(schema.caseEvents)
      .values([
        ev(1, 'reported', '2026-09-30T10:00:00'),
        ev(2, 'judged', '2026-10-01T10:00:00', { decision: 'major' }),
        ev(3, 'listed', '2026-10-02T10:00:00', { deadline: '2026-10-19T15:59:59.999Z' }),
        ev(4, 'deadline_missed', '2026-10-20T00:00:00'),
        ev(5, 'escalated', '2026-10-23T00:00:00', { step: 'urging_letter' }),
      ]);
    expect((await as.sup!.get(`/api/cases/${caseId}/as-of?date=2026-10-10`)).body).toMatchObject({
      status: 'listed',
      overdue: false,
    });
    expect((await as.sup!.get(`/api/cases/${caseId}/as-of?asOf=2026-10-25`)).body).toMatchObject({
      status: 'listed',
      overdue: true,
      escalationStep: 'urging_letter',
    });
    expect((await as['sup-other']!.get(`/api/cases/${caseId}/as-of?date=2026-10-25`)).status).toBe(404);
  });

  it('every route refuses what is not the caller’s: another district, another enterprise, a role with no part', async () => {
    const unit = `/api/scores/units/${october}/street/${STREETS.gs.code}`;
    const entA = `/api/scores/units/${october}/enterprise/${w.ids.A}`;
    const dept = `/api/scores/units/${october}/department/${w.ids.industryDept}`;
    const expectStatus = async (who: string, url: string, status: number) =>
      expect([who, url, (await as[who]!.get(url)).status]).toEqual([who, url, status]);
    // Own and foreign units.
    await expectStatus('sup', unit, 200);
    await expectStatus('sup-gs', unit, 200);
    await expectStatus('sup-other', unit, 404);
    await expectStatus('sup-dept', unit, 200); // published: ranked beside its own department
    await expectStatus('sup-dept', dept, 200);
    await expectStatus('ent-a', entA, 200);
    await expectStatus('ent', entA, 404);
    await expectStatus('ent', unit, 404);
    await expectStatus('gm', entA, 200); // A lies in the grid member's grid
    await expectStatus('gm', `/api/scores/units/${october}/grid/${w.ids.grid}`, 200);
    await expectStatus('gm', unit, 404);
    await expectStatus('expert', unit, 403);
    // Runs, rankings and schemes.
    await expectStatus('sup-other', `/api/scores/runs/${october}`, 200); // the city's run lies above them…
    const foreign = await as['sup-other']!.get(
      rankingsUrl({ runId: october, level: 'street', groupId: '420111' }),
    );
    expect(foreign.body).toEqual([]); // …but not 洪山区's streets
    await expectStatus('ent', '/api/scores/schemes', 403);
    await expectStatus('expert', rankingsUrl({ runId: october, level: 'street' }), 403);
    expect(
      (await as['sup-other']!.post('/api/scores/runs', { rootCode: '420111', month: MONTH })).status,
    ).toBe(403);
    expect((await as.ent!.post('/api/scores/runs', { rootCode: '420100', month: MONTH })).status).toBe(403);
    expect(
      (await as['sup-dept']!.post('/api/scores/runs', { rootCode: '420100', month: MONTH })).status,
    ).toBe(403);
    const unknownRoot = await as.sup!.post('/api/scores/runs', { rootCode: '999999', month: MONTH });
    expect(unknownRoot.status).toBe(422);
    expect(unknownRoot.body.errors.rootCode).toBe('没有这个考核区域');
    // Schemes: administrators make versions, validated as data.
    const body = structuredClone(DEFAULT_SCORE_SCHEME);
    expect(
      (await as.sup!.post('/api/scores/schemes', { regionCode: '420111', effectiveFrom: '2027-01', body }))
        .status,
    ).toBe(403);
    body.sections.grid[0]!.weight = 50;
    const bad = await as.admin!.post('/api/scores/schemes', {
      regionCode: '420111',
      effectiveFrom: '2027-01',
      body,
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors['body.sections.grid']).toBe('网格各项分值合计应为100分，现为110分');
    body.sections.grid[0]!.weight = 40;
    body.awardBar = 85;
    const made = await as.admin!.post('/api/scores/schemes', {
      regionCode: '420111',
      effectiveFrom: '2027-01',
      body,
      note: '区级办法',
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ version: 1, regionCode: '420111' });
    // The audit record names what the version changes against the scheme it replaces (here the built-in default).
    const [rec] = await h.db.db
      .select()
      .from(schema.auditLog)
      .where(eq(schema.auditLog.resourceId, made.body.id as string));
    expect(rec!.payload).toMatchObject({
      replaces: 'default',
      changes: [{ where: '评优分数线', before: '80', after: '85' }],
    });
  });

  it('audits every write, in one verified chain', async () => {
    const log = await verifiedWrites(h.db.db);
    const actions = new Set(
      log.filter((e) => e.resource.startsWith('score')).map((e) => `${e.resource}:${e.action}`),
    );
    expect([...actions].sort()).toEqual(
      [
        'score_bulletins:create',
        'score_bulletins:publish',
        'score_bulletins:update',
        'score_follow_ups:follow_up',
        'score_runs:compute',
        'score_runs:publish',
        'score_schemes:create',
      ].sort(),
    );
    // The writes refused above (a role that may not, a state that refuses) are in the same chain, each with its answer.
    const refused = (await verifiedRefusals(h.db.db)).filter((e) => e.resource.startsWith('score'));
    expect(refused.length).toBeGreaterThan(0);
    for (const e of refused) expect([403, 409, 422]).toContain(e.why.status);
  });

  async function cookieOf(username: string): Promise<string> {
    const res = await h.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    return res.headers.get('set-cookie')!.split(';')[0]!;
  }
});
