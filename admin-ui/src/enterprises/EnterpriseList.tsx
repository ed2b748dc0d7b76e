import {
  AutocompleteInput,
  CreateButton,
  DataTable,
  FilterButton,
  List,
  ReferenceField,
  ReferenceInput,
  SearchInput,
  SelectInput,
  TextField,
  TopToolbar,
  usePermissions,
  useTranslate,
} from 'react-admin';
import type { Role } from '../../../domain/roles';
import { ExportMenu } from '../import-export/ExportMenu';
import { ImportButton } from '../import-export/ImportDialog';
import {
  EnterpriseStatusChip,
  REGISTRY_EDITORS,
  riskGradeChoices,
  RiskGradeChip,
  scaleChoices,
  statusChoices,
  useIndustries,
  type Choice,
} from '../registry/common';
import type { EnterpriseRecord } from './types';
import { ResponsiveDataTable } from '../common/responsive';

const Actions = () => {
  const { permissions } = usePermissions<Role>();
  const editor = permissions !== undefined && REGISTRY_EDITORS.includes(permissions);
  return (
    <TopToolbar>
      <FilterButton />
      {editor && <CreateButton />}
      {editor && <ImportButton resource="enterprises" />}
      <ExportMenu />
    </TopToolbar>
  );
};

export const enterpriseFilters = (categoryChoices: Choice[]) => [
  <SearchInput source="q" alwaysOn key="q" />,
  <ReferenceInput
    source="regionCode"
    reference="regions"
    sort={{ field: 'code', order: 'ASC' }}
    key="regionCode"
  >
    <AutocompleteInput
      label="resources.enterprises.fields.regionCode"
      optionText={(r: { code: string; name: string }) => `${r.name}（${r.code}）`}
      filterToQuery={(q: string) => ({ q })}
      sx={{ minWidth: 260 }}
    />
  </ReferenceInput>,
  <SelectInput
    source="industryCategory"
    choices={categoryChoices}
    translateChoice={false}
    key="industryCategory"
  />,
  <SelectInput source="status" choices={statusChoices} key="status" />,
  <SelectInput source="riskGrade" choices={riskGradeChoices} key="riskGrade" />,
  <SelectInput source="scale" choices={scaleChoices} key="scale" />,
];

/** 一企一档: the register of enterprises in the caller's jurisdiction. */
export const EnterpriseList = () => {
  const t = useTranslate();
  const industries = useIndustries();
  const industryName = industries.name;
  return (
    <List
      filters={enterpriseFilters(industries.categoryChoices)}
      sort={{ field: 'name', order: 'ASC' }}
      perPage={25}
      actions={<Actions />}
    >
      <ResponsiveDataTable<EnterpriseRecord>
        rowClick="show"
        bulkActionButtons={false}
        card={{
          title: (r) => r.name,
          badges: (r) => (
            <>
              <EnterpriseStatusChip status={r.status} />
              <RiskGradeChip grade={r.riskGrade} />
            </>
          ),
          lines: (r) => [
            <ReferenceField key="region" source="regionCode" reference="regions" link={false} />,
            `${industryName(r.industryCode)} · ${t(`registry.scale.${r.scale}`)}`,
          ],
        }}
      >
        <DataTable.Col source="name" field={TextField} />
        <DataTable.Col source="creditCode" field={TextField} />
        <DataTable.Col source="regionCode">
          <ReferenceField source="regionCode" reference="regions" link={false} />
        </DataTable.Col>
        <DataTable.Col
          source="industryCode"
          disableSort
          render={(r: EnterpriseRecord) => industryName(r.industryCode)}
        />
        <DataTable.Col
          source="scale"
          disableSort
          render={(r: EnterpriseRecord) => t(`registry.scale.${r.scale}`)}
        />
        <DataTable.Col
          source="riskGrade"
          render={(r: EnterpriseRecord) => <RiskGradeChip grade={r.riskGrade} />}
        />
        <DataTable.Col
          source="status"
          render={(r: EnterpriseRecord) => <EnterpriseStatusChip status={r.status} />}
        />
        <DataTable.Col source="departmentId" disableSort>
          <ReferenceField source="departmentId" reference="departments" link={false} />
        </DataTable.Col>
      </ResponsiveDataTable>
    </List>
  );
};
