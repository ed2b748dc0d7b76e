/**
 * The case model: the view the workflow keeps and returns (read model, API, console share it), its typed details,
 * and the whole state the workflow carries across continue-as-new. Field names are part of committed histories
 * (carried state, query results): append only.
 */
import type { CalendarYear } from '../calendar.js';
import type { CaseSource, CaseStatus, EscalationStep, ListingLevel } from '../case-status.js';
import type {
  ApplyAcceptanceInput,
  AttachEnterpriseInput,
  ConfirmPublicationInput,
  ExpertOpinion,
  InvitedExpert,
  PenaltyInput,
  RecordAcceptanceInput,
  ReportProgressInput,
  RequestExtensionInput,
  RequestSuspensionInput,
  DecideSuspensionInput,
  ReviewPlanInput,
  SignOffInput,
  SubmitPlanInput,
  WithdrawInput,
} from '../commands.js';
import type { CasePolicy } from '../policy.js';
import type { EstimatedDate } from './estimates.js';

export interface CaseTaskView {
  id: string;
  kind: string;
  title: string;
  assigneeRole: string;
  /** Set when the task is one person's (an invited expert's opinion), not a role's within a territory. */
  assigneeUserId?: string;
  /** The territory whose role acts, when not the case's (the 安委办 above, on the supervisory ladder). */
  assigneeRegionPath?: string;
  dueAt: string | null;
}

export interface CaseEscalationView {
  id: string;
  step: EscalationStep;
  reason: string;
  manual: boolean;
  triggeredAt: string;
  dueAt: string | null;
  status: 'open' | 'done' | 'superseded' | 'cancelled';
  outcome?: string;
  /** 行政处罚 recorded with the outcome of an enforcement or joint punishment rung (安全生产法 Art. 113 counts it). */
  penalty?: PenaltyInput;
  /** Set when the system closed the rung (the case closed or was withdrawn): why, and when. */
  closedReason?: string;
  closedAt?: string;
}

/** 书面承诺: what the enterprise commits to in writing after a 约谈. */
export interface WrittenCommitment {
  escalationId: string | null;
  text: string;
  signedScanDocumentId: string;
  documentIds: string[];
  submittedAt: string;
  submittedBy: string;
}

/** 提级督办: one raise of the listing, as recorded. */
export interface LevelRaise {
  fromLevel: ListingLevel;
  toLevel: ListingLevel;
  fromAuthority: string | null;
  listingAuthority: string;
  supervisingUnit: string;
  regionPath: string;
  reason: string;
  /**
   * Who raised it: true when the authority of the new level (or one above it) took the case over itself, so its
   * document is a notice of taking over (提级督办的通知); false when the listing authority raised its own listing,
   * which is its request to the one above (提请提级督办的函). Absent on raises recorded before it was kept.
   */
  takeover?: boolean;
  by: string;
  byId: string | null;
  at: string;
}

/** Everything the case keeps beyond its columns; one typed record for the workflow, API and console. */
export interface CaseDetails {
  evidenceDocumentIds?: string[];
  calendarWarning?: string;
  /** The unknown years some running deadline of the case was estimated for (weekends only); absent when none. */
  calendarEstimate?: { years: number[] };
  policyName?: string;
  listedAt?: string;
  interimControls?: { controls: string[]; note?: string };
  listingPublication?: ConfirmPublicationInput;
  delistingPublication?: ConfirmPublicationInput;
  plan?: SubmitPlanInput & { submittedAt: string; submittedBy: string };
  planReviews?: Array<ReviewPlanInput & { by: string; at: string }>;
  progressReports?: Array<ReportProgressInput & { at: string }>;
  pendingExtension?: RequestExtensionInput & { requestedAt: string };
  extensions?: Array<Record<string, unknown>>;
  suspension?: {
    reason: string;
    since: string;
    remainingMs: number;
    /**
     * Since `suspension-request` (fix 11): the working days (工作日) of the rectification deadline left when the clock
     * stopped; resuming sets the deadline that many working days after the day it resumes. Absent: the old resume
     * (every clock moved by the time paused).
     */
    remainingWorkingDays?: number;
    /** An approved request: the working days granted and the Shanghai date the clock restarts by itself (停表至). */
    days?: number;
    until?: string;
    documentIds?: string[];
    requestedBy?: string;
    decidedBy?: string;
  };
  suspensions?: Array<Record<string, unknown>>;
  /** 停表申请 awaiting the listing authority's decision (fix 11). */
  pendingSuspension?: RequestSuspensionInput & { requestedAt: string; requestedBy: string };
  /** 停表申请 decided: each request with its decision. */
  suspensionRequests?: Array<
    RequestSuspensionInput & { requestedAt: string; requestedBy: string } & DecideSuspensionInput & {
        decidedAt: string;
        decidedBy: string;
      }
  >;
  acceptanceApplication?: ApplyAcceptanceInput & { appliedAt: string };
  acceptances?: Array<RecordAcceptanceInput & { recordedBy: string; at: string }>;
  invitedExperts?: InvitedExpert[];
  expertOpinions?: ExpertOpinion[];
  signOff?: SignOffInput & { by: string; at: string };
  withdrawal?: WithdrawInput & { by: string; at: string };
  levelRaised?: boolean;
  /**
   * 提级督办 (fix 5): each raise of the listing, oldest first. The last one's authority is the listing and supervising
   * unit; its region (`listingRegionPath`) is where the case's supervisor tasks go from then on.
   */
  levelRaises?: LevelRaise[];
  /** The region of the listing authority once the listing was raised; absent before (the case's own territory). */
  listingRegionPath?: string;
  enterpriseStatus?: { status: 'operating' | 'suspended' | 'closed'; at: string };
  writtenCommitments?: WrittenCommitment[];
  /** The last instant an extension may be requested (mirrors the workflow state, for the console). */
  extensionCutoff?: string | null;
  /** The latest rectification deadline the policy allows (listing date + maximum), a Shanghai date. */
  rectificationLimit?: string;
  /** 进展报告漏报: periods missed in all, and in a row since the last report (fix 6). */
  progressReportMisses?: number;
  progressMissesInRow?: number;
  /** Supervisor clocks past and not yet met (挂牌公示, 延期审批): the case is overdue while any is here. */
  overdueClocks?: Array<{ step: string; dueAt: string; party: 'supervisor' }>;
  /** 关联责任企业: the enterprise a supervisor attached to a case reported without one (a public 举报). */
  attachedEnterprise?: AttachEnterpriseInput & { by: string; at: string };
  /** Whose running deadline is past, when `overdue`. */
  overdueParty?: 'enterprise' | 'supervisor' | null;
  [key: string]: unknown;
}

