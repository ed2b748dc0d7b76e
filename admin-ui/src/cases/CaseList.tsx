import AccessTimeIcon from '@mui/icons-material/AccessTime';
import FlagIcon from '@mui/icons-material/Flag';
import { Card, CardContent, Chip } from '@mui/material';
import {
  AutocompleteInput,
  BooleanInput,
  CreateButton,
  DataTable,
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
import { useIndustries } from '../industries/useIndustries';
import type { Role } from '../../../domain/roles';
import { DateInput } from '../common/forms';
import { ResponsiveDataTable, useIsPhone } from '../common/responsive';
import { ExportMenu, ExportSelectedMenu } from '../import-export/ExportMenu';
import { CaseNo, caseNo, DeadlineCountdown, formatShanghai, StatusChip } from './CaseFields';

export interface CaseListRecord {
  id: string;
  caseNo: number;
  title: string;
  status: string;
  level: string | null;
  overdue: boolean;
  deadline: string | null;
  reportedAt: string;
  enterpriseName: string | null;
  regionName?: string | null;
  regionCode: string;
  industryCategory: string | null;
}

const REPORTERS: readonly Role[] = ['admin', 'supervisor', 'grid_member', 'enterprise'];
const MANAGERS: readonly Role[] = ['admin', 'supervisor', 'leader'];
const OPEN = caseStatuses.filter((s) => !['downgraded', 'dismissed', 'closed', 'withdrawn'].includes(s));

/** Quick filters and saved queries (常用查询) beside the list: a supervisor's daily views are one click away. */
const CaseSidebar = () => {
  const t = useTranslate();
  const weekAhead = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  return (
    <Card sx={{ order: -1, mr: 2, mt: 8, width: 220, flexShrink: 0, display: { xs: 'none', md: 'block' } }}>
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
      {permissions && REPORTERS.includes(permissions) && (
        <CreateButton label={permissions === 'enterprise' ? 'case.report_own' : 'case.report'} />
      )}
      <ExportMenu />
    </TopToolbar>
  );
};

/** What a supervisor does with many cases at once: send exactly those upward (the export of the selection). */
const CaseBulkActions = () => <ExportSelectedMenu />;

/**
 * 隐患案件: the cases in the caller's scope, most urgent first (overdue, then the nearest deadline). An enterprise
 * sees its own cases in its own words (我的隐患, no 责任企业 column: it is always itself).
 */
export const CaseList = () => {
  const t = useTranslate();
  const { permissions } = usePermissions<Role>();
  const phone = useIsPhone();
  const enterprise = permissions === 'enterprise';
  const manager = !!permissions && MANAGERS.includes(permissions);
  const industries = useIndustries();
  const statusLabel = (s: string) => t(enterprise ? `case.enterprise_status.${s}` : `status.${s}`);
  const choices = (values: readonly string[], prefix: string) =>
    values.map((v) => ({ id: v, name: t(`${prefix}.${v}`) }));
  const filters = [
    <SearchInput source="q" alwaysOn key="q" />,
    <SelectArrayInput
      source="status"
      key="status"
      choices={caseStatuses.map((s) => ({ id: s, name: statusLabel(s) }))}
    />,
    <SelectArrayInput source="level" key="level" choices={choices(listingLevels, 'level')} />,
    ...(enterprise
      ? []
      : [
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
            choices={industries.categoryChoices}
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
        ]),
    <BooleanInput source="overdue" key="overdue" />,
    <DateInput source="dueAfter" key="dueAfter" />,
    <DateInput source="dueBefore" key="dueBefore" />,
  ];
  const status = (r: CaseListRecord) => (
    <StatusChip record={r} label={enterprise ? t(`case.enterprise_status.${r.status}`) : undefined} />
  );
  const deadline = (r: CaseListRecord) =>
    r.deadline ? (
      <span style={{ whiteSpace: 'nowrap' }}>
        {formatShanghai(r.deadline, false)} <DeadlineCountdown deadline={r.deadline} />
      </span>
    ) : (
      '—'
    );
  return (
    <List
      filters={filters}
      sort={{ field: 'urgency', order: 'ASC' }}
      perPage={25}
      aside={phone ? undefined : <CaseSidebar />}
      actions={<ListActions />}
      title={enterprise ? 'case.enterprise_list_title' : undefined}
    >
      <ResponsiveDataTable<CaseListRecord>
        rowClick="show"
        bulkActionButtons={manager ? <CaseBulkActions /> : false}
        selectName={(r) => `${caseNo(r.caseNo)} ${r.title}`}
        card={{
          overline: (r) => `${caseNo(r.caseNo)} · ${formatShanghai(r.reportedAt, false)}`,
          title: (r) => r.title,
          badges: (r) => (
            <>
              {status(r)}
              {r.level && <Chip size="small" variant="outlined" label={t(`level.${r.level}`)} />}
            </>
          ),
          lines: (r) => [
            !enterprise && [r.enterpriseName, r.regionName].filter(Boolean).join(' · '),
            r.deadline && (
              <>
                {t('resources.cases.fields.deadline')}：{deadline(r)}
              </>
            ),
          ],
        }}
      >
        <DataTable.Col source="caseNo" render={(r: CaseListRecord) => <CaseNo n={r.caseNo} />} />
        <DataTable.Col source="title" field={TextField} />
        {!enterprise && <DataTable.Col source="enterpriseName" field={TextField} />}
        {!enterprise && (
          <DataTable.Col
            source="regionCode"
            disableSort
            render={(r: CaseListRecord) => r.regionName ?? '—'}
          />
        )}
        {!enterprise && (
          <DataTable.Col
            source="industryCategory"
            disableSort
            render={(r: CaseListRecord) => industries.name(r.industryCategory)}
          />
        )}
        <DataTable.Col source="status" render={status} />
        <DataTable.Col
          source="level"
          render={(r: CaseListRecord) => (r.level ? t(`level.${r.level}`) : '—')}
        />
        <DataTable.Col source="deadline" render={deadline} />
        <DataTable.Col
          source="reportedAt"
          render={(r: CaseListRecord) => (
            <span style={{ whiteSpace: 'nowrap' }}>{formatShanghai(r.reportedAt, false)}</span>
          )}
        />
      </ResponsiveDataTable>
    </List>
  );
};
