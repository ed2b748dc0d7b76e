/**
 * Deadline and escalation policy: data, versioned per jurisdiction, pinned to a case when it is listed so a later
 * version never alters a running case. The default is drawn from public measures (DOMAIN.md): Qingdao's
 * rectification within a year, extension asked ≥ 20 working days ahead and decided within 10 working days;
 * Hubei's acceptance within 10 days of the request; publication of listing/delisting within 5 working days.
 */
import { z } from 'zod';
import { escalationSteps } from './case-status.js';

/**
 * What a policy field is counted from, for the preview of a case listed today (domain/policy-authoring.ts):
 * the day it is reported or listed, the rectification deadline (a reminder `beforeDeadline`, a rung
 * `missedDeadline`), the start of a rung of the ladder (`rung:interview`), or the event before it (`previous`: the
 * plan review after the plan is due, a rung's task after the rung). Fields without one are counted from the listing.
 */
export type PolicyAnchor =
  | 'reportedOn'
  | 'listedOn'
  | 'deadline'
  | 'beforeDeadline'
  | 'missedDeadline'
  | 'previous'
  | `rung:${(typeof escalationSteps)[number]}`;

declare module 'zod' {
  interface GlobalMeta {
    /** Policy fields: what the duration is counted from, for the preview. */
    from?: PolicyAnchor;
    /** Enum fields: the Chinese name of each value, for forms and diffs. */
    labels?: Record<string, string>;
  }
}

/** 预警 → 联合惩戒: the rungs of the ladder in rising order, with their Chinese names. */
export const escalationStepLabels: Record<(typeof escalationSteps)[number], string> = {
  warning: '预警/亮灯',
  urging_letter: '督办函',
  interview: '约谈',
  public_notice: '通报/曝光',
  level_raise: '升级督办',
  enforcement: '执法建议',
  joint_punishment: '联合惩戒',
};

export const durationSchema = z.object({
  amount: z
    .number({ error: '请填写天数' })
    .int({ error: '天数应为整数' })
    .min(0, { error: '天数不能为负数' })
    .max(3650, { error: '天数不能超过3650' })
    .meta({ title: '天数' }),
  unit: z.enum(['calendar', 'working']).meta({
    title: '计日方式',
    labels: { calendar: '自然日', working: '工作日' },
  }), // 自然日 / 工作日
});
export type Duration = z.infer<typeof durationSchema>;

/** A duration field of the policy, labelled: the form, the diff and the preview read the labels from here. */
const days = (title: string, description: string, from?: PolicyAnchor) =>
  durationSchema.meta({ title, description, ...(from ? { from } : {}) });

