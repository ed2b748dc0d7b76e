/**
 * A small district whose October 2026 facts are known by hand, for the scores tests: every fact of
 * domain/scores/indicators.ts is made true or false on purpose by one row here, and `EXPECTED` says what the
 * computation must count for each enterprise.
 *
 *   420111 洪山区 ── 420111002000 关山街 ── A (机械, 区应急管理局): everything done, one hazard overdue, a major case
 *                │                      └─ B (机械, 区应急管理局): data incomplete, draft checklist, a spot check
 *                └─ 420111004000 梨园街 ── C (商贸, suspended in September: out)
 *                                       └─ D (商贸, suspended in November: counted in October)
 * A specialised department (区消防救援大队, no industries) plans two inspections in October and makes one.
 */
import { randomUUID } from 'node:crypto';
import { schema, type Db } from '../../db/client.js';
import type { FactKey } from '../../domain/scores/indicators.js';

export const MONTH = '2026-10';
export const DISTRICT_PATH = '420000/420100/420111/';
export const STREETS = {
  gs: { code: '420111002000', name: '关山街', path: `${DISTRICT_PATH}420111002000/` },
  ly: { code: '420111004000', name: '梨园街', path: `${DISTRICT_PATH}420111004000/` },
};

/** Shanghai local time as an instant. */
export const at = (local: string): Date => new Date(`${local}+08:00`);

export interface ScoreWorld {
  ids: {
    A: string;
    B: string;
    C: string;
    D: string;
    industryDept: string;
    fireDept: string;
    grid: string;
    gridMember: string;
    hazards: Record<'h1' | 'h2' | 'h3' | 'h4' | 'h5' | 'h6' | 'h7', string>;
    cases: Record<'majorA' | 'closedB' | 'loose', string>;
  };
}

/** What the October facts of each counted enterprise must be (0 where absent). C is not counted at all. */
export const EXPECTED: Record<'A' | 'B' | 'D', Partial<Record<FactKey, number>>> = {
  A: {
    active: 1,
    checklist: 1,
    checklistAccepted: 1,
    online: 1,
    dataComplete: 1,
    reported: 3, // h1, h2, h7
    reportedInTime: 2, // h2 entered late
    rectified: 2, // h1, h7
    due: 3, // h1 (10-12), h2 (10-20), h7 (10-25)
    dueOnTime: 2,
    overdueOpen: 1, // h2
    redLit: 1, // h2 from 10-21, h3 on 10-01..03
    redFollowed: 1, // followed up h2 in October
    inspected: 1,
    selfReportsDue: 1,
    selfReportsOnTime: 1,
    inGrid: 1,
    patrolled: 1,
    majorListed: 1,
    majorOverdue: 1,
    majorEscalated: 1, // 督办函; the 预警 is not counted
  },
  B: {
    active: 1,
    notRed: 1,
    otherChecked: 1, // h6 spot-checked in October
    selfReportsDue: 1, // a missing report flagged
    majorClosed: 1,
    majorClosedOnTime: 1,
    inGrid: 1,
  },
  D: {
    active: 1,
    dataComplete: 1,
    notRed: 1,
    selfReportsDue: 2, // half-monthly: one on time, one late
    selfReportsOnTime: 1,
    online: 0,
  },
};

