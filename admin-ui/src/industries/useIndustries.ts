import { useMemo } from 'react';
import { useGetList } from 'react-admin';
import { taxonomyFrom, type IndustryRow } from '../../../domain/industries';

export interface IndustryRecord extends IndustryRow {
  id: string;
  version: number;
  cityDepartment: string | null;
  countyDepartment: string | null;
  scheduled: Array<{ level: 'city' | 'county'; departmentName: string | null; effectiveFrom: string }>;
}

export interface Choice {
  id: string;
  name: string;
}

/**
 * The industry classification as the server holds it (GET /api/industries; it is data administrators edit): names
 * for every code (retired ones included, records keep them) and pickers offering the active 大类/小类 only. Loaded
 * once per session and shared by every page through react-query's cache.
 */
export function useIndustries() {
  const { data } = useGetList<IndustryRecord>(
    'industries',
    { pagination: { page: 1, perPage: 1000 }, sort: { field: 'sortOrder', order: 'ASC' } },
    { staleTime: 5 * 60_000 },
  );
  return useMemo(() => {
    const taxonomy = taxonomyFrom(data ?? []);
    const active = taxonomy.categories.filter((c) => c.active);
    const subChoices = (c: (typeof active)[number]): Choice[] =>
      c.subs.filter((s) => s.active).map((s) => ({ id: s.code, name: `${c.name} / ${s.name}` }));
    return {
      loaded: data !== undefined,
      // Until the names have come, nothing rather than the code ('commerce' flashing in a case list).
      name: (code: string | null | undefined): string =>
        code ? (data === undefined ? '' : taxonomy.name(code)) : '—',
      /** 大类, for filters. */
      categoryChoices: active.map((c): Choice => ({ id: c.code, name: c.name })),
      /** 小类 with their 大类, for an enterprise's industry. */
      subCategoryChoices: active.flatMap(subChoices),
      /** A department may supervise a whole 大类 or single 小类. */
      industryCodeChoices: active.flatMap((c): Choice[] => [{ id: c.code, name: c.name }, ...subChoices(c)]),
    };
  }, [data]);
}
