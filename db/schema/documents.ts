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
import { cases, documents } from './cases.js';
import { enterprises, regions } from './registry.js';

/**
 * 发文机关: who signs official documents in a jurisdiction. `abbreviation` (机关代字) opens every document number it
 * issues (洪安委办〔2026〕12号) and is unique, so two authorities can never print the same number.
 */
export const issuingAuthorities = pgTable(
  'issuing_authorities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    name: text('name').notNull(), // 发文机关全称 (署名), e.g. 武汉市洪山区安全生产委员会办公室
    mark: text('mark').notNull(), // 发文机关标志 (the red header)
    abbreviation: text('abbreviation').notNull(), // 机关代字, e.g. 洪安委办
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('issuing_authorities_abbreviation_uq').on(t.abbreviation),
    index('issuing_authorities_region_idx').on(t.regionCode),
  ],
);

/**
 * The last serial an authority issued in a year. The row is locked (INSERT … ON CONFLICT DO UPDATE) by the
 * transaction that stores the document, so numbers run without gaps or repeats: a document that fails to be
 * stored gives its number back with the rollback.
 */
export const documentCounters = pgTable(
  'document_counters',
  {
    authorityId: uuid('authority_id')
      .notNull()
      .references(() => issuingAuthorities.id),
    year: integer('year').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.authorityId, t.year] })],
);

/**
 * The words of a kind of document in a jurisdiction, versioned: a new version is a new row, and a document
 * records the version it was issued under. Without one, the built-in words (domain/documents/templates.ts) apply.
 */
export const documentTemplates = pgTable(
  'document_templates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    kind: text('kind').notNull(),
    version: integer('version').notNull(),
    effectiveFrom: date('effective_from').notNull(),
    body: jsonb('body').notNull(), // TemplateBody
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by'),
  },
  (t) => [uniqueIndex('document_templates_region_kind_version_uq').on(t.regionCode, t.kind, t.version)],
);

/**
 * An issued official document (公文): its number, issuer, template version and content, beside its PDF (the
 * `documents` row with the same id, hashed like every file) and its DOCX.
 */
export const officialDocuments = pgTable(
  'official_documents',
  {
    documentId: uuid('document_id')
      .primaryKey()
      .references(() => documents.id),
    kind: text('kind').notNull(),
    authorityId: uuid('authority_id')
      .notNull()
      .references(() => issuingAuthorities.id),
    year: integer('year').notNull(),
    serial: integer('serial').notNull(),
    number: text('number').notNull(), // 发文字号
    title: text('title').notNull(),
    issuedOn: date('issued_on').notNull(), // 成文日期
    caseId: uuid('case_id').references(() => cases.id),
    escalationId: text('escalation_id'),
    recipientEnterpriseId: uuid('recipient_enterprise_id').references(() => enterprises.id),
    audience: text('audience', { enum: ['enterprise', 'internal', 'bulletin'] }).notNull(),
    regionPath: text('region_path').notNull(), // the issuer's jurisdiction: bulletins are read within it
    templateId: uuid('template_id').references(() => documentTemplates.id), // null: the built-in words
    templateVersion: integer('template_version').notNull(), // 0: built-in
    content: jsonb('content').notNull(), // the OfficialDocument as set
    docxPath: text('docx_path').notNull(),
    docxSha256: text('docx_sha256').notNull(),
    docxSize: integer('docx_size').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
    issuedBy: uuid('issued_by'),
  },
  (t) => [
    uniqueIndex('official_documents_number_uq').on(t.authorityId, t.year, t.serial),
    uniqueIndex('official_documents_idempotency_uq').on(t.idempotencyKey),
    index('official_documents_case_idx').on(t.caseId),
    index('official_documents_recipient_idx').on(t.recipientEnterpriseId),
    index('official_documents_region_idx').using('btree', sql`${t.regionPath} text_pattern_ops`),
  ],
);
