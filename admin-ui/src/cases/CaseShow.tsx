import {
  DateField,
  Labeled,
  Show,
  SimpleShowLayout,
  TextField,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { SHANGHAI } from '../i18n';

const StatusLine = () => {
  const record = useRecordContext<{ status: string; overdue: boolean }>();
  const t = useTranslate();
  if (!record) return null;
  return (
    <Labeled label="resources.cases.fields.status">
      <span>
        {t(`status.${record.status}`)}
        {record.overdue ? ` · ${t('app.overdue')}` : ''}
      </span>
    </Labeled>
  );
};

export const CaseShow = () => (
  <Show>
    <SimpleShowLayout>
      <TextField source="title" />
      <StatusLine />
      <TextField source="enterpriseName" />
      <TextField source="description" />
      <TextField source="location" emptyText="—" />
      <TextField source="listingAuthority" emptyText="—" />
      <DateField source="deadline" options={SHANGHAI} emptyText="—" />
    </SimpleShowLayout>
  </Show>
);
