/**
 * General hazards from a spreadsheet (CSV/XLSX): the columns by their Chinese header (or the field name), turned into
 * batch rows (domain/hazards/schemas.ts batchHazardRow) that the batch pipeline validates like the API's. Pure.
 */
import { hazardCategories, hazardSources } from '../hazards/lifecycle.js';

export const HAZARD_COLUMNS = [
  ['creditCode', '统一社会信用代码'],
  ['enterpriseId', '企业ID'],
  ['source', '来源'],
  ['category', '隐患类别'],
  ['description', '隐患描述'],
  ['location', '隐患部位'],
  ['foundOn', '发现日期'],
  ['deadline', '整改期限'],
  ['responsiblePerson', '整改责任人'],
  ['lat', '纬度'],
  ['lng', '经度'],
  ['externalRef', '外部编号'],
] as const;

const SOURCE: Record<string, (typeof hazardSources)[number]> = {
  企业自查: 'self_inspection',
  自查: 'self_inspection',
  网格巡查: 'grid_patrol',
  监督检查: 'inspection',
  群众举报: 'public_report',
  举报: 'public_report',
  其他: 'other',
};
const CATEGORY: Record<string, (typeof hazardCategories)[number]> = {
  基础管理: 'management',
  基础管理类: 'management',
  现场管理: 'site',
  现场管理类: 'site',
};

/** A sheet's rows as batch rows: empty cells left out, Chinese values mapped, numbers parsed. */
export function hazardRowsFromTable(
  rows: ReadonlyArray<Record<string, string>>,
): Array<Record<string, unknown>> {
  return rows.map((raw) => {
    const out: Record<string, unknown> = {};
    for (const [field, header] of HAZARD_COLUMNS) {
      const v = (raw[header] ?? raw[field] ?? '').trim();
      if (v === '') continue;
      if (field === 'source') out[field] = SOURCE[v] ?? v;
      else if (field === 'category') out[field] = CATEGORY[v] ?? v;
      else if (field === 'lat' || field === 'lng') out[field] = Number.isNaN(Number(v)) ? v : Number(v);
      else if (field === 'creditCode') out[field] = v.toUpperCase();
      else out[field] = v;
    }
    return out;
  });
}
