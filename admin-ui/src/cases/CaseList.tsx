import AccessTimeIcon from '@mui/icons-material/AccessTime';
import FlagIcon from '@mui/icons-material/Flag';
import { Card, CardContent } from '@mui/material';
import {
  AutocompleteInput,
  BooleanInput,
  CreateButton,
  DataTable,
  DateInput,
  FilterButton,
  FilterList,
  FilterListItem,
  List,
  ReferenceInput,
  SavedQueriesList,
  SearchInput,
  SelectArrayInput,
  SelectInput,
  TextField,
  TopToolbar,
  usePermissions,
  useTranslate,
} from 'react-admin';
import { caseSources, caseStatuses, listingLevels } from '../../../domain/case-status';
import { INDUSTRIES } from '../../../domain/registry';
import type { Role } from '../../../domain/roles';
import { ExportMenu } from '../import-export/ExportMenu';
import { caseNo, DeadlineCountdown, formatShanghai, StatusChip } from './CaseFields';

interface CaseRecord {
  id: string;
  caseNo: number;
  status: string;
  level: string | null;
  overdue: boolean;
  deadline: string | null;
  reportedAt: string;
}

const REPORTERS: readonly Role[] = ['admin', 'supervisor', 'grid_member', 'enterprise'];
const OPEN = caseStatuses.filter((s) => !['downgraded', 'dismissed', 'closed', 'withdrawn'].includes(s));

/** Quick filters and saved queries (常用查询) beside the list: a supervisor's daily views are one click away. */
const CaseSidebar = () => {
  const t = useTranslate();
  const weekAhead = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  return (
    <Card sx={{ order: -1, mr: 2, mt: 8, width: 220, display: { xs: 'none', md: 'block' } }}>
      <CardContent>
        <SavedQueriesList />
        <FilterList label="case.quick.title" icon={<FlagIcon />}>
          <FilterListItem label="case.quick.overdue" value={{ overdue: true }} />
          <FilterListItem label="case.quick.due_week" value={{ dueBefore: weekAhead, status: OPEN }} />
          <FilterListItem label="case.quick.awaiting_judgement" value={{ status: ['reported'] }} />
          <FilterListItem label="case.quick.plan_review" value={{ status: ['plan_submitted'] }} />
          <FilterListItem label="case.quick.acceptance" value={{ status: ['acceptance_requested'] }} />
        </FilterList>
        <FilterList label="resources.cases.fields.level" icon={<AccessTimeIcon />}>
          {listingLevels.map((l) => (
            <FilterListItem key={l} label={t(`level.${l}`)} value={{ level: [l] }} />
          ))}
        </FilterList>
      </CardContent>
    </Card>
  );
};

const ListActions = () => {
  const { permissions } = usePermissions<Role>();
  return (
    <TopToolbar>
      <FilterButton />
      {permissions && REPORTERS.includes(permissions) && <CreateButton label="case.report" />}
      <ExportMenu />
    </TopToolbar>
  );
};

export const CaseList = () => {
  const t = useTranslate();
  const choices = (values: readonly string[], prefix: string) =>
    values.map((v) => ({ id: v, name: t(`${prefix}.${v}`) }));
  const filters = [
    <SearchInput source="q" alwaysOn key="q" />,
    <SelectArrayInput source="status" key="status" choices={choices(caseStatuses, 'status')} />,
    <SelectArrayInput source="level" key="level" choices={choices(listingLevels, 'level')} />,
    <SelectArrayInput source="source" key="source" choices={choices(caseSources, 'source')} />,
    <ReferenceInput
      source="regionCode"
      reference="regions"
      sort={{ field: 'code', order: 'ASC' }}
      key="regionCode"
    >
      <AutocompleteInput
        label="resources.cases.fields.regionCode"
        optionText="name"
        filterToQuery={(q: string) => ({ q })}
      />
    </ReferenceInput>,
    <SelectInput
      source="industryCategory"
      key="industryCategory"
      choices={INDUSTRIES.map((i) => ({ id: i.code, name: i.name }))}
    />,
    <ReferenceInput
      source="enterpriseId"
      reference="enterprises"
      sort={{ field: 'name', order: 'ASC' }}
      key="enterpriseId"
    >
      <AutocompleteInput
        label="resources.cases.fields.enterpriseName"
        optionText="name"
        filterToQuery={(q: string) => ({ q })}
      />
    </ReferenceInput>,
    <BooleanInput source="overdue" key="overdue" />,
    <DateInput source="dueAfter" key="dueAfter" />,
    <DateInput source="dueBefore" key="dueBefore" />,
  ];
  return (
    <List
      filters={filters}
      sort={{ field: 'reportedAt', order: 'DESC' }}
      perPage={25}
      aside={<CaseSidebar />}
      actions={<ListActions />}
    >
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="caseNo" render={(r: CaseRecord) => caseNo(r.caseNo)} />
        <DataTable.Col source="title" field={TextField} />
        <DataTable.Col source="enterpriseName" field={TextField} />
        <DataTable.Col source="status" render={(r: CaseRecord) => <StatusChip record={r} />} />
        <DataTable.Col source="level" render={(r: CaseRecord) => (r.level ? t(`level.${r.level}`) : '—')} />
        <DataTable.Col
          source="deadline"
          render={(r: CaseRecord) =>
            r.deadline ? (
              <span>
                {formatShanghai(r.deadline, false)} <DeadlineCountdown deadline={r.deadline} />
              </span>
            ) : (
              '—'
            )
          }
        />
        <DataTable.Col source="reportedAt" render={(r: CaseRecord) => formatShanghai(r.reportedAt, true)} />
      </DataTable>
    </List>
  );
};
