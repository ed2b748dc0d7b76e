import { Section } from '../common/fields';
import {
  Alert,
  Box,
  Button,
  Chip,
  Grid,
  LinearProgress,
  Link as MuiLink,
  Stack,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import {
  AutocompleteArrayInput,
  AutocompleteInput,
  Create,
  CreateButton,
  DataTable,
  FilterButton,
  HttpError,
  Link,
  List,
  ReferenceArrayInput,
  ReferenceField,
  ReferenceInput,
  SaveButton,
  SearchInput,
  SelectInput,
  Show,
  SimpleForm,
  TextField,
  TextInput,
  Toolbar,
  TopToolbar,
  useNotify,
  usePermissions,
  useRecordContext,
  useRedirect,
  useTranslate,
} from 'react-admin';
import { useWatch, type FieldValues } from 'react-hook-form';
import { addCalendarDays } from '../../../domain/calendar';
import {
  assignEnterprisesInput,
  gridInput,
  gridLevels,
  gridStaffInput,
} from '../../../domain/hazards/checklist';
import type { Role } from '../../../domain/roles';
import { CommandDialog } from '../common/CommandDialog';
import { formatDateTime, todayShanghai } from '../common/format';
import { DateInput, withoutEmpty } from '../common/forms';
import { ResponsiveDataTable } from '../common/responsive';
import { zodFormResolver } from '../common/zodFormResolver';
import { RiskColourChip } from '../grades/labels';
import { httpClient } from '../providers/http';
import { useApi } from '../scores/common';

interface GridRecord {
  id: string;
  code: string;
  name: string;
  level: string;
  regionCode: string;
  enterprises?: number;
  patrolOverdue?: number;
  leaderName?: string | null;
  supervisorNames?: string[];
}
interface GridDetail extends Omit<GridRecord, 'enterprises'> {
  staff: Array<{ userId: string; duty: 'leader' | 'supervisor' | 'member'; displayName: string }>;
  enterprises: Array<{
    enterpriseId: string;
    name: string;
    riskColour: string;
    assignedOn: string;
    lastPatrolledOn: string | null;
    patrolDueOn: string;
  }>;
}
interface StaffSet {
  leaderId: string | null;
  supervisorIds: string[];
  memberIds: string[];
}
interface StaffChange {
  id: number;
  at: string;
  actorName: string | null;
  reason: string | null;
  before: StaffSet;
  after: StaffSet;
  names: Record<string, string>;
}
interface Coverage {
  gridId: string;
  enterprises: number;
  patrolled: number;
  patrols: number;
  overdue: number;
  hazardsFound: number;
  coverageRate: number | null;
}

const STAFF_EDITORS: readonly Role[] = ['admin', 'supervisor'];

/** Those who set up grids and change their staff: the API's createGrid and changeGridStaff allow them only. */
const GridActions = () => {
  const { permissions: role } = usePermissions<Role>();
  return (
    <TopToolbar>
      <FilterButton />
      {role && STAFF_EDITORS.includes(role) && <CreateButton />}
    </TopToolbar>
  );
};
const pct = (n: number | null) => (n === null ? '—' : `${(n * 100).toFixed(1)}%`);

const GridLevel = ({ level }: { level: string }) => {
  const t = useTranslate();
  return <Chip size="small" variant="outlined" label={t(`grid.level.${level}`)} />;
};

/**
 * 网格: the grids of the caller's territory (a grid member's own), with their units, overdue patrols, leader and the
 * two responsible supervisors (seed 002). A row opens the grid.
 */
export const GridList = () => {
  const t = useTranslate();
  const filters = [
    <SearchInput source="q" alwaysOn key="q" />,
    <ReferenceInput
      source="regionCode"
      reference="regions"
      key="regionCode"
      sort={{ field: 'code', order: 'ASC' }}
    >
      <AutocompleteInput
        label="resources.grids.fields.regionCode"
        optionText="name"
        filterToQuery={(q: string) => ({ q })}
      />
    </ReferenceInput>,
  ];
  const overdue = (r: GridRecord) =>
    r.patrolOverdue ? (
      <Chip size="small" color="error" label={`${t('grid.overdue')} ${r.patrolOverdue}`} />
    ) : null;
  return (
    <List filters={filters} perPage={25} actions={<GridActions />}>
      <ResponsiveDataTable<GridRecord>
        rowClick="show"
        bulkActionButtons={false}
        card={{
          overline: (r) => r.code,
          title: (r) => r.name,
          badges: (r) => (
            <>
              <GridLevel level={r.level} />
              {overdue(r)}
            </>
          ),
          lines: (r) => [
            `${t('resources.grids.fields.leaderName')}${t('grid.colon')}${r.leaderName ?? t('grid.none')}`,
            `${t('resources.grids.fields.supervisorNames')}${t('grid.colon')}${r.supervisorNames?.join('、') || t('grid.none')}`,
            `${t('resources.grids.fields.enterprises')}${t('grid.colon')}${r.enterprises ?? 0}`,
          ],
        }}
      >
        <DataTable.Col source="code" disableSort />
        <DataTable.Col source="name" disableSort />
        <DataTable.Col source="level" disableSort render={(r: GridRecord) => <GridLevel level={r.level} />} />
        <DataTable.Col source="regionCode" disableSort>
          <ReferenceField source="regionCode" reference="regions" link={false}>
            <TextField source="name" />
          </ReferenceField>
        </DataTable.Col>
        <DataTable.Col source="leaderName" disableSort />
        <DataTable.Col
          source="supervisorNames"
          disableSort
          render={(r: GridRecord) => r.supervisorNames?.join('、') || t('grid.none')}
        />
        <DataTable.Col source="enterprises" disableSort />
        <DataTable.Col source="patrolOverdue" disableSort render={(r: GridRecord) => overdue(r) ?? '0'} />
      </ResponsiveDataTable>
    </List>
  );
};

/** A refusal naming the n-th person of a list (supervisorIds.1, memberIds.0) shows under the one input holding them. */
const oneInputPerList = (key: string) => key.replace(/^(supervisorIds|memberIds)\.\d+$/, '$1');
const prepareGrid = (v: FieldValues) => withoutEmpty(v);

/**
 * The person (leaderId) or people (supervisorIds, memberIds) of a grid duty, chosen by name among the assignees the
 * API offers (GET /assignees, narrowed by `filter`); labelled grid.form.<source>.
 */
const PersonInput = ({
  source,
  filter,
  helperText,
  isRequired,
}: {
  source: 'leaderId' | 'supervisorIds' | 'memberIds';
  filter?: Record<string, unknown>;
  helperText?: string;
  isRequired?: boolean;
}) => {
  const t = useTranslate();
  const reference = { source, reference: 'assignees', filter, sort: { field: 'id', order: 'ASC' as const } };
  const choose = {
    label: t(`grid.form.${source}`),
    optionText: 'displayName',
    filterToQuery: (q: string) => ({ q }),
    helperText,
    isRequired,
  };
  return source === 'leaderId' ? (
    <ReferenceInput {...reference}>
      <AutocompleteInput {...choose} />
    </ReferenceInput>
  ) : (
    <ReferenceArrayInput {...reference}>
      <AutocompleteArrayInput {...choose} />
    </ReferenceArrayInput>
  );
};

/**
 * The people offered for a grid's duties: those the API accepts (db/queries/assignees.ts) — of the caller's
 * territory, with the duty's role, working in the grid's region or above it once the region is chosen.
 */
const GridStaffInputs = () => {
  const t = useTranslate();
  const regionCode = useWatch({ name: 'regionCode' }) as string | undefined;
  const where = regionCode ? { regionCode } : {};
  const leaders = { role: ['leader', 'supervisor'], ...where };
  return (
    <>
      <PersonInput source="leaderId" filter={leaders} helperText={t('grid.form.leader_hint')} isRequired />
      <PersonInput source="supervisorIds" filter={leaders} isRequired />
      <PersonInput
        source="memberIds"
        filter={{ role: 'grid_member', ...where }}
        helperText={t('grid.form.members_hint')}
      />
    </>
  );
};

/**
 * 建立网格 (supervisors and administrators): code, name, level, a region of the caller's territory, one leader, exactly
 * two responsible supervisors (seed 002) and the grid members. Checked by the API's own schema before it is sent;
 * the API's refusals (a region outside the territory, a person of the wrong role or region) beside their fields.
 */
export const GridCreate = () => {
  const t = useTranslate();
  const notify = useNotify();
  const redirect = useRedirect();
  const save = async (values: FieldValues) => {
    try {
      const { json } = await httpClient('/api/grids', {
        method: 'POST',
        body: JSON.stringify(prepareGrid(values)),
      });
      notify('grid.created', { type: 'success' });
      redirect('show', 'grids', (json as { id: string }).id);
      return undefined;
    } catch (err) {
      if (!(err instanceof HttpError)) {
        notify('common.network_error', { type: 'error' });
        return undefined;
      }
      const fields = (err.body as { errors?: Record<string, string> } | undefined)?.errors;
      if (err.status === 422 && fields)
        return Object.fromEntries(Object.entries(fields).map(([k, v]) => [oneInputPerList(k), v]));
      notify(err.message, { type: 'error' });
      return undefined;
    }
  };
  return (
    <Create>
      <SimpleForm
        onSubmit={save}
        resolver={zodFormResolver(gridInput, {
          prepare: prepareGrid,
          place: (path) => (path[0] === 'supervisorIds' || path[0] === 'memberIds' ? [path[0]] : path),
        })}
        defaultValues={{ level: 'community', supervisorIds: [], memberIds: [] }}
        // Saving an untouched form shows what it needs, beside each field.
        toolbar={
          <Toolbar>
            <SaveButton alwaysEnable />
          </Toolbar>
        }
        noValidate
      >
        <Alert severity="info" sx={{ mb: 1 }}>
          {t('grid.create_hint')}
        </Alert>
        <TextInput source="code" helperText={t('grid.form.code_hint')} isRequired />
        <TextInput source="name" fullWidth isRequired />
        <SelectInput
          source="level"
          choices={gridLevels.map((l) => ({ id: l, name: t(`grid.level.${l}`) }))}
          isRequired
        />
        <ReferenceInput source="regionCode" reference="regions" sort={{ field: 'code', order: 'ASC' }}>
          <AutocompleteInput optionText="name" filterToQuery={(q: string) => ({ q })} isRequired />
        </ReferenceInput>
        <GridStaffInputs />
      </SimpleForm>
    </Create>
  );
};

/** A staff refusal names the n-th supervisor (supervisorIds.1): it is shown under the one input holding both. */
async function sendStaffChange(gridId: string, values: Record<string, unknown>) {
  try {
    return await httpClient(`/api/grids/${gridId}/staff`, { method: 'PUT', body: JSON.stringify(values) });
  } catch (err) {
    const body = err instanceof HttpError ? (err.body as { errors?: Record<string, string> }) : undefined;
    if (!body?.errors) throw err;
    const errors = Object.fromEntries(
      Object.entries(body.errors).map(([k, v]) => [k.replace(/^supervisorIds\.\d+$/, 'supervisorIds'), v]),
    );
    throw new HttpError((err as HttpError).message, (err as HttpError).status, { ...body, errors });
  }
}

const StaffChangeButton = ({ grid }: { grid: GridDetail }) => {
  const t = useTranslate();
  const [open, setOpen] = useState(false);
  const of = (duty: string) => grid.staff.filter((s) => s.duty === duty);
  const members = of('member').map((s) => s.displayName);
  return (
    <>
      <Button variant="outlined" onClick={() => setOpen(true)} sx={{ mt: 1 }}>
        {t('grid.change')}
      </Button>
      <CommandDialog
        open={open}
        onClose={() => setOpen(false)}
        title={t('grid.change')}
        schema={gridStaffInput}
        done="grid.change_done"
        defaultValues={{
          leaderId: of('leader')[0]?.userId,
          supervisorIds: of('supervisor').map((s) => s.userId),
        }}
        send={(v) => sendStaffChange(grid.id, v)}
      >
        <PersonInput source="leaderId" isRequired />
        <PersonInput source="supervisorIds" isRequired />
        <TextInput source="reason" label={t('grid.form.reason')} multiline minRows={2} fullWidth isRequired />
        <Typography variant="body2" color="text.secondary">
          {t('grid.form.members_kept', { names: members.join('、') || t('grid.none') })}
        </Typography>
      </CommandDialog>
    </>
  );
};

/** 企业入格: units of the grid's region join it; their first patrol falls due the policy's interval for their colour. */
const AssignButton = ({ grid }: { grid: GridDetail }) => {
  const t = useTranslate();
  const [open, setOpen] = useState(false);
  const send = async (values: Record<string, unknown>) => {
    try {
      return await httpClient(`/api/grids/${grid.id}/enterprises`, {
        method: 'POST',
        body: JSON.stringify(values),
      });
    } catch (err) {
      // A refusal names the n-th unit (enterpriseIds.2): it is shown under the one input holding them all.
      const body = err instanceof HttpError ? (err.body as { errors?: Record<string, string> }) : undefined;
      if (!body?.errors) throw err;
      const errors = Object.fromEntries(
        Object.entries(body.errors).map(([k, v]) => [k.replace(/^enterpriseIds\.\d+$/, 'enterpriseIds'), v]),
      );
      throw new HttpError((err as HttpError).message, (err as HttpError).status, { ...body, errors });
    }
  };
  return (
    <>
      <Button variant="outlined" onClick={() => setOpen(true)} sx={{ mt: 1 }}>
        {t('grid.assign')}
      </Button>
      <CommandDialog
        open={open}
        onClose={() => setOpen(false)}
        title={t('grid.assign')}
        schema={assignEnterprisesInput}
        done="grid.assign_done"
        send={(v) => send(v)}
      >
        <ReferenceArrayInput
          source="enterpriseIds"
          reference="enterprises"
          sort={{ field: 'name', order: 'ASC' }}
          filter={{ status: 'operating' }}
        >
          <AutocompleteArrayInput
            label={t('grid.form.enterpriseIds')}
            optionText="name"
            filterToQuery={(q: string) => ({ q })}
            isRequired
          />
        </ReferenceArrayInput>
        <Typography variant="body2" color="text.secondary">
          {t('grid.form.assign_hint', { count: grid.enterprises.length })}
        </Typography>
      </CommandDialog>
    </>
  );
};

const StaffHistory = ({ gridId }: { gridId: string }) => {
  const t = useTranslate();
  const q = useApi<StaffChange[]>(`/api/grids/${gridId}/staff-history`);
  const rows = q.data ?? [];
  if (q.error) return <Alert severity="error">{(q.error as Error).message}</Alert>;
  if (!rows.length) return <Typography color="text.secondary">{t('grid.history_none')}</Typography>;
  return (
    <Stack component="ol" spacing={1} sx={{ p: 0, m: 0, listStyle: 'none' }} data-testid="staff-history">
      {rows.map((h) => {
        const name = (id: string | null) => (id ? (h.names[id] ?? '—') : t('grid.none'));
        const names = (ids: string[]) => ids.map(name).join('、') || t('grid.none');
        const lines = [
          ['leader', name(h.before.leaderId), name(h.after.leaderId)],
          ['supervisor', names(h.before.supervisorIds), names(h.after.supervisorIds)],
          ['member', names(h.before.memberIds), names(h.after.memberIds)],
        ].filter(([, b, a]) => b !== a);
        return (
          <Box component="li" key={h.id} sx={{ borderLeft: 3, borderColor: 'divider', pl: 1.5 }}>
            <Typography variant="caption" color="text.secondary" component="div">
              {t('grid.history_line', { at: formatDateTime(h.at), actor: h.actorName ?? '—' })}
            </Typography>
            {h.reason && (
              <Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}>
                {t('grid.reason', { reason: h.reason })}
              </Typography>
            )}
            {lines.map(([duty, before, after]) => (
              <Typography key={duty} variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
                {t('grid.before_after', { duty: t(`grid.duty.${duty}`), before, after })}
              </Typography>
            ))}
          </Box>
        );
      })}
    </Stack>
  );
};

