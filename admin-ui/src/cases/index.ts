import WarningIcon from '@mui/icons-material/ReportProblem';
import { CaseList } from './CaseList';
import { CaseShow } from './CaseShow';

export default {
  list: CaseList,
  show: CaseShow,
  icon: WarningIcon,
  recordRepresentation: (r: { title: string }) => r.title,
};
