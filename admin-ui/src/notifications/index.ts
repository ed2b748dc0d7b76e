import NotificationsIcon from '@mui/icons-material/NotificationsOutlined';
import { NotificationCenter } from './NotificationCenter';

export { NotificationBell } from './NotificationBell';

export const notifications = { list: NotificationCenter, icon: NotificationsIcon };
