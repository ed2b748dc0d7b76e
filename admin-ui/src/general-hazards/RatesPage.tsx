import {
  Alert,
  Box,
  Card,
  CardContent,
  LinearProgress,
  MenuItem,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { Form, Title, useTranslate } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { DateInput } from '../common/forms';
import { todayShanghai } from '../common/format';
import { useIsPhone } from '../common/responsive';
import { httpClient } from '../providers/http';
import { SimpleTable } from '../scores/common';

const GROUPS = ['enterprise', 'grid', 'street', 'district', 'department'] as const;
interface RateRow {
  key: string | null;
  name: string | null;
  reported: number;
  rectified: number;
  rectifiedOnTime: number;
  due: number;
  open: number;
  overdue: number;
  red: number;
  reportedLate: number;
  rectificationRate: number | null;
  onTimeRate: number | null;
}
const pct = (n: number | null) => (n === null ? '—' : `${(n * 100).toFixed(2)}%`);

/** Reports the form's values as they change (the period pickers drive a query, not a submit). */
const Watch = ({ onChange }: { onChange: (v: Record<string, unknown>) => void }) => {
  const v = useWatch() as Record<string, unknown>;
  const key = JSON.stringify(v);
  // Keyed by the values' text: useWatch returns a new object each render.
  useEffect(() => onChange(JSON.parse(key) as Record<string, unknown>), [key, onChange]);
  return null;
};

/** 整改率、按期整改率 per enterprise, grid, street, district or department, over the hazards reported in a period. */
export const RatesPage = () => {
  const t = useTranslate();
  const phone = useIsPhone();
  const today = todayShanghai();
  const [groupBy, setGroupBy] = useState<(typeof GROUPS)[number]>('street');
  const [from, setFrom] = useState(`${today.slice(0, 4)}-01-01`);
  const [to, setTo] = useState(today);
  const onPeriod = useCallback((v: Record<string, unknown>) => {
    if (typeof v.from === 'string') setFrom(v.from);
    if (typeof v.to === 'string') setTo(v.to);
  }, []);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to);
  const q = useQuery({
    queryKey: ['api', 'hazard-rates', groupBy, from, to],
    queryFn: async () =>
      (await httpClient(`/api/general-hazards/rates?${new URLSearchParams({ groupBy, from, to })}`))
        .json as RateRow[],
    enabled: valid,
  });
  const rows = q.data ?? [];
  const r = (k: string) => t(`hazard.rates.${k}`);
  const name = (x: RateRow) => x.name ?? r('unnamed');
  return (
    <Box sx={{ p: { xs: 1, sm: 2 } }}>
      <Title title={r('title')} />
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ mb: 2 }}>
        <TextField
          select
          size="small"
          label={r('group')}
          value={groupBy}
          onChange={(e) => setGroupBy(e.target.value as (typeof GROUPS)[number])}
          sx={{ minWidth: 140 }}
        >
          {GROUPS.map((g) => (
            <MenuItem key={g} value={g}>
              {t(`hazard.rates.groups.${g}`)}
            </MenuItem>
          ))}
        </TextField>
        <Form defaultValues={{ from, to }} onSubmit={() => undefined}>
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={{ xs: 0, sm: 1 }}>
            <DateInput source="from" label={r('from')} />
            <DateInput source="to" label={r('to')} />
            <Watch onChange={onPeriod} />
          </Stack>
        </Form>
      </Stack>
      {q.isFetching && <LinearProgress aria-label={t('ra.page.loading')} />}
      {q.error && <Alert severity="error">{(q.error as Error).message}</Alert>}
      {!q.isPending && rows.length === 0 && <Alert severity="info">{r('none')}</Alert>}
      {phone ? (
        <Stack component="ul" spacing={1} sx={{ p: 0, m: 0, listStyle: 'none' }} data-testid="rate-cards">
          {rows.map((x) => (
            <Card variant="outlined" component="li" key={x.key ?? '-'}>
              <CardContent sx={{ py: 1, '&:last-child': { pb: 1 } }}>
                <Typography variant="subtitle1" component="h3">
                  {name(x)}
                </Typography>
                <Typography variant="body2">
                  {r('rectification_rate')}：{pct(x.rectificationRate)}（{x.rectified}/{x.reported}）
                </Typography>
                <Typography variant="body2">
                  {r('on_time_rate')}：{pct(x.onTimeRate)}（{x.rectifiedOnTime}/{x.due}）
                </Typography>
                <Typography variant="body2" color="text.secondary">
                  {r('open')} {x.open} · {r('overdue')} {x.overdue} · {r('late')} {x.reportedLate}
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
            r('reported'),
            r('rectified'),
            r('rectification_rate'),
            r('due'),
            r('on_time'),
            r('on_time_rate'),
            r('open'),
            r('overdue'),
            r('late'),
          ]}
          rows={rows.map((x) => [
            name(x),
            x.reported,
            x.rectified,
            pct(x.rectificationRate),
            x.due,
            x.rectifiedOnTime,
            pct(x.onTimeRate),
            x.open,
            x.overdue,
            x.reportedLate,
          ])}
        />
      )}
    </Box>
  );
};
