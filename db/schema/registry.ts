import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { managementLevels, riskColours } from '../../domain/hazards/policy.js';

/**
 * Region tree (GB/T 2260 style codes): province → city → district → street/town → community/grid.
 * `path` is the chain of codes from the root joined by '/', ending in '/', so a jurisdiction check is a
 * prefix match (`path LIKE '420000/420100/420111/%'`) served by a text_pattern_ops index.
 */
export const regions = pgTable(
  'regions',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    level: text('level', { enum: ['province', 'city', 'district', 'street', 'community', 'grid'] }).notNull(),
    parentCode: text('parent_code'),
    path: text('path').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('regions_parent_idx').on(t.parentCode),
    index('regions_path_idx').using('btree', sql`${t.path} text_pattern_ops`),
  ],
);

/**
 * Industry classification (行业分类): 大类 (parentCode null) and 小类, administered as data (seeded from the
 * 13 大类 / 116 小类 of seed 004). A code is never deleted, because enterprises, departments and cases name it:
 * an administrator retires it (`active` false), and pickers stop offering it.
 */
export const industries = pgTable(
  'industries',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    parentCode: text('parent_code'),
    sortOrder: integer('sort_order').notNull().default(0),
    active: boolean('active').notNull().default(true),
    /** The industry_versions row this one shows (the latest). */
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid('updated_by'),
  },
  (t) => [index('industries_parent_idx').on(t.parentCode, t.sortOrder)],
);

