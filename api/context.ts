import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { Db } from '../db/client.js';
import type { SessionUser } from '../db/queries/auth.js';
import type { Scope } from '../db/queries/scope.js';
import type { Config } from '../config/config.js';
import type { IdempotentOperation } from './idempotency.js';

export interface AppDeps {
  db: Db;
  temporal: Client;
  config: Config;
  logger?: Logger;
  /** admin-ui/dist: served at / with the SPA fallback when given. */
  uiDir?: string;
  /** The clock for date-relative figures (dashboard); tests pin it. */
  now?: () => Date;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    /** The client's address, X-Forwarded-For believed only from TRUSTED_PROXIES (api/client-address.ts). */
    clientAddress: string;
    logger: Logger;
    user: SessionUser | undefined;
    token: string | undefined;
    /** This response's CSP nonce (hono/secure-headers), for the HTML pages that carry inline code. */
    secureHeadersNonce?: string;
    /** Set by the idempotency middleware when the request carries an Idempotency-Key it claimed. */
    idempotency: IdempotentOperation | undefined;
  };
}

export function scopeOf(user: SessionUser): Scope {
  return {
    userId: user.id,
    role: user.role,
    regionPath: user.regionPath,
    enterpriseId: user.enterpriseId,
    departmentId: user.departmentId,
    departmentIndustries: user.departmentIndustries,
  };
}
