import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import JSZip from 'jszip';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../db/client.js';
import { issueDocument, type IssueDocumentInput } from '../../activities/documents/issue.js';
import { createTestDatabase } from '../helpers/db.js';
import { DISTRICT, seedRegistry, type TestDb } from '../workflows/fixture.js';

const values = {
  企业名称: '武汉测试机械制造有限公司1',
  隐患名称: '喷涂车间有机废气收集管道未设置阻火器',
  隐患描述: '检查发现喷涂车间废气管道与RTO之间未设阻火器。',
  隐患位置: '喷涂车间',
  案件编号: 'ZD-2026-000123',
  判定依据: '《工贸企业重大事故隐患判定标准》第十二条（一）',
  挂牌层级: '县级',
  挂牌单位: '洪山区安全生产委员会办公室',
  督办单位: '洪山区应急管理局',
  挂牌日期: '2026年3月2日',
  整改期限: '2026年12月2日',
  方案提交期限: '2026年3月16日',
};

async function pdfText(file: string): Promise<{ pages: number; text: string[]; size: number[] }> {
  const pdf = await getDocumentProxy(new Uint8Array(readFileSync(file)));
  const { totalPages, text } = await extractText(pdf, { mergePages: false });
  const page = await pdf.getPage(1);
  return { pages: totalPages, text: text as string[], size: page.view.slice(2) };
}

