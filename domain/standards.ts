/**
 * The 判定标准 library as administrators keep it: a standard's version is entered whole (its metadata and every
 * clause, with the publication the text was taken from) and never edited — a correction or a new edition is a new
 * version, which names the version it supersedes. A case keeps citing the clause row it cited.
 */
import { z } from 'zod';
import { isoDate } from './dates.js';

export const clauseEntrySchema = z.object({
  clauseNo: z.string().trim().min(1).max(50).meta({ title: '条款号' }),
  text: z.string().trim().min(2).max(5000).meta({ title: '条文' }),
  category: z.string().trim().max(100).nullish().meta({ title: '类别' }),
});

export const standardVersionInputSchema = z
  .object({
    code: z.string().trim().min(2).max(100).meta({ title: '文号', description: '例如：应急管理部令第10号' }),
    title: z.string().trim().min(2).max(300).meta({ title: '标准名称' }),
    version: z.string().trim().min(1).max(50).meta({ title: '版本' }),
    effectiveDate: isoDate.meta({ title: '施行日期' }),
    industry: z.string().trim().min(1).max(100).meta({ title: '适用行业' }),
    issuer: z.string().trim().max(200).nullish().meta({ title: '发布机关' }),
    source: z
      .string()
      .trim()
      .min(2, { error: '请注明条文出处' })
      .max(500)
      .meta({ title: '条文出处', description: '官方公布文本，例如：国务院公报2021年第2号' }),
    supersedesId: z.uuid().nullish().meta({ title: '取代的版本' }),
    clauses: z
      .array(clauseEntrySchema)
      .min(1, { error: '至少录入一条条款' })
      .max(1000)
      .meta({ title: '条款' }),
  })
  .superRefine((v, ctx) => {
    const seen = new Map<string, number>();
    v.clauses.forEach((c, i) => {
      const first = seen.get(c.clauseNo);
      if (first !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['clauses', i, 'clauseNo'],
          message: `条款号与第${first + 1}条重复`,
        });
      else seen.set(c.clauseNo, i);
    });
  });
export type StandardVersionInput = z.input<typeof standardVersionInputSchema>;
