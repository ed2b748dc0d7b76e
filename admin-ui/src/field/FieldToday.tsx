import AddAlertIcon from '@mui/icons-material/AddAlert';
import {
  Box,
  Button,
  Card,
  CardContent,
  CardHeader,
  Chip,
  List,
  ListItem,
  ListItemText,
  Skeleton,
  Typography,
} from '@mui/material';
import { Link, useTranslate } from 'react-admin';
import { formatHazardNo } from '../../../domain/hazards/labels';
import {
  useChecklistItems,
  useHazardsToRectify,
  useMyUnits,
  usePatrolChecklist,
  usePatrolsDue,
  useSelfInspectionTasks,
  type PatrolDue,
} from './api';
import { bigButton, PendingBanner } from './parts';

const LIGHT_COLOUR: Record<string, 'success' | 'warning' | 'error' | 'default'> = {
  green: 'success',
  yellow: 'warning',
  red: 'error',
};

const Section = ({
  title,
  hint,
  children,
  testId,
}: {
  title: string;
  hint?: string;
  children: React.ReactNode;
  testId: string;
}) => {
  const t = useTranslate();
  return (
    <Card sx={{ mt: { xs: 1, sm: 2 } }}>
      <CardHeader
        title={t(title)}
        subheader={hint ? t(hint) : undefined}
        slotProps={{ title: { component: 'h2', variant: 'h6' } }}
        sx={{ pb: 0 }}
      />
      <CardContent sx={{ px: { xs: 1, sm: 2 } }} data-testid={testId}>
        {children}
      </CardContent>
    </Card>
  );
};

const Loading = () => <Skeleton variant="rounded" height={64} />;

/** 待整改隐患: open hazards of the caller's scope, soonest deadline first, each with its 整改 action. */
const ToRectify = () => {
  const t = useTranslate();
  const { data, isPending } = useHazardsToRectify();
  if (isPending) return <Loading />;
  if (!data?.length) return <Typography color="text.secondary">{t('field.to_rectify_none')}</Typography>;
  return (
    <List disablePadding>
      {data.map((h) => (
        <ListItem key={h.id} divider disableGutters sx={{ flexWrap: 'wrap', gap: 1 }}>
          <ListItemText
            primary={h.description}
            secondary={
              <>
                {formatHazardNo(h.hazardNo)}
                {h.location ? ` · ${h.location}` : ''} · {t('field.deadline', { date: h.deadline })}
              </>
            }
            sx={{ flex: '1 1 200px' }}
          />
          {h.light !== 'none' && (
            <Chip
              size="small"
              color={LIGHT_COLOUR[h.light] ?? 'default'}
              label={t(`field.light.${h.light}`)}
            />
          )}
          {h.allowedActions.includes('rectify') && (
            <Button
              component={Link}
              to={`/field/rectify/${h.id}`}
              variant="contained"
              sx={{ ...bigButton, minWidth: 96 }}
              aria-label={`${t('field.rectify')} ${formatHazardNo(h.hazardNo)}`}
            >
              {t('field.rectify')}
            </Button>
          )}
        </ListItem>
      ))}
    </List>
  );
};

/** 自查任务: the sheets of the accepted checklist due this period, done or not. */
const SelfInspections = () => {
  const t = useTranslate();
  const { data, isPending } = useSelfInspectionTasks(true);
  if (isPending) return <Loading />;
  if (!data?.checklistId) return <Typography color="text.secondary">{t('field.no_checklist')}</Typography>;
  if (!data.tasks.length)
    return <Typography color="text.secondary">{t('field.self_inspection_none')}</Typography>;
  return (
    <List disablePadding>
      {[...data.tasks]
        .sort((a, b) => Number(a.done) - Number(b.done) || a.periodEnd.localeCompare(b.periodEnd))
        .map((task) => (
          <ListItem
            key={`${task.level}-${task.unitName}-${task.frequency}`}
            divider
            disableGutters
            sx={{ flexWrap: 'wrap', gap: 1 }}
          >
            <ListItemText
              primary={task.unitName}
              secondary={t('field.self_inspection_due', {
                frequency: t(`field.frequency.${task.frequency}`),
                end: task.periodEnd,
              })}
              sx={{ flex: '1 1 200px' }}
            />
            <Chip
              size="small"
              color={task.done ? 'success' : 'warning'}
              label={task.done ? t('field.self_inspection_done') : t(`field.frequency.${task.frequency}`)}
            />
            {!task.done && (
              <Button
                component={Link}
                to={`/field/self-inspection?${new URLSearchParams({
                  level: task.level,
                  unit: task.unitName,
                  frequency: task.frequency,
                }).toString()}`}
                variant="contained"
                sx={{ ...bigButton, minWidth: 96 }}
                aria-label={`${t('field.self_inspection_start')} ${task.unitName} ${t(`field.frequency.${task.frequency}`)}`}
              >
                {t('field.self_inspection_start')}
              </Button>
            )}
          </ListItem>
        ))}
    </List>
  );
};

