/**
 * The contract of the swept duty clocks (docs/adr/0012-general-hazards-swept-not-held.md): one Temporal Schedule per
 * district runs `dutySweepWorkflow` once a day; it runs each sweep named in its input, one activity each, on the
 * district's rows. The list of sweeps is in the schedule's action (data), not in the workflow code, so adding a
 * sweep updates the schedules and leaves the code of runs in flight unchanged.
 */
export const dutySweepKinds = ['lights', 'patrols', 'self_reports', 'draws'] as const;
export type DutySweepKind = (typeof dutySweepKinds)[number];

export interface DutySweepInput {
  districtCode: string;
  sweeps: DutySweepKind[];
  /** The day swept (Asia/Shanghai); absent: the schedule's nominal time (a backfill sweeps the day it stands for). */
  today?: string;
}

export interface DutySweepReport {
  districtCode: string;
  today: string;
  results: Partial<Record<DutySweepKind, Record<string, number>>>;
}

/** Schedule ids are derived from the district code, and only here. */
export const dutyScheduleId = (districtCode: string): string => `duty-sweep-${districtCode}`;
