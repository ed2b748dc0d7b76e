import { Chip } from '@mui/material';
import { useTranslate } from 'react-admin';
import { formatHazardNo } from '../../../domain/hazards/labels';
import { daysUntil } from '../common/format';

/**
 * The ledger's words on screen, shared by the desk pages and the phone pages (admin-ui/src/field/): the light (亮灯)
 * as a coloured chip that also says it in words (colour alone is not enough), the status and the deadline with the
 * days left or past.
 */
export { formatHazardNo };

export interface HazardLike {
  status: string;
  light: string;
  deadline: string;
}

/** 亮灯: red = overdue, yellow = due soon, green = on course; none when not open (no chip). */
export const HazardLightChip = ({ light }: { light: string }) => {
  const t = useTranslate();
  if (light === 'none') return null;
  const color = light === 'red' ? 'error' : light === 'yellow' ? 'warning' : 'success';
  return (
    <Chip
      size="small"
      color={color}
      label={t(`hazard.light_short.${light}`)}
      data-testid="hazard-light"
      data-light={light}
      sx={light === 'green' ? { bgcolor: '#1b5e20', color: '#fff' } : undefined}
    />
  );
};

export const HazardStatusChip = ({ status }: { status: string }) => {
  const t = useTranslate();
  return (
    <Chip size="small" variant="outlined" label={t(`hazard.status.${status}`)} data-testid="hazard-status" />
  );
};

/** The deadline (yyyy-MM-dd) and, while open, the Shanghai days left or overdue. */
export const HazardDeadline = ({ record }: { record: HazardLike }) => {
  const t = useTranslate();
  const open = record.status === 'open' || record.status === 'reopened';
  const days = daysUntil(record.deadline);
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      {record.deadline}
      {open && (
        <>
          {'（'}
          {days > 0
            ? t('hazard.days_left', { days })
            : days === 0
              ? t('hazard.due_today')
              : t('hazard.days_over', { days: -days })}
          {'）'}
        </>
      )}
    </span>
  );
};
