/**
 * Which official documents a case transition issues, and the words that fill their templates. The transition
 * writer (activities/case-effects.ts) reads this in the transaction of the transition, so a step and its document
 * are recorded together. Pure: no I/O.
 *
 *   listed                       → 挂牌督办通知书 (listing_notice)
 *   escalated (督办函/约谈/通报/提级/执法建议/联合惩戒) → the rung's document (kinds.ts, documentKindOfStep); 预警 issues none
 *     提级 by the authority above itself (raise-level, `takeover`) → its 提级督办通知 instead of the 提请 letter
 *   signed_off                   → 销号（摘牌）通知书 (delisting_notice)
 */
import type { EscalationStep } from '../case-status.js';
import { listingLevelText } from '../public.js';
import { documentKindOfStep, type DocumentKind } from './kinds.js';
import { chineseDate } from './model.js';

export interface CaseDocumentDue {
  kind: DocumentKind;
  /** Unique per case and step: a retried transition finds the document it issued and numbers nothing twice. */
  idempotencyKey: string;
  escalationId?: string;
}

export interface RungFacts {
  id: string;
  step: EscalationStep;
  reason: string;
  dueAt: string | null;
}

/** The raise (提级督办) an `escalated` transition recorded: the event's `raise` (domain/case/model.ts LevelRaise). */
export interface RaiseFacts {
  fromLevel: string;
  toLevel: string;
  fromAuthority: string | null;
  reason: string;
  /** The authority of the new level or above raised the case itself; absent or false: the listing authority did. */
  takeover?: boolean;
}

/** The event payload's raise, when the transition was a 提级督办. */
export function raiseOf(payload: Record<string, unknown>): RaiseFacts | undefined {
  const r = payload.raise as Partial<RaiseFacts> | undefined;
  return r && typeof r.fromLevel === 'string' && typeof r.toLevel === 'string'
    ? {
        fromLevel: r.fromLevel,
        toLevel: r.toLevel,
        fromAuthority: typeof r.fromAuthority === 'string' ? r.fromAuthority : null,
        reason: typeof r.reason === 'string' ? r.reason : '',
        ...(r.takeover === true ? { takeover: true } : {}),
      }
    : undefined;
}

/**
 * The documents a transition issues. `rung`: the escalation this transition fired, when it fired one; `raise`: the
 * 提级督办 it recorded. Who raised decides the words: the authority above taking the case over itself issues its
 * notice (提级督办通知, to the office below and the enterprise); a request from below (the ladder's 升级督办 rung, or
 * the listing authority raising its own listing) is the 提请 letter to the authority above.
 */
export function documentsOfTransition(
  caseId: string,
  type: string,
  rung?: RungFacts,
  raise?: RaiseFacts,
): CaseDocumentDue[] {
  if (type === 'listed') return [{ kind: 'listing_notice', idempotencyKey: `case:${caseId}:listing_notice` }];
  if (type === 'signed_off')
    return [{ kind: 'delisting_notice', idempotencyKey: `case:${caseId}:delisting_notice` }];
  if (type === 'escalated' && rung) {
    const kind =
      rung.step === 'level_raise' && raise?.takeover ? 'level_raise_notice' : documentKindOfStep(rung.step);
    return kind ? [{ kind, idempotencyKey: `case:${caseId}:rung:${rung.id}`, escalationId: rung.id }] : [];
  }
  return [];
}

/** An instant as its Shanghai date (yyyy-MM-dd); '' when absent. */
export const shanghaiDate = (iso: string | null | undefined): string =>
  iso ? new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10) : '';
const chinese = (iso: string | null | undefined) => {
  const d = shanghaiDate(iso);
  return d ? chineseDate(d) : '';
};

/** 案件编号 as the console and the documents print it: ZD-000123. */
export const caseNumberText = (n: number) => `ZD-${String(n).padStart(6, '0')}`;

export interface CaseDocumentFacts {
  caseNo: number;
  title: string;
  description: string;
  location?: string | null;
  enterpriseName: string;
  clause?: { standardTitle: string; clauseNo: string } | null;
  level?: string | null;
  listingAuthority?: string | null;
  supervisingUnit?: string | null;
  listedAt?: string | null;
  rectificationDeadline?: string | null;
  /** The plan deadline (方案提交期限), an instant. */
  planDeadline?: string | null;
  rung?: RungFacts;
  /** The 提级督办 of the transition: fills 原挂牌单位, 提级层级 and 提级理由 (and 挂牌层级 is the level before it). */
  raise?: RaiseFacts;
  /** The passed acceptance (验收) the sign-off rests on. */
  acceptance?: { heldOn: string; opinions: { expert: string; opinion: string }[] } | null;
  /** When the transition happened (sets 销号日期 on a sign-off). */
  occurredAt: string;
  /** 成文日期, yyyy-MM-dd. */
  date: string;
}

/** The values of the placeholders (kinds.ts caseVariables) for a case's document. */
export function caseDocumentValues(f: CaseDocumentFacts): Record<string, string> {
  const acceptance = f.acceptance
    ? `${chineseDate(f.acceptance.heldOn)}组织验收，结论为合格${
        f.acceptance.opinions.length
          ? `（${f.acceptance.opinions.map((o) => `${o.expert}：${o.opinion}`).join('；')}）`
          : ''
      }。`
    : '验收合格。';
  // A 提级督办's documents tell the level the case was listed at before the raise.
  const from = f.raise?.fromLevel ?? f.level;
  return {
    企业名称: f.enterpriseName,
    隐患名称: f.title,
    隐患描述: f.description,
    隐患位置: f.location ?? '',
    案件编号: caseNumberText(f.caseNo),
    判定依据: f.clause ? `《${f.clause.standardTitle}》${f.clause.clauseNo}` : '重大事故隐患判定标准',
    挂牌层级: (from && listingLevelText[from]) ?? '',
    挂牌单位: f.listingAuthority ?? '',
    督办单位: f.supervisingUnit ?? '',
    挂牌日期: chinese(f.listedAt),
    整改期限: chinese(f.rectificationDeadline),
    方案提交期限: chinese(f.planDeadline),
    督办事由: f.rung?.reason ?? '',
    原挂牌单位: f.raise
      ? (f.raise.fromAuthority ?? `${listingLevelText[f.raise.fromLevel] ?? ''}挂牌单位`)
      : '',
    提级层级: (f.raise && listingLevelText[f.raise.toLevel]) ?? '',
    // A reason ends where the template's sentence goes on: no closing full stop of its own.
    提级理由: f.raise?.reason.trim().replace(/[。；;.，,]+$/, '') ?? '',
    办理期限: chinese(f.rung?.dueAt),
    销号日期: chinese(f.occurredAt),
    验收意见: acceptance,
    成文日期: chineseDate(f.date),
  };
}
