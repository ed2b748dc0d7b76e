import { Alert, Box, Button, Card, CardContent, LinearProgress, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import {
  AutocompleteInput,
  DataTable,
  List,
  RadioButtonGroupInput,
  ReferenceField,
  ReferenceInput,
  SearchInput,
  SelectInput,
  Show,
  TextField,
  TextInput,
  usePermissions,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { useWatch } from 'react-hook-form';
import { gradeBases, gradeInput } from '../../../domain/hazards/checklist';
import { managementLevels, riskColours } from '../../../domain/hazards/policy';
import type { Role } from '../../../domain/roles';
import { CommandDialog } from '../common/CommandDialog';
import { formatDateTime, todayShanghai } from '../common/format';
import { DateInput } from '../common/forms';
import { ResponsiveDataTable } from '../common/responsive';
import { postCommand } from '../general-hazards/HazardShow';
import { statusChoices } from '../registry/common';
import { ManagementLevelChip, RiskColourChip } from './labels';

export interface GradeRecord {
  id: string;
  name: string;
  regionCode: string;
  status: string;
  riskColour: string;
  managementLevel: string;
}
interface GradeEntry {
  id: number;
  kind: 'risk_colour' | 'management_level';
  value: string;
  previous: string;
  effectiveOn: string;
  basis: string;
  reason: string | null;
  recordedAt: string;
  recordedByName?: string | null;
}
type GradeDetail = GradeRecord & { history?: GradeEntry[] };

const GRADERS: readonly Role[] = ['admin', 'supervisor'];

/**
 * 风险分级: the enterprises of the caller's territory with their two grades side by side — risk colour (红橙黄蓝) and
 * safety-management level (A–D), 未评定 its own value — filterable by either. A row opens the unit's grading history.
 */
export const GradeList = () => {
  const t = useTranslate();
  const choices = (values: readonly string[], prefix: string) =>
    values.map((v) => ({ id: v, name: t(`${prefix}.${v}`) }));
  const filters = [
    <SearchInput source="q" alwaysOn key="q" />,
    <SelectInput
      source="riskColour"
      key="riskColour"
      alwaysOn
      choices={choices(riskColours, 'grade.colour')}
    />,
    <SelectInput
      source="managementLevel"
      key="managementLevel"
      alwaysOn
      choices={choices(managementLevels, 'grade.level')}
    />,
    <SelectInput source="status" key="status" choices={statusChoices} />,
    <ReferenceInput
      source="regionCode"
      reference="regions"
      key="regionCode"
      sort={{ field: 'code', order: 'ASC' }}
    >
      <AutocompleteInput
        label="resources.risk-grades.fields.regionCode"
        optionText="name"
        filterToQuery={(q: string) => ({ q })}
      />
    </ReferenceInput>,
  ];
  const region = (
    <ReferenceField source="regionCode" reference="regions" link={false}>
      <TextField source="name" />
    </ReferenceField>
  );
  return (
    <List filters={filters} perPage={25} sort={{ field: 'name', order: 'ASC' }}>
      <ResponsiveDataTable<GradeRecord>
        rowClick="show"
        bulkActionButtons={false}
        card={{
          title: (r) => r.name,
          badges: (r) => (
            <>
              <RiskColourChip colour={r.riskColour} />
              <ManagementLevelChip level={r.managementLevel} />
            </>
          ),
          lines: () => [region],
        }}
      >
        <DataTable.Col source="name" />
        <DataTable.Col source="regionCode">{region}</DataTable.Col>
        <DataTable.Col
          source="riskColour"
          disableSort
          render={(r: GradeRecord) => <RiskColourChip colour={r.riskColour} />}
        />
        <DataTable.Col
          source="managementLevel"
          disableSort
          render={(r: GradeRecord) => <ManagementLevelChip level={r.managementLevel} />}
        />
        <DataTable.Col
          source="status"
          render={(r: GradeRecord) => t(`registry.enterprise_status.${r.status}`)}
        />
      </ResponsiveDataTable>
    </List>
  );
};

/** The value select follows the kind: colours for 风险等级, A–D for 安全管理等级. */
const GradeValueInput = () => {
  const t = useTranslate();
  const kind = useWatch({ name: 'kind' }) as string | undefined;
  const values = kind === 'management_level' ? managementLevels : riskColours;
  const prefix = kind === 'management_level' ? 'grade.level' : 'grade.colour';
  return (
    <SelectInput
      key={kind}
      source="value"
      label={t('grade.form.value')}
      choices={values.map((v) => ({ id: v, name: t(`${prefix}.${v}`) }))}
      isRequired
    />
  );
};

const GradeButton = ({ record }: { record: GradeDetail }) => {
  const t = useTranslate();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="contained" onClick={() => setOpen(true)} sx={{ my: 1 }}>
        {t('grade.action')}
      </Button>
      <CommandDialog
        open={open}
        onClose={() => setOpen(false)}
        title={t('grade.action')}
        schema={gradeInput}
        defaultValues={{ kind: 'risk_colour', effectiveOn: todayShanghai(), basis: 'adjustment' }}
        send={(v, key) => postCommand(`/api/enterprises/${record.id}/grades`, v, key)}
      >
        <RadioButtonGroupInput
          source="kind"
          label={t('grade.form.kind')}
          choices={(['risk_colour', 'management_level'] as const).map((k) => ({
            id: k,
            name: t(`grade.kind.${k}`),
          }))}
        />
        <GradeValueInput />
        <DateInput
          source="effectiveOn"
          label={t('grade.form.effectiveOn')}
          maxDate={todayShanghai()}
          isRequired
        />
        <SelectInput
          source="basis"
          label={t('grade.form.basis')}
          choices={gradeBases.map((b) => ({ id: b, name: t(`grade.basis.${b}`) }))}
          isRequired
        />
        <TextInput source="reason" label={t('grade.form.reason')} multiline minRows={2} fullWidth />
      </CommandDialog>
    </>
  );
};

/** One entry of the history: which grade, from what to what, from when, why and by whom. */
const HistoryEntry = ({ e }: { e: GradeEntry }) => {
  const t = useTranslate();
  const label = (v: string) => t(e.kind === 'risk_colour' ? `grade.colour.${v}` : `grade.level.${v}`);
  return (
    <Card variant="outlined" component="li" data-testid="grade-entry">
      <CardContent sx={{ py: 1, '&:last-child': { pb: 1 } }}>
        <Typography variant="caption" color="text.secondary" component="div">
          {t('grade.effective', { date: e.effectiveOn })} · {t(`grade.basis.${e.basis}`)}
        </Typography>
        <Typography variant="subtitle2" component="h4">
          {t('grade.entry', {
            kind: t(`grade.kind.${e.kind}`),
            change: t('grade.change', { previous: label(e.previous), value: label(e.value) }),
          })}
        </Typography>
        {e.reason && (
          <Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}>
            {e.reason}
          </Typography>
        )}
        <Typography variant="body2" color="text.secondary">
          {t('grade.recorded', { at: formatDateTime(e.recordedAt) })}
          {e.recordedByName ? ` · ${t('grade.by', { name: e.recordedByName })}` : ''}
        </Typography>
      </CardContent>
    </Card>
  );
};

