import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  LinearProgress,
  MenuItem,
  Stack,
  TextField as MuiTextField,
  Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import {
  ArrayInput,
  AutocompleteArrayInput,
  Create,
  DataTable,
  List,
  ReferenceArrayInput,
  SelectArrayInput,
  Show,
  SimpleForm,
  SimpleFormIterator,
  TextInput,
  Title,
  TopToolbar,
  CreateButton,
  usePermissions,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import {
  buildChecklistInput,
  checklistLevels,
  checklistRefusal,
  checklistStatuses,
  returnChecklistInput,
  reviewChecklistInput,
  type ChecklistAction,
} from '../../../domain/hazards/checklist';
import type { Role } from '../../../domain/roles';
import { CommandDialog } from '../common/CommandDialog';
import { formatDateTime } from '../common/format';
import { withoutEmpty } from '../common/forms';
import { ResponsiveDataTable, useIsPhone } from '../common/responsive';
import { zodFormResolver } from '../common/zodFormResolver';
import { postCommand } from '../general-hazards/HazardShow';
import { httpClient } from '../providers/http';
import { SimpleTable } from '../scores/common';

interface ChecklistItem {
  id: string;
  level: string;
  unitName: string | null;
  content: string;
  basis: string | null;
  frequency: string;
  category: string;
}
export interface ChecklistRecord {
  id: string;
  enterpriseId: string;
  enterpriseName?: string;
  version: number;
  status: string;
  submittedAt: string | null;
  reviewedAt: string | null;
  reviewNote: string | null;
  createdAt: string;
  itemCount?: number;
  items?: ChecklistItem[];
}

export const ChecklistStatusChip = ({ status }: { status: string }) => {
  const t = useTranslate();
  return (
    <Chip
      size="small"
      variant={status === 'submitted' ? 'filled' : 'outlined'}
      color={status === 'submitted' ? 'primary' : status === 'returned' ? 'error' : 'default'}
      label={t(`checklist.status.${status}`)}
      data-testid="checklist-status"
    />
  );
};

const ListActions = () => {
  const { permissions: role } = usePermissions<Role>();
  return <TopToolbar>{role === 'enterprise' && <CreateButton label="checklist.actions.build" />}</TopToolbar>;
};

/**
 * 隐患排查清单: an enterprise's versions of its checklist; a supervisor's territory, awaiting review first (the API's
 * default order). A row opens the checklist with its items by level and the review commands.
 */
export const ChecklistList = () => {
  const t = useTranslate();
  const { permissions: role } = usePermissions<Role>();
  const enterprise = role === 'enterprise';
  const filters = [
    <SelectArrayInput
      source="status"
      key="status"
      alwaysOn
      choices={checklistStatuses.map((s) => ({ id: s, name: t(`checklist.status.${s}`) }))}
    />,
  ];
  return (
    <List
      filters={filters}
      perPage={25}
      actions={<ListActions />}
      sort={{ field: 'updatedAt', order: 'DESC' }}
    >
      <ResponsiveDataTable<ChecklistRecord>
        rowClick="show"
        bulkActionButtons={false}
        card={{
          overline: (r) => `${t('resources.checklists.fields.version')} ${r.version}`,
          title: (r) => (enterprise ? t('resources.checklists.name', { smart_count: 1 }) : r.enterpriseName),
          badges: (r) => <ChecklistStatusChip status={r.status} />,
          lines: (r) => [
            r.submittedAt &&
              `${t('resources.checklists.fields.submittedAt')}：${formatDateTime(r.submittedAt)}`,
            r.itemCount !== undefined && `${t('resources.checklists.fields.itemCount')}：${r.itemCount}`,
          ],
        }}
      >
        {!enterprise && <DataTable.Col source="enterpriseName" disableSort />}
        <DataTable.Col source="version" disableSort />
        <DataTable.Col
          source="status"
          disableSort
          render={(r: ChecklistRecord) => <ChecklistStatusChip status={r.status} />}
        />
        <DataTable.Col source="itemCount" disableSort />
        <DataTable.Col
          source="submittedAt"
          disableSort
          render={(r: ChecklistRecord) => formatDateTime(r.submittedAt)}
        />
        <DataTable.Col
          source="reviewedAt"
          disableSort
          render={(r: ChecklistRecord) => formatDateTime(r.reviewedAt)}
        />
      </ResponsiveDataTable>
    </List>
  );
};

/** Who may offer which review command: the enterprise submits its own; supervisors accept or return. */
const ROLE_ACTIONS: Record<string, ChecklistAction[]> = {
  enterprise: ['submit'],
  supervisor: ['accept', 'return'],
  admin: ['accept', 'return'],
};

const ChecklistCommands = ({ record }: { record: ChecklistRecord }) => {
  const t = useTranslate();
  const { permissions: role } = usePermissions<Role>();
  const [open, setOpen] = useState<ChecklistAction | null>(null);
  const actions = (ROLE_ACTIONS[role ?? ''] ?? []).filter(
    (a) => !checklistRefusal(a, record.status as never),
  );
  if (!actions.length) return null;
  const url = (a: string) => `/api/checklists/${record.id}/${a}`;
  return (
    <>
      <Stack direction="row" spacing={1} sx={{ my: 1 }}>
        {actions.map((a) => (
          <Button
            key={a}
            variant={a === 'return' ? 'outlined' : 'contained'}
            color={a === 'return' ? 'error' : 'primary'}
            onClick={() => setOpen(a)}
          >
            {t(`checklist.actions.${a}`)}
          </Button>
        ))}
      </Stack>
      {(['submit', 'accept'] as const).map((a) => (
        <CommandDialog
          key={a}
          open={open === a}
          onClose={() => setOpen(null)}
          title={t(`checklist.actions.${a}`)}
          schema={reviewChecklistInput}
          send={(v, key) => postCommand(url(a), v, key)}
          done="checklist.actions.done"
        >
          <TextInput source="note" label={t('checklist.form.note')} multiline minRows={2} fullWidth />
        </CommandDialog>
      ))}
      <CommandDialog
        open={open === 'return'}
        onClose={() => setOpen(null)}
        title={t('checklist.actions.return')}
        schema={returnChecklistInput}
        send={(v, key) => postCommand(url('return'), v, key)}
        done="checklist.actions.done"
      >
        <TextInput
          source="note"
          label={t('checklist.form.return_note')}
          multiline
          minRows={3}
          fullWidth
          isRequired
        />
      </CommandDialog>
    </>
  );
};

/** The items grouped as the three levels are kept: 企业有清单、车间有表册、岗位有卡片. */
const ItemsByLevel = ({ items }: { items: ChecklistItem[] }) => {
  const t = useTranslate();
  if (!items.length) return <Typography color="text.secondary">{t('checklist.no_items')}</Typography>;
  return (
    <>
      {checklistLevels.map((level) => {
        const mine = items.filter((i) => i.level === level);
        if (!mine.length) return null;
        const units = [...new Set(mine.map((i) => i.unitName ?? t('checklist.whole_site')))];
        return (
          <Box key={level} sx={{ mt: 2 }}>
            <Typography variant="subtitle1" component="h3">
              {t(`checklist.level.${level}`)}（{mine.length}）
            </Typography>
            {units.map((u) => (
              <Box key={u} sx={{ mt: 1 }}>
                <Typography variant="subtitle2" component="h4">
                  {u}
                </Typography>
                <Box component="ol" sx={{ pl: 3, my: 0.5 }}>
                  {mine
                    .filter((i) => (i.unitName ?? t('checklist.whole_site')) === u)
                    .map((i) => (
                      <li key={i.id}>
                        <Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}>
                          {i.content}
                        </Typography>
                        <Typography variant="caption" color="text.secondary">
                          {t('checklist.item_line', {
                            frequency: t(`checklist.frequency.${i.frequency}`),
                            category: t(`checklist.category.${i.category}`),
                          })}
                          {i.basis ? ` · ${t('checklist.basis', { basis: i.basis })}` : ''}
                        </Typography>
                      </li>
                    ))}
                </Box>
              </Box>
            ))}
          </Box>
        );
      })}
    </>
  );
};

