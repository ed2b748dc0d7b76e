import type { CaseStatus } from './case-status.js';
import type { Actor, ExpertOpinion, InvitedExpert } from './commands.js';
import type { CasePolicy } from './policy.js';
import type { Role } from './roles.js';
import { allowedActions as allowedByTable, caseCommands } from './case/rules.js';
import type { CaseDetails, CaseEscalationView, CaseState, CaseView } from './case/model.js';

/**
 * Which command a person may issue on a case in its current state: the console shows a button only when this
 * says yes. Computed from the case's table of rules (domain/case/rules.ts), the same rows the workflow's
 * validators run, so a button and its validator cannot disagree. `path` is the API route under /api/cases/{id}/.
 */
export const caseActions = [
  'judge',
  'list',
  'confirm-publication',
  'submit-plan',
  'review-plan',
  'report-progress',
  'request-extension',
  'decide-extension',
  'suspend',
  'resume',
  'request-suspension',
  'decide-suspension',
  'apply-acceptance',
  'invite-experts',
  'submit-expert-opinion',
  'record-acceptance',
  'sign-off',
  'withdraw',
  'escalate',
  'record-escalation-outcome',
  'submit-commitment',
  'attach-enterprise',
  'raise-level',
] as const;
export type CaseAction = (typeof caseActions)[number];

/** What the rules read from a case: its read-model row (with the workflow's view). */
export interface ActionableCase {
  status: CaseStatus;
  enterpriseId: string | null;
  policy?: CasePolicy | null;
  view?: {
    escalations?: Array<Pick<CaseEscalationView, 'status'> & Partial<CaseEscalationView>>;
    acceptanceFailures?: number;
    level?: CaseView['level'];
    listingAuthority?: string;
    regionPath?: string;
    openTasks?: CaseView['openTasks'];
    extensionCount?: number;
    deadline?: string | null;
    details?: Omit<CaseDetails, 'invitedExperts' | 'expertOpinions'> & {
      invitedExperts?: Array<Pick<InvitedExpert, 'id' | 'round'> & Partial<InvitedExpert>>;
      expertOpinions?: Array<Pick<ExpertOpinion, 'expertId' | 'round'> & Partial<ExpertOpinion>>;
    };
  } | null;
}

export interface ActingUser {
  role: Role;
  enterpriseId: string | null;
  /** The user's id: an expert acts only on the acceptances they are invited to. */
  id?: string | null;
  /** The user's region: 销号 belongs to the listing authority or above. */
  regionPath?: string | null;
}

/** The state the table reads, rebuilt from a read-model row. */
export function stateOfRow(c: ActionableCase): CaseState {
  const v = c.view ?? {};
  const details = (v.details ?? {}) as CaseDetails;
  return {
    view: {
      status: c.status,
      enterpriseId: c.enterpriseId ?? undefined,
      escalations: (v.escalations ?? []) as CaseEscalationView[],
      acceptanceFailures: v.acceptanceFailures ?? 0,
      extensionCount: v.extensionCount ?? 0,
      level: v.level,
      listingAuthority: v.listingAuthority,
      regionPath: v.regionPath ?? '',
      openTasks: v.openTasks ?? [],
      deadline: v.deadline ?? null,
      details,
    } as CaseView,
    policy: c.policy ?? null,
    alarms: [],
    deadlineOwner: null,
    extensionCutoff: details.extensionCutoff ?? null,
    suspendedAt: null,
    listingPublished: !!details.listingPublication,
    appliedCommands: [],
    ladderIndex: 0,
    taskSeq: 0,
  };
}

/** The commands this user may issue on this case now, in the table's order. */
export function allowedActions(c: ActionableCase, u: ActingUser, now: Date = new Date()): CaseAction[] {
  const actor: Actor = {
    id: u.id ?? null,
    role: u.role,
    name: '',
    enterpriseId: u.enterpriseId,
    regionPath: u.regionPath ?? null,
  };
  const offered: readonly string[] = caseActions;
  return allowedByTable(stateOfRow(c), actor, { now: now.toISOString() }).filter((a) =>
    offered.includes(a),
  ) as CaseAction[];
}

/** Every action of the table is one the console knows (checked when this module loads, in tests). */
export const tableActions: readonly string[] = caseCommands.map((c) => c.action);
