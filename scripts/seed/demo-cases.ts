import { randomUUID } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../domain/commands.js';
import type { CaseStatus } from '../../domain/case-status.js';
import * as defs from '../../workflows/definitions.js';
import type { DemoRegistry } from '../../db/seed/demo-registry.js';
import { addCalendarDays, shanghaiDate, type WorkingCalendar } from '../../domain/calendar.js';
import { createLegacyImporter, isWorkingDayOrWeekday } from './legacy-case.js';

const HAZARDS: Array<[title: string, description: string, clause: string]> = [
  ['除尘系统未采取泄爆、惰化、抑爆措施', '抛光车间干式除尘器未设置泄爆装置，铝粉尘浓度较高', '第十条（三）'],
  ['不同防火分区共用一套除尘系统', '打磨、抛光两个防火分区除尘管道互联互通', '第十条（二）'],
  ['有限空间作业未执行审批', '污水池清淤作业未审批、未检测即进入', '第十二条（一）'],
  ['特种作业人员无证上岗', '焊接作业人员未取得特种作业操作证', '第三条（二）'],
  ['涉氨制冷车间采用氨直接蒸发制冷', '分割车间空调系统采用氨直接蒸发制冷', '第十一条（一）'],
  ['可燃气体场所未设置检测报警装置', '燃气调压间未设置可燃气体检测报警装置', '第十二条'],
  ['罐区未实现紧急切断功能', '二级重大危险源罐区进出料管线未设紧急切断阀', '第五条'],
  ['安全阀未正常投用', '反应釜安全阀前截止阀处于关闭状态', '第十五条'],
  ['深基坑土方超挖未采取措施', '基坑东侧土方超挖约1.2米，未采取加固措施', '第五条（三）'],
  ['人员密集场所安全出口不足', '商场三层安全出口被锁闭，疏散宽度不足', '5.5'],
];

type Step =
  | 'judge'
  | 'dismiss'
  | 'downgrade'
  | 'list'
  | 'publish'
  | 'plan'
  | 'return'
  | 'approve'
  | 'progress'
  | 'extension'
  | 'escalate'
  | 'suspend'
  | 'apply'
  | 'invite'
  | 'opinion'
  | 'pass'
  | 'signoff'
  | 'delist'
  | 'withdraw';
const PATH: Step[] = [
  'judge',
  'list',
  'publish',
  'plan',
  'approve',
  'progress',
  'apply',
  'pass',
  'signoff',
  'delist',
];
const upTo = (s: Step) => PATH.slice(0, PATH.indexOf(s) + 1);

/**
 * Target status → steps, how many cases of each, and when (k = the case's index in its scenario): discovered
 * `ago(k)[0]` days ago, last handled `ago(k)[1]` days ago. Deadlines keep their distance from the command that set
 * them (plan 10 working days after listing, rectification 90 days), so a case last handled long enough ago is
 * overdue today and its escalation ladder is climbing: the listed cases whose plan never came, and two of the
 * rectifying cases whose deadline passed.
 */
