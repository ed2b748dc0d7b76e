import DownloadIcon from '@mui/icons-material/Download';
import {
  Alert,
  Box,
  Button,
  Card,
  CardActionArea,
  CardContent,
  Chip,
  FormControlLabel,
  LinearProgress,
  Pagination,
  Stack,
  Switch,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { Link, Loading, Title, useCreatePath, useParams, useTranslate } from 'react-admin';
import { useIsPhone } from '../common/responsive';
import {
  AsOfPicker,
  ErrorNote,
  Heading,
  PageBox,
  Picker,
  RootMonthBar,
  RunStatusChip,
  SimpleTable,
  pts,
  useApi,
  useApiList,
  useChangeText,
  useRankChange,
  useRootMonth,
  type RankingRow,
} from './common';

const LEVELS = ['district', 'street', 'grid', 'department', 'enterprise'] as const;
type Level = (typeof LEVELS)[number];

/** The id of a unit's score page: run, level and unit in one path segment. */
export const unitPageId = (r: { runId: string; level: string; unitId: string }) =>
  `${r.runId}~${r.level}~${r.unitId}`;

export function useUnitPath() {
  const createPath = useCreatePath();
  return (r: { runId: string; level: string; unitId: string }) =>
    createPath({ resource: 'scores/units', id: unitPageId(r), type: 'show' });
}

/** 名次 with 并列 when another unit of the group has the same rank (competition ranking: 1, 2, 2, 4). */
const rankText = (r: RankingRow, all: RankingRow[], t: ReturnType<typeof useTranslate>) => {
  const tied = all.some((o) => o !== r && o.groupId === r.groupId && o.rank === r.rank);
  return `${r.rank}${tied ? `（${t('scores.tie')}）` : ''}`;
};

const FlagChips = ({ r }: { r: RankingRow }) => {
  const t = useTranslate();
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {r.className && (
        <Chip size="small" label={r.className} color={r.flagged ? 'error' : 'default'} variant="outlined" />
      )}
      {r.flagged && r.level !== 'enterprise' && (
        <Chip size="small" color="error" label={t('scores.below_bar')} />
      )}
      {r.flagged && r.level === 'enterprise' && (
        <Chip size="small" color="error" label={t('scores.follow_up_class')} />
      )}
    </Stack>
  );
};

/**
 * 考核排名: one level's ranking in a month (the published run, else the latest computed), each unit with its rank
 * within its group (ties alike), its change against last month, and a flag under the award bar or in 四类水平. A row
 * opens the unit's score, down to the records counted.
 */
