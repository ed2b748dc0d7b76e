import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { departments, enterprises, hazardClauses, hazardStandards, regions, users } from './registry.js';
import {
  hazardCategories,
  hazardLights,
  hazardSources,
  hazardStatuses,
} from '../../domain/hazards/lifecycle.js';
import { managementLevels, riskColours } from '../../domain/hazards/policy.js';

/**
 * The general hazard ledger (一般事故隐患台账): one row per hazard, its current state, read by every list and swept by
 * the schedules (lights). Location columns are denormalised from the enterprise when the row is written, so a
 * jurisdiction's list and sweep read this table alone. Dates are Asia/Shanghai calendar dates.
 */
export const generalHazards = pgTable(
  'general_hazards',
  {
    id: uuid('id').primaryKey(),
    hazardNo: bigint('hazard_no', { mode: 'number' }).generatedAlwaysAsIdentity(), // shown as YB-000123
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    regionCode: text('region_code').notNull(),
    regionPath: text('region_path').notNull(),
    industryCategory: text('industry_category').notNull(), // 大类
    industryCode: text('industry_code').notNull(), // 小类
    departmentId: uuid('department_id'), // supervising department (谁家的孩子谁抱走) when reported
    source: text('source', { enum: hazardSources }).notNull(),
    /** The record it came from: a self-inspection, patrol, inspection or major case (by source). */
    sourceRef: uuid('source_ref'),
    /** The delivering system's own id ("<system>:<id>"): a re-delivered row is refused, not duplicated. */
    externalRef: text('external_ref'),
    batchId: uuid('batch_id'), // the batch (API or file import) that delivered it
    /** The id the phone gave a record made offline: unique per enterprise for ever (migration 0018). */
    clientId: uuid('client_id'),
    category: text('category', { enum: hazardCategories }).notNull().default('site'),
    description: text('description').notNull(),
    location: text('location'), // 隐患部位
    lat: doublePrecision('lat'), // WGS-84, as the phone gives it
    lng: doublePrecision('lng'),
    checklistItemId: uuid('checklist_item_id'), // the checklist item that failed (no FK: items are versioned)
    clauseId: uuid('clause_id').references(() => hazardClauses.id),
    responsiblePerson: text('responsible_person'), // 整改责任人
    foundOn: date('found_on').notNull(), // 发现日期
    reportedAt: timestamp('reported_at', { withTimezone: true }).notNull(),
    reportedBy: uuid('reported_by'),
    reporterRole: text('reporter_role').notNull(),
    /** Reported later than policy reportWithin after foundOn (及时上报率 counts the false ones). */
    reportedLate: boolean('reported_late').notNull().default(false),
    deadline: date('deadline').notNull(), // 整改期限: the last day to rectify
    status: text('status', { enum: hazardStatuses }).notNull().default('open'),
    // 亮灯, written by the daily sweep per jurisdiction (and on every command): a red hazard has been red since
    // deadline + 1, which is why no "red since" is kept.
    light: text('light', { enum: hazardLights }).notNull().default('green'),
    rectifiedOn: date('rectified_on'), // 整改完成日期, as the enterprise records it
    rectifiedBy: uuid('rectified_by'),
    rectification: text('rectification'), // 整改措施
    onTime: boolean('on_time'), // rectifiedOn ≤ deadline, set when closed
    closedAt: timestamp('closed_at', { withTimezone: true }), // when closed (rectified) or cancelled
    spotCheck: text('spot_check', { enum: ['passed', 'failed'] }), // the latest 抽查 result
    spotCheckedAt: timestamp('spot_checked_at', { withTimezone: true }),
    reopenCount: smallint('reopen_count').notNull().default(0),
    lastFollowUpAt: timestamp('last_follow_up_at', { withTimezone: true }), // latest 跟进督办
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('general_hazards_no_uq').on(t.hazardNo),
    index('general_hazards_enterprise_idx').on(t.enterpriseId, t.reportedAt),
    // The ledger browsed in a jurisdiction, newest first (and its counts).
    index('general_hazards_region_reported_idx').using(
      'btree',
      sql`${t.regionPath} text_pattern_ops`,
      t.reportedAt,
    ),
    // Open hazards are a small share of the ledger: the supervisor's list, the worklist and the light sweep read
    // these partial indexes only.
    index('general_hazards_open_deadline_idx')
      .on(t.deadline)
      .where(sql`${t.status} in ('open', 'reopened')`),
    index('general_hazards_open_region_idx')
      .using('btree', sql`${t.regionPath} text_pattern_ops`, t.light, t.deadline)
      .where(sql`${t.status} in ('open', 'reopened')`),
    uniqueIndex('general_hazards_external_ref_uq')
      .on(t.externalRef)
      .where(sql`${t.externalRef} is not null`),
    uniqueIndex('general_hazards_enterprise_client_uq')
      .on(t.enterpriseId, t.clientId)
      .where(sql`${t.clientId} is not null`),
  ],
);

