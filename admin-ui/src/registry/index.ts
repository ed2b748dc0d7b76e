import AccountTreeIcon from '@mui/icons-material/AccountTree';
import ApartmentIcon from '@mui/icons-material/Apartment';
import MenuBookIcon from '@mui/icons-material/MenuBook';
import { lazy, type ComponentType } from 'react';

// Each register's pages load when first opened, not with the console.
const page = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) =>
  lazy(() => load().then((m) => ({ default: m[name] })));

const regionsModule = () => import('./regions');
const departmentsModule = () => import('./departments');
const standardsModule = () => import('./standards');

export const regions = {
  list: page(regionsModule, 'RegionList'),
  show: page(regionsModule, 'RegionShow'),
  create: page(regionsModule, 'RegionCreate'),
  edit: page(regionsModule, 'RegionEdit'),
  icon: AccountTreeIcon,
  recordRepresentation: 'name',
};

export const departments = {
  list: page(departmentsModule, 'DepartmentList'),
  show: page(departmentsModule, 'DepartmentShow'),
  create: page(departmentsModule, 'DepartmentCreate'),
  edit: page(departmentsModule, 'DepartmentEdit'),
  icon: ApartmentIcon,
  recordRepresentation: 'name',
};

export const standards = {
  list: page(standardsModule, 'StandardList'),
  show: page(standardsModule, 'StandardShow'),
  icon: MenuBookIcon,
  recordRepresentation: (r: { code: string; title: string }) => `${r.title}（${r.code}）`,
};
