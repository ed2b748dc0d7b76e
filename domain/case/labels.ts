/**
 * The case's names, in one place: statuses, role groups, roles, escalation rungs and deadline kinds with their
 * Chinese labels. The workflow's refusals, the console's status chips and the API's messages all read them here.
 */
import type { CaseStatus, EscalationStep, ListingLevel } from '../case-status.js';
import { escalationStepLabels } from '../policy.js';
import type { ActorRole, Role } from '../roles.js';

export {
  caseStatuses,
  terminalStatuses,
  escalationSteps,
  listingLevels,
  type CaseStatus,
  type EscalationStep,
  type ListingLevel,
} from '../case-status.js';

/** 状态名称: what a person sees for each status (console chips, refusals). */
export const caseStatusLabels: Record<CaseStatus, string> = {
  reported: '待研判',
  judged: '已认定·待挂牌',
  downgraded: '降为一般隐患',
  dismissed: '不构成隐患',
  listed: '已挂牌·待报方案',
  plan_submitted: '方案待审',
  rectifying: '整改中',
  suspended: '停表中',
  acceptance_requested: '待验收',
  accepted: '验收合格·待销号',
  signed_off: '已销号·待公示',
  closed: '已闭环',
  withdrawn: '已撤销',
};
export const caseStatusLabelsEn: Record<CaseStatus, string> = {
  reported: 'Awaiting judgement',
  judged: 'Confirmed, awaiting listing',
  downgraded: 'Downgraded to general',
  dismissed: 'Not a hazard',
  listed: 'Listed, awaiting plan',
  plan_submitted: 'Plan under review',
  rectifying: 'Rectifying',
  suspended: 'Clock stopped',
  acceptance_requested: 'Awaiting acceptance',
  accepted: 'Accepted, awaiting sign-off',
  signed_off: 'Signed off, awaiting notice',
  closed: 'Closed',
  withdrawn: 'Withdrawn',
};

export const roleLabels: Record<ActorRole, string> = {
  admin: '系统管理员',
  supervisor: '监管人员',
  leader: '包案领导',
  enterprise: '企业用户',
  expert: '专家',
  grid_member: '网格员',
  public: '公众',
  system: '系统',
};

/** Role groups of the case rules. */
export const SUPERVISORS: readonly Role[] = ['supervisor', 'admin'];
export const DECIDERS: readonly Role[] = ['supervisor', 'leader', 'admin'];
export const ENTERPRISE: readonly Role[] = ['enterprise', 'admin'];
export const EXPERTS: readonly Role[] = ['expert'];
/** Under supervision: listed and not yet accepted. */
export const UNDER_SUPERVISION: readonly CaseStatus[] = [
  'listed',
  'plan_submitted',
  'rectifying',
  'suspended',
  'acceptance_requested',
];

export { escalationStepLabels };
export const stepLabel = (s: EscalationStep): string => escalationStepLabels[s];
export const statusLabel = (s: CaseStatus): string => caseStatusLabels[s];
export const roleLabel = (r: string): string => roleLabels[r as ActorRole] ?? r;

/** 期限种类: which deadline is running. */
export const deadlineKindLabels: Record<string, string> = {
  judgement: '研判期限',
  listing: '挂牌期限',
  plan: '整改方案提交期限',
  plan_review: '整改方案审核期限',
  rectification: '整改期限',
  acceptance: '验收期限',
  sign_off: '销号期限',
  publish_delisting: '销号公示期限',
  written_commitment: '书面承诺期限',
  publish_listing: '挂牌公示期限',
  decide_extension: '延期审批期限',
  decide_suspension: '停表审批期限',
};
export const deadlineKindLabel = (k: string | null): string => deadlineKindLabels[k ?? ''] ?? '期限';

/** 挂牌层级 → depth of a region path ('420000/420100/420111/' is 3: a county-level district). */
export const listingLevelDepth = { province: 1, city: 2, county: 3, town: 4 } as const;

/** 挂牌层级 names. */
export const listingLevelLabels: Record<ListingLevel, string> = {
  province: '省级',
  city: '市级',
  county: '县级',
  town: '乡镇级',
};

/** 提级: the level above (乡 → 县 → 市 → 省); none above the province. */
const ABOVE: Partial<Record<ListingLevel, ListingLevel>> = {
  town: 'county',
  county: 'city',
  city: 'province',
};
export const levelAbove = (l: ListingLevel): ListingLevel | undefined => ABOVE[l];

/** The region path of the authority at `level` over a case at `regionPath` ('420000/420100/' for a city). */
export const authorityPath = (regionPath: string, level: ListingLevel): string =>
  `${regionPath.split('/').filter(Boolean).slice(0, listingLevelDepth[level]).join('/')}/`;