/**
 * What happened to a general hazard after it was reported (整改, 抽查, 跟进督办, 撤销), append-only: the hazard's history
 * and the records the score indicators count (red-lit follow-up, spot checks). The report itself is the ledger row.
 */
export const generalHazardEvents = pgTable(
  'general_hazard_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    hazardId: uuid('hazard_id')
      .notNull()
      .references(() => generalHazards.id),
    type: text('type', {
      enum: ['rectified', 'spot_checked', 'followed_up', 'cancelled', 'downgraded_from_case'],
    }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorId: uuid('actor_id'),
    actorRole: text('actor_role').notNull(),
    payload: jsonb('payload').notNull(),
  },
  (t) => [
    index('general_hazard_events_hazard_idx').on(t.hazardId),
    index('general_hazard_events_type_at_idx').on(t.type, t.at),
  ],
);

/**
 * Duty policy (domain/hazards/policy.ts), versioned per jurisdiction: the most specific region's latest version in
 * force on a date applies.
 */
export const dutyPolicies = pgTable(
  'duty_policies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    version: integer('version').notNull(),
    effectiveFrom: date('effective_from').notNull(),
    body: jsonb('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by'),
  },
  (t) => [uniqueIndex('duty_policies_region_version_uq').on(t.regionCode, t.version)],
);

// ── Checklists (隐患排查清单): 行业有标准、企业有清单、车间有表册、岗位有卡片 ─────────────────────────────────────────

export const checklistLevels = ['enterprise', 'area', 'post'] as const; // 企业清单 / 车间(区域)表册 / 岗位卡片
export const checkFrequencies = ['daily', 'weekly', 'monthly'] as const; // 日管控、周排查、月调度

/** An industry template (行业排查指引): built from the standards library, copied into an enterprise's checklist. */
export const checklistTemplates = pgTable(
  'checklist_templates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: ['self', 'patrol', 'inspection'] }).notNull(), // 自查 / 网格巡查 / 监督检查
    industryCode: text('industry_code'), // 大类 or 小类; null: every industry
    name: text('name').notNull(),
    standardId: uuid('standard_id').references(() => hazardStandards.id),
    source: text('source'), // the public guideline it follows
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('checklist_templates_industry_idx').on(t.kind, t.industryCode)],
);

export const checklistTemplateItems = pgTable(
  'checklist_template_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    templateId: uuid('template_id')
      .notNull()
      .references(() => checklistTemplates.id),
    level: text('level', { enum: checklistLevels }).notNull(),
    unitName: text('unit_name'), // suggested 车间/岗位 name for area and post items
    content: text('content').notNull(),
    clauseId: uuid('clause_id').references(() => hazardClauses.id),
    basis: text('basis'), // 依据
    frequency: text('frequency', { enum: checkFrequencies }).notNull(),
    category: text('category', { enum: hazardCategories }).notNull().default('site'),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [index('checklist_template_items_template_idx').on(t.templateId)],
);

/**
 * An enterprise's checklist, versioned: drafted (编制), submitted, accepted (验收) or returned by a supervisor. The
 * latest accepted version is the one in force; 清单编制率 counts enterprises with a submitted or accepted one,
 * 验收率 the accepted ones.
 */
