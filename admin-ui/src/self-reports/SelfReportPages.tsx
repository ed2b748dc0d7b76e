import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  LinearProgress,
  Stack,
  Typography,
} from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  BooleanInput,
  DataTable,
  List,
  ReferenceField,
  SelectArrayInput,
  TextField,
  TextInput,
  Title,
  usePermissions,
  useTranslate,
} from 'react-admin';
import { submitSelfReportInput } from '../../../domain/hazards/schemas';
import type { Role } from '../../../domain/roles';
import { CommandDialog } from '../common/CommandDialog';
import { formatDateTime } from '../common/format';
import { ResponsiveDataTable } from '../common/responsive';
import { postCommand } from '../general-hazards/HazardShow';
import { httpClient } from '../providers/http';

interface SelfReport {
  id: string;
  enterpriseId: string;
  periodStart: string;
  periodEnd: string;
  dueOn: string;
  submittedAt: string;
  onTime: boolean;
  noHazard: boolean;
  hazardsReported: number;
  hazardsRectified: number;
  selfInspections: number;
  note: string | null;
}

const OnTimeChip = ({ onTime }: { onTime: boolean }) => {
  const t = useTranslate();
  return (
    <Chip
      size="small"
      color={onTime ? 'default' : 'warning'}
      variant={onTime ? 'outlined' : 'filled'}
      label={t(onTime ? 'selfReport.on_time.yes' : 'selfReport.on_time.no')}
    />
  );
};

/** 自查自报: the reports of the caller's scope (an enterprise its own), newest period first. */
export const SelfReportList = () => {
  const t = useTranslate();
  const { permissions: role } = usePermissions<Role>();
  const enterprise = role === 'enterprise';
  const period = (r: SelfReport) => t('selfReport.period', { start: r.periodStart, end: r.periodEnd });
  const name = (
    <ReferenceField source="enterpriseId" reference="enterprises" link={false}>
      <TextField source="name" />
    </ReferenceField>
  );
  return (
    <List perPage={25}>
      <ResponsiveDataTable<SelfReport>
        bulkActionButtons={false}
        card={{
          overline: (r) => period(r),
          title: (r) => (enterprise ? period(r) : name),
          badges: (r) => (
            <>
              <OnTimeChip onTime={r.onTime} />
              {r.noHazard && <Chip size="small" variant="outlined" label={t('selfReport.no_hazard')} />}
            </>
          ),
          lines: (r) => [
            `${t('resources.self-reports.fields.hazardsReported')} ${r.hazardsReported} · ${t('resources.self-reports.fields.hazardsRectified')} ${r.hazardsRectified} · ${t('resources.self-reports.fields.selfInspections')} ${r.selfInspections}`,
          ],
        }}
      >
        {!enterprise && (
          <DataTable.Col source="enterpriseId" disableSort>
            {name}
          </DataTable.Col>
        )}
        <DataTable.Col source="periodStart" disableSort render={(r: SelfReport) => period(r)} />
        <DataTable.Col source="dueOn" disableSort />
        <DataTable.Col
          source="submittedAt"
          disableSort
          render={(r: SelfReport) => formatDateTime(r.submittedAt)}
        />
        <DataTable.Col
          source="onTime"
          disableSort
          render={(r: SelfReport) => <OnTimeChip onTime={r.onTime} />}
        />
        <DataTable.Col
          source="noHazard"
          disableSort
          render={(r: SelfReport) => (r.noHazard ? t('selfReport.no_hazard') : '—')}
        />
        <DataTable.Col source="hazardsReported" disableSort />
        <DataTable.Col source="selfInspections" disableSort />
      </ResponsiveDataTable>
    </List>
  );
};

interface Flag {
  id: string;
  enterpriseName: string;
  periodStart: string;
  kind: string;
  details: Record<string, unknown>;
  createdAt: string;
}
const KINDS = ['missing', 'late', 'silent', 'under_reporting'] as const;

