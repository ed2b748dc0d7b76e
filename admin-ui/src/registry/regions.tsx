import AccountTreeIcon from '@mui/icons-material/AccountTree';
import ArrowUpwardIcon from '@mui/icons-material/ArrowUpward';
import { Box, Chip } from '@mui/material';
import type { MouseEvent } from 'react';
import {
  AutocompleteInput,
  Button,
  Create,
  CreateButton,
  DataTable,
  Edit,
  EditButton,
  FilterButton,
  FunctionField,
  List,
  Pagination,
  ReferenceField,
  ReferenceInput,
  ReferenceManyField,
  required,
  SearchInput,
  SelectInput,
  Show,
  SimpleForm,
  SimpleShowLayout,
  TextField,
  TextInput,
  TopToolbar,
  useGetOne,
  useListContext,
  usePermissions,
  useTranslate,
} from 'react-admin';
import { regionLevels } from '../../../domain/registry';
import type { Role } from '../../../domain/roles';
import { ExportMenu } from '../import-export/ExportMenu';
import { ImportButton } from '../import-export/ImportDialog';
import { EnterpriseStatusChip, levelChoices, validateRegionCode } from './common';
import { REGISTRY_EDITORS } from './roles';
import { DateTimeText } from '../common/fields';
import { ResponsiveDataTable } from '../common/responsive';

interface EnterpriseRow {
  id: string;
  name: string;
  creditCode: string;
  status: string;
}

interface RegionRecord {
  id: string;
  code: string;
  name: string;
  level: (typeof regionLevels)[number];
  parentCode: string | null;
  path: string;
}

const regionText = (r: RegionRecord) => `${r.name}（${r.code}）`;
const depth = (level: string) => Math.max(regionLevels.indexOf(level as RegionRecord['level']), 0);

/** Where in the tree the list is: the parent being browsed, and a step back up. */
const TreePosition = () => {
  const { filterValues, setFilters, displayedFilters } = useListContext();
  const t = useTranslate();
  const parentCode = typeof filterValues.parentCode === 'string' ? filterValues.parentCode : undefined;
  const { data: parent } = useGetOne<RegionRecord>(
    'regions',
    { id: parentCode ?? '' },
    { enabled: !!parentCode },
  );
  if (!parentCode) return null;
  const up = () => {
    const { parentCode: _drop, ...rest } = filterValues;
    setFilters(parent?.parentCode ? { ...rest, parentCode: parent.parentCode } : rest, displayedFilters);
  };
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, px: 2, pt: 1 }}>
      <Chip label={t('registry.region.current', { name: parent ? regionText(parent) : parentCode })} />
      <Button label={parent?.parentCode ? 'registry.region.up' : 'registry.region.top'} onClick={up}>
        <ArrowUpwardIcon />
      </Button>
    </Box>
  );
};

const ChildrenButton = ({ record }: { record: RegionRecord }) => {
  const { filterValues, setFilters, displayedFilters } = useListContext();
  if (record.level === 'grid') return null;
  return (
    <Button
      label="registry.region.children"
      onClick={(e: MouseEvent) => {
        e.stopPropagation(); // the row itself opens the region
        setFilters({ ...filterValues, parentCode: record.code }, { ...displayedFilters, parentCode: true });
      }}
    >
      <AccountTreeIcon />
    </Button>
  );
};

const ListActions = () => {
  const { permissions } = usePermissions<Role>();
  return (
    <TopToolbar>
      <FilterButton />
      {permissions === 'admin' && <CreateButton />}
      {/* Supervisors may import sub-regions inside their own jurisdiction (the server checks each row). */}
      {permissions && REGISTRY_EDITORS.includes(permissions) && <ImportButton resource="regions" />}
      <ExportMenu />
    </TopToolbar>
  );
};

const regionFilters = [
  <SearchInput source="q" alwaysOn key="q" />,
  <ReferenceInput
    source="parentCode"
    reference="regions"
    sort={{ field: 'code', order: 'ASC' }}
    key="parentCode"
  >
    <AutocompleteInput
      label="resources.regions.fields.parentCode"
      optionText={regionText}
      filterToQuery={(q: string) => ({ q })}
      sx={{ minWidth: 260 }}
    />
  </ReferenceInput>,
  <SelectInput source="level" choices={levelChoices} key="level" />,
];