export const checklists = pgTable(
  'checklists',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    version: integer('version').notNull(),
    status: text('status', { enum: ['draft', 'submitted', 'accepted', 'returned'] })
      .notNull()
      .default('draft'),
    templateIds: uuid('template_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    submittedBy: uuid('submitted_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewedBy: uuid('reviewed_by'),
    reviewNote: text('review_note'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('checklists_enterprise_version_uq').on(t.enterpriseId, t.version),
    index('checklists_status_idx').on(t.status),
  ],
);

export const checklistItems = pgTable(
  'checklist_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    checklistId: uuid('checklist_id')
      .notNull()
      .references(() => checklists.id),
    level: text('level', { enum: checklistLevels }).notNull(),
    unitName: text('unit_name').notNull(), // 全厂 / the workshop / the post
    content: text('content').notNull(),
    clauseId: uuid('clause_id').references(() => hazardClauses.id),
    basis: text('basis'),
    frequency: text('frequency', { enum: checkFrequencies }).notNull(),
    category: text('category', { enum: hazardCategories }).notNull().default('site'),
    templateItemId: uuid('template_item_id'),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [index('checklist_items_checklist_idx').on(t.checklistId)],
);

/**
 * One self-inspection (自查) of a sheet (a level + unit + frequency of the checklist in force) for one period. The
 * tasks themselves are not rows: today's are computed from the checklist's frequencies and the records present
 * (domain/hazards/checklist.ts), so a million enterprises' daily checks create no rows until someone checks.
 */
export const selfInspections = pgTable(
  'self_inspections',
  {
    id: uuid('id').primaryKey(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    checklistId: uuid('checklist_id')
      .notNull()
      .references(() => checklists.id),
    level: text('level', { enum: checklistLevels }).notNull(),
    unitName: text('unit_name').notNull(),
    frequency: text('frequency', { enum: checkFrequencies }).notNull(),
    periodStart: date('period_start').notNull(),
    performedAt: timestamp('performed_at', { withTimezone: true }).notNull(),
    performedBy: uuid('performed_by'),
    itemsCount: smallint('items_count').notNull(),
    failedCount: smallint('failed_count').notNull(),
    results: jsonb('results').notNull(), // [{ itemId, ok, note?, hazardId? }]
  },
  (t) => [
    uniqueIndex('self_inspections_sheet_period_uq').on(
      t.checklistId,
      t.level,
      t.unitName,
      t.frequency,
      t.periodStart,
    ),
    index('self_inspections_enterprise_idx').on(t.enterpriseId, t.periodStart),
  ],
);

// ── Monthly self-report (自查自报) and silence detection ───────────────────────────────────────────────────────

/**
 * An enterprise's self-report for a period (a month, or half a month by policy), "no hazard found" included, with
 * the figures of that period as they stood when it was submitted. `onTime`: submitted by `dueOn`.
 */
export const selfReports = pgTable(
  'self_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    periodStart: date('period_start').notNull(),
    periodEnd: date('period_end').notNull(),
    dueOn: date('due_on').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
    submittedBy: uuid('submitted_by'),
    onTime: boolean('on_time').notNull(),
    noHazard: boolean('no_hazard').notNull(), // 本期未发现隐患 (a declaration, checked against the ledger)
    hazardsReported: integer('hazards_reported').notNull(),
    hazardsRectified: integer('hazards_rectified').notNull(),
    selfInspections: integer('self_inspections').notNull(),
    note: text('note'),
  },
  (t) => [uniqueIndex('self_reports_enterprise_period_uq').on(t.enterpriseId, t.periodStart)],
);

/**
 * What the monthly sweep noticed (系统有觉察): a report missing or late, a unit silent for several periods, a unit far
 * below its industry's average. Operating enterprises only: suspended and closed ones are out of the averages and
 * the flags. One row per (enterprise, period, kind).
 */
export const selfReportFlags = pgTable(
  'self_report_flags',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    regionPath: text('region_path').notNull(),
    industryCategory: text('industry_category').notNull(),
    periodStart: date('period_start').notNull(),
    kind: text('kind', { enum: ['missing', 'late', 'silent', 'under_reporting'] }).notNull(),
    details: jsonb('details').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('self_report_flags_uq').on(t.enterpriseId, t.periodStart, t.kind),
    index('self_report_flags_region_idx').using(
      'btree',
      sql`${t.regionPath} text_pattern_ops`,
      t.periodStart,
    ),
  ],
);

