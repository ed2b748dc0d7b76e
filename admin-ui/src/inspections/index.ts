import EventRepeatIcon from '@mui/icons-material/EventRepeat';
import FactCheckIcon from '@mui/icons-material/FactCheckOutlined';
import { lazy } from 'react';

/** 监督检查 desk pages (issue #15): plans with their 双随机 draws, inspection records. Loaded on first visit. */
const pages = () => import('./InspectionPages');

export const inspectionPlans = {
  list: lazy(() => pages().then((m) => ({ default: m.PlanList }))),
  show: lazy(() => pages().then((m) => ({ default: m.PlanShow }))),
  create: lazy(() => pages().then((m) => ({ default: m.PlanCreate }))),
  icon: EventRepeatIcon,
  recordRepresentation: 'name',
};
export const inspections = {
  list: lazy(() => pages().then((m) => ({ default: m.InspectionList }))),
  show: lazy(() => pages().then((m) => ({ default: m.InspectionShow }))),
  icon: FactCheckIcon,
  recordRepresentation: 'enterpriseName',
};
