/**
 * The general-hazard commands as zod schemas, shared by the API (validation, OpenAPI) and the console (forms and the
 * phone pages). Messages are Chinese: they are shown beside the field that failed.
 */
import { z } from 'zod';
import { penaltyInput } from '../commands.js';
import { inspectionCadences, inspectionLevels } from './inspection.js';
import { followUpMethods, hazardCategories, hazardSources } from './lifecycle.js';
import { isoDate } from '../dates.js';

export const text = (max: number, label: string) =>
  z
    .string({ error: `${label}必填` })
    .trim()
    .min(1, { error: `${label}不能为空` })
    .max(max, { error: `${label}不能超过${max}个字` });
/** A calendar date in Asia/Shanghai, 'YYYY-MM-DD', that exists: the one date schema (domain/dates.ts). */
export { isoDate };
export const uuid = z.uuid({ error: '应为有效的编号' });

/** The sources a person may give; a downgraded major case arrives only through the case's judgement. */
export const reportableSources = hazardSources.filter((s) => s !== 'case_downgrade') as Exclude<
  (typeof hazardSources)[number],
  'case_downgrade'
>[];

const gps = {
  lat: z.number({ error: '纬度应为数字' }).min(-90, { error: '纬度应在 -90 到 90 之间' }).max(90, {
    error: '纬度应在 -90 到 90 之间',
  }),
  lng: z.number({ error: '经度应为数字' }).min(-180, { error: '经度应在 -180 到 180 之间' }).max(180, {
    error: '经度应在 -180 到 180 之间',
  }),
};

/** 上报一般隐患. Photos are uploaded to the hazard afterwards (POST /documents with hazardId). */
export const reportHazardInput = z
  .object({
    enterpriseId: uuid,
    source: z.enum(reportableSources as [string, ...string[]], { error: '来源无效' }),
    category: z.enum(hazardCategories, { error: '隐患类别无效' }).default('site'),
    description: text(1000, '隐患描述'),
    location: text(200, '隐患部位').optional(),
    foundOn: isoDate,
    /** 整改期限; absent: the policy's (domain/hazards/policy.ts). Only supervisors may name one. */
    deadline: isoDate.optional(),
    responsiblePerson: text(50, '整改责任人').optional(),
    lat: gps.lat.optional(),
    lng: gps.lng.optional(),
    clauseId: uuid.optional(),
    checklistItemId: uuid.optional(),
    /**
     * The phone's own id of a report made offline (its outbox item): kept for ever, unique per enterprise, so a
     * report sent again after the Idempotency-Key expired is answered with the first hazard.
     */
    clientId: uuid.optional(),
  })
  .refine((v) => (v.lat === undefined) === (v.lng === undefined), {
    error: '经纬度须同时提供',
    path: ['lng'],
  })
  .refine((v) => !v.deadline || v.deadline >= v.foundOn, {
    error: '整改期限不能早于发现日期',
    path: ['deadline'],
  });
export type ReportHazardInput = z.infer<typeof reportHazardInput>;

/** 整改: measures, the day it was done, and the after-photos (documents of this hazard). */
export const rectifyInput = z.object({
  rectifiedOn: isoDate,
  measures: text(1000, '整改措施'),
  documentIds: z.array(uuid).max(20, { error: '最多20张照片' }),
  responsiblePerson: text(50, '整改责任人').optional(),
  /**
   * The phone's own id of a rectification recorded on site (its outbox item): sent again after the answer was lost
   * and the Idempotency-Key expired, it is answered with the hazard it already closed, not refused.
   */
  clientId: uuid.optional(),
});

/** 抽查: passed, or failed with what is wrong (the hazard reopens; a new deadline, else the policy's). */
export const spotCheckInput = z
  .object({
    result: z.enum(['passed', 'failed'], { error: '抽查结果无效' }),
    note: text(1000, '抽查情况'),
    newDeadline: isoDate.optional(),
  })
  .refine((v) => v.result === 'failed' || v.newDeadline === undefined, {
    error: '抽查合格不需要新的整改期限',
    path: ['newDeadline'],
  });

export const followUpInput = z.object({
  method: z.enum(followUpMethods, { error: '跟进方式无效' }),
  note: text(500, '跟进情况').optional(),
});

/** 每天清零: the same follow-up recorded on many lit hazards at once. */
export const bulkFollowUpInput = followUpInput.extend({
  ids: z.array(uuid).min(1, { error: '请至少选择一条隐患' }).max(500, { error: '一次最多500条' }),
});

export const cancelInput = z.object({ reason: text(500, '撤销理由') });

/** 自查自报: the period (its first day), and "no hazard found" declared explicitly when nothing was reported. */
export const submitSelfReportInput = z.object({
  periodStart: isoDate,
  noHazard: z.boolean({ error: '请说明本期是否发现隐患' }),
  note: text(1000, '说明').optional(),
});

