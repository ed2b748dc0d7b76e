import type { CaseStatus } from './case-status.js';
import type { ExpertOpinion, InvitedExpert } from './commands.js';
import type { Role } from './roles.js';

/**
 * Which command a person may issue on a case in its current state: the console shows a button only when this
 * says yes. The workflow's update validators stay the authority (they also check plan elements, late
 * extensions and so on); this table mirrors their role and state rules so nobody is offered a button that can
 * only fail. `path` is the API route under /api/cases/{id}/.
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
  'apply-acceptance',
  'invite-experts',
  'submit-expert-opinion',
  'record-acceptance',
  'sign-off',
  'withdraw',
  'escalate',
  'record-escalation-outcome',
] as const;
export type CaseAction = (typeof caseActions)[number];

/** What the rules read from a case: its read-model row (with the workflow's view). */
export interface ActionableCase {
  status: CaseStatus;
  enterpriseId: string | null;
  view?: {
    escalations?: Array<{ status: string }>;
    acceptanceFailures?: number;
    details?: {
      pendingExtension?: unknown;
      listingPublication?: unknown;
      invitedExperts?: Array<Pick<InvitedExpert, 'id' | 'round'>>;
      expertOpinions?: Array<Pick<ExpertOpinion, 'expertId' | 'round'>>;
    };
  } | null;
}

export interface ActingUser {
  role: Role;
  enterpriseId: string | null;
  /** The user's id: an expert acts only on the acceptances they are invited to. */
  id?: string | null;
}

const SUPERVISORS: readonly Role[] = ['supervisor', 'admin'];
const DECIDERS: readonly Role[] = ['supervisor', 'leader', 'admin'];
const TERMINAL: readonly CaseStatus[] = ['downgraded', 'dismissed', 'closed', 'withdrawn'];
const UNDER_SUPERVISION: readonly CaseStatus[] = [
  'listed',
  'plan_submitted',
  'rectifying',
  'suspended',
  'acceptance_requested',
];

type Rule = (c: ActionableCase, u: ActingUser) => boolean;

/** Whether `u` is invited to the acceptance round now running (验收轮次: 1 + failed acceptances), as the workflow checks. */
const invitedNow = (c: ActionableCase, u: ActingUser): boolean => {
  const round = (c.view?.acceptanceFailures ?? 0) + 1;
  return !!u.id && !!c.view?.details?.invitedExperts?.some((e) => e.id === u.id && e.round === round);
};
const opinionGiven = (c: ActionableCase, u: ActingUser): boolean => {
  const round = (c.view?.acceptanceFailures ?? 0) + 1;
  return !!c.view?.details?.expertOpinions?.some((o) => o.expertId === u.id && o.round === round);
};
const by =
  (roles: readonly Role[], statuses: readonly CaseStatus[] | 'any-open'): Rule =>
  (c, u) =>
    roles.includes(u.role) &&
    (statuses === 'any-open' ? !TERMINAL.includes(c.status) : statuses.includes(c.status));
const ownEnterprise =
  (statuses: readonly CaseStatus[]): Rule =>
  (c, u) =>
    statuses.includes(c.status) &&
    (u.role === 'admin' ||
      (u.role === 'enterprise' && !!u.enterpriseId && u.enterpriseId === c.enterpriseId));

const RULES: Record<CaseAction, Rule> = {
  judge: by(SUPERVISORS, ['reported']),
  list: by(SUPERVISORS, ['judged']),
  // 公示: the listing once while the case is under supervision, the delisting after sign-off (which closes it).
  'confirm-publication': (c, u) =>
    SUPERVISORS.includes(u.role) &&
    (c.status === 'signed_off' ||
      (([...UNDER_SUPERVISION, 'accepted'] as CaseStatus[]).includes(c.status) &&
        !c.view?.details?.listingPublication)),
  'submit-plan': ownEnterprise(['listed']),
  'review-plan': by(SUPERVISORS, ['plan_submitted']),
  'report-progress': ownEnterprise(['rectifying', 'suspended']),
  'request-extension': (c, u) => ownEnterprise(['rectifying'])(c, u) && !c.view?.details?.pendingExtension,
  'decide-extension': (c, u) => SUPERVISORS.includes(u.role) && !!c.view?.details?.pendingExtension,
  suspend: by(SUPERVISORS, ['rectifying']),
  resume: by(SUPERVISORS, ['suspended']),
  'apply-acceptance': ownEnterprise(['rectifying']),
  'invite-experts': by(SUPERVISORS, ['acceptance_requested']),
  'submit-expert-opinion': (c, u) =>
    u.role === 'expert' && c.status === 'acceptance_requested' && invitedNow(c, u) && !opinionGiven(c, u),
  'record-acceptance': (c, u) =>
    c.status === 'acceptance_requested' &&
    (SUPERVISORS.includes(u.role) || (u.role === 'expert' && invitedNow(c, u))),
  'sign-off': by(DECIDERS, ['accepted']),
  withdraw: by(SUPERVISORS, 'any-open'),
  escalate: by(SUPERVISORS, UNDER_SUPERVISION),
  'record-escalation-outcome': (c, u) =>
    SUPERVISORS.includes(u.role) && !!c.view?.escalations?.some((e) => e.status === 'open'),
};

/** The commands this user may issue on this case now, in lifecycle order. */
export function allowedActions(c: ActionableCase, u: ActingUser): CaseAction[] {
  return caseActions.filter((a) => RULES[a](c, u));
}
