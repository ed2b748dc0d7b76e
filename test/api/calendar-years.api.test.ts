import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { yearsFromChineseDays } from '../../domain/calendar.js';
import { verifiedRefusals, verifiedWrites } from '../helpers/audit.js';
import { loginAs, startHarness, type Harness } from './harness.js';

type Client = Awaited<ReturnType<typeof loginAs>>;
/** The first year the `chinese-days` package does not know: only an administrator can enter it. */
const UNKNOWN = Math.max(...yearsFromChineseDays(chineseDays).map((y) => y.year)) + 1;
const d = (md: string) => `${UNKNOWN}-${md}`;
const isWeekend = (date: string) => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
/** A weekend day near `md`, for a make-up day that passes the check whatever year UNKNOWN is. */
const weekendNear = (md: string) => {
  let x = new Date(`${d(md)}T00:00:00Z`);
  while (!isWeekend(x.toISOString().slice(0, 10))) x = new Date(x.getTime() + 86_400_000);
  return x.toISOString().slice(0, 10);
};
const entry = () => ({
  year: UNKNOWN,
  source: `国务院办公厅关于${UNKNOWN}年部分节假日安排的通知（测试数据）`,
  holidays: [
    { name: '元旦', start: d('01-01'), end: d('01-01'), makeUpDays: [] },
    { name: '春节', start: d('02-06'), end: d('02-12'), makeUpDays: [weekendNear('02-20')] },
    { name: '国庆节', start: d('10-01'), end: d('10-07'), makeUpDays: [weekendNear('10-09')] },
  ],
});

/** 工作日历 through the API: who may read and write, the published shape validated, versions and the audit trail. */
describe('calendar years API', () => {
  let h: Harness;
  const as: Record<string, Client> = {};

  beforeAll(async () => {
    h = await startHarness();
    for (const u of ['admin', 'sup', 'ent'] as const) as[u] = await loginAs(h.app, u);
  });
  afterAll(async () => h?.stop());

  it("lists the package's years in the published shape for every user", async () => {
    const res = await as.ent!.get('/api/calendar-years');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-range')).toMatch(/^calendar-years 0-\d+\/\d+$/);
    const y2026 = res.body.find((y: { year: number }) => y.year === 2026);
    expect(y2026).toMatchObject({ id: 2026, origin: 'package', version: null, workdayCount: 6 });
    expect(y2026.holidays.find((s: { name: string }) => s.name === '国庆节')).toEqual({
      name: '国庆节',
      start: '2026-10-01',
      end: '2026-10-07',
      makeUpDays: ['2026-09-20', '2026-10-10'],
    });
    expect(res.body.some((y: { year: number }) => y.year === UNKNOWN)).toBe(false);
  });

  it('refuses a bad entry naming each field in Chinese, and writes nothing', async () => {
    const bad = entry();
    const inside = weekendNear('02-06'); // a weekend day within 春节 (06–12 February)
    bad.holidays[1]!.makeUpDays = [inside];
    bad.holidays[2]!.start = `${UNKNOWN + 1}-10-01`;
    bad.holidays[2]!.end = `${UNKNOWN + 1}-10-07`;
    const res = await as.admin!.post('/api/calendar-years', bad);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({
      'holidays.1.makeUpDays.0': `${inside} 在“春节”的放假期间内`,
      'holidays.2.start': `${UNKNOWN + 1}-10-01 不在 ${UNKNOWN} 年内`,
      'holidays.2.end': `${UNKNOWN + 1}-10-07 不在 ${UNKNOWN} 年内`,
    });
    const missing = await as.admin!.post('/api/calendar-years', { year: UNKNOWN, holidays: [] });
    expect(missing.status).toBe(422);
    expect(Object.keys(missing.body.errors).sort()).toEqual(['holidays', 'source']);
    expect((await as.admin!.get(`/api/calendar-years/${UNKNOWN}`)).status).toBe(404);
  });

  it('lets only administrators enter a year; it is versioned and audited', async () => {
    expect((await as.sup!.post('/api/calendar-years', entry())).status).toBe(403);
    const created = await as.admin!.post('/api/calendar-years', entry());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: UNKNOWN, origin: 'entered', version: 1, holidayDays: 15 });
    expect(created.body.recompute).toEqual({ cases: 0 });
    expect((await as.admin!.post('/api/calendar-years', entry())).status).toBe(409);

    // react-admin sends the record back whole: the extra fields are ignored, the edited version is checked.
    const corrected = { ...created.body, holidays: [...created.body.holidays.slice(0, 2)] };
    const v2 = await as.admin!.put(`/api/calendar-years/${UNKNOWN}`, corrected);
    expect(v2.status).toBe(200);
    expect(v2.body).toMatchObject({ version: 2, holidayDays: 8 });
    const stale = await as.admin!.put(`/api/calendar-years/${UNKNOWN}`, created.body);
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toContain('第2版');
    const renamed = await as.admin!.put(`/api/calendar-years/${UNKNOWN}`, { ...v2.body, year: UNKNOWN + 1 });
    expect(renamed.status).toBe(422);

    const read = await as.sup!.get(`/api/calendar-years/${UNKNOWN}`);
    expect(read.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(read.body.versions[1].holidays).toHaveLength(15);
    const log = (await verifiedWrites(h.db.db)).filter((e) => e.resource === 'calendar-years');
    expect(log.map((e) => [e.action, e.resourceId, (e.payload as { version: number }).version])).toEqual([
      ['create', String(UNKNOWN), 1],
      ['update', String(UNKNOWN), 2],
    ]);
    // The stale and the renaming writes were refused, changed nothing, and left their trace.
    const refused = (await verifiedRefusals(h.db.db)).filter(
      (e) => e.why.path === `/calendar-years/${UNKNOWN}`,
    );
    expect(refused.map((e) => [e.why.method, e.why.status, e.actorRole])).toEqual([
      ['PUT', 409, 'admin'],
      ['PUT', 422, 'admin'],
    ]);
    // Versions are append-only in the database too.
    await expect(h.db.pool!.query('delete from calendar_year_versions')).rejects.toThrow(/append-only/);
  });

  it("lets an administrator correct a year the package knows: the entry replaces the package's", async () => {
    const pkg = (await as.admin!.get('/api/calendar-years/2026')).body;
    const res = await as.admin!.put('/api/calendar-years/2026', {
      ...pkg,
      source: '国办发明电〔2025〕7号（管理员核对）',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ origin: 'entered', version: 1, replacesPackage: true, workdayCount: 6 });
  });

  it("shows the administrator's calendar task only to administrators", async () => {
    expect((await as.sup!.get('/api/calendar-years/estimates')).status).toBe(403);
    const res = await as.admin!.get('/api/calendar-years/estimates');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  });
});
