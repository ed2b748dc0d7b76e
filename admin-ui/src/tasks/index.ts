import AssignmentIcon from '@mui/icons-material/AssignmentTurnedIn';
import { TaskList } from './TaskList';

export default { list: TaskList, icon: AssignmentIcon, recordRepresentation: 'title' };
