import { Card, CardContent, CardHeader } from '@mui/material';
import { ListBase, Pagination, useTranslate } from 'react-admin';
import { TasksByCase } from './TasksByCase';

/** The home page of an enterprise, expert or grid member: what they must do next, by case, soonest first. */
export const MyTasks = () => {
  const t = useTranslate();
  return (
    <Card sx={{ mt: { xs: 1, sm: 2 } }}>
      <CardHeader
        title={t('tasks.my_title')}
        subheader={t('tasks.my_hint')}
        slotProps={{ title: { component: 'h1', variant: 'h5' } }}
      />
      <CardContent data-testid="my-tasks" sx={{ px: { xs: 1, sm: 2 } }}>
        <ListBase
          resource="tasks"
          filter={{ mine: true, status: 'open' }}
          sort={{ field: 'dueAt', order: 'ASC' }}
          perPage={25}
          disableSyncWithLocation
        >
          <TasksByCase />
          <Pagination rowsPerPageOptions={[10, 25, 50]} />
        </ListBase>
      </CardContent>
    </Card>
  );
};
