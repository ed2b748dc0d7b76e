/**
 * The authorization matrix, generated from the OpenAPI document: every operation × every role (administrator, district
 * supervisor, street supervisor, leader, expert, grid member, enterprise) × own and foreign record, on the real stack
 * (PostgreSQL, a Temporal dev server, the case worker) with the world of test/api/authz-world.ts.
 *
 * - Every operation of GET /api/openapi.json must have an entry in MATRIX: a new route fails this test until someone
 *   says who may use it and which record it addresses.
 * - A role outside an entry's `allow` gets 403 or 404 on its own record and on a foreign one.
 * - An allowed role gets 403 or 404 on a foreign record (the nearest stranger: another street's or enterprise's for
 *   the narrow roles, the other district's for the district-wide ones); a record named in a body (an enterprise to
 *   report on, a region to create in) may instead be a 422 naming that field.
 * - An allowed role on its own record is not refused (not 401/403/404): it may still meet a 409 or 422 of the record's
 *   state.
 * - No answer of any cell is a 5xx, and no 2xx body (JSON, CSV, anything) holds an id or text marker of a record
 *   foreign to the caller.
 * - The refused cells run first, and change nothing: every table except the audit trail and the session bookkeeping
 *   has the same content afterwards.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexOperations, type IndexedOperation, type OpenApiDocument } from '../../api/operation-index.js';
import { caseCommands, commandByAction, commandByWire } from '../../domain/case/rules.js';
import { DEFAULT_DUTY_POLICY } from '../../domain/hazards/policy.js';
import { startHarness, type Harness } from './harness.js';
import { buildWorld, CODES, ROLE_KEYS, shDate, type RoleKey, type Side, type World } from './authz-world.js';

type Json = Record<string, unknown>;
interface Request {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** multipart/form-data instead of JSON. */
  form?: Record<string, string | Blob>;
}
interface Entry {
  /** The roles that may use the operation at all; 'all' for every logged-in role. */
  allow: readonly RoleKey[] | 'all';
  /**
   * The record the operation addresses, on side A1 (own) or the role's foreign side. Without it the operation
   * addresses a collection or the caller's own things (/me): checked for 5xx and leaks only.
   */
  target?: (w: MatrixWorld, side: Side, role: RoleKey) => Request | undefined;
  /** The request when it names no record (or what it adds to the target's). */
  request?: (w: MatrixWorld, role: RoleKey) => Request;
  /** The record is named in the body: a foreign one may be a 422 on one of these fields. */
  inBody?: readonly string[];
  /**
   * Reference data every role reads alike (regions, standards, the calendar, published rules): there is no foreign
   * record, only the own cell.
   */
  shared?: boolean;
  /** The foreign side for every role (e.g. scores: a run covers the whole district, so the stranger is district B). */
  foreign?: Side;
  /**
   * A bulk command: an id the caller may not act on is refused inside a 200 (as if it did not exist) and nothing is
   * done — the fingerprint shows it.
   */
  bulk?: boolean;
  /** A list filtered by the record in its query: a foreign one lists nothing (200 with []). */
  filtersBy?: boolean;
  /** Changes state: its own cells run last. */
  mutates?: boolean;
  /** Sent without the caller's session (logout would end it for the cells after). */
  sessionless?: boolean;
}

const ADMIN = ['admin'] as const;
const MANAGERS = ['admin', 'supDistrict', 'supStreet', 'leader'] as const;
const SUPERVISORS = ['admin', 'supDistrict', 'supStreet'] as const;
/** Scores (绩效考核) are read by everyone but experts, each in their own scope (an enterprise its own score). */
const SCORE_READERS = ['admin', 'supDistrict', 'supStreet', 'leader', 'grid', 'enterprise'] as const;
/** The region's own 安委办 (a supervisor of the run's root region, no department) publishes and issues bulletins. */
const AWB = ['admin', 'supDistrict'] as const;
const REPORTERS = ['admin', 'supDistrict', 'supStreet', 'grid', 'enterprise'] as const;
const ALL = 'all' as const;
/** Everyone with a part in the general-hazard duties: not experts (their part is the acceptances they are invited to). */
const NOT_EXPERT = ['admin', 'supDistrict', 'supStreet', 'leader', 'grid', 'enterprise'] as const;
/** Those who staff or oversee grids: supervisors, leaders, grid members. */
const GRID_READERS = ['admin', 'supDistrict', 'supStreet', 'leader', 'grid'] as const;
const id = (key: keyof World['rec']['A1']) => (w: MatrixWorld, s: Side) => {
  const v = w.rec[s][key];
  return typeof v === 'string' ? { params: { id: v } } : undefined;
};
const q = (filter: unknown) => ({ filter: JSON.stringify(filter) });
const when = <T>(v: T | undefined, f: (v: T) => Request): Request | undefined => (v ? f(v) : undefined);
const regionBody = (_w: MatrixWorld, s: Side) => (s === 'A1' ? CODES.A1 : s === 'A2' ? CODES.A2 : CODES.B1);
const csv = (text: string) => new Blob([`\uFEFF${text}`], { type: 'text/csv' });

const CASE_TARGET = id('caseId');
const caseCommand = (body: unknown, allow: Entry['allow'] = ALL): Entry => ({
  allow,
  target: CASE_TARGET,
  request: () => ({ body }),
  mutates: true,
});
const hazardCommand = (body: unknown, allow: Entry['allow'] = ALL): Entry => ({
  allow,
  target: id('hazardId'),
  request: () => ({ body }),
  mutates: true,
});

