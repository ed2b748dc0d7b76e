/**
 * 隐患排查清单 and the duties that run on it, pure: the checklist's review lifecycle (编制 → 提交 → 验收 / 退回), the
 * self-inspection periods an item's frequency sets (日管控、周排查、月调度), today's tasks as the sheets of the checklist in
 * force whose current period has no record, and the inputs of the checklist, self-inspection, grid, patrol and grade
 * commands as zod schemas with Chinese messages (shared by the API and the console).
 *
 * Three levels (企业有清单、车间有表册、岗位有卡片, seed 004): `enterprise` items (unit 全厂), `area` sheets (a workshop or
 * area) and `post` cards (a post). A sheet is (level, unit, frequency): one self-inspection records one sheet for one
 * period.
 */
import { z } from 'zod';
import { addCalendarDays } from '../calendar.js';
import { hazardCategories } from './lifecycle.js';
import { managementLevels, riskColours } from './policy.js';
import { isoDate, text, uuid } from './schemas.js';

export const checklistLevels = ['enterprise', 'area', 'post'] as const;
export type ChecklistLevel = (typeof checklistLevels)[number];
export const checkFrequencies = ['daily', 'weekly', 'monthly'] as const;
export type CheckFrequency = (typeof checkFrequencies)[number];
export const checklistStatuses = ['draft', 'submitted', 'accepted', 'returned'] as const;
export type ChecklistStatus = (typeof checklistStatuses)[number];
export const LEVEL_LABEL: Record<ChecklistLevel, string> = {
  enterprise: '企业清单',
  area: '车间表册',
  post: '岗位卡片',
};
export const WHOLE_SITE = '全厂';

