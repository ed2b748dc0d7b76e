/**
 * The hash-chain verifier: walks every chain the product keeps — each case's events and the audit trail — from its
 * first row, recomputing each hash, and names the first broken row of each chain. The append-only triggers stop a
 * plain UPDATE or DELETE, but not someone who switches them off (`SET session_replication_role = replica`); this is
 * how the product notices afterwards. Shaped `fn(db, params)`.
 *
 * - `verifyChains(db, { previousHead?, onProgress? })` → the result, without writing anything.
 * - `recordVerification(db, …)` stores a run; a failed one is an alert for administrators until acknowledged.
 * - `listVerifications`, `getVerification`, `acknowledgeVerification`, `lastAuditHead`.
 */
import { and, asc, desc, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { GENESIS_HASH, chainHash } from '../hash-chain.js';
import { auditLog, auditVerifications, caseEvents, cases } from '../schema/index.js';
import { DomainError } from '../../domain/errors.js';

export interface ChainBreak {
  chain: 'audit_log' | 'case_events';
  /** The case whose event chain broke (case_events only). */
  caseId?: string;
  /** The first bad row's id (null when rows are missing at the end of a chain). */
  rowId: number | null;
  seq?: number;
  reason: string;
}

export interface AuditHead {
  id: number;
  hash: string;
}

export interface VerificationResult {
  ok: boolean;
  chainsChecked: number;
  rowsChecked: number;
  breaks: ChainBreak[];
  auditHead: AuditHead | null;
}

const BATCH = 5_000;
const MAX_BREAKS = 100;

/** The hashed content of an audit record, as db/queries/audit.ts wrote it. */
function auditRecord(e: typeof auditLog.$inferSelect) {
  const { actorId, actorRole, action, resource, resourceId, requestId, payload } = e;
  return { actorId, actorRole, action, resource, resourceId, requestId, payload, at: e.at.toISOString() };
}

/** The hashed content of a case event, as activities/case-activities.ts wrote it. */
function eventRecord(e: typeof caseEvents.$inferSelect) {
  const { caseId, seq, type, actorId, actorRole, payload } = e;
  return { caseId, seq, type, actorId, actorRole, payload, occurredAt: e.occurredAt.toISOString() };
}

/**
 * Walks every chain inside one read-only REPEATABLE READ transaction: one snapshot, so a transition committed during
 * the walk (an event and its case row's count) is either wholly seen or not at all — no false alarm.
 */
export function verifyChains(
  db: Db,
  opts: { previousHead?: AuditHead | null; onProgress?: (rowsChecked: number) => void } = {},
): Promise<VerificationResult> {
  return db.transaction((tx) => walkChains(tx, opts), {
    isolationLevel: 'repeatable read',
    accessMode: 'read only',
  });
}

async function walkChains(
  db: Pick<Db, 'select'>,
  opts: { previousHead?: AuditHead | null; onProgress?: (rowsChecked: number) => void },
): Promise<VerificationResult> {
  const breaks: ChainBreak[] = [];
  let rowsChecked = 0;
  const progress = () => opts.onProgress?.(rowsChecked);

  // The audit trail: one chain in id order.
  let prev = GENESIS_HASH;
  let lastId = 0;
  let head: AuditHead | null = null;
  let auditBroken = false;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.id, lastId))
      .orderBy(asc(auditLog.id))
      .limit(BATCH);
    for (const e of rows) {
      rowsChecked++;
      if (!auditBroken) {
        const reason =
          e.prevHash !== prev
            ? '前一条记录的哈希不符（记录被删除、插入或改动）'
            : e.hash !== chainHash(prev, auditRecord(e))
              ? '记录内容与其哈希不符（记录被改动）'
              : undefined;
        if (reason) {
          auditBroken = true;
          breaks.push({ chain: 'audit_log', rowId: e.id, reason });
        }
      }
      prev = e.hash;
      head = { id: e.id, hash: e.hash };
    }
    if (rows.length < BATCH) break;
    lastId = rows.at(-1)!.id;
    progress();
  }
  // The tail a previous run saw must still be there: removing the last rows leaves the rest of the chain intact.
  if (!auditBroken && opts.previousHead) {
    const [seen] = await db
      .select({ hash: auditLog.hash })
      .from(auditLog)
      .where(eq(auditLog.id, opts.previousHead.id));
    if (seen?.hash !== opts.previousHead.hash)
      breaks.push({
        chain: 'audit_log',
        rowId: opts.previousHead.id,
        reason: seen ? '上次校验时的末条记录已被改动' : '上次校验时的末条记录已不存在（记录被删除）',
      });
  }

  // Case events: one chain per case, walked in (case, seq) order; each case's first bad event is named.
  let chains = 1;
  let current: string | undefined;
  let expectedSeq = 1;
  let caseBroken = false;
  let cursor: { caseId: string; seq: number } | undefined;
  const versions = new Map<string, number>();
  const checkTail = (caseId: string, lastSeq: number) => {
    const version = versions.get(caseId);
    if (!caseBroken && version !== undefined && lastSeq < version && breaks.length < MAX_BREAKS)
      breaks.push({
        chain: 'case_events',
        caseId,
        rowId: null,
        seq: lastSeq + 1,
        reason: `缺少第 ${lastSeq + 1} 至 ${version} 条事件（案件记录为 ${version} 条）`,
      });
  };
  for (;;) {
    const rows = await db
      .select()
      .from(caseEvents)
      .where(
        cursor
          ? or(
              gt(caseEvents.caseId, cursor.caseId),
              and(eq(caseEvents.caseId, cursor.caseId), gt(caseEvents.seq, cursor.seq)),
            )
          : undefined,
      )
      .orderBy(asc(caseEvents.caseId), asc(caseEvents.seq))
      .limit(BATCH);
    // The read model's event counts of the cases in this batch, for a removed tail.
    const ids = [...new Set(rows.map((r) => r.caseId))].filter((id) => !versions.has(id));
    if (ids.length)
      for (const c of await db
        .select({ id: cases.id, version: cases.version })
        .from(cases)
        .where(inArray(cases.id, ids)))
        versions.set(c.id, c.version);
    for (const e of rows) {
      if (e.caseId !== current) {
        if (current !== undefined) checkTail(current, expectedSeq - 1);
        current = e.caseId;
        chains++;
        prev = GENESIS_HASH;
        expectedSeq = 1;
        caseBroken = false;
      }
      rowsChecked++;
      if (!caseBroken) {
        const reason =
          e.seq !== expectedSeq
            ? `事件序号应为 ${expectedSeq}，实为 ${e.seq}（事件被删除或插入）`
            : e.prevHash !== prev
              ? '前一条事件的哈希不符（事件被删除、插入或改动）'
              : e.hash !== chainHash(prev, eventRecord(e))
                ? '事件内容与其哈希不符（事件被改动）'
                : undefined;
        if (reason) {
          caseBroken = true;
          if (breaks.length < MAX_BREAKS)
            breaks.push({ chain: 'case_events', caseId: e.caseId, rowId: e.id, seq: e.seq, reason });
        }
      }
      prev = e.hash;
      expectedSeq = e.seq + 1;
    }
    if (rows.length < BATCH) break;
    const last = rows.at(-1)!;
    cursor = { caseId: last.caseId, seq: last.seq };
    progress();
  }
  if (current !== undefined) checkTail(current, expectedSeq - 1);
  // A case whose every event is gone has no chain left to walk: the read model still counts them.
  const emptied = await db
    .select({ id: cases.id, version: cases.version })
    .from(cases)
    .where(
      and(
        gt(cases.version, 0),
        sql`not exists (select 1 from ${caseEvents} where ${caseEvents.caseId} = ${cases.id})`,
      ),
    )
    .limit(MAX_BREAKS);
  for (const c of emptied) {
    chains++;
    if (breaks.length < MAX_BREAKS)
      breaks.push({
        chain: 'case_events',
        caseId: c.id,
        rowId: null,
        seq: 1,
        reason: `缺少第 1 至 ${c.version} 条事件（案件记录为 ${c.version} 条）`,
      });
  }
  progress();
  return { ok: breaks.length === 0, chainsChecked: chains, rowsChecked, breaks, auditHead: head };
}

