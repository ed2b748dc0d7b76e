import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { enterprises, hazardClauses, departments, users } from './registry.js';
import { generalHazards, inspections, patrols } from './general-hazards.js';

/**
 * The case read model. The Temporal workflow owns the state; activities write this row on every transition
 * so lists, filters and scoping are plain SQL. `view` holds the workflow's full case view at `version`.
 */
export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey(),
    caseNo: serial('case_no').notNull(), // human-facing number, shown as e.g. ZD-2026-000123
    trackingCode: text('tracking_code'), // public report (举报) tracking code
    status: text('status').notNull(),
    source: text('source').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    location: text('location'),
    enterpriseId: uuid('enterprise_id').references(() => enterprises.id),
    enterpriseName: text('enterprise_name'),
    regionCode: text('region_code').notNull(),
    regionPath: text('region_path').notNull(),
    industryCategory: text('industry_category'),
    departmentId: uuid('department_id').references(() => departments.id),
    suspectedClauseId: uuid('suspected_clause_id').references(() => hazardClauses.id),
    clauseId: uuid('clause_id').references(() => hazardClauses.id),
    level: text('level'), // listing level: province/city/county/town
    listingAuthority: text('listing_authority'), // 挂牌单位
    supervisingUnit: text('supervising_unit'), // 督办单位
    owningLeaderId: uuid('owning_leader_id').references(() => users.id), // 包案领导
    deadline: timestamp('deadline', { withTimezone: true }), // the current deadline (rectification or step)
    overdue: boolean('overdue').notNull().default(false),
    overdueSince: timestamp('overdue_since', { withTimezone: true }),
    escalationStep: text('escalation_step'),
    extensionCount: integer('extension_count').notNull().default(0),
    acceptanceFailures: integer('acceptance_failures').notNull().default(0),
    policy: jsonb('policy'), // the policy body pinned when listed
    view: jsonb('view'), // the workflow's case view
    version: integer('version').notNull().default(0), // number of events applied
    reportedBy: uuid('reported_by'),
    reportedAt: timestamp('reported_at', { withTimezone: true }).notNull(),
    listedAt: timestamp('listed_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    searchText: text('search_text'),
  },
  (t) => [
    uniqueIndex('cases_case_no_uq').on(t.caseNo),
    uniqueIndex('cases_tracking_code_uq').on(t.trackingCode),
    index('cases_region_path_idx').using('btree', sql`${t.regionPath} text_pattern_ops`),
    index('cases_enterprise_idx').on(t.enterpriseId),
    index('cases_status_idx').on(t.status),
    // Status filter + region-subtree scope of the console's lists: their counts become index-only scans (bench/api.ts).
    index('cases_status_region_idx').using('btree', t.status, sql`${t.regionPath} text_pattern_ops`),
    // The overdue list's count within a region subtree, from a small partial index.
    index('cases_overdue_region_idx')
      .using('btree', sql`${t.regionPath} text_pattern_ops`)
      .where(sql`${t.overdue}`),
    index('cases_deadline_idx').on(t.deadline),
    index('cases_reported_at_idx').on(t.reportedAt),
  ],
);

/**
 * Append-only, hash-chained case events: hash = sha256(prevHash || canonical JSON of the event).
 * UPDATE and DELETE are refused by a trigger (migration append_only_triggers).
 */
export const caseEvents = pgTable(
  'case_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    actorId: uuid('actor_id'),
    actorRole: text('actor_role').notNull(),
    payload: jsonb('payload').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [uniqueIndex('case_events_case_seq_uq').on(t.caseId, t.seq)],
);

