/**
 * What a case transition sets off beyond the case itself, written inside the transition's own transaction
 * (recordTransition): the official documents its step issues (numbered, laid out, stored with their hash), the
 * notifications of everyone it concerns (outbox rows), and the 公示 rows of the publication steps. A transition and
 * its effects commit together or not at all; a retry finds the document issued under the case+step key, the
 * outbox rows under their keys and the notice under (case, kind), so nothing is numbered or sent twice.
 */
import { DomainError } from '../domain/errors.js';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { enterprises, hazardClauses, hazardStandards, regions } from '../db/schema/index.js';
import { enqueueNotifications, raiseAdminAlert } from '../db/queries/outbox.js';
import { publishNotice } from '../db/queries/public.js';
import {
  caseDocumentValues,
  documentsOfTransition,
  raiseOf,
  shanghaiDate,
  type RungFacts,
} from '../domain/documents/case-documents.js';
import { notificationsForTransition, type TransitionFacts } from '../domain/notifications.js';
import { documentKindSpecs } from '../domain/documents/kinds.js';
import { DocumentRenderError, type DocumentEngine } from './documents/engine.js';
import { issueDocument, type IssuedDocument } from './documents/issue.js';
import type { TransitionRecord } from './case-activities.js';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface EffectsDeps {
  uploadDir: string;
  /** The typesetting engine, made on first use (a worker that never issues never loads fonts). */
  engine: () => DocumentEngine;
  /** Deterministic document ids (a retried transition overwrites its own files, never leaves strays). */
  stableUuid: (name: string) => string;
}

