import DoneAllIcon from '@mui/icons-material/DoneAll';
import { Box, Button, Chip, Stack, Typography } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import {
  BooleanInput,
  Link,
  List,
  ListNoResults,
  TopToolbar,
  useListContext,
  useNotify,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { formatDateTime } from '../common/format';
import { httpClient } from '../providers/http';
import { UNREAD_KEY } from './NotificationBell';
import { PreferencesButton } from './Preferences';

export interface NotificationRecord {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  caseId: string | null;
  createdAt: string;
  readAt: string | null;
}

/** Marking read changes the list and the bell: both are refreshed. */
const useAfterRead = () => {
  const refresh = useRefresh();
  const client = useQueryClient();
  return () => {
    refresh();
    void client.invalidateQueries({ queryKey: UNREAD_KEY });
  };
};

const ReadAllButton = () => {
  const t = useTranslate();
  const notify = useNotify();
  const after = useAfterRead();
  return (
    <Button
      size="small"
      startIcon={<DoneAllIcon />}
      onClick={async () => {
        await httpClient('/api/notifications/read-all', { method: 'POST', body: '{}' });
        notify('notifications.all_read', { type: 'success' });
        after();
      }}
    >
      {t('notifications.read_all')}
    </Button>
  );
};

/**
 * One notification: what happened (title), the message, when, and where it leads. Opening it or "标为已读" marks it
 * read. The same stacked layout on a desk and a phone: a notification is read, not compared in columns.
 */
const Item = ({ n }: { n: NotificationRecord }) => {
  const t = useTranslate();
  const after = useAfterRead();
  const markRead = async () => {
    if (n.readAt) return;
    await httpClient(`/api/notifications/${n.id}/read`, { method: 'POST', body: '{}' });
    after();
  };
  // Links of the console (/cases/…/show) open in it; anything else is shown as text only.
  const to = n.link?.startsWith('/') ? n.link : undefined;
  return (
    <Box
      component="li"
      data-testid="notification"
      data-unread={n.readAt ? 'false' : 'true'}
      sx={{
        listStyle: 'none',
        borderBottom: 1,
        borderColor: 'divider',
        px: 2,
        py: 1.5,
        bgcolor: n.readAt ? undefined : 'action.hover',
      }}
    >
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, alignItems: 'center' }}>
        <Chip size="small" label={t(`notifications.kind.${n.kind}`, { _: n.kind })} />
        {!n.readAt && <Chip size="small" color="error" label={t('notifications.unread')} />}
        <Typography variant="caption" color="text.secondary" sx={{ whiteSpace: 'nowrap' }}>
          {formatDateTime(n.createdAt)}
        </Typography>
      </Box>
      <Typography variant="subtitle1" component="h3" sx={{ fontWeight: n.readAt ? 400 : 600, mt: 0.5 }}>
        {n.title}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
        {n.body}
      </Typography>
      <Stack direction="row" spacing={1} sx={{ mt: 0.5 }}>
        {to && (
          <Button size="small" component={Link} to={to} onClick={() => void markRead()}>
            {t('notifications.open')}
          </Button>
        )}
        {!n.readAt && (
          <Button size="small" onClick={() => void markRead()}>
            {t('notifications.mark_read')}
          </Button>
        )}
      </Stack>
    </Box>
  );
};

const Items = () => {
  const { data, isPending } = useListContext<NotificationRecord>();
  if (isPending) return null;
  if (!data?.length) return <ListNoResults />;
  return (
    <Box component="ul" sx={{ m: 0, p: 0 }} data-testid="notification-list">
      {data.map((n) => (
        <Item key={n.id} n={n} />
      ))}
    </Box>
  );
};

/** 通知中心: the caller's own notifications, newest first; unread ones marked; read one, or all. */
export const NotificationCenter = () => {
  const t = useTranslate();
  return (
    <List
      title={t('notifications.title')}
      resource="notifications"
      filters={[<BooleanInput key="unread" source="unread" label="notifications.only_unread" alwaysOn />]}
      actions={
        <TopToolbar>
          <PreferencesButton />
          <ReadAllButton />
        </TopToolbar>
      }
      sort={{ field: 'createdAt', order: 'DESC' }}
      perPage={25}
      exporter={false}
      empty={false}
    >
      <Items />
    </List>
  );
};
