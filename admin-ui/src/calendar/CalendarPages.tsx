import {
  Alert,
  Box,
  Button as MuiButton,
  Chip,
  Stack,
  TextField as MuiTextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import {
  ArrayInput,
  Create,
  CreateButton,
  DataTable,
  Edit,
  List,
  NumberInput,
  SimpleForm,
  SimpleFormIterator,
  TextInput,
  TopToolbar,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { useFormContext, useWatch, type FieldValues } from 'react-hook-form';
import {
  calendarYearInputSchema,
  parseHolidayNotice,
  type HolidaySpan,
} from '../../../domain/calendar-schedule';
import { DateInput } from '../common/forms';
import { zodFormResolver } from '../common/zodFormResolver';
import { ResponsiveDataTable } from '../common/responsive';
import { CalendarEstimates } from './CalendarEstimates';

export interface CalendarYearRecord {
  id: number;
  year: number;
  origin: 'package' | 'entered';
  source: string;
  version: number | null;
  holidays: HolidaySpan[];
  holidayDays: number;
  workdayCount: number;
  replacesPackage: boolean;
  updatedAt: string | null;
  versions?: Array<{ version: number; source: string; createdAt: string; holidays: string[] }>;
}

/** Make-up days are typed in one box, separated by commas or spaces, as the notice lists them. */
const splitDates = (v: unknown): string[] =>
  Array.isArray(v)
    ? (v as string[])
    : typeof v === 'string'
      ? v
          .split(/[\s,，、;；]+/)
          .map((s) => s.trim())
          .filter(Boolean)
      : [];

/** What the API is sent: the year as a number, each span's make-up days as a list. */
export const toBody = (d: FieldValues) => ({
  year: Number(d.year),
  source: d.source,
  holidays: ((d.holidays as Array<Record<string, unknown>> | undefined) ?? []).map((h) => ({
    name: h.name,
    start: h.start,
    end: h.end,
    makeUpDays: splitDates(h.makeUpDays),
  })),
  ...(d.version != null ? { version: d.version } : {}),
});

/** The API's own schema; an issue inside a span's make-up days shows at that span's make-up-days box. */
const resolver = zodFormResolver(calendarYearInputSchema, {
  prepare: toBody,
  place: (path) => (path[2] === 'makeUpDays' ? path.slice(0, 3) : path),
});

const OriginChip = ({ record }: { record: CalendarYearRecord }) => {
  const t = useTranslate();
  return (
    <Chip
      size="small"
      color={record.origin === 'entered' ? 'primary' : 'default'}
      label={t(`calendar.origin.${record.origin}`)}
    />
  );
};

/** 工作日历: every year deadlines can be computed on, and the years an administrator still has to enter. */
export const CalendarYearList = () => {
  const t = useTranslate();
  return (
    <List
      title="calendar.title"
      sort={{ field: 'year', order: 'DESC' }}
      pagination={false}
      perPage={100}
      actions={
        <TopToolbar>
          <CreateButton />
        </TopToolbar>
      }
    >
      <CalendarEstimates />
      <ResponsiveDataTable<CalendarYearRecord>
        rowClick="edit"
        bulkActionButtons={false}
        card={{
          title: (r) => String(r.year),
          badges: (r) => <OriginChip record={r} />,
          lines: (r) => [
            t('calendar.days', { holidays: r.holidays.length, days: r.holidayDays }),
            t('calendar.count', { count: r.workdayCount }),
            r.source ?? '',
          ],
        }}
      >
        <DataTable.Col source="year" disableSort />
        <DataTable.Col
          source="origin"
          disableSort
          render={(r: CalendarYearRecord) => <OriginChip record={r} />}
        />
        <DataTable.Col
          source="holidayDays"
          disableSort
          render={(r: CalendarYearRecord) =>
            t('calendar.days', { holidays: r.holidays.length, days: r.holidayDays })
          }
        />
        <DataTable.Col
          source="workdayCount"
          disableSort
          render={(r: CalendarYearRecord) => t('calendar.count', { count: r.workdayCount })}
        />
        <DataTable.Col source="version" disableSort render={(r: CalendarYearRecord) => r.version ?? '—'} />
        <DataTable.Col source="source" disableSort />
      </ResponsiveDataTable>
    </List>
  );
};

/** Paste the notice's text, read it into the spans below, then check them. */
const NoticePaste = () => {
  const t = useTranslate();
  const { setValue, getValues } = useFormContext();
  const [text, setText] = useState('');
  const [found, setFound] = useState<number | null>(null);
  return (
    <Box sx={{ width: '100%', maxWidth: 720, mb: 2 }}>
      <MuiTextField
        label={t('calendar.notice')}
        helperText={t('calendar.notice_help')}
        multiline
        minRows={3}
        fullWidth
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <Stack direction="row" spacing={2} sx={{ mt: 1, alignItems: 'center' }}>
        <MuiButton
          variant="outlined"
          disabled={!text.trim()}
          onClick={() => {
            const spans = parseHolidayNotice(text, Number(getValues('year')));
            setFound(spans.length);
            if (spans.length)
              setValue(
                'holidays',
                spans.map((s) => ({ ...s, makeUpDays: s.makeUpDays.join(', ') })),
                { shouldDirty: true },
              );
          }}
        >
          {t('calendar.read_notice')}
        </MuiButton>
        {found !== null && (
          <Typography role="status" color={found ? 'text.secondary' : 'error'}>
            {found ? t('calendar.read_count', { count: found }) : t('calendar.read_none')}
          </Typography>
        )}
      </Stack>
    </Box>
  );
};

/** The year's spans; the total days off and make-up days are shown as they are typed. */
const HolidayInputs = () => {
  const t = useTranslate();
  const holidays = useWatch({ name: 'holidays' }) as Array<{ makeUpDays?: unknown }> | undefined;
  const year = Number(useWatch({ name: 'year' })) || undefined;
  const range = year ? { minDate: `${year}-01-01`, maxDate: `${year}-12-31` } : {};
  const makeUp = (holidays ?? []).reduce((n, h) => n + splitDates(h?.makeUpDays).length, 0);
  return (
    <>
      <ArrayInput source="holidays">
        <SimpleFormIterator inline disableReordering>
          <TextInput source="name" sx={{ width: 140 }} />
          <DateInput source="start" {...range} />
          <DateInput source="end" {...range} />
          <TextInput
            source="makeUpDays"
            format={(v: unknown) => (Array.isArray(v) ? v.join(', ') : ((v as string) ?? ''))}
            helperText="calendar.make_up_help"
            sx={{ minWidth: 260 }}
          />
        </SimpleFormIterator>
      </ArrayInput>
      <Typography variant="body2" color="text.secondary">
        {t('calendar.summary', { holidays: holidays?.length ?? 0, makeUp })}
      </Typography>
    </>
  );
};

const CalendarForm = ({ create }: { create?: boolean }) => (
  <SimpleForm
    resolver={resolver}
    defaultValues={create ? { year: new Date().getFullYear() + 1, holidays: [] } : undefined}
  >
    <NumberInput source="year" disabled={!create} />
    <TextInput source="source" fullWidth helperText="calendar.source_help" />
    <NoticePaste />
    <HolidayInputs />
  </SimpleForm>
);

export const CalendarYearCreate = () => (
  <Create redirect="list" transform={toBody}>
    <CalendarForm create />
  </Create>
);

/** Who entered which version, newest first; a package year says the package is its source. */
const Versions = () => {
  const t = useTranslate();
  const record = useRecordContext<CalendarYearRecord>();
  if (!record) return null;
  return (
    <Box sx={{ p: 2, minWidth: 260 }}>
      {record.origin === 'package' && (
        <Alert severity="info" sx={{ mb: 2 }}>
          {t('calendar.package_note')}
        </Alert>
      )}
      <Typography variant="h6" gutterBottom>
        {t('calendar.versions')}
      </Typography>
      {(record.versions ?? []).length === 0 && (
        <Typography color="text.secondary">{t('calendar.no_versions')}</Typography>
      )}
      {(record.versions ?? []).map((v) => (
        <Box key={v.version} sx={{ mb: 1 }}>
          <Typography variant="body2">
            {t('calendar.version_line', {
              version: v.version,
              at: new Date(v.createdAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }),
              days: v.holidays.length,
            })}
          </Typography>
          <Typography variant="caption" color="text.secondary">
            {v.source}
          </Typography>
        </Box>
      ))}
    </Box>
  );
};

export const CalendarYearEdit = () => (
  <Edit mutationMode="pessimistic" redirect="list" transform={toBody} aside={<Versions />}>
    <CalendarForm />
  </Edit>
);
