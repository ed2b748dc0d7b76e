/**
 * Who is told what, as a table: the facts of a case transition (tasks opened, a reminder, an escalation rung, a
 * document issued), a 催办 and a deadline approaching each become notifications to people or enterprises. The
 * outbox writer (db/queries/outbox.ts) resolves each audience to people and their channels, in the transaction of
 * the fact itself. Pure: no I/O.
 */
import { z } from 'zod';
import { documentKindSpecs, type DocumentKind } from './documents/kinds.js';
import type { EscalationStep } from './case-status.js';

export const channels = ['in_app', 'email', 'sms', 'webhook'] as const;
export type Channel = (typeof channels)[number];
/** The channels a person may choose; in-app always reaches them. */
export const personalChannels = ['email', 'sms'] as const;
export type PersonalChannel = (typeof personalChannels)[number];

export const notificationKinds = {
  task_assigned: '待办分派',
  reminder_due: '期限提醒',
  urged: '催办',
  escalated: '督办升级',
  document_issued: '公文送达',
  deadline_notice: '期限预告',
  system_alert: '系统告警',
} as const;
export type NotificationKind = keyof typeof notificationKinds;

/** Whom a notification is for, before it is resolved to people. */
export type Audience =
  | { user: string }
  | { enterprise: string }
  /** The people of a role whose jurisdiction covers the case's region (the nearest level that has any). */
  | { role: 'supervisor' | 'leader'; regionPath: string; industryCategory: string | null }
  | { admins: true };

export interface NotificationIntent {
  /** Unique per fact and audience: the outbox adds the person and channel, and writes each once. */
  key: string;
  kind: NotificationKind;
  audience: Audience;
  subject: string;
  body: string;
  /** Where the console shows it, e.g. /cases/<id>/show. */
  link?: string;
  caseId?: string;
  /** The case's region path: webhooks subscribed to a jurisdiction receive what happens within it. */
  regionPath?: string;
  /** Extra facts for webhooks. */
  data?: Record<string, unknown>;
}

/** What the transition writer knows of a transition; everything the rules below need. */
export interface TransitionFacts {
  caseId: string;
  seq: number;
  type: string;
  caseTitle: string;
  enterpriseId: string | null;
  regionPath: string;
  industryCategory: string | null;
  owningLeaderId?: string | null;
  payload: Record<string, unknown>;
  openedTasks: {
    id: string;
    title: string;
    assigneeRole: string;
    assigneeUserId?: string;
    dueAt: string | null;
  }[];
  /** Rungs fired by this transition (open, new). */
  firedRungs: { id: string; step: EscalationStep; reason: string; dueAt: string | null }[];
  /** Documents issued by this transition. */
  issuedDocuments: { id: string; kind: DocumentKind; number: string; title: string }[];
}

const shanghaiDay = (iso: string | null | undefined) =>
  iso ? new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10) : '';
const caseLink = (caseId: string) => `/cases/${caseId}/show`;

const STEP_NAMES: Record<EscalationStep, string> = {
  warning: '预警',
  urging_letter: '督办函',
  interview: '约谈',
  public_notice: '通报',
  level_raise: '提级督办',
  enforcement: '执法建议',
  joint_punishment: '联合惩戒',
};

function taskAudience(f: TransitionFacts, t: TransitionFacts['openedTasks'][number]): Audience | undefined {
  if (t.assigneeUserId) return { user: t.assigneeUserId };
  if (t.assigneeRole === 'enterprise') return f.enterpriseId ? { enterprise: f.enterpriseId } : undefined;
  if (t.assigneeRole === 'supervisor' || t.assigneeRole === 'leader')
    return { role: t.assigneeRole, regionPath: f.regionPath, industryCategory: f.industryCategory };
  return undefined;
}