/** Builds the world in a database that already holds 420000/420100/420111 (the API harness's registry). */
export async function seedScoreWorld(db: Db): Promise<ScoreWorld> {
  const s = schema;
  await db.insert(s.regions).values(
    Object.values(STREETS).map((st) => ({
      code: st.code,
      name: st.name,
      level: 'street' as const,
      parentCode: '420111',
      path: st.path,
    })),
  );
  const [industryDept, fireDept] = await db
    .insert(s.departments)
    .values([
      { name: '洪山区应急管理局', regionCode: '420111', industryCodes: ['machinery'] },
      { name: '洪山区消防救援大队', regionCode: '420111', industryCodes: [] },
    ])
    .returning({ id: s.departments.id });
  const full = {
    address: '武汉市洪山区珞狮路1号',
    principalName: '张三',
    principalPhone: '13900000001',
    safetyManagerName: '李四',
    safetyManagerPhone: '13900000002',
    riskColour: 'yellow' as const,
    managementLevel: 'B' as const,
  };
  const ent = (
    n: string,
    street: { code: string; path: string },
    industry: 'machinery' | 'commerce',
    over: Partial<typeof s.enterprises.$inferInsert>,
  ) => ({
    name: `武汉评分测试${n}有限公司`,
    creditCode: `91420111SC${n}00000X`.padEnd(18, '0').slice(0, 18),
    regionCode: street.code,
    regionPath: street.path,
    industryCode: industry === 'machinery' ? 'C34' : 'F51',
    industryCategory: industry,
    scale: 'above' as const,
    departmentId: industry === 'machinery' ? industryDept!.id : null,
    ...over,
  });
  const [A, B, C, D] = await db
    .insert(s.enterprises)
    .values([
      ent('A', STREETS.gs, 'machinery', full),
      ent('B', STREETS.gs, 'machinery', { ...full, address: null }),
      ent('C', STREETS.ly, 'commerce', { ...full, status: 'suspended', statusChangedAt: '2026-09-15' }),
      ent('D', STREETS.ly, 'commerce', { ...full, status: 'suspended', statusChangedAt: '2026-11-05' }),
    ])
    .returning({ id: s.enterprises.id });
  const ids = { A: A!.id, B: B!.id, C: C!.id, D: D!.id };

  // Accounts: A's has a phone (入网), B's has none.
  await db.insert(s.users).values([
    {
      username: `ent-a-${ids.A.slice(0, 6)}`,
      displayName: 'A企业',
      passwordHash: 'x',
      role: 'enterprise',
      enterpriseId: ids.A,
      phone: '13800000001',
    },
    {
      username: `ent-b-${ids.B.slice(0, 6)}`,
      displayName: 'B企业',
      passwordHash: 'x',
      role: 'enterprise',
      enterpriseId: ids.B,
    },
  ]);
  const [gridMember] = await db
    .insert(s.users)
    .values({
      username: `gm-${ids.A.slice(0, 6)}`,
      displayName: '网格员',
      passwordHash: 'x',
      role: 'grid_member',
      regionCode: '420111',
    })
    .returning({ id: s.users.id });

  // Checklists: A accepted in September; B a draft; D submitted only in November.
  await db.insert(s.checklists).values([
    {
      enterpriseId: ids.A,
      version: 1,
      status: 'accepted',
      submittedAt: at('2026-09-10T10:00:00'),
      reviewedAt: at('2026-09-20T10:00:00'),
    },
    { enterpriseId: ids.B, version: 1, status: 'draft' },
    { enterpriseId: ids.D, version: 1, status: 'submitted', submittedAt: at('2026-11-03T10:00:00') },
  ]);

  const hz = (
    enterpriseId: string,
    street: { code: string; path: string },
    over: Partial<typeof s.generalHazards.$inferInsert> & {
      foundOn: string;
      deadline: string;
      reportedAt: Date;
    },
  ): typeof s.generalHazards.$inferInsert => ({
    id: randomUUID(),
    enterpriseId,
    regionCode: street.code,
    regionPath: street.path,
    industryCategory: 'machinery',
    industryCode: 'C34',
    source: 'self_inspection',
    description: '测试隐患',
    reporterRole: 'enterprise',
    ...over,
  });
  const h = {
    h1: hz(ids.A, STREETS.gs, {
      foundOn: '2026-10-05',
      reportedAt: at('2026-10-05T09:00:00'),
      deadline: '2026-10-12',
      status: 'closed',
      light: 'none',
      rectifiedOn: '2026-10-10',
      onTime: true,
      closedAt: at('2026-10-10T15:00:00'),
    }),
    h2: hz(ids.A, STREETS.gs, {
      foundOn: '2026-10-01',
      reportedAt: at('2026-10-08T09:00:00'),
      reportedLate: true,
      deadline: '2026-10-20',
      status: 'open',
      light: 'red',
    }),
    h3: hz(ids.A, STREETS.gs, {
      foundOn: '2026-09-20',
      reportedAt: at('2026-09-20T09:00:00'),
      deadline: '2026-09-25',
      status: 'closed',
      light: 'none',
      rectifiedOn: '2026-10-03',
      onTime: false,
      closedAt: at('2026-10-03T11:00:00'),
    }),
    h4: hz(ids.B, STREETS.gs, {
      foundOn: '2026-10-02',
      reportedAt: at('2026-10-02T09:00:00'),
      deadline: '2026-10-09',
      status: 'cancelled',
      light: 'none',
      closedAt: at('2026-10-02T12:00:00'),
    }),
    h5: hz(ids.B, STREETS.gs, {
      foundOn: '2026-11-02',
      reportedAt: at('2026-11-02T09:00:00'),
      deadline: '2026-11-09',
      status: 'open',
    }),
    h6: hz(ids.B, STREETS.gs, {
      foundOn: '2026-08-02',
      reportedAt: at('2026-08-02T09:00:00'),
      deadline: '2026-08-09',
      status: 'closed',
      light: 'none',
      rectifiedOn: '2026-08-05',
      onTime: true,
      closedAt: at('2026-08-05T09:00:00'),
    }),
    h7: undefined as unknown as typeof s.generalHazards.$inferInsert,
  };

  // The fire brigade's plan: two inspections due in October, A's done (it found h7), B's not.
  const [plan] = await db
    .insert(s.inspectionPlans)
    .values({
      name: '消防安全月检查',
      level: 'county',
      cadence: 'monthly',
      regionCode: '420111',
      regionPath: DISTRICT_PATH,
      departmentId: fireDept!.id,
      selection: 'random',
      coverageTargetPct: 10,
      inspectorIds: [],
      startsOn: '2026-01-01',
    })
    .returning({ id: s.inspectionPlans.id });
  const inspA = randomUUID();
  await db.insert(s.inspections).values([
    {
      id: inspA,
      planId: plan!.id,
      enterpriseId: ids.A,
      regionPath: STREETS.gs.path,
      industryCategory: 'machinery',
      inspectorIds: [],
      dueOn: '2026-10-10',
      status: 'done',
      inspectedOn: '2026-10-15',
      recordedAt: at('2026-10-15T16:00:00'),
      generalFindings: 1,
    },
    {
      id: randomUUID(),
      planId: plan!.id,
      enterpriseId: ids.B,
      regionPath: STREETS.gs.path,
      industryCategory: 'machinery',
      inspectorIds: [],
      dueOn: '2026-10-20',
      status: 'planned',
    },
  ]);
  h.h7 = hz(ids.A, STREETS.gs, {
    source: 'inspection',
    sourceRef: inspA,
    reporterRole: 'supervisor',
    foundOn: '2026-10-15',
    reportedAt: at('2026-10-15T17:00:00'),
    deadline: '2026-10-25',
    status: 'closed',
    light: 'none',
    rectifiedOn: '2026-10-24',
    onTime: true,
    closedAt: at('2026-10-24T10:00:00'),
  });
  await db.insert(s.generalHazards).values(Object.values(h));
  await db.insert(s.generalHazardEvents).values([
    {
      hazardId: h.h2.id!,
      type: 'followed_up',
      at: at('2026-10-22T09:00:00'),
      actorRole: 'supervisor',
      payload: { method: 'phone', light: 'red' },
    },
    {
      hazardId: h.h6.id!,
      type: 'spot_checked',
      at: at('2026-10-18T09:00:00'),
      actorRole: 'supervisor',
      payload: { result: 'passed' },
    },
    // A follow-up in September counts for nothing in October.
    {
      hazardId: h.h3.id!,
      type: 'followed_up',
      at: at('2026-09-28T09:00:00'),
      actorRole: 'supervisor',
      payload: { method: 'visit', light: 'red' },
    },
  ]);

  // 自查自报 for September's periods: A on time; B missing (flagged); D half-monthly, one on time and one late.
  await db.insert(s.selfReports).values([
    {
      enterpriseId: ids.A,
      periodStart: '2026-09-01',
      periodEnd: '2026-09-30',
      dueOn: '2026-10-09',
      submittedAt: at('2026-10-08T10:00:00'),
      onTime: true,
      noHazard: false,
      hazardsReported: 1,
      hazardsRectified: 0,
      selfInspections: 4,
    },
    {
      enterpriseId: ids.D,
      periodStart: '2026-09-01',
      periodEnd: '2026-09-15',
      dueOn: '2026-09-22',
      submittedAt: at('2026-09-21T10:00:00'),
      onTime: true,
      noHazard: true,
      hazardsReported: 0,
      hazardsRectified: 0,
      selfInspections: 2,
    },
    {
      enterpriseId: ids.D,
      periodStart: '2026-09-16',
      periodEnd: '2026-09-30',
      dueOn: '2026-10-09',
      submittedAt: at('2026-10-12T10:00:00'),
      onTime: false,
      noHazard: true,
      hazardsReported: 0,
      hazardsRectified: 0,
      selfInspections: 2,
    },
  ]);
  await db.insert(s.selfReportFlags).values([
    {
      enterpriseId: ids.B,
      regionPath: STREETS.gs.path,
      industryCategory: 'machinery',
      periodStart: '2026-09-01',
      kind: 'missing',
      details: { period: 'month' },
    },
    {
      enterpriseId: ids.D,
      regionPath: STREETS.ly.path,
      industryCategory: 'commerce',
      periodStart: '2026-09-16',
      kind: 'late',
      details: { period: 'half_month' },
    },
  ]);

  // A grid over 关山街 with A and B; A patrolled in October.
  const [grid] = await db
    .insert(s.grids)
    .values({
      code: `G-${ids.A.slice(0, 8)}`,
      name: '关山街第一网格',
      level: 'community',
      regionCode: STREETS.gs.code,
      regionPath: STREETS.gs.path,
    })
    .returning({ id: s.grids.id });
  await db.insert(s.gridStaff).values({ gridId: grid!.id, userId: gridMember!.id, duty: 'member' });
  await db.insert(s.gridEnterprises).values([
    {
      gridId: grid!.id,
      enterpriseId: ids.A,
      assignedOn: '2026-06-01',
      lastPatrolledOn: '2026-10-11',
      patrolDueOn: '2026-10-26',
    },
    { gridId: grid!.id, enterpriseId: ids.B, assignedOn: '2026-06-01', patrolDueOn: '2026-10-01' },
  ]);
  await db.insert(s.patrols).values({
    id: randomUUID(),
    gridId: grid!.id,
    enterpriseId: ids.A,
    regionPath: STREETS.gs.path,
    patrolledOn: '2026-10-11',
    recordedAt: at('2026-10-11T10:00:00'),
    outcome: 'ok',
    results: [],
  });

  // Major cases: A's listed in October and overdue since the 20th (a 预警 and a 督办函 in October); B's closed in
  // October, never overdue; one in 梨园街 that names no enterprise, listed in October.
  const caseRow = (
    over: Partial<typeof s.cases.$inferInsert> & { regionPath: string; regionCode: string },
  ) => ({
    id: randomUUID(),
    status: 'rectifying',
    source: 'inspection',
    title: '重大事故隐患',
    description: '测试',
    reportedAt: at('2026-09-30T10:00:00'),
    ...over,
  });
  const cases = {
    majorA: caseRow({
      enterpriseId: ids.A,
      regionPath: STREETS.gs.path,
      regionCode: STREETS.gs.code,
      industryCategory: 'machinery',
      departmentId: industryDept!.id,
      listedAt: at('2026-10-02T10:00:00'),
      overdue: true,
      overdueSince: at('2026-10-20T00:00:00'),
    }),
    closedB: caseRow({
      enterpriseId: ids.B,
      regionPath: STREETS.gs.path,
      regionCode: STREETS.gs.code,
      industryCategory: 'machinery',
      departmentId: industryDept!.id,
      status: 'closed',
      listedAt: at('2026-06-02T10:00:00'),
      closedAt: at('2026-10-28T10:00:00'),
    }),
    loose: caseRow({
      regionPath: STREETS.ly.path,
      regionCode: STREETS.ly.code,
      source: 'public_report',
      listedAt: at('2026-10-05T10:00:00'),
    }),
  };
  await db.insert(s.cases).values(Object.values(cases));
  await db.insert(s.escalations).values([
    {
      id: `${cases.majorA.id}:esc:1:warning`,
      caseId: cases.majorA.id,
      step: 'warning',
      reason: '逾期',
      triggeredAt: at('2026-10-21T00:00:00'),
    },
    {
      id: `${cases.majorA.id}:esc:2:urging_letter`,
      caseId: cases.majorA.id,
      step: 'urging_letter',
      reason: '逾期',
      triggeredAt: at('2026-10-23T00:00:00'),
    },
  ]);

  return {
    ids: {
      ...ids,
      industryDept: industryDept!.id,
      fireDept: fireDept!.id,
      grid: grid!.id,
      gridMember: gridMember!.id,
      hazards: Object.fromEntries(
        Object.entries(h).map(([k, v]) => [k, v.id!]),
      ) as ScoreWorld['ids']['hazards'],
      cases: { majorA: cases.majorA.id, closedB: cases.closedB.id, loose: cases.loose.id },
    },
  };
}
