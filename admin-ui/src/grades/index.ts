import TrafficIcon from '@mui/icons-material/Traffic';
import { lazy } from 'react';

/** 风险分级 pages (issue #15, 差异化监管), loaded on first visit. */
const pages = () => import('./GradePages');

export const riskGrades = {
  list: lazy(() => pages().then((m) => ({ default: m.GradeList }))),
  show: lazy(() => pages().then((m) => ({ default: m.GradeShow }))),
  icon: TrafficIcon,
  recordRepresentation: 'name',
};
