/**
 * The duties that feed the general-hazard ledger: checklists (templates, 编制, 提交, 验收/退回), self-inspection from
 * the checklist in force (a failed item becomes a hazard), grids (one leader, two responsible supervisors, members)
 * and their units, patrols (a failed item becomes a hazard; the unit's clock moves), and grades (risk colour and
 * management level, each with its history). Routes validate and call these; every write is audited here.
 */
import { createHash, randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import { appendAudit } from '../../db/queries/audit.js';
import {
  checklistInForce,
  clausesById,
  insertChecklistVersion,
  insertSelfInspection,
  insertTemplate,
  reviewChecklist,
  selfInspectionsOf,
  templateItemsOf,
  templatesExist,
  type ChecklistRow,
} from '../../db/queries/checklists.js';
import { dutyPolicyFor, workingCalendarOf } from '../../db/queries/duty-policies.js';
import { reportableEnterprise } from '../../db/queries/general-hazards.js';
import {
  assignEnterprises,
  insertGrid,
  patrolAllowed,
  patrolByClientId,
  recordPatrol,
  replaceGridStaff,
  setGrade,
  usersByIds,
} from '../../db/queries/grids.js';
import { enterprisesInScope } from '../../db/queries/scope.js';
import { enterprises, generalHazards, hazardStandards, regions } from '../../db/schema/index.js';
import { DomainError } from '../../domain/errors.js';
import {
  WHOLE_SITE,
  periodStartOf,
  sheetsOf,
  tasksOn,
  type ChecklistAction,
  type SelfInspectionTask,
  type assignEnterprisesInput,
  type buildChecklistInput,
  type checklistTemplateInput,
  type gradeInput,
  type gridInput,
  type gridStaffInput,
  type patrolInput,
  type selfInspectionInput,
} from '../../domain/hazards/checklist.js';
import { addCalendarDays } from '../../domain/calendar.js';
import { scopeOf } from '../context.js';
import { buildHazardRow, todayOf, type PreparedHazard, type ServiceContext } from './general-hazards.js';

const invalid = (field: string, message: string) =>
  new DomainError('VALIDATION', message, { [field]: message });
const SUPERVISING = ['supervisor', 'admin'] as const;
const isSupervising = (role: string) => (SUPERVISING as readonly string[]).includes(role);

async function audit(
  ctx: ServiceContext,
  a: { action: string; resource: string; resourceId?: string | null; payload: unknown },
) {
  await appendAudit(ctx.deps.db, {
    actorId: ctx.user.id,
    actorRole: ctx.user.role,
    requestId: ctx.requestId,
    ...a,
  });
}

// ---------- checklist templates ----------

/** 行业模板 (administrators): items cite the standards library; an item without its own wording takes the clause's. */
export async function createTemplate(ctx: ServiceContext, input: z.infer<typeof checklistTemplateInput>) {
  if (ctx.user.role !== 'admin') throw new DomainError('FORBIDDEN', '只有系统管理员可以维护行业排查模板');
  const db = ctx.deps.db;
  if (
    input.standardId &&
    !(
      await db
        .select({ id: hazardStandards.id })
        .from(hazardStandards)
        .where(eq(hazardStandards.id, input.standardId))
    ).length
  )
    throw invalid('standardId', '判定标准不存在');
  const clauses = await clausesById(
    ctx.deps.db,
    input.items.flatMap((i) => (i.clauseId ? [i.clauseId] : [])),
  );
  input.items.forEach((i, n) => {
    if (i.clauseId && !clauses.has(i.clauseId)) throw invalid(`items.${n}.clauseId`, '判定标准条款不存在');
    if (input.standardId && i.clauseId && clauses.get(i.clauseId)!.standardId !== input.standardId)
      throw invalid(`items.${n}.clauseId`, '条款不属于模板所依据的标准');
  });
  const row = await insertTemplate(ctx.deps.db, {
    kind: input.kind,
    industryCode: input.industryCode ?? null,
    name: input.name,
    standardId: input.standardId ?? null,
    source: input.source ?? null,
    items: input.items.map((i) => {
      const c = i.clauseId ? clauses.get(i.clauseId) : undefined;
      return {
        level: i.level,
        unitName: i.unitName ?? null,
        content: i.content ?? c!.text,
        clauseId: i.clauseId ?? null,
        basis: i.basis ?? (c ? c.clauseNo : null),
        frequency: i.frequency,
        category: i.category,
      };
    }),
  });
  await audit(ctx, {
    action: 'create',
    resource: 'checklist_templates',
    resourceId: row.id,
    payload: { name: input.name, kind: input.kind, items: row.items.length },
  });
  return row;
}

// ---------- checklists ----------

async function ownEnterpriseId(ctx: ServiceContext): Promise<string> {
  if (ctx.user.role !== 'enterprise' || !ctx.user.enterpriseId)
    throw new DomainError('FORBIDDEN', '只有企业可以编制和提交本企业的排查清单');
  return ctx.user.enterpriseId;
}

/**
 * 编制清单: a new draft version, built from industry templates (area and post items copied for each workshop and
 * post named) and the enterprise's own items.
 */
export async function buildChecklist(ctx: ServiceContext, input: z.infer<typeof buildChecklistInput>) {
  const enterpriseId = await ownEnterpriseId(ctx);
  const db = ctx.deps.db;
  const found = await templatesExist(db, input.templateIds);
  const missing = input.templateIds.findIndex((id) => !found.has(id));
  if (missing >= 0) throw invalid(`templateIds.${missing}`, '行业模板不存在');
  const own = await clausesById(
    db,
    input.items.flatMap((i) => (i.clauseId ? [i.clauseId] : [])),
  );
  input.items.forEach((i, n) => {
    if (i.clauseId && !own.has(i.clauseId)) throw invalid(`items.${n}.clauseId`, '判定标准条款不存在');
    if (i.level !== 'enterprise' && !i.unitName)
      throw invalid(`items.${n}.unitName`, '车间表册和岗位卡片须写明车间/岗位名称');
  });
  const items: Parameters<typeof insertChecklistVersion>[1]['items'] = [];
  for (const t of await templateItemsOf(db, input.templateIds)) {
    const base = {
      level: t.level,
      content: t.content,
      clauseId: t.clauseId,
      basis: t.basis,
      frequency: t.frequency,
      category: t.category,
      templateItemId: t.id,
    };
    const units =
      t.level === 'enterprise'
        ? [WHOLE_SITE]
        : t.level === 'area'
          ? input.areas.length
            ? input.areas
            : [t.unitName ?? '生产区域']
          : input.posts.length
            ? input.posts
            : [t.unitName ?? '作业岗位'];
    for (const unitName of units) items.push({ ...base, unitName });
  }
  for (const i of input.items)
    items.push({
      level: i.level,
      unitName: i.level === 'enterprise' ? (i.unitName ?? WHOLE_SITE) : i.unitName!,
      content: i.content,
      clauseId: i.clauseId ?? null,
      basis: i.basis ?? null,
      frequency: i.frequency,
      category: i.category,
    });
  if (items.length > 5000) throw invalid('posts', '清单超过5000项，请减少车间或岗位');
  const row = await insertChecklistVersion(db, {
    enterpriseId,
    templateIds: input.templateIds,
    items,
    createdBy: ctx.user.id,
    now: new Date(todayOf(ctx.deps).now),
  });
  await audit(ctx, {
    action: 'create',
    resource: 'checklists',
    resourceId: row.id,
    payload: { version: row.version, templateIds: input.templateIds, items: row.items.length },
  });
  return row;
}

/** 提交 (the enterprise, its own), 验收 / 退回 (a supervisor whose territory holds the enterprise). */
export async function reviewChecklistCommand(
  ctx: ServiceContext,
  p: { id: string; action: ChecklistAction; note?: string },
): Promise<ChecklistRow> {
  const { user } = ctx;
  const row = await reviewChecklist(ctx.deps.db, scopeOf(user), {
    id: p.id,
    action: p.action,
    userId: user.id,
    note: p.note,
    now: new Date(todayOf(ctx.deps).now),
    mayAct: (r) => {
      if (p.action === 'submit') {
        if (user.role !== 'enterprise' || user.enterpriseId !== r.enterpriseId)
          throw new DomainError('FORBIDDEN', '只有企业可以提交本企业的排查清单');
      } else if (!isSupervising(user.role))
        throw new DomainError('FORBIDDEN', '只有监管人员可以验收或退回清单');
    },
  });
  await audit(ctx, {
    action: p.action,
    resource: 'checklists',
    resourceId: row.id,
    payload: { note: p.note ?? null, version: row.version, status: row.status },
  });
  return row;
}

// ---------- self-inspection ----------

/** 今日自查任务: the sheets of the checklist in force and whether each is done for its current period. */
export async function selfInspectionTasks(ctx: ServiceContext): Promise<{
  today: string;
  checklistId: string | null;
  version: number | null;
  tasks: SelfInspectionTask[];
}> {
  const enterpriseId = await ownEnterpriseId(ctx);
  const { today } = todayOf(ctx.deps);
  const list = await checklistInForce(ctx.deps.db, enterpriseId);
  if (!list) return { today, checklistId: null, version: null, tasks: [] };
  const records = await selfInspectionsOf(ctx.deps.db, {
    checklistId: list.id,
    since: [periodStartOf(today, 'monthly'), periodStartOf(today, 'weekly')].sort()[0]!,
  });
  return {
    today,
    checklistId: list.id,
    version: list.version,
    tasks: tasksOn(today, sheetsOf(list.items), records),
  };
}

/**
 * 自查记录: one sheet of the checklist in force for its current period, every item of the sheet answered; each failed
 * item becomes a general hazard (source self_inspection, naming the item) in the same transaction. A sheet already
 * recorded for the period is refused (409).
 */
export async function recordSelfInspection(ctx: ServiceContext, input: z.infer<typeof selfInspectionInput>) {
  const enterpriseId = await ownEnterpriseId(ctx);
  const { db } = ctx.deps;
  const { today, now } = todayOf(ctx.deps);
  const list = await checklistInForce(db, enterpriseId);
  if (!list || list.id !== input.checklistId)
    throw invalid('checklistId', '不是本企业现行（已验收）的排查清单');
  const sheet = sheetsOf(list.items).find(
    (s) => s.level === input.level && s.unitName === input.unitName && s.frequency === input.frequency,
  );
  if (!sheet) throw invalid('unitName', '清单中没有该车间/岗位的此频次排查表');
  const answered = new Set(input.results.map((r) => r.itemId));
  const stray = input.results.findIndex((r) => !sheet.itemIds.includes(r.itemId));
  if (stray >= 0) throw invalid(`results.${stray}.itemId`, '该项不在本排查表中');
  if (answered.size !== input.results.length) throw invalid('results', '同一项不能重复填写');
  if (sheet.itemIds.some((id) => !answered.has(id)))
    throw invalid('results', '请逐项填写本排查表的全部检查项');
  const enterprise = await reportableEnterprise(db, scopeOf(ctx.user), enterpriseId);
  if (!enterprise) throw new DomainError('NOT_FOUND', '企业不存在');
  const [policy, calendar] = await Promise.all([
    dutyPolicyFor(db, { regionPath: enterprise.regionPath, on: today }),
    workingCalendarOf(db),
  ]);
  const itemOf = new Map(list.items.map((i) => [i.id, i]));
  const id = randomUUID();
  const hazards: PreparedHazard[] = [];
  const results = input.results.map((r) => {
    if (r.ok) return { itemId: r.itemId, ok: true };
    const item = itemOf.get(r.itemId)!;
    const row = buildHazardRow(
      {
        enterpriseId,
        source: 'self_inspection',
        category: item.category,
        description: `${item.content}：${r.note}`.slice(0, 1000),
        location: r.location ?? (item.unitName === WHOLE_SITE ? undefined : item.unitName),
        foundOn: today,
        responsiblePerson: r.responsiblePerson,
        checklistItemId: item.id,
        clauseId: item.clauseId ?? undefined,
        lat: input.lat,
        lng: input.lng,
      },
      { user: ctx.user, today, now, enterprise, policy, calendar },
      { sourceRef: id },
    );
    hazards.push(row);
    return { itemId: r.itemId, ok: false, note: r.note, hazardId: row.id };
  });
  const periodStart = periodStartOf(today, input.frequency);
  const written = await db.transaction(async (tx) => {
    const rec = await insertSelfInspection(tx, {
      id,
      enterpriseId,
      checklistId: list.id,
      level: input.level,
      unitName: input.unitName,
      frequency: input.frequency,
      periodStart,
      performedAt: new Date(now),
      performedBy: ctx.user.id,
      itemsCount: input.results.length,
      failedCount: hazards.length,
      results,
    });
    if (!rec) throw new DomainError('INVALID_TRANSITION', `本排查表本期（自 ${periodStart} 起）已有自查记录`);
    if (hazards.length) await tx.insert(generalHazards).values(hazards);
    return rec;
  });
  await audit(ctx, {
    action: 'record',
    resource: 'self_inspections',
    resourceId: id,
    payload: { ...input, periodStart, hazardIds: hazards.map((h) => h.id) },
  });
  return { ...written, hazardIds: hazards.map((h) => h.id) };
}

// ---------- grids ----------

/** 建立网格 (administrators, or supervisors within their region): one leader, two responsible supervisors, members. */
export async function createGrid(ctx: ServiceContext, input: z.infer<typeof gridInput>) {
  const { db } = ctx.deps;
  const { user } = ctx;
  if (!isSupervising(user.role)) throw new DomainError('FORBIDDEN', '只有监管人员可以建立网格');
  const [region] = await db.select().from(regions).where(eq(regions.code, input.regionCode));
  if (!region) throw invalid('regionCode', '行政区划不存在');
  if (user.role !== 'admin' && !(user.regionPath && region.path.startsWith(user.regionPath)))
    throw invalid('regionCode', '只能在本辖区内建立网格');
  await checkGridStaff(db, region.path, input);
  const row = await insertGrid(db, {
    grid: {
      code: input.code,
      name: input.name,
      level: input.level,
      regionCode: region.code,
      regionPath: region.path,
    },
    staff: [
      { userId: input.leaderId, duty: 'leader' },
      ...input.supervisorIds.map((userId) => ({ userId, duty: 'supervisor' as const })),
      ...[...new Set(input.memberIds)].map((userId) => ({ userId, duty: 'member' as const })),
    ],
  });
  await audit(ctx, { action: 'create', resource: 'grids', resourceId: row.id, payload: input });
  return row;
}

/**
 * The staff of a grid in `regionPath` must exist, have the right role (leader: a leader or supervisor; responsible
 * supervisors: supervisors or leaders; members: grid members) and work in the grid's territory or above it (a
 * district's leader may lead a street's grid). A refusal names the field.
 */
async function checkGridStaff(
  db: ServiceContext['deps']['db'],
  regionPath: string,
  input: { leaderId: string; supervisorIds: readonly string[]; memberIds?: readonly string[] },
) {
  const memberIds = input.memberIds ?? [];
  const people = new Map(
    (await usersByIds(db, [input.leaderId, ...input.supervisorIds, ...memberIds])).map((u) => [u.id, u]),
  );
  const regionPathOf = async (code: string | null) =>
    code
      ? (await db.select({ path: regions.path }).from(regions).where(eq(regions.code, code)))[0]?.path
      : undefined;
  const check = async (id: string, field: string, roles: string[], label: string) => {
    const u = people.get(id);
    if (!u) throw invalid(field, `${label}不存在`);
    if (!roles.includes(u.role)) throw invalid(field, `${label}的角色不符`);
    const p = await regionPathOf(u.regionCode);
    if (!p || !regionPath.startsWith(p)) throw invalid(field, `${label}不在网格所在辖区`);
  };
  await check(input.leaderId, 'leaderId', ['leader', 'supervisor'], '网格负责人');
  for (const [n, id] of input.supervisorIds.entries())
    await check(id, `supervisorIds.${n}`, ['supervisor', 'leader'], '安全监管责任人');
  for (const [n, id] of memberIds.entries()) {
    if (id === input.leaderId || input.supervisorIds.includes(id))
      throw invalid(`memberIds.${n}`, '网格员不能同时担任负责人或监管责任人');
    await check(id, `memberIds.${n}`, ['grid_member'], '网格员');
  }
}

/**
 * 网格人员调整 (a supervisor of the grid's territory, or an administrator): the leader and the two responsible
 * supervisors replaced, the members too when given. The change, its reason and the staff before and after are
 * one audit record: the grid's staff history (GET /grids/{id}/staff-history).
 */
export async function changeGridStaff(
  ctx: ServiceContext,
  p: { grid: { id: string; regionPath: string }; input: z.infer<typeof gridStaffInput> },
) {
  const { db } = ctx.deps;
  if (!isSupervising(ctx.user.role)) throw new DomainError('FORBIDDEN', '只有监管人员可以调整网格人员');
  if (
    ctx.user.role !== 'admin' &&
    !(ctx.user.regionPath && p.grid.regionPath.startsWith(ctx.user.regionPath))
  )
    throw new DomainError('FORBIDDEN', '只能调整本辖区网格的人员');
  await checkGridStaff(db, p.grid.regionPath, p.input);
  const { before, after } = await replaceGridStaff(db, {
    gridId: p.grid.id,
    leaderId: p.input.leaderId,
    supervisorIds: p.input.supervisorIds,
    memberIds: p.input.memberIds,
  });
  await audit(ctx, {
    action: 'change_staff',
    resource: 'grids',
    resourceId: p.grid.id,
    payload: { reason: p.input.reason, before, after },
  });
  return { before, after };
}

/** 企业入格: units of the caller's territory lying in the grid's region; the patrol clock starts today. */
export async function assignToGrid(
  ctx: ServiceContext,
  p: { gridId: string; gridRegionPath: string; input: z.infer<typeof assignEnterprisesInput> },
) {
  const { db } = ctx.deps;
  if (!isSupervising(ctx.user.role)) throw new DomainError('FORBIDDEN', '只有监管人员可以为网格分配企业');
  const ids = [...new Set(p.input.enterpriseIds)];
  const visible = await db
    .select({ id: enterprises.id, regionPath: enterprises.regionPath })
    .from(enterprises)
    .where(and(enterprisesInScope(scopeOf(ctx.user)), inArray(enterprises.id, ids)));
  const byId = new Map(visible.map((e) => [e.id, e]));
  const bad = p.input.enterpriseIds.findIndex((id) => !byId.get(id)?.regionPath.startsWith(p.gridRegionPath));
  if (bad >= 0) throw invalid(`enterpriseIds.${bad}`, '企业不存在、不在您的辖区或不在网格所在区域');
  const { today } = todayOf(ctx.deps);
  const policy = await dutyPolicyFor(db, { regionPath: p.gridRegionPath, on: today });
  const out = await assignEnterprises(db, {
    gridId: p.gridId,
    enterpriseIds: ids,
    today,
    everyDays: policy.patrol.everyDaysByColour,
  });
  await audit(ctx, {
    action: 'assign',
    resource: 'grids',
    resourceId: p.gridId,
    payload: { enterpriseIds: ids, assigned: out.assigned },
  });
  return out;
}

// ---------- patrols ----------

/**
 * 巡查记录 (a grid member of the grid, or an administrator): each failed item becomes a general hazard (source
 * grid_patrol, naming the patrol); the unit's next patrol is due its colour's interval after this one. With an
 * Idempotency-Key the patrol's id is the key's, so a phone's retry writes once.
 */
export async function recordPatrolCommand(
  ctx: ServiceContext,
  input: z.infer<typeof patrolInput>,
  opts: { id?: string } = {},
) {
  const { db } = ctx.deps;
  const { user } = ctx;
  if (user.role !== 'grid_member' && user.role !== 'admin')
    throw new DomainError('FORBIDDEN', '只有网格员可以填写巡查记录');
  // A patrol recorded offline and sent again after its Idempotency-Key expired: the first one answers.
  if (input.clientId) {
    const earlier = await patrolByClientId(db, {
      enterpriseId: input.enterpriseId,
      clientId: input.clientId,
      patrolledBy: user.id,
    });
    if (earlier) return { patrol: earlier, replayed: true };
  }
  const { today, now } = todayOf(ctx.deps);
  if (input.patrolledOn > today) throw invalid('patrolledOn', '巡查日期不能晚于今天');
  if (input.patrolledOn < addCalendarDays(today, -7)) throw invalid('patrolledOn', '只能补录7天内的巡查');
  const allowed = await patrolAllowed(db, {
    userId: user.id,
    gridId: input.gridId,
    enterpriseId: input.enterpriseId,
    admin: user.role === 'admin',
  });
  if (allowed === 'no_grid') throw invalid('gridId', '网格不存在或您不是该网格的成员');
  if (allowed === 'not_assigned') throw invalid('enterpriseId', '企业不在该网格内');
  const enterprise = await reportableEnterprise(db, scopeOf(user), input.enterpriseId);
  if (!enterprise) throw invalid('enterpriseId', '企业不存在或不在您的网格内');
  const [policy, calendar] = await Promise.all([
    dutyPolicyFor(db, { regionPath: enterprise.regionPath, on: today }),
    workingCalendarOf(db),
  ]);
  const id = opts.id ?? randomUUID();
  const hazards: PreparedHazard[] = [];
  const results = input.results.map((r) => {
    if (r.ok) return { itemId: r.itemId ?? null, content: r.content, ok: true };
    const row = buildHazardRow(
      {
        enterpriseId: enterprise.id,
        source: 'grid_patrol',
        category: 'site',
        description: `${r.content}：${r.note}`.slice(0, 1000),
        location: r.location,
        foundOn: input.patrolledOn,
        lat: input.lat,
        lng: input.lng,
      },
      {
        user: { ...user, role: user.role === 'admin' ? 'admin' : 'grid_member' },
        today,
        now,
        enterprise,
        policy,
        calendar,
      },
      { sourceRef: id, id: opts.id ? stableChild(id, r.content) : undefined },
    );
    hazards.push(row);
    return { itemId: r.itemId ?? null, content: r.content, ok: false, note: r.note, hazardId: row.id };
  });
  const { patrol, written } = await recordPatrol(db, {
    patrol: {
      id,
      gridId: input.gridId,
      enterpriseId: enterprise.id,
      regionPath: enterprise.regionPath,
      patrolledBy: user.id,
      patrolledOn: input.patrolledOn,
      recordedAt: new Date(now),
      lat: input.lat ?? null,
      lng: input.lng ?? null,
      outcome: input.outcome,
      results,
      hazardsFound: hazards.length,
      note: input.note ?? null,
      clientId: input.clientId ?? null,
    },
    hazards,
    everyDays: policy.patrol.everyDaysByColour,
  });
  if (written)
    await audit(ctx, {
      action: 'record',
      resource: 'patrols',
      resourceId: id,
      payload: { ...input, hazardIds: hazards.map((h) => h.id) },
    });
  else if (patrol.patrolledBy !== user.id || patrol.id !== id) {
    // Another's patrol under this clientId, or the same offline patrol sent twice at the same instant.
    if (patrol.patrolledBy !== user.id) throw invalid('clientId', '该客户端编号已被另一条巡查记录使用');
    return { patrol, replayed: true };
  }
  return { patrol, replayed: false };
}
/** A deterministic child id (a retried keyed patrol names the same hazards). */
function stableChild(parent: string, name: string): string {
  const h = createHash('sha256').update(`${parent}:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

// ---------- grades ----------

/**
 * 评定 (supervisors of the enterprise's territory, administrators): risk colour or management level, the previous
 * value kept in the history; a new colour moves the unit's patrol clock at once.
 */
export async function gradeEnterprise(
  ctx: ServiceContext,
  p: { enterpriseId: string; input: z.infer<typeof gradeInput> },
) {
  const { db } = ctx.deps;
  if (!isSupervising(ctx.user.role)) throw new DomainError('FORBIDDEN', '只有监管人员可以评定企业等级');
  const e = await reportableEnterprise(db, scopeOf(ctx.user), p.enterpriseId);
  if (!e) throw new DomainError('NOT_FOUND', '企业不存在');
  const { today, now } = todayOf(ctx.deps);
  if (p.input.effectiveOn > today) throw invalid('effectiveOn', '生效日期不能晚于今天');
  const policy = await dutyPolicyFor(db, { regionPath: e.regionPath, on: today });
  const row = await setGrade(db, {
    enterpriseId: e.id,
    kind: p.input.kind,
    value: p.input.value,
    effectiveOn: p.input.effectiveOn,
    basis: p.input.basis,
    reason: p.input.reason ?? null,
    userId: ctx.user.id,
    now: new Date(now),
    everyDays: policy.patrol.everyDaysByColour,
  });
  await audit(ctx, {
    action: 'grade',
    resource: 'enterprises',
    resourceId: e.id,
    payload: { ...p.input, previous: row.previous },
  });
  return row;
}
