import {
  DataTable,
  List,
  Pagination,
  ReferenceManyField,
  SearchInput,
  Show,
  type ShowProps,
  SimpleShowLayout,
  TextField,
  TextInput,
  TopToolbar,
  FilterButton,
} from 'react-admin';
import { ExportMenu } from '../import-export/ExportMenu';
import { DateText } from '../common/fields';

const filters = [<SearchInput source="q" alwaysOn key="q" />, <TextInput source="industry" key="industry" />];

/** 判定标准库: the standards a case cites, each with its version and effective date. */
export const StandardList = () => (
  <List
    filters={filters}
    sort={{ field: 'code', order: 'ASC' }}
    perPage={25}
    actions={
      <TopToolbar>
        <FilterButton />
        <ExportMenu />
      </TopToolbar>
    }
  >
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="code" />
      <DataTable.Col source="title" />
      <DataTable.Col source="version" disableSort />
      <DataTable.Col source="effectiveDate" field={DateText} />
      <DataTable.Col source="industry" disableSort />
      <DataTable.Col source="issuer" disableSort />
    </DataTable>
  </List>
);

/** A standard and every clause in it, in the standard's own order. */
export const StandardShow = (props: Partial<ShowProps>) => (
  <Show {...props}>
    <SimpleShowLayout>
      <TextField source="title" />
      <TextField source="code" />
      <TextField source="version" />
      <DateText source="effectiveDate" />
      <TextField source="industry" />
      <TextField source="issuer" emptyText="—" />
      <ReferenceManyField
        label="registry.standard.clauses"
        reference="clauses"
        target="standardId"
        sort={{ field: 'sortOrder', order: 'ASC' }}
        perPage={100}
        pagination={<Pagination rowsPerPageOptions={[100]} />}
      >
        <DataTable bulkActionButtons={false} data-testid="clauses">
          <DataTable.Col source="clauseNo" sx={{ whiteSpace: 'nowrap', verticalAlign: 'top' }} />
          <DataTable.Col source="text" />
          <DataTable.Col source="category" />
        </DataTable>
      </ReferenceManyField>
    </SimpleShowLayout>
  </Show>
);