const ChecklistPage = () => {
  const t = useTranslate();
  const r = useRecordContext<ChecklistRecord>();
  if (!r) return null;
  return (
    <Box sx={{ p: { xs: 1.5, sm: 2 } }}>
      <Typography variant="caption" color="text.secondary">
        {t('resources.checklists.fields.version')} {r.version} · {formatDateTime(r.createdAt)}
      </Typography>
      <Typography variant="h6" component="h2">
        {r.enterpriseName ?? t('resources.checklists.name', { smart_count: 1 })}
      </Typography>
      <ChecklistStatusChip status={r.status} />
      {r.reviewNote && (
        <Alert severity={r.status === 'returned' ? 'warning' : 'info'} sx={{ mt: 1 }}>
          {t(r.status === 'returned' ? 'checklist.return_note' : 'checklist.review_note', {
            note: r.reviewNote,
          })}
        </Alert>
      )}
      <ChecklistCommands record={r} />
      <Card variant="outlined" sx={{ mt: 1 }}>
        <CardContent>
          <Typography variant="subtitle1" component="h3">
            {t('checklist.items', { count: r.items?.length ?? r.itemCount ?? 0 })}
          </Typography>
          <ItemsByLevel items={r.items ?? []} />
        </CardContent>
      </Card>
    </Box>
  );
};

