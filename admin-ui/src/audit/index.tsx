import FactCheckIcon from '@mui/icons-material/FactCheck';
import { Alert, Chip, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import {
  Button,
  DataTable,
  DateField,
  List,
  TopToolbar,
  useGetList,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { SHANGHAI } from '../i18n';
import { httpClient } from '../providers/http';

/** One run of the hash-chain verifier (GET /api/audit/verifications). */
interface Verification {
  id: string;
  trigger: 'schedule' | 'admin' | 'cli';
  startedAt: string;
  ok: boolean;
  chainsChecked: number;
  rowsChecked: number;
  breaks: {
    chain: 'audit_log' | 'case_events';
    caseId?: string;
    rowId: number | null;
    seq?: number;
    reason: string;
  }[];
  acknowledgedAt: string | null;
}

const RESOURCE = 'audit/verifications';

/** Runs the verifier now (POST /api/audit/verifications) and says what it found. */
const RunButton = () => {
  const t = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const { json } = await httpClient(`/api/${RESOURCE}`, { method: 'POST' });
      const v = json as Verification;
      notify(v.ok ? 'audit.ran_ok' : 'audit.ran_broken', {
        type: v.ok ? 'success' : 'error',
        messageArgs: { chains: v.chainsChecked, count: v.breaks.length },
      });
      refresh();
    } catch (err) {
      notify((err as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button label={t('audit.run')} onClick={() => void run()} disabled={busy} startIcon={<FactCheckIcon />} />
  );
};

const AcknowledgeButton = () => {
  const record = useRecordContext<Verification>();
  const t = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  if (!record || record.ok) return null;
  if (record.acknowledgedAt) return <Chip size="small" label={t('audit.acknowledged')} />;
  const acknowledge = async () => {
    try {
      await httpClient(`/api/${RESOURCE}/${record.id}/acknowledge`, { method: 'POST' });
      refresh();
    } catch (err) {
      notify((err as Error).message, { type: 'error' });
    }
  };
  return <Button label={t('audit.acknowledge')} color="error" onClick={() => void acknowledge()} />;
};

const ResultField = () => {
  const record = useRecordContext<Verification>();
  const t = useTranslate();
  if (!record) return null;
  return (
    <Chip
      size="small"
      color={record.ok ? 'success' : 'error'}
      label={t(record.ok ? 'audit.ok' : 'audit.broken')}
    />
  );
};

/** Each broken chain's first bad row, as the verifier named it. */
const BreaksField = () => {
  const record = useRecordContext<Verification>();
  const t = useTranslate();
  if (!record) return null;
  if (record.breaks.length === 0) return <>{t('audit.none')}</>;
  return (
    <Stack spacing={0.5}>
      {record.breaks.map((b, i) => (
        <Typography key={i} variant="body2">
          {b.chain === 'audit_log'
            ? t('audit.break_audit', { rowId: b.rowId ?? '-', reason: b.reason })
            : t('audit.break_event', { caseId: b.caseId, seq: b.seq, reason: b.reason })}
        </Typography>
      ))}
    </Stack>
  );
};

/** Failed runs nobody has acknowledged yet: the alert administrators must see first. */
const OpenAlerts = () => {
  const t = useTranslate();
  const { total } = useGetList(RESOURCE, { filter: { alerts: true }, pagination: { page: 1, perPage: 1 } });
  if (!total) return null;
  return (
    <Alert severity="error" sx={{ mb: 1 }} role="alert">
      {t('audit.alert')} {t('audit.open_alerts', { count: total })}
    </Alert>
  );
};

/**
 * 审计校验 (administrators): the runs of the hash-chain verifier — nightly by the Temporal Schedule, on demand here
 * or from `npm run audit:verify` — with each broken chain's first bad row, and the failed runs still to acknowledge.
 */
export const AuditVerificationList = () => {
  const t = useTranslate();
  return (
    <>
      <OpenAlerts />
      <List
        resource={RESOURCE}
        actions={
          <TopToolbar>
            <RunButton />
          </TopToolbar>
        }
        sort={{ field: 'startedAt', order: 'DESC' }}
        exporter={false}
      >
        <DataTable bulkActionButtons={false} rowClick={false}>
          <DataTable.Col source="startedAt">
            <DateField
              source="startedAt"
              showTime
              options={{ ...SHANGHAI, dateStyle: 'short', timeStyle: 'medium' }}
            />
          </DataTable.Col>
          <DataTable.Col source="trigger" render={(r: Verification) => t(`audit.trigger.${r.trigger}`)} />
          <DataTable.Col source="ok">
            <ResultField />
          </DataTable.Col>
          <DataTable.NumberCol source="chainsChecked" />
          <DataTable.NumberCol source="rowsChecked" />
          <DataTable.Col source="breaks">
            <BreaksField />
          </DataTable.Col>
          <DataTable.Col source="acknowledgedAt">
            <AcknowledgeButton />
          </DataTable.Col>
        </DataTable>
      </List>
    </>
  );
};

export default { list: AuditVerificationList, icon: FactCheckIcon };
