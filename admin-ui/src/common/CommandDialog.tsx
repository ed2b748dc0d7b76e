import { Button, DialogActions, DialogContent, DialogTitle, Stack } from '@mui/material';
import { useMemo, useState, type ReactNode } from 'react';
import { Form, HttpError, SaveButton, useNotify, useRefresh, useTranslate } from 'react-admin';
import type { FieldValues } from 'react-hook-form';
import type { z } from 'zod';
import { withoutEmpty } from './forms';
import { ResponsiveDialog } from './responsive';
import { zodFormResolver } from './zodFormResolver';

const newKey = () => crypto.randomUUID();

/**
 * A dialog for one command on a record outside the case workflow (a general hazard's rectification, a checklist's
 * acceptance, a grid's staff change...): the form validates with the API's own zod schema before anything is sent,
 * `send` posts it (with an idempotency key kept across a network retry), a 422's field errors are shown beside the
 * inputs, any other refusal as a notification. A refused command changes nothing, so the form keeps what was typed.
 */
export function CommandDialog({
  open,
  onClose,
  title,
  schema,
  prepare,
  send,
  defaultValues,
  children,
  done = 'hazard.actions.done',
  submitLabel,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  schema: z.ZodType;
  /** The form's values as the API takes them (files left out: `send` uploads them first). */
  prepare?: (values: FieldValues) => unknown;
  send: (values: FieldValues, idempotencyKey: string) => Promise<unknown>;
  defaultValues?: Record<string, unknown>;
  children: ReactNode;
  done?: string;
  submitLabel?: string;
}) {
  const t = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [key, setKey] = useState(newKey);
  const resolver = useMemo(
    () => zodFormResolver(schema, { prepare: (v) => (prepare ?? ((x) => x))(withoutEmpty(v)) }),
    [schema, prepare],
  );
  const submit = async (values: FieldValues) => {
    try {
      await send(withoutEmpty(values), key);
      setKey(newKey());
      notify(done, { type: 'success' });
      onClose();
      refresh();
      return undefined;
    } catch (err) {
      if (!(err instanceof HttpError)) {
        notify('common.network_error', { type: 'error' });
        return undefined;
      }
      setKey(newKey());
      const fields = (err.body as { errors?: Record<string, string> } | undefined)?.errors;
      if (err.status === 422 && fields) return fields;
      notify(err.message, { type: 'error' });
      return undefined;
    }
  };
  const id = `command-${title}`;
  return (
    <ResponsiveDialog open={open} onClose={onClose} maxWidth="sm" aria-labelledby={id}>
      <Form
        key={String(open)}
        onSubmit={submit}
        resolver={resolver}
        defaultValues={defaultValues ?? {}}
        record={{}}
        noValidate
      >
        <DialogTitle id={id}>{title}</DialogTitle>
        <DialogContent dividers>
          <Stack>{children}</Stack>
        </DialogContent>
        <DialogActions sx={{ px: 3, py: 1.5 }}>
          <Button onClick={onClose}>{t('ra.action.cancel')}</Button>
          <SaveButton label={submitLabel ?? t('hazard.actions.submit')} alwaysEnable />
        </DialogActions>
      </Form>
    </ResponsiveDialog>
  );
}
