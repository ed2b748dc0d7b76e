/**
 * The official documents (公文) the product issues, as a table: which step issues each, to whom, and what a
 * template may say. The case core (domain/case) names a kind in the effects of a step; the templates
 * (domain/documents/templates.ts) and the console's template editor read the same rows.
 */
import type { EscalationStep } from '../case-status.js';

export const documentKinds = [
  'listing_notice', // 重大事故隐患挂牌督办通知书 (挂牌)
  'urging_letter', // 督办函 (督办函 rung)
  'interview_notice', // 约谈通知书 (约谈 rung)
  'public_notice', // 通报 (通报曝光 rung)
  'level_raise_letter', // 提级督办函 (升级督办 rung, or the listing authority's own raise): asks the authority above
  'level_raise_notice', // 提级督办通知: the authority above took the case over itself; to the office below and the enterprise
  'enforcement_advice', // 执法建议书 (执法建议 rung)
  'joint_punishment_letter', // 联合惩戒建议函 (联合惩戒 rung)
  'delisting_notice', // 重大事故隐患销号（摘牌）通知书 (销号)
  'monthly_bulletin', // 月度通报 (the monthly ranking, issued by the scores module)
] as const;
export type DocumentKind = (typeof documentKinds)[number];

/**
 * `enterprise`: issued to the enterprise, which sees it and is notified; `internal`: between agencies (the
 * enterprise of the case does not see it); `bulletin`: no case, circulated within the issuing jurisdiction.
 */
export type DocumentAudience = 'enterprise' | 'internal' | 'bulletin';

export interface DocumentKindSpec {
  name: string; // 文种名, shown in lists and file names
  audience: DocumentAudience;
  /** The escalation rung that issues it, if any. */
  step?: EscalationStep;
}

export const documentKindSpecs: Record<DocumentKind, DocumentKindSpec> = {
  listing_notice: { name: '重大事故隐患挂牌督办通知书', audience: 'enterprise' },
  urging_letter: { name: '督办函', audience: 'enterprise', step: 'urging_letter' },
  interview_notice: { name: '约谈通知书', audience: 'enterprise', step: 'interview' },
  public_notice: { name: '通报', audience: 'enterprise', step: 'public_notice' },
  level_raise_letter: { name: '提级督办函', audience: 'internal', step: 'level_raise' },
  // Not a rung's own document: the 升级督办 rung a higher authority's raise records issues it instead of the letter.
  level_raise_notice: { name: '提级督办通知', audience: 'enterprise' },
  enforcement_advice: { name: '执法建议书', audience: 'internal', step: 'enforcement' },
  joint_punishment_letter: { name: '联合惩戒建议函', audience: 'internal', step: 'joint_punishment' },
  delisting_notice: { name: '重大事故隐患销号（摘牌）通知书', audience: 'enterprise' },
  monthly_bulletin: { name: '月度通报', audience: 'bulletin' },
};

/** The document an escalation rung issues (预警 issues none: it is a light on the dashboard). */
export const documentKindOfStep = (step: EscalationStep): DocumentKind | undefined =>
  documentKinds.find((k) => documentKindSpecs[k].step === step);

/**
 * The placeholders a case document's template may use (`{{企业名称}}`), with what each holds. Templates naming
 * anything else are refused when saved, so a typo never prints an empty gap in an issued document.
 */
export const caseVariables = {
  企业名称: '责任企业名称',
  隐患名称: '隐患名称',
  隐患描述: '隐患情况描述',
  隐患位置: '隐患所在位置',
  案件编号: '案件编号，如 ZD-2026-000123',
  判定依据: '判定标准条款，如《…判定标准》第四条（一）',
  挂牌层级: '挂牌督办层级（省级/市级/县级/乡级）',
  挂牌单位: '挂牌单位',
  督办单位: '督办单位',
  挂牌日期: '挂牌日期，如 2026年3月2日',
  整改期限: '整改完成期限，如 2026年12月2日',
  方案提交期限: '整改方案提交期限',
  督办事由: '本次督办（升级）的事由',
  原挂牌单位: '提级督办前的挂牌单位',
  提级层级: '提级后的挂牌督办层级（省级/市级/县级）',
  提级理由: '提级督办的理由',
  办理期限: '本次督办要求的办理期限',
  销号日期: '销号日期',
  验收意见: '验收结论与意见',
  发文机关: '发文机关全称',
  成文日期: '成文日期，如 2026年12月2日',
} as const;
export type CaseVariable = keyof typeof caseVariables;

/** Bulletins take their own data (tables and charts by name); their templates may use these. */
export const bulletinVariables = {
  发文机关: '发文机关全称',
  成文日期: '成文日期',
  期间: '通报期间，如 2026年3月',
} as const;

export function variablesOf(kind: DocumentKind): Record<string, string> {
  return documentKindSpecs[kind].audience === 'bulletin' ? bulletinVariables : caseVariables;
}
