import { proxyActivities } from '@temporalio/workflow';
import type { createMaintenanceActivities } from '../activities/maintenance-activities.js';

const { verifyAuditChains, purgeLoginThrottle } = proxyActivities<
  ReturnType<typeof createMaintenanceActivities>
>({
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '5 minutes',
  retry: { maximumAttempts: 3 },
});

/**
 * 每晚审计校验 The nightly run of the `audit-verify` Schedule: verifies every hash chain (a broken one is recorded as
 * an alert for administrators, see db/queries/audit-verify.ts) and clears old login-throttle counters.
 */
export async function nightlyMaintenanceWorkflow(): Promise<{ ok: boolean; verificationId: string }> {
  const verified = await verifyAuditChains();
  await purgeLoginThrottle();
  return { ok: verified.ok, verificationId: verified.verificationId };
}
