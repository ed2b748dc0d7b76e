import { z } from 'zod';
import { caseSources, escalationSteps, listingLevels, type EscalationStep } from './case-status.js';
import { shanghaiDate } from './closure-threshold.js';
import { dateSchema } from './dates.js';

/** 行政处罚种类: 罚款, 责令停产停业整顿, 暂扣许可证, 吊销许可证, other (e.g. 没收违法所得). */
export const penaltyKinds = [
  'fine',
  'suspension',
  'licence_suspension',
  'licence_revocation',
  'other',
] as const;
export type PenaltyKind = (typeof penaltyKinds)[number];
/** The rungs whose outcome may be an administrative penalty: 执法建议 and 联合惩戒. */
export const penaltySteps: readonly EscalationStep[] = ['enforcement', 'joint_punishment'];

/**
 * Every command a person issues on a case, as zod schemas shared by the API (request validation, OpenAPI),
 * the workflow (update validators) and the console (form validation); `domain/commands.ts` names them. Messages
 * are Chinese first: they are shown beside the form field that failed.
 */
function buildCommandSchemas() {
  const text = (max: number, label: string) =>
    z
      .string({ error: `${label}必填` })
      .trim()
      .min(1, { error: `${label}不能为空` })
      .max(max, { error: `${label}不能超过${max}个字` });
  /** A calendar date in Asia/Shanghai, yyyy-MM-dd, that exists: the one date schema (domain/dates.ts). */
  const isoDate = dateSchema();
  const uuid = z.uuid({ error: '应为有效的编号' });

  const reportCaseInput = z.object({
    source: z.enum(caseSources, { error: '来源无效' }),
    enterpriseId: uuid.optional(),
    enterpriseName: text(200, '企业名称').optional(), // public reports may name an enterprise not yet on file
    regionCode: z.string().regex(/^\d{6,12}$/, { error: '行政区划代码应为6至12位数字' }),
    title: text(200, '隐患名称'),
    description: text(5000, '隐患描述'),
    location: text(500, '隐患位置').optional(),
    suspectedClauseId: uuid.optional(),
    evidenceDocumentIds: z.array(uuid).max(50).default([]),
  });

  const judgeInput = z
    .object({
      decision: z.enum(['major', 'general', 'not_hazard'], { error: '研判结论无效' }),
      clauseId: uuid.optional(),
      reason: text(2000, '研判理由'),
    })
    .refine((v) => v.decision !== 'major' || !!v.clauseId, {
      error: '认定为重大事故隐患须引用判定标准条款',
      path: ['clauseId'],
    });

  const listInput = z.object({
    level: z.enum(listingLevels, { error: '挂牌层级无效' }),
    listingAuthority: text(200, '挂牌单位'),
    supervisingUnit: text(200, '督办单位'),
    owningLeaderId: uuid.optional(),
    rectificationDeadline: isoDate,
    interimControls: z.array(z.enum(['evacuate', 'stop_production', 'stop_use', 'other'])).min(1, {
      error: '至少选择一项临时管控措施',
    }),
    interimControlsNote: z.string().max(2000).optional(),
  });

  /** 整改方案 with 五到位: 责任、措施、资金、时限、预案, plus objectives and interim safety measures. */
  const submitPlanInput = z.object({
    responsiblePerson: text(100, '责任人'),
    responsiblePhone: z.string().regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, { error: '联系电话格式不正确' }),
    measures: text(5000, '整改措施'),
    funds: z.number({ error: '整改资金必须是数字' }).positive({ error: '整改资金须大于0' }).max(1e10),
    timeLimit: isoDate,
    emergencyPlan: text(5000, '应急预案'),
    objectives: text(2000, '整改目标'),
    interimSafetyMeasures: text(2000, '整改期间的安全防范措施'),
    documentIds: z.array(uuid).max(50).default([]),
  });

  const reviewPlanInput = z
    .object({
      decision: z.enum(['approve', 'return'], { error: '审核结论无效' }),
      reason: z.string().trim().max(2000).optional(),
    })
    .refine((v) => v.decision === 'approve' || (v.reason?.length ?? 0) > 0, {
      error: '退回须说明理由',
      path: ['reason'],
    });

  const reportProgressInput = z.object({
    summary: text(5000, '进展情况'),
    percentComplete: z
      .number()
      .int()
      .min(0, { error: '完成比例不能小于0' })
      .max(100, { error: '完成比例不能大于100' }),
    documentIds: z.array(uuid).max(50).default([]),
  });

  const requestExtensionInput = z.object({ newDeadline: isoDate, reason: text(2000, '延期理由') });

  const decideExtensionInput = z
    .object({ approve: z.boolean(), reason: text(2000, '审批意见'), newDeadline: isoDate.optional() })
    .describe('newDeadline overrides the requested one when approving');

  const suspendInput = z.object({ reason: text(2000, '停表理由') });
  const resumeInput = z.object({ note: z.string().max(2000).optional() });
  /** 停表天数: working days (工作日) the clock stops; the policy's cap is checked against the case's pinned policy. */
  const suspensionDays = (label: string) =>
    z
      .number({ error: `${label}必须是数字` })
      .int({ error: `${label}应为整数` })
      .min(1, { error: `${label}至少1个工作日` })
      .max(365, { error: `${label}不能超过365个工作日` });
  /** 停表申请: the enterprise asks with its reason, its evidence (this case's files it uploaded) and the days. */
  const requestSuspensionInput = z.object({
    reason: text(2000, '停表理由'),
    days: suspensionDays('申请停表天数'),
    documentIds: z
      .array(uuid, { error: '申请停表须上传证明材料' })
      .min(1, { error: '申请停表须上传证明材料' })
      .max(50),
  });
  /** 停表审批: approve (the days granted, at most the policy's cap; the requested days when absent) or reject. */
  const decideSuspensionInput = z
    .object({
      approve: z.boolean({ error: '请选择是否批准' }),
      days: suspensionDays('核定停表天数').optional(),
      reason: z.string().trim().max(2000, { error: '审批意见不能超过2000个字' }).optional(),
    })
    .refine((v) => v.approve || (v.reason?.length ?? 0) > 0, {
      error: '不予批准须说明理由',
      path: ['reason'],
    });

  const applyAcceptanceInput = z.object({
    completionReport: text(10000, '整改报告'),
    documentIds: z.array(uuid).min(1, { error: '申请验收须上传整改完成的证据' }).max(50),
    assessmentDocumentId: uuid.optional(), // third-party 评估报告
  });

  const recordAcceptanceInput = z
    .object({
      passed: z.boolean(),
      heldOn: isoDate,
      opinions: z
        .array(z.object({ expert: text(100, '专家姓名'), opinion: text(2000, '专家意见') }))
        .min(1, { error: '须记录至少一位专家或验收人员的意见' }),
      explanation: z.string().trim().max(5000).optional(), // 书面说明 on failure
      newDeadline: isoDate.optional(),
    })
    .refine((v) => v.passed || (!!v.explanation && !!v.newDeadline), {
      error: '验收不通过须填写书面说明和新的整改期限',
      path: ['explanation'],
    });

  /** 邀请专家参加验收: the experts resolved by the API (id and name of an active expert user), one task each. */
  const uniqueIds = (ids: string[]) => new Set(ids).size === ids.length;
  const inviteExpertsInput = z.object({
    experts: z
      .array(z.object({ id: uuid, name: text(100, '专家姓名') }), { error: '受邀专家必填' })
      .min(1, { error: '受邀专家至少一位' })
      .max(10, { error: '受邀专家一次最多10位' })
      .refine((es) => uniqueIds(es.map((e) => e.id)), { error: '受邀专家不能重复' }),
    note: z.string().trim().max(2000, { error: '邀请说明不能超过2000个字' }).optional(),
  });

  /** What a person sends to invite experts: user ids; the API resolves them to `inviteExpertsInput.experts`. */
  const inviteExpertsRequest = z.object({
    expertIds: z
      .array(uuid, { error: '受邀专家必填' })
      .min(1, { error: '受邀专家至少一位' })
      .max(10, { error: '受邀专家一次最多10位' })
      .refine(uniqueIds, { error: '受邀专家不能重复' }),
    note: inviteExpertsInput.shape.note,
  });

  /** 专家验收意见: one per invited expert per acceptance round. */
  const submitExpertOpinionInput = z.object({
    opinion: text(2000, '专家意见'),
    recommendation: z.enum(['pass', 'fail'], { error: '验收建议无效' }),
  });

  const signOffInput = z.object({ comment: text(2000, '销号意见') });

  const confirmPublicationInput = z.object({
    kind: z.enum(['listing', 'delisting']),
    publishedOn: isoDate,
    reference: text(500, '公示链接或文号'),
  });

  const withdrawInput = z.object({ reason: text(2000, '撤销理由') });

  const escalateInput = z.object({
    step: z.enum(escalationSteps, { error: '督办措施无效' }),
    reason: text(2000, '理由'),
  });

  /**
   * 行政处罚 decided on an enforcement rung; counted for the 安全生产法 Art. 113 closure threshold on `decidedOn` (the
   * date of the 处罚决定书, Asia/Shanghai). "Not in the future" is judged on the clock of whoever parses: the console's,
   * the API's, and in the workflow its deterministic workflow time.
   */
  const penaltyInput = z
    .object({
      kind: z.enum(penaltyKinds, { error: '处罚种类无效' }),
      decidedOn: isoDate.refine((d) => d <= shanghaiDate(Date.now()), {
        error: '处罚决定日期不能晚于今天',
      }),
      decisionNo: text(100, '处罚决定书文号'),
      amountYuan: z
        .number({ error: '罚款金额必须是数字' })
        .min(0, { error: '罚款金额不能小于0' })
        .max(1e10, { error: '罚款金额过大' })
        .optional(),
    })
    .refine((p) => p.kind !== 'fine' || p.amountYuan !== undefined, {
      error: '罚款须填写罚款金额',
      path: ['amountYuan'],
    });

  const recordEscalationOutcomeInput = z.object({
    escalationId: z.string().min(1),
    outcome: text(5000, '处理结果'),
    minutes: z.string().trim().max(10000).optional(), // 约谈纪要
    documentIds: z.array(uuid).max(50).default([]),
    /** Only on an enforcement (执法建议) or joint punishment (联合惩戒) rung; the workflow refuses it elsewhere. */
    penalty: penaltyInput.optional(),
  });

  /** 书面承诺 after a 约谈: the commitment's text and the scan of the signed and sealed original. */
  /** 关联责任企业: what a supervisor sends (the enterprise on file); the API resolves it to `attachEnterpriseInput`. */
  const attachEnterpriseRequest = z.object({
    enterpriseId: z.uuid({ error: '请选择责任企业' }),
    note: z.string().trim().max(2000, { error: '说明不能超过2000个字' }).optional(),
  });
  /** The enterprise as the workflow records it: resolved from the registry by the API. */
  const attachEnterpriseInput = attachEnterpriseRequest.extend({
    enterpriseName: text(200, '企业名称'),
    industryCategory: z.string().max(64).nullable(),
    departmentId: uuid.nullable(),
  });

  /**
   * 提级督办: the listing raised to a higher level, whose authority becomes the listing and supervising unit. The
   * request may leave out the level (the next one up), the units (the API names the authority of that level's region)
   * and the 包案领导; the workflow records them resolved (`raiseLevelInput`).
   */
  const raiseLevelRequest = z.object({
    level: z.enum(listingLevels, { error: '挂牌层级无效' }).optional(),
    listingAuthority: text(200, '挂牌单位').optional(),
    supervisingUnit: text(200, '督办单位').optional(),
    owningLeaderId: uuid.optional(),
    reason: text(2000, '提级理由'),
  });
  const raiseLevelInput = raiseLevelRequest.extend({
    level: z.enum(listingLevels, { error: '挂牌层级无效' }),
    listingAuthority: text(200, '挂牌单位'),
    supervisingUnit: text(200, '督办单位'),
  });

  const submitCommitmentInput = z.object({
    text: text(5000, '承诺内容'),
    signedScanDocumentId: z.uuid({ error: '须上传签字盖章的书面承诺扫描件' }),
    documentIds: z.array(uuid).max(50).default([]),
  });

  return {
    isoDate,
    submitCommitmentInput,
    attachEnterpriseRequest,
    attachEnterpriseInput,
    raiseLevelRequest,
    raiseLevelInput,
    reportCaseInput,
    judgeInput,
    listInput,
    submitPlanInput,
    reviewPlanInput,
    reportProgressInput,
    requestExtensionInput,
    decideExtensionInput,
    suspendInput,
    resumeInput,
    requestSuspensionInput,
    decideSuspensionInput,
    applyAcceptanceInput,
    recordAcceptanceInput,
    inviteExpertsInput,
    inviteExpertsRequest,
    submitExpertOpinionInput,
    signOffInput,
    confirmPublicationInput,
    withdrawInput,
    escalateInput,
    penaltyInput,
    recordEscalationOutcomeInput,
  };
}

export type CommandSchemas = ReturnType<typeof buildCommandSchemas>;

// zod completes its global config (default locale, memoizer) when it builds its first schema. One is built here, at
// module load: in the workflow bundle that is the preload, before the SDK freezes the config with the shared modules,
// so the schemas built later never write to it.
z.object({ list: z.array(z.never()) });

let built: CommandSchemas | undefined;
/**
 * The command schemas, built on the first call and kept. The case workflow's bundle preloads this module
 * (`preloadModules` in activities/worker.ts): the SDK freezes a preloaded module's exports, which are functions and
 * constant lists here, while `built` is out of its reach, so the schemas are built once per worker thread, on the
 * first command of the first case, instead of once per workflow. The schemas keep no state a workflow could see:
 * a parse depends on its input alone (and on the workflow clock, read at parse time, for a penalty date).
 */
export function commandSchemas(): CommandSchemas {
  return (built ??= buildCommandSchemas());
}
