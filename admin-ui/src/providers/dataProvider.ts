import simpleRestProvider from 'ra-data-simple-rest';
import { HttpError, type DataProvider } from 'react-admin';
import type { CaseAction } from '../../../domain/case-actions';
import { httpClient } from './http';

export interface DocumentRecord {
  id: string;
  caseId: string;
  kind: string;
  filename: string;
  mimeType: string;
  size: number;
}

export interface PenaltyRecord {
  id: string;
  caseId: string;
  escalationId: string;
  kind: string;
  decidedOn: string;
  decisionNo: string;
  amountYuan: number | null;
  recordedAt: string;
}
export interface EnterprisePenalties {
  enterpriseId: string;
  penalties: PenaltyRecord[];
  closureThreshold: { asOf: string; penalties180: number; penalties365: number; reached: boolean };
}

/** The API follows ra-data-simple-rest's conventions (sort/range/filter, Content-Range); commands are extra verbs. */
export interface DubanDataProvider extends DataProvider {
  /** A case command; the idempotency key makes a double click or a retried request apply once. */
  command(caseId: string, action: CaseAction, body: unknown, idempotencyKey: string): Promise<unknown>;
  /** Uploads one evidence file to a case and returns the stored document. */
  upload(caseId: string, kind: string, file: File): Promise<DocumentRecord>;
  dashboard(): Promise<unknown>;
  /** GET /enterprises/{id}/penalties: the 行政处罚 on file and the 安全生产法 Art. 113 closure threshold. */
  penalties(enterpriseId: string): Promise<EnterprisePenalties>;
  bulk(path: string, body: unknown): Promise<unknown>;
}

const base = simpleRestProvider('/api', httpClient);

/** Resources the API lists whole without a GET by id (a handful of rows): a record is read from the list. */
const LISTED_ONLY = new Set(['issuing-authorities', 'webhook-subscriptions']);

export const dataProvider: DubanDataProvider = {
  ...base,
  async getOne(resource, params) {
    if (!LISTED_ONLY.has(resource)) return base.getOne(resource, params);
    const { json } = await httpClient(`/api/${resource}`);
    const found = (json as { id: string }[]).find((r) => String(r.id) === String(params.id));
    if (!found) throw new HttpError('记录不存在', 404);
    return { data: found as never };
  },
  // A report (POST /cases) with `meta.idempotencyKey` sends it, so a retried submission creates one case.
  async create(resource, params) {
    const key = (params.meta as { idempotencyKey?: string } | undefined)?.idempotencyKey;
    if (!key) return base.create(resource, params);
    const { json } = await httpClient(`/api/${resource}`, {
      method: 'POST',
      body: JSON.stringify(params.data),
      headers: new Headers({ 'Content-Type': 'application/json', 'Idempotency-Key': key }),
    });
    return { data: json };
  },
  async command(caseId, action, body, idempotencyKey) {
    const { json } = await httpClient(`/api/cases/${encodeURIComponent(caseId)}/${action}`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: new Headers({ 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey }),
    });
    return json;
  },
  async upload(caseId, kind, file) {
    const form = new FormData();
    form.append('caseId', caseId);
    form.append('kind', kind);
    form.append('file', file);
    const { json } = await httpClient('/api/documents', { method: 'POST', body: form });
    return json as DocumentRecord;
  },
  async dashboard() {
    return (await httpClient('/api/dashboard')).json;
  },
  async penalties(enterpriseId) {
    return (await httpClient(`/api/enterprises/${encodeURIComponent(enterpriseId)}/penalties`))
      .json as EnterprisePenalties;
  },
  async bulk(path, body) {
    return (await httpClient(`/api/${path}`, { method: 'POST', body: JSON.stringify(body) })).json;
  },
};
