import { Chip, Stack } from '@mui/material';
import {
  AutocompleteArrayInput,
  AutocompleteInput,
  Create,
  CreateButton,
  DataTable,
  Edit,
  EditButton,
  FilterButton,
  FunctionField,
  List,
  maxLength,
  minLength,
  Pagination,
  ReferenceField,
  ReferenceInput,
  ReferenceManyField,
  required,
  SearchInput,
  Show,
  SimpleForm,
  SimpleShowLayout,
  TextField,
  TextInput,
  TopToolbar,
  usePermissions,
} from 'react-admin';
import type { Role } from '../../../domain/roles';
import { ExportMenu } from '../import-export/ExportMenu';
import { EnterpriseStatusChip, RiskGradeChip, useIndustries } from './common';
import { ResponsiveDataTable } from '../common/responsive';

interface DepartmentRecord {
  id: string;
  name: string;
  regionCode: string;
  industryCodes: string[];
}

const regionText = (r: { code: string; name: string }) => `${r.name}（${r.code}）`;

const Industries = ({ codes }: { codes: string[] }) => {
  const industries = useIndustries();
  return (
    <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.5 }}>
      {codes.map((c) => (
        <Chip key={c} size="small" label={industries.name(c)} />
      ))}
    </Stack>
  );
};

const ListActions = () => {
  const { permissions } = usePermissions<Role>();
  return (
    <TopToolbar>
      <FilterButton />
      {permissions === 'admin' && <CreateButton />}
      <ExportMenu />
    </TopToolbar>
  );
};

const filters = [
  <SearchInput source="q" alwaysOn key="q" />,
  <ReferenceInput
    source="regionCode"
    reference="regions"
    sort={{ field: 'code', order: 'ASC' }}
    key="regionCode"
  >
    <AutocompleteInput
      label="resources.departments.fields.regionCode"
      optionText={regionText}
      filterToQuery={(q: string) => ({ q })}
      sx={{ minWidth: 260 }}
    />
  </ReferenceInput>,
];

/** 行业主管部门: each with its territory and the industries it supervises (谁家的孩子谁抱走). */
export const DepartmentList = () => (
  <List filters={filters} sort={{ field: 'name', order: 'ASC' }} perPage={25} actions={<ListActions />}>
    <ResponsiveDataTable<DepartmentRecord>
      rowClick="show"
      bulkActionButtons={false}
      card={{
        title: (r) => r.name,
        lines: (r) => [
          <ReferenceField key="r" source="regionCode" reference="regions" link={false} />,
          <Industries key="i" codes={r.industryCodes} />,
        ],
      }}
    >
      <DataTable.Col source="name" />
      <DataTable.Col source="regionCode">
        <ReferenceField source="regionCode" reference="regions" link={false} />
      </DataTable.Col>
      <DataTable.Col
        source="industryCodes"
        disableSort
        render={(r: DepartmentRecord) => <Industries codes={r.industryCodes} />}
      />
    </ResponsiveDataTable>
  </List>
);

const ShowActions = () => {
  const { permissions } = usePermissions<Role>();
  return <TopToolbar>{permissions === 'admin' && <EditButton />}</TopToolbar>;
};

export const DepartmentShow = () => (
  <Show actions={<ShowActions />}>
    <SimpleShowLayout>
      <TextField source="name" />
      <ReferenceField source="regionCode" reference="regions" link="show" />
      <FunctionField
        source="industryCodes"
        render={(r: DepartmentRecord) => <Industries codes={r.industryCodes} />}
      />
      <ReferenceManyField
        label="registry.department.enterprises"
        reference="enterprises"
        target="departmentId"
        sort={{ field: 'name', order: 'ASC' }}
        perPage={10}
        pagination={<Pagination />}
      >
        <ResponsiveDataTable<{
          id: string;
          name: string;
          creditCode: string;
          riskGrade: string;
          status: string;
        }>
          bulkActionButtons={false}
          rowClick="show"
          card={{
            title: (r) => r.name,
            badges: (r) => (
              <>
                <RiskGradeChip grade={r.riskGrade} />
                <EnterpriseStatusChip status={r.status} />
              </>
            ),
            lines: (r) => [r.creditCode],
          }}
        >
          <DataTable.Col source="name" />
          <DataTable.Col source="creditCode" />
          <DataTable.Col
            source="riskGrade"
            render={(r: { riskGrade: string }) => <RiskGradeChip grade={r.riskGrade} />}
          />
          <DataTable.Col
            source="status"
            render={(r: { status: string }) => <EnterpriseStatusChip status={r.status} />}
          />
        </ResponsiveDataTable>
      </ReferenceManyField>
    </SimpleShowLayout>
  </Show>
);

const DepartmentFields = () => {
  const { industryCodeChoices } = useIndustries();
  return (
    <>
      <TextInput source="name" validate={[required(), minLength(2), maxLength(100)]} />
      <ReferenceInput source="regionCode" reference="regions" sort={{ field: 'code', order: 'ASC' }}>
        <AutocompleteInput
          optionText={regionText}
          filterToQuery={(q: string) => ({ q })}
          validate={required()}
        />
      </ReferenceInput>
      <AutocompleteArrayInput
        source="industryCodes"
        choices={industryCodeChoices}
        translateChoice={false}
        validate={required()}
      />
    </>
  );
};

const pick = ({ name, regionCode, industryCodes }: Record<string, unknown>) => ({
  name,
  regionCode,
  industryCodes: industryCodes ?? [],
});

export const DepartmentCreate = () => (
  <Create redirect="show" transform={pick}>
    <SimpleForm defaultValues={{ industryCodes: [] }}>
      <DepartmentFields />
    </SimpleForm>
  </Create>
);

export const DepartmentEdit = () => (
  <Edit mutationMode="pessimistic" redirect="show" transform={pick}>
    <SimpleForm>
      <DepartmentFields />
    </SimpleForm>
  </Edit>
);
