import ChecklistIcon from '@mui/icons-material/Checklist';
import LibraryBooksIcon from '@mui/icons-material/LibraryBooks';
import DonutLargeIcon from '@mui/icons-material/DonutLarge';
import FactCheckIcon from '@mui/icons-material/FactCheck';
import TodayIcon from '@mui/icons-material/Today';
import { lazy } from 'react';

/** 隐患排查清单 and 自查 pages (issue #15), loaded on first visit. */
const pages = () => import('./ChecklistPages');

export const checklists = {
  list: lazy(() => pages().then((m) => ({ default: m.ChecklistList }))),
  show: lazy(() => pages().then((m) => ({ default: m.ChecklistShow }))),
  create: lazy(() => pages().then((m) => ({ default: m.ChecklistCreate }))),
  icon: ChecklistIcon,
  recordRepresentation: 'enterpriseName',
};
export const checklistTemplates = {
  list: lazy(() => pages().then((m) => ({ default: m.TemplateList }))),
  show: lazy(() => pages().then((m) => ({ default: m.TemplateShow }))),
  icon: LibraryBooksIcon,
  recordRepresentation: 'name',
};
export const checklistRates = {
  list: lazy(() => pages().then((m) => ({ default: m.ChecklistRates }))),
  icon: DonutLargeIcon,
};
export const selfInspections = {
  list: lazy(() => pages().then((m) => ({ default: m.SelfInspectionList }))),
  icon: FactCheckIcon,
};
export const selfInspectionTasks = {
  list: lazy(() => pages().then((m) => ({ default: m.SelfInspectionTasks }))),
  icon: TodayIcon,
};