/** A human step: who (role + unit/enterprise/user) must do what by when. Ids are deterministic for idempotency. */
export const tasks = pgTable(
  'tasks',
  {
    id: text('id').primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    assigneeRole: text('assignee_role').notNull(),
    assigneeRegionPath: text('assignee_region_path'),
    assigneeEnterpriseId: uuid('assignee_enterprise_id').references(() => enterprises.id),
    assigneeUserId: uuid('assignee_user_id').references(() => users.id),
    dueAt: timestamp('due_at', { withTimezone: true }),
    status: text('status', { enum: ['open', 'done', 'cancelled'] })
      .notNull()
      .default('open'),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: uuid('closed_by'),
    lastReminderAt: timestamp('last_reminder_at', { withTimezone: true }),
  },
  (t) => [
    index('tasks_case_idx').on(t.caseId),
    index('tasks_status_due_idx').on(t.status, t.dueAt),
    index('tasks_enterprise_idx').on(t.assigneeEnterpriseId),
    // A person's own tasks (an invited expert's): their task list, and the expert's case scope (db/queries/scope.ts).
    index('tasks_assignee_user_idx')
      .on(t.assigneeUserId, t.caseId)
      .where(sql`${t.assigneeUserId} is not null`),
  ],
);

/** One rung of the escalation ladder, with its reason, document, owner and outcome. */
export const escalations = pgTable(
  'escalations',
  {
    id: text('id').primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    step: text('step').notNull(),
    reason: text('reason').notNull(),
    manual: boolean('manual').notNull().default(false),
    triggeredAt: timestamp('triggered_at', { withTimezone: true }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }),
    ownerId: uuid('owner_id').references(() => users.id),
    documentId: uuid('document_id'),
    status: text('status', { enum: ['open', 'done', 'superseded', 'cancelled'] })
      .notNull()
      .default('open'),
    outcome: text('outcome'),
    outcomeAt: timestamp('outcome_at', { withTimezone: true }),
    details: jsonb('details'),
  },
  (t) => [index('escalations_case_idx').on(t.caseId), index('escalations_status_idx').on(t.status)],
);

/**
 * 行政处罚 recorded with the outcome of an enforcement (执法建议) or joint punishment (联合惩戒) rung, or decided at an
 * inspection (监督检查). Counted per enterprise on `decided_on` for the 安全生产法 Art. 113 closure threshold
 * (domain/closure-threshold.ts), whichever way it came. A rung's id is derived from the escalation's (one penalty per
 * rung), so a retried `recordTransition` writes it once; an inspection's come with its record, in its transaction.
 */
export const penalties = pgTable(
  'penalties',
  {
    id: uuid('id').primaryKey(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    caseId: uuid('case_id').references(() => cases.id),
    escalationId: text('escalation_id').references(() => escalations.id),
    inspectionId: uuid('inspection_id').references(() => inspections.id),
    kind: text('kind', {
      enum: ['fine', 'suspension', 'licence_suspension', 'licence_revocation', 'other'],
    }).notNull(),
    decidedOn: date('decided_on').notNull(), // 处罚决定日期, Asia/Shanghai
    decisionNo: text('decision_no').notNull(), // 处罚决定书文号
    amountYuan: numeric('amount_yuan', { precision: 14, scale: 2, mode: 'number' }), // 罚款金额 (元)
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    recordedBy: uuid('recorded_by'),
  },
  (t) => [
    uniqueIndex('penalties_escalation_uq').on(t.escalationId),
    index('penalties_enterprise_decided_idx').on(t.enterpriseId, t.decidedOn),
    index('penalties_inspection_idx')
      .on(t.inspectionId)
      .where(sql`${t.inspectionId} is not null`),
    // Every penalty comes from somewhere: an escalation rung of a case, or an inspection.
    check(
      'penalties_origin_ck',
      sql`(${t.escalationId} is not null and ${t.caseId} is not null) or ${t.inspectionId} is not null`,
    ),
  ],
);

/**
 * Generated notices and uploaded evidence; every file carries its content hash. A file belongs to a case, or to a
 * general hazard (photos before and after), a patrol or an inspection, and is visible to whoever may see that.
 */
export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id').references(() => cases.id),
    hazardId: uuid('hazard_id').references(() => generalHazards.id),
    patrolId: uuid('patrol_id').references(() => patrols.id),
    inspectionId: uuid('inspection_id').references(() => inspections.id),
    kind: text('kind').notNull(), // listing_notice | plan | evidence | completion_report | assessment | minutes | ...
    filename: text('filename').notNull(),
    mimeType: text('mime_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    storagePath: text('storage_path').notNull(),
    uploadedBy: uuid('uploaded_by'),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set only by migration 0017 on copies of one photo stored before its unique indexes; null for every new file. */
    duplicateOf: uuid('duplicate_of').references((): AnyPgColumn => documents.id),
  },
  (t) => [
    index('documents_case_idx').on(t.caseId),
    // One photo (bytes + kind) per hazard and per patrol, so concurrent retries of one upload store it once.
    uniqueIndex('documents_hazard_photo_uq')
      .on(t.hazardId, t.kind, t.sha256)
      .where(sql`${t.hazardId} is not null and ${t.duplicateOf} is null`),
    uniqueIndex('documents_patrol_photo_uq')
      .on(t.patrolId, t.kind, t.sha256)
      .where(sql`${t.patrolId} is not null and ${t.duplicateOf} is null`),
    index('documents_hazard_idx')
      .on(t.hazardId)
      .where(sql`${t.hazardId} is not null`),
    index('documents_patrol_idx')
      .on(t.patrolId)
      .where(sql`${t.patrolId} is not null`),
    index('documents_inspection_idx')
      .on(t.inspectionId)
      .where(sql`${t.inspectionId} is not null`),
  ],
);

