/**
 * Deadline and escalation policy: data, versioned per jurisdiction, pinned to a case when it is listed so a later
 * version never alters a running case. The default is drawn from public measures (DOMAIN.md): Qingdao's
 * rectification within a year, extension asked ≥ 20 working days ahead and decided within 10 working days;
 * Hubei's acceptance within 10 days of the request; publication of listing/delisting within 5 working days.
 */
import { z } from 'zod';
import { escalationSteps } from './case-status.js';

export const durationSchema = z.object({
  amount: z.number().int().min(0),
  unit: z.enum(['calendar', 'working']), // 自然日 / 工作日
});
export type Duration = z.infer<typeof durationSchema>;

export const casePolicySchema = z.object({
  name: z.string(),
  judgeWithin: durationSchema, // 研判
  publishListingWithin: durationSchema, // 挂牌公示
  planWithin: durationSchema, // 提交整改方案
  planReviewWithin: durationSchema, // 审核整改方案
  maxRectification: durationSchema, // 整改期限上限
  progressReportEvery: durationSchema, // 进展报告周期
  remindBefore: z.array(durationSchema), // 到期前提醒
  extension: z.object({
    requestAtLeastBefore: durationSchema, // 延期申请须在到期前提出
    decideWithin: durationSchema,
    maxCount: z.number().int().min(0),
  }),
  acceptanceWithin: durationSchema, // 验收
  signOffWithin: durationSchema, // 验收合格后销号
  publishDelistingWithin: durationSchema, // 销号公示
  /** The ladder: each step fires `after` the missed deadline; its supervisor task is due `taskWithin` later. */
  escalation: z.array(
    z.object({ step: z.enum(escalationSteps), after: durationSchema, taskWithin: durationSchema }),
  ),
  interview: z.object({ holdWithin: durationSchema, commitmentWithin: durationSchema }), // 约谈 / 书面承诺
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
};
