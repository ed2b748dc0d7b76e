/**
 * What the public (群众) is told: a report's status in plain Chinese, never the internal code, and which facts of a
 * listed or delisted major hazard are published (公示).
 */
import type { CaseStatus } from './case-status.js';

export const publicStatusText: Record<CaseStatus, string> = {
  reported: '已受理，正在核查',
  judged: '经核查为重大事故隐患，即将挂牌督办',
  downgraded: '经核查为一般事故隐患，已交属地督促整改',
  dismissed: '经核查未发现事故隐患',
  listed: '已挂牌督办，责任单位正在整改',
  plan_submitted: '已挂牌督办，责任单位正在整改',
  rectifying: '已挂牌督办，责任单位正在整改',
  suspended: '已挂牌督办，整改依法暂停计时',
  acceptance_requested: '整改已完成，正在组织验收',
  accepted: '验收合格，正在办理销号',
  signed_off: '隐患已整改销号',
  closed: '隐患已整改销号，办理完毕',
  withdrawn: '已撤销挂牌督办',
};

export const listingLevelText: Record<string, string> = {
  province: '省级',
  city: '市级',
  county: '县级',
  town: '乡级',
};

/** The fields a 公示 shows (and the only ones public_notices keeps): no description, people or contacts. */
export const publicNoticeFields = [
  'enterpriseName',
  'hazardTitle',
  'regionName',
  'level',
  'listingAuthority',
  'supervisingUnit',
  'listedOn',
  'rectificationDeadline',
  'delistedOn',
] as const;