const GridCoverage = ({ gridId }: { gridId: string }) => {
  const t = useTranslate();
  const to = todayShanghai();
  const from = addCalendarDays(to, -29);
  const q = useApi<Coverage[]>(`/api/grids/coverage?from=${from}&to=${to}`);
  const c = q.data?.find((x) => x.gridId === gridId);
  return (
    <Section title={t('grid.coverage', { from, to })} testId="grid-coverage">
      {q.error && <Alert severity="error">{(q.error as Error).message}</Alert>}
      {c && (
        <>
          <Typography variant="h6" component="p">
            {t('grid.coverage_rate', { rate: pct(c.coverageRate) })}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {t('grid.coverage_line', {
              patrolled: c.patrolled,
              enterprises: c.enterprises,
              patrols: c.patrols,
              hazards: c.hazardsFound,
              overdue: c.overdue,
            })}
          </Typography>
        </>
      )}
    </Section>
  );
};

const GridPage = () => {
  const t = useTranslate();
  const { permissions: role } = usePermissions<Role>();
  const r = useRecordContext<GridDetail>();
  // react-admin first shows the row the list had (counts, not the staff and units) until the grid itself arrives.
  if (!r || !Array.isArray(r.staff) || !Array.isArray(r.enterprises))
    return <LinearProgress aria-label={t('ra.page.loading')} />;
  const today = todayShanghai();
  const of = (duty: string) =>
    r.staff
      .filter((s) => s.duty === duty)
      .map((s) => s.displayName)
      .join('、') || t('grid.none');
  return (
    <Box sx={{ p: { xs: 1.5, sm: 2 } }}>
      <Typography variant="caption" color="text.secondary">
        {r.code}
      </Typography>
      <Typography variant="h6" component="h2" sx={{ overflowWrap: 'anywhere' }}>
        {r.name}
      </Typography>
      <Stack direction="row" spacing={1} sx={{ my: 0.5, flexWrap: 'wrap', alignItems: 'center' }}>
        <GridLevel level={r.level} />
        <ReferenceField source="regionCode" reference="regions" link={false}>
          <TextField source="name" variant="body2" />
        </ReferenceField>
      </Stack>
      <Section title={t('grid.staff')} testId="grid-staff">
        <Grid container spacing={1}>
          {(['leader', 'supervisor', 'member'] as const).map((d) => (
            <Grid size={{ xs: 12, sm: 4 }} key={d}>
              <Typography variant="caption" color="text.secondary" component="div">
                {t(`grid.duty.${d}`)}
              </Typography>
              <Typography variant="body2" component="div" sx={{ overflowWrap: 'anywhere' }}>
                {of(d)}
              </Typography>
            </Grid>
          ))}
        </Grid>
        {role && STAFF_EDITORS.includes(role) && <StaffChangeButton grid={r} />}
      </Section>
      <GridCoverage gridId={r.id} />
      <Section title={t('grid.units', { count: r.enterprises.length })} testId="grid-units">
        {r.enterprises.length === 0 ? (
          <Typography color="text.secondary">{t('grid.units_none')}</Typography>
        ) : (
          <Stack component="ul" spacing={1} sx={{ p: 0, m: 0, listStyle: 'none' }}>
            {r.enterprises.map((e) => (
              <Box
                component="li"
                key={e.enterpriseId}
                sx={{ borderBottom: 1, borderColor: 'divider', pb: 1 }}
              >
                <Typography variant="body1" component="div" sx={{ overflowWrap: 'anywhere' }}>
                  {e.name}
                </Typography>
                <Stack direction="row" spacing={0.5} sx={{ my: 0.5, flexWrap: 'wrap' }}>
                  <RiskColourChip colour={e.riskColour} />
                  {e.patrolDueOn < today && <Chip size="small" color="error" label={t('grid.overdue')} />}
                </Stack>
                <Typography variant="body2" color="text.secondary">
                  {t('grid.due', { date: e.patrolDueOn })} ·{' '}
                  {e.lastPatrolledOn ? t('grid.last', { date: e.lastPatrolledOn }) : t('grid.never')}
                </Typography>
                {role === 'grid_member' && (
                  // The grid's member patrols from here too, not only from today's list (the phone's patrol page).
                  <Button
                    component={Link}
                    to={`/field/patrol/${r.id}/${e.enterpriseId}`}
                    variant="outlined"
                    size="small"
                    sx={{ mt: 0.5, minHeight: 40 }}
                    aria-label={`${t('field.patrol')} ${e.name}`}
                  >
                    {t('field.patrol')}
                  </Button>
                )}
              </Box>
            ))}
          </Stack>
        )}
        {role && STAFF_EDITORS.includes(role) && <AssignButton grid={r} />}
        <MuiLink
          component={Link}
          to={`/patrols?filter=${encodeURIComponent(JSON.stringify({ gridId: r.id }))}`}
          sx={{ display: 'block', mt: 1 }}
        >
          {t('grid.patrols_link')}
        </MuiLink>
      </Section>
      <Section title={t('grid.history')}>
        <StaffHistory gridId={r.id} />
      </Section>
    </Box>
  );
};

