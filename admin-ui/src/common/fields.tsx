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