/** The whole case as the workflow sees it; returned by the query and by every update. */
export interface CaseView {
  caseId: string;
  status: CaseStatus;
  source: CaseSource;
  title: string;
  description: string;
  location?: string;
  enterpriseId?: string;
  regionCode: string;
  regionPath: string;
  clauseId?: string;
  level?: ListingLevel;
  listingAuthority?: string;
  supervisingUnit?: string;
  owningLeaderId?: string;
  /** The deadline now running (judgement, plan, rectification, acceptance...), ISO instant. */
  deadline: string | null;
  deadlineKind: string | null;
  rectificationDeadline: string | null;
  overdue: boolean;
  overdueSince: string | null;
  suspended: boolean;
  extensionCount: number;
  acceptanceFailures: number;
  planReturns: number;
  openTasks: CaseTaskView[];
  escalations: CaseEscalationView[];
  /** Number of events applied; the read model's version. */
  version: number;
  details: CaseDetails;
}

/** What a scheduled alarm does when it fires. */
export type Alarm =
  | { kind: 'deadline'; at: string; clock: boolean }
  | { kind: 'reminder'; at: string; clock: true; before: string }
  | { kind: 'progress_due'; at: string; clock: true }
  | { kind: 'escalate'; at: string; clock: true; step: EscalationStep; index: number }
  /** Since rules 2: the 书面承诺 after a 约谈 is due; missing it starts the next rung. */
  | { kind: 'commitment'; at: string; clock: true; taskId: string; escalationId: string }
  /**
   * Since `publication-clocks`: a supervisor's limit running beside the case's deadline (挂牌公示, 延期审批). Not on
   * the enterprise's clock: a suspension does not stop it.
   */
  | { kind: 'supervisor_clock'; at: string; clock: false; step: SupervisorClock }
  /** Since `supervisory-ladder`: the rung `index` of policy.supervisorLadder for the late step `step`. */
  | { kind: 'supervisory'; at: string; clock: false; step: string; index: number }
  /** Since `suspension-request`: an approved 停表 ends; the clock restarts by itself (not on the stopped clock). */
  | { kind: 'suspension_end'; at: string; clock: false };

/** The supervisor limits that run as clocks of their own, beside the case's one running deadline. */
export type SupervisorClock = 'publish_listing' | 'decide_extension' | 'decide_suspension';

/** Everything the workflow keeps; carried over on continue-as-new. */
export interface CaseState {
  view: CaseView;
  policy: CasePolicy | null;
  alarms: Alarm[];
  /** Which side owns the running deadline: a missed enterprise deadline climbs the ladder. */
  deadlineOwner: 'enterprise' | 'supervisor' | null;
  extensionCutoff: string | null; // the last instant an extension may be requested
  suspendedAt: string | null;
  listingPublished: boolean;
  appliedCommands: string[];
  ladderIndex: number;
  taskSeq: number;
  /** Since `local-io-activities`: the official calendar's known years the deadlines are computed on. */
  calendar?: { years: CalendarYear[]; from: number; to: number; loadedAt: string };
  /** The computations estimated on weekends only, redone when their year is entered (domain/case/recompute.ts). */
  estimates?: EstimatedDate[];
}

/** A task to open, as the persistence writes it. */
export interface TaskSpec {
  id: string;
  kind: string;
  title: string;
  assigneeRole: string;
  /** One person's task (an invited expert's opinion): theirs alone, in no territory's task list. */
  assigneeUserId?: string;
  /** The territory whose role acts, when not the case's (the 安委办 above, on the supervisory ladder). */
  assigneeRegionPath?: string;
  dueAt: string | null;
}
