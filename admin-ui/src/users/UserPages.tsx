import BlockIcon from '@mui/icons-material/Block';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import LockResetIcon from '@mui/icons-material/LockReset';
import { Chip, Dialog, DialogActions, DialogContent, DialogTitle } from '@mui/material';
import { useState } from 'react';
import {
  AutocompleteInput,
  BooleanInput,
  Button,
  Create,
  CreateButton,
  DataTable,
  Edit,
  FilterButton,
  Form,
  List,
  maxLength,
  PasswordInput,
  ReferenceField,
  ReferenceInput,
  required,
  SaveButton,
  SearchInput,
  SelectInput,
  SimpleForm,
  TextInput,
  Toolbar,
  TopToolbar,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
  useUpdate,
  type HttpError,
  type Validator,
} from 'react-admin';
import { useWatch } from 'react-hook-form';
import { roles } from '../../../domain/roles';
import { httpClient } from '../providers/http';
import { validatePhone } from '../registry/common';
import { ResponsiveDataTable } from '../common/responsive';

export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  role: (typeof roles)[number];
  regionCode: string | null;
  departmentId: string | null;
  enterpriseId: string | null;
  phone: string | null;
  unit: string | null;
  active: boolean;
}

const roleChoices = roles.map((r) => ({ id: r, name: `role.${r}` }));
const regionText = (r: { code: string; name: string }) => `${r.name}（${r.code}）`;
/** Roles whose every list is cut to a territory: without one they would see nothing. */
const REGION_BOUND = new Set(['supervisor', 'leader', 'grid_member']);

/** The password rule is checked again by the server; this only saves a round trip. */
export const validatePassword: Validator = (value: unknown) =>
  typeof value === 'string' && (value.length < 10 || !/[A-Za-z]/.test(value) || !/\d/.test(value))
    ? 'registry.validation.password'
    : undefined;

/** The fields an administrator sets; the server owns the rest (hash, lockout counters, timestamps). */
const pickUser = (d: Record<string, unknown>) => {
  const keys = [
    'username',
    'displayName',
    'password',
    'role',
    'regionCode',
    'departmentId',
    'enterpriseId',
    'phone',
    'unit',
    'active',
  ];
  return Object.fromEntries(keys.filter((k) => k in d && d[k] !== undefined).map((k) => [k, d[k] ?? null]));
};

const userFilters = [
  <SearchInput source="q" alwaysOn key="q" />,
  <SelectInput source="role" choices={roleChoices} key="role" />,
  <SelectInput
    source="active"
    key="active"
    choices={[
      { id: 'true', name: 'registry.user.enable' },
      { id: 'false', name: 'registry.user.inactive' },
    ]}
    parse={(v: string) => (v === '' ? undefined : v === 'true')}
    format={(v: unknown) => (v === undefined || v === null ? '' : String(v))}
  />,
];

/** 用户管理 (administrators only). */
export const UserList = () => {
  const t = useTranslate();
  return (
    <List
      filters={userFilters}
      sort={{ field: 'username', order: 'ASC' }}
      perPage={25}
      actions={
        <TopToolbar>
          <FilterButton />
          <CreateButton />
        </TopToolbar>
      }
    >
      <ResponsiveDataTable<UserRecord>
        rowClick="edit"
        bulkActionButtons={false}
        card={{
          overline: (r) => r.username,
          title: (r) => r.displayName,
          badges: (r) => (
            <>
              <Chip size="small" label={t(`role.${r.role}`)} />
              {!r.active && <Chip size="small" label={t('registry.user.inactive')} />}
            </>
          ),
          lines: (r) => [
            r.unit ?? '',
            r.enterpriseId ? (
              <ReferenceField source="enterpriseId" reference="enterprises" link={false} />
            ) : r.regionCode ? (
              <ReferenceField source="regionCode" reference="regions" link={false} />
            ) : (
              ''
            ),
            r.phone ?? '',
          ],
        }}
      >
        <DataTable.Col source="username" />
        <DataTable.Col source="displayName" />
        <DataTable.Col source="unit" disableSort render={(r: UserRecord) => r.unit ?? '—'} />
        <DataTable.Col source="role" render={(r: UserRecord) => t(`role.${r.role}`)} />
        <DataTable.Col source="regionCode" disableSort>
          <ReferenceField source="regionCode" reference="regions" link={false} emptyText="—" />
        </DataTable.Col>
        <DataTable.Col source="enterpriseId" disableSort>
          <ReferenceField source="enterpriseId" reference="enterprises" link={false} emptyText="—" />
        </DataTable.Col>
        <DataTable.Col source="phone" disableSort />
        <DataTable.Col
          source="active"
          render={(r: UserRecord) =>
            r.active ? (
              <Chip size="small" color="success" label={t('registry.user.enable')} />
            ) : (
              <Chip size="small" label={t('registry.user.inactive')} />
            )
          }
        />
      </ResponsiveDataTable>
    </List>
  );
};

