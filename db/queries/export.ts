/**
 * List exports (导出): every list the console shows, as CSV or XLSX, with the same scope, filters and sort as the
 * list itself — only without paging, up to EXPORT_CAP rows.
 *
 * - `exportList(db, resource, scope, { filter, sort, format })` → `{ body, total, truncated, filename }`
 */
import { inArray } from 'drizzle-orm';
import type { Db } from '../client.js';
import { regions } from '../schema/index.js';
import {
  caseSourceLabels,
  caseStatusLabels,
  enterpriseStatusLabels,
  escalationStatusLabels,
  escalationStepLabels,
  formatCaseNo,
  labelOf,
  listingLevelLabels,
  regionLevelLabels,
  roleLabels,
  taskStatusLabels,
} from '../../domain/labels.js';
import { loadTaxonomy } from './industries.js';
import {
  formatHazardNo,
  hazardCategoryLabels,
  hazardLightLabels,
  hazardSourceLabels,
  hazardStatusLabels,
  spotCheckLabels,
} from '../../domain/hazards/labels.js';
import { enterprises } from '../schema/index.js';
import { listGeneralHazards } from './general-hazards.js';
import { exportTable, type ColumnDef, type TableFormat } from '../../domain/import/table.js';
import { listCases, type CaseRow } from './cases.js';
import { listEscalations, listTasks, type EscalationRow, type TaskRow } from './case-records.js';
import { listReference } from './reference.js';
import type { ListQuery, ListResult } from './list-params.js';
import type { Scope } from './scope.js';

/** Enough for a district's or a city's registry in one file; more is a job for the scale tools, not a download. */
export const EXPORT_CAP = 100_000;

export const EXPORTABLE = [
  'cases',
  'tasks',
  'escalations',
  'enterprises',
  'regions',
  'departments',
  'standards',
  'general-hazards',
] as const;
export type ExportResource = (typeof EXPORTABLE)[number];

