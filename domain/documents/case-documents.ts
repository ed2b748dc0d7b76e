/**
 * Which official documents a case transition issues, and the words that fill their templates. The transition
 * writer (activities/case-effects.ts) reads this in the transaction of the transition, so a step and its document
 * are recorded together. Pure: no I/O.
 *
 *   listed                       → 挂牌督办通知书 (listing_notice)
 *   escalated (督办函/约谈/通报/提级/执法建议/联合惩戒) → the rung's document (kinds.ts, documentKindOfStep); 预警 issues none
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

/** The documents a transition issues. `rung`: the escalation this transition fired, when it fired one. */
export function documentsOfTransition(caseId: string, type: string, rung?: RungFacts): CaseDocumentDue[] {
  if (type === 'listed') return [{ kind: 'listing_notice', idempotencyKey: `case:${caseId}:listing_notice` }];
  if (type === 'signed_off')
    return [{ kind: 'delisting_notice', idempotencyKey: `case:${caseId}:delisting_notice` }];
  if (type === 'escalated' && rung) {
    const kind = documentKindOfStep(rung.step);
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
  return {
    企业名称: f.enterpriseName,
    隐患名称: f.title,
    隐患描述: f.description,
    隐患位置: f.location ?? '',
    案件编号: caseNumberText(f.caseNo),
    判定依据: f.clause ? `《${f.clause.standardTitle}》${f.clause.clauseNo}` : '重大事故隐患判定标准',
    挂牌层级: (f.level && listingLevelText[f.level]) ?? '',
    挂牌单位: f.listingAuthority ?? '',
    督办单位: f.supervisingUnit ?? '',
    挂牌日期: chinese(f.listedAt),
    整改期限: chinese(f.rectificationDeadline),
    方案提交期限: chinese(f.planDeadline),
    督办事由: f.rung?.reason ?? '',
    办理期限: chinese(f.rung?.dueAt),
    销号日期: chinese(f.occurredAt),
    验收意见: acceptance,
    成文日期: chineseDate(f.date),
  };
}
