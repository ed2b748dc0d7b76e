import { Box, Chip, Stack, Typography } from '@mui/material';
import {
  BooleanInput,
  Create,
  CreateButton,
  Edit,
  List,
  NumberInput,
  SearchInput,
  SelectInput,
  SimpleForm,
  TextInput,
  TopToolbar,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { useWatch, type FieldValues } from 'react-hook-form';
import { industryCreateSchema, industryUpdateSchema } from '../../../domain/industries';
import { DateInput, withoutEmpty } from '../common/forms';
import { ResponsiveDataTable } from '../common/responsive';
import { zodFormResolver } from '../common/zodFormResolver';
import { DataTable } from 'react-admin';
import { useIndustries, type IndustryRecord } from './useIndustries';

interface IndustryDetail extends IndustryRecord {
  versions?: Array<{ version: number; name: string; active: boolean; createdAt: string }>;
  departmentVersions?: Array<{
    level: 'city' | 'county';
    version: number;
    departmentName: string | null;
    effectiveFrom: string;
  }>;
}

const shanghaiToday = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const at = (iso: string) =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));

/** What the API is sent on create: empty inputs are absent, the order a number. */
export const toCreateBody = (d: FieldValues) =>
  withoutEmpty({
    code: d.code,
    name: d.name,
    parentCode: d.parentCode || null,
    sortOrder: d.sortOrder == null || d.sortOrder === '' ? 0 : Number(d.sortOrder),
    cityDepartment: d.parentCode ? d.cityDepartment || null : null,
    countyDepartment: d.parentCode ? d.countyDepartment || null : null,
    effectiveFrom: d.effectiveFrom || null,
    source: d.source || null,
  });
/** What the API is sent on edit: the fields an administrator changes, and the version edited. */
export const toUpdateBody = (d: FieldValues) =>
  withoutEmpty({
    name: d.name,
    sortOrder: d.sortOrder == null || d.sortOrder === '' ? 0 : Number(d.sortOrder),
    active: d.active !== false,
    ...(d.parentCode
      ? { cityDepartment: d.cityDepartment || null, countyDepartment: d.countyDepartment || null }
      : {}),
    effectiveFrom: d.effectiveFrom || null,
    source: d.source || null,
    version: d.version ?? null,
  });

const createResolver = zodFormResolver(industryCreateSchema, { prepare: toCreateBody });
const updateResolver = zodFormResolver(industryUpdateSchema, { prepare: toUpdateBody });

const Department = ({ name }: { name: string | null }) => {
  const t = useTranslate();
  return name ? (
    <>{name}</>
  ) : (
    <Typography component="span" color="text.secondary">
      {t('industries.unmapped')}
    </Typography>
  );
};

const Scheduled = ({ r }: { r: IndustryRecord }) => {
  const t = useTranslate();
  if (r.scheduled.length === 0) return null;
  return (
    <Typography variant="caption" color="text.secondary" component="div">
      {r.scheduled
        .map((s) =>
          t('industries.scheduled', {
            date: s.effectiveFrom,
            level: t(`industries.level.${s.level}`),
            name: s.departmentName ?? t('industries.unmapped'),
          }),
        )
        .join('；')}
    </Typography>
  );
};

const NameCell = ({ r }: { r: IndustryRecord }) => {
  const t = useTranslate();
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', pl: r.parentCode ? 3 : 0 }}>
      <Typography variant="body2" sx={{ fontWeight: r.parentCode ? 400 : 600 }}>
        {r.name}
      </Typography>
      <Chip
        size="small"
        variant="outlined"
        label={t(r.parentCode ? 'industries.sub' : 'industries.category')}
      />
      {!r.active && <Chip size="small" color="warning" label={t('industries.retired')} />}
    </Stack>
  );
};

const filters = [
  <SearchInput source="q" alwaysOn key="q" />,
  <SelectInput
    source="level"
    key="level"
    label="industries.category"
    choices={[
      { id: 'category', name: 'industries.category' },
      { id: 'sub', name: 'industries.sub' },
    ]}
  />,
];

