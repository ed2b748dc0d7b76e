import { Section } from '../common/fields';
import { Alert, Box, Button, Chip, LinearProgress, Link as MuiLink, Stack, Typography } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import {
  ArrayInput,
  AutocompleteArrayInput,
  AutocompleteInput,
  BooleanInput,
  Create,
  CreateButton,
  DataTable,
  HttpError,
  Link,
  List,
  NumberInput,
  RadioButtonGroupInput,
  ReferenceArrayField,
  ReferenceArrayInput,
  ReferenceField,
  ReferenceInput,
  SelectInput,
  Show,
  SimpleForm,
  SimpleFormIterator,
  SingleFieldList,
  ChipField,
  TextField,
  TextInput,
  TopToolbar,
  useNotify,
  usePermissions,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { penaltyKinds } from '../../../domain/command-schemas';
import { hazardCategories } from '../../../domain/hazards/lifecycle';
import { inspectionCadences, inspectionLevels } from '../../../domain/hazards/inspection';
import { inspectionPlanInput, recordInspectionInput } from '../../../domain/hazards/schemas';
import type { Role } from '../../../domain/roles';
import { clauseLabel } from '../cases/actions/actionForms';
import { CaseNo, StatusChip } from '../cases/CaseFields';
import { CommandDialog } from '../common/CommandDialog';
import { formatDateTime, todayShanghai } from '../common/format';
import { DateInput, withoutEmpty } from '../common/forms';
import { ResponsiveDataTable } from '../common/responsive';
import { zodFormResolver } from '../common/zodFormResolver';
import { postCommand } from '../general-hazards/HazardShow';
import { formatHazardNo, HazardLightChip, HazardStatusChip } from '../general-hazards/labels';
import { httpClient } from '../providers/http';
import { useApi, useApiList } from '../scores/common';

const PLANNERS: readonly Role[] = ['admin', 'supervisor'];

interface PlanRecord {
  id: string;
  name: string;
  level: string;
  cadence: string;
  regionCode: string;
  selection: string;
  coverageTargetPct: number;
  inspectorsPerVisit: number;
  inspectorIds: string[];
  active: boolean;
  startsOn: string;
  endsOn: string | null;
  createdAt: string;
}
interface InspectionRecord {
  id: string;
  planId: string | null;
  drawId: string | null;
  enterpriseId: string;
  enterpriseName?: string;
  inspectorIds: string[];
  dueOn: string | null;
  status: 'planned' | 'done' | 'cancelled';
  unannounced: boolean;
  inspectedOn: string | null;
  recordedAt: string | null;
  generalFindings: number;
  majorFindings: number;
  /** On the record page (GET /inspections/{id}): the cases its major findings started, the penalties it decided. */
  cases?: Array<{ id: string; caseNo: number; title: string; status: string }>;
  penalties?: Array<{
    id: string;
    kind: string;
    decidedOn: string;
    decisionNo: string;
    amountYuan: number | null;
  }>;
  penaltiesCount: number;
  note: string | null;
}
interface CoverageRow {
  drawId: string;
  periodStart: string;
  periodEnd: string;
  population: number;
  selected: number;
  done: number;
  coveragePct: number;
  targetPct: number;
}
interface Draw {
  id: string;
  planId: string;
  periodStart: string;
  periodEnd: string;
  seed: string;
  algorithm: string;
  population: string[];
  inspectorPool: string[];
  mandatory: string[];
  selectedCount: number;
  populationHash: string;
  drawnAt: string;
  drawnBy: string | null;
}

export const InspectionStatusChip = ({ status }: { status: string }) => {
  const t = useTranslate();
  return (
    <Chip
      size="small"
      variant={status === 'planned' ? 'filled' : 'outlined'}
      color={status === 'planned' ? 'primary' : status === 'done' ? 'success' : 'default'}
      label={t(`inspection.status.${status}`)}
      data-testid="inspection-status"
    />
  );
};

const usePlanLine = () => {
  const t = useTranslate();
  return (r: PlanRecord) =>
    t('inspection.plan_line', {
      level: t(`inspection.level.${r.level}`),
      cadence: t(`inspection.cadence.${r.cadence}`),
      selection: t(`inspection.selection.${r.selection}`),
    });
};

const PlanActions = () => {
  const { permissions: role } = usePermissions<Role>();
  return <TopToolbar>{role && PLANNERS.includes(role) && <CreateButton />}</TopToolbar>;
};

/** 检查计划: the territory's plans by level and cadence (市级季检查、县级月排查、乡级周巡查), newest first. */
export const PlanList = () => {
  const t = useTranslate();
  const line = usePlanLine();
  return (
    <List perPage={25} actions={<PlanActions />}>
      <ResponsiveDataTable<PlanRecord>
        rowClick="show"
        bulkActionButtons={false}
        card={{
          overline: (r) => t('inspection.period', { start: r.startsOn, end: r.endsOn ?? '—' }),
          title: (r) => r.name,
          badges: (r) => (
            <Chip
              size="small"
              variant="outlined"
              label={t(`inspection.active.${String(r.active) as 'true' | 'false'}`)}
            />
          ),
          lines: (r) => [line(r), t('inspection.target', { pct: r.coverageTargetPct })],
        }}
      >
        <DataTable.Col source="name" disableSort />
        <DataTable.Col
          source="level"
          disableSort
          render={(r: PlanRecord) => t(`inspection.level.${r.level}`)}
        />
        <DataTable.Col
          source="cadence"
          disableSort
          render={(r: PlanRecord) => t(`inspection.cadence.${r.cadence}`)}
        />
        <DataTable.Col
          source="selection"
          disableSort
          render={(r: PlanRecord) => t(`inspection.selection.${r.selection}`)}
        />
        <DataTable.Col source="coverageTargetPct" disableSort />
        <DataTable.Col source="regionCode" disableSort>
          <ReferenceField source="regionCode" reference="regions" link={false}>
            <TextField source="name" />
          </ReferenceField>
        </DataTable.Col>
        <DataTable.Col source="startsOn" disableSort />
        <DataTable.Col
          source="active"
          disableSort
          render={(r: PlanRecord) => t(`inspection.active.${String(r.active) as 'true' | 'false'}`)}
        />
      </ResponsiveDataTable>
    </List>
  );
};

/** One recorded draw: seed, algorithm, population and pool sizes, whether it re-runs the same, and what it drew. */
const DrawDetail = ({ drawId }: { drawId: string }) => {
  const t = useTranslate();
  const q = useApi<{ draw: Draw; inspections: InspectionRecord[]; reproduced: boolean }>(
    `/api/inspection-draws/${drawId}`,
  );
  if (q.isPending) return <LinearProgress aria-label={t('ra.page.loading')} />;
  if (q.error || !q.data) return <Alert severity="error">{(q.error as Error)?.message}</Alert>;
  const { draw, inspections, reproduced } = q.data;
  return (
    <Box data-testid="draw-detail" sx={{ mt: 1 }}>
      <Alert severity={reproduced ? 'success' : 'error'} sx={{ mb: 1 }}>
        {t(reproduced ? 'inspection.draw.reproduced' : 'inspection.draw.not_reproduced')}
      </Alert>
      <Typography variant="body2">
        {t('inspection.draw.drawn_at', { at: formatDateTime(draw.drawnAt) })} ·{' '}
        {draw.drawnBy ? (
          <ReferenceField record={draw} source="drawnBy" reference="assignees" link={false}>
            <TextField source="displayName" />
          </ReferenceField>
        ) : (
          t('inspection.draw.by_schedule')
        )}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {t('inspection.draw.population', { count: draw.population.length })} ·{' '}
        {t('inspection.draw.mandatory', { count: draw.mandatory.length })} ·{' '}
        {t('inspection.draw.pool', { count: draw.inspectorPool.length })}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
        {t('inspection.draw.seed')}
        {t('inspection.colon')}
        <code>{draw.seed}</code> · {t('inspection.draw.algorithm')}
        {t('inspection.colon')}
        <code>{draw.algorithm}</code>
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
        {t('inspection.draw.hash')}
        {t('inspection.colon')}
        <code>{draw.populationHash}</code>
      </Typography>
      <Typography variant="subtitle2" component="h4" sx={{ mt: 1 }}>
        {t('inspection.draw.selected', { count: inspections.length })}
      </Typography>
      <Stack component="ol" spacing={0.5} sx={{ pl: 3, m: 0 }} data-testid="draw-selected">
        {inspections.map((i) => (
          <li key={i.id}>
            <MuiLink component={Link} to={`/inspections/${i.id}/show`}>
              <ReferenceField record={i} source="enterpriseId" reference="enterprises" link={false}>
                <TextField source="name" />
              </ReferenceField>
            </MuiLink>{' '}
            <InspectionStatusChip status={i.status} />
            <ReferenceArrayField record={i} source="inspectorIds" reference="assignees">
              <SingleFieldList linkType={false}>
                <ChipField source="displayName" size="small" variant="outlined" />
              </SingleFieldList>
            </ReferenceArrayField>
          </li>
        ))}
      </Stack>
    </Box>
  );
};

const PlanDraws = ({ plan }: { plan: PlanRecord }) => {
  const t = useTranslate();
  const notify = useNotify();
  const client = useQueryClient();
  const { permissions: role } = usePermissions<Role>();
  const url = `/api/inspection-plans/${plan.id}/coverage`;
  const q = useApi<CoverageRow[]>(url);
  const [open, setOpen] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const draw = async () => {
    setBusy(true);
    try {
      const { json } = await httpClient(`/api/inspection-plans/${plan.id}/draws`, { method: 'POST' });
      const out = json as { draw: Draw; created: boolean; inspections: number };
      notify(out.created ? t('inspection.drawn', { count: out.inspections }) : t('inspection.draw_again'), {
        type: out.created ? 'success' : 'info',
      });
      await client.invalidateQueries({ queryKey: ['api', url] });
      setOpen(out.draw.id);
    } catch (err) {
      notify(err instanceof HttpError ? err.message : 'common.network_error', { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  const rows = q.data ?? [];
  return (
    <Section title={t('inspection.draws')} testId="plan-draws">
      {role && PLANNERS.includes(role) && plan.active && (
        <Button variant="contained" onClick={draw} disabled={busy} sx={{ mb: 1 }}>
          {t('inspection.draw_now')}
        </Button>
      )}
      {q.error && <Alert severity="error">{(q.error as Error).message}</Alert>}
      {!rows.length && !q.isPending && (
        <Typography color="text.secondary">{t('inspection.draws_none')}</Typography>
      )}
      <Stack spacing={1.5}>
        {rows.map((c) => (
          <Box key={c.drawId} sx={{ borderLeft: 3, borderColor: 'divider', pl: 1.5 }}>
            <Typography variant="subtitle2" component="h4">
              {t('inspection.period', { start: c.periodStart, end: c.periodEnd })}
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {t('inspection.draw_line', {
                population: c.population,
                selected: c.selected,
                done: c.done,
                coverage: c.coveragePct,
                target: c.targetPct,
              })}
            </Typography>
            {open === c.drawId ? (
              <DrawDetail drawId={c.drawId} />
            ) : (
              <Button size="small" onClick={() => setOpen(c.drawId)}>
                {t('inspection.draw_open')}
              </Button>
            )}
          </Box>
        ))}
      </Stack>
    </Section>
  );
};

const PlanPage = () => {
  const t = useTranslate();
  const line = usePlanLine();
  const r = useRecordContext<PlanRecord>();
  if (!r) return null;
  return (
    <Box sx={{ p: { xs: 1.5, sm: 2 } }}>
      <Typography variant="caption" color="text.secondary">
        {t('inspection.period', { start: r.startsOn, end: r.endsOn ?? '—' })}
      </Typography>
      <Typography variant="h6" component="h2" sx={{ overflowWrap: 'anywhere' }}>
        {r.name}
      </Typography>
      <Typography variant="body2">{line(r)}</Typography>
      <Typography variant="body2" color="text.secondary">
        <ReferenceField source="regionCode" reference="regions" link={false}>
          <TextField source="name" />
        </ReferenceField>{' '}
        · {t('inspection.target', { pct: r.coverageTargetPct })} ·{' '}
        {t('inspection.per_visit', { n: r.inspectorsPerVisit })}
      </Typography>
      <Section title={t('inspection.pool')}>
        <ReferenceArrayField source="inspectorIds" reference="assignees">
          <SingleFieldList linkType={false}>
            <ChipField source="displayName" size="small" />
          </SingleFieldList>
        </ReferenceArrayField>
      </Section>
      <PlanDraws plan={r} />
    </Box>
  );
};

export const PlanShow = () => (
  <Show actions={false}>
    <PlanPage />
  </Show>
);

const preparePlan = (v: Record<string, unknown>) => withoutEmpty(v);

/** 制定检查计划: level, cadence, region, 双随机 or every unit, the coverage target and the inspector pool. */
export const PlanCreate = () => {
  const t = useTranslate();
  const choices = (values: readonly string[], prefix: string) =>
    values.map((v) => ({ id: v, name: t(`${prefix}.${v}`) }));
  return (
    <Create redirect="show" transform={preparePlan}>
      <SimpleForm
        resolver={zodFormResolver(inspectionPlanInput, { prepare: preparePlan })}
        defaultValues={{
          selection: 'random',
          inspectorsPerVisit: 2,
          coverageTargetPct: 10,
          startsOn: todayShanghai(),
        }}
      >
        <Alert severity="info" sx={{ mb: 1 }}>
          {t('inspection.create_hint')}
        </Alert>
        <TextInput source="name" fullWidth isRequired />
        <SelectInput source="level" choices={choices(inspectionLevels, 'inspection.level')} isRequired />
        <SelectInput
          source="cadence"
          choices={choices(inspectionCadences, 'inspection.cadence')}
          isRequired
        />
        <ReferenceInput source="regionCode" reference="regions" sort={{ field: 'code', order: 'ASC' }}>
          <AutocompleteInput optionText="name" filterToQuery={(q: string) => ({ q })} isRequired />
        </ReferenceInput>
        <RadioButtonGroupInput
          source="selection"
          choices={choices(['random', 'all'], 'inspection.selection')}
        />
        <NumberInput source="coverageTargetPct" min={0} max={100} />
        <NumberInput source="inspectorsPerVisit" min={1} max={10} />
        <ReferenceArrayInput source="inspectorIds" reference="assignees" sort={{ field: 'id', order: 'ASC' }}>
          <AutocompleteArrayInput
            optionText="displayName"
            filterToQuery={(q: string) => ({ q })}
            isRequired
          />
        </ReferenceArrayInput>
        <DateInput source="startsOn" isRequired />
        <DateInput source="endsOn" />
      </SimpleForm>
    </Create>
  );
};

/**
 * 检查记录: inspections in the caller's scope, planned first by due date (an enterprise sees its own once done:
 * planned ones are 四不两直).
 */
export const InspectionList = () => {
  const t = useTranslate();
  const { permissions: role } = usePermissions<Role>();
  const manager = role !== 'enterprise';
  const filters = [
    <SelectInput
      source="status"
      key="status"
      alwaysOn
      choices={(['planned', 'done', 'cancelled'] as const).map((s) => ({
        id: s,
        name: t(`inspection.status.${s}`),
      }))}
    />,
    ...(manager ? [<BooleanInput source="mine" key="mine" />] : []),
  ];
  const counts = (r: InspectionRecord) =>
    t('inspection.counts', {
      general: r.generalFindings,
      major: r.majorFindings,
      penalties: r.penaltiesCount,
    });
  return (
    <List filters={filters} perPage={25}>
      <ResponsiveDataTable<InspectionRecord>
        rowClick={manager ? 'show' : false}
        bulkActionButtons={false}
        card={{
          overline: (r) => r.inspectedOn ?? `${t('resources.inspections.fields.dueOn')} ${r.dueOn ?? '—'}`,
          title: (r) => r.enterpriseName,
          badges: (r) => (
            <>
              <InspectionStatusChip status={r.status} />
              {r.unannounced && <Chip size="small" variant="outlined" label={t('inspection.unannounced')} />}
            </>
          ),
          lines: (r) => [r.status === 'done' && counts(r)],
        }}
      >
        <DataTable.Col source="enterpriseName" disableSort />
        <DataTable.Col
          source="status"
          disableSort
          render={(r: InspectionRecord) => <InspectionStatusChip status={r.status} />}
        />
        <DataTable.Col source="dueOn" disableSort render={(r: InspectionRecord) => r.dueOn ?? '—'} />
        <DataTable.Col
          source="inspectedOn"
          disableSort
          render={(r: InspectionRecord) => r.inspectedOn ?? '—'}
        />
        <DataTable.Col source="generalFindings" disableSort />
        <DataTable.Col source="majorFindings" disableSort />
        <DataTable.Col source="penaltiesCount" disableSort />
      </ResponsiveDataTable>
    </List>
  );
};

interface FindingHazard {
  id: string;
  hazardNo: number;
  description: string;
  location: string | null;
  status: string;
  light: string;
  deadline: string;
}

/** The general hazards the inspection's findings became (source 监督检查, sourceRef = the inspection). */
const Findings = ({ inspectionId }: { inspectionId: string }) => {
  const t = useTranslate();
  const q = useApiList<FindingHazard>('general-hazards', { source: 'inspection', sourceRef: inspectionId });
  const rows = q.data?.rows ?? [];
  return (
    <Section title={t('inspection.findings', { count: q.data?.total ?? 0 })} testId="inspection-findings">
      {q.error && <Alert severity="error">{(q.error as Error).message}</Alert>}
      {!rows.length && !q.isPending && (
        <Typography color="text.secondary">{t('inspection.findings_none')}</Typography>
      )}
      <Stack component="ul" spacing={1} sx={{ p: 0, m: 0, listStyle: 'none' }}>
        {rows.map((h) => (
          <Box component="li" key={h.id} sx={{ borderBottom: 1, borderColor: 'divider', pb: 1 }}>
            <Typography variant="caption" color="text.secondary" component="div">
              {formatHazardNo(h.hazardNo)} · {h.deadline}
            </Typography>
            <MuiLink component={Link} to={`/general-hazards/${h.id}/show`} sx={{ overflowWrap: 'anywhere' }}>
              {h.description}
            </MuiLink>
            <Stack direction="row" spacing={0.5} sx={{ mt: 0.5, flexWrap: 'wrap' }}>
              <HazardLightChip light={h.light} />
              <HazardStatusChip status={h.status} />
            </Stack>
          </Box>
        ))}
      </Stack>
    </Section>
  );
};

/** 重大隐患 its major findings became (each a case of its own, from 监督检查) and the 行政处罚 decided at it. */
const Outcomes = ({ r }: { r: InspectionRecord }) => {
  const t = useTranslate();
  return (
    <>
      <Section title={t('inspection.cases', { count: r.cases?.length ?? 0 })} testId="inspection-cases">
        {!r.cases?.length && <Typography color="text.secondary">{t('inspection.cases_none')}</Typography>}
        <Stack component="ul" spacing={1} sx={{ p: 0, m: 0, listStyle: 'none' }}>
          {(r.cases ?? []).map((c) => (
            <Box component="li" key={c.id} sx={{ borderBottom: 1, borderColor: 'divider', pb: 1 }}>
              <Typography variant="caption" color="text.secondary" component="div">
                <CaseNo n={c.caseNo} />
              </Typography>
              <MuiLink component={Link} to={`/cases/${c.id}/show`} sx={{ overflowWrap: 'anywhere' }}>
                {c.title}
              </MuiLink>
              <Box sx={{ mt: 0.5 }}>
                <StatusChip record={{ status: c.status, overdue: false }} />
              </Box>
            </Box>
          ))}
        </Stack>
      </Section>
      <Section
        title={t('inspection.penalties', { count: r.penalties?.length ?? 0 })}
        testId="inspection-penalties"
      >
        {!r.penalties?.length && (
          <Typography color="text.secondary">{t('inspection.penalties_none')}</Typography>
        )}
        <Stack component="ul" spacing={1} sx={{ p: 0, m: 0, listStyle: 'none' }}>
          {(r.penalties ?? []).map((p) => (
            <Box component="li" key={p.id} sx={{ borderBottom: 1, borderColor: 'divider', pb: 1 }}>
              <Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}>
                {t(`penalty_kind.${p.kind}`)}
                {p.amountYuan != null &&
                  ` · ${t('inspection.amount', { amount: p.amountYuan.toLocaleString('zh-CN') })}`}
              </Typography>
              <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
                {t('inspection.penalty_line', { on: p.decidedOn, no: p.decisionNo })}
              </Typography>
            </Box>
          ))}
        </Stack>
      </Section>
    </>
  );
};

const findingChoices = (t: (k: string) => string) =>
  hazardCategories.map((c) => ({ id: c, name: t(`hazard.category.${c}`) }));

/** One list of the record form (findings, major findings, penalties): rows added and removed, never reordered. */
const RowsInput = ({
  children,
  ...list
}: {
  source: string;
  label: string;
  helperText?: string;
  children: ReactNode;
}) => (
  <ArrayInput {...list}>
    <SimpleFormIterator disableReordering fullWidth>
      {children}
    </SimpleFormIterator>
  </ArrayInput>
);

/**
 * 录入检查记录 (the inspection's own inspectors): the day, 四不两直, the note, the general hazards found, the major
 * hazards found (each reported as a case of its own) and the penalties decided (counted toward Art. 113).
 */
const RecordButton = ({ record }: { record: InspectionRecord }) => {
  const t = useTranslate();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="contained" onClick={() => setOpen(true)} sx={{ my: 1 }}>
        {t('inspection.record')}
      </Button>
      <CommandDialog
        open={open}
        onClose={() => setOpen(false)}
        title={t('inspection.record')}
        schema={recordInspectionInput}
        done="inspection.recorded"
        defaultValues={{ inspectedOn: todayShanghai(), unannounced: record.unannounced }}
        send={(v, key) => postCommand(`/api/inspections/${record.id}/record`, v, key)}
      >
        <DateInput
          source="inspectedOn"
          label={t('inspection.form.inspectedOn')}
          maxDate={todayShanghai()}
          isRequired
        />
        <BooleanInput source="unannounced" label={t('inspection.form.unannounced')} />
        <TextInput source="note" label={t('inspection.form.note')} multiline minRows={2} fullWidth />
        <RowsInput source="generalFindings" label={t('inspection.form.findings')}>
          <TextInput source="description" label={t('inspection.form.description')} fullWidth multiline />
          <TextInput source="location" label={t('inspection.form.location')} fullWidth />
          <SelectInput
            source="category"
            label={t('inspection.form.category')}
            choices={findingChoices(t)}
            defaultValue="site"
          />
          <DateInput source="deadline" label={t('inspection.form.deadline')} minDate={todayShanghai()} />
        </RowsInput>
        <RowsInput
          source="majorFindings"
          label={t('inspection.form.major')}
          helperText={t('inspection.form.major_hint')}
        >
          <TextInput source="title" label={t('inspection.form.major_title')} fullWidth />
          <TextInput
            source="description"
            label={t('inspection.form.major_description')}
            fullWidth
            multiline
            minRows={2}
          />
          <TextInput source="location" label={t('inspection.form.location')} fullWidth />
          <ReferenceInput
            source="suspectedClauseId"
            reference="clauses"
            sort={{ field: 'sortOrder', order: 'ASC' }}
            perPage={100}
          >
            <AutocompleteInput
              label={t('inspection.form.clause')}
              optionText={clauseLabel}
              filterToQuery={(q: string) => ({ q })}
              fullWidth
            />
          </ReferenceInput>
        </RowsInput>
        <RowsInput
          source="penalties"
          label={t('inspection.form.penalties')}
          helperText={t('inspection.form.penalties_hint')}
        >
          <SelectInput
            source="kind"
            label={t('inspection.form.penalty_kind')}
            choices={penaltyKinds.map((k) => ({ id: k, name: t(`penalty_kind.${k}`) }))}
          />
          <DateInput source="decidedOn" label={t('inspection.form.decidedOn')} maxDate={todayShanghai()} />
          <TextInput source="decisionNo" label={t('inspection.form.decisionNo')} fullWidth />
          <NumberInput source="amountYuan" label={t('inspection.form.amountYuan')} min={0} />
        </RowsInput>
      </CommandDialog>
    </>
  );
};

const InspectionPage = () => {
  const t = useTranslate();
  const { permissions: role } = usePermissions<Role>();
  const r = useRecordContext<InspectionRecord>();
  if (!r) return null;
  return (
    <Box sx={{ p: { xs: 1.5, sm: 2 } }}>
      <Typography variant="caption" color="text.secondary">
        {r.inspectedOn
          ? `${t('resources.inspections.fields.inspectedOn')} ${r.inspectedOn}`
          : `${t('resources.inspections.fields.dueOn')} ${r.dueOn ?? '—'}`}
      </Typography>
      <Typography variant="h6" component="h2" sx={{ overflowWrap: 'anywhere' }}>
        <ReferenceField source="enterpriseId" reference="enterprises" link={false}>
          <TextField source="name" variant="h6" />
        </ReferenceField>
      </Typography>
      <Stack direction="row" spacing={1} sx={{ my: 0.5, flexWrap: 'wrap' }}>
        <InspectionStatusChip status={r.status} />
        {r.unannounced && <Chip size="small" variant="outlined" label={t('inspection.unannounced')} />}
      </Stack>
      {r.planId && (
        <Typography variant="body2">
          {t('resources.inspections.fields.planId')}
          {t('inspection.colon')}
          <ReferenceField source="planId" reference="inspection-plans" link="show">
            <TextField source="name" />
          </ReferenceField>
        </Typography>
      )}
      <Typography variant="body2" component="div">
        {t('resources.inspections.fields.inspectorIds')}
        {t('inspection.colon')}
        <ReferenceArrayField source="inspectorIds" reference="assignees">
          <SingleFieldList linkType={false}>
            <ChipField source="displayName" size="small" variant="outlined" />
          </SingleFieldList>
        </ReferenceArrayField>
      </Typography>
      {r.status === 'done' && (
        <Typography variant="body2" sx={{ mt: 1 }}>
          {t('inspection.counts', {
            general: r.generalFindings,
            major: r.majorFindings,
            penalties: r.penaltiesCount,
          })}
        </Typography>
      )}
      {r.note && (
        <Typography variant="body2" sx={{ mt: 1, overflowWrap: 'anywhere' }}>
          {t('resources.inspections.fields.note')}
          {t('inspection.colon')}
          {r.note}
        </Typography>
      )}
      {r.status === 'planned' && role && PLANNERS.includes(role) && <RecordButton record={r} />}
      {r.status === 'done' && <Findings inspectionId={r.id} />}
      {r.status === 'done' && <Outcomes r={r} />}
    </Box>
  );
};

export const InspectionShow = () => (
  <Show actions={false}>
    <InspectionPage />
  </Show>
);