/** Who may use what, and which record each operation addresses. */
const MATRIX: Record<string, Entry> = {
  // Public: callable without a session (checked for leaks like the rest).
  getHealth: { allow: ALL },
  getDeployment: { allow: ALL },
  getDeploymentEmblem: { allow: ALL },
  getCaptcha: { allow: ALL },
  login: { allow: ALL, request: () => ({ body: { username: 'm-spare', password: 'wrong-password-1' } }) },
  createToken: {
    allow: ALL,
    request: () => ({ body: { username: 'm-spare', password: 'wrong-password-1' } }),
  },
  logout: { allow: ALL, sessionless: true },
  getSession: { allow: ALL },
  publicReport: { allow: ALL, request: () => ({ body: {} }) },
  publicReportStatus: { allow: ALL, shared: true, target: () => ({ params: { trackingCode: 'NOPE0000' } }) },

  getMe: { allow: ALL },
  listAuditVerifications: { allow: ADMIN },
  verifyAuditChains: { allow: ADMIN, mutates: true, request: () => ({ body: {} }) },
  getAuditVerification: {
    allow: ADMIN,
    shared: true,
    target: (w) => ({ params: { id: w.extra.verificationId } }),
  },
  acknowledgeAuditVerification: {
    allow: ADMIN,
    shared: true,
    mutates: true,
    target: (w) => ({ params: { id: w.extra.verificationId } }),
    request: () => ({ body: {} }),
  },
  importEnterprises: {
    allow: SUPERVISORS,
    mutates: true,
    request: () => ({ form: { file: csv('名称\n'), dryRun: 'true' } }),
  },
  // Supervisors import the regions under their own (db/queries/import.ts: strictly inside their subtree).
  importRegions: {
    allow: SUPERVISORS,
    mutates: true,
    request: () => ({ form: { file: csv('代码\n'), dryRun: 'true' } }),
  },
  exportCases: { allow: ALL },
  exportTasks: { allow: ALL },
  exportEscalations: { allow: ALL },
  exportEnterprises: { allow: ALL },
  exportRegions: { allow: ALL },
  exportDepartments: { allow: ALL },
  exportStandards: { allow: ALL },

  listCases: { allow: ALL },
  reportCase: {
    allow: REPORTERS,
    mutates: true,
    inBody: ['enterpriseId', 'regionCode'],
    target: (w, s) => ({
      body: {
        source: 'inspection',
        enterpriseId: w.rec[s].enterpriseId,
        regionCode: regionBody(w, s),
        title: '矩阵测试隐患',
        description: '矩阵测试隐患描述',
      },
    }),
  },
  getCase: { allow: ALL, target: id('caseId') },
  getCaseAsOf: { allow: SCORE_READERS, target: id('caseId'), request: () => ({ query: { date: shDate() } }) },
  judge: caseCommand({ decision: 'general', reason: '矩阵测试' }),
  list: caseCommand({
    level: 'county',
    listingAuthority: '区安委办',
    supervisingUnit: '区应急管理局',
    rectificationDeadline: shDate(60),
    interimControls: ['stop_use'],
  }),
  confirmPublication: caseCommand({ kind: 'listing', publishedOn: shDate(), reference: '公示链接' }),
  submitPlan: caseCommand({
    responsiblePerson: '赵厂长',
    responsiblePhone: '13800138000',
    measures: '加装泄爆片',
    funds: 1000,
    timeLimit: shDate(30),
    emergencyPlan: '预案',
    objectives: '消除隐患',
    interimSafetyMeasures: '停用',
  }),
  reviewPlan: caseCommand({ decision: 'approve' }),
  reportProgress: caseCommand({ summary: '进展', percentComplete: 50 }),
  requestExtension: caseCommand({ newDeadline: shDate(90), reason: '设备到货延迟' }),
  decideExtension: caseCommand({ approve: false, reason: '不同意' }),
  suspend: caseCommand({ reason: '停表' }),
  resume: caseCommand({}),
  // 停表申请 with the enterprise's own evidence: the own case is not rectifying (409), never a 403/404 by scope.
  requestSuspension: {
    ...caseCommand({}),
    request: (w) => ({ body: { reason: '上游停电', days: 5, documentIds: [w.rec.A1.documentId] } }),
  },
  decideSuspension: caseCommand({ approve: false, reason: '不同意' }),
  applyAcceptance: caseCommand({ completionReport: '已整改', documentIds: [randomUUID()] }),
  recordAcceptance: caseCommand({
    passed: true,
    heldOn: shDate(),
    opinions: [{ expert: '王', opinion: '通过' }],
  }),
  inviteExperts: {
    ...caseCommand({}, SUPERVISORS),
    request: (w) => ({ body: { expertIds: [w.users['m-expert-a']!] } }),
  },
  // Who may issue which case command is the workflow's rule table (a 409 naming the role), like the others.
  submitExpertOpinion: caseCommand({ opinion: '同意', recommendation: 'pass' }),
  signOff: caseCommand({ comment: '同意销号' }),
  withdraw: caseCommand({ reason: '矩阵测试撤销' }),
  escalate: caseCommand({ step: 'urging_letter', reason: '督促' }),
  recordEscalationOutcome: {
    ...caseCommand({}),
    request: (w) => ({ body: { escalationId: w.rec.A1.escalationId ?? 'x', outcome: '已处理' } }),
  },
  // 关联责任企业: the own case already has its enterprise (409); a foreign enterprise in the body is a 422 on it.
  attachEnterprise: {
    ...caseCommand({}),
    inBody: ['enterpriseId'],
    request: (w) => ({ body: { enterpriseId: w.rec.A1.enterpriseId } }),
  },
  // 提级督办: the own case is not under supervision (409) or not the caller's to raise by level (the rules' 403 comes
  // after the state); a foreign case is not found.
  raiseLevel: caseCommand({ reason: '矩阵测试提级' }),
  // The enterprise's 书面承诺 after a 约谈: the own case has no open commitment task yet (409), never a 403/404.
  submitCommitment: {
    ...caseCommand({}),
    request: (w) => ({ body: { text: '我单位承诺按期整改', signedScanDocumentId: w.rec.A1.documentId } }),
  },
  reassignTasks: {
    allow: MANAGERS,
    bulk: true,
    mutates: true,
    inBody: ['ids'],
    target: (w, s, r) =>
      when(w.ownTask(s, 'supDistrict'), (t) => ({ body: { ids: [t], assigneeUserId: w.userOf[r] } })),
  },
  remindTasks: {
    allow: MANAGERS,
    bulk: true,
    mutates: true,
    inBody: ['ids'],
    target: (w, s) => when(w.ownTask(s, 'supDistrict'), (t) => ({ body: { ids: [t] } })),
  },
  // Asked for the grid members too (the create-grid form): a stranger's members and supervisors must not show.
  listAssignees: {
    allow: MANAGERS,
    request: () => ({
      query: { filter: JSON.stringify({ role: ['supervisor', 'leader', 'grid_member'] }) },
    }),
  },
  listTasks: { allow: ALL },
  getTask: { allow: ALL, target: (w, s, r) => when(w.ownTask(s, r), (t) => ({ params: { id: t } })) },
  listCaseEvents: { allow: ALL },
  getCaseEvent: { allow: ALL, target: id('eventId') },
  listEscalations: { allow: ALL },
  getEscalation: { allow: ALL, target: id('escalationId') },
  getDashboard: { allow: ALL },

  listRegions: { allow: ALL },
  createRegion: {
    allow: ADMIN,
    mutates: true,
    request: () => ({
      body: { code: '420111099000', name: '矩阵街道', level: 'street', parentCode: CODES.A },
    }),
  },
  getRegion: { allow: ALL, shared: true, target: () => ({ params: { id: CODES.A1 } }) },
  updateRegion: {
    allow: ADMIN,
    shared: true,
    mutates: true,
    target: () => ({ params: { id: CODES.A1 } }),
    request: () => ({ body: { code: CODES.A1, name: '关山街道', level: 'street', parentCode: CODES.A } }),
  },
  listDepartments: { allow: ALL },
  createDepartment: {
    allow: ADMIN,
    mutates: true,
    request: () => ({ body: { name: '矩阵测试局', regionCode: CODES.A } }),
  },
  getDepartment: { allow: ALL, shared: true, target: (w) => ({ params: { id: w.extra.departmentId } }) },
  updateDepartment: {
    allow: ADMIN,
    shared: true,
    mutates: true,
    target: (w) => ({ params: { id: w.extra.departmentId } }),
    request: () => ({
      body: { name: '洪山区应急管理局', regionCode: CODES.A, industryCodes: ['machinery'] },
    }),
  },
  // The industry classification (行业分类, 0015) is reference data every role reads alike; administrators edit it.
  listIndustries: { allow: ALL },
  getIndustry: { allow: ALL, shared: true, target: () => ({ params: { code: 'machinery.general' } }) },
  createIndustry: {
    allow: ADMIN,
    mutates: true,
    request: () => ({ body: { code: 'matrix_test', name: '矩阵测试大类', sortOrder: 990 } }),
  },
  updateIndustry: {
    allow: ADMIN,
    shared: true,
    mutates: true,
    target: () => ({ params: { code: 'machinery.general' } }),
    request: () => ({ body: { name: '通用设备制造', sortOrder: 10, active: true } }),
  },
  listStandards: { allow: ALL },
  createStandardVersion: {
    allow: ADMIN,
    mutates: true,
    request: () => ({
      body: {
        code: '矩阵测试令第1号',
        title: '矩阵测试判定标准',
        version: '2026',
        effectiveDate: shDate(),
        industry: '工贸',
        source: '矩阵测试公报2026年第1号',
        clauses: [{ clauseNo: '第一条', text: '矩阵测试条款' }],
      },
    }),
  },
  getStandard: { allow: ALL, shared: true, target: (w) => ({ params: { id: w.extra.standardId } }) },
  listClauses: { allow: ALL },
  getClause: { allow: ALL, shared: true, target: (w) => ({ params: { id: w.clauseId } }) },
  listEnterprises: { allow: ALL },
  createEnterprise: {
    allow: SUPERVISORS,
    mutates: true,
    inBody: ['regionCode'],
    target: (w, s) => ({
      body: {
        name: '矩阵测试新企业有限公司',
        creditCode: w.extra.newCreditCode(s),
        regionCode: regionBody(w, s),
        industryCode: 'machinery.general',
        scale: 'below',
      },
    }),
  },
  getEnterprise: { allow: ALL, target: id('enterpriseId') },
  updateEnterprise: {
    allow: SUPERVISORS,
    mutates: true,
    target: id('enterpriseId'),
    request: (w) => ({ body: w.extra.enterpriseBody }),
  },
  getEnterprisePenalties: { allow: ALL, target: id('enterpriseId') },

  listDocuments: { allow: ALL },
  uploadDocument: {
    allow: ALL,
    mutates: true,
    target: (w, s) => ({
      form: {
        file: new Blob([new Uint8Array(w.extra.png)], { type: 'image/png' }),
        caseId: w.rec[s].caseId,
        kind: 'evidence',
      },
    }),
  },
  downloadDocument: { allow: ALL, target: id('documentId') },
  listOfficialDocuments: { allow: ALL },
  getOfficialDocument: { allow: ALL, target: id('officialDocumentId') },
  downloadOfficialDocumentPdf: { allow: ALL, target: id('officialDocumentId') },
  downloadOfficialDocumentDocx: { allow: ALL, target: id('officialDocumentId') },
  listDocumentKinds: { allow: ALL },
  listDocumentTemplates: { allow: ADMIN },
  createDocumentTemplate: {
    allow: ADMIN,
    mutates: true,
    request: () => ({
      body: {
        regionCode: CODES.A,
        kind: 'urging_letter',
        effectiveFrom: shDate(),
        body: { title: '督办函', addressee: '{{企业名称}}', body: '{{企业名称}}：请整改。' },
      },
    }),
  },
  getDocumentTemplate: {
    allow: ADMIN,
    shared: true,
    target: (w) => ({ params: { id: w.extra.templateId } }),
  },
  previewDocumentTemplate: {
    allow: ADMIN,
    request: () => ({
      body: {
        kind: 'urging_letter',
        body: { title: '督办函', addressee: '{{企业名称}}', body: '{{企业名称}}：请整改。' },
      },
    }),
  },
  listIssuingAuthorities: { allow: ADMIN },
  createIssuingAuthority: {
    allow: ADMIN,
    mutates: true,
    request: () => ({
      body: {
        regionCode: CODES.A,
        name: '洪山区安全生产委员会办公室',
        mark: '洪山区安全生产委员会办公室文件',
        abbreviation: '洪安委办',
      },
    }),
  },
  updateIssuingAuthority: {
    allow: ADMIN,
    shared: true,
    mutates: true,
    target: (w) => ({ params: { id: w.extra.authorityId } }),
    request: () => ({
      body: {
        regionCode: CODES.A,
        name: '洪山区安全生产委员会办公室',
        mark: '洪山区安全生产委员会办公室文件',
        abbreviation: '洪安委办',
      },
    }),
  },

  listNotifications: { allow: ALL },
  unreadNotificationCount: { allow: ALL },
  markNotificationRead: {
    allow: ALL,
    mutates: true,
    // Each caller's own notification; the stranger's is another user's.
    target: (w, s, r) => ({
      params: { id: s === 'A1' ? w.extra.notificationOf[r] : w.rec[s].notificationId },
    }),
  },
  markAllNotificationsRead: { allow: ALL, mutates: true },
  getNotificationPreferences: { allow: ALL },
  setNotificationPreferences: { allow: ALL, mutates: true, request: () => ({ body: { channels: [] } }) },
  listWebhookSubscriptions: { allow: ADMIN },
  createWebhookSubscription: {
    allow: ADMIN,
    mutates: true,
    request: () => ({ body: { name: '矩阵', url: 'https://example.com/hook' } }),
  },
  updateWebhookSubscription: {
    allow: ADMIN,
    shared: true,
    mutates: true,
    target: (w) => ({ params: { id: w.extra.webhookId } }),
    request: () => ({ body: { name: '矩阵', url: 'https://example.com/hook2' } }),
  },

  listUsers: { allow: ADMIN },
  createUser: {
    allow: ADMIN,
    mutates: true,
    request: () => ({
      body: {
        displayName: '矩阵',
        role: 'expert',
        regionCode: CODES.A,
        username: 'matrix-new',
        password: 'Matrix#2026pw',
      },
    }),
  },
  getUser: { allow: ADMIN, shared: true, target: (w) => ({ params: { id: w.spareUserId } }) },
  updateUser: {
    allow: ADMIN,
    shared: true,
    mutates: true,
    target: (w) => ({ params: { id: w.spareUserId } }),
    request: (w) => ({
      body: { displayName: 'm-spare', role: 'enterprise', enterpriseId: w.rec.A1.enterpriseId },
    }),
  },
  resetUserPassword: {
    allow: ADMIN,
    shared: true,
    mutates: true,
    target: (w) => ({ params: { id: w.spareUserId } }),
    request: () => ({ body: { password: 'Spare#2026pw' } }),
  },
  changeMyPassword: {
    allow: ALL,
    mutates: true,
    request: () => ({ body: { currentPassword: 'not-my-password', newPassword: 'Matrix#2026pw' } }),
  },

  listCalendarYears: { allow: ALL },
  createCalendarYear: { allow: ADMIN, mutates: true, request: (w) => ({ body: w.extra.calendarYear }) },
  listCalendarEstimates: { allow: ADMIN },
  getCalendarYear: { allow: ALL, shared: true, target: () => ({ params: { year: '2026' } }) },
  updateCalendarYear: {
    allow: ADMIN,
    shared: true,
    mutates: true,
    target: () => ({ params: { year: '2026' } }),
    request: (w) => ({ body: w.extra.calendarYear }),
  },

  batchReportGeneralHazards: {
    allow: REPORTERS,
    mutates: true,
    request: () => ({ body: { rows: [{}], dryRun: true } }),
  },
  importGeneralHazards: {
    allow: REPORTERS,
    mutates: true,
    request: () => ({ form: { file: csv('企业\n'), dryRun: 'true' } }),
  },
  verifyGeneralHazardBatch: {
    allow: MANAGERS,
    target: (w, s) => ({ params: { id: w.extra.batchOf[s] } }),
  },
  listGeneralHazards: { allow: ALL },
  reportGeneralHazard: {
    allow: REPORTERS,
    mutates: true,
    inBody: ['enterpriseId'],
    target: (w, s, r) => ({
      body: {
        enterpriseId: w.rec[s].enterpriseId,
        source: r === 'enterprise' ? 'self_inspection' : r === 'grid' ? 'grid_patrol' : 'inspection',
        description: '矩阵测试一般隐患',
        location: '车间',
        foundOn: shDate(),
        responsiblePerson: '王',
      },
    }),
  },
  generalHazardWorklist: { allow: MANAGERS },
  generalHazardRates: {
    allow: SCORE_READERS,
    request: () => ({ query: { groupBy: 'enterprise', from: shDate(-30), to: shDate() } }),
  },
  getGeneralHazard: {
    allow: ['admin', 'supDistrict', 'supStreet', 'leader', 'grid', 'enterprise'],
    target: id('hazardId'),
  },
  getGeneralHazardAsOf: {
    allow: ['admin', 'supDistrict', 'supStreet', 'leader', 'grid', 'enterprise'],
    target: id('hazardId'),
    request: () => ({ query: { date: shDate() } }),
  },
  bulkFollowUpGeneralHazards: {
    allow: SUPERVISORS,
    bulk: true,
    mutates: true,
    inBody: ['ids'],
    target: (w, s) => ({ body: { method: 'phone', note: '电话督促', ids: [w.rec[s].hazardId] } }),
  },
  rectifyGeneralHazard: hazardCommand({ rectifiedOn: shDate(), measures: '已更换', documentIds: [] }, [
    'admin',
    'supDistrict',
    'supStreet',
    'enterprise',
  ]),
  spotCheckGeneralHazard: hazardCommand({ result: 'passed', note: '抽查' }, SUPERVISORS),
  followUpGeneralHazard: hazardCommand({ method: 'phone', note: '电话' }, SUPERVISORS),
  cancelGeneralHazard: hazardCommand({ reason: '误报' }, SUPERVISORS),

  listPolicies: { allow: MANAGERS },
  createPolicy: {
    allow: ADMIN,
    mutates: true,
    request: (w) => ({ body: { regionCode: CODES.A, effectiveFrom: shDate(2), body: w.extra.policyBody } }),
  },
  getPolicyInForce: { allow: MANAGERS, request: () => ({ query: { regionCode: CODES.A } }) },
  previewPolicy: {
    allow: ADMIN,
    request: (w) => ({ body: { regionCode: CODES.A, body: w.extra.policyBody } }),
  },
  // 排查职责规定 (duty policy): read by managers, written by administrators (like the case policy).
  listDutyPolicies: { allow: MANAGERS },
  getDutyPolicyInForce: { allow: MANAGERS, request: () => ({ query: { regionCode: CODES.A } }) },
  createDutyPolicy: {
    allow: ADMIN,
    mutates: true,
    request: () => ({
      body: {
        regionCode: CODES.A,
        effectiveFrom: shDate(2),
        body: { ...DEFAULT_DUTY_POLICY, name: '矩阵测试排查职责规定' },
      },
    }),
  },
  // 督办时限规定 are published rules: every supervisor may read any region's (the list shows them all).
  getPolicy: { allow: MANAGERS, shared: true, target: (w, s) => ({ params: { id: w.extra.policyOf[s] } }) },

  listSelfReports: { allow: ALL },
  submitSelfReport: {
    allow: ['enterprise'],
    mutates: true,
    request: (w) => ({ body: { periodStart: w.extra.periodStart, noHazard: true } }),
  },
  currentSelfReport: { allow: ['enterprise'] },
  listSelfReportFlags: { allow: MANAGERS },
  listInspectionPlans: { allow: MANAGERS },
  createInspectionPlan: {
    allow: SUPERVISORS,
    mutates: true,
    inBody: ['regionCode'],
    target: (w, s) => ({
      body: {
        name: '矩阵检查计划',
        level: 'county',
        cadence: 'monthly',
        regionCode: s === 'B' ? CODES.B : regionBody(w, s),
        selection: 'all',
        coverageTargetPct: 10,
        inspectorsPerVisit: 1,
        inspectorIds: [w.users['m-sup-a1']!],
        startsOn: shDate(),
      },
    }),
  },
  getInspectionPlan: { allow: MANAGERS, target: (w, s) => ({ params: { id: w.extra.planOf[s] } }) },
  inspectionPlanCoverage: { allow: MANAGERS, target: (w, s) => ({ params: { id: w.extra.planOf[s] } }) },
  drawInspectionPlan: {
    allow: SUPERVISORS,
    mutates: true,
    target: (w, s) => ({ params: { id: w.extra.planOf[s] } }),
  },
  getInspectionDraw: { allow: MANAGERS, target: (w, s) => ({ params: { id: w.extra.drawOf[s] } }) },
  listInspections: { allow: ALL },
  createInspection: {
    allow: SUPERVISORS,
    mutates: true,
    inBody: ['enterpriseId'],
    target: (w, s, r) => ({ body: { enterpriseId: w.rec[s].enterpriseId, inspectorIds: [w.userOf[r]] } }),
  },
  // 四不两直: the inspected unit does not see its inspection coming; grid members are not inspectors.
  getInspection: { allow: MANAGERS, target: id('inspectionId') },
  // Only the inspection's own inspectors record it (A1's was made by the district supervisor, for himself).
  recordInspection: {
    allow: ['admin', 'supDistrict'],
    mutates: true,
    target: id('inspectionId'),
    request: () => ({ body: { inspectedOn: shDate(), note: '矩阵检查' } }),
  },

  listScoreIndicators: { allow: SCORE_READERS },
  listScoreSchemes: { allow: MANAGERS },
  createScoreScheme: {
    allow: ADMIN,
    mutates: true,
    request: (w) => ({
      body: { regionCode: CODES.A, effectiveFrom: w.extra.nextMonth, body: w.extra.schemeBody },
    }),
  },
  getScoreSchemeInForce: {
    allow: MANAGERS,
    request: () => ({ query: { regionCode: CODES.A, month: '2026-11' } }),
  },
  getScoreScheme: { allow: MANAGERS, shared: true, target: (w) => ({ params: { id: w.extra.schemeId } }) },
  listScoreRoots: { allow: SCORE_READERS },
  listScoreRuns: { allow: SCORE_READERS },
  computeScoreRun: {
    allow: MANAGERS,
    foreign: 'B',
    mutates: true,
    inBody: ['rootCode'],
    target: (w, s) => ({ body: { rootCode: s === 'B' ? CODES.B : CODES.A, month: w.extra.month } }),
  },
  getScoreRun: {
    allow: SCORE_READERS,
    foreign: 'B',
    target: (w, s) => ({ params: { id: w.extra.runOf[s] } }),
  },
  diffScoreRuns: {
    allow: SCORE_READERS,
    foreign: 'B',
    target: (w, s) => ({ params: { id: w.extra.runOf[s] }, query: { against: w.extra.runOf[s] } }),
  },
  publishScoreRun: {
    allow: AWB,
    foreign: 'B',
    mutates: true,
    target: (w, s) => ({ params: { id: w.extra.runOf[s] } }),
    request: () => ({ body: {} }),
  },
  listScoreRankings: { allow: SCORE_READERS, request: () => ({ query: q({ level: 'enterprise' }) }) },
  listScoreGroups: {
    allow: SCORE_READERS,
    foreign: 'B',
    filtersBy: true,
    target: (w, s) => ({ query: { runId: w.extra.runOf[s], level: 'street' } }),
  },
  getUnitScore: {
    allow: SCORE_READERS,
    foreign: 'B',
    target: (w, s) => ({
      params: { runId: w.extra.runOf[s], level: 'enterprise', unitId: w.rec[s].enterpriseId },
    }),
  },
  listIndicatorRecords: {
    allow: SCORE_READERS,
    foreign: 'B',
    target: (w, s) => ({
      params: {
        runId: w.extra.runOf[s],
        level: 'enterprise',
        unitId: w.rec[s].enterpriseId,
        indicator: 'reported_on_time',
      },
    }),
  },
  exportIndicatorRecords: {
    allow: SCORE_READERS,
    foreign: 'B',
    target: (w, s) => ({
      params: {
        runId: w.extra.runOf[s],
        level: 'enterprise',
        unitId: w.rec[s].enterpriseId,
        indicator: 'reported_on_time',
      },
    }),
  },
  listScoreFollowUps: { allow: ['admin', 'supDistrict', 'supStreet', 'leader', 'grid'] },
  recordScoreFollowUp: {
    allow: ['admin', 'supDistrict', 'supStreet', 'leader', 'grid'],
    foreign: 'B',
    mutates: true,
    target: (w, s) => when(w.extra.followUpOf[s], (v) => ({ params: { id: v } })),
    request: () => ({ body: { method: 'phone', note: '电话督促' } }),
  },
  listScoreBulletins: { allow: MANAGERS },
  createScoreBulletin: {
    allow: AWB,
    foreign: 'B',
    mutates: true,
    inBody: ['regionCode'],
    target: (w, s) => ({ body: { regionCode: s === 'B' ? CODES.B : CODES.A, month: w.extra.month } }),
  },
  getScoreBulletin: {
    allow: MANAGERS,
    foreign: 'B',
    target: (w, s) => when(w.extra.bulletinOf[s], (v) => ({ params: { id: v } })),
  },
  updateScoreBulletin: {
    allow: AWB,
    foreign: 'B',
    mutates: true,
    target: (w, s) => when(w.extra.bulletinOf[s], (v) => ({ params: { id: v } })),
    request: () => ({ body: { title: '矩阵通报', body: '矩阵通报正文' } }),
  },
  publishScoreBulletin: {
    allow: AWB,
    foreign: 'B',
    mutates: true,
    target: (w, s) => when(w.extra.bulletinOf[s], (v) => ({ params: { id: v } })),
  },
  getScoreHome: { allow: SCORE_READERS },

  // 隐患排查清单 (4da9cc3): industry templates are reference data for everyone who compiles or checks a checklist
  // (not experts); administrators write them. A checklist is the enterprise's: it compiles and submits its own, the
  // supervisors of its territory accept or return it, its grid members read it.
  listChecklistTemplates: { allow: NOT_EXPERT },
  getChecklistTemplate: {
    allow: NOT_EXPERT,
    shared: true,
    target: (w) => ({ params: { id: w.extra.templateOf } }),
  },
  createChecklistTemplate: {
    allow: ADMIN,
    mutates: true,
    request: () => ({
      body: {
        kind: 'self',
        name: '矩阵测试排查模板',
        items: [{ level: 'enterprise', content: '矩阵测试排查项', frequency: 'monthly' }],
      },
    }),
  },
  listChecklists: { allow: ALL },
  buildChecklist: {
    allow: ['enterprise'],
    mutates: true,
    request: () => ({
      body: { items: [{ level: 'enterprise', content: '矩阵测试自编排查项', frequency: 'monthly' }] },
    }),
  },
  checklistRates: { allow: MANAGERS, request: () => ({ query: { groupBy: 'district' } }) },
  getChecklist: { allow: NOT_EXPERT, target: (w, s) => ({ params: { id: w.extra.checklistOf[s] } }) },
  submitChecklist: {
    allow: ['enterprise'],
    mutates: true,
    target: (w, s) => ({ params: { id: w.extra.checklistOf[s] } }),
    request: () => ({ body: {} }),
  },
  acceptChecklist: {
    allow: SUPERVISORS,
    mutates: true,
    target: (w, s) => ({ params: { id: w.extra.checklistOf[s] } }),
    request: () => ({ body: { note: '同意' } }),
  },
  returnChecklist: {
    allow: SUPERVISORS,
    mutates: true,
    target: (w, s) => ({ params: { id: w.extra.checklistOf[s] } }),
    request: () => ({ body: { note: '请补充岗位卡片' } }),
  },
  // 自查: the enterprise's own tasks and records, on its own checklist in force.
  selfInspectionTasks: { allow: ['enterprise'] },
  listSelfInspections: { allow: ALL },
  recordSelfInspection: {
    allow: ['enterprise'],
    mutates: true,
    inBody: ['checklistId'],
    target: (w, s) => ({
      body: {
        checklistId: w.extra.checklistOf[s],
        level: 'enterprise',
        unitName: '全厂',
        frequency: 'monthly',
        results: [{ itemId: w.extra.checklistItemOf[s], ok: true }],
      },
    }),
  },
  // 网格: supervisors (and administrators) build grids in their territory and assign its units; everyone staffing a
  // grid reads it; leaders and grid members read coverage; the grid's own members (or an administrator) patrol.
  listGrids: { allow: ALL },
  createGrid: {
    allow: SUPERVISORS,
    mutates: true,
    inBody: ['regionCode'],
    target: (w, s, r) => ({
      body: {
        code: `M-${r}-${s}`,
        name: '矩阵测试网格',
        level: 'community',
        regionCode: regionBody(w, s),
        leaderId: w.users['m-leader-a']!,
        supervisorIds: [w.users['m-sup-a']!, w.users['m-sup-a1']!],
        memberIds: [],
      },
    }),
  },
  gridCoverage: {
    allow: GRID_READERS,
    request: () => ({ query: { from: shDate(-30), to: shDate() } }),
  },
  getGrid: { allow: GRID_READERS, target: (w, s) => ({ params: { id: w.extra.gridOf[s] } }) },
  // 网格人员调整: supervisors of the grid's territory (and administrators); the history is read like the grid.
  changeGridStaff: {
    allow: SUPERVISORS,
    mutates: true,
    target: (w, s) => ({
      params: { id: w.extra.gridOf[s] },
      body: {
        leaderId: w.users['m-leader-a']!,
        supervisorIds: [w.users['m-sup-a']!, w.users['m-sup-a1']!],
        reason: '矩阵测试人员调整',
      },
    }),
  },
  gridStaffHistory: { allow: GRID_READERS, target: (w, s) => ({ params: { id: w.extra.gridOf[s] } }) },
  assignGridEnterprises: {
    allow: SUPERVISORS,
    mutates: true,
    inBody: ['enterpriseIds'],
    target: (w, s) => ({
      params: { id: w.extra.gridOf[s] },
      body: { enterpriseIds: [w.rec[s].enterpriseId] },
    }),
  },
  patrolsToday: { allow: ALL },
  listPatrols: { allow: ALL },
  recordPatrol: {
    allow: ['admin', 'grid'],
    mutates: true,
    inBody: ['gridId', 'enterpriseId'],
    target: (w, s) => ({
      body: {
        gridId: w.extra.gridOf[s],
        enterpriseId: w.rec[s].enterpriseId,
        patrolledOn: shDate(),
        outcome: 'ok',
        results: [{ content: '消防通道畅通', ok: true }],
      },
    }),
  },
  // 差异化监管: the grades of an enterprise are read by whoever sees the enterprise; supervisors of its territory grade.
  enterpriseGrades: { allow: ALL, target: id('enterpriseId') },
  gradeEnterprise: {
    allow: SUPERVISORS,
    mutates: true,
    target: id('enterpriseId'),
    request: () => ({
      body: { kind: 'risk_colour', value: 'yellow', effectiveOn: shDate(), basis: 'adjustment' },
    }),
  },
  // The ledger export is the list's scope and filter (an expert's is empty).
  exportGeneralHazards: { allow: ALL },
};