const PatrolRow = ({ p }: { p: PatrolDue }) => {
  const t = useTranslate();
  return (
    <ListItem divider disableGutters sx={{ flexWrap: 'wrap', gap: 1 }}>
      <ListItemText
        primary={p.name}
        secondary={
          <>
            {p.gridName} · {t(`field.colour.${p.riskColour}`)}
            <br />
            {t('field.patrol_due', { date: p.patrolDueOn })} ·{' '}
            {p.lastPatrolledOn
              ? t('field.patrol_last', { date: p.lastPatrolledOn })
              : t('field.patrol_never')}
          </>
        }
        sx={{ flex: '1 1 200px' }}
      />
      {p.overdue && <Chip size="small" color="error" label={t('field.overdue')} />}
      <Button
        component={Link}
        to={`/field/patrol/${p.gridId}/${p.enterpriseId}`}
        variant="contained"
        sx={{ ...bigButton, minWidth: 96 }}
        aria-label={`${t('field.patrol')} ${p.name}`}
      >
        {t('field.patrol')}
      </Button>
    </ListItem>
  );
};

/** 今日巡查: the grid member's home — units due by today first, then the next week's. */
const Patrols = () => {
  const t = useTranslate();
  const { data, isPending } = usePatrolsDue(7);
  if (isPending) return <Loading />;
  const today = data?.today ?? '';
  const due = (data?.items ?? []).filter((p) => p.patrolDueOn <= today);
  const soon = (data?.items ?? []).filter((p) => p.patrolDueOn > today);
  return (
    <>
      {due.length === 0 ? (
        <Typography color="text.secondary">{t('field.patrols_none')}</Typography>
      ) : (
        <List disablePadding data-testid="patrols-due">
          {due.map((p) => (
            <PatrolRow key={`${p.gridId}-${p.enterpriseId}`} p={p} />
          ))}
        </List>
      )}
      {soon.length > 0 && (
        <>
          <Typography component="h3" variant="subtitle2" sx={{ mt: 2 }}>
            {t('field.patrols_soon')}
          </Typography>
          <List disablePadding>
            {soon.map((p) => (
              <PatrolRow key={`${p.gridId}-${p.enterpriseId}`} p={p} />
            ))}
          </List>
        </>
      )}
    </>
  );
};

/**
 * What the on-site forms read, fetched (and so kept in the browser, api.ts `remembered`) whenever the home page opens
 * with network: a form opened later with none — the console started in a basement, from the service worker's copy —
 * still lists the grid member's units, the patrol card and the checklist's items. Renders nothing.
 */
const KeepForOffline = ({ role }: { role: 'enterprise' | 'grid_member' }) => {
  const grid = role === 'grid_member';
  useMyUnits(grid);
  usePatrolChecklist(grid);
  const tasks = useSelfInspectionTasks(!grid);
  useChecklistItems(grid ? null : tasks.data?.checklistId);
  return null;
};

/**
 * 今日任务 on site. An enterprise's staff: self-inspections due, hazards to rectify (and below, on the home page, the
 * case tasks). A grid member: today's patrol list first. Both: report a hazard with the camera, and what waits on the
 * phone to be sent.
 */
export const FieldToday = ({ role }: { role: 'enterprise' | 'grid_member' }) => {
  const t = useTranslate();
  return (
    <Box data-testid="field-today">
      <KeepForOffline role={role} />
      <Box sx={{ mt: { xs: 1, sm: 2 } }}>
        <PendingBanner />
        <Button
          component={Link}
          to="/field/report"
          variant="contained"
          color="warning"
          fullWidth
          startIcon={<AddAlertIcon />}
          sx={{ ...bigButton, minHeight: 56, fontSize: '1.1rem' }}
        >
          {t('field.report')}
        </Button>
      </Box>
      {role === 'grid_member' && (
        <Section title="field.patrols_today" hint="field.patrols_today_hint" testId="field-patrols">
          <Patrols />
        </Section>
      )}
      {role === 'enterprise' && (
        <Section title="field.self_inspection" testId="field-self-inspections">
          <SelfInspections />
        </Section>
      )}
      <Section title="field.to_rectify" testId="field-to-rectify">
        <ToRectify />
      </Section>
    </Box>
  );
};