export interface PreparedEffects {
  /** The event's payload with the documents it issued (documentId, documentNumber). */
  payload: Record<string, unknown>;
  issued: IssuedDocument[];
  /** Escalation id → its document. */
  escalationDocuments: Map<string, string>;
  rung?: RungFacts;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The rung an `escalated` transition fired. */
function firedRung(r: TransitionRecord): RungFacts | undefined {
  if (r.type !== 'escalated') return undefined;
  const e = r.escalations?.find((x) => x.id === r.payload.escalationId) ?? r.escalations?.[0];
  return e && { id: e.id, step: e.step, reason: e.reason, dueAt: e.dueAt };
}

async function enterpriseNameOf(tx: Tx, r: TransitionRecord): Promise<string> {
  if (r.view.enterpriseId) {
    const [e] = await tx
      .select({ name: enterprises.name })
      .from(enterprises)
      .where(eq(enterprises.id, r.view.enterpriseId));
    if (e) return e.name;
  }
  return r.enterpriseName ?? '';
}

/**
 * Issues the documents of the transition (before its event is written: the event names them). A document that
 * cannot be issued for good (no authority can be made for the region, a template the data does not fit) does not
 * stop the case: the event records why and the administrators are alerted, in the same transaction.
 */
export async function prepareEffects(
  tx: Tx,
  r: TransitionRecord,
  caseNo: number,
  deps: EffectsDeps,
): Promise<PreparedEffects> {
  const rung = firedRung(r);
  const raise = raiseOf(r.payload);
  const due = documentsOfTransition(r.caseId, r.type, rung, raise);
  const payload = { ...r.payload };
  const issued: IssuedDocument[] = [];
  const escalationDocuments = new Map<string, string>();
  if (due.length === 0) return { payload, issued, escalationDocuments, ...(rung ? { rung } : {}) };

  const v = r.view;
  const [clause] = v.clauseId
    ? await tx
        .select({ clauseNo: hazardClauses.clauseNo, standardTitle: hazardStandards.title })
        .from(hazardClauses)
        .innerJoin(hazardStandards, eq(hazardStandards.id, hazardClauses.standardId))
        .where(eq(hazardClauses.id, v.clauseId))
    : [];
  const acceptances =
    (v.details.acceptances as
      { passed: boolean; heldOn: string; opinions: { expert: string; opinion: string }[] }[] | undefined) ??
    [];
  const date = shanghaiDate(r.occurredAt);
  const enterpriseName = await enterpriseNameOf(tx, r);
  for (const d of due) {
    const values = caseDocumentValues({
      caseNo,
      title: v.title,
      description: v.description,
      location: v.location ?? null,
      enterpriseName,
      clause: clause ?? null,
      level: v.level ?? null,
      listingAuthority: v.listingAuthority ?? null,
      supervisingUnit: v.supervisingUnit ?? null,
      listedAt: typeof v.details.listedAt === 'string' ? v.details.listedAt : null,
      rectificationDeadline: v.rectificationDeadline,
      planDeadline: v.deadlineKind === 'plan' ? v.deadline : null,
      ...(d.escalationId && rung ? { rung } : {}),
      ...(raise ? { raise } : {}),
      acceptance: acceptances.filter((a) => a.passed).at(-1) ?? null,
      occurredAt: r.occurredAt,
      date,
    });
    // The listing notice's id was named by the workflow before this transition (generateListingNotice).
    const named =
      d.kind === 'listing_notice' && typeof payload.documentId === 'string' && UUID.test(payload.documentId)
        ? payload.documentId
        : deps.stableUuid(d.idempotencyKey);
    try {
      const doc = await issueDocument(
        tx,
        {
          kind: d.kind,
          // The notice of a takeover is the new listing authority's (its region, its number and its templates).
          regionPath:
            d.kind === 'level_raise_notice' && typeof r.payload.raise === 'object' && r.payload.raise
              ? ((r.payload.raise as { regionPath?: string }).regionPath ?? v.regionPath)
              : v.regionPath,
          data: { values },
          caseId: r.caseId,
          ...(d.escalationId ? { escalationId: d.escalationId } : {}),
          ...(v.enterpriseId ? { recipientEnterpriseId: v.enterpriseId } : {}),
          issuedBy: r.actor.id && UUID.test(r.actor.id) ? r.actor.id : null,
          date,
          idempotencyKey: d.idempotencyKey,
          documentId: named,
        },
        { uploadDir: deps.uploadDir, engine: deps.engine() },
      );
      issued.push(doc);
      if (d.escalationId) escalationDocuments.set(d.escalationId, doc.id);
      if (d.kind === 'listing_notice' || d.escalationId || d.kind === 'delisting_notice') {
        payload.documentId = doc.id;
        payload.documentNumber = doc.number;
      }
    } catch (err) {
      if (!(err instanceof DomainError || err instanceof DocumentRenderError || err instanceof RangeError))
        throw err;
      delete payload.documentId;
      payload.documentError = `${documentKindSpecs[d.kind].name}未能生成：${err.message}`;
      await raiseAdminAlert(tx, {
        key: `document:${d.idempotencyKey}`,
        subject: `公文未能生成：${documentKindSpecs[d.kind].name}`,
        body: `案件“${v.title}”的${documentKindSpecs[d.kind].name}未能生成：${err.message}。请检查发文机关和模板后补发。`,
        link: `/cases/${r.caseId}/show`,
      });
    }
  }
  return { payload, issued, escalationDocuments, ...(rung ? { rung } : {}) };
}

/** Notifications and 公示 of the transition, after its event, tasks and escalations are written. */
export async function finishEffects(tx: Tx, r: TransitionRecord, fx: PreparedEffects): Promise<void> {
  const v = r.view;
  if (!r.historic) {
    const facts: TransitionFacts = {
      caseId: r.caseId,
      seq: r.seq,
      type: r.type,
      caseTitle: v.title,
      enterpriseId: v.enterpriseId ?? null,
      regionPath: v.regionPath,
      industryCategory: r.industryCategory,
      owningLeaderId: v.owningLeaderId ?? null,
      payload: fx.payload,
      openedTasks: (r.openTasks ?? []).map((t) => ({
        id: t.id,
        title: t.title,
        assigneeRole: t.assigneeRole,
        ...(t.assigneeUserId ? { assigneeUserId: t.assigneeUserId } : {}),
        dueAt: t.dueAt,
      })),
      firedRungs: fx.rung ? [fx.rung] : [],
      issuedDocuments: fx.issued.map((d) => ({ id: d.id, kind: d.kind, number: d.number, title: d.title })),
    };
    await enqueueNotifications(tx, notificationsForTransition(facts));
  }

  const publication =
    r.type === 'listing_published'
      ? 'listing'
      : r.type === 'closed' && v.details.delistingPublication
        ? 'delisting'
        : null;
  if (publication) {
    const [region] = await tx
      .select({ name: regions.name })
      .from(regions)
      .where(and(eq(regions.code, v.regionCode)));
    const signOff = v.details.signOff as { at?: string } | undefined;
    await publishNotice(tx, {
      caseId: r.caseId,
      kind: publication,
      regionCode: v.regionCode,
      regionPath: v.regionPath,
      regionName: region?.name ?? v.regionCode,
      enterpriseName: (await enterpriseNameOf(tx, r)) || '—',
      hazardTitle: v.title,
      level: v.level ?? null,
      listingAuthority: v.listingAuthority ?? null,
      supervisingUnit: v.supervisingUnit ?? null,
      listedOn: typeof v.details.listedAt === 'string' ? shanghaiDate(v.details.listedAt) : null,
      rectificationDeadline: shanghaiDate(v.rectificationDeadline) || null,
      delistedOn: publication === 'delisting' ? shanghaiDate(signOff?.at ?? r.occurredAt) : null,
      publishedAt: new Date(r.occurredAt),
    });
  }
}