export const ChecklistShow = () => (
  <Show actions={false}>
    <ChecklistPage />
  </Show>
);

const buildForm = buildChecklistInput;
/**
 * 编制清单 (the enterprise): a new draft from industry templates, its workshops/areas and posts named so the area
 * sheets and post cards are copied for each.
 */
export const ChecklistCreate = () => {
  const t = useTranslate();
  const prepare = (v: Record<string, unknown>) => {
    const c = withoutEmpty(v) as { areas?: Array<{ name?: string }>; posts?: Array<{ name?: string }> };
    return {
      ...c,
      areas: (c.areas ?? []).map((a) => a.name).filter(Boolean),
      posts: (c.posts ?? []).map((p) => p.name).filter(Boolean),
    };
  };
  return (
    <Create redirect="show" transform={prepare}>
      <SimpleForm resolver={zodFormResolver(buildForm, { prepare })}>
        <ReferenceArrayInput source="templateIds" reference="checklist-templates">
          <AutocompleteArrayInput optionText="name" label="resources.checklists.fields.templateIds" />
        </ReferenceArrayInput>
        <ArrayInput source="areas">
          <SimpleFormIterator inline disableReordering>
            <TextInput source="name" label={t('checklist.form.areas')} />
          </SimpleFormIterator>
        </ArrayInput>
        <ArrayInput source="posts">
          <SimpleFormIterator inline disableReordering>
            <TextInput source="name" label={t('checklist.form.posts')} />
          </SimpleFormIterator>
        </ArrayInput>
      </SimpleForm>
    </Create>
  );
};

interface TemplateRecord {
  id: string;
  name: string;
  kind: string;
  industryCode: string | null;
  source: string | null;
  itemCount?: number;
  items?: ChecklistItem[];
}

/** 行业排查模板: the industry templates checklists are built from (standards library clauses or written items). */
export const TemplateList = () => {
  const t = useTranslate();
  return (
    <List perPage={25}>
      <ResponsiveDataTable<TemplateRecord>
        rowClick="show"
        bulkActionButtons={false}
        card={{
          title: (r) => r.name,
          badges: (r) => <Chip size="small" variant="outlined" label={t(`checklist.kind.${r.kind}`)} />,
          lines: (r) => [r.source, r.itemCount !== undefined && t('checklist.items', { count: r.itemCount })],
        }}
      >
        <DataTable.Col source="name" disableSort />
        <DataTable.Col
          source="kind"
          disableSort
          render={(r: TemplateRecord) => t(`checklist.kind.${r.kind}`)}
        />
        <DataTable.Col source="source" disableSort />
        <DataTable.Col source="itemCount" disableSort />
      </ResponsiveDataTable>
    </List>
  );
};