export const GridShow = () => (
  <Show actions={false}>
    <GridPage />
  </Show>
);

interface PatrolRecord {
  id: string;
  gridId: string;
  gridName?: string;
  enterpriseId: string;
  enterpriseName?: string;
  patrolledOn: string;
  recordedAt: string;
  lat: number | null;
  lng: number | null;
  outcome: 'ok' | 'hazards_found' | 'premises_closed';
  results: Array<{ itemId: string | null; content: string; ok: boolean; note?: string; hazardId?: string }>;
  hazardsFound: number;
  note: string | null;
}

export const PatrolOutcomeChip = ({ outcome }: { outcome: string }) => {
  const t = useTranslate();
  return (
    <Chip
      size="small"
      variant={outcome === 'hazards_found' ? 'filled' : 'outlined'}
      color={outcome === 'hazards_found' ? 'error' : 'default'}
      label={t(`patrol.outcome.${outcome}`)}
      data-testid="patrol-outcome"
    />
  );
};

/** 巡查记录: patrols in the caller's scope (a grid member's own grids, an enterprise its own), newest first. */
export const PatrolList = () => {
  const t = useTranslate();
  const { permissions: role } = usePermissions<Role>();
  const enterprise = role === 'enterprise';
  const filters = [
    <ReferenceInput source="gridId" reference="grids" key="gridId" alwaysOn={!enterprise}>
      <AutocompleteInput
        label="resources.patrols.fields.gridId"
        optionText="name"
        filterToQuery={(q: string) => ({ q })}
      />
    </ReferenceInput>,
    <DateInput source="from" key="from" />,
    <DateInput source="to" key="to" />,
  ];
  return (
    <List filters={enterprise ? filters.slice(1) : filters} perPage={25}>
      <ResponsiveDataTable<PatrolRecord>
        rowClick="show"
        bulkActionButtons={false}
        card={{
          overline: (r) => `${r.patrolledOn} · ${r.gridName ?? ''}`,
          title: (r) => r.enterpriseName,
          badges: (r) => (
            <>
              <PatrolOutcomeChip outcome={r.outcome} />
              {r.hazardsFound > 0 && (
                <Chip size="small" variant="outlined" label={t('patrol.found', { count: r.hazardsFound })} />
              )}
            </>
          ),
        }}
      >
        <DataTable.Col source="patrolledOn" disableSort />
        <DataTable.Col source="enterpriseName" disableSort />
        <DataTable.Col source="gridName" disableSort />
        <DataTable.Col
          source="outcome"
          disableSort
          render={(r: PatrolRecord) => <PatrolOutcomeChip outcome={r.outcome} />}
        />
        <DataTable.Col source="hazardsFound" disableSort />
        <DataTable.Col
          source="recordedAt"
          disableSort
          render={(r: PatrolRecord) => formatDateTime(r.recordedAt)}
        />
      </ResponsiveDataTable>
    </List>
  );
};

