/** Industry taxonomy (大类 → 小类) used by enterprises, departments and standards. */
export const INDUSTRIES: Array<{ code: string; name: string; subs: Array<[code: string, name: string]> }> = [
  {
    code: 'metallurgy',
    name: '冶金',
    subs: [
      ['metallurgy.steel', '钢铁'],
      ['metallurgy.casting', '铸造'],
    ],
  },
  {
    code: 'nonferrous',
    name: '有色',
    subs: [
      ['nonferrous.aluminium', '铝加工'],
      ['nonferrous.copper', '铜加工'],
    ],
  },
  {
    code: 'building_materials',
    name: '建材',
    subs: [
      ['building_materials.cement', '水泥'],
      ['building_materials.glass', '玻璃'],
    ],
  },
  {
    code: 'machinery',
    name: '机械',
    subs: [
      ['machinery.general', '通用设备制造'],
      ['machinery.auto', '汽车零部件制造'],
    ],
  },
  {
    code: 'light_industry',
    name: '轻工',
    subs: [
      ['light_industry.food', '食品加工'],
      ['light_industry.paper', '造纸'],
      ['light_industry.furniture', '家具制造'],
    ],
  },
  { code: 'textile', name: '纺织', subs: [['textile.spinning', '纺纱织造']] },
  {
    code: 'commerce',
    name: '商贸',
    subs: [
      ['commerce.retail', '商场超市'],
      ['commerce.warehouse', '仓储物流'],
      ['commerce.hotel', '住宿餐饮'],
    ],
  },
  {
    code: 'chemicals',
    name: '危险化学品',
    subs: [
      ['chemicals.production', '危化品生产'],
      ['chemicals.trade', '危化品经营'],
      ['chemicals.gas', '燃气'],
    ],
  },
  {
    code: 'construction',
    name: '建筑施工',
    subs: [
      ['construction.housing', '房屋建筑工程'],
      ['construction.municipal', '市政工程'],
    ],
  },
];

export const industryName = (code: string): string =>
  INDUSTRIES.find((i) => i.code === code)?.name ??
  INDUSTRIES.flatMap((i) => i.subs).find(([c]) => c === code)?.[1] ??
  code;

export const enterpriseStatuses = ['operating', 'suspended', 'closed'] as const; // 正常经营 / 停产 / 注销
export const riskGrades = ['A', 'B', 'C', 'D'] as const; // 红 / 橙 / 黄 / 蓝
