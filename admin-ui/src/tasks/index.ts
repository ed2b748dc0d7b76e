import AssignmentIcon from '@mui/icons-material/AssignmentTurnedIn';
import { lazy } from 'react';

// Loaded when first opened: the login page needs none of it.
const TaskList = lazy(() => import('./TaskList').then((m) => ({ default: m.TaskList })));

export default { list: TaskList, icon: AssignmentIcon, recordRepresentation: 'title' };