const PatrolPhotos = ({ patrolId }: { patrolId: string }) => {
  const t = useTranslate();
  const filter = encodeURIComponent(JSON.stringify({ patrolId }));
  const q = useApi<Array<{ id: string }>>(`/api/documents?filter=${filter}`);
  const photos = q.data ?? [];
  if (!photos.length) return <Typography color="text.secondary">{t('patrol.no_photos')}</Typography>;
  return (
    <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 1 }}>
      {photos.map((p, i) => (
        <a key={p.id} href={`/api/documents/${p.id}/content`} target="_blank" rel="noreferrer">
          <Box
            component="img"
            src={`/api/documents/${p.id}/content`}
            alt={t('patrol.photo_alt', { n: i + 1 })}
            sx={{ width: 120, height: 90, objectFit: 'cover', borderRadius: 1 }}
          />
        </a>
      ))}
    </Stack>
  );
};

const PatrolPage = () => {
  const t = useTranslate();
  const r = useRecordContext<PatrolRecord>();
  if (!r) return null;
  return (
    <Box sx={{ p: { xs: 1.5, sm: 2 } }}>
      <Typography variant="caption" color="text.secondary">
        {r.patrolledOn} · {r.gridName}
      </Typography>
      <Typography variant="h6" component="h2" sx={{ overflowWrap: 'anywhere' }}>
        {r.enterpriseName}
      </Typography>
      <Stack direction="row" spacing={1} sx={{ my: 0.5, flexWrap: 'wrap' }}>
        <PatrolOutcomeChip outcome={r.outcome} />
        {r.hazardsFound > 0 && (
          <Chip size="small" variant="outlined" label={t('patrol.found', { count: r.hazardsFound })} />
        )}
      </Stack>
      <Typography variant="body2" color="text.secondary">
        {r.lat !== null && r.lng !== null ? t('patrol.gps', { lat: r.lat, lng: r.lng }) : t('patrol.no_gps')}
        {' · '}
        {t('patrol.recorded', { at: formatDateTime(r.recordedAt) })}
      </Typography>
      {r.note && (
        <Typography variant="body2" sx={{ mt: 1, overflowWrap: 'anywhere' }}>
          {t('patrol.note', { note: r.note })}
        </Typography>
      )}
      <Section title={t('patrol.results', { count: r.results.length })} testId="patrol-results">
        <Stack component="ol" spacing={1} sx={{ pl: 3, m: 0 }}>
          {r.results.map((x, i) => (
            <li key={i}>
              <Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}>
                {x.content}
              </Typography>
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
                <Chip
                  size="small"
                  color={x.ok ? 'success' : 'error'}
                  variant={x.ok ? 'outlined' : 'filled'}
                  label={t(x.ok ? 'patrol.item_ok' : 'patrol.item_failed')}
                />
                {x.note && (
                  <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
                    {x.note}
                  </Typography>
                )}
                {x.hazardId && (
                  <MuiLink component={Link} to={`/general-hazards/${x.hazardId}/show`}>
                    {t('patrol.hazard_link')}
                  </MuiLink>
                )}
              </Stack>
            </li>
          ))}
        </Stack>
      </Section>
      <Section title={t('patrol.photos')}>
        <PatrolPhotos patrolId={r.id} />
      </Section>
    </Box>
  );
};

export const PatrolShow = () => (
  <Show actions={false}>
    <PatrolPage />
  </Show>
);