/** 系统有觉察: enterprises the sweep flagged — report missing or late, silent for months, far below the industry. */
export const SelfReportFlagList = () => {
  const t = useTranslate();
  const detail = (f: Flag) =>
    f.kind === 'silent'
      ? t('selfReport.details.silent', { periods: Number(f.details.periods ?? 0) })
      : f.kind === 'under_reporting'
        ? t('selfReport.details.under', {
            count: Number(f.details.hazards ?? 0),
            average: Number(f.details.industryAverage ?? 0),
          })
        : '—';
  const filters = [
    <SelectArrayInput
      key="kind"
      source="kind"
      alwaysOn
      choices={KINDS.map((k) => ({ id: k, name: t(`selfReport.kind.${k}`) }))}
    />,
  ];
  return (
    <List perPage={25} filters={filters}>
      <ResponsiveDataTable<Flag>
        bulkActionButtons={false}
        card={{
          overline: (f) => f.periodStart,
          title: (f) => f.enterpriseName,
          badges: (f) => <Chip size="small" color="warning" label={t(`selfReport.kind.${f.kind}`)} />,
          lines: (f) => [detail(f) !== '—' && detail(f)],
        }}
      >
        <DataTable.Col source="enterpriseName" disableSort />
        <DataTable.Col
          source="kind"
          disableSort
          render={(f: Flag) => <Chip size="small" color="warning" label={t(`selfReport.kind.${f.kind}`)} />}
        />
        <DataTable.Col source="periodStart" disableSort />
        <DataTable.Col source="details" disableSort render={detail} />
        <DataTable.Col source="createdAt" disableSort render={(f: Flag) => formatDateTime(f.createdAt)} />
      </ResponsiveDataTable>
    </List>
  );
};

interface Current {
  period: { kind: string; start: string; end: string };
  dueOn: string;
  overdue: boolean;
  submitted: SelfReport | null;
  figures: { hazardsReported: number; hazardsRectified: number; selfInspections: number };
}

/** 本期自查自报 (the enterprise, at its desk): the period, its due date, the ledger's figures, and the report. */
export const CurrentSelfReport = () => {
  const t = useTranslate();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const q = useQuery({
    queryKey: ['api', 'self-report-current'],
    queryFn: async () => (await httpClient('/api/self-reports/current')).json as Current,
  });
  const d = q.data;
  const c = (k: string, o?: Record<string, unknown>) => t(`selfReport.current.${k}`, o);
  return (
    <Box sx={{ p: { xs: 1, sm: 2 } }}>
      <Title title={c('title')} />
      {q.isPending && <LinearProgress aria-label={t('ra.page.loading')} />}
      {q.error && <Alert severity="error">{(q.error as Error).message}</Alert>}
      {d && (
        <Card variant="outlined">
          <CardContent>
            <Typography variant="caption" color="text.secondary">
              {t(`selfReport.period_kind.${d.period.kind}`)}
            </Typography>
            <Typography variant="h6" component="h2">
              {t('selfReport.period', { start: d.period.start, end: d.period.end })}
            </Typography>
            <Stack direction="row" spacing={0.5} sx={{ my: 1 }}>
              <Chip size="small" variant="outlined" label={c('due', { date: d.dueOn })} />
            </Stack>
            <Typography variant="body2" sx={{ mb: 1 }}>
              {c('figures', {
                reported: d.figures.hazardsReported,
                rectified: d.figures.hazardsRectified,
                inspections: d.figures.selfInspections,
              })}
            </Typography>
            {d.submitted ? (
              <Alert severity="success">
                {c('submitted', {
                  at: formatDateTime(d.submitted.submittedAt),
                  late: d.submitted.onTime ? '' : c('late'),
                })}
              </Alert>
            ) : (
              <>
                {d.overdue && (
                  <Alert severity="warning" sx={{ mb: 1 }}>
                    {c('overdue')}
                  </Alert>
                )}
                <Button variant="contained" onClick={() => setOpen(true)}>
                  {c('submit')}
                </Button>
              </>
            )}
          </CardContent>
        </Card>
      )}
      {d && (
        <CommandDialog
          open={open}
          onClose={() => setOpen(false)}
          title={c('submit')}
          schema={submitSelfReportInput}
          prepare={(v) => ({ ...v, periodStart: d.period.start, noHazard: v.noHazard === true })}
          defaultValues={{ noHazard: d.figures.hazardsReported === 0 }}
          done="selfReport.current.done"
          send={async (v, key) => {
            await postCommand(
              '/api/self-reports',
              { ...v, periodStart: d.period.start, noHazard: v.noHazard === true },
              key,
            );
            await qc.invalidateQueries({ queryKey: ['api', 'self-report-current'] });
          }}
        >
          <BooleanInput source="noHazard" label={c('no_hazard_label')} />
          <TextInput source="note" label={c('note')} multiline minRows={2} fullWidth />
        </CommandDialog>
      )}
    </Box>
  );
};
