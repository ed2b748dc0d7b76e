import { Chip } from '@mui/material';
import { useTranslate } from 'react-admin';

const DAY = 86_400_000;

export const caseNo = (n: number) => `ZD-${String(n).padStart(6, '0')}`;

// Building an Intl formatter costs far more than using one: a list page formats hundreds of dates.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${withTime}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

/** A date (or date and time) as it reads in Asia/Shanghai, whatever the browser's zone. */
export function formatShanghai(iso: string | null | undefined, withTime: boolean, locale = 'zh-CN'): string {
  if (!iso) return '—';
  return formatter(locale, withTime).format(new Date(iso));
}

export const StatusChip = ({ record }: { record: { status: string; overdue: boolean } }) => {
  const t = useTranslate();
  return (
    <span>
      <Chip size="small" label={t(`status.${record.status}`)} data-testid="status-chip" />
      {record.overdue && (
        <Chip
          size="small"
          color="error"
          label={t('app.overdue')}
          sx={{ ml: 0.5 }}
          data-testid="overdue-badge"
        />
      )}
    </span>
  );
};

/** Days left on the running deadline, or days past it, counted in whole Shanghai calendar days. */
export const DeadlineCountdown = ({ deadline, now = Date.now() }: { deadline: string; now?: number }) => {
  const t = useTranslate();
  const dayOf = (ms: number) => Math.floor((ms + 8 * 3_600_000) / DAY); // Asia/Shanghai has no DST
  const days = dayOf(new Date(deadline).getTime()) - dayOf(now);
  return days >= 0 ? (
    <span data-testid="countdown">{t('app.deadline_left', { days })}</span>
  ) : (
    <Chip
      size="small"
      color="error"
      data-testid="countdown"
      label={t('app.deadline_passed', { days: -days })}
    />
  );
};
