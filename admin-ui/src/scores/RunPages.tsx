import CalculateIcon from '@mui/icons-material/Calculate';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  LinearProgress,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import {
  CreateButton,
  Loading,
  Title,
  usePermissions,
  useResourceDefinition,
  useTranslate,
  useNotify,
} from 'react-admin';
import type { Role } from '../../../domain/roles';
import {
  DEFAULT_SCORE_SCHEME,
  describeRule,
  schemeSections,
  type ScoreScheme,
} from '../../../domain/scores/scheme';
import { indicators, type IndicatorCode } from '../../../domain/scores/indicators';
import { formatDate, formatDateTime } from '../common/format';
import { useIsPhone } from '../common/responsive';
import { httpClient } from '../providers/http';
import {
  ErrorNote,
  Heading,
  PageBox,
  Picker,
  RunStatusChip,
  ScoreDialog,
  SimpleTable,
  errorOf,
  pts,
  useApi,
  useApiList,
  useRootMonth,
} from './common';

interface RunRow {
  id: string;
  rootCode: string;
  rootPath: string;
  month: string;
  kind: 'provisional' | 'final';
  status: 'computed' | 'published' | 'superseded';
  schemeVersion: number;
  inputsHash: string;
  unitCount: number;
  trigger: 'schedule' | 'request';
  computedAt: string;
  publishedAt: string | null;
  supersedeReason: string | null;
  recomputesRunId: string | null;
}

interface Diff {
  unchanged: number;
  truncated: boolean;
  changed: {
    level: string;
    unitId: string;
    name: string;
    change: 'added' | 'removed' | 'changed';
    before: { total: number; rank: number } | null;
    after: { total: number; rank: number } | null;
    points: { indicator: string; before: number; after: number }[];
    facts: { fact: string; before: number; after: number }[];
  }[];
}