// ── Grids (网格化) and patrols (巡查) ─────────────────────────────────────────────────────────────────────────

export const gridLevels = ['city', 'county', 'town', 'community', 'enterprise'] as const; // 市、县、乡、社区、企业

/** A supervision grid: one leader (分管领导) and two responsible supervisors (安全监管责任人), seed 002. */
export const grids = pgTable(
  'grids',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    level: text('level', { enum: gridLevels }).notNull(),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code), // the territory the grid lies in
    regionPath: text('region_path').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('grids_code_uq').on(t.code),
    index('grids_region_idx').using('btree', sql`${t.regionPath} text_pattern_ops`),
  ],
);

/** Who staffs a grid: its leader, its two responsible supervisors, and the grid members (网格员) who patrol it. */
export const gridStaff = pgTable(
  'grid_staff',
  {
    gridId: uuid('grid_id')
      .notNull()
      .references(() => grids.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    duty: text('duty', { enum: ['leader', 'supervisor', 'member'] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.gridId, t.userId] }), index('grid_staff_user_idx').on(t.userId)],
);

/**
 * An enterprise assigned to a grid, with its patrol clock: `patrolDueOn` is the last patrol plus the policy's
 * interval for the unit's risk colour (recomputed by the daily sweep, so a policy or grade change reaches it), the
 * grid member's list is the rows due by today.
 */
export const gridEnterprises = pgTable(
  'grid_enterprises',
  {
    gridId: uuid('grid_id')
      .notNull()
      .references(() => grids.id),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    assignedOn: date('assigned_on').notNull(),
    lastPatrolledOn: date('last_patrolled_on'),
    patrolDueOn: date('patrol_due_on').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.gridId, t.enterpriseId] }),
    index('grid_enterprises_enterprise_idx').on(t.enterpriseId),
    index('grid_enterprises_due_idx').on(t.gridId, t.patrolDueOn),
  ],
);

/** A grid member's patrol of a unit (巡查记录): checklist results, photos (documents.patrol_id), GPS. */
export const patrols = pgTable(
  'patrols',
  {
    id: uuid('id').primaryKey(),
    gridId: uuid('grid_id')
      .notNull()
      .references(() => grids.id),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    regionPath: text('region_path').notNull(),
    patrolledBy: uuid('patrolled_by'),
    patrolledOn: date('patrolled_on').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    outcome: text('outcome', { enum: ['ok', 'hazards_found', 'premises_closed'] }).notNull(),
    results: jsonb('results').notNull(), // [{ itemId?, content, ok, note? }]
    hazardsFound: smallint('hazards_found').notNull().default(0),
    note: text('note'),
    /** The id the phone gave a patrol recorded offline: unique per enterprise for ever (migration 0018). */
    clientId: uuid('client_id'),
  },
  (t) => [
    index('patrols_grid_on_idx').on(t.gridId, t.patrolledOn),
    index('patrols_enterprise_idx').on(t.enterpriseId, t.patrolledOn),
    uniqueIndex('patrols_enterprise_client_uq')
      .on(t.enterpriseId, t.clientId)
      .where(sql`${t.clientId} is not null`),
  ],
);

// ── Inspections (监督检查) ───────────────────────────────────────────────────────────────────────────────────

/** 市级季检查、县级月排查、乡级周巡查、村级日排查 (seed 002): a plan by level and cadence over a population. */
export const inspectionPlans = pgTable(
  'inspection_plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    level: text('level', { enum: ['city', 'county', 'town', 'village'] }).notNull(),
    cadence: text('cadence', { enum: ['quarterly', 'monthly', 'weekly', 'daily'] }).notNull(),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    regionPath: text('region_path').notNull(),
    departmentId: uuid('department_id').references(() => departments.id),
    /** The population's industries (大类/小类); empty: every industry of the territory. */
    industryCodes: text('industry_codes')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** 双随机: enterprises and inspectors drawn at random each period; 'all': every unit of the population. */
    selection: text('selection', { enum: ['random', 'all'] }).notNull(),
    coverageTargetPct: numeric('coverage_target_pct', { precision: 5, scale: 2, mode: 'number' }).notNull(),
    inspectorsPerVisit: smallint('inspectors_per_visit').notNull().default(2),
    inspectorIds: uuid('inspector_ids').array().notNull(), // the inspector pool (执法检查人员名录库)
    active: boolean('active').notNull().default(true),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by'),
  },
  (t) => [index('inspection_plans_region_idx').using('btree', sql`${t.regionPath} text_pattern_ops`)],
);