/** The first day of the period of `frequency` containing `date`: the day, its week's Monday, its month's first. */
export function periodStartOf(date: string, frequency: CheckFrequency): string {
  if (frequency === 'daily') return date;
  if (frequency === 'monthly') return `${date.slice(0, 7)}-01`;
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addCalendarDays(date, -((dow + 6) % 7));
}
/** The last day of that period. */
export function periodEndOf(start: string, frequency: CheckFrequency): string {
  if (frequency === 'daily') return start;
  if (frequency === 'weekly') return addCalendarDays(start, 6);
  const [y, m] = [Number(start.slice(0, 4)), Number(start.slice(5, 7))];
  return `${start.slice(0, 7)}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

export interface Sheet {
  level: ChecklistLevel;
  unitName: string;
  frequency: CheckFrequency;
  itemIds: string[];
}
const sheetKey = (s: { level: string; unitName: string; frequency: string }) =>
  `${s.level}\u0001${s.unitName}\u0001${s.frequency}`;

/** The sheets of a checklist: its items grouped by (level, unit, frequency), in level order. */
export function sheetsOf(
  items: ReadonlyArray<{ id: string; level: ChecklistLevel; unitName: string; frequency: CheckFrequency }>,
): Sheet[] {
  const by = new Map<string, Sheet>();
  for (const i of items) {
    const k = sheetKey(i);
    let s = by.get(k);
    if (!s) by.set(k, (s = { level: i.level, unitName: i.unitName, frequency: i.frequency, itemIds: [] }));
    s.itemIds.push(i.id);
  }
  const order = (s: Sheet) => checklistLevels.indexOf(s.level) * 10 + checkFrequencies.indexOf(s.frequency);
  // Stable: within a level and frequency the sheets keep the checklist's order (一号车间 before 二号车间).
  return [...by.values()].sort((a, b) => order(a) - order(b));
}

export interface SelfInspectionTask extends Sheet {
  periodStart: string;
  periodEnd: string;
  done: boolean;
}
/** Today's self-inspection tasks: every sheet for its current period, done when a record for that period exists. */
export function tasksOn(
  today: string,
  sheets: readonly Sheet[],
  records: ReadonlyArray<{ level: string; unitName: string; frequency: string; periodStart: string }>,
): SelfInspectionTask[] {
  const done = new Set(records.map((r) => `${sheetKey(r)}\u0001${r.periodStart}`));
  return sheets.map((s) => {
    const periodStart = periodStartOf(today, s.frequency);
    return {
      ...s,
      periodStart,
      periodEnd: periodEndOf(periodStart, s.frequency),
      done: done.has(`${sheetKey(s)}\u0001${periodStart}`),
    };
  });
}

export type ChecklistAction = 'submit' | 'accept' | 'return';
/** What a review command may start from; a refusal message otherwise. */
export function checklistRefusal(action: ChecklistAction, status: ChecklistStatus): string | undefined {
  const from: Record<ChecklistAction, ChecklistStatus[]> = {
    submit: ['draft', 'returned'],
    accept: ['submitted'],
    return: ['submitted'],
  };
  if (from[action].includes(status)) return undefined;
  const label = { draft: '编制中', submitted: '已提交待验收', accepted: '已验收', returned: '已退回' }[
    status
  ];
  return `清单${label}，不能${{ submit: '提交', accept: '验收', return: '退回' }[action]}`;
}

// ---------- inputs ----------

const item = z.object({
  level: z.enum(checklistLevels, { error: '清单层级无效' }),
  unitName: text(100, '车间/岗位名称').optional(),
  content: text(500, '排查内容'),
  clauseId: uuid.optional(),
  basis: text(500, '排查依据').optional(),
  frequency: z.enum(checkFrequencies, { error: '排查频次无效' }),
  category: z.enum(hazardCategories, { error: '隐患类别无效' }).default('site'),
});
export type ChecklistItemInput = z.infer<typeof item>;

/** An industry template (行业排查指引), its items drawn from the standards library (clauseId) or written out. */
export const checklistTemplateInput = z
  .object({
    kind: z.enum(['self', 'patrol', 'inspection'], { error: '模板用途无效' }),
    industryCode: z.string().trim().min(1).max(64).optional(),
    name: text(100, '模板名称'),
    standardId: uuid.optional(),
    source: text(300, '编制依据').optional(),
    items: z
      .array(item.extend({ content: text(500, '排查内容').optional() }))
      .min(1, { error: '模板至少一项' })
      .max(500, { error: '模板最多500项' }),
  })
  .refine((v) => v.items.every((i) => i.content !== undefined || i.clauseId !== undefined), {
    error: '每项须填写排查内容或引用判定标准条款',
    path: ['items'],
  });

/**
 * 编制清单: a new draft version from industry templates and the enterprise's own items. Template items at the area and
 * post levels are copied once for each workshop/area and post named here (or under the template's own unit name).
 */
export const buildChecklistInput = z
  .object({
    templateIds: z.array(uuid).max(20, { error: '最多选择20个模板' }).default([]),
    areas: z.array(text(100, '车间/区域名称')).max(100).default([]),
    posts: z.array(text(100, '岗位名称')).max(200).default([]),
    items: z.array(item).max(1000, { error: '最多1000项' }).default([]),
  })
  .refine((v) => v.templateIds.length > 0 || v.items.length > 0, {
    error: '请选择行业模板或填写排查项',
    path: ['templateIds'],
  });

export const reviewChecklistInput = z.object({ note: text(1000, '验收意见').optional() });
export const returnChecklistInput = z.object({ note: text(1000, '退回理由') });

const gps = {
  lat: z.number({ error: '纬度应为数字' }).min(-90, { error: '纬度应在 -90 到 90 之间' }).max(90, {
    error: '纬度应在 -90 到 90 之间',
  }),
  lng: z.number({ error: '经度应为数字' }).min(-180, { error: '经度应在 -180 到 180 之间' }).max(180, {
    error: '经度应在 -180 到 180 之间',
  }),
};

/** 自查记录: one sheet for its current period; every item answered, a failed one describes the hazard found. */
export const selfInspectionInput = z.object({
  checklistId: uuid,
  level: z.enum(checklistLevels, { error: '清单层级无效' }),
  unitName: text(100, '车间/岗位名称'),
  frequency: z.enum(checkFrequencies, { error: '排查频次无效' }),
  results: z
    .array(
      z
        .object({
          itemId: uuid,
          ok: z.boolean({ error: '请填写检查结果' }),
          note: text(1000, '隐患描述').optional(),
          location: text(200, '隐患部位').optional(),
          responsiblePerson: text(50, '整改责任人').optional(),
        })
        .refine((r) => r.ok || !!r.note, { error: '不合格项须描述发现的隐患', path: ['note'] }),
    )
    .min(1, { error: '请至少检查一项' })
    .max(500),
  lat: gps.lat.optional(),
  lng: gps.lng.optional(),
});

export const gridLevels = ['city', 'county', 'town', 'community', 'enterprise'] as const;
/** 网格: one leader (分管领导) and two responsible supervisors (安全监管责任人), seed 002; grid members patrol it. */
export const gridInput = z
  .object({
    code: z
      .string({ error: '网格编码必填' })
      .trim()
      .regex(/^[0-9A-Za-z-]{2,40}$/, { error: '网格编码应为2至40位字母、数字或连字符' }),
    name: text(100, '网格名称'),
    level: z.enum(gridLevels, { error: '网格层级无效' }),
    regionCode: z.string().regex(/^\d{6,12}$/, { error: '行政区划代码应为6至12位数字' }),
    leaderId: uuid,
    supervisorIds: z
      .array(uuid)
      .length(2, { error: '网格须有且仅有两名安全监管责任人' })
      .refine((a) => a[0] !== a[1], { error: '两名安全监管责任人不能是同一人' }),
    memberIds: z.array(uuid).max(50).default([]),
  })
  .refine((v) => !v.supervisorIds.includes(v.leaderId), {
    error: '网格负责人不能兼任安全监管责任人',
    path: ['supervisorIds'],
  });

export const assignEnterprisesInput = z.object({
  enterpriseIds: z.array(uuid).min(1, { error: '请至少选择一家企业' }).max(5000, { error: '一次最多5000家' }),
});

/** 巡查记录: the checklist's answers, photos afterwards (documents with patrolId), GPS where the phone has it. */
export const patrolInput = z
  .object({
    gridId: uuid,
    enterpriseId: uuid,
    patrolledOn: isoDate,
    outcome: z.enum(['ok', 'hazards_found', 'premises_closed'], { error: '巡查结论无效' }),
    results: z
      .array(
        z
          .object({
            itemId: uuid.optional(),
            content: text(500, '巡查内容'),
            ok: z.boolean({ error: '请填写检查结果' }),
            note: text(1000, '隐患描述').optional(),
            location: text(200, '隐患部位').optional(),
          })
          .refine((r) => r.ok || !!r.note, { error: '不合格项须描述发现的隐患', path: ['note'] }),
      )
      .max(200)
      .default([]),
    note: text(1000, '巡查情况').optional(),
    lat: gps.lat.optional(),
    lng: gps.lng.optional(),
    /** The phone's own id of a patrol recorded offline: a patrol sent again days later is answered with the first. */
    clientId: uuid.optional(),
  })
  .refine((v) => (v.lat === undefined) === (v.lng === undefined), {
    error: '经纬度须同时提供',
    path: ['lng'],
  })
  .refine((v) => v.outcome === 'premises_closed' || v.results.length > 0, {
    error: '请按巡查清单逐项填写',
    path: ['results'],
  })
  .refine((v) => (v.outcome === 'hazards_found') === v.results.some((r) => !r.ok), {
    error: '巡查结论与逐项结果不一致',
    path: ['outcome'],
  });

/** Why a grade was given: first assessment, the yearly roll up, down or unchanged (seed 004), an adjustment. */
export const gradeBases = ['initial', 'annual_up', 'annual_down', 'annual_keep', 'adjustment'] as const;
export const GRADE_BASIS_LABEL: Record<(typeof gradeBases)[number] | 'migrated', string> = {
  initial: '首次评定',
  annual_up: '年度升级',
  annual_down: '年度降级',
  annual_keep: '年度维持',
  adjustment: '动态调整',
  migrated: '历史数据迁移',
};
const basis = z.enum(gradeBases, { error: '评定依据无效' });

/** 评定: a risk colour or a management level, each its own field with its own history; 未评定 is a value of its own. */
export const gradeInput = z.discriminatedUnion(
  'kind',
  [
    z.object({
      kind: z.literal('risk_colour'),
      value: z.enum(riskColours, { error: '风险等级无效' }),
      effectiveOn: isoDate,
      basis,
      reason: text(1000, '说明').optional(),
    }),
    z.object({
      kind: z.literal('management_level'),
      value: z.enum(managementLevels, { error: '安全管理等级无效' }),
      effectiveOn: isoDate,
      basis,
      reason: text(1000, '说明').optional(),
    }),
  ],
  { error: '评定类别无效' },
);
export type GradeInput = z.infer<typeof gradeInput>;

/**
 * 网格人员调整: the leader and the two responsible supervisors replaced (seed 002: one leader, two supervisors), the
 * members too when given (absent: they stay). The reason is kept with the change in the audit trail, which is the
 * grid's staff history.
 */
export const gridStaffInput = z
  .object({
    leaderId: uuid,
    supervisorIds: z
      .array(uuid)
      .length(2, { error: '网格须有且仅有两名安全监管责任人' })
      .refine((a) => a[0] !== a[1], { error: '两名安全监管责任人不能是同一人' }),
    memberIds: z.array(uuid).max(50).optional(),
    reason: text(500, '调整原因'),
  })
  .refine((v) => !v.supervisorIds.includes(v.leaderId), {
    error: '网格负责人不能兼任安全监管责任人',
    path: ['supervisorIds'],
  });
export type GridStaffInput = z.infer<typeof gridStaffInput>;
