import CampaignIcon from '@mui/icons-material/Campaign';
import { lazy } from 'react';

const EscalationList = lazy(() => import('./EscalationList').then((m) => ({ default: m.EscalationList })));

export default { list: EscalationList, icon: CampaignIcon };