export const casePolicySchema = z.object({
  name: z
    .string()
    .trim()
    .min(2, { error: '请填写名称' })
    .max(100)
    .meta({ title: '名称', description: '例如：洪山区重大事故隐患挂牌督办时限规定（2027年版）' }),
  judgeWithin: days('研判时限', '发现隐患后认定是否为重大事故隐患的期限', 'reportedOn'), // 研判
  publishListingWithin: days('挂牌公示时限', '挂牌后在本级政府或部门网站公示的期限'), // 挂牌公示
  planWithin: days('整改方案提交时限', '挂牌后企业提交整改方案（五到位）的期限'), // 提交整改方案
  planReviewWithin: days('整改方案审核时限', '企业提交方案后监管部门审核的期限', 'previous'), // 审核整改方案
  maxRectification: days('整改期限上限', '挂牌时确定的整改期限最长不超过'), // 整改期限上限
  progressReportEvery: days('进展报告周期', '整改期间企业定期报送整改进展'), // 进展报告周期
  remindBefore: z
    .array(days('提醒', '到期前多久提醒企业和监管人员', 'beforeDeadline'))
    .max(5, { error: '最多5次提醒' })
    .meta({ title: '到期前提醒', description: '每一项是到期前的一次提醒' }), // 到期前提醒
  extension: z
    .object({
      requestAtLeastBefore: days(
        '延期申请提前量',
        '企业须在整改期限届满前至少这么久提出延期申请',
        'beforeDeadline',
      ), // 延期申请须在到期前提出
      decideWithin: days('延期审批时限', '收到延期申请后作出决定的期限', 'previous'),
      maxCount: z
        .number({ error: '请填写次数' })
        .int({ error: '次数应为整数' })
        .min(0, { error: '次数不能为负数' })
        .max(10, { error: '次数不能超过10' })
        .meta({ title: '延期次数上限', description: '一个案件最多可批准延期的次数' }),
    })
    .meta({ title: '延期' }),
  acceptanceWithin: days('验收时限', '企业申请验收后组织验收的期限', 'deadline'), // 验收
  signOffWithin: days('销号时限', '验收合格后挂牌单位销号摘牌的期限', 'previous'), // 验收合格后销号
  publishDelistingWithin: days('销号公示时限', '销号后公示的期限', 'previous'), // 销号公示
  /** The ladder: each step fires `after` the missed deadline; its supervisor task is due `taskWithin` later. */
  escalation: z
    .array(
      z
        .object({
          step: z.enum(escalationSteps).meta({ title: '梯级', labels: escalationStepLabels }),
          after: days('逾期后启动', '整改期限届满后多久启动这一级', 'missedDeadline'),
          taskWithin: days('办理时限', '这一级的监管任务须在启动后多久内办结', 'previous'),
        })
        .meta({ title: '梯级' }),
    )
    .max(escalationSteps.length, { error: `最多${escalationSteps.length}级` })
    .meta({
      title: '逾期升级阶梯',
      description: '逾期未整改时依次启动，须按梯级由低到高、启动时间由早到晚排列',
    }),
  interview: z
    .object({
      holdWithin: days('约谈召开时限', '启动约谈后召开约谈会的期限', 'rung:interview'),
      commitmentWithin: days('书面承诺时限', '约谈后企业提交书面承诺的期限', 'previous'),
    })
    .meta({ title: '约谈' }), // 约谈 / 书面承诺
  /** Days before an enterprise's deadline it is told it is coming (期限预告); absent in older pinned policies. */
  /**
   * 进展报告漏报: after how many periods missed in a row each rung starts (a report resets the count). Absent in
   * policies pinned before the progress cycle: the default applies.
   */
  progressReportMisses: z
    .array(
      z
        .object({
          misses: z
            .number({ error: '请填写次数' })
            .int({ error: '次数应为整数' })
            .min(1, { error: '至少1次' })
            .max(20, { error: '次数不能超过20' })
            .meta({ title: '连续漏报次数', description: '连续这么多期未按期报送整改进展时启动这一级' }),
          step: z.enum(escalationSteps).meta({ title: '梯级', labels: escalationStepLabels }),
        })
        .meta({ title: '漏报升级' }),
    )
    .max(escalationSteps.length, { error: `最多${escalationSteps.length}级` })
    .default([
      { misses: 1, step: 'warning' },
      { misses: 2, step: 'urging_letter' },
      { misses: 3, step: 'interview' },
    ])
    .meta({
      title: '进展报告漏报升级',
      description: '整改期间连续未按期报送整改进展时依次启动的梯级',
    }),
  /**
   * 监管逾期阶梯: a supervisor's missed deadline (研判, 挂牌, 方案审核, 延期审批, 验收, 销号, 公示) climbs its own ladder:
   * each rung `after` the miss reminds whom it names — the handling office (handler), the 包案领导 (leader), the
   * 安委办 above the listing authority (committee). Absent in policies pinned before it: the default applies.
   */
  supervisorLadder: z
    .array(
      z
        .object({
          after: days('逾期后启动', '监管期限届满后多久启动这一级', 'missedDeadline'),
          notify: z.enum(['handler', 'leader', 'committee']).meta({
            title: '提醒对象',
            labels: { handler: '承办人员', leader: '包案领导', committee: '上级安委办' },
          }),
        })
        .meta({ title: '监管逾期梯级' }),
    )
    .max(5, { error: '最多5级' })
    .default([
      { after: { amount: 0, unit: 'working' }, notify: 'handler' },
      { after: { amount: 2, unit: 'working' }, notify: 'leader' },
      { after: { amount: 5, unit: 'working' }, notify: 'committee' },
    ])
    .meta({
      title: '监管逾期阶梯',
      description: '监管部门的办理期限逾期后依次提醒承办人员、包案领导、上级安委办',
    }),
  /**
   * 停表: an enterprise's request to stop the clock is decided within `decideWithin`; one suspension lasts at most
   * `maxWorkingDays` working days and a case is suspended at most `maxCount` times. Absent in policies pinned before
   * it: the default applies. The default is a product choice (no public rule found), stated as such in its name.
   */
  suspension: z
    .object({
      decideWithin: days('停表审批时限', '收到停表申请后作出决定的期限', 'previous'),
      maxWorkingDays: z
        .number({ error: '请填写天数' })
        .int({ error: '天数应为整数' })
        .min(1, { error: '至少1个工作日' })
        .max(365, { error: '不能超过365个工作日' })
        .meta({ title: '单次停表上限（工作日）', description: '一次批准停表最长的工作日数' }),
      maxCount: z
        .number({ error: '请填写次数' })
        .int({ error: '次数应为整数' })
        .min(0, { error: '次数不能为负数' })
        .max(10, { error: '次数不能超过10' })
        .meta({ title: '停表次数上限', description: '一个案件最多可批准停表的次数' }),
    })
    .default({ decideWithin: { amount: 5, unit: 'working' }, maxWorkingDays: 60, maxCount: 2 })
    .meta({ title: '停表', description: '企业申请停止计时（停表）的审批时限、单次上限和次数上限' }),
  noticeEnterpriseBefore: z
    .array(
      z
        .number({ error: '请填写天数' })
        .int({ error: '天数应为整数' })
        .min(1, { error: '至少提前1天' })
        .max(60, { error: '最多提前60天' })
        .meta({ title: '提前天数', description: '到期前多少个自然日通知企业' }),
    )
    .max(5, { error: '最多5次预告' })
    .default([3, 1])
    .meta({
      title: '企业期限预告',
      description: '企业的每个办理期限到期前若干天（自然日）通知企业，可设多个，如 3 和 1',
    }),
});
export type CasePolicy = z.infer<typeof casePolicySchema>;

