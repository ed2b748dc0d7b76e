import { zodResolver } from '@hookform/resolvers/zod';
import { Button, DialogActions, DialogContent, DialogTitle, Stack } from '@mui/material';
import { useMemo, useState } from 'react';
import {
  Form,
  HttpError,
  SaveButton,
  useDataProvider,
  useGetIdentity,
  useNotify,
  usePermissions,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import type { FieldValues, Resolver } from 'react-hook-form';
import { allowedActions, type ActionableCase, type CaseAction } from '../../../../domain/case-actions';
import type { Role } from '../../../../domain/roles';
import type { DubanDataProvider } from '../../providers/dataProvider';
import { pastDateErrors } from '../../../../domain/command-dates';
import { ResponsiveDialog } from '../../common/responsive';
import { ACTION_FORMS, FormSchemaContext, type CaseForForms } from './actionForms';

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof File) && !(v instanceof Date);

/**
 * Inputs report an emptied field as null or ''; the shared schemas treat a missing optional field as absent. A group
 * of inputs left entirely empty (the optional penalty of an escalation outcome) is absent too.
 */
export function withoutEmpty<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutEmpty) as T;
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === null || v === '' || v === undefined) continue;
      const cleaned = withoutEmpty(v);
      if (isPlainObject(cleaned) && Object.keys(cleaned).length === 0) continue;
      out[k] = cleaned;
    }
    return out as T;
  }
  return value;
}

const newKey = () => crypto.randomUUID();

/**
 * The dialog for one command: the form validates with the API's zod schema, uploads picked files to the case,
 * sends the command with an idempotency key, and shows the API's field errors (422) beside the inputs and its
 * refusal (409) as a notification. A rejected command changes nothing, so the form keeps what was typed.
 */
export const ActionDialog = ({
  action,
  record,
  open,
  onClose,
}: {
  action: CaseAction;
  record: CaseForForms;
  open: boolean;
  onClose: () => void;
}) => {
  const t = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<DubanDataProvider>();
  const form = ACTION_FORMS[action];
  // Kept across a network retry so the server applies the command once; renewed after an answer.
  const [key, setKey] = useState(newKey);
  const resolver = useMemo<Resolver<FieldValues>>(() => {
    const zr = zodResolver(form.schema as never) as unknown as Resolver<FieldValues>;
    // The schema's checks, and the one the API adds at the edge: a date set for the future must be after today.
    return async (values, ctx, options) => {
      const result = await zr(withoutEmpty(values), ctx, options);
      const past = Object.entries(pastDateErrors(action, values));
      if (past.length === 0) return result;
      return {
        values: {},
        errors: {
          ...result.errors,
          ...Object.fromEntries(past.map(([k, message]) => [k, { type: 'min', message }])),
        },
      };
    };
  }, [form.schema, action]);

  const submit = async (values: FieldValues) => {
    const { files = [], ...rest } = withoutEmpty(values) as {
      files?: Array<{ rawFile: File }>;
    } & Record<string, unknown>;
    try {
      const single = form.singleFile;
      if (single) {
        // The form's own file (a signed scan): uploaded first, sent as its id.
        const picked = rest[single.source] as { rawFile: File } | Array<{ rawFile: File }> | undefined;
        const file = Array.isArray(picked) ? picked[0] : picked;
        delete rest[single.source];
        if (file) rest[single.to] = (await dataProvider.upload(record.id, single.kind, file.rawFile)).id;
      }
      const documentIds: string[] = [];
      for (const file of files) {
        const doc = await dataProvider.upload(record.id, form.documentKind ?? 'evidence', file.rawFile);
        documentIds.push(doc.id);
      }
      const body = form.documentKind ? { ...rest, documentIds } : rest;
      await dataProvider.command(record.id, action, body, key);
      setKey(newKey());
      notify(`actions.${action}.done`, { type: 'success' });
      onClose();
      refresh();
      return undefined;
    } catch (err) {
      if (!(err instanceof HttpError)) {
        // Network failure: keep the key, so pressing submit again cannot apply the command twice.
        notify('common.network_error', { type: 'error' });
        return undefined;
      }
      setKey(newKey());
      const fields = (err.body as { errors?: Record<string, string> } | undefined)?.errors;
      if (err.status === 422 && fields) return fields; // react-admin puts these beside the inputs
      notify(err.message, { type: 'error' });
      return undefined;
    }
  };

  return (
    <ResponsiveDialog open={open} onClose={onClose} maxWidth="md" aria-labelledby={`action-${action}`}>
      <Form
        key={String(open)}
        onSubmit={submit}
        resolver={resolver}
        defaultValues={form.defaults?.(record) ?? {}}
        record={{}}
        noValidate
      >
        <DialogTitle id={`action-${action}`}>{t(`actions.${action}.title`)}</DialogTitle>
        <DialogContent dividers>
          <FormSchemaContext.Provider value={{ schema: form.schema, action }}>
            <Stack>
              <form.Fields record={record} />
            </Stack>
          </FormSchemaContext.Provider>
        </DialogContent>
        <DialogActions sx={{ px: 3, py: 1.5 }}>
          <Button onClick={onClose}>{t('ra.action.cancel')}</Button>
          <SaveButton label={t('actions.submit')} alwaysEnable />
        </DialogActions>
      </Form>
    </ResponsiveDialog>
  );
};

/** The buttons for the commands the caller may issue on this case in its state; nothing else is offered. */
export const CaseActions = () => {
  const record = useRecordContext<CaseForForms & ActionableCase>();
  const { permissions } = usePermissions<Role>();
  const { identity } = useGetIdentity();
  const t = useTranslate();
  const [open, setOpen] = useState<CaseAction | null>(null);
  if (!record || !permissions || !identity) return null;
  const actions = allowedActions(record, {
    role: permissions,
    enterpriseId: (identity.enterpriseId as string | null | undefined) ?? null,
    id: String(identity.id),
    regionPath: (identity.regionPath as string | null | undefined) ?? null,
  });
  // The next step of the case comes first and stands out; measures (停表, 升级督办) follow in outline, and 撤销 —
  // which ends the case — comes last as a plain text button, never as prominent as the work itself.
  const rank = (a: CaseAction) => ({ primary: 0, warning: 1, error: 2 })[ACTION_FORMS[a].tone ?? 'primary'];
  const ordered = [...actions].sort((a, b) => rank(a) - rank(b));
  return (
    <Stack direction="row" spacing={1} useFlexGap sx={{ my: 1, flexWrap: 'wrap' }} data-testid="case-actions">
      {ordered.map((a, i) => {
        const tone = ACTION_FORMS[a].tone ?? 'primary';
        return (
          <Button
            key={a}
            variant={tone === 'error' ? 'text' : tone === 'warning' || i > 0 ? 'outlined' : 'contained'}
            size="small"
            // Orange outline text is too faint on white (WCAG contrast): a measure is outlined in the primary colour.
            color={tone === 'error' ? 'error' : 'primary'}
            onClick={() => setOpen(a)}
            data-action={a}
            sx={tone === 'error' ? { ml: { sm: 'auto' } } : undefined}
          >
            {t(`actions.${a}.title`)}
          </Button>
        );
      })}
      {open && <ActionDialog action={open} record={record} open onClose={() => setOpen(null)} />}
    </Stack>
  );
};
