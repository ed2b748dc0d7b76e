import CalendarMonthIcon from '@mui/icons-material/CalendarMonth';
import { lazy } from 'react';

const CalendarYearList = lazy(() => import('./CalendarPages').then((m) => ({ default: m.CalendarYearList })));
const CalendarYearCreate = lazy(() =>
  import('./CalendarPages').then((m) => ({ default: m.CalendarYearCreate })),
);
const CalendarYearEdit = lazy(() => import('./CalendarPages').then((m) => ({ default: m.CalendarYearEdit })));

export default {
  list: CalendarYearList,
  create: CalendarYearCreate,
  edit: CalendarYearEdit,
  icon: CalendarMonthIcon,
  recordRepresentation: (r: { year: number }) => String(r.year),
};