/** Jurisdiction, department and enterprise: which ones a role needs follows the role chosen. */
const Affiliation = () => {
  const role = useWatch({ name: 'role' }) as string | undefined;
  const t = useTranslate();
  const needsRegion: Validator = (v: unknown) =>
    role && REGION_BOUND.has(role) && !v ? t('registry.user.needs_region') : undefined;
  const needsEnterprise: Validator = (v: unknown) =>
    role === 'enterprise' && !v ? t('registry.user.needs_enterprise') : undefined;
  return (
    <>
      {role !== 'enterprise' && (
        <ReferenceInput source="regionCode" reference="regions" sort={{ field: 'code', order: 'ASC' }}>
          <AutocompleteInput
            optionText={regionText}
            filterToQuery={(q: string) => ({ q })}
            validate={needsRegion}
          />
        </ReferenceInput>
      )}
      {role !== 'enterprise' && (
        <ReferenceInput source="departmentId" reference="departments" sort={{ field: 'name', order: 'ASC' }}>
          <AutocompleteInput optionText="name" filterToQuery={(q: string) => ({ q })} />
        </ReferenceInput>
      )}
      {role === 'enterprise' && (
        <ReferenceInput source="enterpriseId" reference="enterprises" sort={{ field: 'name', order: 'ASC' }}>
          <AutocompleteInput
            optionText="name"
            filterToQuery={(q: string) => ({ q })}
            validate={needsEnterprise}
          />
        </ReferenceInput>
      )}
    </>
  );
};

export const UserCreate = () => (
  <Create redirect="list" transform={pickUser}>
    <SimpleForm defaultValues={{ role: 'supervisor' }}>
      <TextInput
        source="username"
        validate={[required(), maxLength(64)]}
        slotProps={{ htmlInput: { autoComplete: 'off' } }}
      />
      <TextInput source="displayName" validate={[required(), maxLength(50)]} />
      <PasswordInput
        source="password"
        validate={[required(), validatePassword]}
        slotProps={{ htmlInput: { autoComplete: 'new-password' } }}
      />
      <SelectInput source="role" choices={roleChoices} validate={required()} />
      <Affiliation />
      <TextInput source="unit" validate={maxLength(60)} helperText="registry.user.unit_hint" />
      <TextInput source="phone" validate={validatePhone} />
    </SimpleForm>
  </Create>
);

/** Disabling keeps the account (and who did what) but ends its sessions and refuses its logins. */
export const ToggleActiveButton = () => {
  const record = useRecordContext<UserRecord>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [update, { isPending }] = useUpdate<UserRecord, HttpError>();
  if (!record) return null;
  const toggle = () =>
    update(
      'users',
      { id: record.id, data: { active: !record.active }, previousData: record },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => {
          notify(record.active ? 'registry.user.disabled' : 'registry.user.enabled', { type: 'success' });
          refresh();
        },
        onError: (e) => notify(e.message, { type: 'error' }),
      },
    );
  return (
    <Button
      label={record.active ? 'registry.user.disable' : 'registry.user.enable'}
      onClick={toggle}
      disabled={isPending}
      color={record.active ? 'error' : 'primary'}
    >
      {record.active ? <BlockIcon /> : <CheckCircleIcon />}
    </Button>
  );
};

/** Sets a new password chosen by the administrator, to be handed over to the user. */
export const ResetPasswordButton = () => {
  const record = useRecordContext<UserRecord>();
  const t = useTranslate();
  const notify = useNotify();
  const [open, setOpen] = useState(false);
  if (!record) return null;
  const submit = async (values: Record<string, unknown>) => {
    if (values.password !== values.confirm) return { confirm: 'registry.user.mismatch' };
    try {
      await httpClient(`/api/users/${encodeURIComponent(record.id)}/reset-password`, {
        method: 'POST',
        body: JSON.stringify({ password: values.password }),
      });
      notify('registry.user.reset_done', { type: 'success' });
      setOpen(false);
      return undefined;
    } catch (e) {
      const errors = (e as HttpError).body?.errors as Record<string, string> | undefined;
      if (errors) return errors;
      notify((e as Error).message, { type: 'error' });
      return undefined;
    }
  };
  return (
    <>
      <Button label="registry.user.reset_password" onClick={() => setOpen(true)}>
        <LockResetIcon />
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} aria-labelledby="reset-title">
        <Form onSubmit={submit} record={{ id: record.id }}>
          <DialogTitle id="reset-title">
            {t('registry.user.reset_title', { name: record.displayName })}
          </DialogTitle>
          <DialogContent>
            <PasswordInput
              source="password"
              label="registry.user.new_password"
              validate={[required(), validatePassword]}
              slotProps={{ htmlInput: { autoComplete: 'new-password' } }}
            />
            <PasswordInput
              source="confirm"
              label="registry.user.confirm_password"
              validate={required()}
              slotProps={{ htmlInput: { autoComplete: 'new-password' } }}
            />
          </DialogContent>
          <DialogActions>
            <Button label="ra.action.cancel" onClick={() => setOpen(false)} />
            <SaveButton alwaysEnable />
          </DialogActions>
        </Form>
      </Dialog>
    </>
  );
};

const EditToolbar = () => (
  <Toolbar>
    <SaveButton />
  </Toolbar>
);

export const UserEdit = () => (
  <Edit
    mutationMode="pessimistic"
    redirect="list"
    transform={(d: Record<string, unknown>) => {
      const { username: _u, password: _p, ...rest } = pickUser(d);
      return rest;
    }}
    actions={
      <TopToolbar>
        <ResetPasswordButton />
        <ToggleActiveButton />
      </TopToolbar>
    }
  >
    <SimpleForm toolbar={<EditToolbar />}>
      <TextInput source="username" disabled />
      <TextInput source="displayName" validate={[required(), maxLength(50)]} />
      <SelectInput source="role" choices={roleChoices} validate={required()} />
      <Affiliation />
      <TextInput source="unit" validate={maxLength(60)} helperText="registry.user.unit_hint" />
      <TextInput source="phone" validate={validatePhone} />
      <BooleanInput source="active" />
    </SimpleForm>
  </Edit>
);