const thisMonth = () => formatDate(new Date()).slice(0, 7);
const lastMonth = () => {
  const [y, m] = thisMonth().split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

/** 计算考核结果: the running month (provisional) or one that has ended, for a jurisdiction in scope. */
const ComputeDialog = ({ onClose }: { onClose: () => void }) => {
  const t = useTranslate();
  const notify = useNotify();
  const qc = useQueryClient();
  const rm = useRootMonth();
  const [month, setMonth] = useState(thisMonth());
  const submit = async () => {
    const res = await httpClient('/api/scores/runs', {
      method: 'POST',
      body: JSON.stringify({ rootCode: rm.root?.code, month }),
      headers: new Headers({ 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() }),
    });
    const out = res.json as { state?: string; run?: RunRow; unchanged?: boolean };
    if (res.status === 202) notify('scores.runs.running', { type: 'info' });
    else
      notify(out.unchanged ? 'scores.runs.unchanged' : 'scores.runs.computed', {
        type: 'success',
        messageArgs: { units: out.run?.unitCount ?? 0 },
      });
    await qc.invalidateQueries();
    onClose();
  };
  return (
    <ScoreDialog
      title={t('scores.runs.compute_title')}
      submitLabel="scores.runs.compute"
      onSubmit={submit}
      onClose={onClose}
      disabled={!rm.root}
      progress
      maxWidth="xs"
    >
      <Picker
        label={t('scores.root')}
        value={rm.root?.code}
        options={rm.roots.map((r) => ({ value: r.code, label: r.name }))}
        onChange={rm.setRootCode}
      />
      <Picker
        label={t('scores.month')}
        value={month}
        options={[thisMonth(), lastMonth(), ...rm.months]
          .filter((m, i, a) => a.indexOf(m) === i)
          .map((m) => ({
            value: m,
            label: m === thisMonth() ? `${m}（${t('scores.run_kind.provisional')}）` : m,
          }))}
        onChange={setMonth}
      />
      <Typography variant="body2" color="text.secondary">
        {t('scores.runs.compute_hint')}
      </Typography>
    </ScoreDialog>
  );
};

/** 发布: freezes a final run (a correction of a published month needs its reason). */
const PublishDialog = ({
  run,
  needsReason,
  onClose,
}: {
  run: RunRow;
  needsReason: boolean;
  onClose: () => void;
}) => {
  const t = useTranslate();
  const notify = useNotify();
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const submit = async () => {
    const { json } = await httpClient(`/api/scores/runs/${run.id}/publish`, {
      method: 'POST',
      body: JSON.stringify(reason.trim() ? { supersedeReason: reason.trim() } : {}),
      headers: new Headers({ 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() }),
    });
    notify('scores.runs.published', {
      type: 'success',
      messageArgs: { count: (json as { followUps: number }).followUps },
    });
    await qc.invalidateQueries();
    onClose();
  };
  return (
    <ScoreDialog
      title={t('scores.runs.publish_title', { month: run.month })}
      submitLabel="scores.runs.publish"
      onSubmit={submit}
      onClose={onClose}
    >
      <Typography variant="body2">{t('scores.runs.publish_hint')}</Typography>
      {needsReason && (
        <TextField
          label={t('scores.runs.reason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          multiline
          minRows={2}
          required
        />
      )}
    </ScoreDialog>
  );
};

const DiffTable = ({ diff, month }: { diff: Diff; month: string }) => {
  const t = useTranslate();
  const indicatorName = (c: string) => indicators[c as IndicatorCode]?.name ?? c;
  if (diff.changed.length === 0)
    return <Alert severity="success">{t('scores.runs.diff_none', { count: diff.unchanged })}</Alert>;
  return (
    <Box>
      <Typography variant="body2" sx={{ mb: 1 }}>
        {t('scores.runs.diff_unchanged', { count: diff.unchanged })}
        {diff.truncated ? ` ${t('scores.runs.diff_truncated')}` : ''}
      </Typography>
      <SimpleTable
        caption={t('scores.runs.diff_title', { month })}
        head={[
          t('scores.unit_name'),
          t('scores.level'),
          t('scores.runs.change_kind'),
          t('scores.runs.before'),
          t('scores.runs.after'),
          t('scores.runs.moved_points'),
        ]}
        rows={diff.changed.map((c) => [
          c.name,
          t(`scores.levels.${c.level}`),
          t(`scores.runs.change.${c.change}`),
          c.before ? `${pts(c.before.total)}（${t('scores.rank_n', { rank: c.before.rank })}）` : '—',
          c.after ? `${pts(c.after.total)}（${t('scores.rank_n', { rank: c.after.rank })}）` : '—',
          c.points
            .map((p) => `${indicatorName(p.indicator)}：${pts(p.before)} → ${pts(p.after)}`)
            .join('；') || '—',
        ])}
      />
    </Box>
  );
};

/**
 * 重新计算对比: computes the month again from today's records and shows what would change against the month's run;
 * the published result is not touched (the new run waits, unpublished, for a correction with its reason).
 */
const RecomputeDialog = ({ run, onClose }: { run: RunRow; onClose: () => void }) => {
  const t = useTranslate();
  const qc = useQueryClient();
  const [out, setOut] = useState<{ unchanged: boolean; diff: Diff | null; running?: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stale = false;
    httpClient('/api/scores/runs', {
      method: 'POST',
      body: JSON.stringify({ rootCode: run.rootCode, month: run.month }),
      headers: new Headers({ 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() }),
    })
      .then(async (res) => {
        if (stale) return;
        const j = res.json as { unchanged?: boolean; diff?: Diff | null };
        setOut(
          res.status === 202
            ? { unchanged: false, diff: null, running: true }
            : { unchanged: !!j.unchanged, diff: j.diff ?? null },
        );
        await qc.invalidateQueries();
      })
      .catch((err: unknown) => !stale && setError(errorOf(err)));
    return () => {
      stale = true;
    };
  }, [run, qc]);
  return (
    <ScoreDialog title={t('scores.runs.diff_title', { month: run.month })} onClose={onClose} maxWidth="lg">
      {error && <Alert severity="error">{error}</Alert>}
      {!out && !error && <LinearProgress aria-label={t('ra.page.loading')} />}
      {out?.running && <Alert severity="info">{t('scores.runs.running')}</Alert>}
      {out && !out.running && (out.unchanged || !out.diff) && (
        <Alert severity="success">{t('scores.runs.unchanged')}</Alert>
      )}
      {out?.diff && !out.unchanged && <DiffTable diff={out.diff} month={run.month} />}
    </ScoreDialog>
  );
};

/** What a recomputation changed against the run it recomputed. */
const DiffDialog = ({ run, onClose }: { run: RunRow; onClose: () => void }) => {
  const t = useTranslate();
  const d = useApi<Diff>(`/api/scores/runs/${run.id}/diff`);
  return (
    <ScoreDialog title={t('scores.runs.diff_title', { month: run.month })} onClose={onClose} maxWidth="lg">
      <ErrorNote error={d.error} />
      {d.isPending && <LinearProgress aria-label={t('ra.page.loading')} />}
      {d.data && <DiffTable diff={d.data} month={run.month} />}
    </ScoreDialog>
  );
};

/**
 * 月度考核: the runs of a jurisdiction, newest month first — computed by the monthly Schedule or on request, published
 * and frozen, superseded by a correction — with compute, publish and the diff of a recomputation.
 */
export const RunList = () => {
  const t = useTranslate();
  const phone = useIsPhone();
  const { permissions } = usePermissions<Role>();
  const rm = useRootMonth();
  const [computing, setComputing] = useState(false);
  const [publishing, setPublishing] = useState<RunRow | null>(null);
  const [diffing, setDiffing] = useState<RunRow | null>(null);
  const [recomputing, setRecomputing] = useState<RunRow | null>(null);
  const list = useApiList<RunRow>(rm.root ? 'scores/runs' : null, { rootCode: rm.root?.code }, 0, 100);
  const rows = list.data?.rows ?? [];
  const publishedMonths = new Set(rows.filter((r) => r.status === 'published').map((r) => r.month));
  const mayCompute = permissions === 'admin' || permissions === 'supervisor' || permissions === 'leader';
  if (rm.loading) return <Loading />;
  const actions = (r: RunRow) => (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {r.status === 'computed' && r.kind === 'final' && mayCompute && (
        <Button size="small" variant="outlined" onClick={() => setPublishing(r)}>
          {t('scores.runs.publish')}
        </Button>
      )}
      {r.kind === 'final' && r.status === 'published' && mayCompute && (
        <Button size="small" onClick={() => setRecomputing(r)}>
          {t('scores.runs.diff')}
        </Button>
      )}
      {r.recomputesRunId && (
        <Button size="small" onClick={() => setDiffing(r)}>
          {t('scores.runs.show_diff')}
        </Button>
      )}
    </Stack>
  );
  return (
    <PageBox>
      <Title title={t('resources.scores/runs.name', { smart_count: 2 })} />
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center', my: 1 }}>
        <Picker
          label={t('scores.root')}
          value={rm.root?.code}
          options={rm.roots.map((r) => ({ value: r.code, label: r.name }))}
          onChange={rm.setRootCode}
          minWidth={200}
        />
        {mayCompute && (
          <Button variant="contained" startIcon={<CalculateIcon />} onClick={() => setComputing(true)}>
            {t('scores.runs.compute')}
          </Button>
        )}
      </Stack>
      <ErrorNote error={list.error} />
      {list.isPending && rm.root && <LinearProgress aria-label={t('ra.page.loading')} />}
      {!list.isPending && rows.length === 0 && <Alert severity="info">{t('scores.no_scores')}</Alert>}
      {phone ? (
        <Stack spacing={1}>
          {rows.map((r) => (
            <Card key={r.id} variant="outlined">
              <CardContent sx={{ py: 1 }}>
                <Typography variant="subtitle1" component="h3">
                  {r.month}
                </Typography>
                <RunStatusChip status={r.status} kind={r.kind} />
                <Typography variant="body2">
                  {t('scores.runs.fields.unitCount')} {r.unitCount} · {t('scores.runs.fields.computedAt')}{' '}
                  {formatDateTime(r.computedAt)}
                </Typography>
                {actions(r)}
              </CardContent>
            </Card>
          ))}
        </Stack>
      ) : (
        <SimpleTable
          caption={t('resources.scores/runs.name', { smart_count: 2 })}
          head={[
            t('scores.runs.fields.month'),
            t('scores.runs.fields.status'),
            t('scores.runs.fields.schemeVersion'),
            t('scores.runs.fields.unitCount'),
            t('scores.runs.fields.trigger'),
            t('scores.runs.fields.computedAt'),
            t('scores.runs.fields.publishedAt'),
            t('scores.runs.fields.inputsHash'),
            '',
          ]}
          rows={rows.map((r) => [
            r.month,
            <RunStatusChip key="s" status={r.status} kind={r.kind} />,
            r.schemeVersion === 0 ? t('scores.runs.default_scheme') : r.schemeVersion,
            r.unitCount,
            t(`scores.trigger.${r.trigger}`),
            formatDateTime(r.computedAt),
            formatDateTime(r.publishedAt),
            <Box key="h" component="code" title={r.inputsHash} sx={{ fontSize: 12 }}>
              {r.inputsHash.slice(0, 12)}
            </Box>,
            actions(r),
          ])}
        />
      )}
      {computing && <ComputeDialog onClose={() => setComputing(false)} />}
      {publishing && (
        <PublishDialog
          run={publishing}
          needsReason={publishedMonths.has(publishing.month)}
          onClose={() => setPublishing(null)}
        />
      )}
      {diffing && <DiffDialog run={diffing} onClose={() => setDiffing(null)} />}
      {recomputing && <RecomputeDialog run={recomputing} onClose={() => setRecomputing(null)} />}
    </PageBox>
  );
};

interface SchemeRow {
  id: string;
  regionCode: string;
  regionName: string;
  version: number;
  effectiveFrom: string;
  name: string;
  note: string | null;
  body: ScoreScheme;
  createdAt: string;
}

/** A scheme's content: the award bar, the enterprise classes, and each kind of unit's indicators, weights and rules. */
const SchemeBody = ({ scheme }: { scheme: ScoreScheme }) => {
  const t = useTranslate();
  return (
    <Box>
      <Typography variant="body2">
        {t('scores.schemes.award_bar')}：{scheme.awardBar} · {t('scores.schemes.follow_up_days')}：
        {scheme.followUpWithinDays}
      </Typography>
      <Typography variant="body2">
        {t('scores.schemes.classes')}：
        {scheme.classes.map((c) => `${c.name}（${t('scores.schemes.from', { from: c.from })}）`).join('、')}
      </Typography>
      {schemeSections.map((s) => (
        <Box key={s}>
          <Heading>{t(`scores.schemes.sections.${s}`)}</Heading>
          <SimpleTable
            caption={t(`scores.schemes.sections.${s}`)}
            head={[t('scores.schemes.indicator'), t('scores.schemes.weight'), t('scores.schemes.rule')]}
            rows={scheme.sections[s].map((it) => [
              indicators[it.indicator].name,
              it.weight,
              it.weight > 0 ? describeRule(it) : t('scores.schemes.shown_only'),
            ])}
          />
        </Box>
      ))}
    </Box>
  );
};

/**
 * 考核办法: the scheme versions per jurisdiction (each shown whole), or the built-in default when a jurisdiction has
 * made none. Administrators create versions with the form of SchemePages (POST /scores/schemes).
 */
export const SchemeList = () => {
  const t = useTranslate();
  const list = useApiList<SchemeRow>('scores/schemes', {}, 0, 100);
  const [open, setOpen] = useState<string | null>(null);
  const rows = list.data?.rows ?? [];
  const chosen = rows.find((r) => r.id === open);
  const { hasCreate } = useResourceDefinition();
  return (
    <PageBox>
      <Title title={t('resources.scores/schemes.name', { smart_count: 2 })} />
      {hasCreate && <CreateButton label="scores.schemes.form.create" />}
      <ErrorNote error={list.error} />
      {list.isPending && <LinearProgress aria-label={t('ra.page.loading')} />}
      {rows.length > 0 && (
        <>
          <Heading>{t('scores.schemes.versions')}</Heading>
          <SimpleTable
            caption={t('scores.schemes.versions')}
            head={[
              t('scores.schemes.fields.regionName'),
              t('scores.schemes.fields.version'),
              t('scores.schemes.fields.name'),
              t('scores.schemes.fields.effectiveFrom'),
              t('scores.schemes.fields.createdAt'),
              '',
            ]}
            rows={rows.map((r) => [
              r.regionName,
              r.version,
              r.name,
              r.effectiveFrom,
              formatDate(r.createdAt),
              <Button key="v" size="small" onClick={() => setOpen(r.id)}>
                {t('ra.action.show')}
              </Button>,
            ])}
          />
        </>
      )}
      {chosen ? (
        <Card variant="outlined" sx={{ mt: 2 }}>
          <CardContent>
            <Typography variant="h6" component="h2">
              {chosen.regionName} · {chosen.name}
            </Typography>
            {chosen.note && <Typography variant="body2">{chosen.note}</Typography>}
            <SchemeBody scheme={chosen.body} />
          </CardContent>
        </Card>
      ) : (
        !list.isPending && (
          <Card variant="outlined" sx={{ mt: 2 }}>
            <CardContent>
              <Typography variant="h6" component="h2">
                {t('scores.schemes.default')}
              </Typography>
              {rows.length === 0 && (
                <Typography variant="body2">{t('scores.schemes.default_note')}</Typography>
              )}
              <Typography variant="body2">{DEFAULT_SCORE_SCHEME.name}</Typography>
              <SchemeBody scheme={DEFAULT_SCORE_SCHEME} />
            </CardContent>
          </Card>
        )
      )}
    </PageBox>
  );
};
