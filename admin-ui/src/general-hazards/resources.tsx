import { Resource } from 'react-admin';
import type { Role } from '../../../domain/roles';
import { generalHazards, hazardRates, hazardWorklist } from './index';
import {
  checklistRates,
  checklists,
  checklistTemplates,
  selfInspections,
  selfInspectionTasks,
} from '../checklists';
import { selfReportCurrent, selfReportFlags, selfReports } from '../self-reports';
import { grids, patrols } from '../grids';
import { inspectionPlans, inspections } from '../inspections';
import { riskGrades } from '../grades';
import { dutyPolicies } from '../duty-policies';

const MANAGERS: readonly Role[] = ['admin', 'supervisor', 'leader'];

/**
 * 一般隐患 and its duties on the desk, by role: everyone but experts the ledger (the API scopes it: an enterprise its
 * own, a grid member its grid's); supervisors and administrators the daily worklist; all but experts the rates.
 * The other desk resources of issue #15 (checklists, self-reports, grids, patrols, inspection plans and records, risk
 * grades, duty policies) are added here too, so App.tsx has one line for them; each only for the roles its API
 * routes allow (grids: managers and grid members; patrols: also enterprises, their own; inspection plans and
 * duty policies: managers; inspections: managers, and an enterprise its own done ones, without the record page the
 * API keeps from it).
 */
export const generalHazardResources = (role: Role) => {
  if (role === 'expert') return null;
  const manager = MANAGERS.includes(role);
  const enterprise = role === 'enterprise';
  const gridMember = role === 'grid_member';
  // Who the API lets write: supervisors and administrators plan inspections (test/api/authz-matrix.test.ts).
  const planner = role === 'supervisor' || role === 'admin';
  return (
    <>
      <Resource name="general-hazards" {...generalHazards} />
      {(role === 'supervisor' || role === 'admin') && <Resource name="hazard-worklist" {...hazardWorklist} />}
      <Resource name="hazard-rates" {...hazardRates} />
      {(manager || enterprise) && (
        <Resource name="checklists" {...(enterprise ? checklists : { ...checklists, create: undefined })} />
      )}
      {(manager || enterprise) && <Resource name="checklist-templates" {...checklistTemplates} />}
      {manager && <Resource name="checklist-rates" {...checklistRates} />}
      {enterprise && <Resource name="self-inspection-tasks" {...selfInspectionTasks} />}
      {(manager || enterprise) && <Resource name="self-inspections" {...selfInspections} />}
      {enterprise && <Resource name="self-report-current" {...selfReportCurrent} />}
      {(manager || enterprise) && <Resource name="self-reports" {...selfReports} />}
      {manager && <Resource name="self-report-flags" {...selfReportFlags} />}
      {(manager || gridMember) && <Resource name="grids" {...grids} />}
      {(manager || gridMember || enterprise) && <Resource name="patrols" {...patrols} />}
      {manager && (
        <Resource
          name="inspection-plans"
          {...(planner ? inspectionPlans : { ...inspectionPlans, create: undefined })}
        />
      )}
      {(manager || enterprise) && (
        <Resource name="inspections" {...(enterprise ? { ...inspections, show: undefined } : inspections)} />
      )}
      {(manager || enterprise) && <Resource name="risk-grades" {...riskGrades} />}
      {manager && (
        <Resource
          name="duty-policies"
          {...(role === 'admin' ? dutyPolicies : { ...dutyPolicies, create: undefined })}
        />
      )}
    </>
  );
};