const cal = (amount: number): Duration => ({ amount, unit: 'calendar' });
const wd = (amount: number): Duration => ({ amount, unit: 'working' });

export const DEFAULT_POLICY: CasePolicy = {
  name: '默认督办时限（据青岛、湖北公开规定）',
  judgeWithin: wd(3),
  publishListingWithin: wd(5),
  planWithin: wd(10),
  planReviewWithin: wd(5),
  maxRectification: cal(365),
  progressReportEvery: cal(15),
  remindBefore: [cal(7), cal(1)],
  extension: { requestAtLeastBefore: wd(20), decideWithin: wd(10), maxCount: 2 },
  acceptanceWithin: cal(10),
  signOffWithin: wd(5),
  publishDelistingWithin: wd(5),
  escalation: [
    { step: 'warning', after: cal(0), taskWithin: wd(1) },
    { step: 'urging_letter', after: wd(1), taskWithin: wd(3) },
    { step: 'interview', after: wd(5), taskWithin: cal(7) },
    { step: 'public_notice', after: wd(10), taskWithin: wd(5) },
    { step: 'level_raise', after: wd(15), taskWithin: wd(5) },
    { step: 'enforcement', after: wd(20), taskWithin: wd(10) },
    { step: 'joint_punishment', after: wd(30), taskWithin: wd(10) },
  ],
  interview: { holdWithin: cal(7), commitmentWithin: wd(5) },
  progressReportMisses: [
    { misses: 1, step: 'warning' },
    { misses: 2, step: 'urging_letter' },
    { misses: 3, step: 'interview' },
  ],
  supervisorLadder: [
    { after: wd(0), notify: 'handler' },
    { after: wd(2), notify: 'leader' },
    { after: wd(5), notify: 'committee' },
  ],
  suspension: { decideWithin: wd(5), maxWorkingDays: 60, maxCount: 2 },
  noticeEnterpriseBefore: [3, 1],
};
