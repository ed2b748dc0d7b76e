import {
  Alert,
  Box,
  Button as MuiButton,
  Card,
  CardContent,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import {
  BooleanInput,
  CheckboxGroupInput,
  Create,
  CreateButton,
  DataTable,
  Edit,
  HttpError,
  Link,
  List,
  SelectInput,
  Show,
  SimpleForm,
  SimpleShowLayout,
  TextField,
  TextInput,
  TopToolbar,
  required,
  useGetList,
  useNotify,
  useRecordContext,
  useRedirect,
  useTranslate,
  type CreateProps,
} from 'react-admin';
import { useFormContext, useWatch } from 'react-hook-form';
import { documentKinds, documentKindSpecs } from '../../../domain/documents/kinds';
import { notificationKinds } from '../../../domain/notifications';
import { DateInput } from '../common/forms';
import { formatDate, formatDateTime } from '../common/format';
import { httpClient } from '../providers/http';
import { ResponsiveDataTable } from '../common/responsive';

const kindChoices = documentKinds
  .filter((k) => k !== 'monthly_bulletin')
  .map((k) => ({ id: k, name: documentKindSpecs[k].name }));
const kindName = (k: string) => documentKindSpecs[k as keyof typeof documentKindSpecs]?.name ?? k;

interface KindInfo {
  id: string;
  name: string;
  variables: Record<string, string>;
  defaultTemplate: Record<string, string>;
}
const useKinds = () =>
  useQuery({
    queryKey: ['document-kinds'],
    queryFn: async () => (await httpClient('/api/document-kinds')).json as KindInfo[],
    staleTime: Infinity,
  });

// ---------- 公文模板 ----------

/** The rows as the lists read them (cards on a phone). */
interface TemplateRow {
  id: string;
  kind: string;
  regionCode: string | null;
  version: number;
  effectiveFrom: string;
  body?: { title?: string };
  createdAt: string;
}
interface AuthorityRow {
  id: string;
  regionCode: string;
  name: string;
  abbreviation: string;
  active: boolean;
}
interface WebhookRow {
  id: string;
  name: string;
  url: string;
  regionCode: string | null;
  active: boolean;
}

export const TemplateList = () => (
  <List
    sort={{ field: 'createdAt', order: 'DESC' }}
    filters={[<SelectInput key="kind" source="kind" choices={kindChoices} alwaysOn />]}
    exporter={false}
    actions={
      <TopToolbar>
        <CreateButton />
      </TopToolbar>
    }
  >
    <ResponsiveDataTable<TemplateRow>
      bulkActionButtons={false}
      rowClick="show"
      card={{
        overline: (r) => `${r.regionCode ?? ''} · v${r.version} · ${formatDate(r.effectiveFrom)}`,
        title: (r) => kindName(r.kind),
        lines: (r) => [r.body?.title ?? ''],
      }}
    >
      <DataTable.Col source="kind" render={(r: { kind: string }) => kindName(r.kind)} />
      <DataTable.Col source="regionCode" />
      <DataTable.Col source="version" />
      <DataTable.Col
        source="effectiveFrom"
        render={(r: { effectiveFrom: string }) => formatDate(r.effectiveFrom)}
      />
      <DataTable.Col source="body.title" />
      <DataTable.Col source="createdAt" render={(r: { createdAt: string }) => formatDateTime(r.createdAt)} />
    </ResponsiveDataTable>
  </List>
);

/** The first page as it would be issued, with sample data, laid out by the same engine (SVG from the API). */
const Preview = () => {
  const t = useTranslate();
  const notify = useNotify();
  const { setError, clearErrors } = useFormContext();
  const kind = useWatch({ name: 'kind' }) as string | undefined;
  const body = useWatch({ name: 'body' }) as Record<string, string> | undefined;
  const [svg, setSvg] = useState<string | null>(null);
  const run = async () => {
    clearErrors();
    try {
      const { json } = await httpClient('/api/document-templates/preview', {
        method: 'POST',
        body: JSON.stringify({ kind, body: body ?? {} }),
      });
      const out = json as { svg: string };
      setSvg(`data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(out.svg)))}`);
    } catch (err) {
      const fields =
        err instanceof HttpError ? (err.body as { errors?: Record<string, string> })?.errors : undefined;
      for (const [f, m] of Object.entries(fields ?? {})) setError(f, { type: 'server', message: m });
      notify((err as Error).message, { type: 'error' });
    }
  };
  return (
    <Box sx={{ width: '100%' }}>
      <MuiButton variant="outlined" onClick={() => void run()} disabled={!kind}>
        {t('official_documents.preview')}
      </MuiButton>
      {svg && (
        <Box sx={{ mt: 2 }}>
          <Typography variant="subtitle2">{t('official_documents.preview_title')}</Typography>
          <Box
            component="img"
            src={svg}
            alt={t('official_documents.preview_alt')}
            data-testid="template-preview"
            sx={{ width: '100%', maxWidth: 595, border: 1, borderColor: 'divider', bgcolor: '#fff' }}
          />
        </Box>
      )}
    </Box>
  );
};

/** The placeholders the kind's template may use, and a way to start from the built-in words. */
const Variables = () => {
  const t = useTranslate();
  const { data } = useKinds();
  const { setValue } = useFormContext();
  const kind = useWatch({ name: 'kind' }) as string | undefined;
  const info = data?.find((k) => k.id === kind);
  if (!info) return null;
  return (
    <Alert severity="info" sx={{ width: '100%' }}>
      <Typography variant="subtitle2">{t('official_documents.variables')}</Typography>
      <Typography variant="body2" component="div" sx={{ overflowWrap: 'anywhere' }}>
        {Object.entries(info.variables)
          .map(([k, v]) => `{{${k}}} ${v}`)
          .join('；')}
      </Typography>
      <MuiButton
        size="small"
        sx={{ mt: 1 }}
        onClick={() => {
          for (const [f, v] of Object.entries(info.defaultTemplate))
            setValue(`body.${f}`, v, { shouldDirty: true });
        }}
      >
        {t('official_documents.from_default')}
      </MuiButton>
    </Alert>
  );
};

export const TemplateCreate = (props: CreateProps) => (
  <Create {...props} redirect="show">
    <SimpleForm>
      <SelectInput source="kind" choices={kindChoices} validate={required()} />
      <TextInput source="regionCode" validate={required()} />
      <DateInput source="effectiveFrom" isRequired />
      <Variables />
      <TextInput source="body.title" validate={required()} fullWidth />
      <TextInput source="body.addressee" fullWidth />
      <TextInput source="body.body" validate={required()} multiline minRows={8} fullWidth />
      <TextInput source="body.attachments" multiline fullWidth />
      <TextInput source="body.note" fullWidth />
      <TextInput source="body.cc" fullWidth />
      <TextInput source="note" fullWidth />
      <Preview />
    </SimpleForm>
  </Create>
);

/** The versions of this template's kind in its region, newest first; the one shown is marked. */
const Versions = () => {
  const t = useTranslate();
  const r = useRecordContext<{ id: string; kind: string; regionCode: string }>();
  const { data } = useGetList<{ id: string; version: number; effectiveFrom: string; note: string | null }>(
    'document-templates',
    {
      filter: r ? { kind: r.kind, regionCode: r.regionCode } : {},
      sort: { field: 'version', order: 'DESC' },
    },
    { enabled: !!r },
  );
  if (!r) return null;
  return (
    <Box sx={{ width: '100%' }} data-testid="template-versions">
      <Typography variant="subtitle2">{t('official_documents.versions')}</Typography>
      <Box component="ul" sx={{ pl: 2, my: 0.5 }}>
        {(data ?? []).map((v) => (
          <li key={v.id}>
            {v.id === r.id ? (
              <strong>{t('official_documents.version', { version: v.version })}</strong>
            ) : (
              <Link to={`/document-templates/${v.id}/show`}>
                {t('official_documents.version', { version: v.version })}
              </Link>
            )}
            {` · ${formatDate(v.effectiveFrom)}${v.note ? ` · ${v.note}` : ''}`}
          </li>
        ))}
      </Box>
    </Box>
  );
};

export const TemplateShow = () => (
  <Show>
    <SimpleShowLayout>
      <TextField source="kind" />
      <TextField source="regionCode" />
      <TextField source="version" />
      <TextField source="effectiveFrom" />
      <TextField source="body.title" />
      <TextField source="body.addressee" emptyText="—" />
      <TextField source="body.body" sx={{ whiteSpace: 'pre-wrap' }} />
      <TextField source="body.cc" emptyText="—" />
      <TextField source="note" emptyText="—" />
      <Versions />
    </SimpleShowLayout>
  </Show>
);

// ---------- 发文机关 ----------

export const AuthorityList = () => (
  <List exporter={false} pagination={false}>
    <ResponsiveDataTable<AuthorityRow>
      bulkActionButtons={false}
      rowClick="edit"
      card={{
        overline: (r) => r.regionCode,
        title: (r) => r.name,
        lines: (r) => [`${r.abbreviation}${r.active ? '' : ' · —'}`],
      }}
    >
      <DataTable.Col source="regionCode" />
      <DataTable.Col source="name" />
      <DataTable.Col source="abbreviation" />
      <DataTable.Col source="active" render={(r: { active: boolean }) => (r.active ? '✓' : '—')} />
    </ResponsiveDataTable>
  </List>
);

const AuthorityForm = () => (
  <SimpleForm>
    <TextInput source="regionCode" validate={required()} />
    <TextInput source="name" validate={required()} fullWidth />
    <TextInput source="mark" validate={required()} fullWidth />
    <TextInput
      source="abbreviation"
      validate={required()}
      helperText="official_documents.abbreviation_help"
    />
    <BooleanInput source="active" defaultValue />
  </SimpleForm>
);
export const AuthorityCreate = () => (
  <Create redirect="list">
    <AuthorityForm />
  </Create>
);
export const AuthorityEdit = () => (
  <Edit mutationMode="pessimistic" redirect="list">
    <AuthorityForm />
  </Edit>
);

// ---------- 数据推送 ----------

const notificationChoices = (t: (k: string) => string) =>
  Object.keys(notificationKinds).map((k) => ({ id: k, name: t(`notifications.kind.${k}`) }));

export const WebhookList = () => (
  <List exporter={false} pagination={false}>
    <ResponsiveDataTable<WebhookRow>
      bulkActionButtons={false}
      rowClick="edit"
      card={{
        title: (r) => r.name,
        lines: (r) => [r.url, r.regionCode ?? ''],
      }}
    >
      <DataTable.Col source="name" />
      <DataTable.Col source="url" />
      <DataTable.Col source="regionCode" />
      <DataTable.Col source="active" render={(r: { active: boolean }) => (r.active ? '✓' : '—')} />
    </ResponsiveDataTable>
  </List>
);

const WebhookForm = () => {
  const t = useTranslate();
  return (
    <SimpleForm>
      <TextInput source="name" validate={required()} fullWidth />
      <TextInput source="url" validate={required()} fullWidth />
      <CheckboxGroupInput source="kinds" choices={notificationChoices(t)} />
      <TextInput source="regionCode" parse={(v: string) => (v ? v : null)} />
      <BooleanInput source="active" defaultValue />
    </SimpleForm>
  );
};

/** The secret is shown once, when the subscription is made: the receiving system keeps it, we never show it again. */
export const WebhookCreate = () => {
  const t = useTranslate();
  const redirect = useRedirect();
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <>
      <Create
        mutationOptions={{ onSuccess: (d) => setSecret(String((d as { secret?: string }).secret ?? '')) }}
      >
        <WebhookForm />
      </Create>
      <Dialog open={secret !== null}>
        <DialogTitle>{t('official_documents.secret_title')}</DialogTitle>
        <DialogContent>
          <Card variant="outlined">
            <CardContent>
              <Typography variant="body2">{t('official_documents.secret_once')}</Typography>
              <Typography
                sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }}
                data-testid="webhook-secret"
              >
                {secret}
              </Typography>
            </CardContent>
          </Card>
        </DialogContent>
        <DialogActions>
          <MuiButton onClick={() => redirect('list', 'webhook-subscriptions')}>
            {t('ra.action.close')}
          </MuiButton>
        </DialogActions>
      </Dialog>
    </>
  );
};
export const WebhookEdit = () => (
  <Edit mutationMode="pessimistic" redirect="list">
    <WebhookForm />
  </Edit>
);
