import { Chip } from '@mui/material';
import { useTranslate } from 'react-admin';

import { caseNo as formatCaseNo, daysUntil, formatDate, formatDateTime } from '../common/format';

export const caseNo = formatCaseNo;

/** A date (or date and time) as it reads in Asia/Shanghai, whatever the browser's zone: yyyy-MM-dd [HH:mm]. */
export function formatShanghai(iso: string | null | undefined, withTime: boolean): string {
  return withTime ? formatDateTime(iso) : formatDate(iso);
}

/** A case number that never wraps (ZD-000004 broken over two lines reads as two numbers). */
export const CaseNo = ({ n }: { n: number }) => <span style={{ whiteSpace: 'nowrap' }}>{caseNo(n)}</span>;

export const StatusChip = ({
  record,
  label,
}: {
  record: { status: string; overdue: boolean };
  /** The status in another voice (an enterprise's list says 待提交整改方案, not 已挂牌·待报方案). */
  label?: string;
}) => {
  const t = useTranslate();
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      <Chip size="small" label={label ?? t(`status.${record.status}`)} data-testid="status-chip" />
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
  const days = daysUntil(deadline, now);
  return days >= 0 ? (
    <span data-testid="countdown" style={{ whiteSpace: 'nowrap' }}>
      {t('app.deadline_left', { days })}
    </span>
  ) : (
    <Chip
      size="small"
      color="error"
      data-testid="countdown"
      label={t('app.deadline_passed', { days: -days })}
    />
  );
};