const SCENARIOS: Array<{
  status: CaseStatus;
  steps: Step[];
  count: number;
  ago: (k: number) => [discovered: number, last: number];
}> = [
  // The fifth report has waited eight days: its judgement is overdue (the supervisor's own deadline: no ladder).
  { status: 'reported', steps: [], count: 5, ago: (k) => (k === 4 ? [8, 8] : [1 + (k % 2), 1 + (k % 2)]) },
  { status: 'dismissed', steps: ['dismiss'], count: 1, ago: () => [166, 163] },
  { status: 'downgraded', steps: ['downgrade'], count: 1, ago: () => [152, 150] },
  { status: 'judged', steps: upTo('judge'), count: 2, ago: (k) => [3 + k, 1] },
  {
    status: 'listed',
    steps: [...upTo('publish'), 'escalate'],
    count: 3,
    ago: (k) => [62 + 9 * k, 34 + 4 * k],
  },
  { status: 'plan_submitted', steps: upTo('plan'), count: 2, ago: (k) => [24 + 5 * k, 2] },
  { status: 'listed', steps: [...upTo('plan'), 'return'], count: 1, ago: () => [41, 3] },
  {
    status: 'rectifying',
    steps: upTo('progress'),
    count: 4,
    ago: (k) => (k < 2 ? [70 + 25 * k, 6 + 3 * k] : [172 + k, 104 + 4 * k]),
  },
  {
    status: 'rectifying',
    steps: [...upTo('approve'), 'extension', 'escalate'],
    count: 2,
    ago: (k) => [128 + 11 * k, 18 + 6 * k],
  },
  { status: 'suspended', steps: [...upTo('approve'), 'suspend'], count: 1, ago: () => [97, 31] },
  // The demo expert (expert.li) is invited to both acceptances and has given an opinion on the second, and took part
  // in the acceptance that passed: their login has one opinion to give, one given, and a finished case to read.
  { status: 'acceptance_requested', steps: [...upTo('apply'), 'invite'], count: 1, ago: () => [118, 3] },
  {
    status: 'acceptance_requested',
    steps: [...upTo('apply'), 'invite', 'opinion'],
    count: 1,
    ago: () => [138, 4],
  },
  {
    status: 'accepted',
    steps: [...upTo('apply'), 'invite', 'opinion', 'pass'],
    count: 1,
    ago: () => [143, 2],
  },
  { status: 'signed_off', steps: upTo('signoff'), count: 1, ago: () => [161, 2] },
  { status: 'closed', steps: upTo('delist'), count: 2, ago: (k) => [175 + 3 * k, 80 + 12 * k] },
  { status: 'withdrawn', steps: [...upTo('list'), 'withdraw'], count: 1, ago: () => [93, 61] },
];

/**
 * `count` instants from `discovered` days ago to `last` days ago, strictly increasing: the first is the report, the
 * last the most recent command. With a calendar, each falls on a working day (a day off moves to the working day
 * before it); times of day spread over office hours (09:00–16:59, Shanghai) by `seed` and the event's index, so
 * reports and commands do not all happen at one minute of the day.
 */
export function spreadHistory(
  count: number,
  discovered: number,
  last: number,
  now = Date.now(),
  opts: { calendar?: WorkingCalendar; seed?: number } = {},
): Date[] {
  const today = shanghaiDate(new Date(now));
  const mix = (i: number, salt: number) =>
    (Math.imul((opts.seed ?? 0) + 1, 2_654_435_761) ^ Math.imul(i + salt, 40_503)) >>> 0;
  let previous = -Infinity;
  return Array.from({ length: count }, (_, i) => {
    const daysAgo =
      count === 1 ? discovered : Math.round(discovered - ((discovered - last) * i) / (count - 1));
    let date = addCalendarDays(today, -daysAgo);
    if (opts.calendar) while (!isWorkingDayOrWeekday(opts.calendar, date)) date = addCalendarDays(date, -1);
    const minutes = 9 * 60 + (mix(i, 7) % 480);
    const seconds = mix(i, 13) % 60;
    let t = Date.parse(`${date}T00:00:00+08:00`) + minutes * 60_000 + seconds * 1_000;
    t = Math.min(t, now - (count - i) * 60_000);
    // Later events on the same day come later that day.
    if (t <= previous) t = Math.min(previous + (5 + (mix(i, 29) % 40)) * 60_000, now - (count - i) * 60_000);
    previous = t;
    return new Date(t);
  });
}

const shDate = (days: number) =>
  new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * Demo cases in every state, each driven through the real workflow with the same commands people issue, so every
 * case in the demo can be carried on from the console.
 */
