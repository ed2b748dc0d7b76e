import { HttpError } from 'react-admin';
import { httpClient } from '../providers/http';

export type ExportFormat = 'csv' | 'xlsx';
export type ImportResource = 'enterprises' | 'regions' | 'general-hazards';

/** One problem in an import file: `row` is the file's row number (the header is row 1). */
export interface ImportError {
  row: number;
  field: string;
  reason: string;
}
export interface ImportReport {
  total: number;
  validCount: number;
  imported: number;
  errors: ImportError[];
  dryRun?: boolean;
}

/** The server's export of a list with the list's current filter and sort (never more than the caller may see). */
export function exportUrl(
  resource: string,
  format: ExportFormat,
  filter: Record<string, unknown>,
  sort?: { field: string; order: string },
): string {
  const q = new URLSearchParams({ format, filter: JSON.stringify(filter) });
  if (sort?.field) q.set('sort', JSON.stringify([sort.field, sort.order]));
  return `/api/${resource}/export?${q.toString()}`;
}

/** Downloads through fetch (not a link) so a failure arrives as the API's message instead of a blank page. */
export async function downloadExport(url: string, fallbackName: string): Promise<void> {
  const res = await fetch(url, { credentials: 'include' });
  if (!res.ok) {
    const body = (await res.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
    throw new HttpError(body?.error?.message ?? res.statusText, res.status, body);
  }
  const disposition = res.headers.get('Content-Disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const plain = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  const name = star ? decodeURIComponent(star) : (plain ?? fallbackName);
  const href = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/**
 * Sends a file to the import route. `dryRun` validates and reports without writing; an import with errors writes
 * nothing unless `importValidRows` is set, in which case the valid rows are written and the errors still reported.
 */
export async function importFile(
  resource: ImportResource,
  file: File,
  opts: { dryRun: boolean; importValidRows: boolean },
): Promise<ImportReport> {
  const form = new FormData();
  form.append('file', file);
  form.append('dryRun', String(opts.dryRun));
  form.append('importValidRows', String(opts.importValidRows));
  try {
    const { json } = await httpClient(`/api/imports/${resource}`, { method: 'POST', body: form });
    return json as ImportReport;
  } catch (err) {
    // An import refused because of row errors still carries the report: show it rather than a bare message.
    const body = (err as HttpError).body as { report?: ImportReport } | ImportReport | undefined;
    if (body && 'errors' in body && Array.isArray(body.errors)) return body as ImportReport;
    if (body && 'report' in body && body.report) return body.report;
    throw err;
  }
}
