import { Chip } from '@mui/material';
import { useTranslate } from 'react-admin';

/**
 * 红橙黄蓝 as a chip in its own colour that also says it in words (colour alone is not enough), dark enough for
 * white text to pass WCAG AA; 未评定 is outlined and grey: not assessed is not the lowest risk.
 */
const COLOUR_STYLE: Record<string, { bgcolor: string; color: string }> = {
  red: { bgcolor: '#b71c1c', color: '#fff' },
  orange: { bgcolor: '#a84300', color: '#fff' },
  yellow: { bgcolor: '#fdd835', color: '#000' },
  blue: { bgcolor: '#0d47a1', color: '#fff' },
};

export const RiskColourChip = ({ colour }: { colour: string }) => {
  const t = useTranslate();
  const style = COLOUR_STYLE[colour];
  return (
    <Chip
      size="small"
      variant={style ? 'filled' : 'outlined'}
      label={t('grade.colour_chip', { colour: t(`grade.colour.${colour}`) })}
      sx={style}
      data-testid="risk-colour"
      data-colour={colour}
    />
  );
};

export const ManagementLevelChip = ({ level }: { level: string }) => {
  const t = useTranslate();
  return (
    <Chip
      size="small"
      variant="outlined"
      label={t('grade.level_chip', { level: t(`grade.level.${level}`) })}
      data-testid="management-level"
    />
  );
};