/** 监督检查计划: 市级季检查、县级月排查、乡级周巡查、村级日排查, by 双随机 or over every unit. */
export const inspectionPlanInput = z
  .object({
    name: text(100, '计划名称'),
    level: z.enum(inspectionLevels, { error: '检查层级无效' }),
    cadence: z.enum(inspectionCadences, { error: '检查周期无效' }),
    regionCode: z.string().regex(/^\d{6,12}$/, { error: '行政区划代码应为6至12位数字' }),
    industryCodes: z.array(z.string().min(1).max(64)).max(50).default([]),
    selection: z.enum(['random', 'all'], { error: '抽取方式无效' }),
    coverageTargetPct: z
      .number({ error: '覆盖率目标应为数字' })
      .min(0.01, { error: '覆盖率目标应大于0' })
      .max(100, { error: '覆盖率目标不能超过100' })
      .optional(),
    inspectorsPerVisit: z.number().int().min(1, { error: '每次至少1名检查人员' }).max(10).default(2),
    inspectorIds: z.array(uuid).min(1, { error: '请至少选择1名检查人员' }).max(500),
    startsOn: isoDate,
    endsOn: isoDate.optional(),
  })
  .refine((v) => !v.endsOn || v.endsOn >= v.startsOn, { error: '结束日期不能早于开始日期', path: ['endsOn'] })
  .refine((v) => v.inspectorIds.length >= v.inspectorsPerVisit, {
    error: '检查人员名录少于每次检查所需人数',
    path: ['inspectorIds'],
  });

/** An inspection outside any plan (专项检查, a complaint follow-up). */
export const adHocInspectionInput = z.object({
  enterpriseId: uuid,
  inspectorIds: z.array(uuid).min(1, { error: '请至少选择1名检查人员' }).max(10),
  dueOn: isoDate.optional(),
  unannounced: z.boolean().default(false),
});

const finding = z.object({
  description: text(1000, '隐患描述'),
  location: text(200, '隐患部位').optional(),
  category: z.enum(hazardCategories, { error: '隐患类别无效' }).default('site'),
  deadline: isoDate.optional(),
  clauseId: uuid.optional(),
  responsiblePerson: text(50, '整改责任人').optional(),
});
const majorFinding = z.object({
  title: text(200, '隐患名称'),
  description: text(5000, '隐患描述'),
  location: text(500, '隐患位置').optional(),
  suspectedClauseId: uuid.optional(),
});

/** 检查记录: findings become general hazards or major-hazard reports; penalties count toward Art. 113. */
export const recordInspectionInput = z.object({
  inspectedOn: isoDate,
  unannounced: z.boolean().default(false), // 四不两直
  note: text(2000, '检查情况').optional(),
  generalFindings: z.array(finding).max(100).default([]),
  majorFindings: z.array(majorFinding).max(20).default([]),
  penalties: z.array(penaltyInput).max(10).default([]),
});

/**
 * One row of a batch (other systems, spreadsheets): a report naming its enterprise by id or by 统一社会信用代码, with
 * the delivering system's own id (externalRef, "<system>:<id>") so a re-delivered row is refused, not duplicated.
 */
export const batchHazardRow = z
  .object({
    enterpriseId: uuid.optional(),
    creditCode: z
      .string()
      .trim()
      .regex(/^[0-9A-Z]{18}$/, { error: '统一社会信用代码应为18位数字或大写字母' })
      .optional(),
    source: z.enum(reportableSources as [string, ...string[]], { error: '来源无效' }),
    category: z.enum(hazardCategories, { error: '隐患类别无效' }).default('site'),
    description: text(1000, '隐患描述'),
    location: text(200, '隐患部位').optional(),
    foundOn: isoDate,
    deadline: isoDate.optional(),
    responsiblePerson: text(50, '整改责任人').optional(),
    lat: gps.lat.optional(),
    lng: gps.lng.optional(),
    clauseId: uuid.optional(),
    /** An item of the enterprise's own checklist (checked per row, as a single report is). */
    checklistItemId: uuid.optional(),
    externalRef: text(100, '外部编号').optional(),
  })
  .refine((v) => v.enterpriseId !== undefined || v.creditCode !== undefined, {
    error: '请填写企业ID或统一社会信用代码',
    path: ['creditCode'],
  })
  .refine((v) => (v.lat === undefined) === (v.lng === undefined), {
    error: '经纬度须同时提供',
    path: ['lng'],
  })
  .refine((v) => !v.deadline || v.deadline >= v.foundOn, {
    error: '整改期限不能早于发现日期',
    path: ['deadline'],
  });
export type BatchHazardRow = z.infer<typeof batchHazardRow>;

/** The most rows one batch request carries; bigger deliveries are several requests. */
export const BATCH_MAX_ROWS = 10_000;

export const batchInput = z.object({
  rows: z
    .array(z.unknown())
    .min(1, { error: '至少一行' })
    .max(BATCH_MAX_ROWS, { error: `一次最多${BATCH_MAX_ROWS}行，请分批提交` }),
  /** Write the valid rows even when others fail (default: any error writes nothing). */
  importValidRows: z.boolean().default(false),
  dryRun: z.boolean().default(false),
});
