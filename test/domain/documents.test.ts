import { describe, expect, it } from 'vitest';
import { chineseDate, documentNumber } from '../../domain/documents/model.js';
import { checkTemplate, defaultTemplates, renderTemplate } from '../../domain/documents/templates.js';
import { documentKindOfStep, documentKinds } from '../../domain/documents/kinds.js';

describe('official document rules', () => {
  it('writes dates in Arabic numerals without leading zeros, and numbers as 代字〔年〕N号', () => {
    expect(chineseDate('2026-12-02')).toBe('2026年12月2日');
    expect(chineseDate('2026-03-10')).toBe('2026年3月10日');
    expect(documentNumber('洪安委办', 2026, 12)).toBe('洪安委办〔2026〕12号');
    expect(() => documentNumber('洪安委办', 2026, 0)).toThrow();
  });

  it('splits a body into paragraphs, headings by their ordinals, and embedded tables', () => {
    const r = renderTemplate(
      {
        title: '关于{{期间}}的通报',
        body: '现通报如下：\n\n一、总体情况\n（一）排名\n[[表格:排名]]\n1. 要求\n一、这一行很长所以它是以序号开头的一个普通段落而不是标题，因为标题不会写这么长这么长这么长。',
      },
      {
        values: { 期间: '2026年3月' },
        tables: { 排名: { type: 'table', columns: ['街道'], rows: [['关山']] } },
      },
    );
    expect(r.title).toBe('关于2026年3月的通报');
    expect(r.blocks.map((b) => (b.type === 'heading' ? `h${b.level}` : b.type))).toEqual([
      'paragraph',
      'h1',
      'h2',
      'table',
      'h3',
      'paragraph',
    ]);
    expect(() => renderTemplate({ title: 't', body: '[[图表:无]]' }, { values: {} })).toThrow(/没有数据/);
  });

  it('refuses a template naming a placeholder its kind does not know, naming it', () => {
    expect(checkTemplate('urging_letter', { title: '督办函', body: '{{企业名称}}：{{企业名}}' })).toEqual({
      body: expect.stringContaining('{{企业名}}'),
    });
    expect(checkTemplate('urging_letter', { title: '{{#x}}', body: '正文' }).title).toMatch(/占位符写法有误/);
    for (const kind of documentKinds) expect(checkTemplate(kind, defaultTemplates[kind]), kind).toEqual({});
  });

  it('maps the ladder rungs to the documents they issue (预警 issues none)', () => {
    expect(documentKindOfStep('urging_letter')).toBe('urging_letter');
    expect(documentKindOfStep('interview')).toBe('interview_notice');
    expect(documentKindOfStep('enforcement')).toBe('enforcement_advice');
    expect(documentKindOfStep('warning')).toBeUndefined();
  });
});
