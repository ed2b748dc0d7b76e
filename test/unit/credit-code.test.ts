import { describe, expect, it } from 'vitest';
import { creditCodeProblem, isValidCreditCode, makeCreditCode } from '../../domain/credit-code.js';

describe('统一社会信用代码', () => {
  it('accepts real published codes', () => {
    // 华为技术有限公司, 腾讯科技（深圳）有限公司
    expect(isValidCreditCode('914403001922038216')).toBe(true);
    expect(isValidCreditCode('9144030071526726XG')).toBe(true);
  });

  it('names the problem of an invalid code', () => {
    expect(creditCodeProblem('91440300192203821')).toContain('18位');
    expect(creditCodeProblem('91440300192203821I')).toContain('第18位字符“I”无效');
    expect(creditCodeProblem('9144030019220382A5')).toContain('校验码错误');
    expect(creditCodeProblem('91AB0300192203821X')).toContain('行政区划');
  });

  it('generates valid, distinct codes for seeds', () => {
    const codes = Array.from({ length: 2000 }, (_, i) => makeCreditCode('420111', i + 1));
    expect(codes.every(isValidCreditCode)).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
    // Changing any single character breaks the check.
    const c = codes[7]!;
    expect(isValidCreditCode(c.slice(0, 10) + (c[10] === '1' ? '2' : '1') + c.slice(11))).toBe(false);
  });
});
