/**
 * The editable DOCX of an official document, written with the `docx` library from the same data the PDF is set
 * from. It carries GB/T 9704's page (A4, margins 37/35/28/26 mm, 22 lines a page), the fonts by the names Word
 * finds on a government PC (仿宋_GB2312, 方正小标宋简体…), the red mark and rule, and "— N —" page numbers right on
 * odd pages and left on even ones. Word, not this file, fixes the last details of the grid: it is for editing.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type IParagraphOptions,
} from 'docx';
import { chineseDate, type Block, type OfficialDocument } from '../../domain/documents/model.js';
import { DOCX_FONTS, type FontRole } from './fonts.js';

const MM = 56.6929; // twips per millimetre
const PITCH = Math.round((225 / 22) * MM); // 22 lines in the 225 mm type area
const RED = 'E60012';
const BODY = 32; // half-points: 3号 = 16 pt

const run = (
  text: string,
  role: FontRole = 'fangsong',
  size = BODY,
  extra: { color?: string; bold?: boolean } = {},
) =>
  new TextRun({
    text,
    size,
    font: { eastAsia: DOCX_FONTS[role], ascii: DOCX_FONTS[role], hAnsi: DOCX_FONTS[role] },
    ...extra,
  });

const exact = { line: PITCH, lineRule: LineRuleType.EXACT, before: 0, after: 0 };
const para = (children: TextRun[], opts: Partial<IParagraphOptions> = {}) =>
  new Paragraph({ children, spacing: exact, ...opts });
const body = (text: string, role: FontRole = 'fangsong', bold = false) =>
  para([run(text, role, BODY, { bold })], {
    indent: { firstLine: 2 * 320 },
    alignment: AlignmentType.JUSTIFIED,
  });
const blank = () => para([run('')]);

function tableOf(columns: string[], rows: (string | number)[][], widths?: number[]): Table {
  const total = (widths ?? columns.map(() => 1)).reduce((a, b) => a + b, 0);
  const cell = (text: string, head: boolean, i: number) =>
    new TableCell({
      width: { size: Math.round(((widths?.[i] ?? 1) / total) * 100 * 50), type: WidthType.PERCENTAGE },
      children: [
        new Paragraph({
          alignment: head ? AlignmentType.CENTER : AlignmentType.LEFT,
          children: [run(text, head ? 'hei' : 'fangsong', 24)],
        }),
      ],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: columns.map((c, i) => cell(c, true, i)) }),
      ...rows.map((r) => new TableRow({ children: r.map((c, i) => cell(String(c), false, i)) })),
    ],
  });
}

function blockOf(b: Block): (Paragraph | Table)[] {
  switch (b.type) {
    case 'paragraph':
      return [body(b.text)];
    case 'heading':
      return [body(b.text, b.level === 1 ? 'hei' : b.level === 2 ? 'kai' : 'fangsong', b.level === 3)];
    case 'table':
      return [
        ...(b.title ? [para([run(b.title, 'hei', 28)], { alignment: AlignmentType.CENTER })] : []),
        tableOf(b.columns, b.rows, b.widths),
      ];
    case 'chart':
      // The chart's figures as a table: an editor changes numbers, not bars (the PDF draws the chart).
      return [
        para([run(`${b.title ?? '图表'}（数据）`, 'hei', 28)], { alignment: AlignmentType.CENTER }),
        tableOf(
          ['', ...b.series.map((s) => s.name)],
          b.categories.map((c, i) => [c, ...b.series.map((s) => s.values[i] ?? 0)]),
        ),
      ];
  }
}

const pageNumber = (alignment: (typeof AlignmentType)[keyof typeof AlignmentType], indent: object) =>
  new Footer({
    children: [
      new Paragraph({
        alignment,
        indent,
        children: [
          new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], size: 28, font: DOCX_FONTS.song }),
        ],
      }),
    ],
  });

export async function documentDocx(doc: OfficialDocument): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    para([run(doc.mark, 'xiaobiaosong', 60, { color: RED })], {
      alignment: AlignmentType.CENTER,
      spacing: { before: 0, after: 0, line: 900, lineRule: LineRuleType.EXACT },
    }),
    blank(),
    blank(),
    // 发文字号 above the red rule (版头中的分隔线).
    para([run(doc.number)], {
      alignment: AlignmentType.CENTER,
      border: { bottom: { style: BorderStyle.SINGLE, size: 8, color: RED, space: 8 } },
    }),
    blank(),
    para([run(doc.title, 'xiaobiaosong', 44)], {
      alignment: AlignmentType.CENTER,
      spacing: { line: 700, lineRule: LineRuleType.AT_LEAST, before: 0, after: 0 },
    }),
    blank(),
    ...(doc.addressee ? [para([run(`${doc.addressee}：`)])] : []),
    ...doc.blocks.flatMap(blockOf),
  ];
  if (doc.attachments?.length) {
    children.push(blank());
    doc.attachments.forEach((a, i) =>
      children.push(
        body(
          doc.attachments!.length === 1 ? `附件：${a}` : i === 0 ? `附件：1. ${a}` : `　　　${i + 1}. ${a}`,
        ),
      ),
    );
  }
  const date = chineseDate(doc.date);
  children.push(
    blank(),
    blank(),
    para([run(doc.signature)], { alignment: AlignmentType.RIGHT, indent: { right: 4 * 320 } }),
  );
  children.push(para([run(date)], { alignment: AlignmentType.RIGHT, indent: { right: 4 * 320 } }));
  if (doc.note) children.push(body(`（${doc.note}）`));
  if (doc.printedBy) {
    const rule = { style: BorderStyle.SINGLE, size: 8, color: '000000', space: 4 };
    children.push(blank());
    if (doc.cc)
      children.push(
        para([run(`抄送：${doc.cc}。`, 'fangsong', 28)], {
          border: { top: rule },
          indent: { left: 280, right: 280 },
        }),
      );
    children.push(
      para(
        [run(`${doc.printedBy}　　${doc.printedOn ? chineseDate(doc.printedOn) : date}印发`, 'fangsong', 28)],
        {
          border: { top: rule, bottom: rule },
          indent: { left: 280, right: 280 },
        },
      ),
    );
  }

  const document = new Document({
    creator: doc.signature,
    title: doc.title,
    evenAndOddHeaderAndFooters: true,
    sections: [
      {
        properties: {
          page: {
            size: { width: Math.round(210 * MM), height: Math.round(297 * MM) },
            margin: {
              top: Math.round(37 * MM),
              bottom: Math.round(35 * MM),
              left: Math.round(28 * MM),
              right: Math.round(26 * MM),
              footer: Math.round(21 * MM),
            },
          },
          grid: { linePitch: PITCH },
        },
        footers: {
          default: pageNumber(AlignmentType.RIGHT, { right: 280 }),
          even: pageNumber(AlignmentType.LEFT, { left: 280 }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
