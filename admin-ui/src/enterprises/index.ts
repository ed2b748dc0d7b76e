import BusinessIcon from '@mui/icons-material/Business';
import { lazy } from 'react';

// Loaded when first opened: the registers are not part of the console's first load.
const EnterpriseList = lazy(() => import('./EnterpriseList').then((m) => ({ default: m.EnterpriseList })));
const EnterpriseShow = lazy(() => import('./EnterpriseShow').then((m) => ({ default: m.EnterpriseShow })));
const EnterpriseCreate = lazy(() =>
  import('./EnterpriseForm').then((m) => ({ default: m.EnterpriseCreate })),
);
const EnterpriseEdit = lazy(() => import('./EnterpriseForm').then((m) => ({ default: m.EnterpriseEdit })));

export default {
  list: EnterpriseList,
  show: EnterpriseShow,
  create: EnterpriseCreate,
  edit: EnterpriseEdit,
  icon: BusinessIcon,
  recordRepresentation: 'name',
};
