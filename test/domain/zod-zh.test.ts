import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commandSchemas } from '../../domain/command-schemas.js';
import { installChineseZodMessages } from '../../domain/zod-zh.js';

const messages = (schema: z.ZodType, value: unknown) =>
  Object.fromEntries((schema.safeParse(value).error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));

describe('the Chinese error map', () => {
  beforeAll(() => installChineseZodMessages());

  it('says what is wrong in plain Chinese, never in the validator’s words', () => {
    const schema = z.object({
      name: z.string().max(5),
      count: z.number().int().min(1).max(9),
      when: z.iso.date(),
      id: z.uuid(),
      kind: z.enum(['a', 'b']),
      tags: z.array(z.string()).min(1),
      ok: z.boolean(),
    });
    expect(messages(schema, {})).toEqual({
      name: '必填',
      count: '必填',
      when: '必填',
      id: '必填',
      kind: '必填',
      tags: '必填',
      ok: '必填',
    });
    expect(
      messages(schema, {
        name: '一二三四五六',
        count: 10,
        when: '2026/1/2',
        id: 'x',
        kind: 'c',
        tags: [],
        ok: 'yes',
      }),
    ).toEqual({
      name: '不能超过5个字',
      count: '不能大于9',
      when: '日期格式应为 yyyy-MM-dd',
      id: '请从列表中选择',
      kind: '请从选项中选择',
      tags: '至少选择一项',
      ok: '请选择是或否',
    });
    expect(messages(schema.shape.count, 'x')).toEqual({ '': '须为数字' });
    expect(messages(schema.shape.count, 1.5)).toEqual({ '': '须为整数' });
    expect(messages(schema.shape.count, 0)).toEqual({ '': '不能小于1' });
  });

  it('leaves every message of the command schemas free of validator words', () => {
    const schemas = commandSchemas();
    for (const [name, schema] of Object.entries(schemas)) {
      for (const value of [{}, { reason: 1, newDeadline: 5, percentComplete: 'x', funds: 'x' }]) {
        for (const m of Object.values(messages(schema, value)))
          expect(m, `${name}: ${m}`).not.toMatch(/[a-zA-Z]{4,}|无效输入|期望|实际接收/);
      }
    }
  });

  it('keeps a message written on the schema', () => {
    expect(messages(z.string({ error: '研判理由必填' }), undefined)).toEqual({ '': '研判理由必填' });
  });
});
