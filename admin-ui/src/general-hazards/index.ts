import ReportProblemIcon from '@mui/icons-material/ReportProblem';
import PlaylistAddCheckIcon from '@mui/icons-material/PlaylistAddCheck';
import InsightsIcon from '@mui/icons-material/Insights';
import { lazy } from 'react';

/** 一般隐患台账 pages (issue #15), loaded on first visit. */
const list = () => import('./HazardList');
const show = () => import('./HazardShow');
const worklist = () => import('./WorklistPage');
const rates = () => import('./RatesPage');

export const generalHazards = {
  list: lazy(() => list().then((m) => ({ default: m.HazardList }))),
  show: lazy(() => show().then((m) => ({ default: m.HazardShow }))),
  icon: ReportProblemIcon,
  recordRepresentation: (r: { hazardNo?: number }) => `YB-${String(r.hazardNo ?? '').padStart(6, '0')}`,
};
export const hazardWorklist = {
  list: lazy(() => worklist().then((m) => ({ default: m.WorklistPage }))),
  icon: PlaylistAddCheckIcon,
};
export const hazardRates = {
  list: lazy(() => rates().then((m) => ({ default: m.RatesPage }))),
  icon: InsightsIcon,
};
