/**
 * The world of the authorization matrix (test/api/authz-matrix.test.ts): two of everything on the real stack, built
 * through the API as people would, so every record has an owner and a stranger.
 *
 *   湖北省 / 武汉市 ─┬─ 420111 洪山区 (side A) ─┬─ 420111002000 关山街 (A1): enterprise A1, its grid, case A1, …
 *                  │                          └─ 420111004000 梨园街 (A2): enterprise A2, case A2, …
 *                  └─ 420102 江岸区 (side B) ─── 420102001000 (B1): enterprise B, case B, …
 *
 * The people under test all belong to A1: the district supervisor and leader of 洪山区, the street supervisor of
 * 关山街, the expert invited to case A1, the grid member whose grid holds enterprise A1 (and who reported case A1),
 * enterprise A1's own account, and the administrator. What is foreign to each: side B for the district-wide roles,
 * A2 and B for the narrower ones. Every foreign record's text carries a marker (ZZA2, ZZB) and its id is collected, so
 * a response that leaks one is found by searching the body.
 */
import { randomUUID } from 'node:crypto';
import { schema } from '../../db/client.js';
import { hashPassword } from '../../db/password.js';
import { makeCreditCode } from '../../domain/credit-code.js';
import { issueDocument } from '../../activities/documents/issue.js';
import { PASSWORD, loginAs, type Harness } from './harness.js';

export type Client = Awaited<ReturnType<typeof loginAs>>;
export const ROLE_KEYS = [
  'admin',
  'supDistrict',
  'supStreet',
  'leader',
  'expert',
  'grid',
  'enterprise',
] as const;
export type RoleKey = (typeof ROLE_KEYS)[number];
export type Side = 'A1' | 'A2' | 'B';

const PATHS = {
  A: '420000/420100/420111/',
  A1: '420000/420100/420111/420111002000/',
  A2: '420000/420100/420111/420111004000/',
  B: '420000/420100/420102/',
  B1: '420000/420100/420102/420102001000/',
};
export const CODES = { A: '420111', A1: '420111002000', A2: '420111004000', B: '420102', B1: '420102001000' };
const MARK: Record<Side, string> = { A1: 'ZZA1', A2: 'ZZA2', B: 'ZZB' };
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** Dates in Asia/Shanghai. */
export const shDate = (daysFromToday = 0) =>
  new Date(Date.now() + daysFromToday * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);

export interface SideRecords {
  enterpriseId: string;
  caseId: string;
  taskId?: string;
  eventId?: string;
  escalationId?: string;
  documentId: string;
  hazardId: string;
  hazardDocumentId: string;
  selfReportId?: string;
  inspectionId: string;
  officialDocumentId: string;
  notificationId: string;
  userIds: string[];
}

export interface World {
  h: Harness;
  as: Record<RoleKey, Client>;
  cookies: Record<RoleKey, string>;
  users: Record<string, string>;
  rec: Record<Side, SideRecords>;
  clauseId: string;
  /** Ids and text markers each role must never see. */
  foreignTo: Record<RoleKey, string[]>;
  /** The side whose records stand for "foreign" to a role (the nearest stranger). */
  foreignSide: Record<RoleKey, Side>;
  /** A user nobody logs in as, for the administrator's commands on users. */
  spareUserId: string;
  /** Each role's user id. */
  userOf: Record<RoleKey, string>;
  /** A task the role sees on side A1 (its own), or the side's first task (a stranger's). */
  ownTask: (s: Side, r: RoleKey) => string | undefined;
}

