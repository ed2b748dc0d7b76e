/**
 * 一般隐患与排查职责 (duty policy) authoring: administrators write a version per region subtree — rectification
 * periods, the yellow light, self-report periods and silence thresholds, patrol intervals by risk colour and
 * inspection intervals by management level — from an effective date; supervisors and leaders read them. The body is
 * validated by the schema the sweeps parse it with (domain/hazards/policy.ts), plus the order of the grades; every
 * version is audited with what it changed against the policy it overrides. The next daily sweep applies it to every
 * row (ADR 0012).
 */
import { eq } from 'drizzle-orm';
import {
  addDutyPolicy,
  dutyPolicyFor,
  forgetDutyPolicies,
  listDutyPolicies,
} from '../../db/queries/duty-policies.js';
import { regions } from '../../db/schema/index.js';
import { DomainError } from '../../domain/errors.js';
import {
  DEFAULT_DUTY_POLICY,
  dutyPolicyChanges,
  type DutyPolicy,
  type DutyPolicyInput,
} from '../../domain/hazards/policy.js';
import type { AppDeps } from '../context.js';
import { auditChange, type Actor } from './audit.js';
import { todayOf } from './general-hazards.js';

const regionOf = async (deps: Pick<AppDeps, 'db'>, code: string, field = 'regionCode') => {
  const [r] = await deps.db.select().from(regions).where(eq(regions.code, code));
  if (!r) throw new DomainError('VALIDATION', '行政区划不存在', { [field]: '行政区划不存在' });
  return r;
};

export async function listDutyPolicyVersions(deps: Pick<AppDeps, 'db'>, regionCode?: string) {
  const rows = await listDutyPolicies(deps.db, { regionCode });
  const names = new Map((await deps.db.select().from(regions)).map((r) => [r.code, r.name]));
  return rows.map((r) => ({
    id: r.id,
    regionCode: r.regionCode,
    regionName: names.get(r.regionCode) ?? r.regionCode,
    version: r.version,
    effectiveFrom: r.effectiveFrom,
    body: r.body as DutyPolicy,
    createdAt: r.createdAt.toISOString(),
    createdBy: r.createdBy,
  }));
}

/** The policy in force in a region on a day (today by default): the most specific version, else the default. */
export async function dutyPolicyInForce(
  deps: Pick<AppDeps, 'db' | 'now'>,
  regionCode: string,
  on?: string,
): Promise<{ policy: DutyPolicy; isDefault: boolean }> {
  const region = await regionOf(deps, regionCode);
  const policy = await dutyPolicyFor(deps.db, { regionPath: region.path, on: on ?? todayOf(deps).today });
  return { policy, isDefault: policy === DEFAULT_DUTY_POLICY };
}

export async function authorDutyPolicy(
  deps: Pick<AppDeps, 'db' | 'now'>,
  who: Actor,
  input: DutyPolicyInput,
) {
  const { today } = todayOf(deps);
  if (input.effectiveFrom < today)
    throw new DomainError('VALIDATION', '生效日期不能早于今天', { effectiveFrom: '生效日期不能早于今天' });
  const region = await regionOf(deps, input.regionCode);
  const overridden = await dutyPolicyFor(deps.db, { regionPath: region.path, on: input.effectiveFrom });
  const row = await addDutyPolicy(deps.db, {
    regionCode: region.code,
    effectiveFrom: input.effectiveFrom,
    body: input.body,
    createdBy: who.user.id,
  });
  forgetDutyPolicies(deps.db);
  const changes = dutyPolicyChanges(overridden, input.body);
  await auditChange(deps.db, who, 'create', 'duty-policies', row.id, {
    regionCode: row.regionCode,
    version: row.version,
    effectiveFrom: row.effectiveFrom,
    changes,
  });
  return {
    id: row.id,
    regionCode: row.regionCode,
    regionName: region.name,
    version: row.version,
    effectiveFrom: row.effectiveFrom,
    body: row.body as DutyPolicy,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    changes,
  };
}
