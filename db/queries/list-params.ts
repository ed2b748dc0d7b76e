import { z } from 'zod';

/**
 * react-admin's list conventions (ra-data-simple-rest): sort=["field","ASC"], range=[from,to], filter={...},
 * each a JSON string in the query. Parsed and validated here so every list route rejects a bad one the same way.
 */
const json = <T extends z.ZodType>(schema: T, label: string) =>
  z
    .string()
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: `${label}不是有效的 JSON` });
        return z.NEVER;
      }
    })
    .pipe(schema);

export const listQuerySchema = z.object({
  sort: json(z.tuple([z.string().min(1).max(64), z.enum(['ASC', 'DESC'])]), 'sort').optional(),
  range: json(
    z
      .tuple([z.number().int().min(0), z.number().int().min(0)])
      .refine(([a, b]) => b >= a && b - a < 1000, { message: 'range 应为 [起, 止]，且一次最多1000条' }),
    'range',
  ).optional(),
  filter: json(z.record(z.string(), z.unknown()), 'filter').optional(),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

export interface ListResult<T> {
  rows: T[];
  total: number;
  from: number;
}

export function pageOf(q: ListQuery): { offset: number; limit: number } {
  const [from, to] = q.range ?? [0, 24];
  return { offset: from, limit: to - from + 1 };
}
