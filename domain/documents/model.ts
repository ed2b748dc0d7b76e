/**
 * The official document (公文) as data: what the typesetting engine (activities/documents/engine.ts) lays out in the
 * GB/T 9704-2012 format as PDF and what the DOCX writer (activities/documents/docx.ts) turns into an editable file. Both read
 * this one shape, so the PDF and the DOCX of a document say the same thing.
 */
import { z } from 'zod';
import { isoDate } from '../dates.js';

const line = (max: number) => z.string().trim().min(1).max(max);

/** 正文 blocks. Headings carry their own ordinal (一、/（一）/1.), written by the template author. */
export const blockSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('paragraph'), text: z.string().max(20_000) }),
  // 一级 黑体, 二级 楷体, 三级 仿宋加粗 (GB/T 9704 7.3.3 结构层次序数).
  z.object({
    type: z.literal('heading'),
    level: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    text: line(500),
  }),
  z.object({
    type: z.literal('table'),
    title: z.string().max(200).optional(),
    columns: z.array(z.string().max(100)).min(1).max(20),
    rows: z.array(z.array(z.union([z.string().max(2000), z.number()]))).max(2000),
    /** Relative column widths (e.g. [1, 3, 1]); equal when absent. */
    widths: z.array(z.number().positive()).optional(),
  }),
  z.object({
    type: z.literal('chart'),
    kind: z.literal('bar'),
    title: z.string().max(200).optional(),
    categories: z.array(z.string().max(50)).min(1).max(40),
    series: z
      .array(z.object({ name: z.string().max(50), values: z.array(z.number().min(0)) }))
      .min(1)
      .max(4),
  }),
]);
export type Block = z.infer<typeof blockSchema>;
export type TableBlock = Extract<Block, { type: 'table' }>;
export type ChartBlock = Extract<Block, { type: 'chart' }>;

export const officialDocumentSchema = z.object({
  mark: line(60), // 发文机关标志, e.g. 武汉市洪山区安全生产委员会办公室
  number: line(60), // 发文字号, e.g. 洪安委办〔2026〕12号
  title: line(200),
  addressee: z.string().trim().max(500).optional(), // 主送机关 (the colon is added by the layout)
  blocks: z.array(blockSchema).max(5_000),
  attachments: z.array(z.string().max(200)).max(20).optional(), // 附件说明
  signature: line(100), // 发文机关署名
  date: isoDate, // 成文日期, Asia/Shanghai
  note: z.string().max(200).optional(), // 附注, e.g. （联系人：张三，电话：027-12345678）
  cc: z.string().max(500).optional(), // 抄送机关
  printedBy: z.string().max(100).optional(), // 印发机关
  printedOn: isoDate.optional(), // 印发日期
});
export type OfficialDocument = z.infer<typeof officialDocumentSchema>;

/** 2026-12-02 → 2026年12月2日: Arabic numerals, no leading zeros (GB/T 9704 7.3.5.1). */
export function chineseDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new RangeError(`not a date: ${isoDate}`);
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

/** 发文字号: 机关代字 + 〔year〕 in 六角括号 + serial + 号, e.g. 洪安委办〔2026〕12号 (no leading zeros, no 第). */
export function documentNumber(abbreviation: string, year: number, serial: number): string {
  if (!Number.isInteger(serial) || serial < 1)
    throw new RangeError(`serial must be a positive integer: ${serial}`);
  return `${abbreviation}〔${year}〕${serial}号`;
}
