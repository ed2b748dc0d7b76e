import AssignmentIcon from '@mui/icons-material/Assignment';
import NotificationImportantIcon from '@mui/icons-material/NotificationImportant';
import EventNoteIcon from '@mui/icons-material/EventNote';
import { lazy } from 'react';

/** 自查自报 pages (issue #15), loaded on first visit. */
const pages = () => import('./SelfReportPages');

export const selfReports = {
  list: lazy(() => pages().then((m) => ({ default: m.SelfReportList }))),
  icon: AssignmentIcon,
};
export const selfReportFlags = {
  list: lazy(() => pages().then((m) => ({ default: m.SelfReportFlagList }))),
  icon: NotificationImportantIcon,
};
export const selfReportCurrent = {
  list: lazy(() => pages().then((m) => ({ default: m.CurrentSelfReport }))),
  icon: EventNoteIcon,
};