export type VerificationRow = typeof auditVerifications.$inferSelect;

export async function lastAuditHead(db: Db): Promise<AuditHead | null> {
  const [row] = await db
    .select({ head: auditVerifications.auditHead })
    .from(auditVerifications)
    .where(sql`${auditVerifications.auditHead} is not null`)
    .orderBy(desc(auditVerifications.startedAt))
    .limit(1);
  return (row?.head as AuditHead | undefined) ?? null;
}

export async function recordVerification(
  db: Db,
  p: {
    trigger: 'schedule' | 'admin' | 'cli';
    requestedBy?: string | null;
    startedAt: Date;
    result: VerificationResult;
  },
): Promise<VerificationRow> {
  const [row] = await db
    .insert(auditVerifications)
    .values({
      trigger: p.trigger,
      requestedBy: p.requestedBy ?? null,
      startedAt: p.startedAt,
      finishedAt: new Date(),
      ok: p.result.ok,
      chainsChecked: p.result.chainsChecked,
      rowsChecked: p.result.rowsChecked,
      breaks: p.result.breaks,
      // A broken trail's head is not a good anchor: keep the last good one.
      auditHead: p.result.ok ? p.result.auditHead : null,
    })
    .returning();
  return row!;
}

/** Walks every chain and records the run: the one entry point of the endpoint, the CLI and the Schedule. */
export async function runVerification(
  db: Db,
  p: { trigger: 'schedule' | 'admin' | 'cli'; requestedBy?: string | null; onProgress?: (n: number) => void },
): Promise<VerificationRow> {
  const startedAt = new Date();
  const result = await verifyChains(db, { previousHead: await lastAuditHead(db), onProgress: p.onProgress });
  return recordVerification(db, { ...p, startedAt, result });
}

