/**
 * The Chinese words for the general-hazard ledger's codes, for what leaves the system as text (exports sent upward).
 * The console has the same words in its i18n files; these are the server's copy (like domain/labels.ts for cases).
 */
import type { HazardCategory, HazardLight, HazardSource, HazardStatus } from './lifecycle.js';

export const hazardStatusLabels: Record<HazardStatus, string> = {
  open: '待整改',
  reopened: '重新整改',
  closed: '已整改',
  cancelled: '已撤销',
};
export const hazardSourceLabels: Record<HazardSource, string> = {
  self_inspection: '企业自查',
  grid_patrol: '网格巡查',
  inspection: '监督检查',
  public_report: '群众举报',
  case_downgrade: '重大隐患研判降级',
  other: '其他系统报送',
};
export const hazardLightLabels: Record<HazardLight, string> = {
  green: '绿灯',
  yellow: '黄灯（临期）',
  red: '红灯（逾期）',
  none: '—',
};
export const hazardCategoryLabels: Record<HazardCategory, string> = {
  management: '基础管理类',
  site: '现场管理类',
};
export const spotCheckLabels: Record<string, string> = { passed: '抽查合格', failed: '抽查不合格' };
/** Shown as YB-000123, as the console shows it. */
export const formatHazardNo = (n: number | string | null | undefined): string =>
  n == null || n === '' ? '' : `YB-${String(n).padStart(6, '0')}`;