export const RankingList = () => {
  const t = useTranslate();
  const phone = useIsPhone();
  const rm = useRootMonth();
  const [level, setLevel] = useState<Level>('street');
  const [flagged, setFlagged] = useState(false);
  const [q, setQ] = useState('');
  const [asOf, setAsOf] = useState<string | undefined>(undefined);
  const [page, setPage] = useState(0);
  const unitPath = useUnitPath();
  const change = useChangeText();
  const rankChange = useRankChange();
  const perPage = 50;
  const list = useApiList<RankingRow>(
    rm.root && rm.month ? 'scores/rankings' : null,
    {
      rootCode: rm.root?.code,
      month: rm.month,
      ...(asOf ? { asOf } : {}),
      level,
      ...(flagged ? { flagged: true } : {}),
      ...(q.trim() ? { q: q.trim() } : {}),
    },
    page,
    perPage,
  );
  const rows = list.data?.rows ?? [];
  const first = rows[0];
  if (rm.loading) return <Loading />;
  return (
    <PageBox>
      <Title title={t('resources.scores/rankings.name', { smart_count: 2 })} />
      {rm.roots.length === 0 || !rm.month ? (
        <Alert severity="info">{t('scores.no_scores')}</Alert>
      ) : (
        <>
          <RootMonthBar rm={rm}>
            <Picker
              label={t('scores.level')}
              value={level}
              options={LEVELS.map((l) => ({ value: l, label: t(`scores.levels.${l}`) }))}
              onChange={(l) => {
                setLevel(l);
                setPage(0);
              }}
              minWidth={140}
            />
            <TextField
              size="small"
              label={t('scores.search')}
              value={q}
              onChange={(e) => {
                setQ(e.target.value);
                setPage(0);
              }}
              sx={{ width: { xs: '100%', sm: 200 } }}
            />
            <FormControlLabel
              control={<Switch checked={flagged} onChange={(e) => setFlagged(e.target.checked)} />}
              label={t('scores.only_flagged')}
            />
            <AsOfPicker
              value={asOf}
              onChange={(d) => {
                setAsOf(d);
                setPage(0);
              }}
            />
            {first && <RunStatusChip status={first.runStatus} kind={first.runKind} />}
          </RootMonthBar>
          {asOf && (
            <Alert severity={rows.length || list.isPending ? 'info' : 'warning'} sx={{ my: 1 }}>
              {rows.length || list.isPending
                ? t('scores.as_of_shown', { day: asOf })
                : t('scores.none_published_on', { day: asOf })}
            </Alert>
          )}
          <ErrorNote error={list.error} />
          {list.isPending && <LinearProgress aria-label={t('ra.page.loading')} />}
          {!list.isPending && rows.length === 0 && !asOf && (
            <Alert severity="info">{t('ra.navigation.no_results')}</Alert>
          )}
          {phone ? (
            <Stack spacing={1} data-testid="ranking-cards">
              {rows.map((r) => (
                <Card key={r.id} variant="outlined">
                  <CardActionArea component={Link} to={unitPath(r)}>
                    <CardContent sx={{ py: 1 }}>
                      <Typography variant="caption" color="text.secondary">
                        {t('scores.rank_of', { rank: rankText(r, rows, t), size: r.groupSize })}
                      </Typography>
                      <Typography variant="subtitle1" component="h3">
                        {r.name}
                      </Typography>
                      <Typography variant="body2">
                        {t('scores.total')}：{pts(r.total)} · {t('scores.change')}：
                        {change(r.total, r.prevTotal)} · {rankChange(r.rank, r.prevRank)}
                      </Typography>
                      <FlagChips r={r} />
                    </CardContent>
                  </CardActionArea>
                </Card>
              ))}
            </Stack>
          ) : (
            <SimpleTable
              caption={t('resources.scores/rankings.name', { smart_count: 2 })}
              head={[
                t('scores.rank'),
                t('scores.unit_name'),
                t('scores.total'),
                t('scores.change'),
                t('scores.rank_change'),
                t('scores.flag'),
              ]}
              rows={rows.map((r) => [
                `${rankText(r, rows, t)} / ${r.groupSize}`,
                <Link key="n" to={unitPath(r)}>
                  {r.name}
                </Link>,
                pts(r.total),
                change(r.total, r.prevTotal),
                rankChange(r.rank, r.prevRank),
                <FlagChips key="f" r={r} />,
              ])}
            />
          )}
          {(list.data?.total ?? 0) > perPage && (
            <Pagination
              sx={{ mt: 1 }}
              count={Math.ceil((list.data?.total ?? 0) / perPage)}
              page={page + 1}
              onChange={(_, p) => setPage(p - 1)}
            />
          )}
        </>
      )}
    </PageBox>
  );
};

interface ScoreItem {
  indicator: string;
  name: string;
  description: string;
  kind: 'rate' | 'average' | 'count';
  counts: string;
  weight: number;
  rule: string;
  numerator: number;
  denominator: number | null;
  value: number | null;
  points: number;
}

interface UnitScore extends RankingRow {
  section: string;
  sectionName: string;
  awardBar: number;
  items: ScoreItem[];
  trend: { month: string; total: number; rank: number; groupSize: number; runStatus: string }[];
}

interface Records {
  counts: string;
  columns: { key: string; header: string }[];
  lists: 'both' | 'numerator';
  rows: Record<string, unknown>[];
  total: number;
  summary: {
    numerator: number;
    denominator: number | null;
    frozen: { numerator: number; denominator: number | null };
    complete: boolean;
    matches: boolean | null;
  };
}

const valueText = (it: ScoreItem) =>
  it.value === null
    ? '—'
    : it.kind === 'rate'
      ? `${(Math.round(it.value * 10_000) / 100).toFixed(2)}%`
      : it.kind === 'average'
        ? it.value.toFixed(2)
        : String(it.value);

