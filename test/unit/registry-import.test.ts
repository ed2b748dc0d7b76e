import { describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../domain/credit-code.js';
import {
  ENTERPRISE_COLUMNS,
  validateEnterpriseRows,
  validateRegionRows,
} from '../../domain/import/enterprises.js';
import { supervisingDepartment } from '../../domain/registry.js';
import { taxonomyFrom } from '../../domain/industries.js';

const headers = ENTERPRISE_COLUMNS.map(([, h]) => h);
const ctx = {
  knownRegions: new Set(['420111002000']),
  existingCreditCodes: new Set([makeCreditCode('420111', 999)]),
  industries: taxonomyFrom([
    { code: 'machinery', name: '机械', parentCode: null, sortOrder: 10, active: true },
    { code: 'machinery.general', name: '通用设备制造', parentCode: 'machinery', sortOrder: 10, active: true },
    { code: 'machinery.auto', name: '汽车零部件制造', parentCode: 'machinery', sortOrder: 20, active: false },
  ]),
};
function row(over: Record<string, string> = {}): Record<string, string> {
  return {
    企业名称: '武汉鸿泰机械制造有限公司',
    统一社会信用代码: makeCreditCode('420111', 1),
    行政区划代码: '420111002000',
    行业小类: '通用设备制造',
    规模: '规上',
    风险等级: 'B',
    经营状态: '正常经营',
    状态变更日期: '',
    主要负责人电话: '13800138000',
    安全管理员电话: '027-87654321',
    ...over,
  };
}
const reasonsFor = (over: Record<string, string>) =>
  validateEnterpriseRows(headers, [row(over)], ctx).errors.map((e) => [e.row, e.field, e.reason] as const);

describe('enterprise import validation: every error class', () => {
  it('accepts a valid row and derives the 大类', () => {
    const r = validateEnterpriseRows(headers, [row()], ctx);
    expect(r.errors).toEqual([]);
    expect(r.valid[0]).toMatchObject({
      row: 2,
      industryCode: 'machinery.general',
      industryCategory: 'machinery',
      scale: 'above',
    });
  });
  it('missing required field', () => {
    expect(reasonsFor({ 企业名称: '' })).toEqual([[2, 'name', '必填字段“企业名称”为空']]);
  });
  it('missing required column', () => {
    const r = validateEnterpriseRows(
      headers.filter((h) => h !== '规模'),
      [row()],
      ctx,
    );
    expect(r.errors).toEqual([{ row: 1, field: 'scale', reason: '缺少必填列“规模”' }]);
  });
  it('bad credit code length, characters and check character', () => {
    expect(reasonsFor({ 统一社会信用代码: '91420111ABC' })[0]?.[1]).toBe('creditCode');
    const good = makeCreditCode('420111', 1);
    const other = good[17] === '0' ? '1' : '0';
    expect(reasonsFor({ 统一社会信用代码: good.slice(0, 17) + other })[0]?.[2]).toMatch(/校验码错误/);
    expect(reasonsFor({ 统一社会信用代码: good.slice(0, 5) + 'O' + good.slice(6) })[0]?.[2]).toMatch(/无效/);
  });
  it('duplicate code within the file and against the DB', () => {
    const r = validateEnterpriseRows(headers, [row(), row()], ctx);
    expect(r.errors).toEqual([{ row: 3, field: 'creditCode', reason: '与第2行统一社会信用代码重复' }]);
    expect(reasonsFor({ 统一社会信用代码: makeCreditCode('420111', 999) })[0]?.[2]).toBe(
      '统一社会信用代码已在企业库中',
    );
  });
  it('unknown region, unknown industry, bad enums, bad phone, bad date', () => {
    expect(reasonsFor({ 行政区划代码: '420111999000' })[0]?.[1]).toBe('regionCode');
    expect(reasonsFor({ 行业小类: '航天' })[0]?.[1]).toBe('industryCode');
    expect(reasonsFor({ 规模: '大型' })[0]?.[1]).toBe('scale');
    expect(reasonsFor({ 风险等级: 'E' })[0]?.[1]).toBe('riskGrade');
    expect(reasonsFor({ 经营状态: '倒闭' })[0]?.[1]).toBe('status');
    expect(reasonsFor({ 主要负责人电话: '12345' })[0]?.[1]).toBe('principalPhone');
    expect(reasonsFor({ 状态变更日期: '2025-02-30' })[0]?.[1]).toBe('statusChangedAt');
    expect(reasonsFor({ 状态变更日期: '2025/01/03' })[0]?.[1]).toBe('statusChangedAt');
  });
  it('reports several errors of one row each', () => {
    expect(reasonsFor({ 规模: 'x', 风险等级: 'x' }).map((e) => e[1])).toEqual(['scale', 'riskGrade']);
  });
});

describe('region import validation', () => {
  const h = ['区划代码', '名称', '层级', '上级区划代码'];
  it('parents from the DB or earlier in the file; duplicates; unknown level/parent', () => {
    const r = validateRegionRows(
      h,
      [
        { 区划代码: '420111099000', 名称: '新街', 层级: '街道', 上级区划代码: '420111' },
        { 区划代码: '420111099001', 名称: '新社区', 层级: '社区', 上级区划代码: '420111099000' },
        { 区划代码: '420111099001', 名称: '重复', 层级: '社区', 上级区划代码: '420111099000' },
        { 区划代码: '420111099002', 名称: '某', 层级: '乡', 上级区划代码: '420111' },
        { 区划代码: '420111099003', 名称: '某', 层级: '社区', 上级区划代码: '420111777000' },
        { 区划代码: '42A', 名称: '', 层级: '社区', 上级区划代码: '' },
      ],
      new Set(['420111']),
    );
    expect(r.valid.map((v) => v.code)).toEqual(['420111099000', '420111099001']);
    expect(r.errors.map((e) => [e.row, e.field])).toEqual([
      [4, 'code'],
      [5, 'level'],
      [6, 'parentCode'],
      [7, 'name'],
      [7, 'code'],
    ]);
  });
});

describe('谁家的孩子谁抱走', () => {
  const deps = [
    { id: 'yj', regionPath: '420000/420100/420111/', industryCodes: ['machinery', 'chemicals'] },
    { id: 'zj', regionPath: '420000/420100/420111/', industryCodes: ['construction'] },
    { id: 'gs', regionPath: '420000/420100/420111/420111002000/', industryCodes: ['machinery'] },
    { id: 'other', regionPath: '420000/420100/420102/', industryCodes: ['machinery', 'commerce'] },
  ];
  const inGuanshan = '420000/420100/420111/420111002000/420111002001/';
  const inLiyuan = '420000/420100/420111/420111004000/';
  it('industry selects the department; the most specific territory wins', () => {
    expect(supervisingDepartment({ regionPath: inGuanshan, industryCategory: 'machinery' }, deps)?.id).toBe(
      'gs',
    );
    expect(supervisingDepartment({ regionPath: inLiyuan, industryCategory: 'machinery' }, deps)?.id).toBe(
      'yj',
    );
    expect(supervisingDepartment({ regionPath: inGuanshan, industryCategory: 'chemicals' }, deps)?.id).toBe(
      'yj',
    );
    expect(supervisingDepartment({ regionPath: inLiyuan, industryCategory: 'construction' }, deps)?.id).toBe(
      'zj',
    );
  });
  it('no department outside its territory or industry', () => {
    expect(supervisingDepartment({ regionPath: inLiyuan, industryCategory: 'commerce' }, deps)).toBeNull();
  });
});