/**
 * Who may issue a case command is the case's rule table (domain/case/rules.ts): the matrix reads it rather than
 * repeat it, so the two cannot drift.
 */
const ROLE_KEYS_OF: Record<string, readonly RoleKey[]> = {
  admin: ['admin'],
  supervisor: ['supDistrict', 'supStreet'],
  leader: ['leader'],
  expert: ['expert'],
  grid_member: ['grid'],
  enterprise: ['enterprise'],
};
for (const [opId, entry] of Object.entries(MATRIX)) {
  const cmd =
    commandByWire.get(opId) ??
    commandByAction.get(opId) ??
    caseCommands.find((c) => c.action.replace(/-(\w)/g, (_, ch: string) => ch.toUpperCase()) === opId);
  if (cmd && entry.target === CASE_TARGET) entry.allow = cmd.roles.flatMap((r) => ROLE_KEYS_OF[r] ?? []);
}

/** What the matrix needs beyond the world's cases, hazards and documents: ids of the other kinds of record. */
interface Extra {
  verificationId: string;
  departmentId: string;
  standardId: string;
  templateId: string;
  authorityId: string;
  webhookId: string;
  policyOf: Record<Side, string>;
  batchOf: Record<Side, string>;
  planOf: Record<Side, string>;
  drawOf: Record<Side, string>;
  schemeId: string;
  runOf: Record<Side, string>;
  followUpOf: Partial<Record<Side, string>>;
  bulletinOf: Partial<Record<Side, string>>;
  month: string;
  periodStart: string;
  notificationOf: Record<RoleKey, string>;
  newCreditCode: (s: Side) => string;
  enterpriseBody: Json;
  png: Buffer;
  calendarYear: Json;
  policyBody: Json;
  schemeBody: Json;
  nextMonth: string;
  templateOf: string;
  checklistOf: Record<Side, string>;
  checklistItemOf: Record<Side, string>;
  gridOf: Record<Side, string>;
}
type MatrixWorld = World & { extra: Extra };

