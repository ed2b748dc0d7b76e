/**
 * Every call the API makes to Temporal goes through `temporalCall`: it carries a deadline (a Temporal server that is
 * down or unreachable answers within it, instead of the client's own retries taking 20 s), and a failure to reach the
 * server becomes a retryable 503 (UNAVAILABLE, with Retry-After) instead of a 500. What the call was to do has not
 * happened: the service calls Temporal before it writes anything of its own (a case is written by its workflow), so a
 * client told 503 may retry with the same Idempotency-Key. docs/adr/0010-defences-at-the-edge.md.
 */
import type { Client } from '@temporalio/client';
import { isGrpcServiceError, ServiceError } from '@temporalio/client';
import { DomainError } from '../domain/errors.js';

/** How long a call that only talks to the server (start, signal, describe) may take. */
export const TEMPORAL_CALL_MS = 1_500;
/** How long an Update may wait for the workflow's answer (the worker runs it). */
export const TEMPORAL_UPDATE_MS = 15_000;
/** What a client is told to wait before retrying. */
export const TEMPORAL_RETRY_AFTER_S = 5;

// gRPC status codes meaning "the server could not be reached or did not answer in time": retrying later may work.
const UNAVAILABLE = 14;
const DEADLINE_EXCEEDED = 4;
const CANCELLED = 1;

/** Whether `err` (or what it wraps) says Temporal could not be reached or did not answer within the deadline. */
export function isTemporalUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (isGrpcServiceError(e) && [UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED].includes(e.code)) return true;
    // A connection that never came up (the server was down when the API started).
    if (e instanceof ServiceError && /Failed to connect|connect ECONNREFUSED|deadline/i.test(e.message))
      return true;
  }
  return false;
}

export function temporalUnavailable(): DomainError {
  return new DomainError(
    'UNAVAILABLE',
    '工作流服务暂时不可用，本次操作未执行，请稍后重试',
    undefined,
    TEMPORAL_RETRY_AFTER_S,
  );
}

/** Runs `fn` (one or more client calls) under a deadline of `ms`; an unreachable server is a 503 UNAVAILABLE. */
export async function temporalCall<T>(
  client: Client,
  fn: () => Promise<T>,
  ms = TEMPORAL_CALL_MS,
): Promise<T> {
  try {
    // The deadline bounds each gRPC call; the abort signal also ends the client's own retry back-off at once.
    return await client.withAbortSignal(AbortSignal.timeout(ms), () =>
      client.withDeadline(Date.now() + ms, fn),
    );
  } catch (err) {
    if (isTemporalUnavailable(err)) throw temporalUnavailable();
    throw err;
  }
}

/** Answers within TEMPORAL_CALL_MS whether the server is there; a 503 UNAVAILABLE when not. */
export async function temporalReachable(client: Client): Promise<void> {
  await temporalCall(client, () => client.workflowService.getSystemInfo({}));
}

/**
 * A command or report Temporal took but whose outcome the API could not see within its bound (the worker did not
 * answer): answered 202 with the case's address (Location) and the truth — handed over, not yet confirmed. A retry
 * with the same Idempotency-Key is the same workflow start or Update, so it completes the operation once or reports
 * its result; it never runs it twice.
 */
export class PendingError extends Error {
  constructor(
    /** Where the outcome will show: the case (GET /api/cases/{id}) or the public tracking page. */
    public readonly location: string,
    public readonly body: {
      status: 'pending';
      caseId: string;
      commandId?: string;
      trackingCode?: string;
      message: string;
    },
  ) {
    super(body.message);
    this.name = 'PendingError';
  }
}
