import CategoryIcon from '@mui/icons-material/Category';
import { lazy } from 'react';

const IndustryList = lazy(() => import('./IndustryPages').then((m) => ({ default: m.IndustryList })));
const IndustryCreate = lazy(() => import('./IndustryPages').then((m) => ({ default: m.IndustryCreate })));
const IndustryEdit = lazy(() => import('./IndustryPages').then((m) => ({ default: m.IndustryEdit })));

export default {
  list: IndustryList,
  create: IndustryCreate,
  edit: IndustryEdit,
  icon: CategoryIcon,
  recordRepresentation: 'name',
};