/**
 * A 双随机 draw, recorded for audit: the population and inspector pool exactly as drawn from (sorted ids), the seed,
 * the algorithm and the result, so anyone can re-run it (domain/hazards/inspection.ts) and get the same selection.
 */
export const inspectionDraws = pgTable(
  'inspection_draws',
  {
    id: uuid('id').primaryKey(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => inspectionPlans.id),
    periodStart: date('period_start').notNull(),
    periodEnd: date('period_end').notNull(),
    seed: text('seed').notNull(),
    algorithm: text('algorithm').notNull(),
    population: uuid('population').array().notNull(),
    inspectorPool: uuid('inspector_pool').array().notNull(),
    mandatory: uuid('mandatory').array().notNull(), // due by grade (drawn first, not by chance)
    selectedCount: integer('selected_count').notNull(),
    populationHash: text('population_hash').notNull(),
    drawnAt: timestamp('drawn_at', { withTimezone: true }).notNull(),
    drawnBy: uuid('drawn_by'), // null: the schedule
  },
  (t) => [uniqueIndex('inspection_draws_plan_period_uq').on(t.planId, t.periodStart)],
);

/** An inspection of one enterprise: planned by a draw (or ad hoc), then recorded with its findings. */
export const inspections = pgTable(
  'inspections',
  {
    id: uuid('id').primaryKey(),
    planId: uuid('plan_id').references(() => inspectionPlans.id),
    drawId: uuid('draw_id').references(() => inspectionDraws.id),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    regionPath: text('region_path').notNull(),
    industryCategory: text('industry_category').notNull(),
    inspectorIds: uuid('inspector_ids').array().notNull(),
    dueOn: date('due_on'),
    status: text('status', { enum: ['planned', 'done', 'cancelled'] })
      .notNull()
      .default('planned'),
    unannounced: boolean('unannounced').notNull().default(false), // 四不两直
    inspectedOn: date('inspected_on'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }),
    recordedBy: uuid('recorded_by'),
    generalFindings: integer('general_findings').notNull().default(0),
    majorFindings: integer('major_findings').notNull().default(0),
    penaltiesCount: integer('penalties_count').notNull().default(0),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('inspections_plan_idx').on(t.planId),
    index('inspections_enterprise_idx').on(t.enterpriseId),
    index('inspections_region_idx').using('btree', sql`${t.regionPath} text_pattern_ops`, t.dueOn),
  ],
);

// ── Grades (差异化监管): risk colour and management level, two fields with their history ────────────────────────

/**
 * Every grade an enterprise was given, append-only: `kind` says which of the two fields, `value` the grade (未评定
 * is its own value, 'unassessed'). enterprises.risk_colour / management_level hold the current value.
 */
export const enterpriseGrades = pgTable(
  'enterprise_grades',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    kind: text('kind', { enum: ['risk_colour', 'management_level'] }).notNull(),
    value: text('value').notNull(),
    previous: text('previous').notNull(),
    effectiveOn: date('effective_on').notNull(),
    basis: text('basis', {
      enum: ['initial', 'annual_up', 'annual_down', 'annual_keep', 'adjustment', 'migrated'],
    }).notNull(),
    reason: text('reason'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    recordedBy: uuid('recorded_by'),
  },
  (t) => [
    index('enterprise_grades_enterprise_idx').on(t.enterpriseId, t.kind, t.effectiveOn),
    check(
      'enterprise_grades_value_ck',
      sql`(${t.kind} = 'risk_colour' and ${t.value} in (${sql.raw(riskColours.map((c) => `'${c}'`).join(','))})) or (${t.kind} = 'management_level' and ${t.value} in (${sql.raw(managementLevels.map((c) => `'${c}'`).join(','))}))`,
    ),
  ],
);
