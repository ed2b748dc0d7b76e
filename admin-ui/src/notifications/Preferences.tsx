import SettingsIcon from '@mui/icons-material/TuneOutlined';
import { Alert, Button, Dialog, DialogContent, DialogTitle } from '@mui/material';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import {
  CheckboxGroupInput,
  Form,
  HttpError,
  SaveButton,
  TextInput,
  useNotify,
  useTranslate,
} from 'react-admin';
import type { FieldValues } from 'react-hook-form';
import { httpClient } from '../providers/http';

interface Prefs {
  email: string | null;
  phone: string | null;
  accountPhone: string | null;
  channels: ('email' | 'sms')[];
  available: ('email' | 'sms')[];
}

/** 通知方式: each person chooses e-mail and/or SMS besides the in-app notification centre. */
const PreferencesForm = ({ onSaved }: { onSaved: () => void }) => {
  const t = useTranslate();
  const notify = useNotify();
  const { data, refetch } = useQuery({
    queryKey: ['me', 'notification-preferences'],
    queryFn: async () => (await httpClient('/api/me/notification-preferences')).json as Prefs,
  });
  if (!data) return null;
  const submit = async (values: FieldValues) => {
    try {
      await httpClient('/api/me/notification-preferences', {
        method: 'PUT',
        body: JSON.stringify({
          email: values.email ? String(values.email).trim() : null,
          phone: values.phone ? String(values.phone).trim() : null,
          channels: values.channels ?? [],
        }),
      });
      notify('notifications.preferences.saved', { type: 'success' });
      await refetch();
      onSaved();
    } catch (err) {
      const fields =
        err instanceof HttpError ? (err.body as { errors?: Record<string, string> })?.errors : undefined;
      if (fields) return fields;
      notify((err as Error).message, { type: 'error' });
    }
    return undefined;
  };
  const choices = (['email', 'sms'] as const).map((c) => ({
    id: c,
    name: `${t(`notifications.preferences.channel.${c}`)}${
      data.available.includes(c) ? '' : t('notifications.preferences.unavailable')
    }`,
    disabled: !data.available.includes(c),
  }));
  return (
    <>
      <Alert severity="info" sx={{ mb: 2 }}>
        {t('notifications.preferences.intro')}
      </Alert>
      <Form
        onSubmit={submit}
        record={{ email: data.email ?? '', phone: data.phone ?? '', channels: data.channels }}
      >
        <TextInput source="email" type="email" label="notifications.preferences.email" fullWidth />
        <TextInput
          source="phone"
          label="notifications.preferences.phone"
          helperText={
            data.accountPhone
              ? t('notifications.preferences.phone_help', { phone: data.accountPhone })
              : t('notifications.preferences.phone_help_none')
          }
          fullWidth
        />
        <CheckboxGroupInput
          source="channels"
          label="notifications.preferences.channels"
          choices={choices}
          optionText="name"
        />
        <SaveButton label="ra.action.save" alwaysEnable />
      </Form>
    </>
  );
};

/** The button on the notification centre that opens the person's channel preferences. */
export const PreferencesButton = () => {
  const t = useTranslate();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="small" startIcon={<SettingsIcon />} onClick={() => setOpen(true)}>
        {t('notifications.preferences.menu')}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="sm">
        <DialogTitle>{t('notifications.preferences.title')}</DialogTitle>
        <DialogContent>{open && <PreferencesForm onSaved={() => setOpen(false)} />}</DialogContent>
      </Dialog>
    </>
  );
};
