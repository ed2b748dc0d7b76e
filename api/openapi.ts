import { z } from '@hono/zod-openapi';

/** Shared OpenAPI pieces: the error envelope and the responses every route documents. */
export const errorSchema = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), requestId: z.string() }),
    errors: z.record(z.string(), z.string()).optional(),
  })
  .openapi('Error');

const err = (description: string) => ({
  description,
  content: { 'application/json': { schema: errorSchema } },
});
export const errorResponses = {
  401: err('Not logged in'),
  404: err("Not found, or outside the caller's scope"),
  422: err('Invalid input: `errors` names each failing field'),
} as const;
/** For routes only some roles may use at all (a record outside the caller's scope is still a 404). */
export const forbiddenResponse = { 403: err("The caller's role may not use this route") } as const;
/** For routes that cannot fail on input (e.g. logout): still one envelope when something breaks. */
export const internalErrorResponse = { 500: err('Unexpected failure') } as const;
export const commandErrorResponses = {
  ...errorResponses,
  409: err("The case's current state refuses the command"),
} as const;

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  content: { 'application/json': { schema } },
  required: true,
});
export const jsonOk = <T extends z.ZodType>(schema: T, description = 'OK') => ({
  description,
  content: { 'application/json': { schema } },
});

/**
 * The answers of a command or report that goes through Temporal and its worker (docs/fault-model.md): 503 when
 * Temporal or the worker is down (nothing done; Retry-After), 202 when Temporal took it but the worker did not answer
 * in time (Location: the case; retry with the same Idempotency-Key to learn the outcome, never a second run).
 */
export const pendingResponses = {
  202: {
    description:
      'Handed to the workflow service, outcome not yet confirmed: Location names the case; a retry with the same Idempotency-Key completes it once',
    headers: {
      Location: {
        description: 'The case (or the public tracking page)',
        schema: { type: 'string' as const },
      },
      'Retry-After': { description: 'Seconds before asking again', schema: { type: 'string' as const } },
    },
    content: {
      'application/json': {
        schema: z
          .object({
            status: z.literal('pending'),
            caseId: z.string(),
            commandId: z.string().optional(),
            trackingCode: z.string().optional(),
            message: z.string(),
            location: z.string(),
            requestId: z.string(),
          })
          .openapi('Pending'),
      },
    },
  },
  503: err('Temporal or the case worker is unavailable: nothing was done; retry after Retry-After'),
} as const;