interface Cell {
  op: IndexedOperation;
  role: RoleKey | 'anonymous';
  side: 'own' | 'foreign';
  req: Request;
}

function pathOf(op: IndexedOperation, req: Request): string {
  let p = `/api${op.path}`;
  for (const [k, v] of Object.entries(req.params ?? {})) p = p.replace(`{${k}}`, encodeURIComponent(v));
  const missing = /\{([^}]+)\}/.exec(p);
  if (missing) p = p.replace(/\{[^}]+\}/g, randomUUID()); // an operation without a target: any id
  const qs = new URLSearchParams(req.query ?? {}).toString();
  return qs ? `${p}?${qs}` : p;
}

async function send(h: Harness, cookie: string | undefined, op: IndexedOperation, req: Request) {
  const headers: Record<string, string> = cookie ? { cookie } : {};
  let body: BodyInit | undefined;
  if (req.form) {
    const form = new FormData();
    for (const [k, v] of Object.entries(req.form)) form.set(k, v as string | Blob);
    body = form;
  } else if (op.method !== 'GET' && op.mediaTypes.includes('application/json')) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(req.body ?? {});
  }
  const res = await h.app.request(pathOf(op, req), { method: op.method, headers, body });
  const buf = Buffer.from(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: buf.toString('utf8') };
}

