import TuneIcon from '@mui/icons-material/Tune';
import { lazy } from 'react';

/** 差异化监管策略 (duty policies) pages (issue #15), loaded on first visit. */
const pages = () => import('./DutyPolicyPages');

export const dutyPolicies = {
  list: lazy(() => pages().then((m) => ({ default: m.DutyPolicyList }))),
  show: lazy(() => pages().then((m) => ({ default: m.DutyPolicyShow }))),
  create: lazy(() => pages().then((m) => ({ default: m.DutyPolicyCreate }))),
  icon: TuneIcon,
  recordRepresentation: (r: { regionName?: string; version?: number }) =>
    `${r.regionName ?? ''} ${r.version ?? ''}`,
};
