/**
 * The major-hazard case lifecycle (DOMAIN.md "The major-hazard case lifecycle").
 * The workflow owns the transitions; this module names the states for every layer.
 */
export const caseStatuses = [
  'reported', // 已发现·待研判 DISCOVERED, awaiting judgement
  'judged', // 已认定为重大事故隐患·待挂牌
  'downgraded', // 降为一般事故隐患 (terminal)
  'dismissed', // 不构成隐患 (terminal)
  'listed', // 已挂牌督办·待提交整改方案
  'plan_submitted', // 整改方案待审
  'rectifying', // 整改中
  'suspended', // 停表 (approved suspension, the clock is stopped)
  'acceptance_requested', // 已申请验收
  'accepted', // 验收合格·待销号
  'signed_off', // 已销号摘牌·待公示
  'closed', // 已闭环
  'withdrawn', // 已撤销 (terminal)
] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export const terminalStatuses: readonly CaseStatus[] = ['downgraded', 'dismissed', 'closed', 'withdrawn'];

export const caseSources = [
  'self_report', // 自查自报
  'inspection', // 监督检查
  'grid_patrol', // 网格巡查
  'public_report', // 举报
  'covert_check', // 明查暗访
] as const;
export type CaseSource = (typeof caseSources)[number];

export const listingLevels = ['province', 'city', 'county', 'town'] as const; // 省/市/县/乡
export type ListingLevel = (typeof listingLevels)[number];

export const escalationSteps = [
  'warning', // 预警/亮灯
  'urging_letter', // 督办函
  'interview', // 约谈
  'public_notice', // 通报/曝光
  'level_raise', // 升级督办
  'enforcement', // 执法建议: 罚款/停产停业整顿/暂扣许可证
  'joint_punishment', // 联合惩戒
] as const;
export type EscalationStep = (typeof escalationSteps)[number];