export async function listVerifications(
  db: Db,
  p: { alertsOnly?: boolean; limit: number; offset: number },
): Promise<{ rows: VerificationRow[]; total: number }> {
  const where = p.alertsOnly
    ? and(eq(auditVerifications.ok, false), isNull(auditVerifications.acknowledgedAt))
    : undefined;
  const [rows, [count]] = await Promise.all([
    db
      .select()
      .from(auditVerifications)
      .where(where)
      .orderBy(desc(auditVerifications.startedAt))
      .limit(p.limit)
      .offset(p.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditVerifications)
      .where(where),
  ]);
  return { rows, total: count?.n ?? 0 };
}

export async function getVerification(db: Db, id: string): Promise<VerificationRow> {
  const [row] = await db.select().from(auditVerifications).where(eq(auditVerifications.id, id));
  if (!row) throw new DomainError('NOT_FOUND', '没有这次校验');
  return row;
}

/** An administrator has seen a failed run (and taken it up): it is no longer an open alert. */
export async function acknowledgeVerification(
  db: Db,
  p: { id: string; userId: string },
): Promise<VerificationRow> {
  const row = await getVerification(db, p.id);
  if (row.ok) throw new DomainError('CONFLICT', '这次校验没有发现问题，无需确认');
  if (row.acknowledgedAt) return row;
  const [updated] = await db
    .update(auditVerifications)
    .set({ acknowledgedBy: p.userId, acknowledgedAt: new Date() })
    .where(eq(auditVerifications.id, p.id))
    .returning();
  return updated!;
}
