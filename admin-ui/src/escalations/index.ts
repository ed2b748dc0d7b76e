import CampaignIcon from '@mui/icons-material/Campaign';
import { EscalationList } from './EscalationList';

export default { list: EscalationList, icon: CampaignIcon };
