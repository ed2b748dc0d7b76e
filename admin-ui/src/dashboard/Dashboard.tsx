import {
  Box,
  Card,
  CardActionArea,
  CardContent,
  CardHeader,
  Grid,
  Skeleton,
  Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { Link, Loading, Title, useDataProvider, useGetList, usePermissions, useTranslate } from 'react-admin';
import { caseStatuses } from '../../../domain/case-status';
import type { Role } from '../../../domain/roles';
import { ScoreHomeCard } from '../scores';
import { caseNo, DeadlineCountdown, formatShanghai, StatusChip } from '../cases/CaseFields';
import type { DubanDataProvider } from '../providers/dataProvider';
import { MyTasks } from '../tasks/MyTasks';
import type { TaskRecord } from '../tasks/TasksByCase';
import { casesLink, listLink } from './links';
import { HOME_TITLE } from '../layout/home';
import { EnterpriseHome } from './EnterpriseHome';
import { FieldToday } from '../field';

// recharts is the heaviest dependency: it loads only when a supervisor's home page draws its charts.
const Charts = lazy(() => import('./Charts'));

/** A row of a home-page list: the whole row links to its record. */
const listRowSx = {
  display: 'flex',
  gap: 1,
  py: 0.75,
  color: 'inherit',
  textDecoration: 'none',
  borderBottom: 1,
  borderColor: 'divider',
  flexWrap: 'wrap',
} as const;

export interface DashboardData {
  countsByStatus: Record<string, number>;
  overdue: number;
  dueSoon: number;
  awaitingMyDecision: number;
  openEscalations: number;
  byRegion: Array<{ regionCode: string; name: string; count: number }>;
  byIndustry: Array<{ industryCategory: string | null; count: number }>;
  overdueSeries: Array<{ date: string; count: number }>;
  worklist: Array<{
    id: string;
    caseNo: number;
    title: string;
    enterpriseName: string | null;
    status: string;
    overdue: boolean;
    deadline: string | null;
  }>;
  /** 应予关闭: enterprises in scope at the 安全生产法 Art. 113 closure threshold today. */
  atClosureThreshold?: Array<{
    enterpriseId: string;
    name: string;
    penalties180: number;
    penalties365: number;
    lastDecidedOn: string;
  }>;
}

/** 应予关闭: the enterprises the supervisor must propose for closure (安全生产法第一百一十三条), each to its 一企一档. */
export const ClosureThresholdCard = ({
  rows,
}: {
  rows: NonNullable<DashboardData['atClosureThreshold']>;
}) => {
  const t = useTranslate();
  return (
    <Card sx={rows.length ? { borderColor: 'error.main', borderWidth: 2, borderStyle: 'solid' } : undefined}>
      <CardHeader
        title={t('dashboard.closure_threshold')}
        slotProps={{ title: { color: rows.length ? 'error' : undefined, variant: 'h6' } }}
      />
      <CardContent sx={{ pt: 0 }} data-testid="closure-threshold">
        {rows.length === 0 && <Typography>{t('dashboard.closure_threshold_empty')}</Typography>}
        {rows.map((e) => (
          <Box
            key={e.enterpriseId}
            component={Link}
            to={`/enterprises/${e.enterpriseId}/show/penalties`}
            sx={listRowSx}
          >
            <Typography variant="body2" sx={{ flex: 1, minWidth: 160 }} color="error">
              {e.name}
            </Typography>
            <Typography variant="caption">
              {t('dashboard.closure_counts', {
                n180: e.penalties180,
                n365: e.penalties365,
                last: e.lastDecidedOn,
              })}
            </Typography>
          </Box>
        ))}
      </CardContent>
    </Card>
  );
};

/**
 * 监管逾期督办: the supervisory ladder's reminders addressed to the caller (the handling office, the 包案领导 by name,
 * the 安委办 above): which late step, on which case, by when. Shown only while there is one.
 */
export const SupervisoryRemindersCard = () => {
  const t = useTranslate();
  const { data, total } = useGetList<TaskRecord>('tasks', {
    filter: { mine: true, status: 'open', supervisory: true },
    sort: { field: 'dueAt', order: 'ASC' },
    pagination: { page: 1, perPage: 10 },
  });
  if (!data?.length) return null;
  return (
    <Card
      sx={{ borderColor: 'error.main', borderWidth: 2, borderStyle: 'solid' }}
      data-testid="supervisory-reminders"
    >
      <CardHeader
        title={t('dashboard.supervisory', { n: total ?? data.length })}
        subheader={t('dashboard.supervisory_hint')}
        slotProps={{ title: { color: 'error', variant: 'h6' } }}
      />
      <CardContent sx={{ pt: 0 }}>
        {data.map((task) => (
          <Box
            key={task.id}
            component={Link}
            to={`/cases/${task.caseId}/show`}
            sx={{ ...listRowSx, alignItems: 'center' }}
            data-testid="supervisory-reminder"
          >
            <Typography variant="body2" color="error" sx={{ flex: 1, minWidth: 200 }}>
              {task.title}
            </Typography>
            <Typography variant="body2" sx={{ minWidth: 160 }}>
              {task.caseNo !== undefined ? `${caseNo(task.caseNo)} ` : ''}
              {task.caseTitle}
            </Typography>
            {task.dueAt && (
              <Typography variant="caption" sx={{ whiteSpace: 'nowrap' }}>
                {t('dashboard.supervisory_due', { date: formatShanghai(task.dueAt, false) })}
              </Typography>
            )}
          </Box>
        ))}
      </CardContent>
    </Card>
  );
};

const Figure = ({
  label,
  value,
  to,
  color,
}: {
  label: string;
  value: number;
  to: string;
  color?: string;
}) => {
  const t = useTranslate();
  return (
    <Card>
      <CardActionArea component={Link} to={to}>
        <CardContent>
          <Typography variant="body2" color="text.secondary">
            {t(label)}
          </Typography>
          <Typography variant="h4" color={color} data-testid={label}>
            {value}
          </Typography>
        </CardContent>
      </CardActionArea>
    </Card>
  );
};

/** 工作台: today's worklist first (overdue, due within 7 days, awaiting my decision), then counts and charts. */
const SupervisorHome = () => {
  const t = useTranslate();
  const dp = useDataProvider<DubanDataProvider>();
  const { data, isPending, error } = useQuery({
    queryKey: ['dashboard'],
    queryFn: () => dp.dashboard() as Promise<DashboardData>,
  });
  if (isPending) return <Loading />;
  if (error || !data) return <Typography color="error">{t('ra.notification.http_error')}</Typography>;
  return (
    <Box sx={{ mt: 2 }}>
      <Grid container spacing={2}>
        <Grid size={{ xs: 6, md: 3 }}>
          <Figure
            label="dashboard.overdue"
            value={data.overdue}
            to={casesLink({ open: true, overdue: true })}
            color="error.main"
          />
        </Grid>
        <Grid size={{ xs: 6, md: 3 }}>
          <Figure label="dashboard.due_soon" value={data.dueSoon} to={casesLink({ dueWithinDays: 7 })} />
        </Grid>
        <Grid size={{ xs: 6, md: 3 }}>
          <Figure
            label="dashboard.awaiting_me"
            value={data.awaitingMyDecision}
            to={listLink('tasks', { mine: true, status: 'open' })}
          />
        </Grid>
        <Grid size={{ xs: 6, md: 3 }}>
          <Figure
            label="dashboard.open_escalations"
            value={data.openEscalations}
            to={listLink('escalations', { status: 'open' })}
          />
        </Grid>
        <Grid size={12} sx={{ '&:empty': { display: 'none' } }}>
          <SupervisoryRemindersCard />
        </Grid>
        {(data.atClosureThreshold?.length ?? 0) > 0 && (
          <Grid size={12}>
            <ClosureThresholdCard rows={data.atClosureThreshold!} />
          </Grid>
        )}
        <Grid size={{ xs: 12, md: 7 }}>
          <Card>
            <CardHeader title={t('dashboard.worklist')} />
            <CardContent sx={{ pt: 0 }} data-testid="worklist">
              {data.worklist.length === 0 && <Typography>{t('dashboard.worklist_empty')}</Typography>}
              {data.worklist.map((c) => (
                <Box
                  key={c.id}
                  component={Link}
                  to={`/cases/${c.id}/show`}
                  sx={{ ...listRowSx, alignItems: 'center' }}
                >
                  <Typography variant="body2" sx={{ minWidth: 84, whiteSpace: 'nowrap' }}>
                    {caseNo(c.caseNo)}
                  </Typography>
                  <Typography variant="body2" sx={{ flex: 1, minWidth: 160 }}>
                    {c.title}
                    <Typography component="span" variant="caption" color="text.secondary">
                      {c.enterpriseName ? ` · ${c.enterpriseName}` : ''}
                    </Typography>
                  </Typography>
                  <StatusChip record={c} />
                  {c.deadline && (
                    <Typography variant="caption">
                      {formatShanghai(c.deadline, false)} <DeadlineCountdown deadline={c.deadline} />
                    </Typography>
                  )}
                </Box>
              ))}
            </CardContent>
          </Card>
        </Grid>
        <Grid size={{ xs: 12, md: 5 }}>
          <Card>
            <CardHeader title={t('dashboard.by_status')} />
            <CardContent sx={{ pt: 0 }}>
              {caseStatuses
                .filter((s) => data.countsByStatus[s])
                .map((status) => [status, data.countsByStatus[status]!] as const)
                .map(([status, n]) => (
                  <Box
                    key={status}
                    component={Link}
                    to={casesLink({ status: [status] })}
                    sx={{
                      display: 'flex',
                      justifyContent: 'space-between',
                      py: 0.5,
                      color: 'inherit',
                      textDecoration: 'none',
                    }}
                  >
                    <span>{t(`status.${status}`)}</span>
                    <strong>{n}</strong>
                  </Box>
                ))}
            </CardContent>
          </Card>
        </Grid>
        <Suspense fallback={<Skeleton variant="rectangular" height={280} sx={{ width: '100%', m: 2 }} />}>
          <Charts data={data} />
        </Suspense>
      </Grid>
    </Box>
  );
};

/** The home page adapts to the role: supervisors get the worklist, enterprises and experts their tasks. */
export const Dashboard = () => {
  const { permissions } = usePermissions<Role>();
  const t = useTranslate();
  if (!permissions) return <Loading />;
  return (
    <>
      <Title title={t(HOME_TITLE[permissions])} />
      {permissions === 'enterprise' ? (
        <>
          <FieldToday role="enterprise" />
          <EnterpriseHome />
        </>
      ) : permissions === 'grid_member' ? (
        <>
          <FieldToday role="grid_member" />
          <MyTasks />
        </>
      ) : HOME_TITLE[permissions] === 'tasks.my_title' ? (
        <MyTasks />
      ) : (
        <>
          {(permissions === 'leader' || permissions === 'supervisor') && (
            <Suspense fallback={null}>
              <ScoreHomeCard />
            </Suspense>
          )}
          <SupervisorHome />
        </>
      )}
    </>
  );
};
