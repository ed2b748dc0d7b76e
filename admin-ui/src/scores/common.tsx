import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControl,
  InputLabel,
  LinearProgress,
  MenuItem,
  Select,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { DatePicker } from '@mui/x-date-pickers/DatePicker';
import { AdapterDateFns } from '@mui/x-date-pickers/AdapterDateFns';
import { LocalizationProvider } from '@mui/x-date-pickers/LocalizationProvider';
import { enUS as pickersEn, zhCN as pickersZh } from '@mui/x-date-pickers/locales';
import { useQuery } from '@tanstack/react-query';
import { format as formatDateFns, isValid, parseISO } from 'date-fns';
import { enGB, zhCN } from 'date-fns/locale';
import { useEffect, useId, useState, type ReactNode } from 'react';
import { useLocaleState, useStore, useTranslate } from 'react-admin';
import { isoDate } from '../../../domain/dates';
import { httpClient } from '../providers/http';
import { ResponsiveDialog, useIsPhone } from '../common/responsive';

/** GET /api/… as JSON, cached by its URL (null: not yet asked). */
export function useApi<T>(url: string | null) {
  return useQuery({
    queryKey: ['api', url],
    queryFn: async () => (await httpClient(url!)).json as T,
    enabled: url !== null,
  });
}

export const listUrl = (path: string, filter: Record<string, unknown>, range: [number, number] = [0, 99]) =>
  `/api/${path}?filter=${encodeURIComponent(JSON.stringify(filter))}&range=${encodeURIComponent(JSON.stringify(range))}`;

export interface ScoreRoot {
  code: string;
  name: string;
  level: string;
  path: string;
  months: string[];
}

export interface RankingRow {
  id: string;
  runId: string;
  month: string;
  runStatus: 'computed' | 'published' | 'superseded';
  runKind: 'provisional' | 'final';
  level: string;
  unitId: string;
  name: string;
  regionPath: string;
  groupId: string;
  total: number;
  rank: number;
  groupSize: number;
  className: string | null;
  flagged: boolean;
  prevTotal: number | null;
  prevRank: number | null;
}

export const pts = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toFixed(2));

/** +1.25 / −0.50 / 持平 / 新增: the change of a total against last month. */
export function useChangeText() {
  const t = useTranslate();
  return (total: number, prev: number | null) => {
    if (prev === null) return t('scores.new');
    const d = Math.round((total - prev) * 100) / 100;
    if (d === 0) return t('scores.same');
    return d > 0 ? `+${d.toFixed(2)}` : `−${Math.abs(d).toFixed(2)}`;
  };
}

/** ↑2 / ↓1 / 持平 / 新增: how a unit's rank moved. */
export function useRankChange() {
  const t = useTranslate();
  return (rank: number, prev: number | null) => {
    if (prev === null) return t('scores.new');
    if (prev === rank) return t('scores.same');
    return prev > rank
      ? `↑ ${t('scores.up', { n: prev - rank })}`
      : `↓ ${t('scores.down', { n: rank - prev })}`;
  };
}

/** The jurisdiction and month chosen, kept across the score pages (and visits) in the console's store. */
export function useRootMonth() {
  const roots = useApi<ScoreRoot[]>('/api/scores/roots');
  const [rootCode, setRootCode] = useStore<string | undefined>('scores.root', undefined);
  const [month, setMonth] = useStore<string | undefined>('scores.month', undefined);
  const list = roots.data ?? [];
  const root = list.find((r) => r.code === rootCode) ?? list[0];
  const months = [...(root?.months ?? [])].sort().reverse();
  const chosenMonth = month && months.includes(month) ? month : months[0];
  useEffect(() => {
    if (root && root.code !== rootCode) setRootCode(root.code);
  }, [root, rootCode, setRootCode]);
  return {
    roots: list,
    loading: roots.isPending,
    root,
    months,
    month: chosenMonth,
    setRootCode: (c: string) => {
      setRootCode(c);
      setMonth(undefined);
    },
    setMonth,
  };
}

