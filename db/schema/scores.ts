import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { documents } from './cases.js';
import { enterprises, regions } from './registry.js';

/**
 * Scoring schemes (domain/scores/scheme.ts), versioned per jurisdiction and append-only (migration scores): a new
 * version is a new row, in force from the first day of `effectiveFrom`'s month. A run pins the body it was computed
 * with, so a later version never changes a computed month.
 */
export const scoreSchemes = pgTable(
  'score_schemes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    version: integer('version').notNull(),
    effectiveFrom: text('effective_from').notNull(), // 'YYYY-MM'
    body: jsonb('body').notNull(),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by'),
  },
  (t) => [uniqueIndex('score_schemes_region_version_uq').on(t.regionCode, t.version)],
);

/**
 * One computation of a month's scores for a jurisdiction (its root region and everything under it). `provisional`:
 * the running month, computed on demand; `final`: a month that has ended, computed by the monthly Schedule or on
 * request. A final run is `published` by the 安委办 and is then frozen (migration scores refuses any change but its
 * supersession); recomputing a month makes a new run, whose diff against the published one is shown, and only an
 * explicit publication with a reason supersedes the old.
 */
export const scoreRuns = pgTable(
  'score_runs',
  {
    id: uuid('id').primaryKey(),
    rootCode: text('root_code')
      .notNull()
      .references(() => regions.code),
    rootPath: text('root_path').notNull(),
    month: text('month').notNull(), // 'YYYY-MM'
    kind: text('kind', { enum: ['provisional', 'final'] }).notNull(),
    status: text('status', { enum: ['computed', 'published', 'superseded'] })
      .notNull()
      .default('computed'),
    schemeId: uuid('scheme_id'), // null: the built-in default scheme
    schemeVersion: integer('scheme_version').notNull(), // 0: the default
    scheme: jsonb('scheme').notNull(), // the body computed with (pinned)
    /** sha-256 of everything the scores were computed from (scheme, facts per enterprise, units and memberships). */
    inputsHash: text('inputs_hash').notNull(),
    /** The run the change against last month was taken from. */
    previousRunId: uuid('previous_run_id'),
    /** The run of the same month this one recomputed (the published one, or the latest computed). */
    recomputesRunId: uuid('recomputes_run_id'),
    unitCount: integer('unit_count').notNull(),
    trigger: text('trigger', { enum: ['schedule', 'request'] }).notNull(),
    requestedBy: uuid('requested_by'),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
    durationMs: integer('duration_ms').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    publishedBy: uuid('published_by'),
    supersededAt: timestamp('superseded_at', { withTimezone: true }),
    supersededBy: uuid('superseded_by'),
    supersedeReason: text('supersede_reason'),
  },
  (t) => [
    index('score_runs_root_month_idx').on(t.rootCode, t.month, t.computedAt),
    // One published run per jurisdiction and month at a time.
    uniqueIndex('score_runs_published_uq')
      .on(t.rootCode, t.month)
      .where(sql`${t.status} = 'published'`),
  ],
);

/**
 * Every unit's score in a run: territories, grids, departments and enterprises. `facts` holds the counts the
 * indicators were computed from (domain/scores/indicators.ts factKeys order) and `points` each indicator's points
 * (the section's items order in the run's scheme): the explanation reads them as frozen. Append-only; a provisional
 * run's rows may be deleted when a newer provisional run of the month replaces it.
 */
export const unitScores = pgTable(
  'unit_scores',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => scoreRuns.id),
    level: text('level').notNull(),
    unitId: text('unit_id').notNull(),
    name: text('name').notNull(),
    regionPath: text('region_path').notNull(),
    industryCategory: text('industry_category'),
    industryCode: text('industry_code'),
    section: text('section').notNull(), // the scheme section it was scored on (domain/scores/scheme.ts)
    groupId: text('group_id').notNull(),
    total: numeric('total', { precision: 6, scale: 2, mode: 'number' }).notNull(),
    rank: integer('rank').notNull(),
    groupSize: integer('group_size').notNull(),
    className: text('class_name'),
    flagged: boolean('flagged').notNull(),
    prevTotal: numeric('prev_total', { precision: 6, scale: 2, mode: 'number' }),
    prevRank: integer('prev_rank'),
    facts: integer('facts').array().notNull(),
    points: doublePrecision('points').array().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.level, t.unitId] }),
    // The rankings page: one level of one group, in rank order.
    index('unit_scores_group_rank_idx').on(t.runId, t.level, t.groupId, t.rank),
    // A jurisdiction's units of a level (the caller's subtree), and the flagged ones (四类水平, under the award bar).
    index('unit_scores_region_idx').using('btree', t.runId, t.level, sql`${t.regionPath} text_pattern_ops`),
    // A whole level by score (the rankings page without a group, the highest and lowest of the bulletin).
    index('unit_scores_level_total_idx').on(t.runId, t.level, t.total),
  ],
);

/**
 * 四类水平: an enterprise in the scheme's last class in a published month gets a follow-up task (督促跟进), due
 * `followUpWithinDays` after publication; the supervisor records how it was followed up.
 */
export const scoreFollowUps = pgTable(
  'score_follow_ups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    runId: uuid('run_id')
      .notNull()
      .references(() => scoreRuns.id),
    rootCode: text('root_code').notNull(),
    month: text('month').notNull(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    enterpriseName: text('enterprise_name').notNull(),
    regionPath: text('region_path').notNull(),
    industryCategory: text('industry_category').notNull(),
    industryCode: text('industry_code').notNull(),
    total: numeric('total', { precision: 6, scale: 2, mode: 'number' }).notNull(),
    className: text('class_name').notNull(),
    /** Consecutive published months in the follow-up class, this one included (钉子户 when it keeps coming back). */
    streak: integer('streak').notNull(),
    dueOn: date('due_on').notNull(),
    status: text('status', { enum: ['open', 'done'] })
      .notNull()
      .default('open'),
    method: text('method'),
    note: text('note'),
    doneAt: timestamp('done_at', { withTimezone: true }),
    doneBy: uuid('done_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('score_follow_ups_month_enterprise_uq').on(t.rootCode, t.month, t.enterpriseId),
    index('score_follow_ups_region_idx').using('btree', sql`${t.regionPath} text_pattern_ops`, t.month),
  ],
);

/**
 * 月通报: a 安委办's bulletin of a published month, about its own region (its rank among its peers, its streets,
 * departments and grids). A draft holds the words (title, addressee, body with the
 * [[表格:…]]/[[图表:…]] lines where the generated tables and charts go); publishing issues it as an official document
 * (numbered PDF + DOCX, activities/documents) and records its id here.
 */
export const scoreBulletins = pgTable(
  'score_bulletins',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The issuing 安委办's region (a district or a city), scored within the run's jurisdiction. */
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    regionPath: text('region_path').notNull(),
    month: text('month').notNull(),
    runId: uuid('run_id')
      .notNull()
      .references(() => scoreRuns.id),
    status: text('status', { enum: ['draft', 'published'] })
      .notNull()
      .default('draft'),
    title: text('title').notNull(),
    addressee: text('addressee'),
    body: text('body').notNull(),
    documentId: uuid('document_id').references(() => documents.id),
    number: text('number'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    publishedBy: uuid('published_by'),
  },
  (t) => [
    index('score_bulletins_region_month_idx').on(t.regionCode, t.month),
    uniqueIndex('score_bulletins_published_uq')
      .on(t.regionCode, t.month)
      .where(sql`${t.status} = 'published'`),
    index('score_bulletins_region_path_idx').using('btree', sql`${t.regionPath} text_pattern_ops`),
  ],
);