/**
 * The product-wide audit trail: every action (commands, logins, registry edits), append-only and
 * hash-chained like case events.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    actorRole: text('actor_role').notNull(),
    action: text('action').notNull(),
    resource: text('resource').notNull(),
    resourceId: text('resource_id'),
    requestId: text('request_id'),
    payload: jsonb('payload'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_log_resource_idx').on(t.resource, t.resourceId)],
);

/**
 * Idempotency-Key (api/idempotency.ts): a request repeated with the same key by the same user is applied once and
 * the first successful response is replayed byte for byte. The row is claimed (pending, `locked_until` set) before
 * the request runs, so a concurrent duplicate finds it; a 2xx stores `status` and `response`; a 4xx deletes it
 * (nothing was applied: the caller may fix the request and retry with the same key). Rows expire at `expires_at`.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    key: text('key').primaryKey(), // `${userId}:${Idempotency-Key header}`: a key is the user's own
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    requestHash: text('request_hash').notNull(), // sha-256 of method, path and canonical JSON body
    // Stable across retries of one operation: the new case's id (POST /cases), the command's Temporal update id.
    operationId: uuid('operation_id').notNull().defaultRandom(),
    status: integer('status'), // null while pending
    response: text('response'), // the body exactly as first sent; null while pending
    lockedUntil: timestamp('locked_until', { withTimezone: true }), // a pending request's lease
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('idempotency_keys_expires_idx').on(t.expiresAt)],
);

/**
 * Runs of the hash-chain verifier (db/queries/audit-verify.ts): every case's event chain and the audit trail,
 * walked from their first row. A run that finds a broken chain is an alert for administrators until one of them
 * acknowledges it (the console's 审计校验 page; the nightly Temporal Schedule `audit-verify` runs it).
 */
export const auditVerifications = pgTable(
  'audit_verifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    trigger: text('trigger', { enum: ['schedule', 'admin', 'cli'] }).notNull(),
    requestedBy: uuid('requested_by'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }).notNull(),
    ok: boolean('ok').notNull(),
    chainsChecked: integer('chains_checked').notNull(),
    rowsChecked: integer('rows_checked').notNull(),
    /** Each broken chain's first bad row: { chain, caseId?, rowId, seq?, reason } (at most 100). */
    breaks: jsonb('breaks').notNull(),
    /**
     * The audit trail's last row as this run found it ({ id, hash }): the next run checks it is still there, so a
     * removed tail (which leaves the rest of the chain intact) is noticed.
     */
    auditHead: jsonb('audit_head'),
    acknowledgedBy: uuid('acknowledged_by'),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
  },
  (t) => [index('audit_verifications_started_idx').on(t.startedAt)],
);
