import { Card, CardContent, CardHeader } from '@mui/material';
import { DataTable, ListBase, ListNoResults, Pagination, useTranslate } from 'react-admin';
import { TaskColumns, type TaskRecord } from './TaskList';

/** The home page of an enterprise, expert or grid member: what they must do next, soonest first. */
export const MyTasks = () => {
  const t = useTranslate();
  return (
    <Card sx={{ mt: 2 }}>
      <CardHeader title={t('tasks.my_title')} subheader={t('tasks.my_hint')} />
      <CardContent data-testid="my-tasks">
        <ListBase
          resource="tasks"
          filter={{ mine: true, status: 'open' }}
          sort={{ field: 'dueAt', order: 'ASC' }}
          perPage={20}
          disableSyncWithLocation
        >
          <DataTable
            rowClick={(_id, _res, r) => `/cases/${(r as TaskRecord).caseId}/show`}
            bulkActionButtons={false}
            empty={<ListNoResults />}
          >
            {TaskColumns()}
          </DataTable>
          <Pagination />
        </ListBase>
      </CardContent>
    </Card>
  );
};