export function Picker<T extends string>({
  label,
  value,
  options,
  onChange,
  minWidth = 160,
}: {
  label: string;
  value: T | undefined;
  options: { value: T; label: string }[];
  onChange: (v: T) => void;
  minWidth?: number;
}) {
  const id = useId();
  return (
    <FormControl size="small" fullWidth={false} sx={{ minWidth, width: { xs: '100%', sm: 'auto' } }}>
      <InputLabel id={id}>{label}</InputLabel>
      <Select labelId={id} label={label} value={value ?? ''} onChange={(e) => onChange(e.target.value as T)}>
        {options.map((o) => (
          <MenuItem key={o.value} value={o.value}>
            {o.label}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}

/** The jurisdiction and month pickers, on one line on a desk and stacked on a phone. */
export const RootMonthBar = ({
  rm,
  children,
}: {
  rm: ReturnType<typeof useRootMonth>;
  children?: ReactNode;
}) => {
  const t = useTranslate();
  return (
    <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center', my: 1 }}>
      <Picker
        label={t('scores.root')}
        value={rm.root?.code}
        options={rm.roots.map((r) => ({ value: r.code, label: r.name }))}
        onChange={rm.setRootCode}
        minWidth={200}
      />
      <Picker
        label={t('scores.month')}
        value={rm.month}
        options={rm.months.map((m) => ({ value: m, label: m }))}
        onChange={rm.setMonth}
        minWidth={120}
      />
      {children}
    </Stack>
  );
};

export const RunStatusChip = ({ status, kind }: { status: string; kind?: string }) => {
  const t = useTranslate();
  return (
    <Stack direction="row" spacing={0.5} component="span" sx={{ display: 'inline-flex' }}>
      {kind === 'provisional' && (
        <Chip size="small" variant="outlined" label={t('scores.run_kind.provisional')} />
      )}
      <Chip
        size="small"
        color={status === 'published' ? 'success' : 'default'}
        label={t(`scores.run_status.${status}`)}
      />
    </Stack>
  );
};

/** A plain table inside a horizontal scroller, so a wide one never widens a phone's page. */
export const SimpleTable = ({
  head,
  rows,
  caption,
}: {
  head: ReactNode[];
  rows: ReactNode[][];
  caption?: string;
}) => {
  const phone = useIsPhone();
  // On a phone each row is a card: its first cell the title, the others under their column's name.
  return phone ? (
    <Stack component="ul" aria-label={caption} spacing={1} sx={{ listStyle: 'none', m: 0, p: 0 }}>
      {rows.map((r, i) => (
        <Card key={i} variant="outlined" component="li">
          <CardContent sx={{ py: 1, '&:last-child': { pb: 1 } }}>
            <Typography variant="subtitle2" component="div">
              {r[0]}
            </Typography>
            {r.slice(1).map((c, j) =>
              c === null || c === undefined || c === '' ? null : (
                <Typography key={j} variant="body2" color="text.secondary" component="div">
                  {head[j + 1] ? (
                    <>
                      {head[j + 1]}：{c}
                    </>
                  ) : (
                    c
                  )}
                </Typography>
              ),
            )}
          </CardContent>
        </Card>
      ))}
    </Stack>
  ) : (
    <TableContainer sx={{ overflowX: 'auto', maxWidth: '100%' }}>
      <Table size="small" aria-label={caption}>
        <TableHead>
          <TableRow>
            {head.map((h, i) => (
              <TableCell key={i} sx={{ whiteSpace: 'nowrap', fontWeight: 600 }}>
                {h}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((r, i) => (
            <TableRow key={i}>
              {r.map((c, j) => (
                <TableCell key={j}>{c}</TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
};

export const ErrorNote = ({ error }: { error: unknown }) =>
  error ? (
    <Alert severity="error" sx={{ my: 1 }}>
      {(error as Error).message}
    </Alert>
  ) : null;

export const Heading = ({ children }: { children: ReactNode }) => (
  <Typography variant="h6" component="h2" sx={{ mt: 2, mb: 1 }}>
    {children}
  </Typography>
);

export const PageBox = ({ children }: { children: ReactNode }) => (
  <Box sx={{ p: { xs: 1, sm: 2 }, maxWidth: '100%', overflowX: 'hidden' }}>{children}</Box>
);

/** A list route of the API (react-admin's conventions): one page of rows and the total from Content-Range. */
export function useApiList<T>(path: string | null, filter: Record<string, unknown>, page = 0, perPage = 100) {
  const url = path ? listUrl(path, filter, [page * perPage, page * perPage + perPage - 1]) : null;
  return useQuery({
    queryKey: ['api-list', url],
    queryFn: async () => {
      const { json, headers } = await httpClient(url!);
      const total = Number(/\/(\d+)$/.exec(headers.get('content-range') ?? '')?.[1] ?? (json as T[]).length);
      return { rows: json as T[], total };
    },
    enabled: url !== null,
  });
}

/**
 * "As published on" a day (yyyy-MM-dd, the shared date schema): empty shows the month's current run; a day shows the
 * run that was published and in force at the end of that day. A day that does not exist is said under the field and
 * not sent.
 */
export const AsOfPicker = ({
  value,
  onChange,
}: {
  value: string | undefined;
  onChange: (day: string | undefined) => void;
}) => {
  const t = useTranslate();
  const [locale] = useLocaleState();
  const [invalid, setInvalid] = useState(false);
  const en = locale === 'en';
  return (
    <LocalizationProvider
      dateAdapter={AdapterDateFns}
      adapterLocale={en ? enGB : zhCN}
      localeText={(en ? pickersEn : pickersZh).components.MuiLocalizationProvider.defaultProps.localeText}
    >
      <DatePicker
        label={t('scores.as_of')}
        value={value ? parseISO(value) : null}
        format="yyyy-MM-dd"
        onChange={(d) => {
          const day = d && isValid(d) ? formatDateFns(d, 'yyyy-MM-dd') : undefined;
          const ok = d === null || (day !== undefined && isoDate.safeParse(day).success);
          setInvalid(!ok);
          if (ok) onChange(day);
        }}
        slotProps={{
          field: { clearable: true },
          textField: {
            size: 'small',
            error: invalid,
            helperText: invalid ? t('scores.as_of_invalid') : undefined,
            sx: { width: { xs: '100%', sm: 190 } },
          },
        }}
      />
    </LocalizationProvider>
  );
};

/** The API's refusal as one line: its field errors joined, or its message. */
export const errorOf = (err: unknown) => {
  const body = (err as { body?: { errors?: Record<string, string> } }).body;
  return body?.errors ? Object.values(body.errors).join('；') : (err as Error).message;
};

/**
 * A score page's dialog. With `onSubmit`, a command (计算, 发布, 记录跟进, 起草通报, 印发): its fields, the API's refusal
 * above the buttons, and the button pressed once while the command runs (with a progress bar where it takes long).
 * Without it, something to read (a recomputation's diff) and a close button.
 */
export const ScoreDialog = ({
  title,
  submitLabel = 'ra.action.save',
  onSubmit,
  onClose,
  disabled = false,
  progress = false,
  maxWidth = 'sm',
  children,
}: {
  title: ReactNode;
  submitLabel?: string;
  /** Runs the command; a throw is shown as the refusal. */ onSubmit?: () => Promise<void>;
  onClose: () => void;
  disabled?: boolean;
  /** A progress bar while the command runs. */ progress?: boolean;
  maxWidth?: 'xs' | 'sm' | 'lg';
  children: ReactNode;
}) => {
  const t = useTranslate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (run: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await run();
    } catch (err) {
      setError(errorOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <ResponsiveDialog open onClose={onClose} maxWidth={maxWidth}>
      <DialogTitle>{title}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          {children}
          {error && <Alert severity="error">{error}</Alert>}
          {progress && busy && <LinearProgress aria-label={t('ra.page.loading')} />}
        </Stack>
      </DialogContent>
      <DialogActions>
        {onSubmit ? (
          <>
            <Button onClick={onClose}>{t('ra.action.cancel')}</Button>
            <Button variant="contained" onClick={() => void submit(onSubmit)} disabled={busy || disabled}>
              {t(submitLabel)}
            </Button>
          </>
        ) : (
          <Button onClick={onClose}>{t('ra.action.close')}</Button>
        )}
      </DialogActions>
    </ResponsiveDialog>
  );
};