export async function seedDemoCases(opts: {
  db: Db;
  client: Client;
  registry: DemoRegistry;
  /** Where the listing notices (挂牌督办通知书) are written: the worker's upload directory. */
  uploadDir: string;
  workflowBundle?: { code: string };
}): Promise<number> {
  const { registry } = opts;
  const sup = registry.users.find((u) => u.username === 'hs.supervisor')!;
  const supervisor: Actor = {
    id: sup.id,
    role: 'supervisor',
    name: sup.displayName,
    regionPath: sup.regionPath,
  };
  const leader = registry.users.find((u) => u.username === 'hs.leader')!;
  const exp = registry.users.find((u) => u.username === 'expert.li')!;
  const expert: Actor = { id: exp.id, role: 'expert', name: exp.displayName };
  const demoEnterpriseIds = registry.users
    .filter((u) => u.role === 'enterprise' && u.enterpriseId)
    .map((u) => u.enterpriseId!);
  const pool = [
    ...demoEnterpriseIds.map((id) => registry.enterprises.find((e) => e.id === id)!),
    ...registry.enterprises.filter((e) => !demoEnterpriseIds.includes(e.id)).slice(0, 40),
  ];
  const clauseId = (no: string) =>
    registry.clauses.find((c) => c.clauseNo === no)?.id ?? registry.clauses[0]!.id;
  const jobs = SCENARIOS.flatMap((s) => Array.from({ length: s.count }, (_, k) => ({ ...s, k })));
  let n = 0;
  const runOne = async (scenario: (typeof jobs)[number], i: number) => {
    // The demo enterprises get one case in each of the first states, so their logins have work to do.
    const enterprise = pool[i % 3 === 0 ? 0 : i % 3 === 1 ? 1 : 2 + (i % (pool.length - 2))]!;
    const [title, description, clause] = HAZARDS[i % HAZARDS.length]!;
    const company: Actor = {
      id: null,
      role: 'enterprise',
      name: `${enterprise.name}安全管理员`,
      enterpriseId: enterprise.id,
    };
    const caseId = randomUUID();
    const input: defs.CaseWorkflowInput = {
      caseId,
      report: {
        source: (['inspection', 'self_report', 'grid_patrol', 'covert_check', 'public_report'] as const)[
          i % 5
        ]!,
        enterpriseId: enterprise.id,
        enterpriseName: enterprise.name,
        regionCode: enterprise.regionCode,
        title,
        description,
        evidenceDocumentIds: [],
      },
      reportedBy: supervisor,
      reportedAt: new Date().toISOString(),
      regionPath: enterprise.regionPath,
      industryCategory: enterprise.industryCategory,
      departmentId: enterprise.departmentId,
      trackingCode: null,
    };
    let handle!: WorkflowHandle;
    const run = <T>(update: UpdateDefinition<defs.CaseView, [defs.Command<T>]>, actor: Actor, input: T) =>
      handle.executeUpdate(update, { args: [{ actor, input }] });
    const plan = {
      responsiblePerson: '企业主要负责人',
      responsiblePhone: '13900000000',
      measures: '按判定标准条款逐项整改：完善防控设施，更新操作规程，组织全员培训',
      funds: 50_000 + (i % 7) * 30_000,
      timeLimit: shDate(80),
      emergencyPlan: '已修订专项应急预案并组织演练',
      objectives: '在整改期限内彻底消除重大事故隐患',
      interimSafetyMeasures: '相关区域停产停用，设置警戒，专人值守',
      documentIds: [],
    };
    // Six months of history: rehearsed through the workflow, written as of when it happened, then carried on.
    const [discovered, last] = scenario.ago(scenario.k);
    // Dates people write into a command (published on, meeting held on) are given as the historic day itself.
    const spread = { calendar: importer.calendar, seed: i };
    const planned = spreadHistory(1 + scenario.steps.length, discovered, last, Date.now(), spread);
    const on = (j: number) => new Date(planned[j + 1]!.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    await importer.importCase({
      input,
      times: (count) => spreadHistory(count, discovered, last, Date.now(), spread),
      drive: async (h) => {
        handle = h;
        for (const [j, step] of scenario.steps.entries()) {
          switch (step) {
            case 'judge':
              await run(defs.judgeUpdate, supervisor, {
                decision: 'major',
                clauseId: clauseId(clause),
                reason: `经现场核查，符合判定标准${clause}`,
              });
              break;
            case 'dismiss':
              await run(defs.judgeUpdate, supervisor, { decision: 'not_hazard', reason: '现场核查不属实' });
              break;
            case 'downgrade':
              await run(defs.judgeUpdate, supervisor, {
                decision: 'general',
                reason: '属一般事故隐患，由企业自行整改',
              });
              break;
            case 'list':
              await run(defs.listUpdate, supervisor, {
                level: i % 4 === 0 ? 'city' : 'county',
                // The district's 包案领导 for its own listings (the API checks the same: a leader of the listing
                // level's region or above); the demo has no city leader, so a city listing names none.
                ...(i % 4 === 0 ? {} : { owningLeaderId: leader.id }),
                listingAuthority: '洪山区安全生产委员会办公室',
                supervisingUnit: '洪山区应急管理局',
                rectificationDeadline: shDate(90),
                interimControls: ['stop_use'],
              });
              break;
            case 'publish':
              await run(defs.confirmPublicationUpdate, supervisor, {
                kind: 'listing',
                publishedOn: on(j),
                reference: `洪安办〔2026〕${20 + i}号`,
              });
              break;
            case 'plan':
              await run(defs.submitPlanUpdate, company, plan);
              break;
            case 'return':
              await run(defs.reviewPlanUpdate, supervisor, {
                decision: 'return',
                reason: '资金未落实到具体项目，应急预案未附演练记录',
              });
              break;
            case 'approve':
              await run(defs.reviewPlanUpdate, supervisor, { decision: 'approve' });
              break;
            case 'progress':
              await run(defs.reportProgressUpdate, company, {
                summary: '泄爆装置已采购到货，正在安装',
                percentComplete: 40,
                documentIds: [],
              });
              break;
            case 'extension':
              await run(defs.requestExtensionUpdate, company, {
                newDeadline: shDate(150),
                reason: '关键设备供货周期延长',
              });
              break;
            case 'escalate':
              await run(defs.escalateUpdate, supervisor, {
                step: i % 2 ? 'urging_letter' : 'interview',
                reason: '整改进度明显滞后',
              });
              break;
            case 'suspend':
              await run(defs.suspendUpdate, supervisor, { reason: '企业因上游原料断供全面停产，经批准停表' });
              break;
            case 'apply':
              await run(defs.applyAcceptanceUpdate, company, {
                completionReport: '已按方案完成全部整改内容',
                documentIds: [crypto.randomUUID()],
              });
              break;
            case 'invite':
              await run(defs.inviteExpertsUpdate, supervisor, {
                experts: [{ id: expert.id!, name: expert.name }],
                note: '请于验收期限内现场核查并提出意见',
              });
              break;
            case 'opinion':
              await run(defs.submitExpertOpinionUpdate, expert, {
                opinion: '泄爆装置已按规范安装，现场核查符合判定标准要求，同意通过验收',
                recommendation: 'pass',
              });
              break;
            case 'pass':
              await run(defs.recordAcceptanceUpdate, supervisor, {
                passed: true,
                heldOn: on(j),
                opinions: [{ expert: '李明', opinion: '整改措施落实到位，同意通过验收' }],
              });
              break;
            case 'signoff':
              await run(defs.signOffUpdate, supervisor, { comment: '验收合格，同意销号' });
              break;
            case 'delist':
              await run(defs.confirmPublicationUpdate, supervisor, {
                kind: 'delisting',
                publishedOn: on(j),
                reference: `洪安办〔2026〕${60 + i}号`,
              });
              break;
            case 'withdraw':
              await run(defs.withdrawUpdate, supervisor, { reason: '企业已依法关闭，撤销挂牌' });
              break;
          }
        }
      },
    });
    n++;
  };
  const importer = await createLegacyImporter({
    db: opts.db,
    client: opts.client,
    uploadDir: opts.uploadDir,
    workflowBundle: opts.workflowBundle,
  });
  try {
    for (let i = 0; i < jobs.length; i += 4)
      await Promise.all(jobs.slice(i, i + 4).map((s, k) => runOne(s, i + k)));
  } finally {
    await importer.close();
  }
  return n;
}