const TemplatePage = () => {
  const t = useTranslate();
  const r = useRecordContext<TemplateRecord>();
  if (!r) return null;
  return (
    <Box sx={{ p: { xs: 1.5, sm: 2 } }}>
      <Typography variant="h6" component="h2">
        {r.name}
      </Typography>
      <Chip size="small" variant="outlined" label={t(`checklist.kind.${r.kind}`)} />
      {r.source && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          {r.source}
        </Typography>
      )}
      <ItemsByLevel items={r.items ?? []} />
    </Box>
  );
};
export const TemplateShow = () => (
  <Show actions={false}>
    <TemplatePage />
  </Show>
);

interface RateRow {
  key: string | null;
  name: string | null;
  enterprises: number;
  compiled: number;
  accepted: number;
  pending: number;
  compilationRate: number | null;
  acceptanceRate: number | null;
}
const pct = (n: number | null) => (n === null ? '—' : `${(n * 100).toFixed(2)}%`);
const RATE_GROUPS = ['district', 'street', 'industry'] as const;

/** 清单编制率 = compiled / operating enterprises; 验收率 = accepted / compiled (suspended and closed left out). */
export const ChecklistRates = () => {
  const t = useTranslate();
  const phone = useIsPhone();
  const [groupBy, setGroupBy] = useState<(typeof RATE_GROUPS)[number]>('street');
  const q = useQuery({
    queryKey: ['api', 'checklist-rates', groupBy],
    queryFn: async () => (await httpClient(`/api/checklists/rates?groupBy=${groupBy}`)).json as RateRow[],
  });
  const r = (k: string) => t(`checklist.rates.${k}`);
  const rows = q.data ?? [];
  return (
    <Box sx={{ p: { xs: 1, sm: 2 } }}>
      <Title title={r('title')} />
      <MuiTextField
        select
        size="small"
        label={r('group')}
        value={groupBy}
        onChange={(e) => setGroupBy(e.target.value as (typeof RATE_GROUPS)[number])}
        sx={{ minWidth: 140, mb: 2 }}
      >
        {RATE_GROUPS.map((g) => (
          <MenuItem key={g} value={g}>
            {t(`checklist.rates.groups.${g}`)}
          </MenuItem>
        ))}
      </MuiTextField>
      {q.isFetching && <LinearProgress aria-label={t('ra.page.loading')} />}
      {q.error && <Alert severity="error">{(q.error as Error).message}</Alert>}
      {phone ? (
        <Stack
          component="ul"
          spacing={1}
          sx={{ p: 0, m: 0, listStyle: 'none' }}
          data-testid="checklist-rate-cards"
        >
          {rows.map((x) => (
            <Card variant="outlined" component="li" key={x.key ?? '-'}>
              <CardContent sx={{ py: 1, '&:last-child': { pb: 1 } }}>
                <Typography variant="subtitle1" component="h3">
                  {x.name ?? r('unnamed')}
                </Typography>
                <Typography variant="body2">
                  {r('compilation_rate')}：{pct(x.compilationRate)}（{x.compiled}/{x.enterprises}）
                </Typography>
                <Typography variant="body2">
                  {r('acceptance_rate')}：{pct(x.acceptanceRate)}（{x.accepted}/{x.compiled}）
                </Typography>
              </CardContent>
            </Card>
          ))}
        </Stack>
      ) : (
        <SimpleTable
          caption={r('title')}
          head={[
            r('name'),
            r('enterprises'),
            r('compiled'),
            r('compilation_rate'),
            r('accepted'),
            r('pending'),
            r('acceptance_rate'),
          ]}
          rows={rows.map((x) => [
            x.name ?? r('unnamed'),
            x.enterprises,
            x.compiled,
            pct(x.compilationRate),
            x.accepted,
            x.pending,
            pct(x.acceptanceRate),
          ])}
        />
      )}
    </Box>
  );
};

interface SelfInspectionRecord {
  id: string;
  enterpriseName?: string;
  level: string;
  unitName: string;
  frequency: string;
  periodStart: string;
  performedAt: string;
  itemsCount: number;
  failedCount: number;
}