/** The issuing of official documents against real PostgreSQL: layout, text, numbering, templates. */
describe('issuing official documents', () => {
  let db: TestDb;
  let uploadDir: string;
  const issue = (over: Partial<IssueDocumentInput> & { idempotencyKey: string }) =>
    issueDocument(
      db.db,
      { kind: 'listing_notice', regionPath: DISTRICT.path, data: { values }, date: '2026-03-02', ...over },
      { uploadDir },
    );

  beforeAll(async () => {
    db = await createTestDatabase({ poolSize: 20 });
    db.pool?.on('error', () => {});
    await seedRegistry(db.db);
    uploadDir = mkdtempSync(path.join(tmpdir(), 'duban-docs-'));
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('lays out a 挂牌督办通知书 in the GB/T 9704 format: A4, fonts embedded, its text extractable', async () => {
    const doc = await issue({ idempotencyKey: 'layout' });
    // The district's 安委办 is made from the region's names and numbers its first document of the year 1.
    expect(doc.number).toBe('洪安委办〔2026〕1号');
    const file = path.join(uploadDir, doc.pdf.path);
    const { pages, text, size } = await pdfText(file);
    expect(size.map(Math.round)).toEqual([595, 842]); // A4 in points
    const first = text[0]!.replace(/\s+/g, '');
    for (const s of [
      '武汉市洪山区安全生产委员会办公室',
      '洪安委办〔2026〕1号',
      '重大事故隐患挂牌督办通知书',
      '武汉测试机械制造有限公司1：',
      '喷涂车间有机废气收集管道未设置阻火器',
      '一、立即落实整改责任',
    ])
      expect(first).toContain(s);
    const last = text[pages - 1]!.replace(/\s+/g, '');
    // Signature and date in Arabic numerals; the page number between dashes.
    expect(last).toContain('武汉市洪山区安全生产委员会办公室2026年3月2日');
    expect(text[0]).toMatch(/— 1 —/);
    // Every font embedded (poppler's pdffonts: the "emb" column), none of them a Type 3 stand-in.
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThanOrEqual(2);
    for (const f of fonts) expect(f.split(/\s+/).at(-5), f).toBe('yes');
    const sha = (await import('node:crypto')).createHash('sha256').update(readFileSync(file)).digest('hex');
    expect(doc.hash).toBe(sha);
  });

  it('writes the same document as an editable DOCX with the official fonts named', async () => {
    const doc = await issue({ idempotencyKey: 'layout' }); // the same key: the same document, not a new number
    expect(doc.number).toBe('洪安委办〔2026〕1号');
    const zip = await JSZip.loadAsync(readFileSync(path.join(uploadDir, doc.docx.path)));
    const xml = await zip.file('word/document.xml')!.async('string');
    const plain = xml.replace(/<[^>]+>/g, '');
    expect(plain).toContain('洪安委办〔2026〕1号');
    expect(plain).toContain('喷涂车间有机废气收集管道未设置阻火器');
    expect(plain).toContain('2026年3月2日');
    expect(xml).toContain('仿宋_GB2312');
    expect(xml).toContain('E60012'); // the red mark
  });

  it('numbers concurrent documents of one authority without gaps or repeats; a failed one gives its number back', async () => {
    const ok = Array.from({ length: 10 }, (_, i) =>
      issue({ idempotencyKey: `c${i}`, kind: 'urging_letter' }),
    );
    // Fails inside the numbering transaction (a title too long for the layout), after taking a serial.
    const bad = issue({
      idempotencyKey: 'bad',
      template: { title: '长'.repeat(201), body: '正文' },
    });
    // The same key twice at once: one document.
    const twins = [issue({ idempotencyKey: 'twin' }), issue({ idempotencyKey: 'twin' })];
    const [results, failed, twin] = await Promise.all([
      Promise.all(ok),
      bad.then(
        () => 'issued',
        (e: Error) => e.message,
      ),
      Promise.all(twins),
    ]);
    expect(failed).toMatch(/公文数据无效/);
    expect(twin[0]!.id).toBe(twin[1]!.id);
    const serials = [...results, twin[0]!]
      .map((d) => Number(/〕(\d+)号/.exec(d.number)![1]))
      .sort((a, b) => a - b);
    expect(serials).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const rows = await db.db.select().from(schema.officialDocuments);
    expect(new Set(rows.map((r) => r.number)).size).toBe(rows.length);
    const [counter] = await db.db.select().from(schema.documentCounters);
    expect(counter!.last).toBe(12);
  });

  it('uses the template version in force for the jurisdiction when issued, and records it', async () => {
    const [admin] = await db.db.select().from(schema.regions).where(eq(schema.regions.code, DISTRICT.code));
    expect(admin).toBeTruthy();
    await db.db.insert(schema.documentTemplates).values([
      {
        regionCode: DISTRICT.code,
        kind: 'urging_letter',
        version: 1,
        effectiveFrom: '2026-01-01',
        body: { title: '督办函（{{企业名称}}）', addressee: '{{企业名称}}', body: '第一版正文。' },
      },
      {
        regionCode: DISTRICT.code,
        kind: 'urging_letter',
        version: 2,
        effectiveFrom: '2026-06-01', // not yet in force on 2026-03-02
        body: { title: '督办函第二版', body: '第二版正文。' },
      },
    ]);
    const doc = await issue({ idempotencyKey: 'tpl', kind: 'urging_letter' });
    expect(doc.templateVersion).toBe(1);
    expect(doc.title).toBe('督办函（武汉测试机械制造有限公司1）');
    const { text } = await pdfText(path.join(uploadDir, doc.pdf.path));
    expect(text.join('')).toContain('第一版正文。');
    const later = await issue({ idempotencyKey: 'tpl2', kind: 'urging_letter', date: '2026-07-01' });
    expect(later.templateVersion).toBe(2);
  });

  it('sets tables and charts from the data, as a bulletin needs', async () => {
    const doc = await issue({
      idempotencyKey: 'bulletin',
      kind: 'monthly_bulletin',
      data: {
        values: { 期间: '2026年3月' },
        tables: {
          排名: {
            type: 'table',
            columns: ['排名', '街道', '得分'],
            rows: [
              [1, '关山街道', 98.5],
              [2, '卓刀泉街道', 92],
            ],
          },
        },
        charts: {
          逾期: {
            type: 'chart',
            kind: 'bar',
            title: '逾期隐患数',
            categories: ['关山', '卓刀泉'],
            series: [{ name: '3月', values: [3, 5] }],
          },
        },
      },
      template: {
        title: '关于{{期间}}督办情况的通报',
        body: '现通报如下。\n一、得分排名\n[[表格:排名]]\n二、逾期情况\n[[图表:逾期]]',
      },
    });
    const { text } = await pdfText(path.join(uploadDir, doc.pdf.path));
    const all = text.join('').replace(/\s+/g, '');
    expect(all).toContain('关于2026年3月督办情况的通报');
    expect(all).toContain('关山街道98.5');
    expect(all).toContain('逾期隐患数');
  });
});