/** 行业分类: every 大类 followed by its 小类, each 小类 with its city and county departments in force today. */
export const IndustryList = () => {
  const t = useTranslate();
  const industries = useIndustries();
  return (
    <List
      title="industries.title"
      pagination={false}
      perPage={1000}
      filters={filters}
      actions={
        <TopToolbar>
          <CreateButton />
        </TopToolbar>
      }
    >
      <ResponsiveDataTable<IndustryRecord>
        rowClick="edit"
        bulkActionButtons={false}
        card={{
          title: (r) => (r.parentCode ? `${industries.name(r.parentCode)} / ${r.name}` : r.name),
          badges: (r) => (
            <Stack direction="row" spacing={0.5}>
              <Chip
                size="small"
                variant="outlined"
                label={t(r.parentCode ? 'industries.sub' : 'industries.category')}
              />
              {!r.active && <Chip size="small" color="warning" label={t('industries.retired')} />}
            </Stack>
          ),
          lines: (r) =>
            r.parentCode
              ? [
                  `${t('resources.industries.fields.cityDepartment')}：${r.cityDepartment ?? t('industries.unmapped')}`,
                  `${t('resources.industries.fields.countyDepartment')}：${r.countyDepartment ?? t('industries.unmapped')}`,
                  <Scheduled r={r} key="s" />,
                ]
              : [],
          overline: (r) => r.code,
        }}
      >
        <DataTable.Col source="name" disableSort render={(r: IndustryRecord) => <NameCell r={r} />} />
        <DataTable.Col source="code" disableSort />
        <DataTable.Col
          source="cityDepartment"
          disableSort
          render={(r: IndustryRecord) => (r.parentCode ? <Department name={r.cityDepartment} /> : '')}
        />
        <DataTable.Col
          source="countyDepartment"
          disableSort
          render={(r: IndustryRecord) =>
            r.parentCode ? (
              <>
                <Department name={r.countyDepartment} />
                <Scheduled r={r} />
              </>
            ) : (
              ''
            )
          }
        />
        <DataTable.Col source="version" disableSort />
      </ResponsiveDataTable>
    </List>
  );
};

/** The department inputs, for a 小类 only (a 大类 has none: seed 004 maps each 小类). */
const DepartmentInputs = () => {
  const parentCode = useWatch({ name: 'parentCode' }) as string | null | undefined;
  if (!parentCode) return null;
  return (
    <>
      <TextInput source="cityDepartment" fullWidth helperText="industries.department_help" />
      <TextInput source="countyDepartment" fullWidth helperText="industries.department_help" />
      <DateInput source="effectiveFrom" minDate={shanghaiToday()} helperText="industries.effective_help" />
    </>
  );
};

export const IndustryCreate = () => {
  const { categoryChoices } = useIndustries();
  return (
    <Create redirect="list" transform={toCreateBody}>
      <SimpleForm resolver={createResolver} defaultValues={{ sortOrder: 0 }}>
        <SelectInput
          source="parentCode"
          choices={categoryChoices}
          translateChoice={false}
          emptyText="industries.category"
        />
        <TextInput source="code" fullWidth helperText="industries.code_help" />
        <TextInput source="name" fullWidth />
        <NumberInput source="sortOrder" />
        <DepartmentInputs />
        <TextInput source="source" fullWidth helperText="industries.source_help" />
      </SimpleForm>
    </Create>
  );
};

/** Every version of the 大类/小类 and of its departments, newest first. */
const Versions = () => {
  const t = useTranslate();
  const record = useRecordContext<IndustryDetail>();
  if (!record) return null;
  return (
    <Box sx={{ p: 2, minWidth: 260 }}>
      <Typography variant="h6" component="h2" gutterBottom>
        {t('industries.versions')}
      </Typography>
      {(record.versions ?? []).map((v) => (
        <Typography variant="body2" key={v.version}>
          {t('industries.version_line', {
            version: v.version,
            at: at(v.createdAt),
            name: v.name,
            state: v.active ? '' : `（${t('industries.retired')}）`,
          })}
        </Typography>
      ))}
      {(record.departmentVersions ?? []).length > 0 && (
        <>
          <Typography variant="h6" component="h2" gutterBottom sx={{ mt: 2 }}>
            {t('industries.department_versions')}
          </Typography>
          {[...(record.departmentVersions ?? [])].reverse().map((v) => (
            <Typography variant="body2" key={`${v.level}${v.version}`}>
              {t('industries.department_line', {
                level: t(`industries.level.${v.level}`),
                version: v.version,
                from: v.effectiveFrom,
                name: v.departmentName ?? t('industries.unmapped'),
              })}
            </Typography>
          ))}
        </>
      )}
    </Box>
  );
};

export const IndustryEdit = () => (
  <Edit mutationMode="pessimistic" redirect="list" transform={toUpdateBody} aside={<Versions />}>
    <SimpleForm resolver={updateResolver}>
      <TextInput source="code" disabled fullWidth />
      <TextInput source="name" fullWidth />
      <NumberInput source="sortOrder" />
      <BooleanInput source="active" />
      <DepartmentInputs />
      <TextInput source="source" fullWidth helperText="industries.source_help" />
    </SimpleForm>
  </Edit>
);