async function cookieOf(h: Harness, username: string) {
  const res = await h.app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

export async function buildWorld(h: Harness): Promise<World> {
  const db = h.db.db;
  await db.insert(schema.regions).values([
    { code: CODES.A1, name: '关山街道', level: 'street', parentCode: CODES.A, path: PATHS.A1 },
    { code: CODES.A2, name: '梨园街道', level: 'street', parentCode: CODES.A, path: PATHS.A2 },
    { code: CODES.B1, name: '大智街道', level: 'street', parentCode: CODES.B, path: PATHS.B1 },
  ]);
  const regionOf: Record<Side, { code: string; path: string }> = {
    A1: { code: CODES.A1, path: PATHS.A1 },
    A2: { code: CODES.A2, path: PATHS.A2 },
    B: { code: CODES.B1, path: PATHS.B1 },
  };
  const sides: Side[] = ['A1', 'A2', 'B'];
  const ents = await db
    .insert(schema.enterprises)
    .values(
      sides.map((s, i) => ({
        name: `${MARK[s]}测试机械制造有限公司`,
        creditCode: makeCreditCode(s === 'B' ? CODES.B : CODES.A, 8100 + i),
        regionCode: regionOf[s].code,
        regionPath: regionOf[s].path,
        industryCode: 'machinery.general',
        industryCategory: 'machinery',
        scale: 'above' as const,
        principal: `${MARK[s]}负责人`,
      })),
    )
    .returning({ id: schema.enterprises.id });
  const entId: Record<Side, string> = { A1: ents[0]!.id, A2: ents[1]!.id, B: ents[2]!.id };

  const hash = await hashPassword(PASSWORD);
  const people = [
    { username: 'm-sup-a', role: 'supervisor' as const, regionCode: CODES.A },
    { username: 'm-sup-a1', role: 'supervisor' as const, regionCode: CODES.A1 },
    { username: 'm-leader-a', role: 'leader' as const, regionCode: CODES.A },
    { username: 'm-expert-a', role: 'expert' as const, regionCode: CODES.A },
    { username: 'm-grid-a1', role: 'grid_member' as const, regionCode: CODES.A1 },
    { username: 'm-ent-a1', role: 'enterprise' as const, regionCode: CODES.A1, enterpriseId: entId.A1 },
    // The strangers' own people, who make the foreign records.
    { username: 'm-ent-a2', role: 'enterprise' as const, regionCode: CODES.A2, enterpriseId: entId.A2 },
    { username: 'm-grid-a2', role: 'grid_member' as const, regionCode: CODES.A2 },
    { username: 'm-sup-b', role: 'supervisor' as const, regionCode: CODES.B },
    { username: 'm-expert-b', role: 'expert' as const, regionCode: CODES.B },
    { username: 'm-grid-b', role: 'grid_member' as const, regionCode: CODES.B1 },
    { username: 'm-ent-b', role: 'enterprise' as const, regionCode: CODES.B1, enterpriseId: entId.B },
    { username: 'm-spare', role: 'enterprise' as const, regionCode: CODES.A1, enterpriseId: entId.A1 },
  ];
  const rows = await db
    .insert(schema.users)
    .values(
      people.map((p) => ({
        ...p,
        displayName: `${p.username.includes('-b') ? MARK.B : p.username.includes('a2') ? MARK.A2 : ''}${p.username}`,
        passwordHash: hash,
      })),
    )
    .returning({ id: schema.users.id, username: schema.users.username });
  const users: Record<string, string> = {
    ...h.ids.users,
    ...Object.fromEntries(rows.map((r) => [r.username, r.id])),
  };

  // Grids: A1's member patrols enterprise A1, A2's enterprise A2, B's enterprise B.
  const gridOf: Record<Side, string> = { A1: 'm-grid-a1', A2: 'm-grid-a2', B: 'm-grid-b' };
  for (const s of sides) {
    const [g] = await db
      .insert(schema.grids)
      .values({
        code: `GRID-${s}`,
        name: `${MARK[s]}网格`,
        level: 'community',
        regionCode: regionOf[s].code,
        regionPath: regionOf[s].path,
      })
      .returning({ id: schema.grids.id });
    await db.insert(schema.gridStaff).values({ gridId: g!.id, userId: users[gridOf[s]]!, duty: 'member' });
    await db
      .insert(schema.gridEnterprises)
      .values({ gridId: g!.id, enterpriseId: entId[s], assignedOn: shDate(-30), patrolDueOn: shDate(5) });
  }

  const login = async (u: string) => loginAs(h.app, u);
  const by: Record<string, Client> = {};
  for (const u of ['admin', ...people.map((p) => p.username)]) by[u] = await login(u);

  const must = (what: string, res: { status: number; body: unknown }, ok = [200, 201]) => {
    if (!ok.includes(res.status))
      throw new Error(`world: ${what} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Record<string, unknown> & { id: string };
  };
  const upload = async (username: string, field: 'caseId' | 'hazardId', id: string, kind: string) => {
    const form = new FormData();
    form.set('file', new Blob([PNG], { type: 'image/png' }), 'evidence.png');
    form.set(field, id);
    form.set('kind', kind);
    const res = await h.app.request('/api/documents', {
      method: 'POST',
      headers: { cookie: await cookieOf(h, username) },
      body: form,
    });
    return must(`upload ${field}`, { status: res.status, body: await res.json() });
  };

  const supOf: Record<Side, string> = { A1: 'm-sup-a', A2: 'm-sup-a', B: 'm-sup-b' };
  const entOf: Record<Side, string> = { A1: 'm-ent-a1', A2: 'm-ent-a2', B: 'm-ent-b' };
  const expertOf: Partial<Record<Side, string>> = { A1: 'm-expert-a', B: 'm-expert-b' };
  const rec = {} as Record<Side, SideRecords>;
  for (const s of sides) {
    const sup = by[supOf[s]]!;
    const ent = by[entOf[s]]!;
    // A1's case is the grid member's report (网格巡查), the others an inspection's.
    const reporter = s === 'A1' ? by['m-grid-a1']! : sup;
    const created = must(
      `report ${s}`,
      await reporter.post('/api/cases', {
        source: s === 'A1' ? 'grid_patrol' : 'inspection',
        enterpriseId: entId[s],
        regionCode: regionOf[s].code,
        title: `${MARK[s]}除尘器未设泄爆装置`,
        description: `${MARK[s]}执法检查发现除尘器未设置泄爆装置`,
      }),
    );
    const caseId = created.id;
    const documentId = upload(entOf[s], 'caseId', caseId, 'evidence');
    const doc = await documentId;
    if (s !== 'A2') {
      const steps: Array<[Client, string, unknown]> = [
        [sup, 'judge', { decision: 'major', clauseId: h.ids.clauseId, reason: '符合判定标准' }],
        [
          sup,
          'list',
          {
            level: 'county',
            listingAuthority: '区安委办',
            supervisingUnit: '区应急管理局',
            rectificationDeadline: shDate(60),
            interimControls: ['stop_use'],
          },
        ],
        [
          ent,
          'submit-plan',
          {
            responsiblePerson: `${MARK[s]}厂长`,
            responsiblePhone: '13800138000',
            measures: '加装泄爆片',
            funds: 380000,
            timeLimit: shDate(50),
            emergencyPlan: '专项应急预案',
            objectives: '消除隐患',
            interimSafetyMeasures: '停用除尘系统',
          },
        ],
        [sup, 'review-plan', { decision: 'approve' }],
        [sup, 'escalate', { step: 'urging_letter', reason: `${MARK[s]}督促整改` }],
        [ent, 'apply-acceptance', { completionReport: `${MARK[s]}已整改`, documentIds: [doc.id] }],
        [sup, 'invite-experts', { expertIds: [users[expertOf[s]!]!] }],
      ];
      for (const [who, step, body] of steps)
        must(`${s} ${step}`, await who.post(`/api/cases/${caseId}/${step}`, body));
    }
    const hazard = must(
      `hazard ${s}`,
      await ent.post('/api/general-hazards', {
        enterpriseId: entId[s],
        source: 'self_inspection',
        description: `${MARK[s]}二号车间灭火器压力不足`,
        location: '二号车间东门',
        foundOn: shDate(),
        responsiblePerson: `${MARK[s]}王安全`,
      }),
    );
    const hazardDoc = await upload(entOf[s], 'hazardId', hazard.id, 'photo');
    const inspection = must(
      `inspection ${s}`,
      await sup.post('/api/inspections', {
        enterpriseId: entId[s],
        inspectorIds: [users[supOf[s]]!],
        unannounced: false,
      }),
    );
    const official = await issueDocument(
      db,
      {
        regionPath: s === 'B' ? PATHS.B : PATHS.A,
        caseId,
        recipientEnterpriseId: entId[s],
        kind: 'listing_notice',
        data: { values: { 企业名称: `${MARK[s]}测试机械制造有限公司`, 隐患名称: `${MARK[s]}除尘器` } },
        idempotencyKey: `authz-${s}`,
      },
      { uploadDir: h.config.uploadDir },
    );
    const noteId = randomUUID();
    await db.insert(schema.notifications).values({
      id: noteId,
      userId: users[entOf[s]]!,
      kind: 'case',
      title: `${MARK[s]}通知`,
      body: `${MARK[s]}请整改`,
      caseId,
    });
    const tasks = await admin(by).get(`/api/tasks?filter=${encodeURIComponent(JSON.stringify({ caseId }))}`);
    const events = await admin(by).get(
      `/api/case-events?filter=${encodeURIComponent(JSON.stringify({ caseId }))}`,
    );
    const escalations = await admin(by).get(
      `/api/escalations?filter=${encodeURIComponent(JSON.stringify({ caseId }))}`,
    );
    rec[s] = {
      enterpriseId: entId[s],
      caseId,
      taskId: (tasks.body as Array<{ id: string }>)[0]?.id,
      eventId: (events.body as Array<{ id: string }>)[0]?.id,
      escalationId: (escalations.body as Array<{ id: string }>)[0]?.id,
      documentId: doc.id,
      hazardId: hazard.id,
      hazardDocumentId: hazardDoc.id,
      inspectionId: inspection.id,
      officialDocumentId: official.id,
      notificationId: noteId,
      userIds: rows
        .filter((r) => (s === 'B' ? r.username.endsWith('-b') : s === 'A2' && r.username.endsWith('a2')))
        .map((r) => r.id),
    };
    // Self-reports (自查自报) of the enterprise, where its duty period allows one now.
    const sr = await ent.post('/api/self-reports', { noHazard: true });
    if (sr.status === 201) rec[s].selfReportId = (sr.body as { id: string }).id;
  }

  // Escalation ids are short per-case serials: only ids long enough to be unmistakable count as markers.
  const idsOf = (s: Side) => [
    MARK[s],
    ...Object.values(rec[s])
      .flatMap((v) => (Array.isArray(v) ? v : v ? [String(v)] : []))
      .filter((v) => v.length >= 16),
  ];
  const foreignSide: Record<RoleKey, Side> = {
    admin: 'B',
    supDistrict: 'B',
    leader: 'B',
    supStreet: 'A2',
    expert: 'A2',
    grid: 'A2',
    enterprise: 'A2',
  };
  const foreignTo: Record<RoleKey, string[]> = {
    admin: [],
    supDistrict: idsOf('B'),
    leader: idsOf('B'),
    supStreet: [...idsOf('A2'), ...idsOf('B')],
    expert: [...idsOf('A2'), ...idsOf('B')],
    grid: [...idsOf('A2'), ...idsOf('B')],
    enterprise: [...idsOf('A2'), ...idsOf('B')],
  };
  const login2: Record<RoleKey, string> = {
    admin: 'admin',
    supDistrict: 'm-sup-a',
    supStreet: 'm-sup-a1',
    leader: 'm-leader-a',
    expert: 'm-expert-a',
    grid: 'm-grid-a1',
    enterprise: 'm-ent-a1',
  };
  const as = {} as Record<RoleKey, Client>;
  const cookies = {} as Record<RoleKey, string>;
  for (const k of Object.keys(login2) as RoleKey[]) {
    as[k] = by[login2[k]]!;
    cookies[k] = await cookieOf(h, login2[k]);
  }
  const userOf = {} as Record<RoleKey, string>;
  const seenTask = {} as Record<RoleKey, string | undefined>;
  for (const k of ROLE_KEYS) {
    userOf[k] = users[login2[k]]!;
    const mine = (await as[k].get('/api/tasks')).body as Array<{ id: string; caseId: string }>;
    seenTask[k] = mine.find((t) => t.caseId === rec.A1.caseId)?.id;
  }
  return {
    userOf,
    ownTask: (s, r) => (s === 'A1' ? seenTask[r] : rec[s].taskId),
    h,
    as,
    cookies,
    users,
    rec,
    clauseId: h.ids.clauseId,
    foreignTo,
    foreignSide,
    spareUserId: users['m-spare']!,
  };
}

const admin = (by: Record<string, Client>) => by.admin!;
