import {
  Alert,
  Box,
  Button as MuiButton,
  Chip,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useEffect, useMemo, useState } from 'react';
import {
  AutocompleteInput,
  Create,
  CreateButton,
  DataTable,
  DateField,
  FilterButton,
  FunctionField,
  List,
  ReferenceInput,
  Show,
  SimpleForm,
  SimpleShowLayout,
  TextField,
  TextInput,
  TopToolbar,
  useNotify,
  usePermissions,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { useFormContext, useWatch, type FieldValues } from 'react-hook-form';
import {
  policyFields,
  policyInputSchema,
  policyLeaves,
  type PolicyChange,
  type PreviewRow,
} from '../../../domain/policy-authoring';
import type { CasePolicy } from '../../../domain/policy';
import type { Role } from '../../../domain/roles';
import { DateInput } from '../common/forms';
import { formatDate, todayShanghai } from '../common/format';
import { zodFormResolver } from '../common/zodFormResolver';
import { httpClient } from '../providers/http';
import { PolicyBodyInputs } from './PolicyFields';

interface PolicySource {
  id: string;
  regionCode: string;
  regionName: string;
  version: number;
  effectiveFrom: string;
}
export interface PolicyRecord extends PolicySource {
  name: string;
  note: string | null;
  body: CasePolicy;
  createdAt: string;
  overrides?: { policy: CasePolicy; source: PolicySource | null };
  changes?: PolicyChange[];
}

const regionText = (r: { code: string; name: string }) => `${r.name}（${r.code}）`;

/** Whose policy a version overrides: a region's earlier version, an ancestor's, or the default. */
const SourceText = ({ source }: { source: PolicySource | null | undefined }) => {
  const t = useTranslate();
  return (
    <>
      {source
        ? t('policy.source', {
            region: source.regionName,
            version: source.version,
            from: source.effectiveFrom,
          })
        : t('policy.default')}
    </>
  );
};

/** A change table: field, before, after. */
export const ChangesTable = ({ changes }: { changes: PolicyChange[] }) => {
  const t = useTranslate();
  if (changes.length === 0) return <Typography color="text.secondary">{t('policy.no_changes')}</Typography>;
  return (
    <Table size="small" data-testid="policy-changes">
      <TableHead>
        <TableRow>
          <TableCell>{t('policy.field')}</TableCell>
          <TableCell>{t('policy.before')}</TableCell>
          <TableCell>{t('policy.after')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {changes.map((c) => (
          <TableRow key={c.path}>
            <TableCell>{c.label}</TableCell>
            <TableCell sx={{ color: 'text.secondary', textDecoration: 'line-through' }}>{c.before}</TableCell>
            <TableCell sx={{ fontWeight: 600 }}>{c.after}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

/** 督办时限规定: every version of every region, newest first within a region. */
export const PolicyList = () => {
  const { permissions } = usePermissions<Role>();
  return (
    <List
      title="policy.title"
      sort={{ field: 'regionCode', order: 'ASC' }}
      perPage={25}
      filters={[
        <ReferenceInput source="regionCode" reference="regions" key="regionCode" alwaysOn>
          <AutocompleteInput
            optionText={regionText}
            filterToQuery={(q: string) => ({ q })}
            sx={{ minWidth: 240 }}
          />
        </ReferenceInput>,
      ]}
      actions={
        <TopToolbar>
          <FilterButton />
          {permissions === 'admin' && <CreateButton />}
        </TopToolbar>
      }
    >
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="regionName" disableSort />
        <DataTable.Col source="version" disableSort />
        <DataTable.Col source="name" disableSort />
        <DataTable.Col source="effectiveFrom" disableSort field={DateField} />
        <DataTable.Col source="createdAt" disableSort render={(r: PolicyRecord) => formatDate(r.createdAt)} />
      </DataTable>
    </List>
  );
};

/** The policy's values as read-only rows (label, value), in the schema's order. */
const BodyTable = ({ body }: { body: CasePolicy }) => {
  const rows = useMemo(() => policyLeaves(body), [body]);
  const unit = { calendar: '自然日', working: '工作日' } as const;
  return (
    <Table size="small">
      <TableBody>
        {rows.map((l) => (
          <TableRow key={l.id}>
            <TableCell sx={{ width: '50%' }}>{l.labels.join(' / ')}</TableCell>
            <TableCell>
              {l.field.kind === 'duration'
                ? `${(l.value as { amount: number }).amount}个${unit[(l.value as { unit: 'calendar' | 'working' }).unit]}`
                : l.field.kind === 'enum'
                  ? (l.field.options.find((o) => o.value === l.value)?.label ?? String(l.value))
                  : String(l.value ?? '—')}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

export const PolicyShow = () => {
  const t = useTranslate();
  return (
    <Show>
      <SimpleShowLayout>
        <TextField source="name" />
        <TextField source="regionName" />
        <TextField source="version" />
        <DateField source="effectiveFrom" />
        <TextField source="note" emptyText="—" />
        <FunctionField
          label="policy.overrides"
          render={(r: PolicyRecord) => <SourceText source={r.overrides?.source} />}
        />
        <FunctionField
          label="policy.changes"
          render={(r: PolicyRecord) => <ChangesTable changes={r.changes ?? []} />}
        />
        <FunctionField label="policy.body" render={(r: PolicyRecord) => <BodyTable body={r.body} />} />
        <Typography variant="caption" color="text.secondary">
          {t('policy.pinned_note')}
        </Typography>
      </SimpleShowLayout>
    </Show>
  );
};

const resolver = zodFormResolver(policyInputSchema);

/**
 * Loads the policy in force for the region chosen (and the effective date) into the body, as the starting point, and
 * keeps what it overrides; an administrator then changes only what differs.
 */
const StartFromInForce = ({ onLoaded }: { onLoaded: (p: { source: PolicySource | null }) => void }) => {
  const { setValue } = useFormContext();
  const regionCode = useWatch({ name: 'regionCode' }) as string | undefined;
  const effectiveFrom = useWatch({ name: 'effectiveFrom' }) as string | undefined;
  const notify = useNotify();
  useEffect(() => {
    if (!regionCode) return;
    let stale = false;
    const on = effectiveFrom && /^\d{4}-\d{2}-\d{2}$/.test(effectiveFrom) ? `&on=${effectiveFrom}` : '';
    httpClient(`/api/policies/in-force?regionCode=${encodeURIComponent(regionCode)}${on}`)
      .then(({ json }) => {
        if (stale) return;
        const r = json as { policy: CasePolicy; source: PolicySource | null };
        setValue('body', r.policy, { shouldDirty: false });
        onLoaded(r);
      })
      .catch((e: Error) => notify(e.message, { type: 'error' }));
    return () => {
      stale = true;
    };
    // The body is loaded for a region once; changing the date only updates what it overrides.
  }, [regionCode]);
  return null;
};

/** The dates a case listed today would get, and what the draft changes, from POST /policies/preview. */
const Preview = () => {
  const t = useTranslate();
  const { getValues, trigger } = useFormContext();
  const [result, setResult] = useState<{
    changes: PolicyChange[];
    dates: PreviewRow[];
    listedOn: string;
  } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setError(null);
    if (!(await trigger())) return;
    const v = getValues() as FieldValues;
    try {
      const { json } = await httpClient('/api/policies/preview', {
        method: 'POST',
        body: JSON.stringify({ regionCode: v.regionCode, effectiveFrom: v.effectiveFrom, body: v.body }),
      });
      setResult(json as typeof result);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <Box sx={{ width: '100%', mt: 2 }}>
      <MuiButton variant="outlined" onClick={() => void run()}>
        {t('policy.preview')}
      </MuiButton>
      {error && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {error}
        </Alert>
      )}
      {result && (
        <Stack spacing={2} sx={{ mt: 2 }} data-testid="policy-preview">
          <Typography variant="subtitle1">{t('policy.changes')}</Typography>
          <ChangesTable changes={result.changes} />
          <Typography variant="subtitle1">{t('policy.dates', { date: result.listedOn })}</Typography>
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>{t('policy.field')}</TableCell>
                <TableCell>{t('policy.duration')}</TableCell>
                <TableCell>{t('policy.from')}</TableCell>
                <TableCell>{t('policy.date')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {result.dates.map((r) => (
                <TableRow key={r.path}>
                  <TableCell>{r.label}</TableCell>
                  <TableCell>{r.duration}</TableCell>
                  <TableCell>{r.from}</TableCell>
                  <TableCell>
                    {r.date}
                    {r.estimatedYear !== null && (
                      <Chip size="small" sx={{ ml: 1 }} label={t('calendar.estimate_mark')} />
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Stack>
      )}
    </Box>
  );
};

const PolicyFormBody = () => {
  const t = useTranslate();
  const [overrides, setOverrides] = useState<{ source: PolicySource | null } | null>(null);
  const fields = useMemo(() => policyFields(), []);
  const body = useWatch({ name: 'body' }) as unknown;
  return (
    <>
      <ReferenceInput source="regionCode" reference="regions" sort={{ field: 'code', order: 'ASC' }}>
        <AutocompleteInput
          optionText={regionText}
          filterToQuery={(q: string) => ({ q })}
          sx={{ minWidth: 300 }}
        />
      </ReferenceInput>
      <DateInput source="effectiveFrom" minDate={todayShanghai()} />
      <TextInput source="note" multiline fullWidth />
      <StartFromInForce onLoaded={setOverrides} />
      {overrides && (
        <Alert severity="info" sx={{ mb: 2, width: '100%' }}>
          {t('policy.starting_from')}
          <SourceText source={overrides.source} />
        </Alert>
      )}
      {body ? <PolicyBodyInputs fields={fields} source="body" /> : null}
      <Preview />
    </>
  );
};

export const PolicyCreate = () => (
  <Create redirect="show">
    <SimpleForm resolver={resolver} defaultValues={{ effectiveFrom: todayShanghai() }}>
      <PolicyFormBody />
    </SimpleForm>
  </Create>
);

/** The version a case is pinned to, for a case's page. */
export const PolicyVersionChip = () => {
  const record = useRecordContext<PolicyRecord>();
  if (!record) return null;
  return <Chip size="small" label={`${record.regionName} 第${record.version}版`} />;
};
