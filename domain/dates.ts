import { z } from 'zod';

/**
 * The one schema of a calendar date everywhere (requests, commands, workflow validators, forms): yyyy-MM-dd in
 * Asia/Shanghai that exists on the calendar. `2027-02-31`, `2027-02-29` and `2027-00-00` are refused with a Chinese
 * message under the field, before anything reaches a workflow or the hash-chained event log. OpenAPI and the form
 * models see `format: date`.
 */
export const DATE_MESSAGE = '日期无效：应为实际存在的日期（年-月-日，如 2027-02-28）';
/**
 * The dates the product can mean: a hazard found in the year 202 or a deadline in 9999 is a slip of the keyboard,
 * and the working-day arithmetic beyond the calendar's reach has nothing to say about it.
 */
export const EARLIEST_DATE = '1900-01-01';
export const LATEST_DATE = '2099-12-31';
export const DATE_RANGE_MESSAGE = `日期超出范围：应在 ${EARLIEST_DATE} 至 ${LATEST_DATE} 之间`;
/**
 * Builds the schema. The case workflow's bundle preloads the command schemas, and the SDK freezes what preloaded
 * modules export: a frozen zod schema cannot cache its derived schemas (`.optional()`), and zod's shared date
 * pattern, frozen, cannot reset its `lastIndex` before a test. So each instance gets its own schema and pattern; the
 * command schemas build theirs.
 */
export const dateSchema = () =>
  z.iso
    .date({ error: DATE_MESSAGE, pattern: new RegExp(z.regexes.date.source) } as Parameters<
      typeof z.iso.date
    >[0])
    .refine((d) => d >= EARLIEST_DATE && d <= LATEST_DATE, { message: DATE_RANGE_MESSAGE });
export const isoDate = dateSchema();
