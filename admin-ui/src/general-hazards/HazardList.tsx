import FlagIcon from '@mui/icons-material/Flag';
import PlaylistAddCheckIcon from '@mui/icons-material/PlaylistAddCheck';
import InsightsIcon from '@mui/icons-material/Insights';
import { Button as MuiButton, Card, CardContent } from '@mui/material';
import {
  AutocompleteInput,
  DataTable,
  FilterButton,
  FilterList,
  FilterListItem,
  Link,
  List,
  ReferenceField,
  ReferenceInput,
  SearchInput,
  SelectArrayInput,
  SelectInput,
  TextField,
  TopToolbar,
  usePermissions,
  useTranslate,
} from 'react-admin';
import {
  hazardCategories,
  hazardLights,
  hazardSources,
  hazardStatuses,
} from '../../../domain/hazards/lifecycle';
import type { Role } from '../../../domain/roles';
import { DateInput } from '../common/forms';
import { ResponsiveDataTable, useIsPhone } from '../common/responsive';
import { ExportMenu } from '../import-export/ExportMenu';
import { ImportButton } from '../import-export/ImportDialog';
import { formatHazardNo, HazardDeadline, HazardLightChip, HazardStatusChip } from './labels';
import type { HazardRecord } from './types';

const MANAGERS: readonly Role[] = ['admin', 'supervisor', 'leader'];
const IMPORTERS: readonly Role[] = ['admin', 'supervisor', 'enterprise', 'grid_member'];

/** 亮灯 one click away: red, yellow, everything not rectified, and the closed ones no one has spot-checked. */
const LightSidebar = () => (
  <Card sx={{ order: -1, mr: 2, mt: 8, width: 200, flexShrink: 0, display: { xs: 'none', md: 'block' } }}>
    <CardContent>
      <FilterList label="hazard.quick.title" icon={<FlagIcon />}>
        <FilterListItem label="hazard.quick.red" value={{ light: ['red'] }} />
        <FilterListItem label="hazard.quick.yellow" value={{ light: ['yellow'] }} />
        <FilterListItem label="hazard.quick.open" value={{ status: ['open', 'reopened'] }} />
      </FilterList>
    </CardContent>
  </Card>
);

const ListActions = () => {
  const t = useTranslate();
  const { permissions: role } = usePermissions<Role>();
  const manager = !!role && MANAGERS.includes(role);
  return (
    <TopToolbar sx={{ flexWrap: 'wrap' }}>
      <FilterButton />
      {manager && role !== 'leader' && (
        <MuiButton component={Link} to="/hazard-worklist" size="small" startIcon={<PlaylistAddCheckIcon />}>
          {t('hazard.worklist_link')}
        </MuiButton>
      )}
      {role !== 'expert' && (
        <MuiButton component={Link} to="/hazard-rates" size="small" startIcon={<InsightsIcon />}>
          {t('hazard.rates_link')}
        </MuiButton>
      )}
      {role && IMPORTERS.includes(role) && <ImportButton resource="general-hazards" />}
      <ExportMenu />
    </TopToolbar>
  );
};

/**
 * 一般隐患台账: the hazards in the caller's scope, sorted by deadline (nearest first), each with its light (亮灯: yellow due
 * soon, red overdue). Filters: region, status, light, source, enterprise, category, deadline range. A phone shows
 * cards; export sends the filtered list as the server writes it (Chinese labels); import takes CSV/XLSX with a
 * row-by-row report.
 */
export const HazardList = () => {
  const t = useTranslate();
  const phone = useIsPhone();
  const { permissions: role } = usePermissions<Role>();
  const enterprise = role === 'enterprise';
  const choices = (values: readonly string[], prefix: string) =>
    values.map((v) => ({ id: v, name: t(`${prefix}.${v}`) }));
  const filters = [
    <SearchInput source="q" alwaysOn key="q" />,
    <SelectArrayInput source="light" key="light" choices={choices(hazardLights, 'hazard.light')} alwaysOn />,
    <SelectArrayInput source="status" key="status" choices={choices(hazardStatuses, 'hazard.status')} />,
    <SelectArrayInput source="source" key="source" choices={choices(hazardSources, 'hazard.source')} />,
    <SelectInput source="category" key="category" choices={choices(hazardCategories, 'hazard.category')} />,
    ...(enterprise
      ? []
      : [
          <ReferenceInput
            source="regionCode"
            reference="regions"
            sort={{ field: 'code', order: 'ASC' }}
            key="regionCode"
          >
            <AutocompleteInput
              label="resources.general-hazards.fields.regionCode"
              optionText="name"
              filterToQuery={(q: string) => ({ q })}
            />
          </ReferenceInput>,
          <ReferenceInput
            source="enterpriseId"
            reference="enterprises"
            sort={{ field: 'name', order: 'ASC' }}
            key="enterpriseId"
          >
            <AutocompleteInput
              label="resources.general-hazards.fields.enterpriseId"
              optionText="name"
              filterToQuery={(q: string) => ({ q })}
            />
          </ReferenceInput>,
        ]),
    <DateInput source="deadlineAfter" key="deadlineAfter" />,
    <DateInput source="deadlineBefore" key="deadlineBefore" />,
  ];
  const enterpriseName = (
    <ReferenceField source="enterpriseId" reference="enterprises" link={false}>
      <TextField source="name" />
    </ReferenceField>
  );
  return (
    <List
      filters={filters}
      sort={{ field: 'deadline', order: 'ASC' }}
      perPage={25}
      aside={phone ? undefined : <LightSidebar />}
      actions={<ListActions />}
    >
      <ResponsiveDataTable<HazardRecord>
        rowClick="show"
        bulkActionButtons={false}
        card={{
          overline: (r) => `${formatHazardNo(r.hazardNo)} · ${t(`hazard.source.${r.source}`)}`,
          title: (r) => r.description,
          badges: (r) => (
            <>
              <HazardLightChip light={r.light} />
              <HazardStatusChip status={r.status} />
            </>
          ),
          lines: (r) => [
            !enterprise && enterpriseName,
            r.location,
            <>
              {t('resources.general-hazards.fields.deadline')}：<HazardDeadline record={r} />
            </>,
          ],
        }}
      >
        <DataTable.Col
          source="hazardNo"
          render={(r: HazardRecord) => (
            <span style={{ whiteSpace: 'nowrap' }}>{formatHazardNo(r.hazardNo)}</span>
          )}
        />
        <DataTable.Col source="light" render={(r: HazardRecord) => <HazardLightChip light={r.light} />} />
        <DataTable.Col source="description" disableSort field={TextField} />
        {!enterprise && (
          <DataTable.Col source="enterpriseId" disableSort>
            {enterpriseName}
          </DataTable.Col>
        )}
        <DataTable.Col
          source="source"
          disableSort
          render={(r: HazardRecord) => t(`hazard.source.${r.source}`)}
        />
        <DataTable.Col source="status" render={(r: HazardRecord) => <HazardStatusChip status={r.status} />} />
        <DataTable.Col source="deadline" render={(r: HazardRecord) => <HazardDeadline record={r} />} />
        <DataTable.Col source="foundOn" />
      </ResponsiveDataTable>
    </List>
  );
};
