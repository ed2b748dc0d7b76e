import { and, asc, desc, eq, getTableColumns, ilike, inArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../client.js';
import { departments, enterprises, hazardClauses, hazardStandards, regions } from '../schema/index.js';
import { DomainError } from '../../domain/errors.js';
import { enterprisesInScope, type Scope } from './scope.js';
import { pageOf, type ListQuery, type ListResult } from './list-params.js';
import { isUuidText } from './ids.js';

/**
 * Registry reads for the console's pickers and pages: regions (行政区划), departments (监管部门), standards
 * (判定标准) and clauses (条款) are reference data every logged-in user may read; enterprises (企业) are scoped —
 * an enterprise user sees only itself, region-bound roles their region subtree (a department's supervisors and
 * leaders only its industries), the administrator all (`enterprisesInScope`).
 */
interface Reference {
  table: PgTable;
  id: PgColumn;
  /** Exact-match filters: filter key → column. */
  eq: Record<string, PgColumn>;
  /** Text searched by filter.q: a column, or an expression over several. */
  q?: PgColumn | SQL;
  /** Columns added to each row (a clause's standard, so a picker can name it). */
  extra?: Record<string, SQL>;
  sort: Record<string, PgColumn>;
  defaultSort: [string, 'ASC' | 'DESC'];
  scope?: (s: Scope) => SQL;
}

export const REFERENCES = {
  regions: {
    table: regions,
    id: regions.code,
    eq: { parentCode: regions.parentCode, level: regions.level },
    q: regions.name,
    sort: { code: regions.code, name: regions.name, level: regions.level },
    defaultSort: ['code', 'ASC'],
  },
  departments: {
    table: departments,
    id: departments.id,
    eq: { regionCode: departments.regionCode },
    q: departments.name,
    sort: { name: departments.name, regionCode: departments.regionCode },
    defaultSort: ['name', 'ASC'],
  },
  standards: {
    table: hazardStandards,
    id: hazardStandards.id,
    eq: { industry: hazardStandards.industry, code: hazardStandards.code },
    q: hazardStandards.title,
    sort: {
      code: hazardStandards.code,
      title: hazardStandards.title,
      effectiveDate: hazardStandards.effectiveDate,
    },
    defaultSort: ['code', 'ASC'],
  },
  clauses: {
    table: hazardClauses,
    id: hazardClauses.id,
    eq: { standardId: hazardClauses.standardId, category: hazardClauses.category },
    // People look a clause up by its number (第十二条), its words, or its standard (应急管理部令第10号, 工贸).
    q: sql`${hazardClauses.clauseNo} || ' ' || ${hazardClauses.text} || ' ' || coalesce((select ${hazardStandards.code} || ' ' || ${hazardStandards.title} from ${hazardStandards} where ${hazardStandards.id} = ${hazardClauses.standardId}), '')`,
    extra: {
      standardCode: sql`(select ${hazardStandards.code} from ${hazardStandards} where ${hazardStandards.id} = ${hazardClauses.standardId})`,
      standardTitle: sql`(select ${hazardStandards.title} from ${hazardStandards} where ${hazardStandards.id} = ${hazardClauses.standardId})`,
    },
    sort: { sortOrder: hazardClauses.sortOrder, clauseNo: hazardClauses.clauseNo },
    defaultSort: ['sortOrder', 'ASC'],
  },
  enterprises: {
    table: enterprises,
    id: enterprises.id,
    eq: {
      industryCategory: enterprises.industryCategory,
      status: enterprises.status,
      riskGrade: enterprises.riskGrade,
      departmentId: enterprises.departmentId,
      regionCode: enterprises.regionCode,
      scale: enterprises.scale, // 规上/规下: a filter of the console's enterprise list
      riskColour: enterprises.riskColour, // 红橙黄蓝 and A–D: filters of the console's 风险分级 list
      managementLevel: enterprises.managementLevel,
    },
    q: enterprises.name,
    sort: {
      name: enterprises.name,
      creditCode: enterprises.creditCode,
      riskGrade: enterprises.riskGrade,
      status: enterprises.status,
      regionCode: enterprises.regionCode,
    },
    defaultSort: ['name', 'ASC'],
    scope: enterprisesInScope,
  },
} satisfies Record<string, Reference>;
export type ReferenceName = keyof typeof REFERENCES;

function whereOf(ref: Reference, scope: Scope, filter: Record<string, unknown>): SQL {
  const w: SQL[] = [ref.scope ? ref.scope(scope) : sql`true`];
  for (const [key, value] of Object.entries(filter)) {
    const col = ref.eq[key];
    if (key === 'q' && ref.q && typeof value === 'string' && value.length <= 200) {
      if (value) w.push(ilike(ref.q, `%${value.replace(/[%_\\]/g, (c) => `\\${c}`)}%`));
    } else if (
      key === 'id' &&
      Array.isArray(value) &&
      value.length <= 1000 &&
      value.every((v) => typeof v === 'string')
    ) {
      w.push(
        ref.id === regions.code
          ? inArray(ref.id, value as string[])
          : inArray(sql`${ref.id}::text`, value as string[]),
      );
    } else if (col && typeof value === 'string' && value.length <= 200) {
      w.push(eq(sql`${col}::text`, value));
    } else {
      throw new DomainError('VALIDATION', `不支持的筛选条件：${key}`, {
        [`filter.${key}`]: `可用筛选：${['q', 'id', ...Object.keys(ref.eq)].join(', ')}`,
      });
    }
  }
  return and(...w)!;
}

export async function listReference(
  db: Db,
  name: ReferenceName,
  scope: Scope,
  q: ListQuery,
): Promise<ListResult<Record<string, unknown>>> {
  const ref: Reference = REFERENCES[name];
  const where = whereOf(ref, scope, q.filter ?? {});
  const [field, order] = q.sort ?? ref.defaultSort;
  // `id` is react-admin's default sort (pickers ask for it); every register can be ordered by its key.
  const col = field === 'id' ? ref.id : ref.sort[field];
  if (!col)
    throw new DomainError('VALIDATION', `不能按 ${field} 排序`, {
      sort: `可排序字段：${['id', ...Object.keys(ref.sort)].join(', ')}`,
    });
  const { offset, limit } = pageOf(q);
  const [rows, [count]] = await Promise.all([
    (ref.extra
      ? db.select({ ...getTableColumns(ref.table), ...ref.extra }).from(ref.table)
      : db.select().from(ref.table)
    )
      .where(where)
      .orderBy(order === 'ASC' ? asc(col) : desc(col), asc(ref.id))
      .limit(limit)
      .offset(offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(ref.table)
      .where(where),
  ]);
  // Regions are keyed by their administrative code; react-admin wants `id`.
  const out = (rows as Array<Record<string, unknown>>).map((r) =>
    name === 'regions' ? { id: r.code, ...r } : r,
  );
  return { rows: out, total: count?.n ?? 0, from: offset };
}

export async function getReference(
  db: Db,
  name: ReferenceName,
  scope: Scope,
  id: string,
): Promise<Record<string, unknown>> {
  const ref: Reference = REFERENCES[name];
  // Every key but a region's code is a uuid: anything else cannot exist (and would defeat the index).
  if (name !== 'regions' && !isUuidText(id)) throw new DomainError('NOT_FOUND', '记录不存在');
  const [row] = await (
    ref.extra
      ? db.select({ ...getTableColumns(ref.table), ...ref.extra }).from(ref.table)
      : db.select().from(ref.table)
  ).where(and(eq(ref.id, id), ref.scope ? ref.scope(scope) : sql`true`));
  if (!row) throw new DomainError('NOT_FOUND', '记录不存在');
  const r = row as Record<string, unknown>;
  return name === 'regions' ? { id: r.code, ...r } : r;
}
