import PeopleIcon from '@mui/icons-material/People';
import { lazy } from 'react';

const UserList = lazy(() => import('./UserPages').then((m) => ({ default: m.UserList })));
const UserCreate = lazy(() => import('./UserPages').then((m) => ({ default: m.UserCreate })));
const UserEdit = lazy(() => import('./UserPages').then((m) => ({ default: m.UserEdit })));

export default {
  list: UserList,
  create: UserCreate,
  edit: UserEdit,
  icon: PeopleIcon,
  recordRepresentation: 'displayName',
};
