import { HttpError, type DataProvider, type RaRecord } from 'react-admin';

type Rows = Record<string, RaRecord[]>;
export interface Call {
  method: string;
  resource: string;
  params: unknown;
}

/**
 * An in-memory data provider for component tests only (the API itself is tested on real servers): exact-match
 * filters and `q` over `name`, sorting, paging, and hooks that answer a write the way the API refuses one — an
 * HttpError whose body carries `{ errors: { field: message } }`.
 */
export function memoryProvider(
  initial: Rows,
  refuse: (method: string, resource: string, data: Record<string, unknown>) => HttpError | null = () => null,
) {
  const db: Rows = structuredClone(initial);
  const calls: Call[] = [];
  const table = (r: string) => (db[r] ??= []);
  const matches = (row: RaRecord, filter: Record<string, unknown>) =>
    Object.entries(filter).every(([k, v]) =>
      k === 'q'
        ? String(row.name ?? '').includes(String(v))
        : Array.isArray(v)
          ? v.includes(row[k])
          : row[k] === v,
    );
  const list = (
    resource: string,
    filter: Record<string, unknown>,
    sort?: { field: string; order: string },
    pagination?: { page: number; perPage: number },
  ) => {
    let rows = table(resource).filter((r) => matches(r, filter));
    if (sort?.field) {
      const dir = sort.order === 'DESC' ? -1 : 1;
      rows = [...rows].sort((a, b) => (String(a[sort.field]) < String(b[sort.field]) ? -dir : dir));
    }
    const { page = 1, perPage = 25 } = pagination ?? {};
    return { data: rows.slice((page - 1) * perPage, page * perPage), total: rows.length };
  };
  const provider: DataProvider = {
    getList: async (resource, params) => {
      calls.push({ method: 'getList', resource, params });
      return list(resource, params.filter ?? {}, params.sort, params.pagination) as never;
    },
    getOne: async (resource, params) => {
      calls.push({ method: 'getOne', resource, params });
      const row = table(resource).find((r) => String(r.id) === String(params.id));
      if (!row)
        throw new HttpError('记录不存在', 404, { error: { code: 'NOT_FOUND', message: '记录不存在' } });
      return { data: row } as never;
    },
    getMany: async (resource, params) => {
      calls.push({ method: 'getMany', resource, params });
      return { data: table(resource).filter((r) => params.ids.map(String).includes(String(r.id))) } as never;
    },
    // GET /enterprises/{id}/penalties: rows of `penalties` with this enterpriseId, and the threshold the test gives.
    penalties: async (enterpriseId: string) => {
      calls.push({ method: 'penalties', resource: 'enterprises', params: { id: enterpriseId } });
      const rows = table('penalties').filter((r) => r.enterpriseId === enterpriseId);
      const threshold = table('closureThresholds').find((r) => r.id === enterpriseId);
      return {
        enterpriseId,
        penalties: rows,
        closureThreshold: threshold ?? { asOf: '', penalties180: 0, penalties365: 0, reached: false },
      };
    },
    getManyReference: async (resource, params) => {
      calls.push({ method: 'getManyReference', resource, params });
      return list(
        resource,
        { ...params.filter, [params.target]: params.id },
        params.sort,
        params.pagination,
      ) as never;
    },
    create: async (resource, params) => {
      calls.push({ method: 'create', resource, params });
      const refusal = refuse('create', resource, params.data as Record<string, unknown>);
      if (refusal) throw refusal;
      const row = { id: `new-${table(resource).length + 1}`, ...params.data } as RaRecord;
      table(resource).push(row);
      return { data: row } as never;
    },
    update: async (resource, params) => {
      calls.push({ method: 'update', resource, params });
      const refusal = refuse('update', resource, params.data as Record<string, unknown>);
      if (refusal) throw refusal;
      const rows = table(resource);
      const i = rows.findIndex((r) => String(r.id) === String(params.id));
      rows[i] = { ...rows[i]!, ...params.data } as RaRecord;
      return { data: rows[i] } as never;
    },
    updateMany: async () => ({ data: [] }),
    delete: async (resource, params) => ({ data: params.previousData }) as never,
    deleteMany: async () => ({ data: [] }),
  };
  return { provider, calls, db };
}

/** The API's refusal of a field, as api/errors.ts writes it. */
export const fieldError = (status: number, errors: Record<string, string>) =>
  new HttpError(Object.values(errors)[0] ?? 'invalid', status, {
    error: {
      code: status === 409 ? 'CONFLICT' : 'VALIDATION',
      message: Object.values(errors)[0],
      requestId: 't',
    },
    errors,
  });