/** Counts and content of every table a refused request must not touch. */
async function fingerprint(h: Harness): Promise<Record<string, string>> {
  const pool = h.db.pool!;
  const tables = await pool.query<{ name: string }>(
    `select tablename as name from pg_tables where schemaname = 'public' order by 1`,
  );
  const skip = /audit|session|throttle|idempot|captcha|drizzle|outbox|login/;
  const out: Record<string, string> = {};
  for (const { name } of tables.rows) {
    if (skip.test(name)) continue;
    const r = await pool.query<{ n: string; md5: string | null }>(
      `select count(*)::text as n, md5(string_agg(t::text, '|' order by t::text)) as md5 from "${name}" t`,
    );
    out[name] = `${r.rows[0]!.n}:${r.rows[0]!.md5}`;
  }
  return out;
}

describe('authorization matrix: every operation × every role × own and foreign record', () => {
  let h: Harness;
  let w: MatrixWorld;
  let ops: IndexedOperation[];

  beforeAll(async () => {
    h = await startHarness();
    const world = await buildWorld(h);
    const doc = (await (await h.app.request('/api/openapi.json')).json()) as OpenApiDocument;
    ops = indexOperations(doc);
    w = Object.assign(world, await buildExtra(world));
  }, 600_000);
  afterAll(async () => h?.stop());

  it('has an entry for every operation of the OpenAPI document', () => {
    const missing = ops
      .filter((op) => !MATRIX[op.operationId])
      .map((op) => `${op.method} ${op.path} (${op.operationId})`);
    const stale = Object.keys(MATRIX).filter((k) => !ops.some((op) => op.operationId === k));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  const failures: string[] = [];
  const TEXT = /json|text|csv|html|svg/;
  const check = (
    cell: Cell,
    res: { status: number; type: string; text: string },
    expected: 'refused' | 'served' | 'any',
  ) => {
    const entry = MATRIX[cell.op.operationId]!;
    const where = `${cell.op.operationId} as ${cell.role} on ${cell.side}: ${res.status}`;
    if (res.status >= 500) failures.push(`${where} (5xx) ${res.text.slice(0, 200)}`);
    if (expected === 'refused') {
      const inBody = entry.inBody && cell.side === 'foreign';
      const bulk =
        (entry.bulk && res.status === 200) || (entry.filtersBy && res.status === 200 && res.text === '[]');
      if (!bulk && ![403, 404, ...(inBody ? [422] : [])].includes(res.status))
        failures.push(`${where}: expected 403/404${inBody ? '/422' : ''} ${res.text.slice(0, 200)}`);
      if (res.status === 422 && inBody) {
        const fields = Object.keys((JSON.parse(res.text) as { errors?: Json }).errors ?? {});
        if (!fields.some((f) => entry.inBody!.includes(f.split('.')[0]!)))
          failures.push(`${where}: a 422 not naming ${entry.inBody!.join('/')} ${res.text.slice(0, 200)}`);
      }
    }
    if (expected === 'served' && [401, 403, 404].includes(res.status))
      failures.push(`${where}: own record refused ${res.text.slice(0, 200)}`);
    // A body that is not text (PDF, DOCX, an image) is the caller's own file; what the caller sent is no leak.
    if (res.status >= 200 && res.status < 300 && cell.role !== 'anonymous' && TEXT.test(res.type)) {
      const sent = JSON.stringify(cell.req);
      const leaked = w.foreignTo[cell.role].filter((m) => res.text.includes(m) && !sent.includes(m));
      if (leaked.length) failures.push(`${where}: LEAK of ${leaked.join(', ')} ${res.text.slice(0, 300)}`);
    }
  };

  const cellsOf = (phase: 'refused' | 'own') => {
    const cells: Array<{ cell: Cell; expected: 'refused' | 'served' | 'any' }> = [];
    for (const op of ops) {
      const entry = MATRIX[op.operationId];
      if (!entry) continue;
      for (const role of ROLE_KEYS) {
        const allowed = entry.allow === 'all' || entry.allow.includes(role);
        const base = entry.request?.(w, role) ?? {};
        for (const side of ['own', 'foreign'] as const) {
          if (side === 'foreign' && (!entry.target || entry.shared)) continue; // checked for leaks only
          if (side === 'foreign' && role === 'admin') continue; // nothing is foreign to the administrator
          const s: Side = side === 'own' ? 'A1' : (entry.foreign ?? w.foreignSide[role]);
          const t = entry.target ? entry.target(w, s, role) : {};
          if (!t) continue; // no such record for this role (e.g. no task of theirs)
          const req = { ...base, ...t, query: { ...base.query, ...t.query }, body: t.body ?? base.body };
          const refused = !allowed || side === 'foreign';
          if (op.public && refused && side === 'own') continue;
          const expected = op.public ? 'any' : refused ? 'refused' : 'served';
          const late = !!entry.mutates;
          const runNow = phase === 'refused' ? refused || !late : !refused && late;
          if (runNow) cells.push({ cell: { op, role, side, req }, expected });
        }
      }
    }
    return cells;
  };

  it('refuses every foreign record and every role outside the entry, leaks nothing, changes nothing', async () => {
    const before = await fingerprint(h);
    const cells = cellsOf('refused');
    for (const { cell, expected } of cells) {
      const cookie = MATRIX[cell.op.operationId]!.sessionless ? undefined : w.cookies[cell.role as RoleKey];
      check(cell, await send(h, cookie, cell.op, cell.req), expected);
    }
    if (process.env.AUTHZ_REPORT) writeFileSync(process.env.AUTHZ_REPORT, failures.join('\n'));
    const after = await fingerprint(h);
    const changed = Object.keys(before).filter((t) => before[t] !== after[t]);
    expect({ failures, changed }).toEqual({ failures: [], changed: [] });
    expect(cells.length).toBeGreaterThan(1000);
  }, 600_000);

  it('serves each allowed role its own records, commands included, and leaks nothing', async () => {
    failures.length = 0;
    const cells = cellsOf('own');
    for (const { cell, expected } of cells) {
      const cookie = MATRIX[cell.op.operationId]!.sessionless ? undefined : w.cookies[cell.role as RoleKey];
      check(cell, await send(h, cookie, cell.op, cell.req), expected);
    }
    if (process.env.AUTHZ_REPORT) writeFileSync(process.env.AUTHZ_REPORT, failures.join('\n'));
    expect(failures).toEqual([]);
  }, 600_000);
});

async function buildExtra(w: World): Promise<{ extra: Extra }> {
  const { h, as } = w;
  const a = as.admin;
  const must = (what: string, res: { status: number; body: unknown }, ok = [200, 201, 202]) => {
    if (!ok.includes(res.status))
      throw new Error(`extra: ${what} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Json & { id: string };
  };
  const list = async (url: string) => (await a.get(url)).body as Array<Json & { id: string }>;
  const verification = must('verify', await a.post('/api/audit/verifications', {}));
  const dept = must(
    'department',
    await a.post('/api/departments', {
      name: '洪山区应急管理局',
      regionCode: CODES.A,
      industryCodes: ['machinery'],
    }),
  );
  const standards = await list('/api/standards');
  const TPL = { title: '督办函', addressee: '{{企业名称}}', body: '{{企业名称}}：请整改。' };
  must(
    'template',
    await a.post('/api/document-templates', {
      regionCode: CODES.A,
      kind: 'urging_letter',
      effectiveFrom: shDate(),
      body: TPL,
    }),
  );
  const templates = await list('/api/document-templates');
  const authorities = await list('/api/issuing-authorities');
  const webhook = must(
    'webhook',
    await a.post('/api/webhook-subscriptions', { name: '矩阵', url: 'https://example.com/hook' }),
  );
  // Policies: a version for each side's region, copied from the one in force.
  const { DEFAULT_POLICY } = await import('../../domain/policy.js');
  const policyOf = {} as Record<Side, string>;
  for (const [s, code] of [
    ['A1', CODES.A1],
    ['A2', CODES.A2],
    ['B', CODES.B],
  ] as const)
    policyOf[s] = must(
      `policy ${s}`,
      await a.post('/api/policies', {
        regionCode: code,
        effectiveFrom: shDate(1),
        body: { ...DEFAULT_POLICY, name: `矩阵测试督办时限规定${s}` },
      }),
    ).id;
  const supOf: Record<Side, RoleKey | 'supB'> = { A1: 'supStreet', A2: 'supDistrict', B: 'supB' };
  const supB = await (await import('./harness.js')).loginAs(h.app, 'm-sup-b');
  const client = (k: RoleKey | 'supB') => (k === 'supB' ? supB : as[k]);
  const batchOf = {} as Record<Side, string>;
  const planOf = {} as Record<Side, string>;
  const drawOf = {} as Record<Side, string>;
  for (const s of ['A1', 'A2', 'B'] as Side[]) {
    const sup = client(supOf[s]);
    const batch = must(
      `batch ${s}`,
      await sup.post('/api/general-hazards/batch', {
        rows: [
          {
            enterpriseId: w.rec[s].enterpriseId,
            source: 'inspection',
            description: `批量${s === 'B' ? 'ZZB' : s === 'A2' ? 'ZZA2' : ''}隐患`,
            location: '仓库',
            foundOn: shDate(),
            responsiblePerson: '李',
          },
        ],
      }),
    );
    batchOf[s] = String(batch.batchId ?? batch.id);
    const supUser =
      s === 'A1' ? w.users['m-sup-a1']! : s === 'A2' ? w.users['m-sup-a']! : w.users['m-sup-b']!;
    const plan = must(
      `plan ${s}`,
      await sup.post('/api/inspection-plans', {
        name: `${s === 'B' ? 'ZZB' : s === 'A2' ? 'ZZA2' : ''}检查计划`,
        level: 'county',
        cadence: 'monthly',
        regionCode: s === 'A1' ? CODES.A1 : s === 'A2' ? CODES.A2 : CODES.B,
        selection: 'all',
        coverageTargetPct: 100,
        inspectorsPerVisit: 1,
        inspectorIds: [supUser],
        startsOn: shDate(-1),
      }),
    );
    planOf[s] = plan.id;
    const draw = must(`draw ${s}`, await sup.post(`/api/inspection-plans/${plan.id}/draws`));
    drawOf[s] = String((draw as Json).id ?? ((draw as Json).draw as Json)?.id);
  }
  // Scores: last month's runs of both districts, a bulletin of each.
  const now = new Date(Date.now() + 8 * 3_600_000);
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
  const { DEFAULT_SCORE_SCHEME } = await import('../../domain/scores/scheme.js');
  must(
    'scheme',
    await a.post('/api/scores/schemes', {
      regionCode: CODES.A,
      effectiveFrom: now.toISOString().slice(0, 7),
      body: { ...DEFAULT_SCORE_SCHEME, name: '矩阵测试考核办法' },
    }),
  );
  const schemes = await list('/api/scores/schemes');
  const year = (await a.get('/api/calendar-years/2026')).body as Json;
  const runOf = {} as Record<Side, string>;
  for (const [s, code, who] of [
    ['A1', CODES.A, as.supDistrict],
    ['B', CODES.B, supB],
  ] as const) {
    const run = must(`run ${s}`, await who.post('/api/scores/runs', { rootCode: code, month: last }));
    runOf[s] = String(((run as Json).run as Json).id);
  }
  runOf.A2 = runOf.A1;
  const followUpOf: Partial<Record<Side, string>> = {};
  const bulletinOf: Partial<Record<Side, string>> = {};
  const notificationOf = {} as Record<RoleKey, string>;
  for (const r of ROLE_KEYS) {
    const nid = randomUUID();
    await h.db.pool!.query(
      `insert into notifications (id, user_id, kind, title, body) values ($1, $2, 'case', '矩阵通知', '矩阵通知')`,
      [nid, w.userOf[r]],
    );
    notificationOf[r] = nid;
  }
  // Checklists: an industry template, and each side's enterprise compiling its own draft from it (the foreign ones'
  // items carry the side's marker); the grids the world made.
  const template = must(
    'checklist template',
    await a.post('/api/checklist-templates', {
      kind: 'self',
      name: '机械行业排查模板',
      items: [{ level: 'enterprise', content: '除尘系统泄爆装置', frequency: 'monthly' }],
    }),
  );
  const checklistOf = {} as Record<Side, string>;
  const checklistItemOf = {} as Record<Side, string>;
  const entLogin: Record<Side, string> = { A1: 'm-ent-a1', A2: 'm-ent-a2', B: 'm-ent-b' };
  for (const s of ['A1', 'A2', 'B'] as Side[]) {
    const entClient =
      s === 'A1' ? as.enterprise : await (await import('./harness.js')).loginAs(h.app, entLogin[s]);
    const mark = s === 'B' ? 'ZZB' : s === 'A2' ? 'ZZA2' : '';
    const built = must(
      `checklist ${s}`,
      await entClient.post('/api/checklists', {
        templateIds: [template.id],
        items: [{ level: 'enterprise', content: `${mark}本企业自编排查项`, frequency: 'monthly' }],
      }),
    ) as Json & { id: string; items: Array<{ id: string }> };
    checklistOf[s] = built.id;
    checklistItemOf[s] = built.items[0]!.id;
  }
  const gridRows = await h.db.pool!.query<{ code: string; id: string }>(
    `select code, id from grids where code in ('GRID-A1', 'GRID-A2', 'GRID-B')`,
  );
  const gridOf = Object.fromEntries(gridRows.rows.map((r) => [r.code.slice(5), r.id])) as Record<
    Side,
    string
  >;
  const foreignIds = (s: Side) => [checklistOf[s], checklistItemOf[s], gridOf[s]];
  for (const r of ROLE_KEYS) {
    if (r === 'admin') continue;
    const narrow = !['supDistrict', 'leader'].includes(r);
    w.foreignTo[r].push(...foreignIds('B'), ...(narrow ? foreignIds('A2') : []));
  }
  const ent = (await a.get(`/api/enterprises/${w.rec.A1.enterpriseId}`)).body as Json;
  const { makeCreditCode } = await import('../../domain/credit-code.js');
  let serial = 9300;
  return {
    extra: {
      verificationId: verification.id,
      departmentId: dept.id,
      standardId: standards[0]!.id,
      templateId: templates[0]?.id ?? randomUUID(),
      authorityId: authorities[0]?.id ?? randomUUID(),
      webhookId: webhook.id,
      policyOf,
      batchOf,
      planOf,
      drawOf,
      schemeId: schemes[0]?.id ?? randomUUID(),
      runOf,
      followUpOf,
      bulletinOf,
      month: last,
      periodStart: shDate(),
      notificationOf,
      newCreditCode: (s) => makeCreditCode(s === 'B' ? CODES.B : CODES.A, serial++),
      enterpriseBody: {
        name: ent.name,
        creditCode: ent.creditCode,
        regionCode: ent.regionCode,
        industryCode: ent.industryCode,
        scale: ent.scale,
      },
      calendarYear: { year: year.year, source: year.source, holidays: year.holidays },
      policyBody: { ...DEFAULT_POLICY, name: '矩阵测试督办时限规定' } as unknown as Json,
      schemeBody: { ...DEFAULT_SCORE_SCHEME, name: '矩阵测试考核办法二' } as unknown as Json,
      templateOf: template.id,
      checklistOf,
      checklistItemOf,
      gridOf,
      nextMonth: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString().slice(0, 7),
      png: Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
        'base64',
      ),
    },
  };
}
