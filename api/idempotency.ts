import { z } from '@hono/zod-openapi';
import { createMiddleware } from 'hono/factory';
import { canonicalJson, sha256Hex } from '../db/hash-chain.js';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  forgetIdempotencyKey,
  releaseIdempotencyKey,
} from '../db/queries/idempotency.js';
import type { AppDeps, AppEnv } from './context.js';
import { errorResponse } from './errors.js';

/**
 * Idempotency-Key for the writes a client may retry (POST /cases, the case commands), in the manner of Stripe and
 * the IETF draft (draft-ietf-httpapi-idempotency-key-header):
 *
 * - The first request with a key claims it under (user, key) with a hash of method, path and canonical JSON body,
 *   before it runs. Its first successful (2xx) response — status and body, byte for byte — is stored and replayed
 *   to every repeat of the same request, with `Idempotent-Replayed: true`.
 * - The same key with a different request: 422 naming the header. A repeat while the first is still running waits
 *   up to 5 s for its answer and replays it, else answers 409 with Retry-After: the pending row is the guard, so two
 *   concurrent duplicates never both run.
 * - A 4xx changed nothing: the key is forgotten, so the caller may fix the request and retry with the same key.
 *   A 5xx (or a crash) keeps the claim with its operation id and ends the lease, so the retry resumes the same
 *   operation: the same new case id (Temporal refuses a second workflow with it), the same update id (Temporal
 *   answers a repeated update id with the first result).
 * - Keys expire IDEMPOTENCY_TTL_HOURS after the first request (expired ones are deleted on the next claim).
 */
export const IDEMPOTENCY_TTL_HOURS = 24;
/** How long a running request holds its key before a retry may take the operation over. */
export const IDEMPOTENCY_LEASE_SECONDS = 60;
const IN_PROGRESS_WAIT_MS = 5_000;

export const idempotencyKeySchema = z.string().min(8).max(128);
export const idempotencyHeader = z.object({
  'idempotency-key': idempotencyKeySchema.optional().openapi({
    param: {
      description:
        `A unique key per operation (e.g. a UUID), 8–128 characters. A retry with the same key and the same ` +
        `request is applied once and answered with the first successful response (header Idempotent-Replayed: ` +
        `true); the same key with a different request is a 422. Keys are the caller's own and expire after ` +
        `${IDEMPOTENCY_TTL_HOURS} hours.`,
    },
    example: '5f0c7e3a-8d2b-4c61-9a7e-2b1f0d9c4e11',
  }),
});
/** The response header of a replay, for the OpenAPI responses of the idempotent routes. */
export const replayedHeader = {
  'Idempotent-Replayed': {
    description: 'true when this is the stored response of an earlier request with the same Idempotency-Key',
    schema: { type: 'string' as const, enum: ['true'] },
  },
};

export interface IdempotentOperation {
  /** Stable across the retries of one keyed operation: use it as the new record's id or the command id. */
  operationId: string;
}

export function idempotency(deps: Pick<AppDeps, 'db'>) {
  const { db } = deps;
  return createMiddleware<AppEnv>(async (c, next) => {
    const user = c.get('user');
    const key = c.req.header('idempotency-key');
    // Without a user the route answers 401, with a malformed key its header validator answers 422.
    if (!user || key === undefined || !idempotencyKeySchema.safeParse(key).success) return next();
    const text = await c.req.text(); // cached: the route's validator reads the same body
    let body = text;
    try {
      body = canonicalJson(JSON.parse(text));
    } catch {
      // Not JSON: hashed as sent (the route's validator rejects it anyway).
    }
    const requestHash = sha256Hex(`${c.req.method}\n${c.req.path}\n${body}`);
    const ids = { userId: user.id, key };
    const claimNow = () =>
      claimIdempotencyKey(db, {
        ...ids,
        requestHash,
        now: new Date(),
        ttlMs: IDEMPOTENCY_TTL_HOURS * 3_600_000,
        leaseMs: IDEMPOTENCY_LEASE_SECONDS * 1000,
      });
    let claim = await claimNow();
    // A duplicate of a running request (a double click) waits a little for the first one's answer, then replays
    // it; if the first fails with a 4xx meanwhile, this one runs instead. Only a long wait answers 409.
    for (let waited = 0; claim.kind === 'in_progress' && waited < IN_PROGRESS_WAIT_MS; waited += 100) {
      await new Promise((r) => setTimeout(r, 100));
      claim = await claimNow();
    }
    if (claim.kind === 'replay')
      return new Response(claim.response, {
        status: claim.status,
        headers: { 'content-type': 'application/json', 'idempotent-replayed': 'true' },
      });
    if (claim.kind === 'mismatch') {
      const message = 'Idempotency-Key 已用于另一个请求：请为新的请求使用新的键';
      return errorResponse(c, 'VALIDATION', message, { 'idempotency-key': message });
    }
    if (claim.kind === 'in_progress') {
      const message = '使用同一 Idempotency-Key 的请求正在处理中，请稍后重试';
      c.header('Retry-After', '1');
      return errorResponse(c, 'CONFLICT', message, { 'idempotency-key': message });
    }
    c.set('idempotency', { operationId: claim.operationId });
    await next();
    const status = c.res.status;
    // A 202 (handed to Temporal, outcome not yet seen) is not the operation's answer: the claim is kept with its
    // operation id, so the retry resumes the same case or Update and stores the real answer.
    if (status === 202) await releaseIdempotencyKey(db, ids);
    else if (status >= 200 && status < 300)
      await completeIdempotencyKey(db, { ...ids, status, response: await c.res.clone().text() });
    else if (status < 500) await forgetIdempotencyKey(db, ids);
    else await releaseIdempotencyKey(db, ids);
  });
}
