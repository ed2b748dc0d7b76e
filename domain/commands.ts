import type { z } from 'zod';
import { commandSchemas, type CommandSchemas } from './command-schemas.js';

/**
 * Every command a person issues on a case, as zod schemas shared by the API (request validation, OpenAPI),
 * the workflow (update validators) and the console (form validation). Messages are Chinese first: they are
 * shown beside the form field that failed. The schemas are defined in `command-schemas.ts` (which the workflow
 * uses directly, built once per worker thread); this module gives them their names.
 */
export const {
  isoDate,
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
  submitCommitmentInput,
  attachEnterpriseRequest,
  attachEnterpriseInput,
  raiseLevelRequest,
  raiseLevelInput,
} = commandSchemas();
export { penaltyKinds, penaltySteps, type PenaltyKind } from './command-schemas.js';

export type AttachEnterpriseRequest = z.infer<CommandSchemas['attachEnterpriseRequest']>;
export type AttachEnterpriseInput = z.infer<CommandSchemas['attachEnterpriseInput']>;
export type RaiseLevelRequest = z.infer<CommandSchemas['raiseLevelRequest']>;
export type RaiseLevelInput = z.infer<CommandSchemas['raiseLevelInput']>;
export type ReportCaseInput = z.infer<CommandSchemas['reportCaseInput']>;
export type JudgeInput = z.infer<CommandSchemas['judgeInput']>;
export type ListInput = z.infer<CommandSchemas['listInput']>;
export type SubmitPlanInput = z.infer<CommandSchemas['submitPlanInput']>;
export type ReviewPlanInput = z.infer<CommandSchemas['reviewPlanInput']>;
export type ReportProgressInput = z.infer<CommandSchemas['reportProgressInput']>;
export type RequestExtensionInput = z.infer<CommandSchemas['requestExtensionInput']>;
export type DecideExtensionInput = z.infer<CommandSchemas['decideExtensionInput']>;
export type SuspendInput = z.infer<CommandSchemas['suspendInput']>;
export type ResumeInput = z.infer<CommandSchemas['resumeInput']>;
export type RequestSuspensionInput = z.infer<CommandSchemas['requestSuspensionInput']>;
export type DecideSuspensionInput = z.infer<CommandSchemas['decideSuspensionInput']>;
export type ApplyAcceptanceInput = z.infer<CommandSchemas['applyAcceptanceInput']>;
export type RecordAcceptanceInput = z.infer<CommandSchemas['recordAcceptanceInput']>;
export type InviteExpertsInput = z.infer<CommandSchemas['inviteExpertsInput']>;
export type InviteExpertsRequest = z.infer<CommandSchemas['inviteExpertsRequest']>;
export type SubmitExpertOpinionInput = z.infer<CommandSchemas['submitExpertOpinionInput']>;
export type SignOffInput = z.infer<CommandSchemas['signOffInput']>;
export type ConfirmPublicationInput = z.infer<CommandSchemas['confirmPublicationInput']>;
export type WithdrawInput = z.infer<CommandSchemas['withdrawInput']>;
export type EscalateInput = z.infer<CommandSchemas['escalateInput']>;
export type PenaltyInput = z.infer<CommandSchemas['penaltyInput']>;
export type RecordEscalationOutcomeInput = z.infer<CommandSchemas['recordEscalationOutcomeInput']>;
export type SubmitCommitmentInput = z.infer<CommandSchemas['submitCommitmentInput']>;

/**
 * What the workflow keeps of invitations and opinions (`view.details.invitedExperts` / `.expertOpinions`). `round`
 * is the acceptance round (验收轮次, 1 + failed acceptances before it): a failed acceptance sends the case back to
 * rectifying, and the next application is judged afresh, by whoever is invited then.
 */
export interface InvitedExpert {
  id: string;
  name: string;
  invitedAt: string;
  invitedBy: string;
  round: number;
  note?: string;
}
export interface ExpertOpinion {
  expertId: string;
  expertName: string;
  opinion: string;
  recommendation: 'pass' | 'fail';
  at: string;
  round: number;
}

/** Who issues a command. The API fills it from the session; it is never taken from the request body. */
export interface Actor {
  id: string | null;
  role: import('./roles.js').ActorRole;
  name: string;
  regionPath?: string | null;
  enterpriseId?: string | null;
}
