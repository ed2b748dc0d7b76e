import WarningIcon from '@mui/icons-material/ReportProblem';
import { lazy } from 'react';
import { CaseList } from './CaseList';

// The case page and the report form carry every command form: they load when first opened.
const CaseShow = lazy(() => import('./CaseShow').then((m) => ({ default: m.CaseShow })));
const CaseCreate = lazy(() => import('./CaseCreate').then((m) => ({ default: m.CaseCreate })));

export default {
  list: CaseList,
  show: CaseShow,
  create: CaseCreate,
  icon: WarningIcon,
  recordRepresentation: (r: { title: string }) => r.title,
};
