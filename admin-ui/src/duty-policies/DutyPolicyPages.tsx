import {
  Alert,
  Box,
  Card,
  CardContent,
  Chip,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useEffect, useState } from 'react';
import {
  AutocompleteInput,
  Create,
  CreateButton,
  DataTable,
  List,
  NumberInput,
  ReferenceInput,
  SelectInput,
  Show,
  SimpleForm,
  TextInput,
  TopToolbar,
  useNotify,
  usePermissions,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { useFormContext, useWatch } from 'react-hook-form';
import {
  DEFAULT_DUTY_POLICY,
  dutyPolicyChanges,
  dutyPolicyInput,
  managementLevels,
  riskColours,
  selfReportPeriods,
  type DutyPolicy,
} from '../../../domain/hazards/policy';
import type { Role } from '../../../domain/roles';
import { formatDateTime, todayShanghai } from '../common/format';
import { DateInput } from '../common/forms';
import { ResponsiveDataTable } from '../common/responsive';
import { zodFormResolver } from '../common/zodFormResolver';
import { httpClient } from '../providers/http';

interface VersionRecord {
  id: string;
  regionCode: string;
  regionName: string;
  version: number;
  effectiveFrom: string;
  body: DutyPolicy;
  createdAt: string;
  state: 'in_force' | 'future' | 'superseded';
  previous: { version: number; body: DutyPolicy } | null;
}

const StateChip = ({ state }: { state: string }) => {
  const t = useTranslate();
  return (
    <Chip
      size="small"
      variant={state === 'in_force' ? 'filled' : 'outlined'}
      color={state === 'in_force' ? 'success' : state === 'future' ? 'primary' : 'default'}
      label={t(`dutyPolicy.state.${state}`)}
      data-testid="duty-policy-state"
    />
  );
};

/** A policy value in words: a duration with its way of counting, a period, a number. */
function useValueText() {
  const t = useTranslate();
  return (path: string, v: unknown): string => {
    if (v === null || v === undefined) return '—';
    if (typeof v === 'object' && 'amount' in v && 'unit' in v) {
      const d = v as { amount: number; unit: string };
      return `${d.amount} ${t(`dutyPolicy.unit.${d.unit}`)}`;
    }
    if (typeof v === 'string' && (selfReportPeriods as readonly string[]).includes(v))
      return t(`dutyPolicy.period.${v}`);
    if (typeof v === 'number' && path.startsWith('patrol.everyDaysByColour.'))
      return t('dutyPolicy.days', { n: v });
    if (typeof v === 'number' && path.startsWith('inspection.everyMonthsByLevel.'))
      return t('dutyPolicy.months', { n: v });
    return String(v);
  };
}

/** The label of a policy leaf (patrol.everyDaysByColour.red → 网格巡查频次… · 红色风险). */
function useLabel() {
  const t = useTranslate();
  return (path: string) => {
    const section = path.split('.')[0]!;
    const own = t(`dutyPolicy.f.${path}`);
    return path === 'name' ? own : `${t(`dutyPolicy.sections.${section}`)} · ${own}`;
  };
}

const ListActions = () => {
  const { permissions: role } = usePermissions<Role>();
  return <TopToolbar>{role === 'admin' && <CreateButton />}</TopToolbar>;
};

/**
 * 差异化监管策略: every version of the duty policy per region — how often a unit is patrolled by its risk colour, inspected
 * by its management level, how it self-reports — with the one in force today marked. A row opens the version and
 * what it changed.
 */
export const DutyPolicyList = () => {
  const t = useTranslate();
  const filters = [
    <ReferenceInput
      source="regionCode"
      reference="regions"
      key="regionCode"
      alwaysOn
      sort={{ field: 'code', order: 'ASC' }}
    >
      <AutocompleteInput
        label="resources.duty-policies.fields.regionCode"
        optionText="name"
        filterToQuery={(q: string) => ({ q })}
      />
    </ReferenceInput>,
  ];
  return (
    <List filters={filters} perPage={25} actions={<ListActions />}>
      <ResponsiveDataTable<VersionRecord>
        rowClick="show"
        bulkActionButtons={false}
        card={{
          overline: (r) => `${t('dutyPolicy.version', { version: r.version })} · ${r.effectiveFrom}`,
          title: (r) => r.regionName,
          badges: (r) => <StateChip state={r.state} />,
          lines: (r) => [r.body.name],
        }}
      >
        <DataTable.Col source="regionName" disableSort />
        <DataTable.Col
          source="version"
          disableSort
          render={(r: VersionRecord) => t('dutyPolicy.version', { version: r.version })}
        />
        <DataTable.Col source="effectiveFrom" disableSort />
        <DataTable.Col
          source="state"
          disableSort
          render={(r: VersionRecord) => <StateChip state={r.state} />}
        />
        <DataTable.Col source="name" disableSort render={(r: VersionRecord) => r.body.name} />
        <DataTable.Col
          source="createdAt"
          disableSort
          render={(r: VersionRecord) => formatDateTime(r.createdAt)}
        />
      </ResponsiveDataTable>
    </List>
  );
};

/** Two-column rows (item, value), in a scroller so a phone's page never widens. */
const Rows = ({ rows, caption }: { rows: Array<[string, string]>; caption: string }) => (
  <TableContainer sx={{ overflowX: 'auto', maxWidth: '100%' }}>
    <Table size="small" aria-label={caption}>
      <TableBody>
        {rows.map(([k, v]) => (
          <TableRow key={k}>
            <TableCell component="th" scope="row" sx={{ fontWeight: 500 }}>
              {k}
            </TableCell>
            <TableCell>{v}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  </TableContainer>
);

const PolicyBody = ({ body }: { body: DutyPolicy }) => {
  const t = useTranslate();
  const text = useValueText();
  const own = (path: string) => t(`dutyPolicy.f.${path}`);
  const leaves = (prefix: string, obj: object): Array<[string, string]> =>
    Object.entries(obj).map(([k, v]) => [own(`${prefix}.${k}`), text(`${prefix}.${k}`, v)]);
  const sections: Array<[string, Array<[string, string]>]> = [
    ['patrol', leaves('patrol.everyDaysByColour', body.patrol.everyDaysByColour)],
    [
      'inspection',
      [
        ...leaves('inspection.everyMonthsByLevel', body.inspection.everyMonthsByLevel),
        [own('inspection.coverageTargetPct'), `${body.inspection.coverageTargetPct}%`],
      ],
    ],
    [
      'selfReport',
      [
        ...leaves('selfReport.periodByLevel', body.selfReport.periodByLevel),
        ...leaves('selfReport', {
          dueAfter: body.selfReport.dueAfter,
          silentPeriods: body.selfReport.silentPeriods,
          underReportRatio: body.selfReport.underReportRatio,
          minIndustryAverage: body.selfReport.minIndustryAverage,
        }),
      ],
    ],
    ['hazard', leaves('hazard', body.hazard)],
  ];
  return (
    <>
      {sections.map(([key, rows]) => (
        <Card variant="outlined" sx={{ mt: 1.5 }} key={key}>
          <CardContent>
            <Typography variant="subtitle1" component="h3">
              {t(`dutyPolicy.sections.${key}`)}
            </Typography>
            <Rows rows={rows} caption={t(`dutyPolicy.sections.${key}`)} />
          </CardContent>
        </Card>
      ))}
    </>
  );
};

const Changes = ({ record }: { record: VersionRecord }) => {
  const t = useTranslate();
  const text = useValueText();
  const label = useLabel();
  const base = record.previous?.body ?? DEFAULT_DUTY_POLICY;
  const changes = dutyPolicyChanges(base, record.body);
  const baseName = record.previous
    ? t('dutyPolicy.base_version', { version: record.previous.version })
    : t('dutyPolicy.base_default');
  return (
    <Card variant="outlined" sx={{ mt: 1.5 }} data-testid="duty-policy-changes">
      <CardContent>
        <Typography variant="subtitle1" component="h3">
          {t('dutyPolicy.changes', { base: baseName })}
        </Typography>
        {changes.length === 0 ? (
          <Typography color="text.secondary">{t('dutyPolicy.no_changes')}</Typography>
        ) : (
          <TableContainer sx={{ overflowX: 'auto', maxWidth: '100%' }}>
            <Table size="small" aria-label={t('dutyPolicy.changes', { base: baseName })}>
              <TableHead>
                <TableRow>
                  <TableCell>{t('dutyPolicy.field')}</TableCell>
                  <TableCell>{t('dutyPolicy.before')}</TableCell>
                  <TableCell>{t('dutyPolicy.after')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {changes.map((c) => (
                  <TableRow key={c.path}>
                    <TableCell>{label(c.path)}</TableCell>
                    <TableCell sx={{ color: 'text.secondary', textDecoration: 'line-through' }}>
                      {text(c.path, c.before)}
                    </TableCell>
                    <TableCell sx={{ fontWeight: 600 }}>{text(c.path, c.after)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        )}
      </CardContent>
    </Card>
  );
};

const VersionPage = () => {
  const t = useTranslate();
  const r = useRecordContext<VersionRecord>();
  if (!r) return null;
  return (
    <Box sx={{ p: { xs: 1.5, sm: 2 } }}>
      <Typography variant="caption" color="text.secondary">
        {t('dutyPolicy.version', { version: r.version })} ·{' '}
        {t('resources.duty-policies.fields.effectiveFrom')} {r.effectiveFrom}
      </Typography>
      <Typography variant="h6" component="h2" sx={{ overflowWrap: 'anywhere' }}>
        {r.regionName} · {r.body.name}
      </Typography>
      <StateChip state={r.state} />
      <Changes record={r} />
      <PolicyBody body={r.body} />
    </Box>
  );
};

export const DutyPolicyShow = () => (
  <Show actions={false}>
    <VersionPage />
  </Show>
);

/** Loads the policy in force in the chosen region into the form: the administrator changes only what differs. */
const StartFromInForce = ({ onLoaded }: { onLoaded: (isDefault: boolean) => void }) => {
  const { setValue } = useFormContext();
  const notify = useNotify();
  const regionCode = useWatch({ name: 'regionCode' }) as string | undefined;
  useEffect(() => {
    if (!regionCode) return;
    let stale = false;
    httpClient(`/api/duty-policies/in-force?regionCode=${encodeURIComponent(regionCode)}`)
      .then(({ json }) => {
        if (stale) return;
        const r = json as { policy: DutyPolicy; isDefault: boolean };
        setValue('body', r.policy, { shouldDirty: false });
        onLoaded(r.isDefault);
      })
      .catch((e: Error) => notify(e.message, { type: 'error' }));
    return () => {
      stale = true;
    };
  }, [regionCode]);
  return null;
};

const Fieldset = ({ legend, children }: { legend: string; children: React.ReactNode }) => (
  <Box
    component="fieldset"
    sx={{
      border: 1,
      borderColor: 'divider',
      borderRadius: 1,
      px: 2,
      pb: 1,
      mb: 1,
      width: '100%',
      minWidth: 0,
    }}
  >
    <Typography component="legend" variant="subtitle2" sx={{ px: 0.5 }}>
      {legend}
    </Typography>
    <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2 }}>
      {children}
    </Stack>
  </Box>
);

const DurationInput = ({ path }: { path: string }) => {
  const t = useTranslate();
  const label = t(`dutyPolicy.f.${path}`);
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start', flexWrap: 'wrap' }}>
      <NumberInput
        source={`body.${path}.amount`}
        label={t('dutyPolicy.amount', { label })}
        helperText={false}
      />
      <SelectInput
        source={`body.${path}.unit`}
        label={`${label}：${t('dutyPolicy.unit_label')}`}
        choices={(['calendar', 'working'] as const).map((u) => ({ id: u, name: t(`dutyPolicy.unit.${u}`) }))}
        helperText={false}
        sx={{ minWidth: 120 }}
      />
    </Stack>
  );
};

const BodyInputs = () => {
  const t = useTranslate();
  const f = (path: string) => t(`dutyPolicy.f.${path}`);
  const sec = (k: string) => t(`dutyPolicy.sections.${k}`);
  return (
    <>
      <TextInput source="body.name" label={f('name')} fullWidth />
      <Fieldset legend={sec('patrol')}>
        {riskColours.map((c) => (
          <NumberInput
            key={c}
            source={`body.patrol.everyDaysByColour.${c}`}
            label={t('dutyPolicy.form_days', { label: f(`patrol.everyDaysByColour.${c}`) })}
          />
        ))}
      </Fieldset>
      <Fieldset legend={sec('inspection')}>
        {managementLevels.map((l) => (
          <NumberInput
            key={l}
            source={`body.inspection.everyMonthsByLevel.${l}`}
            label={t('dutyPolicy.form_months', { label: f(`inspection.everyMonthsByLevel.${l}`) })}
          />
        ))}
        <NumberInput source="body.inspection.coverageTargetPct" label={f('inspection.coverageTargetPct')} />
      </Fieldset>
      <Fieldset legend={sec('selfReport')}>
        {managementLevels.map((l) => (
          <SelectInput
            key={l}
            source={`body.selfReport.periodByLevel.${l}`}
            label={t('dutyPolicy.form_period', { label: f(`selfReport.periodByLevel.${l}`) })}
            choices={selfReportPeriods.map((p) => ({ id: p, name: t(`dutyPolicy.period.${p}`) }))}
          />
        ))}
        <DurationInput path="selfReport.dueAfter" />
        <NumberInput source="body.selfReport.silentPeriods" label={f('selfReport.silentPeriods')} />
        <NumberInput
          source="body.selfReport.underReportRatio"
          label={f('selfReport.underReportRatio')}
          step={0.05}
        />
        <NumberInput source="body.selfReport.minIndustryAverage" label={f('selfReport.minIndustryAverage')} />
      </Fieldset>
      <Fieldset legend={sec('hazard')}>
        <DurationInput path="hazard.rectifyWithin" />
        <DurationInput path="hazard.maxRectify" />
        <DurationInput path="hazard.reportWithin" />
        <NumberInput source="body.hazard.yellowDays" label={f('hazard.yellowDays')} />
        <DurationInput path="hazard.reopenRectifyWithin" />
      </Fieldset>
    </>
  );
};

const FormBody = () => {
  const t = useTranslate();
  const [loaded, setLoaded] = useState<{ isDefault: boolean } | null>(null);
  const body = useWatch({ name: 'body' }) as unknown;
  return (
    <>
      <ReferenceInput source="regionCode" reference="regions" sort={{ field: 'code', order: 'ASC' }}>
        <AutocompleteInput optionText="name" filterToQuery={(q: string) => ({ q })} sx={{ minWidth: 260 }} />
      </ReferenceInput>
      <DateInput source="effectiveFrom" minDate={todayShanghai()} isRequired />
      <StartFromInForce onLoaded={(isDefault) => setLoaded({ isDefault })} />
      {loaded && (
        <Alert severity="info" sx={{ mb: 2, width: '100%' }}>
          {t('dutyPolicy.starting_from')}
          {loaded.isDefault ? t('dutyPolicy.starting_default') : ''}
        </Alert>
      )}
      {body ? <BodyInputs /> : null}
    </>
  );
};

const resolver = zodFormResolver(dutyPolicyInput);

/**
 * A new version for a region (administrators) from its effective date, starting from the one in force there. The
 * API's own schema checks it before it is sent — a policy watching safer units more often than riskier ones is
 * refused beside the field that breaks the order — and the API's refusals (a past date) show beside their field.
 */
export const DutyPolicyCreate = () => (
  <Create redirect="show">
    <SimpleForm resolver={resolver} defaultValues={{ effectiveFrom: todayShanghai() }}>
      <FormBody />
    </SimpleForm>
  </Create>
);