/** The region tree (GB/T 2260 codes) as a list: sorted by code, indented by level, browsable parent by parent. */
export const RegionList = () => {
  const t = useTranslate();
  return (
    <List
      filters={regionFilters}
      sort={{ field: 'code', order: 'ASC' }}
      perPage={50}
      actions={<ListActions />}
    >
      <TreePosition />
      <ResponsiveDataTable<RegionRecord>
        rowClick="show"
        bulkActionButtons={false}
        card={{
          overline: (r) => r.code,
          title: (r) => r.name,
          lines: (r) => [
            t(`registry.region_level.${r.level}`),
            r.parentCode ? (
              <ReferenceField source="parentCode" reference="regions" link={false} emptyText="—" />
            ) : (
              ''
            ),
          ],
        }}
      >
        <DataTable.Col source="code" />
        <DataTable.Col
          source="name"
          render={(r: RegionRecord) => <Box sx={{ pl: depth(r.level) * 2 }}>{r.name}</Box>}
        />
        <DataTable.Col source="level" render={(r: RegionRecord) => t(`registry.region_level.${r.level}`)} />
        <DataTable.Col source="parentCode" disableSort>
          <ReferenceField source="parentCode" reference="regions" link={false} emptyText="—" />
        </DataTable.Col>
        <DataTable.Col label=" " disableSort render={(r: RegionRecord) => <ChildrenButton record={r} />} />
      </ResponsiveDataTable>
    </List>
  );
};

const ShowActions = () => {
  const { permissions } = usePermissions<Role>();
  return <TopToolbar>{permissions === 'admin' && <EditButton />}</TopToolbar>;
};

export const RegionShow = () => {
  const t = useTranslate();
  return (
    <Show actions={<ShowActions />}>
      <SimpleShowLayout>
        <TextField source="code" />
        <TextField source="name" />
        <FunctionField source="level" render={(r: RegionRecord) => t(`registry.region_level.${r.level}`)} />
        <ReferenceField source="parentCode" reference="regions" link="show" emptyText="—" />
        <TextField source="path" />
        <DateTimeText source="createdAt" />
        <ReferenceManyField
          label="registry.region.children"
          reference="regions"
          target="parentCode"
          sort={{ field: 'code', order: 'ASC' }}
          perPage={25}
          pagination={<Pagination />}
        >
          <ResponsiveDataTable<RegionRecord>
            bulkActionButtons={false}
            rowClick="show"
            card={{
              overline: (r) => r.code,
              title: (r) => r.name,
              lines: (r) => [t(`registry.region_level.${r.level}`)],
            }}
          >
            <DataTable.Col source="code" />
            <DataTable.Col source="name" />
            <DataTable.Col
              source="level"
              render={(r: RegionRecord) => t(`registry.region_level.${r.level}`)}
            />
          </ResponsiveDataTable>
        </ReferenceManyField>
        <ReferenceManyField
          label="resources.enterprises.name"
          reference="enterprises"
          target="regionCode"
          sort={{ field: 'name', order: 'ASC' }}
          perPage={10}
          pagination={<Pagination />}
        >
          <ResponsiveDataTable<EnterpriseRow>
            bulkActionButtons={false}
            rowClick="show"
            card={{
              title: (r) => r.name,
              badges: (r) => <EnterpriseStatusChip status={r.status} />,
              lines: (r) => [r.creditCode],
            }}
          >
            <DataTable.Col source="name" />
            <DataTable.Col source="creditCode" />
            <DataTable.Col
              source="status"
              render={(r: EnterpriseRow) => <EnterpriseStatusChip status={r.status} />}
            />
          </ResponsiveDataTable>
        </ReferenceManyField>
      </SimpleShowLayout>
    </Show>
  );
};

const RegionFields = ({ creating }: { creating: boolean }) => (
  <>
    <TextInput source="code" validate={[required(), validateRegionCode]} disabled={!creating} />
    <TextInput source="name" validate={required()} />
    <SelectInput source="level" choices={levelChoices} validate={required()} />
    <ReferenceInput source="parentCode" reference="regions" sort={{ field: 'code', order: 'ASC' }}>
      <AutocompleteInput optionText={regionText} filterToQuery={(q: string) => ({ q })} />
    </ReferenceInput>
  </>
);

const pickRegion = ({ code, name, level, parentCode }: Record<string, unknown>) => ({
  code,
  name,
  level,
  parentCode: parentCode ?? null,
});

export const RegionCreate = () => (
  <Create redirect="show" transform={pickRegion}>
    <SimpleForm>
      <RegionFields creating />
    </SimpleForm>
  </Create>
);

export const RegionEdit = () => (
  <Edit mutationMode="pessimistic" redirect="show" transform={pickRegion}>
    <SimpleForm>
      <RegionFields creating={false} />
    </SimpleForm>
  </Edit>
);
