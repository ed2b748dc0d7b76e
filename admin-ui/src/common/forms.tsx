import CloudUploadIcon from '@mui/icons-material/CloudUploadOutlined';
import { Alert, Box, Typography } from '@mui/material';
import { DatePicker } from '@mui/x-date-pickers/DatePicker';
import { AdapterDateFns } from '@mui/x-date-pickers/AdapterDateFns';
import { LocalizationProvider } from '@mui/x-date-pickers/LocalizationProvider';
import { enUS as pickersEn, zhCN as pickersZh } from '@mui/x-date-pickers/locales';
import { format as formatDateFns, isValid, parseISO } from 'date-fns';
import { enGB, zhCN } from 'date-fns/locale';
import { useMemo, useState, type ReactNode } from 'react';
import {
  FieldTitle,
  FileField,
  FileInput,
  InputHelperText,
  useInput,
  useLocaleState,
  useTranslate,
  type FileInputProps,
} from 'react-admin';
import { useFormState } from 'react-hook-form';
import { z } from 'zod';
import { acceptedFileTypes, fileTypes, type DocumentKind } from '../../../domain/uploads';

/**
 * The forms' conventions, shared by every resource: a field the schema requires is marked *, the limits a value
 * must keep (length, range, earliest and latest date, accepted files) are said under the field before anything is
 * submitted, dates are picked and shown as yyyy-MM-dd, and files are dropped in a Chinese upload box that names
 * what it takes and what it refused. Messages come from the one Chinese zod map (domain/zod-zh.ts).
 */

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof File) && !(v instanceof Date);

/**
 * Inputs report an emptied field as null or ''; the shared schemas treat a missing optional field as absent. A group
 * of inputs left entirely empty (an optional sub-object) is absent too.
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

interface JsonSchemaNode {
  type?: string | string[];
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  items?: JsonSchemaNode;
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  maxItems?: number;
  minItems?: number;
  anyOf?: JsonSchemaNode[];
  allOf?: JsonSchemaNode[];
}

/** Lengths above this are no real limit to a person typing (a 5,000-character description): not worth a line. */
const SHOWN_MAX_LENGTH = 500;

export interface FieldHint {
  isRequired: boolean;
  helperText: ReactNode;
}

/**
 * Required markers and limits read from the form's own zod schema (the API's), so the form cannot promise other
 * limits than the server keeps. `hint('penalty.kind')` → `{ isRequired, helperText }` to spread on an input;
 * `extra` adds a line (a date range, a unit). A field required only under a condition (a refinement) is marked by
 * passing `{ required: true }`.
 */
