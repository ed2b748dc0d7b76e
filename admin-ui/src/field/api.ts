import { useQuery } from '@tanstack/react-query';
import { HttpError } from 'react-admin';
import { httpClient } from '../providers/http';

/** What the on-site pages read (GET only; every write goes through the outbox). */
export interface PatrolDue {
  gridId: string;
  gridName: string;
  enterpriseId: string;
  name: string;
  address: string | null;
  riskColour: string;
  lastPatrolledOn: string | null;
  patrolDueOn: string;
  overdue: boolean;
}
export interface SelfInspectionTasks {
  today: string;
  checklistId: string | null;
  tasks: Array<{
    level: string;
    unitName: string;
    frequency: string;
    itemIds: string[];
    periodStart: string;
    periodEnd: string;
    done: boolean;
  }>;
}
export interface HazardRecord {
  id: string;
  hazardNo: number;
  enterpriseId: string;
  description: string;
  location: string | null;
  deadline: string;
  status: string;
  light: string;
  allowedActions: string[];
}
export interface Unit {
  enterpriseId: string;
  name: string;
  gridId: string;
  gridName: string;
}
export interface ChecklistItem {
  id?: string;
  content: string;
}

const get = async <T>(url: string): Promise<T> => (await httpClient(url)).json as T;
const q = (o: Record<string, unknown>) =>
  Object.entries(o)
    .map(([k, v]) => `${k}=${encodeURIComponent(JSON.stringify(v))}`)
    .join('&');

const keptValue = <T>(key: string): T | undefined => {
  const kept = localStorage.getItem(key);
  return kept ? (JSON.parse(kept) as T) : undefined;
};

/** Kept in the browser too: a form opened without network still lists the units seen last time. */
function remembered<T>(key: string, fetcher: () => Promise<T>): () => Promise<T> {
  return async () => {
    try {
      const v = await fetcher();
      localStorage.setItem(key, JSON.stringify(v));
      return v;
    } catch (err) {
      const kept = keptValue<T>(key);
      if (kept !== undefined) return kept;
      throw err;
    }
  };
}

const TO_RECTIFY = 'duban-field-to-rectify';

export const usePatrolsDue = (days: number) =>
  useQuery({
    queryKey: ['field', 'patrols-due', days],
    queryFn: remembered(`duban-field-patrols-${days}`, () =>
      get<{ today: string; items: PatrolDue[] }>(`/api/patrols/today?days=${days}`),
    ),
  });

export const useSelfInspectionTasks = (enabled: boolean) =>
  useQuery({
    queryKey: ['field', 'self-inspection-tasks'],
    queryFn: remembered('duban-field-self-inspection-tasks', () =>
      get<SelfInspectionTasks>('/api/self-inspections/tasks'),
    ),
    enabled,
  });

export interface SheetItem {
  id: string;
  content: string;
  basis: string | null;
}
/** The items of the enterprise's checklist in force (to answer a self-inspection sheet on site). */
export const useChecklistItems = (checklistId: string | null | undefined) =>
  useQuery({
    queryKey: ['field', 'checklist', checklistId],
    enabled: !!checklistId,
    queryFn: remembered(`duban-field-checklist-${checklistId}`, async () => {
      const c = await get<{ items?: SheetItem[] }>(`/api/checklists/${checklistId}`);
      return (c.items ?? []).map(({ id, content, basis }) => ({ id, content, basis }));
    }),
  });

export const useHazardsToRectify = () =>
  useQuery({
    queryKey: ['field', 'to-rectify'],
    queryFn: remembered(TO_RECTIFY, () =>
      get<HazardRecord[]>(
        `/api/general-hazards?${q({ filter: { status: ['open', 'reopened'] }, sort: ['deadline', 'ASC'], range: [0, 49] })}`,
      ),
    ),
  });

/** One hazard; with no network, as last read, or as the home page's list of hazards to rectify last showed it. */
export const useHazard = (id: string) =>
  useQuery({
    queryKey: ['field', 'hazard', id],
    queryFn: remembered(`duban-field-hazard-${id}`, async () => {
      try {
        return await get<HazardRecord>(`/api/general-hazards/${id}`);
      } catch (err) {
        const listed = keptValue<HazardRecord[]>(TO_RECTIFY)?.find((h) => h.id === id);
        if (listed && !(err instanceof HttpError)) return listed;
        throw err;
      }
    }),
  });

/** The grid member's units: every unit of every grid they staff. */
export const useMyUnits = (enabled: boolean) =>
  useQuery({
    queryKey: ['field', 'units'],
    enabled,
    queryFn: remembered('duban-field-units', async () => {
      const grids = await get<Array<{ id: string; name: string }>>(`/api/grids?${q({ range: [0, 99] })}`);
      const details = await Promise.all(
        grids.map((g) =>
          get<{ id: string; name: string; enterprises: Array<{ enterpriseId: string; name: string }> }>(
            `/api/grids/${g.id}`,
          ),
        ),
      );
      return details.flatMap((d) =>
        d.enterprises.map((e) => ({
          enterpriseId: e.enterpriseId,
          name: e.name,
          gridId: d.id,
          gridName: d.name,
        })),
      );
    }),
  });

/**
 * 巡查清单: the items of the patrol templates (kind patrol) the administrators keep; without one, a short general
 * card of the things every unit is checked for.
 */
export const DEFAULT_PATROL_ITEMS: ChecklistItem[] = [
  { content: '安全出口、疏散通道畅通' },
  { content: '消防器材完好有效' },
  { content: '电气线路规范，无私拉乱接' },
  { content: '危险物品按规定存放' },
  { content: '作业人员按规定佩戴劳动防护用品' },
];
export const usePatrolChecklist = (enabled = true) =>
  useQuery({
    queryKey: ['field', 'patrol-checklist'],
    enabled,
    queryFn: remembered('duban-field-patrol-checklist', async () => {
      const templates = await get<Array<{ id: string }>>('/api/checklist-templates?kind=patrol');
      if (!templates[0]) return DEFAULT_PATROL_ITEMS;
      const t = await get<{ items?: Array<{ id: string; content: string }> }>(
        `/api/checklist-templates/${templates[0].id}`,
      );
      return t.items?.length ? t.items.map((i) => ({ id: i.id, content: i.content })) : DEFAULT_PATROL_ITEMS;
    }),
  });