type Row = Record<string, unknown>;
const day = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : v == null ? '' : String(v));
// Timestamps in Beijing time (UTC+8, no DST), which is how the people reading the sheet think of them.
const bjTime = (v: unknown) =>
  v instanceof Date
    ? new Date(v.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')
    : v == null
      ? ''
      : String(v);
/** A deadline is a day (the end of it, Beijing time), never a second. */
const bjDay = (v: unknown) => (v instanceof Date ? bjTime(v).slice(0, 10) : v == null ? '' : String(v));
const caseNumber = (v: unknown) => formatCaseNo(v as number | null);
const yesNo = (v: unknown) => (v ? '是' : '否');
const label = (labels: Record<string, string>) => (v: unknown) => labelOf(labels, v);
const list = (v: unknown) => (Array.isArray(v) ? v.join('、') : v == null ? '' : String(v));
/** Filled in by exportList from the regions table (one query per export): a sheet names places, not codes. */
const regionName = (_: unknown, r: Row) => String(r.regionName ?? r.regionCode ?? '');

/**
 * Every export reads as it would be sent upward: Chinese labels for every code, case numbers as the console shows
 * them (ZD-000004), regions and industries by name, people and units by name, and no internal id. The enterprise
 * and region sheets keep the import's headers and words, so they import back.
 */
/** The columns of each sheet; industries are named from the classification (table industries) read per export. */
const columnsWith = (
  industryName: (code: string) => string,
): Record<ExportResource, Array<ColumnDef<Row>>> => {
  const industry = (v: unknown) => (v == null || v === '' ? '' : industryName(String(v)));
  return {
    // 一般隐患台账: the ledger as the district sends it upward (the list's scope, filters and sort).
    'general-hazards': [
      { key: 'hazardNo', header: '隐患编号', format: (v) => formatHazardNo(v as number) },
      { key: 'enterpriseName', header: '责任企业' },
      { key: 'regionName', header: '所属区域', format: regionName },
      { key: 'industryCategory', header: '行业', format: industry },
      { key: 'source', header: '来源', format: label(hazardSourceLabels) },
      { key: 'category', header: '隐患类别', format: label(hazardCategoryLabels) },
      { key: 'description', header: '隐患描述' },
      { key: 'location', header: '隐患部位' },
      { key: 'responsiblePerson', header: '整改责任人' },
      { key: 'foundOn', header: '发现日期', format: day },
      { key: 'reportedAt', header: '上报时间', format: bjTime },
      { key: 'reportedLate', header: '迟报', format: yesNo },
      { key: 'deadline', header: '整改期限', format: day },
      { key: 'status', header: '状态', format: label(hazardStatusLabels) },
      { key: 'light', header: '亮灯', format: label(hazardLightLabels) },
      { key: 'rectifiedOn', header: '整改完成日期', format: day },
      { key: 'rectification', header: '整改措施' },
      { key: 'onTime', header: '按期整改', format: (v) => (v == null ? '' : yesNo(v)) },
      { key: 'spotCheck', header: '抽查结果', format: (v) => (v == null ? '' : labelOf(spotCheckLabels, v)) },
      { key: 'reopenCount', header: '重新整改次数' },
    ],
    cases: [
      { key: 'caseNo', header: '案件编号', format: caseNumber },
      { key: 'title', header: '隐患名称' },
      { key: 'status', header: '状态', format: label(caseStatusLabels) },
      { key: 'source', header: '来源', format: label(caseSourceLabels) },
      { key: 'enterpriseName', header: '责任企业' },
      { key: 'regionName', header: '所属区域', format: regionName },
      { key: 'industryCategory', header: '行业', format: industry },
      { key: 'level', header: '挂牌级别', format: label(listingLevelLabels) },
      { key: 'listingAuthority', header: '挂牌单位' },
      { key: 'supervisingUnit', header: '督办单位' },
      { key: 'reportedAt', header: '发现时间', format: bjTime },
      { key: 'listedAt', header: '挂牌时间', format: bjTime },
      { key: 'deadline', header: '当前期限', format: bjDay },
      { key: 'overdue', header: '是否逾期', format: yesNo },
      { key: 'escalationStep', header: '督办措施', format: label(escalationStepLabels) },
      { key: 'extensionCount', header: '延期次数' },
      { key: 'closedAt', header: '闭环时间', format: bjTime },
    ],
    tasks: [
      { key: 'caseNo', header: '案件编号', format: caseNumber },
      { key: 'caseTitle', header: '隐患名称' },
      { key: 'enterpriseName', header: '责任企业' },
      { key: 'title', header: '任务' },
      { key: 'status', header: '状态', format: label(taskStatusLabels) },
      { key: 'assigneeUnit', header: '承办单位' },
      { key: 'assigneeName', header: '承办人' },
      { key: 'assigneeRole', header: '承办方', format: label(roleLabels) },
      { key: 'openedAt', header: '下达时间', format: bjTime },
      { key: 'dueAt', header: '期限', format: bjDay },
      { key: 'closedAt', header: '办结时间', format: bjTime },
    ],
    escalations: [
      { key: 'caseNo', header: '案件编号', format: caseNumber },
      { key: 'caseTitle', header: '隐患名称' },
      { key: 'enterpriseName', header: '责任企业' },
      { key: 'regionName', header: '所属区域', format: regionName },
      { key: 'step', header: '督办措施', format: label(escalationStepLabels) },
      { key: 'reason', header: '原因' },
      { key: 'manual', header: '人工发起', format: yesNo },
      { key: 'status', header: '状态', format: label(escalationStatusLabels) },
      { key: 'ownerName', header: '承办人' },
      { key: 'triggeredAt', header: '发起时间', format: bjTime },
      { key: 'dueAt', header: '期限', format: bjDay },
      { key: 'outcome', header: '结果' },
      { key: 'outcomeAt', header: '结果时间', format: bjTime },
    ],
    enterprises: [
      { key: 'name', header: '企业名称' },
      { key: 'creditCode', header: '统一社会信用代码' },
      { key: 'regionCode', header: '行政区划代码' },
      { key: 'regionName', header: '所属区域', format: regionName },
      { key: 'industryCode', header: '行业小类' },
      { key: 'industryCategory', header: '行业大类', format: industry },
      { key: 'scale', header: '规模', format: (v) => (v === 'above' ? '规上' : v === 'below' ? '规下' : '') },
      { key: 'riskGrade', header: '风险等级' },
      { key: 'status', header: '经营状态', format: label(enterpriseStatusLabels) },
      { key: 'statusChangedAt', header: '状态变更日期', format: day },
      { key: 'address', header: '地址' },
      { key: 'principalName', header: '主要负责人' },
      { key: 'principalPhone', header: '主要负责人电话' },
      { key: 'safetyManagerName', header: '安全管理员' },
      { key: 'safetyManagerPhone', header: '安全管理员电话' },
    ],
    // The same headers and words the region import reads, so an export can be edited and imported back.
    regions: [
      { key: 'code', header: '区划代码' },
      { key: 'name', header: '名称' },
      { key: 'level', header: '层级', format: label(regionLevelLabels) },
      { key: 'parentCode', header: '上级区划代码' },
    ],
    departments: [
      { key: 'name', header: '部门名称' },
      { key: 'regionName', header: '所属区域', format: regionName },
      { key: 'regionCode', header: '行政区划代码' },
      {
        key: 'industryCodes',
        header: '监管行业',
        format: (v) => list(Array.isArray(v) ? v.map((c) => industryName(String(c))) : v),
      },
    ],
    standards: [
      { key: 'code', header: '标准编号' },
      { key: 'title', header: '标准名称' },
      { key: 'version', header: '版本' },
      { key: 'effectiveDate', header: '施行日期', format: day },
      { key: 'industry', header: '行业', format: industry },
      { key: 'issuer', header: '发布机关' },
    ],
  };
};
/** Which sheets carry a region name (the industry names do not matter for that). */
const COLUMNS = columnsWith((c) => c);

/** Names of the regions the rows sit in, read once for the export (rows without a regionName of their own). */
async function withRegionNames(db: Db, resource: ExportResource, rows: Row[]): Promise<Row[]> {
  if (!COLUMNS[resource].some((c) => c.key === 'regionName')) return rows;
  const codes = [
    ...new Set(rows.filter((r) => r.regionName == null && r.regionCode).map((r) => String(r.regionCode))),
  ];
  if (codes.length === 0) return rows;
  const found = await db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(inArray(regions.code, codes));
  const names = new Map(found.map((r) => [r.code, r.name]));
  return rows.map((r) =>
    r.regionName == null && r.regionCode ? { ...r, regionName: names.get(String(r.regionCode)) } : r,
  );
}

const TITLES: Record<ExportResource, string> = {
  'general-hazards': '一般事故隐患台账',
  cases: '重大事故隐患案件',
  tasks: '待办任务',
  escalations: '升级督办',
  enterprises: '企业',
  regions: '行政区划',
  departments: '监管部门',
  standards: '判定标准',
};

async function fetchAll(
  db: Db,
  resource: ExportResource,
  scope: Scope,
  q: ListQuery,
): Promise<ListResult<Row>> {
  switch (resource) {
    case 'cases':
      return (await listCases(db, scope, q)) as ListResult<CaseRow> as unknown as ListResult<Row>;
    case 'tasks':
      return (await listTasks(db, scope, q)) as ListResult<TaskRow> as unknown as ListResult<Row>;
    case 'escalations':
      return (await listEscalations(db, scope, q)) as ListResult<EscalationRow> as unknown as ListResult<Row>;
    case 'general-hazards': {
      const out = await listGeneralHazards(db, scope, q);
      // The enterprise by name: one query for the export's enterprises.
      const ids = [...new Set(out.rows.map((r) => r.enterpriseId))];
      const names = new Map<string, string>();
      for (let i = 0; i < ids.length; i += 5000)
        for (const e of await db
          .select({ id: enterprises.id, name: enterprises.name })
          .from(enterprises)
          .where(inArray(enterprises.id, ids.slice(i, i + 5000))))
          names.set(e.id, e.name);
      return {
        ...out,
        rows: out.rows.map((r) => ({ ...r, enterpriseName: names.get(r.enterpriseId) ?? '' })),
      };
    }
    default:
      return listReference(db, resource, scope, q);
  }
}

export interface ExportResult {
  body: Buffer;
  /** Rows the list holds; more than exported when `truncated`. */
  total: number;
  exported: number;
  truncated: boolean;
  filename: string;
  contentType: string;
}

/** Exports one list the caller may see. Filter and sort errors are the list's own (VALIDATION naming the field). */
export async function exportList(
  db: Db,
  resource: ExportResource,
  scope: Scope,
  q: { filter?: Record<string, unknown>; sort?: [string, 'ASC' | 'DESC']; format: TableFormat },
  now = new Date(),
): Promise<ExportResult> {
  // The list functions page by `range`; one page of EXPORT_CAP rows is the whole export.
  const { rows, total } = await fetchAll(db, resource, scope, {
    filter: q.filter,
    sort: q.sort,
    range: [0, EXPORT_CAP - 1],
  });
  const columns = columnsWith((await loadTaxonomy(db)).name)[resource];
  const body = await exportTable(await withRegionNames(db, resource, rows), columns, q.format);
  const stamp = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
  return {
    body,
    total,
    exported: rows.length,
    truncated: total > rows.length,
    filename: `${TITLES[resource]}-${stamp}.${q.format}`,
    contentType:
      q.format === 'csv'
        ? 'text/csv; charset=utf-8'
        : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  };
}
