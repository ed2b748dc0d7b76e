import { Button, Dialog, DialogActions, DialogContent, DialogTitle } from '@mui/material';
import { useState } from 'react';
import {
  AutocompleteInput,
  BooleanInput,
  Button as RaButton,
  Form,
  List,
  TopToolbar,
  FilterButton,
  Pagination,
  ReferenceInput,
  SaveButton,
  SelectInput,
  useDataProvider,
  useListContext,
  useNotify,
  usePermissions,
  useRefresh,
  useTranslate,
  useUnselectAll,
} from 'react-admin';
import type { FieldValues } from 'react-hook-form';
import type { Role } from '../../../domain/roles';
import { ExportMenu } from '../import-export/ExportMenu';
import { TasksByCase } from './TasksByCase';
import type { DubanDataProvider } from '../providers/dataProvider';

export type { TaskRecord } from './TasksByCase';

const MANAGERS: readonly Role[] = ['admin', 'supervisor', 'leader'];

/** 批量转办: hand the selected tasks to another supervisor in the caller's territory. */
const ReassignButton = () => {
  const { selectedIds } = useListContext();
  const [open, setOpen] = useState(false);
  const dp = useDataProvider<DubanDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const unselect = useUnselectAll('tasks');
  const t = useTranslate();
  const submit = async (values: FieldValues) => {
    if (!values.assigneeUserId) return { assigneeUserId: t('ra.validation.required') };
    try {
      const res = (await dp.bulk('tasks/bulk/reassign', {
        ids: selectedIds,
        assigneeUserId: values.assigneeUserId,
      })) as { data: string[] };
      notify('tasks.reassigned', { type: 'success', messageArgs: { smart_count: res.data.length } });
      setOpen(false);
      unselect();
      refresh();
    } catch (err) {
      const body = (err as { body?: { errors?: Record<string, string> } }).body;
      if (body?.errors) return body.errors;
      notify((err as Error).message, { type: 'error' });
    }
    return undefined;
  };
  return (
    <>
      <RaButton label="tasks.reassign" onClick={() => setOpen(true)} />
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="sm">
        <Form onSubmit={submit} record={{}}>
          <DialogTitle>{t('tasks.reassign_title', { smart_count: selectedIds.length })}</DialogTitle>
          <DialogContent>
            <ReferenceInput source="assigneeUserId" reference="assignees">
              <AutocompleteInput
                label="tasks.assignee"
                optionText="displayName"
                filterToQuery={(q: string) => ({ q })}
                fullWidth
              />
            </ReferenceInput>
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setOpen(false)}>{t('ra.action.cancel')}</Button>
            <SaveButton label="tasks.reassign" alwaysEnable />
          </DialogActions>
        </Form>
      </Dialog>
    </>
  );
};

/** 批量催办: send a reminder for every selected task. */
const RemindButton = () => {
  const { selectedIds } = useListContext();
  const dp = useDataProvider<DubanDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const unselect = useUnselectAll('tasks');
  return (
    <RaButton
      label="tasks.remind"
      onClick={async () => {
        try {
          const res = (await dp.bulk('tasks/bulk/remind', { ids: selectedIds })) as { data: string[] };
          notify('tasks.reminded', { type: 'success', messageArgs: { smart_count: res.data.length } });
          unselect();
          refresh();
        } catch (err) {
          notify((err as Error).message, { type: 'error' });
        }
      }}
    />
  );
};

const BulkActions = () => (
  <>
    <RemindButton />
    <ReassignButton />
  </>
);

const PAGE_SIZES = [25, 50, 100];

/** 我的待办 (mine) or every task in the caller's territory, grouped by case; a task opens its case, where the work is done. */
export const TaskList = () => {
  const { permissions } = usePermissions<Role>();
  const t = useTranslate();
  const manager = !!permissions && MANAGERS.includes(permissions);
  const filters = [
    <BooleanInput source="mine" key="mine" alwaysOn label="tasks.mine" />,
    <SelectInput
      source="status"
      key="status"
      alwaysOn
      choices={['open', 'done', 'cancelled'].map((s) => ({ id: s, name: t(`task_status.${s}`) }))}
    />,
  ];
  return (
    <List
      actions={
        <TopToolbar>
          <FilterButton />
          <ExportMenu />
        </TopToolbar>
      }
      filters={filters}
      filterDefaultValues={{ mine: true, status: 'open' }}
      sort={{ field: 'dueAt', order: 'ASC' }}
      perPage={50}
      // Grouped by case, a page of tasks has no columns to sort by; the order is the most urgent first.
      pagination={<Pagination rowsPerPageOptions={PAGE_SIZES} />}
    >
      <TasksByCase selectable={manager} bulkActions={<BulkActions />} />
    </List>
  );
};
