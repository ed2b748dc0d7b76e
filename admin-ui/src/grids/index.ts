import GridViewIcon from '@mui/icons-material/GridView';
import DirectionsWalkIcon from '@mui/icons-material/DirectionsWalk';
import { lazy } from 'react';

/** 网格 and 巡查记录 desk pages (issue #15), loaded on first visit. */
const pages = () => import('./GridPages');

export const grids = {
  list: lazy(() => pages().then((m) => ({ default: m.GridList }))),
  show: lazy(() => pages().then((m) => ({ default: m.GridShow }))),
  create: lazy(() => pages().then((m) => ({ default: m.GridCreate }))),
  icon: GridViewIcon,
  recordRepresentation: 'name',
};
export const patrols = {
  list: lazy(() => pages().then((m) => ({ default: m.PatrolList }))),
  show: lazy(() => pages().then((m) => ({ default: m.PatrolShow }))),
  icon: DirectionsWalkIcon,
  recordRepresentation: (r: { enterpriseName?: string; patrolledOn?: string }) =>
    `${r.enterpriseName ?? ''} ${r.patrolledOn ?? ''}`.trim(),
};