const GradePage = () => {
  const t = useTranslate();
  const { permissions: role } = usePermissions<Role>();
  const r = useRecordContext<GradeDetail>();
  if (!r) return null;
  return (
    <Box sx={{ p: { xs: 1.5, sm: 2 } }}>
      <Typography variant="h6" component="h2" sx={{ overflowWrap: 'anywhere' }}>
        {r.name}
      </Typography>
      <Typography variant="subtitle1" component="h3" sx={{ mt: 1 }}>
        {t('grade.current')}
      </Typography>
      <Stack direction="row" spacing={1} sx={{ my: 0.5, flexWrap: 'wrap' }}>
        <RiskColourChip colour={r.riskColour} />
        <ManagementLevelChip level={r.managementLevel} />
      </Stack>
      <Alert severity="info" sx={{ my: 1 }}>
        {t('grade.hint')}
      </Alert>
      {role && GRADERS.includes(role) && <GradeButton record={r} />}
      <Typography variant="subtitle1" component="h3" sx={{ mt: 2 }}>
        {t('grade.history')}
      </Typography>
      {r.history === undefined ? (
        <LinearProgress aria-label={t('ra.page.loading')} />
      ) : r.history.length ? (
        <Stack component="ul" spacing={1} sx={{ p: 0, m: 0, listStyle: 'none' }} data-testid="grade-history">
          {r.history.map((e) => (
            <HistoryEntry key={e.id} e={e} />
          ))}
        </Stack>
      ) : (
        <Typography color="text.secondary">{t('grade.history_none')}</Typography>
      )}
    </Box>
  );
};

export const GradeShow = () => (
  <Show actions={false}>
    <GradePage />
  </Show>
);
