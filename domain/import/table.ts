/**
 * Tabular file I/O for registry import/export (pure; no database).
 *
 * - `parseTable(data, format)` → `{ headers, rows }` from CSV (csv-parse, UTF-8 with or without BOM) or XLSX (first sheet).
 * - `exportTable(rows, columns, format)` → Buffer: any list as CSV (UTF-8 BOM so Excel opens Chinese) or XLSX, with
 *   Chinese column headers from the column definitions.
 */
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';

export type TableFormat = 'csv' | 'xlsx';
export interface ParsedTable {
  headers: string[];
  /** Data rows as header → trimmed string ('' when empty); `rows[i]` is file row i + 2 (row 1 is the header). */
  rows: Array<Record<string, string>>;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    return '';
  }
  return String(v);
}

/**
 * RFC 4180 CSV (quoted fields, doubled quotes, CR/LF/CRLF, newlines inside quotes; BOM stripped; blank lines skipped).
 * Hand-rolled because csv-parse costs about as much as the COPY itself on a 100,000-row import.
 */
export function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  let row: string[] = [];
  while (i <= n) {
    let field: string;
    if (text.charCodeAt(i) === 34 /* " */) {
      let buf = '';
      let start = ++i;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error('CSV: unterminated quoted field');
        if (text.charCodeAt(q + 1) === 34) {
          buf += text.slice(start, q + 1);
          i = start = q + 2;
          continue;
        }
        field = buf + text.slice(start, q);
        i = q + 1;
        break;
      }
    } else {
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === 44 || c === 10 || c === 13) break;
        j++;
      }
      field = text.slice(i, j);
      i = j;
    }
    row.push(field);
    const c = text.charCodeAt(i);
    if (c === 44) {
      i++;
      continue;
    }
    // End of record (newline or end of text).
    if (c === 13 && text.charCodeAt(i + 1) === 10) i += 2;
    else i++;
    if (!(row.length === 1 && row[0] === '')) out.push(row);
    row = [];
  }
  return out;
}

/** One CSV line per row, quoting only when needed; `null` becomes `nullToken` (for COPY's NULL). */
export function toCsvLines(
  rows: ReadonlyArray<ReadonlyArray<string | number | null>>,
  nullToken = '',
): string {
  let out = '';
  for (const r of rows) {
    for (let k = 0; k < r.length; k++) {
      const v = r[k];
      let t = v === null || v === undefined ? nullToken : String(v);
      if (t.includes('"') || t.includes(',') || t.includes('\n') || t.includes('\r'))
        t = `"${t.replace(/"/g, '""')}"`;
      out += k ? ',' + t : t;
    }
    out += '\n';
  }
  return out;
}

export async function parseTable(data: Buffer | Uint8Array, format: TableFormat): Promise<ParsedTable> {
  if (format === 'csv') {
    const records = parseCsv(Buffer.from(data).toString('utf8'));
    const headers = (records[0] ?? []).map((h) => h.trim());
    const rows = records.slice(1).map((r) => {
      const o: Record<string, string> = {};
      headers.forEach((h, i) => (o[h] = (r[i] ?? '').trim()));
      return o;
    });
    return { headers, rows };
  }
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(data) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (!ws) return { headers: [], rows: [] };
  const headers: string[] = [];
  ws.getRow(1).eachCell({ includeEmpty: true }, (c, col) => (headers[col - 1] = cellText(c.value).trim()));
  const rows: Array<Record<string, string>> = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const o: Record<string, string> = {};
    let any = false;
    headers.forEach((h, i) => {
      const t = cellText(row.getCell(i + 1).value).trim();
      if (t) any = true;
      o[h] = t;
    });
    if (any) rows.push(o);
  }
  return { headers, rows };
}

export interface ColumnDef<T> {
  key: keyof T & string;
  /** Chinese header, e.g. 企业名称. */
  header: string;
  format?: (value: unknown, row: T) => string | number | null;
}

export async function exportTable<T extends object>(
  rows: readonly T[],
  columns: ReadonlyArray<ColumnDef<T>>,
  format: TableFormat,
): Promise<Buffer> {
  const values = rows.map((r) =>
    columns.map((c) => {
      const v = (r as Record<string, unknown>)[c.key];
      if (c.format) return c.format(v, r);
      if (v === null || v === undefined) return '';
      if (v instanceof Date) return v.toISOString();
      return typeof v === 'number' ? v : String(v);
    }),
  );
  if (format === 'csv') {
    return Buffer.from('\uFEFF' + stringify([columns.map((c) => c.header), ...values]), 'utf8');
  }
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow(columns.map((c) => c.header));
  ws.getRow(1).font = { bold: true };
  for (const v of values) ws.addRow(v);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
