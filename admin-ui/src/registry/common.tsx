import { Chip } from '@mui/material';
import { useTranslate, type Validator } from 'react-admin';
import { creditCodeProblem } from '../../../domain/credit-code';
import { formatDateTime } from '../common/format';
import { enterpriseStatuses, PHONE_RE, regionLevels, riskGrades } from '../../../domain/registry';

export { MANAGERS, REGISTRY_EDITORS } from './roles';

export interface Choice {
  id: string;
  name: string;
}

/** Choices whose labels are message keys: react-admin translates `name` when `translateChoice` is on (default). */
const keyed = (values: readonly string[], prefix: string): Choice[] =>
  values.map((v) => ({ id: v, name: `${prefix}.${v}` }));

export const statusChoices = keyed(enterpriseStatuses, 'registry.enterprise_status');
export const riskGradeChoices = keyed(riskGrades, 'registry.risk_grade');
export const scaleChoices = keyed(['above', 'below'], 'registry.scale');
export const levelChoices = keyed(regionLevels, 'registry.region_level');

/**
 * Industry names are domain data in Chinese (the classification's own names, table industries), shown as they are in
 * both locales: read them with useIndustries().
 */
export { useIndustries } from '../industries/useIndustries';

/**
 * The server's own check (domain/credit-code.ts is pure), so the form says exactly what the API would say —
 * wrong length, a forbidden letter, the expected check character — before anything is sent.
 */
export const validateCreditCode: Validator = (value: unknown) => {
  if (typeof value !== 'string' || value === '') return undefined;
  const problem = creditCodeProblem(value);
  return problem ? { message: 'registry.validation.credit_code', args: { reason: problem } } : undefined;
};

export const validatePhone: Validator = (value: unknown) =>
  typeof value === 'string' && value !== '' && !PHONE_RE.test(value)
    ? 'registry.validation.phone'
    : undefined;

export const validateRegionCode: Validator = (value: unknown) =>
  typeof value === 'string' && value !== '' && !/^\d{6,12}$/.test(value)
    ? 'registry.validation.region_code'
    : undefined;

/** Credit codes are upper case; people type them in lower case. */
export const upper = (v: string | null | undefined) => (v ? v.toUpperCase().replace(/\s/g, '') : v);

/** A timestamp as it reads in Asia/Shanghai (yyyy-MM-dd HH:mm); plain dates ('yyyy-MM-dd') are shown as they are. */
export function shanghai(iso: string | null | undefined): string {
  return formatDateTime(iso);
}

const STATUS_COLOR = { operating: 'success', suspended: 'warning', closed: 'default' } as const;
export const EnterpriseStatusChip = ({ status }: { status: string }) => {
  const t = useTranslate();
  return (
    <Chip
      size="small"
      color={STATUS_COLOR[status as keyof typeof STATUS_COLOR] ?? 'default'}
      label={t(`registry.enterprise_status.${status}`)}
    />
  );
};

/** 红橙黄蓝, each with a text colour of at least 4.5:1 on it (WCAG AA): white on red, orange and blue, black on yellow. */
const GRADE_COLOR: Record<string, [bg: string, fg: string]> = {
  A: ['#c62828', '#fff'],
  B: ['#b45309', '#fff'],
  C: ['#fbc02d', '#000'],
  D: ['#1565c0', '#fff'],
};
export const RiskGradeChip = ({ grade }: { grade: string }) => {
  const t = useTranslate();
  return (
    <Chip
      size="small"
      label={t(`registry.risk_grade.${grade}`)}
      sx={{ bgcolor: GRADE_COLOR[grade]?.[0], color: GRADE_COLOR[grade]?.[1] }}
    />
  );
};