const cellText = (v: unknown, t: ReturnType<typeof useTranslate>) =>
  v === true
    ? t('scores.unit.yes')
    : v === false
      ? t('scores.unit.no')
      : v === null || v === undefined
        ? '—'
        : String(v);

/** The records an indicator counted for the unit, marked in the numerator and/or the denominator; exportable. */
const IndicatorRecords = ({ base, item }: { base: string; item: ScoreItem }) => {
  const t = useTranslate();
  const [counted, setCounted] = useState<'all' | 'numerator' | 'denominator'>('all');
  const [page, setPage] = useState(0);
  const perPage = 50;
  const range = JSON.stringify([page * perPage, page * perPage + perPage - 1]);
  const url = `${base}/indicators/${item.indicator}/records?counted=${counted}&range=${encodeURIComponent(range)}`;
  const rec = useApi<Records>(url);
  const exportUrl = (format: 'csv' | 'xlsx') =>
    `${base}/indicators/${item.indicator}/export?format=${format}&counted=${counted}`;
  const r = rec.data;
  return (
    <Box sx={{ mt: 1 }} data-testid="indicator-records">
      <Heading>{t('scores.unit.records_title', { indicator: item.name })}</Heading>
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center', mb: 1 }}>
        <Picker
          label={t('scores.unit.records')}
          value={counted}
          options={(['all', 'numerator', 'denominator'] as const)
            .filter((c) => c !== 'denominator' || item.denominator !== null)
            .map((c) => ({ value: c, label: t(`scores.unit.counted.${c}`) }))}
          onChange={(c) => {
            setCounted(c);
            setPage(0);
          }}
          minWidth={140}
        />
        <Button size="small" startIcon={<DownloadIcon />} href={exportUrl('csv')} download>
          {t('scores.unit.export_csv')}
        </Button>
        <Button size="small" startIcon={<DownloadIcon />} href={exportUrl('xlsx')} download>
          {t('scores.unit.export_xlsx')}
        </Button>
      </Stack>
      <ErrorNote error={rec.error} />
      {rec.isPending && <LinearProgress aria-label={t('ra.page.loading')} />}
      {r && (
        <>
          {r.summary.matches === false ? (
            <Alert severity="warning" sx={{ mb: 1 }}>
              {t('scores.unit.differs')}{' '}
              {t('scores.unit.frozen', {
                numerator: r.summary.frozen.numerator,
                denominator: r.summary.frozen.denominator ?? '—',
              })}
            </Alert>
          ) : r.summary.matches === true ? (
            <Alert severity="success" sx={{ mb: 1 }}>
              {t('scores.unit.matches')}
            </Alert>
          ) : null}
          <SimpleTable
            caption={t('scores.unit.records_title', { indicator: item.name })}
            head={[
              ...r.columns.map((c) => c.header),
              t('scores.unit.in_numerator'),
              ...(r.lists === 'both' ? [t('scores.unit.in_denominator')] : []),
            ]}
            rows={r.rows.map((row) => [
              ...r.columns.map((c) => cellText(row[c.key], t)),
              cellText(row.inNumerator, t),
              ...(r.lists === 'both' ? [cellText(row.inDenominator, t)] : []),
            ])}
          />
          {r.total > perPage && (
            <Pagination
              sx={{ mt: 1 }}
              count={Math.ceil(r.total / perPage)}
              page={page + 1}
              onChange={(_, p) => setPage(p - 1)}
            />
          )}
        </>
      )}
    </Box>
  );
};

/** A small bar per month: the unit's total in the last six months. */
const Trend = ({ trend }: { trend: UnitScore['trend'] }) => (
  <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-end', height: 120, overflowX: 'auto' }}>
    {trend.map((p) => (
      <Stack key={p.month} sx={{ alignItems: 'center', minWidth: 44 }}>
        <Typography variant="caption">{pts(p.total)}</Typography>
        <Box
          aria-hidden
          sx={{
            width: 24,
            height: Math.max(4, p.total * 0.7),
            bgcolor: p.runStatus === 'published' ? 'primary.main' : 'warning.main',
          }}
        />
        <Typography variant="caption">{p.month}</Typography>
      </Stack>
    ))}
  </Stack>
);

/**
 * 得分明细: a unit's score in a run — total, rank, change, class — each indicator's facts, value, rule and points as
 * frozen, and from any indicator the exact records counted (exportable).
 */
