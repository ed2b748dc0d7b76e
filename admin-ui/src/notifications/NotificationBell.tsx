import NotificationsIcon from '@mui/icons-material/NotificationsOutlined';
import { Badge, IconButton, Tooltip } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Link, useTranslate } from 'react-admin';
import { httpClient } from '../providers/http';

export const UNREAD_KEY = ['notifications', 'unread-count'];

/** The unread count, polled; the notification centre refreshes it when something is read. */
export const useUnreadCount = () =>
  useQuery({
    queryKey: UNREAD_KEY,
    queryFn: async () =>
      ((await httpClient('/api/notifications/unread-count')).json as { count: number }).count,
    refetchInterval: 30_000,
    refetchOnWindowFocus: true,
  });

/** 铃铛: the unread count on the app bar; opens the notification centre. */
export const NotificationBell = () => {
  const t = useTranslate();
  const { data: count = 0 } = useUnreadCount();
  const label = count > 0 ? t('notifications.bell', { count }) : t('notifications.bell_none');
  return (
    <Tooltip title={label}>
      <IconButton color="inherit" aria-label={label} component={Link} to="/notifications" data-testid="bell">
        <Badge badgeContent={count || undefined} color="error" max={99}>
          <NotificationsIcon />
        </Badge>
      </IconButton>
    </Tooltip>
  );
};