/** The notifications one case transition produces. */
export function notificationsForTransition(f: TransitionFacts): NotificationIntent[] {
  const out: NotificationIntent[] = [];
  const base = `case:${f.caseId}:${f.seq}`;
  const push = (i: NotificationIntent) => out.push({ ...i, regionPath: f.regionPath });
  const link = caseLink(f.caseId);
  for (const t of f.openedTasks) {
    const audience = taskAudience(f, t);
    if (!audience) continue;
    const due = shanghaiDay(t.dueAt);
    push({
      key: `${base}:task:${t.id}`,
      kind: 'task_assigned',
      audience,
      subject: `新待办：${t.title}`,
      body: `“${f.caseTitle}”有一项新待办：${t.title}${due ? `，请于${due}前办理` : ''}。`,
      link,
      caseId: f.caseId,
      data: { taskId: t.id, dueAt: t.dueAt },
    });
  }
  if (f.type === 'deadline_reminder' && f.enterpriseId) {
    const due = shanghaiDay(f.payload.deadline as string | undefined);
    push({
      key: `${base}:reminder`,
      kind: 'reminder_due',
      audience: { enterprise: f.enterpriseId },
      subject: `期限提醒：${f.caseTitle}`,
      body: `“${f.caseTitle}”的办理期限为${due}，还剩${String(f.payload.before ?? '')}，请按期完成。`,
      link,
      caseId: f.caseId,
      data: { deadline: f.payload.deadline },
    });
  }
  for (const r of f.firedRungs) {
    const name = STEP_NAMES[r.step];
    const due = shanghaiDay(r.dueAt);
    const body = `“${f.caseTitle}”已升级为${name}：${r.reason}${due ? `，办理期限${due}` : ''}。`;
    const common = {
      kind: 'escalated' as const,
      link,
      caseId: f.caseId,
      data: { escalationId: r.id, step: r.step },
    };
    push({
      ...common,
      key: `${base}:rung:${r.id}:supervisors`,
      audience: { role: 'supervisor', regionPath: f.regionPath, industryCategory: f.industryCategory },
      subject: `督办升级（${name}）：${f.caseTitle}`,
      body,
    });
    if (f.owningLeaderId)
      push({
        ...common,
        key: `${base}:rung:${r.id}:leader`,
        audience: { user: f.owningLeaderId },
        subject: `督办升级（${name}）：${f.caseTitle}`,
        body,
      });
    if (f.enterpriseId && r.step !== 'warning')
      push({
        ...common,
        key: `${base}:rung:${r.id}:enterprise`,
        audience: { enterprise: f.enterpriseId },
        subject: `督办升级（${name}）：${f.caseTitle}`,
        body: `你单位“${f.caseTitle}”已升级为${name}：${r.reason}。请立即整改并按要求报告。`,
      });
  }
  for (const d of f.issuedDocuments) {
    if (documentKindSpecs[d.kind].audience !== 'enterprise' || !f.enterpriseId) continue;
    push({
      key: `${base}:doc:${d.id}`,
      kind: 'document_issued',
      audience: { enterprise: f.enterpriseId },
      subject: `公文送达：${d.title}（${d.number}）`,
      body: `你单位收到${documentKindSpecs[d.kind].name}《${d.title}》（${d.number}），请登录系统查阅下载。`,
      link: `/official-documents/${d.id}/show`,
      caseId: f.caseId,
      data: { documentId: d.id, number: d.number, kind: d.kind },
    });
  }
  return out;
}

/** 催办: a supervisor urges the assignee of an open task. Keyed by task and time: each 催办 is one message. */
export function notificationForUrging(t: {
  taskId: string;
  taskTitle: string;
  caseId: string;
  caseTitle: string;
  audience: Audience;
  at: string;
  by: string;
}): NotificationIntent {
  return {
    key: `urge:${t.taskId}:${t.at}`,
    kind: 'urged',
    audience: t.audience,
    subject: `催办：${t.taskTitle}`,
    body: `${t.by}催办“${t.caseTitle}”的待办“${t.taskTitle}”，请尽快办理。`,
    link: caseLink(t.caseId),
    caseId: t.caseId,
    data: { taskId: t.taskId },
  };
}

/**
 * 期限预告: an enterprise's open task due within the policy's notice days. Keyed by task, due date and the
 * threshold, so each threshold of each deadline is announced once, and again if the deadline moves.
 */
export function notificationForDeadline(t: {
  taskId: string;
  taskTitle: string;
  caseId: string;
  caseTitle: string;
  enterpriseId: string;
  dueAt: string;
  daysBefore: number;
}): NotificationIntent {
  const due = shanghaiDay(t.dueAt);
  return {
    key: `deadline:${t.taskId}:${due}:${t.daysBefore}`,
    kind: 'deadline_notice',
    audience: { enterprise: t.enterpriseId },
    subject: `${t.daysBefore}天后到期：${t.taskTitle}`,
    body: `你单位“${t.caseTitle}”的“${t.taskTitle}”将于${due}到期，请在期限前完成，逾期将依规升级督办。`,
    link: caseLink(t.caseId),
    caseId: t.caseId,
    data: { taskId: t.taskId, dueAt: t.dueAt },
  };
}

export const preferencesSchema = z.object({
  email: z.email({ error: '邮箱格式不正确' }).max(200).nullable().optional(),
  phone: z
    .string()
    .regex(/^1\d{10}$/, { error: '手机号应为11位数字' })
    .nullable()
    .optional(),
  channels: z.array(z.enum(personalChannels, { error: '渠道应为 email 或 sms' })).max(2),
});
export type Preferences = z.infer<typeof preferencesSchema>;
