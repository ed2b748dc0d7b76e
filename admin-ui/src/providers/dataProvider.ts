import simpleRestProvider from 'ra-data-simple-rest';
import { HttpError, type DataProvider } from 'react-admin';
import type { CaseAction } from '../../../domain/case-actions';
import { todayShanghai } from '../common/format';
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
  /** The case whose escalation rung decided it; null for one decided at an inspection (监督检查). */
  caseId: string | null;
  escalationId: string | null;
  inspectionId: string | null;
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

/**
 * Console resources that are a view of another route: 风险分级 is the enterprise register with each unit's grades
 * (GET /enterprises, and GET /enterprises/{id}/grades for a record's history).
 */
const ALIASES: Record<string, string> = { 'risk-grades': 'enterprises' };

interface DutyPolicyVersion {
  id: string;
  regionCode: string;
  version: number;
  effectiveFrom: string;
  body: unknown;
}

/**
 * 排查职责规定: the API answers every version at once (a handful per region), the console pages them itself. Each
 * version gets its state on today (现行 / 待生效 / 已被替代) and the body of the region's version before it (its
 * changes are shown against that one; the first version's against the default).
 */
async function dutyPolicyVersions(regionCode?: string) {
  const q = regionCode ? `?regionCode=${encodeURIComponent(regionCode)}` : '';
  const rows = (await httpClient(`/api/duty-policies${q}`)).json as DutyPolicyVersion[];
  const today = todayShanghai();
  return rows.map((r) => {
    const region = rows.filter((x) => x.regionCode === r.regionCode);
    const inForce = region
      .filter((x) => x.effectiveFrom <= today)
      .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom) || b.version - a.version)[0];
    const previous = region.filter((x) => x.version < r.version).sort((a, b) => b.version - a.version)[0];
    const state = r.effectiveFrom > today ? 'future' : inForce?.id === r.id ? 'in_force' : 'superseded';
    return { ...r, state, previous: previous ? { version: previous.version, body: previous.body } : null };
  });
}

export const dataProvider: DubanDataProvider = {
  ...base,
  async getList(resource, params) {
    if (resource === 'duty-policies') {
      const filter = (params.filter ?? {}) as { regionCode?: string };
      const all = await dutyPolicyVersions(filter.regionCode || undefined);
      const { page = 1, perPage = 25 } = params.pagination ?? {};
      return { data: all.slice((page - 1) * perPage, page * perPage) as never, total: all.length };
    }
    return base.getList(ALIASES[resource] ?? resource, params);
  },
  async getMany(resource, params) {
    return base.getMany(ALIASES[resource] ?? resource, params);
  },
  async getOne(resource, params) {
    if (resource === 'risk-grades') {
      const id = encodeURIComponent(String(params.id));
      const [e, g] = await Promise.all([
        httpClient(`/api/enterprises/${id}`),
        httpClient(`/api/enterprises/${id}/grades`),
      ]);
      return { data: { ...(e.json as object), ...(g.json as object), id: params.id } as never };
    }
    if (resource === 'patrols') {
      // A patrol is read through the list (its scope), filtered to the one id.
      const filter = encodeURIComponent(JSON.stringify({ id: params.id }));
      const { json } = await httpClient(`/api/patrols?filter=${filter}`);
      const found = (json as { id: string }[])[0];
      if (!found) throw new HttpError('巡查记录不存在', 404);
      return { data: found as never };
    }
    if (resource === 'duty-policies') {
      const found = (await dutyPolicyVersions()).find((r) => String(r.id) === String(params.id));
      if (!found) throw new HttpError('排查职责规定不存在', 404);
      return { data: found as never };
    }
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
