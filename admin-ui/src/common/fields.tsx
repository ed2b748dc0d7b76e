import { Card, CardContent, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { useRecordContext, type FieldProps } from 'react-admin';
import { formatDate, formatDateTime } from './format';

/**
 * Date fields in the console's one format (yyyy-MM-dd, or yyyy-MM-dd HH:mm), Asia/Shanghai, in both languages.
 * Use these instead of react-admin's DateField, whose format follows the browser's locale (2026/12/6, 12/6/2026).
 */
export const DateText = ({ source }: FieldProps & { source: string }) => {
  const record = useRecordContext();
  const v = record?.[source] as string | null | undefined;
  return <span style={{ whiteSpace: 'nowrap' }}>{formatDate(v)}</span>;
};

export const DateTimeText = ({ source }: FieldProps & { source: string }) => {
  const record = useRecordContext();
  const v = record?.[source] as string | null | undefined;
  return <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(v)}</span>;
};

/** A titled part of a record page (a grid's staff, an inspection's findings), as an outlined card. */
export const Section = ({
  title,
  children,
  testId,
}: {
  title: string;
  children: ReactNode;
  testId?: string;
}) => (
  <Card variant="outlined" sx={{ mt: 1.5 }} data-testid={testId}>
    <CardContent>
      <Typography variant="subtitle1" component="h3" sx={{ mb: 1 }}>
        {title}
      </Typography>
      {children}
    </CardContent>
  </Card>
);