export function useSchemaHints(schema: z.ZodType) {
  const t = useTranslate();
  const json = useMemo(
    () =>
      z.toJSONSchema(schema, {
        io: 'input',
        unrepresentable: 'any',
        target: 'draft-2020-12',
      }) as JsonSchemaNode,
    [schema],
  );
  return (path: string, opts: { extra?: ReactNode; required?: boolean } = {}): FieldHint => {
    let node: JsonSchemaNode | undefined = json;
    let required = false;
    for (const key of path.split('.')) {
      const parent: JsonSchemaNode | undefined = node?.anyOf?.find((n) => n.properties) ?? node;
      required = !!parent?.required?.includes(key);
      node = parent?.properties?.[key];
    }
    const parts: string[] = [];
    if (node) {
      const n = node.anyOf?.find((x) => x.type !== 'null') ?? node;
      if (n.maxLength !== undefined && n.maxLength <= SHOWN_MAX_LENGTH)
        parts.push(t('forms.hint.max_length', { max: n.maxLength }));
      const min = n.minimum ?? n.exclusiveMinimum;
      const max = n.maximum ?? n.exclusiveMaximum;
      if (min !== undefined && max !== undefined && max < 1e9)
        parts.push(t('forms.hint.range', { min, max }));
      else if (n.exclusiveMinimum !== undefined)
        parts.push(t('forms.hint.above', { min: n.exclusiveMinimum }));
      else if (n.minimum !== undefined && n.minimum !== 0)
        parts.push(t('forms.hint.at_least', { min: n.minimum }));
      if (n.maxItems !== undefined && n.maxItems < 50)
        parts.push(t('forms.hint.max_items', { max: n.maxItems }));
    }
    const text = parts.join('；');
    return {
      isRequired: opts.required ?? required,
      helperText:
        opts.extra && text ? (
          <>
            {opts.extra}；{text}
          </>
        ) : (
          (opts.extra ?? (text || false))
        ),
    };
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** What an unfinished or impossible typed date is stored as: the schema's date check then says how to write it. */
const INVALID_DATE = 'invalid-date';

export interface DateInputProps {
  source: string;
  label?: string;
  /** Earliest and latest day that may be picked ('yyyy-MM-dd'); both are said under the field. */
  minDate?: string;
  maxDate?: string;
  helperText?: ReactNode;
  isRequired?: boolean;
  fullWidth?: boolean;
  /** Set by react-admin in filter forms. */
  alwaysOn?: boolean;
  className?: string;
}

/**
 * A date field that reads and writes yyyy-MM-dd whatever the browser's locale (the native picker shows mm/dd/yyyy
 * to an en-US browser), with a calendar that greys out the days outside [minDate, maxDate]. The value is the plain
 * 'yyyy-MM-dd' string the schemas take.
 */
export const DateInput = ({
  source,
  label,
  minDate,
  maxDate,
  helperText,
  isRequired,
  fullWidth,
  className,
}: DateInputProps) => {
  const t = useTranslate();
  const [locale] = useLocaleState();
  const { field, fieldState, isRequired: required, id } = useInput({ source, isRequired });
  const { isSubmitted } = useFormState();
  const value = typeof field.value === 'string' && DATE.test(field.value) ? parseISO(field.value) : null;
  const range =
    minDate && maxDate
      ? t('forms.hint.date_between', { min: minDate, max: maxDate })
      : minDate
        ? t('forms.hint.date_from', { min: minDate })
        : maxDate
          ? t('forms.hint.date_until', { max: maxDate })
          : undefined;
  // A message key is said in the language (react-admin's own inputs translate a string helperText; this one too).
  const help = typeof helperText === 'string' ? t(helperText, { _: helperText }) : helperText;
  const shown = [range, help].filter(Boolean);
  const invalid = fieldState.invalid && (fieldState.isTouched || isSubmitted);
  const en = locale === 'en';
  return (
    <LocalizationProvider
      dateAdapter={AdapterDateFns}
      adapterLocale={en ? enGB : zhCN}
      localeText={(en ? pickersEn : pickersZh).components.MuiLocalizationProvider.defaultProps.localeText}
    >
      <DatePicker
        className={className}
        label={
          label === undefined || label ? (
            <FieldTitle label={label} source={source} isRequired={required} />
          ) : null
        }
        value={value}
        format="yyyy-MM-dd"
        minDate={minDate ? parseISO(minDate) : undefined}
        maxDate={maxDate ? parseISO(maxDate) : undefined}
        onChange={(d) => {
          if (d === null) field.onChange(null);
          else field.onChange(isValid(d) ? formatDateFns(d, 'yyyy-MM-dd') : INVALID_DATE);
        }}
        onClose={field.onBlur}
        slotProps={{
          textField: {
            id,
            name: field.name,
            onBlur: field.onBlur,
            inputRef: field.ref,
            error: invalid,
            fullWidth,
            size: 'small',
            margin: 'dense',
            sx: fullWidth ? undefined : { minWidth: 200 },
            helperText:
              invalid || shown.length ? (
                <InputHelperText
                  error={invalid ? fieldState.error?.message : undefined}
                  helperText={
                    shown.length ? (
                      <>
                        {shown.reduce((a, b) => (
                          <>
                            {a}；{b}
                          </>
                        ))}
                      </>
                    ) : (
                      false
                    )
                  }
                />
              ) : null,
          },
        }}
      />
    </LocalizationProvider>
  );
};

/** react-dropzone's accept map for a document kind: { 'application/pdf': ['.pdf'], ... }. */
const dropzoneAccept = (kind: DocumentKind) =>
  Object.fromEntries(
    acceptedFileTypes[kind].flatMap((g) => fileTypes[g].mime.map((m) => [m, [...fileTypes[g].ext]])),
  );

export const fileTypeLabel = (kind: DocumentKind, t: (key: string) => string) => {
  const labels = acceptedFileTypes[kind].map((g) => t(`forms.upload.types.${g}`));
  return labels.length === 1
    ? labels[0]!
    : `${labels.slice(0, -1).join('、')}${t('forms.upload.or')}${labels.at(-1)}`;
};

export type UploadInputProps = Omit<FileInputProps, 'accept' | 'children' | 'placeholder'> & {
  /** The kind of document the files become: it decides which files are accepted (domain/uploads.ts). */
  kind: DocumentKind;
};

/**
 * The upload box: says in Chinese what to do and which files it takes before any is picked, and names each file it
 * refused and why, instead of dropping it without a word.
 */
export const UploadInput = ({
  kind,
  source = 'files',
  multiple = true,
  helperText,
  ...props
}: UploadInputProps) => {
  const t = useTranslate();
  const [refused, setRefused] = useState<string[]>([]);
  const types = fileTypeLabel(kind, t);
  return (
    <Box sx={{ width: '100%' }}>
      <FileInput
        source={source}
        multiple={multiple}
        accept={dropzoneAccept(kind)}
        helperText={helperText ?? t('forms.upload.accepts', { types })}
        // The hidden file input is what a screen reader reaches: it carries the field's name.
        inputProps={{
          'aria-label':
            typeof props.label === 'string'
              ? t(props.label, { _: props.label })
              : t(multiple ? 'forms.upload.drop_several' : 'forms.upload.drop_one'),
        }}
        options={{
          onDropRejected: (rejections) => setRefused(rejections.map((r) => r.file.name)),
          onDropAccepted: () => setRefused([]),
        }}
        placeholder={
          <Box
            sx={{
              display: 'flex',
              flexDirection: 'column',
              alignItems: 'center',
              gap: 0.5,
              py: 2,
              border: 1,
              borderStyle: 'dashed',
              borderColor: 'divider',
              borderRadius: 1,
              color: 'text.secondary',
            }}
          >
            <CloudUploadIcon color="action" />
            <Typography variant="body2" color="text.primary">
              {t(multiple ? 'forms.upload.drop_several' : 'forms.upload.drop_one')}
            </Typography>
            <Typography variant="caption">{t('forms.upload.accepts', { types })}</Typography>
          </Box>
        }
        {...props}
      >
        <FileField source="src" title="title" target="_blank" />
      </FileInput>
      {refused.length > 0 && (
        <Alert severity="error" sx={{ mt: 0.5 }} data-testid="upload-refused">
          {t('forms.upload.refused', { names: refused.join('、'), types })}
        </Alert>
      )}
    </Box>
  );
};
