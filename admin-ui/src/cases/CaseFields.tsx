import { Chip } from '@mui/material';
import { useLocaleState, useTranslate } from 'react-admin';

const DAY = 86_400_000;

export const caseNo = (n: number) => `ZD-${String(n).padStart(6, '0')}`;

/** A date (or date and time) as it reads in Asia/Shanghai, whatever the browser's zone. */
export function formatShanghai(iso: string | null | undefined, withTime: boolean, locale = 'zh-CN'): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return withTime
    ? d.toLocaleString(locale, { timeZone: 'Asia/Shanghai', hour12: false })
    : d.toLocaleDateString(locale, { timeZone: 'Asia/Shanghai' });
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
  useLocaleState();
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
