/**
 * 督办时限规定 service: the preview and diff an administrator sees while authoring, and the new version, audited.
 */
import { shanghaiDate, createWorkingCalendar } from '../../domain/calendar.js';
import { diffPolicies, previewDeadlines, policyDraftSchema } from '../../domain/policy-authoring.js';
import { officialCalendarYears } from '../../db/queries/calendar-years.js';
import {
  createPolicy,
  getPolicy,
  listPolicies,
  policyInForce,
  regionPathOf,
  type PolicyInput,
} from '../../db/queries/policy-versions.js';
import type { AppDeps } from '../context.js';
import { auditChange, type Actor } from './audit.js';

export { listPolicies };

const today = (deps: Pick<AppDeps, 'now'>) => shanghaiDate(deps.now?.() ?? new Date());

export async function inForce(deps: Pick<AppDeps, 'db' | 'now'>, regionCode: string, on?: string) {
  return policyInForce(deps.db, {
    regionPath: await regionPathOf(deps.db, regionCode),
    on: on ?? today(deps),
  });
}

/** A version, with what it changed against the policy it overrode when it was made. */
export async function showPolicy(deps: Pick<AppDeps, 'db'>, id: string) {
  const p = await getPolicy(deps.db, id);
  return { ...p, changes: diffPolicies(p.overrides.policy, p.body) };
}

/**
 * What a draft would change in a region and the dates a case listed `listedOn` (today by default) would get: the
 * draft is validated by the same schema as a saved version, so the form shows the same errors before saving.
 */
export async function previewPolicy(
  deps: Pick<AppDeps, 'db' | 'now'>,
  input: { regionCode: string; effectiveFrom?: string | null; body: unknown; listedOn?: string | null },
) {
  const body = policyDraftSchema.parse(input.body);
  const current = await inForce(deps, input.regionCode, input.effectiveFrom ?? undefined);
  const calendar = createWorkingCalendar(await officialCalendarYears(deps.db));
  const listedOn = input.listedOn ?? today(deps);
  return {
    overrides: current,
    changes: diffPolicies(current.policy, body),
    listedOn,
    dates: previewDeadlines(body, calendar, listedOn),
  };
}

export async function authorPolicy(deps: Pick<AppDeps, 'db' | 'now'>, who: Actor, input: PolicyInput) {
  const created = await createPolicy(deps.db, input, { actorId: who.user.id, today: today(deps) });
  const changes = diffPolicies(created.overrides.policy, created.body);
  await auditChange(deps.db, who, 'create', 'policies', created.id, {
    regionCode: created.regionCode,
    version: created.version,
    effectiveFrom: created.effectiveFrom,
    overrides: created.overrides.source,
    changes,
  });
  return { ...created, changes };
}