export const UnitScorePage = () => {
  const t = useTranslate();
  const { id = '' } = useParams<{ id: string }>();
  const [runId, level, ...rest] = decodeURIComponent(id).split('~');
  const unitId = rest.join('~');
  const base = `/api/scores/units/${runId}/${level}/${encodeURIComponent(unitId)}`;
  const u = useApi<UnitScore>(runId && level && unitId ? base : null);
  const change = useChangeText();
  const rankChange = useRankChange();
  const [open, setOpen] = useState<string | null>(null);
  const phone = useIsPhone();
  // The bar names the page while the score loads (a month's score can take a while) and when it cannot be shown.
  if (u.isPending)
    return (
      <PageBox>
        <Title title={t('resources.scores/units.name', { smart_count: 1 })} />
        <Loading />
      </PageBox>
    );
  if (u.error || !u.data)
    return (
      <PageBox>
        {/* Out of scope, or gone. */}
        <Title title={t('resources.scores/units.name', { smart_count: 1 })} />
        <ErrorNote error={u.error} />
      </PageBox>
    );
  const s = u.data;
  const item = s.items.find((i) => i.indicator === open);
  return (
    <PageBox>
      <Title title={t('scores.unit.title', { name: s.name, month: s.month })} />
      <Typography variant="h5" component="h1" sx={{ mb: 1 }}>
        {t('scores.unit.title', { name: s.name, month: s.month })}
      </Typography>
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
        <Typography variant="h4" component="p" data-testid="unit-total">
          {pts(s.total)}
        </Typography>
        <Typography>
          {t('scores.rank_of', { rank: s.rank, size: s.groupSize })} · {t('scores.change')}：
          {change(s.total, s.prevTotal)} · {rankChange(s.rank, s.prevRank)}
        </Typography>
        <RunStatusChip status={s.runStatus} kind={s.runKind} />
        {s.className && <Chip size="small" variant="outlined" label={s.className} />}
        {s.flagged && (
          <Chip
            size="small"
            color="error"
            label={
              s.level === 'enterprise'
                ? t('scores.follow_up_class')
                : t('scores.under_bar', { bar: s.awardBar })
            }
          />
        )}
      </Stack>
      <Typography variant="body2" color="text.secondary">
        {t('scores.unit.section')}：{s.sectionName} · {t('scores.unit.award_bar', { bar: s.awardBar })}
      </Typography>
      <Heading>{t('scores.unit.trend')}</Heading>
      <Trend trend={s.trend} />
      <Heading>{t('scores.unit.items')}</Heading>
      {phone ? (
        <Stack spacing={1}>
          {s.items.map((it) => (
            <Card key={it.indicator} variant="outlined">
              <CardContent sx={{ py: 1 }}>
                <Typography variant="subtitle2" component="h3">
                  {it.name}
                </Typography>
                <Typography variant="body2">
                  {t('scores.unit.value')}：{valueText(it)} · {t('scores.unit.points')}：{pts(it.points)} /{' '}
                  {it.weight}
                </Typography>
                <Typography variant="caption" color="text.secondary">
                  {it.rule}
                </Typography>
                <Box>
                  <Button size="small" onClick={() => setOpen(it.indicator)}>
                    {t('scores.unit.records')}
                  </Button>
                </Box>
              </CardContent>
            </Card>
          ))}
        </Stack>
      ) : (
        <SimpleTable
          caption={t('scores.unit.items')}
          head={[
            t('scores.schemes.indicator'),
            t('scores.unit.numerator'),
            t('scores.unit.denominator'),
            t('scores.unit.value'),
            t('scores.schemes.rule'),
            t('scores.schemes.weight'),
            t('scores.unit.points'),
            '',
          ]}
          rows={s.items.map((it) => [
            it.name,
            it.numerator,
            it.denominator ?? '—',
            valueText(it),
            it.rule,
            it.weight,
            pts(it.points),
            <Button
              key="r"
              size="small"
              onClick={() => setOpen(it.indicator)}
              aria-label={`${it.name} ${t('scores.unit.records')}`}
            >
              {t('scores.unit.records')}
            </Button>,
          ])}
        />
      )}
      {item && <IndicatorRecords key={item.indicator} base={base} item={item} />}
    </PageBox>
  );
};