/** 自查记录: the sheets checked, by whom and when, with how many items failed (each became a general hazard). */
export const SelfInspectionList = () => {
  const t = useTranslate();
  const { permissions: role } = usePermissions<Role>();
  const enterprise = role === 'enterprise';
  const level = (r: SelfInspectionRecord) =>
    `${t(`checklist.level.${r.level}`)} · ${r.unitName} · ${t(`checklist.frequency.${r.frequency}`)}`;
  return (
    <List perPage={25}>
      <ResponsiveDataTable<SelfInspectionRecord>
        bulkActionButtons={false}
        card={{
          overline: (r) => formatDateTime(r.performedAt),
          title: (r) => (enterprise ? level(r) : r.enterpriseName),
          badges: (r) =>
            r.failedCount > 0 ? (
              <Chip size="small" color="error" label={t('checklist.failed', { count: r.failedCount })} />
            ) : null,
          lines: (r) => [!enterprise && level(r)],
        }}
      >
        {!enterprise && <DataTable.Col source="enterpriseName" disableSort />}
        <DataTable.Col source="level" disableSort render={(r: SelfInspectionRecord) => level(r)} />
        <DataTable.Col source="periodStart" disableSort />
        <DataTable.Col
          source="performedAt"
          disableSort
          render={(r: SelfInspectionRecord) => formatDateTime(r.performedAt)}
        />
        <DataTable.Col source="itemsCount" disableSort />
        <DataTable.Col source="failedCount" disableSort />
      </ResponsiveDataTable>
    </List>
  );
};

interface Tasks {
  today: string;
  checklistId: string | null;
  version: number | null;
  tasks: Array<{
    level: string;
    unitName: string;
    frequency: string;
    itemIds: string[];
    periodStart: string;
    periodEnd: string;
    done: boolean;
  }>;
}

/** 今日自查任务 (the enterprise, at its desk): every sheet of the accepted checklist for its current period. */
export const SelfInspectionTasks = () => {
  const t = useTranslate();
  const q = useQuery({
    queryKey: ['api', 'self-inspection-tasks'],
    queryFn: async () => (await httpClient('/api/self-inspections/tasks')).json as Tasks,
  });
  const d = q.data;
  return (
    <Box sx={{ p: { xs: 1, sm: 2 } }}>
      <Title title={t('checklist.tasks.title')} />
      {q.isPending && <LinearProgress aria-label={t('ra.page.loading')} />}
      {q.error && <Alert severity="error">{(q.error as Error).message}</Alert>}
      {d && !d.checklistId && <Alert severity="info">{t('checklist.tasks.none')}</Alert>}
      {d?.version && (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {d.today} · {t('checklist.tasks.version', { version: d.version })}
        </Typography>
      )}
      <Stack component="ul" spacing={1} sx={{ p: 0, m: 0, listStyle: 'none' }}>
        {(d?.tasks ?? []).map((k) => (
          <Card variant="outlined" component="li" key={`${k.level}-${k.unitName}-${k.frequency}`}>
            <CardContent sx={{ py: 1, '&:last-child': { pb: 1 } }}>
              <Typography variant="subtitle1" component="h3">
                {t(`checklist.level.${k.level}`)} · {k.unitName}
              </Typography>
              <Stack direction="row" spacing={0.5} sx={{ my: 0.5 }}>
                <Chip
                  size="small"
                  color={k.done ? 'success' : 'warning'}
                  label={t(k.done ? 'checklist.tasks.done' : 'checklist.tasks.todo')}
                />
                <Chip size="small" variant="outlined" label={t(`checklist.frequency.${k.frequency}`)} />
              </Stack>
              <Typography variant="body2" color="text.secondary">
                {t('checklist.tasks.period', { start: k.periodStart, end: k.periodEnd })} ·{' '}
                {t('checklist.tasks.items', { count: k.itemIds.length })}
              </Typography>
            </CardContent>
          </Card>
        ))}
      </Stack>
    </Box>
  );
};
