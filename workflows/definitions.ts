/**
 * The contract between the workflow, its clients (API, tests, benchmarks) and its activities: task queue,
 * workflow ids, search attributes, and every update/query with its types. Wire names are append-only once
 * histories exist (see docs/adr/0002-workflow-versioning.md).
 */
import { defineSearchAttributeKey, type SearchAttributePair } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CaseView } from '../domain/case/model.js';
import type {
  Actor,
  ApplyAcceptanceInput,
  ConfirmPublicationInput,
  DecideExtensionInput,
  EscalateInput,
  RaiseLevelInput,
  InviteExpertsInput,
  JudgeInput,
  ListInput,
  RecordAcceptanceInput,
  RecordEscalationOutcomeInput,
  ReportCaseInput,
  ReportProgressInput,
  RequestExtensionInput,
  RequestSuspensionInput,
  DecideSuspensionInput,
  ResumeInput,
  ReviewPlanInput,
  SignOffInput,
  SubmitExpertOpinionInput,
  SubmitCommitmentInput,
  AttachEnterpriseInput,
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
/** The fan-out of one saved version of a calendar year to the cases it estimated. */
export const calendarChangedWorkflowId = (year: number, version: number): string =>
  `calendar-changed-${year}-v${version}`;

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
  /** The API request that reported the case: named by the report's audit record, written with the case. */
  requestId?: string | null;
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

// The case model lives in the pure core (domain/case/model.ts); named here too for the workflow's clients.
export type { CaseTaskView, CaseEscalationView, CaseView, CaseDetails } from '../domain/case/model.js';

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
/** 停表申请 by the enterprise, and the listing authority's decision (fix 11). */
export const requestSuspensionUpdate = defineUpdate<CaseView, [Command<RequestSuspensionInput>]>(
  'requestSuspension',
);
export const decideSuspensionUpdate = defineUpdate<CaseView, [Command<DecideSuspensionInput>]>(
  'decideSuspension',
);
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

/** 书面承诺: the enterprise's written commitment after a 约谈 (text and signed scan). */
export const submitWrittenCommitmentUpdate = defineUpdate<CaseView, [Command<SubmitCommitmentInput>]>(
  'submitWrittenCommitment',
);

/** 关联责任企业: a supervisor attaches the enterprise on file to a case reported without one (public 举报). */
export const attachEnterpriseUpdate = defineUpdate<CaseView, [Command<AttachEnterpriseInput>]>(
  'attachEnterprise',
);

/**
 * 提级督办: the listing raised to a higher level; its authority becomes the listing and supervising unit and takes over
 * the case's supervisor tasks (domain/case/rules.ts row `raise-level`).
 */
export const raiseLevelUpdate = defineUpdate<CaseView, [Command<RaiseLevelInput>]>('raiseLevel');

/**
 * Answers with the view once the report is recorded (no validator, no input): the API starts a case with this
 * update (update-with-start) and gets the first view in one round trip.
 */
export const reportedUpdate = defineUpdate<CaseView, []>('reported');

/** Fire-and-forget fact: the enterprise was closed/suspended in the registry (no answer needed). */
export const enterpriseStatusChangedSignal =
  defineSignal<[{ status: 'operating' | 'suspended' | 'closed'; at: string }]>('enterpriseStatusChanged');

/**
 * Fire-and-forget fact: an administrator entered (or corrected) these years of the working-day calendar. A running
 * case whose deadlines were estimated for one of them computes them again on the official calendar (the API's
 * fan-out, workflows/calendar-changed.workflow.ts, sends it to each case `casesWithEstimates` lists).
 */
export const calendarChangedSignal = defineSignal<[{ years: number[] }]>('calendarChanged');

export const getCaseQuery = defineQuery<CaseView>('getCase');
/**
 * The workflow's whole state, exactly what continue-as-new carries (`CaseWorkflowInput.carried`). Read by the
 * legacy-case import (scripts/seed/legacy-case.ts), which restarts a case from it with its history moved in time.
 */
export const caseStateQuery = defineQuery<unknown>('caseState');
