/**
 * Activities of the daily duty sweep (workflows/duty-sweep.workflow.ts). Each sweep is one or a few set-based
 * statements over one district's rows (db/queries/hazard-sweeps.ts, self-reports.ts), idempotent, and audited as one
 * record per sweep naming what it changed — not one per row (docs/adr/0012-general-hazards-swept-not-held.md).
 */
import { ApplicationFailure } from '@temporalio/common';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { appendAudit } from '../db/queries/audit.js';
import { dutyPolicyFor, workingCalendarOf } from '../db/queries/duty-policies.js';
import { sweepLights, sweepPatrolDuties } from '../db/queries/hazard-sweeps.js';
import { drawDueInspections } from '../db/queries/inspections.js';
import { sweepSelfReportFlags } from '../db/queries/self-reports.js';
import { regions } from '../db/schema/index.js';
import { selfReportPeriods } from '../domain/hazards/policy.js';
import { periodToJudge, windowStart } from '../domain/hazards/self-report.js';
import type { DutySweepKind } from '../workflows/duty-definitions.js';

const RESOURCE: Record<DutySweepKind, string> = {
  lights: 'general_hazards',
  patrols: 'grid_enterprises',
  self_reports: 'self_report_flags',
  draws: 'inspections',
};

export function createDutyActivities(deps: { db: Db }) {
  const { db } = deps;

  async function districtPath(code: string): Promise<string> {
    const [r] = await db.select({ path: regions.path }).from(regions).where(eq(regions.code, code));
    if (!r)
      throw ApplicationFailure.create({
        type: 'NOT_FOUND',
        message: `no region ${code}`,
        nonRetryable: true,
      });
    return r.path;
  }

  return {
    /** One sweep of one district for one day; returns what it changed (counts). */
    async runDutySweep(input: {
      kind: DutySweepKind;
      districtCode: string;
      today: string;
    }): Promise<Record<string, number>> {
      const regionPath = await districtPath(input.districtCode);
      const policy = await dutyPolicyFor(db, { regionPath, on: input.today });
      let out: Record<string, number>;
      switch (input.kind) {
        case 'lights':
          out = {
            ...(await sweepLights(db, {
              regionPath,
              today: input.today,
              yellowDays: policy.hazard.yellowDays,
            })),
          };
          break;
        case 'patrols':
          out = await sweepPatrolDuties(db, {
            regionPath,
            everyDaysByColour: policy.patrol.everyDaysByColour,
          });
          break;
        case 'self_reports': {
          const calendar = await workingCalendarOf(db);
          out = {};
          for (const kind of selfReportPeriods) {
            if (!Object.values(policy.selfReport.periodByLevel).includes(kind)) continue;
            const period = periodToJudge(calendar, policy, kind, input.today);
            const flags = await sweepSelfReportFlags(db, {
              regionPath,
              period,
              silentFrom: windowStart(period, policy.selfReport.silentPeriods),
              policy,
            });
            for (const [k, n] of Object.entries(flags)) out[k] = (out[k] ?? 0) + n;
          }
          break;
        }
        case 'draws':
          out = await drawDueInspections(db, { regionPath, today: input.today, policy });
          break;
        default:
          throw ApplicationFailure.create({
            type: 'VALIDATION',
            message: `unknown sweep ${String(input.kind)}`,
            nonRetryable: true,
          });
      }
      if (Object.values(out).some((n) => n > 0))
        await appendAudit(db, {
          actorId: null,
          actorRole: 'system',
          action: `sweep_${input.kind}`,
          resource: RESOURCE[input.kind],
          resourceId: input.districtCode,
          payload: { today: input.today, regionPath, ...out },
        });
      return out;
    },
  };
}
