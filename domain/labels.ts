/**
 * The Chinese words for the codes the API speaks, for what leaves the system as text a person reads without the
 * console (exports sent upward, reports). The console has the same words in its i18n files; these are the
 * server's copy, and test/api/import-export.test.ts checks no export carries a raw code.
 */
import type { CaseSource } from './case-status.js';
import { escalationStepLabels } from './policy.js';
import type { Role } from './roles.js';

export { escalationStepLabels };

/** The case's status names live with its rules (domain/case/labels.ts): one copy. */
export { caseStatusLabels } from './case/labels.js';

export const caseSourceLabels: Record<CaseSource, string> = {
  self_report: '自查自报',
  inspection: '监督检查',
  grid_patrol: '网格巡查',
  public_report: '群众举报',
  covert_check: '明查暗访',
};

/** 挂牌层级: with the case's names (domain/case/labels.ts). */
export { listingLevelLabels } from './case/labels.js';

export const escalationStatusLabels: Record<string, string> = {
  open: '办理中',
  done: '已办结',
  superseded: '已升级',
  cancelled: '已取消',
};

export const taskStatusLabels: Record<string, string> = { open: '待办', done: '已办', cancelled: '已取消' };

export const roleLabels: Record<Role | 'public' | 'system', string> = {
  admin: '系统管理员',
  supervisor: '监管人员',
  leader: '包案领导',
  enterprise: '企业',
  expert: '专家',
  grid_member: '网格员',
  public: '群众',
  system: '系统',
};

/** The words the enterprise import reads back (domain/import/enterprises.ts), so an export imports again. */
export const enterpriseStatusLabels: Record<string, string> = {
  operating: '正常经营',
  suspended: '停产',
  closed: '注销',
};

/** Region levels in the words the region import reads back. */
export const regionLevelLabels: Record<string, string> = {
  province: '省',
  city: '市',
  district: '区县',
  street: '街道',
  community: '社区',
  grid: '网格',
};

/** 案件编号 as people quote it: ZD-000004 (the console's caseNo, admin-ui/src/common/format.ts). */
export const formatCaseNo = (n: number | string | null | undefined): string =>
  n === null || n === undefined || n === '' ? '' : `ZD-${String(n).padStart(6, '0')}`;

/** A label for a code, or the empty string for none; an unknown code is kept rather than lost. */
export const labelOf = (labels: Record<string, string>, v: unknown): string =>
  v === null || v === undefined || v === '' ? '' : (labels[String(v)] ?? String(v));
