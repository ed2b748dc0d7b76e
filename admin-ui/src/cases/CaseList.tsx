import { Chip } from '@mui/material';
import {
  BooleanInput,
  DataTable,
  DateField,
  FunctionField,
  List,
  SearchInput,
  SelectInput,
  TextField,
  useTranslate,
} from 'react-admin';
import { caseStatuses } from '../../../domain/case-status';
import { SHANGHAI } from '../i18n';

interface CaseRecord {
  id: string;
  caseNo: number;
  status: string;
  level: string | null;
  overdue: boolean;
  reportedAt: string;
}

const StatusChip = ({ record }: { record: CaseRecord }) => {
  const t = useTranslate();
  return (
    <span>
      <Chip size="small" label={t(`status.${record.status}`)} />
      {record.overdue && <Chip size="small" color="error" label={t('app.overdue')} sx={{ ml: 0.5 }} />}
    </span>
  );
};

export const CaseList = () => {
  const t = useTranslate();
  const filters = [
    <SearchInput source="q" alwaysOn key="q" />,
    <SelectInput
      source="status"
      key="status"
      choices={caseStatuses.map((s: string) => ({ id: s, name: t(`status.${s}`) }))}
    />,
    <BooleanInput source="overdue" key="overdue" />,
  ];
  return (
    <List filters={filters} sort={{ field: 'reportedAt', order: 'DESC' }} perPage={25}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col
          source="caseNo"
          render={(r: CaseRecord) => `ZD-${String(r.caseNo).padStart(6, '0')}`}
        />
        <DataTable.Col source="title" field={TextField} />
        <DataTable.Col source="enterpriseName" field={TextField} />
        <DataTable.Col source="status" render={(r: CaseRecord) => <StatusChip record={r} />} />
        <DataTable.Col source="level" render={(r: CaseRecord) => (r.level ? t(`level.${r.level}`) : '—')} />
        <DataTable.Col source="deadline">
          <DateField source="deadline" options={SHANGHAI} showTime={false} emptyText="—" />
        </DataTable.Col>
        <DataTable.Col source="reportedAt">
          <FunctionField
            render={(r: CaseRecord) => new Date(r.reportedAt).toLocaleString('zh-CN', SHANGHAI)}
          />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};