/** Every version of a 大类/小类 (name, order, whether offered), written once (append-only trigger). */
export const industryVersions = pgTable(
  'industry_versions',
  {
    code: text('code').notNull(),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    parentCode: text('parent_code'),
    sortOrder: integer('sort_order').notNull(),
    active: boolean('active').notNull(),
    source: text('source'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by'),
  },
  (t) => [primaryKey({ columns: [t.code, t.version], name: 'industry_versions_code_version_pk' })],
);

/**
 * 每一小类对应其市、县两级行业主管部门 (seed 004): the supervising department of a 小类 at city and at county level,
 * by name (each city and county has its own 应急管理局, 住房和城乡建设局 …). Versioned and effective from a date; the
 * mapping in force on a day is the highest version effective by then. Written once (append-only trigger).
 */
export const industryDepartmentVersions = pgTable(
  'industry_department_versions',
  {
    industryCode: text('industry_code').notNull(),
    level: text('level', { enum: ['city', 'county'] }).notNull(),
    version: integer('version').notNull(),
    /** null: the mapping was withdrawn (no department named at this level). */
    departmentName: text('department_name'),
    effectiveFrom: date('effective_from').notNull(),
    source: text('source'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by'),
  },
  (t) => [
    primaryKey({ columns: [t.industryCode, t.level, t.version], name: 'industry_department_versions_pk' }),
  ],
);

/** 行业主管部门, each with a territory (region subtree) and the industries it supervises. */
export const departments = pgTable(
  'departments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    industryCodes: text('industry_codes')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('departments_region_idx').on(t.regionCode)],
);

/** 一企一档: one record per enterprise. */
export const enterprises = pgTable(
  'enterprises',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    creditCode: text('credit_code').notNull(), // 统一社会信用代码, 18 chars with check character
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    regionPath: text('region_path').notNull(), // denormalised from regions.path for scoped lists
    industryCode: text('industry_code').notNull(), // 小类
    industryCategory: text('industry_category').notNull(), // 大类
    scale: text('scale', { enum: ['above', 'below'] }).notNull(), // 规上/规下
    departmentId: uuid('department_id').references(() => departments.id),
    riskGrade: text('risk_grade', { enum: ['A', 'B', 'C', 'D'] })
      .notNull()
      .default('D'), // A 红 B 橙 C 黄 D 蓝
    // 差异化监管: two grades, not one (domain/hazards/policy.ts); history in enterprise_grades. 'unassessed' = 未评定.
    riskColour: text('risk_colour', { enum: riskColours }).notNull().default('unassessed'), // 红橙黄蓝
    managementLevel: text('management_level', { enum: managementLevels }).notNull().default('unassessed'), // A–D
    status: text('status', { enum: ['operating', 'suspended', 'closed'] })
      .notNull()
      .default('operating'),
    statusChangedAt: date('status_changed_at'),
    address: text('address'),
    principalName: text('principal_name'),
    principalPhone: text('principal_phone'),
    safetyManagerName: text('safety_manager_name'),
    safetyManagerPhone: text('safety_manager_phone'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('enterprises_credit_code_uq').on(t.creditCode),
    index('enterprises_region_path_idx').using('btree', sql`${t.regionPath} text_pattern_ops`),
    index('enterprises_department_idx').on(t.departmentId),
    index('enterprises_industry_idx').on(t.industryCategory),
  ],
);

/** The 判定标准 library: a standard and its clauses; a case cites a clause. */
export const hazardStandards = pgTable(
  'hazard_standards',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(), // e.g. 应急管理部令第10号
    title: text('title').notNull(),
    version: text('version').notNull(),
    effectiveDate: date('effective_date').notNull(),
    industry: text('industry').notNull(),
    issuer: text('issuer'),
    /** Where the clause texts were taken from (the official publication), shown with the standard. */
    source: text('source'),
    /** The version this one replaces (same standard, earlier version); its clauses stay citable by old cases. */
    supersedesId: uuid('supersedes_id'),
    /** 废止日期: from this date the version is no longer in force (a later version or a repeal). */
    repealedOn: date('repealed_on'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by'),
  },
  (t) => [uniqueIndex('hazard_standards_code_version_uq').on(t.code, t.version)],
);

export const hazardClauses = pgTable(
  'hazard_clauses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    standardId: uuid('standard_id')
      .notNull()
      .references(() => hazardStandards.id),
    clauseNo: text('clause_no').notNull(), // e.g. 第四条（一）
    text: text('text').notNull(),
    category: text('category'),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [uniqueIndex('hazard_clauses_standard_no_uq').on(t.standardId, t.clauseNo)],
);

/**
 * Deadline and escalation policy, versioned per jurisdiction. A case pins the policy body it was listed under
 * (cases.policy), so a later version never alters a running case.
 */
export const policies = pgTable(
  'policies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    version: integer('version').notNull(),
    effectiveFrom: date('effective_from').notNull(),
    body: jsonb('body').notNull(),
    /** Why this version was made (the administrator's note, e.g. the local measure it implements). */
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by'),
  },
  (t) => [uniqueIndex('policies_region_version_uq').on(t.regionCode, t.version)],
);

/**
 * Working-day calendar years an administrator adds when the State Council publishes a schedule the
 * `chinese-days` package does not know yet: the current version of each year. Dates are 'YYYY-MM-DD'.
 * `spans` is the entry as published (each holiday's span and its make-up days, domain/calendar-schedule.ts);
 * `holidays` and `workdays` are its flattening, which the calendar arithmetic reads.
 */
export const calendarYears = pgTable('calendar_years', {
  year: integer('year').primaryKey(),
  holidays: text('holidays').array().notNull(),
  workdays: text('workdays').array().notNull(), // 调休 make-up working days (weekends that are worked)
  source: text('source').notNull(),
  spans: jsonb('spans'),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  createdBy: uuid('created_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid('updated_by'),
});

/** Every version of a calendar year ever entered, append-only (migration rules_append_only). */
export const calendarYearVersions = pgTable(
  'calendar_year_versions',
  {
    year: integer('year').notNull(),
    version: integer('version').notNull(),
    holidays: text('holidays').array().notNull(),
    workdays: text('workdays').array().notNull(),
    source: text('source').notNull(),
    spans: jsonb('spans').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by'),
  },
  (t) => [primaryKey({ columns: [t.year, t.version] })],
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', {
      enum: ['admin', 'supervisor', 'leader', 'enterprise', 'expert', 'grid_member'],
    }).notNull(),
    regionCode: text('region_code').references(() => regions.code), // jurisdiction (supervisor, leader, grid member's grid)
    departmentId: uuid('department_id').references(() => departments.id),
    enterpriseId: uuid('enterprise_id').references(() => enterprises.id),
    phone: text('phone'),
    /** 所属单位 as people name it (洪山区安委办, 关山街安监站): shown with the person in timelines and tasks. */
    unit: text('unit'),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_username_uq').on(t.username), index('users_enterprise_idx').on(t.enterpriseId)],
);

export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(), // sha-256 of the token; the token itself is never stored
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind', { enum: ['cookie', 'bearer'] })
      .notNull()
      .default('cookie'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** The last request seen with this session, kept to the minute: a session idle past SESSION_IDLE_MINUTES ends. */
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/**
 * Attempt counters of the login throttle (domain/login-throttle.ts): one row per key (an account, an account from
 * one address, an address), counted in a fixed window. Each attempt bumps its keys in one statement before the
 * password is checked, so concurrent guesses cannot all read the same old count (db/queries/login-throttle.ts).
 */
export const authThrottle = pgTable(
  'auth_throttle',
  {
    key: text('key').primaryKey(),
    count: integer('count').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  },
  (t) => [index('auth_throttle_window_idx').on(t.windowStart)],
);

/** 图形验证码: an image challenge, single use, asked for after repeated failed logins. */
export const captchaChallenges = pgTable(
  'captcha_challenges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    answer: text('answer').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('captcha_challenges_expires_idx').on(t.expiresAt)],
);
