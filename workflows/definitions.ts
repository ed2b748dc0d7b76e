/**
 * The contract between the workflow, its clients (API, tests, benchmarks) and its activities: task queue,
 * workflow ids, search attributes, and every update/query with its types. Wire names are append-only once
 * histories exist (see docs/adr/0002-workflow-versioning.md).
 */
import { defineSearchAttributeKey, type SearchAttributePair } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CaseSource, CaseStatus, EscalationStep, ListingLevel } from '../domain/case-status.js';
import type {
  Actor,
  ApplyAcceptanceInput,
  ConfirmPublicationInput,
  DecideExtensionInput,
  EscalateInput,
  InviteExpertsInput,
  JudgeInput,
  ListInput,
  PenaltyInput,
  RecordAcceptanceInput,
  RecordEscalationOutcomeInput,
  ReportCaseInput,
  ReportProgressInput,
  RequestExtensionInput,
  ResumeInput,
  ReviewPlanInput,
  SignOffInput,
  SubmitExpertOpinionInput,
  SubmitPlanInput,
  SuspendInput,
  WithdrawInput,
} from '../domain/commands.js';

export const TASK_QUEUE = 'duban-cases';
/** The notification activities (outbox delivery, deadline notices): their own queue, their own workers. */
export const NOTIFY_TASK_QUEUE = 'duban-notifications';
/** Schedules of periodic work (activities/schedules.ts). */
export const scheduleIds = {
  outbox: 'duban-outbox-dispatch',
  deadlineNotices: 'duban-deadline-notices',
} as const;

/** Workflow ids are derived from the case id, and only here. */
export const caseWorkflowId = (caseId: string): string => `case-${caseId}`;

export const searchAttributes = {
  status: defineSearchAttributeKey('DubanCaseStatus', 'KEYWORD'),
  overdue: defineSearchAttributeKey('DubanCaseOverdue', 'BOOL'),
  level: defineSearchAttributeKey('DubanCaseLevel', 'KEYWORD'),
  region: defineSearchAttributeKey('DubanCaseRegion', 'KEYWORD'),
} as const;

/**
 * The search attributes a case has in this view: status, overdue flag, region, and the listing level once listed.
 * The workflow upserts the ones that differ from what the server holds; the API starts a case with those of a new
 * report (`reportedSearchAttributes`), so its first transition upserts nothing.
 */
export function caseSearchAttributes(
  view: Pick<CaseView, 'status' | 'overdue' | 'regionCode' | 'level'>,
): SearchAttributePair[] {
  return [
    { key: searchAttributes.status, value: view.status },
    { key: searchAttributes.overdue, value: view.overdue },
    { key: searchAttributes.region, value: view.regionCode },
    ...(view.level ? [{ key: searchAttributes.level, value: view.level }] : []),
  ];
}
/** The search attributes of a case just reported in `regionCode` (what its first transition would set). */
export const reportedSearchAttributes = (regionCode: string): SearchAttributePair[] =>
  caseSearchAttributes({ status: 'reported', overdue: false, regionCode });

/** Every command carries who issued it; `commandId` makes a retried command idempotent. */
export interface Command<T> {
  actor: Actor;
  input: T;
  commandId?: string;
}

/** Input of the case workflow: the reported hazard (DISCOVERED) plus server-assigned facts. */
export interface CaseWorkflowInput {
  caseId: string;
  report: ReportCaseInput;
  reportedBy: Actor;
  reportedAt: string; // ISO instant
  /** Facts resolved by the API before start (enterprise's region path, industry, department). */
  regionPath: string;
  industryCategory?: string | null;
  departmentId?: string | null;
  trackingCode?: string | null;
  /**
   * Default true. False only under Temporal's time-skipping test server, which cannot register custom search
   * attributes (its OperatorService accepts the call but upserts still fail); dev-server tests cover them.
   */
  indexSearchAttributes?: boolean;
  /** Continue as new past this many history events (default 5,000); small values exercise it in tests. */
  historyLimit?: number;
  /** Set when continuing as new: the state carried over. */
  carried?: unknown;
}

export interface CaseTaskView {
  id: string;
  kind: string;
  title: string;
  assigneeRole: string;
  /** Set when the task is one person's (an invited expert's opinion), not a role's within a territory. */
  assigneeUserId?: string;
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
  /** Anything else the workflow keeps (plan, progress reports, extension requests, acceptance...). */
  details: Record<string, unknown>;
}

export const judgeUpdate = defineUpdate<CaseView, [Command<JudgeInput>]>('judge');
export const listUpdate = defineUpdate<CaseView, [Command<ListInput>]>('list');
export const confirmPublicationUpdate = defineUpdate<CaseView, [Command<ConfirmPublicationInput>]>(
  'confirmPublication',
);
export const submitPlanUpdate = defineUpdate<CaseView, [Command<SubmitPlanInput>]>('submitPlan');
export const reviewPlanUpdate = defineUpdate<CaseView, [Command<ReviewPlanInput>]>('reviewPlan');
export const reportProgressUpdate = defineUpdate<CaseView, [Command<ReportProgressInput>]>('reportProgress');
export const requestExtensionUpdate = defineUpdate<CaseView, [Command<RequestExtensionInput>]>(
  'requestExtension',
);
export const decideExtensionUpdate = defineUpdate<CaseView, [Command<DecideExtensionInput>]>(
  'decideExtension',
);
export const suspendUpdate = defineUpdate<CaseView, [Command<SuspendInput>]>('suspend');
export const resumeUpdate = defineUpdate<CaseView, [Command<ResumeInput>]>('resume');
export const applyAcceptanceUpdate = defineUpdate<CaseView, [Command<ApplyAcceptanceInput>]>(
  'applyAcceptance',
);
export const recordAcceptanceUpdate = defineUpdate<CaseView, [Command<RecordAcceptanceInput>]>(
  'recordAcceptance',
);
export const signOffUpdate = defineUpdate<CaseView, [Command<SignOffInput>]>('signOff');
export const withdrawUpdate = defineUpdate<CaseView, [Command<WithdrawInput>]>('withdraw');
export const escalateUpdate = defineUpdate<CaseView, [Command<EscalateInput>]>('escalate');
export const recordEscalationOutcomeUpdate = defineUpdate<CaseView, [Command<RecordEscalationOutcomeInput>]>(
  'recordEscalationOutcome',
);
/** 邀请专家: supervisors invite experts to the running acceptance; one `expert_opinion` task each. */
export const inviteExpertsUpdate = defineUpdate<CaseView, [Command<InviteExpertsInput>]>('inviteExperts');
/** 专家意见: an invited expert's opinion and recommendation on the acceptance, once per round. */
export const submitExpertOpinionUpdate = defineUpdate<CaseView, [Command<SubmitExpertOpinionInput>]>(
  'submitExpertOpinion',
);

/** Fire-and-forget fact: the enterprise was closed/suspended in the registry (no answer needed). */
export const enterpriseStatusChangedSignal =
  defineSignal<[{ status: 'operating' | 'suspended' | 'closed'; at: string }]>('enterpriseStatusChanged');

export const getCaseQuery = defineQuery<CaseView>('getCase');
/**
 * The workflow's whole state, exactly what continue-as-new carries (`CaseWorkflowInput.carried`). Read by the
 * legacy-case import (db/seed/legacy-case.ts), which restarts a case from it with its history moved in time.
 */
export const caseStateQuery = defineQuery<unknown>('caseState');
