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
import { ResponsiveDataTable } from '../common/responsive';

const filters = [<SearchInput source="q" alwaysOn key="q" />, <TextInput source="industry" key="industry" />];

interface StandardRow {
  id: string;
  code: string;
  title: string;
  version: string | null;
  industry: string | null;
  issuer: string | null;
}

interface ClauseRow {
  id: string;
  clauseNo: string;
  text: string;
  category: string | null;
}

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
    <ResponsiveDataTable<StandardRow>
      rowClick="show"
      bulkActionButtons={false}
      card={{
        overline: (r) => r.code,
        title: (r) => r.title,
        lines: (r) => [[r.industry, r.version].filter(Boolean).join(' · '), r.issuer ?? ''],
      }}
    >
      <DataTable.Col source="code" />
      <DataTable.Col source="title" />
      <DataTable.Col source="version" disableSort />
      <DataTable.Col source="effectiveDate" field={DateText} />
      <DataTable.Col source="industry" disableSort />
      <DataTable.Col source="issuer" disableSort />
    </ResponsiveDataTable>
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
        <ResponsiveDataTable<ClauseRow>
          bulkActionButtons={false}
          data-testid="clauses"
          card={{
            overline: (r) => [r.clauseNo, r.category].filter(Boolean).join(' · '),
            title: (r) => r.text,
          }}
        >
          <DataTable.Col source="clauseNo" sx={{ whiteSpace: 'nowrap', verticalAlign: 'top' }} />
          <DataTable.Col source="text" />
          <DataTable.Col source="category" />
        </ResponsiveDataTable>
      </ReferenceManyField>
    </SimpleShowLayout>
  </Show>
);
