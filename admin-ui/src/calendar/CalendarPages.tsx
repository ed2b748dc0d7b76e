import {
  Create,
  CreateButton,
  DataTable,
  Edit,
  List,
  maxValue,
  minValue,
  NumberInput,
  required,
  SimpleForm,
  TextInput,
  TopToolbar,
  useTranslate,
} from 'react-admin';

interface CalendarYearRecord {
  id: number;
  year: number;
  holidays: string[];
  workdays: string[];
  source: string;
}

/** Dates are typed one per line or separated by commas (pasting the State Council's notice is the usual way). */
export const splitDates = (v: unknown): string[] =>
  Array.isArray(v)
    ? (v as string[])
    : typeof v === 'string'
      ? v
          .split(/[\s,，、;；]+/)
          .map((s) => s.trim())
          .filter(Boolean)
      : [];
const asText = (v: unknown) => (Array.isArray(v) ? v.join('\n') : ((v as string | null | undefined) ?? ''));

const isDate = (s: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

/** Every date well-formed and in the year; no date both a holiday and a make-up working day. */
export const validateCalendar = (values: Record<string, unknown>) => {
  const errors: Record<string, { message: string; args: Record<string, unknown> }> = {};
  const year = Number(values.year);
  const holidays = splitDates(values.holidays);
  const workdays = splitDates(values.workdays);
  for (const [field, dates] of [
    ['holidays', holidays],
    ['workdays', workdays],
  ] as const) {
    const bad = dates.find((d) => !isDate(d));
    if (bad) errors[field] = { message: 'registry.calendar.bad_date', args: { value: bad } };
    else {
      const outside = dates.find((d) => Number(d.slice(0, 4)) !== year);
      if (outside && year)
        errors[field] = { message: 'registry.calendar.wrong_year', args: { value: outside, year } };
    }
  }
  const both = holidays.find((d) => workdays.includes(d));
  if (both && !errors.workdays)
    errors.workdays = { message: 'registry.calendar.both', args: { value: both } };
  return errors;
};

const toBody = (d: Record<string, unknown>) => ({
  year: Number(d.year),
  holidays: [...new Set(splitDates(d.holidays))].sort(),
  workdays: [...new Set(splitDates(d.workdays))].sort(),
  source: d.source,
});

/** 工作日历: public holidays and 调休 make-up working days, per year, as the State Council publishes them. */
export const CalendarYearList = () => {
  const t = useTranslate();
  return (
    <List
      sort={{ field: 'year', order: 'DESC' }}
      perPage={25}
      actions={
        <TopToolbar>
          <CreateButton />
        </TopToolbar>
      }
    >
      <DataTable rowClick="edit" bulkActionButtons={false}>
        <DataTable.Col source="year" />
        <DataTable.Col
          source="holidays"
          disableSort
          render={(r: CalendarYearRecord) => t('registry.calendar.count', { count: r.holidays.length })}
        />
        <DataTable.Col
          source="workdays"
          disableSort
          render={(r: CalendarYearRecord) => t('registry.calendar.count', { count: r.workdays.length })}
        />
        <DataTable.Col source="source" disableSort />
      </DataTable>
    </List>
  );
};

const DatesInput = ({ source }: { source: 'holidays' | 'workdays' }) => (
  <TextInput
    source={source}
    multiline
    minRows={4}
    format={asText}
    parse={(v: string) => v}
    helperText="registry.calendar.dates_help"
  />
);

export const CalendarYearCreate = () => (
  <Create redirect="list" transform={toBody}>
    <SimpleForm validate={validateCalendar} defaultValues={{ year: new Date().getFullYear() + 1 }}>
      <NumberInput source="year" validate={[required(), minValue(2000), maxValue(2100)]} />
      <DatesInput source="holidays" />
      <DatesInput source="workdays" />
      <TextInput source="source" validate={required()} />
    </SimpleForm>
  </Create>
);

export const CalendarYearEdit = () => (
  <Edit mutationMode="pessimistic" redirect="list" transform={toBody}>
    <SimpleForm validate={validateCalendar}>
      <NumberInput source="year" disabled />
      <DatesInput source="holidays" />
      <DatesInput source="workdays" />
      <TextInput source="source" validate={required()} />
    </SimpleForm>
  </Edit>
);
