import WarningIcon from '@mui/icons-material/ReportProblem';
import { lazy } from 'react';

// The list, the case page and the report form load when first opened (the login page needs none of them); the
// case page and the report form carry every command form.
const CaseList = lazy(() => import('./CaseList').then((m) => ({ default: m.CaseList })));
const CaseShow = lazy(() => import('./CaseShow').then((m) => ({ default: m.CaseShow })));
const CaseCreate = lazy(() => import('./CaseCreate').then((m) => ({ default: m.CaseCreate })));

export default {
  list: CaseList,
  show: CaseShow,
  create: CaseCreate,
  icon: WarningIcon,
  recordRepresentation: (r: { title: string }) => r.title,
};
