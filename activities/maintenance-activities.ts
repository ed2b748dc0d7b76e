/**
 * The nightly maintenance the `audit-verify` Temporal Schedule runs (activities/schedules.ts): the hash-chain
 * verifier over every chain (db/queries/audit-verify.ts), whose failed run is an alert to administrators, and the
 * cleanup of the login throttle's old counters.
 */
import { Context } from '@temporalio/activity';
import type { Db } from '../db/client.js';
import { runVerification } from '../db/queries/audit-verify.js';
import { purgeThrottle } from '../db/queries/login-throttle.js';
import { LOGIN_WINDOW_MINUTES } from '../domain/login-throttle.js';

export function createMaintenanceActivities(deps: { db: Db }) {
  return {
    /** Walks every chain and records the run; heartbeats with the rows checked so a long walk is not timed out. */
    async verifyAuditChains(): Promise<{ ok: boolean; verificationId: string; breaks: number }> {
      const run = await runVerification(deps.db, {
        trigger: 'schedule',
        onProgress: (rows) => Context.current().heartbeat(rows),
      });
      if (!run.ok)
        Context.current().log.error('audit chains broken', { verificationId: run.id, breaks: run.breaks });
      return { ok: run.ok, verificationId: run.id, breaks: (run.breaks as unknown[]).length };
    },

    async purgeLoginThrottle(): Promise<void> {
      await purgeThrottle(deps.db, { olderThanMinutes: 2 * LOGIN_WINDOW_MINUTES });
    },
  };
}
