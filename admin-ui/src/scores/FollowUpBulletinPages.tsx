import { useIndustries } from '../industries/useIndustries';
import DownloadIcon from '@mui/icons-material/Download';
import NoteAddIcon from '@mui/icons-material/NoteAdd';
import {
  Alert,
  Box,
  Button,
  Card,
  CardActionArea,
  CardContent,
  Chip,
  LinearProgress,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import {
  Link,
  Loading,
  Title,
  useCreatePath,
  useGetIdentity,
  useNavigate,
  useNotify,
  useParams,
  usePermissions,
  useTranslate,
} from 'react-admin';
import type { Role } from '../../../domain/roles';
import { formatDate, formatDateTime } from '../common/format';
import { useIsPhone } from '../common/responsive';
import { httpClient } from '../providers/http';
import {
  ErrorNote,
  Heading,
  PageBox,
  Picker,
  ScoreDialog,
  SimpleTable,
  errorOf,
  pts,
  useApi,
  useApiList,
  useChangeText,
  useRankChange,
  useRootMonth,
} from './common';
import { useUnitPath } from './RankingPages';

const jsonHeaders = (idempotent = false) =>
  new Headers({
    'Content-Type': 'application/json',
    ...(idempotent ? { 'Idempotency-Key': crypto.randomUUID() } : {}),
  });

interface FollowUp {
  id: string;
  runId: string;
  month: string;
  enterpriseId: string;
  enterpriseName: string;
  regionPath: string;
  industryCategory: string;
  total: number;
  className: string;
  streak: number;
  dueOn: string;
  status: 'open' | 'done';
  method: string | null;
  note: string | null;
  doneAt: string | null;
}

const METHODS = ['phone', 'visit', 'interview', 'notice', 'enforcement', 'other'] as const;

const FollowUpDialog = ({ f, onClose }: { f: FollowUp; onClose: () => void }) => {
  const t = useTranslate();
  const notify = useNotify();
  const qc = useQueryClient();
  const [method, setMethod] = useState<(typeof METHODS)[number]>('visit');
  const [note, setNote] = useState('');
  const submit = async () => {
    await httpClient(`/api/scores/follow-ups/${f.id}/done`, {
      method: 'POST',
      body: JSON.stringify({ method, note }),
      headers: jsonHeaders(true),
    });
    notify('scores.follow_ups.done', { type: 'success' });
    await qc.invalidateQueries();
    onClose();
  };
  return (
    <ScoreDialog
      title={
        <>
          {t('scores.follow_ups.record')} · {f.enterpriseName}
        </>
      }
      submitLabel="ra.action.save"
      onSubmit={submit}
      onClose={onClose}
    >
      <Picker
        label={t('scores.follow_ups.method')}
        value={method}
        options={METHODS.map((m) => ({ value: m, label: t(`scores.follow_ups.methods.${m}`) }))}
        onChange={setMethod}
      />
      <TextField
        label={t('scores.follow_ups.note')}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        multiline
        minRows={3}
        required
      />
    </ScoreDialog>
  );
};

/**
 * 四类水平企业: the enterprises in the follow-up class of published months with their follow-up tasks (open first);
 * a supervisor records how one was followed up. Each opens its score, down to the records counted.
 */
export const FollowUpList = () => {
  const t = useTranslate();
  const industryName = useIndustries().name;
  const phone = useIsPhone();
  const { permissions } = usePermissions<Role>();
  const [status, setStatus] = useState<'open' | 'done' | 'all'>('open');
  const [recording, setRecording] = useState<FollowUp | null>(null);
  const unitPath = useUnitPath();
  const list = useApiList<FollowUp>('scores/follow-ups', status === 'all' ? {} : { status }, 0, 200);
  const rows = list.data?.rows ?? [];
  const mayRecord = permissions === 'supervisor' || permissions === 'admin';
  const statusChip = (f: FollowUp) => (
    <Chip
      size="small"
      color={f.status === 'open' ? 'error' : 'success'}
      label={t(`scores.follow_ups.status.${f.status}`)}
    />
  );
  const action = (f: FollowUp) =>
    f.status === 'open' && mayRecord ? (
      <Button size="small" variant="outlined" onClick={() => setRecording(f)}>
        {t('scores.follow_ups.record')}
      </Button>
    ) : f.method ? (
      `${t(`scores.follow_ups.methods.${f.method}`)}：${f.note ?? ''}`
    ) : (
      '—'
    );
  const toUnit = (f: FollowUp) => unitPath({ runId: f.runId, level: 'enterprise', unitId: f.enterpriseId });
  return (
    <PageBox>
      <Title title={t('resources.scores/follow-ups.name', { smart_count: 2 })} />
      <Stack direction="row" spacing={1} sx={{ my: 1 }}>
        <Picker
          label={t('scores.follow_ups.show')}
          value={status}
          options={[
            { value: 'open', label: t('scores.follow_ups.status.open') },
            { value: 'done', label: t('scores.follow_ups.status.done') },
            { value: 'all', label: t('scores.unit.counted.all') },
          ]}
          onChange={setStatus}
        />
      </Stack>
      <ErrorNote error={list.error} />
      {list.isPending && <LinearProgress aria-label={t('ra.page.loading')} />}
      {!list.isPending && rows.length === 0 && <Alert severity="info">{t('ra.navigation.no_results')}</Alert>}
      {phone ? (
        <Stack spacing={1}>
          {rows.map((f) => (
            <Card key={f.id} variant="outlined">
              <CardContent sx={{ py: 1 }}>
                <Typography variant="caption" color="text.secondary">
                  {f.month} · {industryName(f.industryCategory)}
                </Typography>
                <Typography variant="subtitle1" component="h3">
                  <Link to={toUnit(f)}>{f.enterpriseName}</Link>
                </Typography>
                <Typography variant="body2">
                  {t('scores.total')} {pts(f.total)} · {f.className} · {t('scores.follow_ups.streak')}{' '}
                  {f.streak} · {t('scores.follow_ups.due')} {f.dueOn}
                </Typography>
                <Box sx={{ mt: 0.5 }}>{statusChip(f)}</Box>
                <Box sx={{ mt: 0.5 }}>{action(f)}</Box>
              </CardContent>
            </Card>
          ))}
        </Stack>
      ) : (
        <SimpleTable
          caption={t('resources.scores/follow-ups.name', { smart_count: 2 })}
          head={[
            t('scores.month'),
            t('scores.follow_ups.enterprise'),
            t('scores.total'),
            t('scores.class'),
            t('scores.follow_ups.streak'),
            t('scores.follow_ups.due'),
            t('scores.runs.fields.status'),
            '',
          ]}
          rows={rows.map((f) => [
            f.month,
            <Link key="e" to={toUnit(f)}>
              {f.enterpriseName}
            </Link>,
            pts(f.total),
            f.className,
            f.streak,
            f.dueOn,
            statusChip(f),
            action(f),
          ])}
        />
      )}
      {recording && <FollowUpDialog f={recording} onClose={() => setRecording(null)} />}
    </PageBox>
  );
};

interface Bulletin {
  id: string;
  regionCode: string;
  regionPath: string;
  month: string;
  runId: string;
  status: 'draft' | 'published';
  title: string;
  addressee: string | null;
  body: string;
  documentId: string | null;
  number: string | null;
  createdAt: string;
  publishedAt: string | null;
}
interface Table {
  type: 'table';
  title?: string;
  columns: string[];
  rows: (string | number)[][];
}
interface Chart {
  type: 'chart';
  title?: string;
  categories: string[];
  series: { name: string; values: number[] }[];
}

const Downloads = ({ b }: { b: Bulletin }) => {
  const t = useTranslate();
  if (!b.documentId) return null;
  return (
    <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
      <Button
        size="small"
        startIcon={<DownloadIcon />}
        href={`/api/official-documents/${b.documentId}/pdf`}
        download
      >
        {t('scores.bulletins.pdf')}
      </Button>
      <Button
        size="small"
        startIcon={<DownloadIcon />}
        href={`/api/official-documents/${b.documentId}/docx`}
        download
      >
        {t('scores.bulletins.docx')}
      </Button>
    </Stack>
  );
};

/**
 * 起草通报: the bulletin of the caller's own region (a 安委办 issues for its own region; an administrator for a
 * jurisdiction chosen) for a published month (an existing one is opened).
 */
const CreateBulletin = ({ onClose }: { onClose: (id?: string) => void }) => {
  const t = useTranslate();
  const rm = useRootMonth();
  const { identity } = useGetIdentity();
  const own = (identity as { regionCode?: string | null } | undefined)?.regionCode ?? null;
  const published = useApiList<{ month: string }>('scores/runs', { status: 'published' }, 0, 100);
  const months = [...new Set((published.data?.rows ?? []).map((r) => r.month))].sort().reverse();
  const [month, setMonth] = useState<string | undefined>(undefined);
  const regionCode = own ?? rm.root?.code;
  const submit = async () => {
    const { json } = await httpClient('/api/scores/bulletins', {
      method: 'POST',
      body: JSON.stringify({ regionCode, month: month ?? months[0] }),
      headers: jsonHeaders(),
    });
    onClose((json as Bulletin).id);
  };
  return (
    <ScoreDialog
      title={t('scores.bulletins.create')}
      submitLabel="scores.bulletins.create"
      onSubmit={submit}
      onClose={() => onClose()}
      disabled={!regionCode || months.length === 0}
      maxWidth="xs"
    >
      {!own && (
        <Picker
          label={t('scores.root')}
          value={rm.root?.code}
          options={rm.roots.map((r) => ({ value: r.code, label: r.name }))}
          onChange={rm.setRootCode}
        />
      )}
      <Picker
        label={t('scores.month')}
        value={month ?? months[0]}
        options={months.map((m) => ({ value: m, label: m }))}
        onChange={setMonth}
      />
      <Typography variant="body2" color="text.secondary">
        {t('scores.bulletins.create_hint')}
      </Typography>
    </ScoreDialog>
  );
};

/** 月度通报: the bulletins in scope (published ones, and the drafts the caller may edit), newest first. */
export const BulletinList = () => {
  const t = useTranslate();
  const phone = useIsPhone();
  const { permissions } = usePermissions<Role>();
  const createPath = useCreatePath();
  const [creating, setCreating] = useState(false);
  const qc = useQueryClient();
  const list = useApiList<Bulletin>('scores/bulletins', {}, 0, 100);
  const rows = list.data?.rows ?? [];
  const pathOf = (b: Bulletin) => createPath({ resource: 'scores/bulletins', id: b.id, type: 'show' });
  const navigate = useNavigate();
  const statusChip = (b: Bulletin) => (
    <Chip
      size="small"
      color={b.status === 'published' ? 'success' : 'default'}
      label={t(`scores.bulletins.status.${b.status}`)}
    />
  );
  return (
    <PageBox>
      <Title title={t('resources.scores/bulletins.name', { smart_count: 2 })} />
      {permissions !== 'leader' && (
        <Button
          variant="contained"
          startIcon={<NoteAddIcon />}
          sx={{ my: 1 }}
          onClick={() => setCreating(true)}
        >
          {t('scores.bulletins.create')}
        </Button>
      )}
      <ErrorNote error={list.error} />
      {list.isPending && <LinearProgress aria-label={t('ra.page.loading')} />}
      {!list.isPending && rows.length === 0 && <Alert severity="info">{t('ra.navigation.no_results')}</Alert>}
      {phone ? (
        <Stack spacing={1}>
          {rows.map((b) => (
            <Card key={b.id} variant="outlined">
              <CardActionArea component={Link} to={pathOf(b)}>
                <CardContent sx={{ py: 1 }}>
                  <Typography variant="caption" color="text.secondary">
                    {b.month} · {b.number ?? t('scores.bulletins.status.draft')}
                  </Typography>
                  <Typography variant="subtitle1" component="h3">
                    {b.title}
                  </Typography>
                  {statusChip(b)}
                </CardContent>
              </CardActionArea>
              <Box sx={{ px: 1, pb: 1 }}>
                <Downloads b={b} />
              </Box>
            </Card>
          ))}
        </Stack>
      ) : (
        <SimpleTable
          caption={t('resources.scores/bulletins.name', { smart_count: 2 })}
          head={[
            t('scores.bulletins.fields.month'),
            t('scores.bulletins.fields.title'),
            t('scores.bulletins.fields.number'),
            t('scores.bulletins.fields.status'),
            t('scores.bulletins.fields.publishedAt'),
            '',
          ]}
          rows={rows.map((b) => [
            b.month,
            <Link key="t" to={pathOf(b)}>
              {b.title}
            </Link>,
            b.number ?? '—',
            statusChip(b),
            formatDate(b.publishedAt),
            <Downloads key="d" b={b} />,
          ])}
        />
      )}
      {creating && (
        <CreateBulletin
          onClose={(id) => {
            setCreating(false);
            void qc.invalidateQueries();
            if (id) void navigate(createPath({ resource: 'scores/bulletins', id, type: 'show' }));
          }}
        />
      )}
    </PageBox>
  );
};

const BarChart = ({ chart }: { chart: Chart }) => {
  const max = Math.max(1, ...chart.series.flatMap((s) => s.values));
  const s = chart.series[0]!;
  return (
    <Box sx={{ overflowX: 'auto' }} role="img" aria-label={chart.title ?? s.name}>
      <Stack spacing={0.5} sx={{ minWidth: 280 }}>
        {chart.categories.map((c, i) => (
          <Stack key={c} direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <Typography variant="caption" sx={{ width: 120, flexShrink: 0 }} noWrap>
              {c}
            </Typography>
            <Box sx={{ height: 12, bgcolor: 'primary.main', width: `${((s.values[i] ?? 0) / max) * 60}%` }} />
            <Typography variant="caption">{pts(s.values[i] ?? 0)}</Typography>
          </Stack>
        ))}
      </Stack>
    </Box>
  );
};

/**
 * A bulletin: the 安委办 edits its own words (title, addressee, paragraphs; a line [[表格:名称]] places a table) over
 * the tables and charts generated from the published month, then issues it as a numbered official document; once
 * issued it is read-only with its PDF and DOCX.
 */
export const BulletinShow = () => {
  const t = useTranslate();
  const notify = useNotify();
  const qc = useQueryClient();
  const { permissions } = usePermissions<Role>();
  const { id = '' } = useParams<{ id: string }>();
  const b = useApi<Bulletin & { tables: Record<string, Table>; charts: Record<string, Chart> }>(
    `/api/scores/bulletins/${encodeURIComponent(id)}`,
  );
  const [title, setTitle] = useState('');
  const [addressee, setAddressee] = useState('');
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    if (!b.data) return;
    setTitle(b.data.title);
    setAddressee(b.data.addressee ?? '');
    setBody(b.data.body);
  }, [b.data]);
  if (b.isPending) return <Loading />;
  if (!b.data)
    return (
      <PageBox>
        <ErrorNote error={b.error} />
      </PageBox>
    );
  const d = b.data;
  const editable = d.status === 'draft' && permissions !== 'leader';
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await httpClient(`/api/scores/bulletins/${d.id}`, {
        method: 'PUT',
        body: JSON.stringify({ title, addressee: addressee || null, body }),
        headers: jsonHeaders(),
      });
      notify('scores.bulletins.saved', { type: 'success' });
      await qc.invalidateQueries();
      return true;
    } catch (err) {
      setError(errorOf(err));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const publish = async () => {
    setConfirming(false);
    if (!(await save())) return;
    setBusy(true);
    try {
      const { json } = await httpClient(`/api/scores/bulletins/${d.id}/publish`, {
        method: 'POST',
        headers: jsonHeaders(true),
      });
      notify('scores.bulletins.published', {
        type: 'success',
        messageArgs: { number: (json as Bulletin).number },
      });
      await qc.invalidateQueries();
    } catch (err) {
      setError(errorOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <PageBox>
      <Title title={d.title} />
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center', mb: 1 }}>
        <Chip
          size="small"
          color={d.status === 'published' ? 'success' : 'default'}
          label={t(`scores.bulletins.status.${d.status}`)}
        />
        {d.number && (
          <Typography data-testid="bulletin-number">
            {t('scores.bulletins.number')}：{d.number}
          </Typography>
        )}
        {d.publishedAt && <Typography variant="body2">{formatDateTime(d.publishedAt)}</Typography>}
        <Downloads b={d} />
      </Stack>
      {error && <Alert severity="error">{error}</Alert>}
      {busy && <LinearProgress aria-label={t('ra.page.loading')} />}
      {editable ? (
        <Stack spacing={2} sx={{ my: 1 }}>
          <TextField
            label={t('scores.bulletins.title')}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
          />
          <TextField
            label={t('scores.bulletins.addressee')}
            value={addressee}
            onChange={(e) => setAddressee(e.target.value)}
          />
          <TextField
            label={t('scores.bulletins.body')}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            helperText={t('scores.bulletins.body_hint')}
            multiline
            minRows={10}
          />
          <Stack direction="row" spacing={1}>
            <Button variant="outlined" onClick={() => void save()} disabled={busy}>
              {t('scores.bulletins.save')}
            </Button>
            <Button variant="contained" onClick={() => setConfirming(true)} disabled={busy}>
              {t('scores.bulletins.publish')}
            </Button>
          </Stack>
        </Stack>
      ) : (
        <Box sx={{ my: 1 }}>
          <Typography variant="h6" component="h1">
            {d.title}
          </Typography>
          {d.addressee && <Typography>{d.addressee}：</Typography>}
          {d.body.split('\n').map((line, i) => (
            <Typography key={i} variant="body2" sx={{ my: 0.5 }}>
              {line}
            </Typography>
          ))}
        </Box>
      )}
      <Heading>{t('scores.bulletins.tables')}</Heading>
      {Object.entries(d.tables).map(([name, tb]) => (
        <Box key={name} sx={{ mb: 2 }}>
          <Typography variant="subtitle2" component="h3">
            {tb.title ?? name}
          </Typography>
          <SimpleTable caption={tb.title ?? name} head={tb.columns} rows={tb.rows} />
        </Box>
      ))}
      {Object.keys(d.charts).length > 0 && <Heading>{t('scores.bulletins.charts')}</Heading>}
      {Object.entries(d.charts).map(([name, ch]) => (
        <Box key={name} sx={{ mb: 2 }}>
          <Typography variant="subtitle2" component="h3">
            {ch.title ?? name}
          </Typography>
          <BarChart chart={ch} />
        </Box>
      ))}
      {confirming && (
        <ScoreDialog
          title={t('scores.bulletins.publish')}
          submitLabel="ra.action.confirm"
          onSubmit={publish}
          onClose={() => setConfirming(false)}
          maxWidth="xs"
        >
          <Typography>{t('scores.bulletins.publish_confirm')}</Typography>
        </ScoreDialog>
      )}
    </PageBox>
  );
};

interface Home {
  level: string;
  unitId: string;
  name: string;
  month: string;
  runId: string;
  runStatus: string;
  runKind: string;
  total: number;
  rank: number;
  groupSize: number;
  prevTotal: number | null;
  prevRank: number | null;
  flagged: boolean;
  className: string | null;
  awardBar: number;
  trend: { month: string; total: number; rank: number; groupSize: number; runStatus: string }[];
  openFollowUps: number | null;
}

/** A leader's (and a 安委办's) home card: the unit's latest score, rank, change and the last six months. */
export const ScoreHomeCard = () => {
  const t = useTranslate();
  const h = useApi<Home | null>('/api/scores/home');
  const change = useChangeText();
  const rankChange = useRankChange();
  const unitPath = useUnitPath();
  const createPath = useCreatePath();
  if (h.isPending || h.error) return null;
  const s = h.data;
  return (
    <Card variant="outlined" sx={{ m: { xs: 1, sm: 2 } }} data-testid="score-home">
      <CardContent>
        <Typography variant="h6" component="h2">
          {t('scores.home.title')}
        </Typography>
        {!s ? (
          <Typography variant="body2">{t('scores.home.none')}</Typography>
        ) : (
          <>
            <Typography variant="body2" color="text.secondary">
              {s.name} · {s.month}
            </Typography>
            <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'baseline' }}>
              <Typography variant="h4" component="p">
                {pts(s.total)}
              </Typography>
              <Typography>
                {t('scores.home.rank')}：{t('scores.rank_of', { rank: s.rank, size: s.groupSize })}
              </Typography>
              <Typography>
                {t('scores.change')}：{change(s.total, s.prevTotal)} · {rankChange(s.rank, s.prevRank)}
              </Typography>
              {s.runKind === 'provisional' && (
                <Chip size="small" variant="outlined" label={t('scores.run_kind.provisional')} />
              )}
              {s.flagged && (
                <Chip size="small" color="error" label={t('scores.under_bar', { bar: s.awardBar })} />
              )}
            </Stack>
            <Stack
              direction="row"
              spacing={1}
              sx={{ mt: 1, overflowX: 'auto' }}
              aria-label={t('scores.unit.trend')}
            >
              {s.trend.map((p) => (
                <Box key={p.month} sx={{ textAlign: 'center', minWidth: 56 }}>
                  <Typography variant="caption" component="div">
                    {p.month}
                  </Typography>
                  <Typography variant="body2">{pts(p.total)}</Typography>
                  <Typography variant="caption" component="div">
                    {p.rank}/{p.groupSize}
                  </Typography>
                </Box>
              ))}
            </Stack>
            <Stack direction="row" spacing={1} useFlexGap sx={{ mt: 1, flexWrap: 'wrap' }}>
              <Button component={Link} to={unitPath(s)} size="small">
                {t('scores.home.details')}
              </Button>
              {!!s.openFollowUps && (
                <Button
                  component={Link}
                  to={createPath({ resource: 'scores/follow-ups', type: 'list' })}
                  size="small"
                >
                  {t('scores.home.open_follow_ups', { count: s.openFollowUps })}
                </Button>
              )}
            </Stack>
          </>
        )}
      </CardContent>
    </Card>
  );
};
