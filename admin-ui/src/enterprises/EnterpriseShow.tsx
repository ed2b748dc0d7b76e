import {
  Alert,
  Chip,
  Link as MuiLink,
  List as MuiList,
  ListItem,
  ListItemText,
  Stack,
  Typography,
} from '@mui/material';
import {
  DataTable,
  EditButton,
  FunctionField,
  Link,
  Pagination,
  ReferenceField,
  ReferenceManyField,
  Show,
  type ShowProps,
  TabbedShowLayout,
  TextField,
  TopToolbar,
  useGetManyReference,
  usePermissions,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import type { Role } from '../../../domain/roles';
import {
  EnterpriseStatusChip,
  useIndustries,
  REGISTRY_EDITORS,
  RiskGradeChip,
  shanghai,
} from '../registry/common';
import { ClosureThresholdFlag, PenaltyTable } from './EnterprisePenalties';
import { StatusChangeButton } from './StatusChangeButton';
import type { EnterpriseRecord } from './types';
import { DateText } from '../common/fields';
import { ResponsiveDataTable } from '../common/responsive';
import { ManagementLevelChip, RiskColourChip } from '../grades/labels';

interface CaseSummary {
  id: string;
  caseNo: number;
  title: string;
  status: string;
  level: string | null;
  overdue: boolean;
  deadline: string | null;
  reportedAt: string;
  updatedAt: string;
}

const caseNo = (n: number) => `ZD-${String(n).padStart(6, '0')}`;

const Actions = () => {
  const { permissions } = usePermissions<Role>();
  if (!permissions || !REGISTRY_EDITORS.includes(permissions)) return null;
  return (
    <TopToolbar>
      <StatusChangeButton />
      <EditButton />
    </TopToolbar>
  );
};

const Title = () => {
  const r = useRecordContext<EnterpriseRecord>();
  return <>{r ? r.name : ''}</>;
};

/**
 * The enterprise's history: when it was registered and last changed, its status changes, and every hazard case
 * it has had, newest first (a case's own timeline is on the case page).
 */
const EnterpriseHistory = () => {
  const r = useRecordContext<EnterpriseRecord>();
  const t = useTranslate();
  const { data: cases = [], isPending } = useGetManyReference<CaseSummary>(
    'cases',
    {
      target: 'enterpriseId',
      id: r?.id ?? '',
      sort: { field: 'reportedAt', order: 'DESC' },
      pagination: { page: 1, perPage: 100 },
    },
    { enabled: !!r },
  );
  if (!r) return null;
  const items: Array<{ at: string; key: string; text: string; detail?: string }> = [
    { at: r.createdAt, key: 'created', text: t('registry.history.created') },
    ...(r.updatedAt && r.updatedAt !== r.createdAt
      ? [{ at: r.updatedAt, key: 'updated', text: t('registry.history.updated') }]
      : []),
    ...(r.statusChangedAt
      ? [
          {
            at: r.statusChangedAt,
            key: 'status',
            text: t('registry.history.status_changed', {
              status: t(`registry.enterprise_status.${r.status}`),
            }),
          },
        ]
      : []),
    ...cases.map((c) => ({
      at: c.reportedAt,
      key: `case-${c.id}`,
      text: `${caseNo(c.caseNo)} ${t('registry.history.case_reported', { title: c.title })}`,
      detail: t('registry.history.case_status', { status: t(`status.${c.status}`) }),
    })),
  ].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  if (isPending && items.length === 0) return null;
  return (
    <MuiList dense data-testid="enterprise-history">
      {items.map((i) => (
        <ListItem key={i.key} divider>
          <ListItemText primary={i.text} secondary={[shanghai(i.at), i.detail].filter(Boolean).join(' · ')} />
        </ListItem>
      ))}
    </MuiList>
  );
};

const NoDepartment = () => {
  const r = useRecordContext<EnterpriseRecord>();
  const t = useTranslate();
  return r && !r.departmentId ? (
    <Alert severity="warning" sx={{ mb: 1 }}>
      {t('registry.no_department')}
    </Alert>
  ) : null;
};

/** 一企一档: one page with the enterprise's data (flagged at the Art. 113 closure threshold), cases, penalties, history. */
export const EnterpriseShow = (props: Partial<ShowProps>) => {
  const t = useTranslate();
  const industryName = useIndustries().name;
  return (
    <Show actions={<Actions />} title={<Title />} {...props}>
      <TabbedShowLayout>
        <TabbedShowLayout.Tab label="registry.tabs.data">
          <ClosureThresholdFlag />
          <NoDepartment />
          <TextField source="name" />
          <TextField source="creditCode" />
          <ReferenceField source="regionCode" reference="regions" link="show" />
          <FunctionField
            source="industryCategory"
            render={(r: EnterpriseRecord) => industryName(r.industryCategory)}
          />
          <FunctionField
            source="industryCode"
            render={(r: EnterpriseRecord) => industryName(r.industryCode)}
          />
          <FunctionField source="scale" render={(r: EnterpriseRecord) => t(`registry.scale.${r.scale}`)} />
          <ReferenceField source="departmentId" reference="departments" link="show" emptyText="—" />
          <FunctionField
            source="riskGrade"
            render={(r: EnterpriseRecord) => <RiskGradeChip grade={r.riskGrade} />}
          />
          <FunctionField
            source="riskColour"
            label="resources.risk-grades.fields.riskColour"
            render={(r: EnterpriseRecord) => (
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
                <RiskColourChip colour={r.riskColour ?? 'unassessed'} />
                <ManagementLevelChip level={r.managementLevel ?? 'unassessed'} />
                <MuiLink component={Link} to={`/risk-grades/${r.id}/show`}>
                  {t('grade.history')}
                </MuiLink>
              </Stack>
            )}
          />
          <FunctionField
            source="status"
            render={(r: EnterpriseRecord) => <EnterpriseStatusChip status={r.status} />}
          />
          <DateText source="statusChangedAt" />
          <TextField source="address" emptyText="—" />
          <TextField source="principalName" emptyText="—" />
          <TextField source="principalPhone" emptyText="—" />
          <TextField source="safetyManagerName" emptyText="—" />
          <TextField source="safetyManagerPhone" emptyText="—" />
          <FunctionField source="createdAt" render={(r: EnterpriseRecord) => shanghai(r.createdAt)} />
          <FunctionField source="updatedAt" render={(r: EnterpriseRecord) => shanghai(r.updatedAt)} />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="registry.tabs.cases" path="cases">
          <ReferenceManyField
            reference="cases"
            target="enterpriseId"
            sort={{ field: 'reportedAt', order: 'DESC' }}
            perPage={10}
            pagination={<Pagination />}
          >
            {/* On a phone the cases are cards (six columns do not fit 390 px): number and day, title, state, deadline. */}
            <ResponsiveDataTable<CaseSummary>
              bulkActionButtons={false}
              rowClick="show"
              card={{
                overline: (c) => `${caseNo(c.caseNo)} · ${shanghai(c.reportedAt)}`,
                title: (c) => c.title,
                badges: (c) => (
                  <>
                    <Typography variant="body2" component="span" color={c.overdue ? 'error' : undefined}>
                      {t(`status.${c.status}`)}
                      {c.overdue ? ` · ${t('app.overdue')}` : ''}
                    </Typography>
                    {c.level && <Chip size="small" variant="outlined" label={t(`level.${c.level}`)} />}
                  </>
                ),
                lines: (c) => [
                  c.deadline && `${t('resources.cases.fields.deadline')}：${shanghai(c.deadline)}`,
                ],
              }}
            >
              <DataTable.Col source="caseNo" render={(c: CaseSummary) => caseNo(c.caseNo)} />
              <DataTable.Col source="title" />
              <DataTable.Col
                source="status"
                render={(c: CaseSummary) => (
                  <Typography variant="body2" color={c.overdue ? 'error' : undefined}>
                    {t(`status.${c.status}`)}
                    {c.overdue ? ` · ${t('app.overdue')}` : ''}
                  </Typography>
                )}
              />
              <DataTable.Col
                source="level"
                render={(c: CaseSummary) => (c.level ? t(`level.${c.level}`) : '—')}
              />
              <DataTable.Col source="deadline" render={(c: CaseSummary) => shanghai(c.deadline)} />
              <DataTable.Col source="reportedAt" render={(c: CaseSummary) => shanghai(c.reportedAt)} />
            </ResponsiveDataTable>
          </ReferenceManyField>
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="registry.tabs.penalties" path="penalties">
          <PenaltyTable />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="registry.tabs.history" path="history">
          <EnterpriseHistory />
        </TabbedShowLayout.Tab>
      </TabbedShowLayout>
    </Show>
  );
};
