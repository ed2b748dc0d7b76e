import { Alert, Box, Typography } from '@mui/material';
import { useEffect, useMemo, useState } from 'react';
import {
  ArrayInput,
  AutocompleteInput,
  Create,
  FormDataConsumer,
  NumberInput,
  ReferenceInput,
  SelectInput,
  SimpleForm,
  SimpleFormIterator,
  TextInput,
  useNotify,
  useTranslate,
} from 'react-admin';
import { useFormContext, useWatch, type FieldValues } from 'react-hook-form';
import { indicatorCodes, indicators } from '../../../domain/scores/indicators';
import { monthOf } from '../../../domain/scores/month';
import {
  DEFAULT_SCORE_SCHEME,
  diffSchemes,
  ruleKindLabels,
  schemeInputSchema,
  schemeSections,
  scoreSchemeSchema,
  type ScoreScheme,
} from '../../../domain/scores/scheme';
import { zodFormResolver } from '../common/zodFormResolver';
import { httpClient } from '../providers/http';
import { Heading, SimpleTable } from './common';

/**
 * A form's scheme as the API takes it: an item without a points rule kind has no rule (参考指标), and only the
 * chosen kind's parameters are sent.
 */
function cleanBody(body: unknown): unknown {
  if (!body || typeof body !== 'object') return body;
  const b = body as { sections?: Record<string, Array<Record<string, unknown>> | undefined> };
  if (!b.sections) return body;
  const sections = Object.fromEntries(
    Object.entries(b.sections).map(([k, items]) => [
      k,
      (items ?? []).map((it) => {
        const rule = it.rule as Record<string, unknown> | null | undefined;
        if (!rule?.kind) {
          const { rule: _r, ...rest } = it;
          return rest;
        }
        const keep =
          rule.kind === 'linear'
            ? { kind: 'linear', floor: rule.floor, target: rule.target }
            : rule.kind === 'bands'
              ? { kind: 'bands', bands: rule.bands ?? [] }
              : { kind: 'deduct', per: rule.per };
        return { ...it, rule: keep };
      }),
    ]),
  );
  return { ...b, sections };
}
const clean = (v: FieldValues) => ({ ...v, body: cleanBody(v.body) });
const resolver = zodFormResolver(schemeInputSchema, { prepare: clean });

const regionText = (r: { code: string; name: string }) => `${r.name}（${r.code}）`;
const indicatorChoices = indicatorCodes.map((c) => ({ id: c, name: indicators[c].name }));
const ruleChoices = (['linear', 'bands', 'deduct'] as const).map((k) => ({ id: k, name: ruleKindLabels[k] }));

/** Loads the scheme in force for the region and month chosen as the starting point, and reports it for the diff. */
const StartFromInForce = ({
  onLoaded,
}: {
  onLoaded: (s: { scheme: ScoreScheme; label: string }) => void;
}) => {
  const { setValue } = useFormContext();
  const t = useTranslate();
  const notify = useNotify();
  const regionCode = useWatch({ name: 'regionCode' }) as string | undefined;
  const month = useWatch({ name: 'effectiveFrom' }) as string | undefined;
  const [loadedFor, setLoadedFor] = useState<string | null>(null);
  useEffect(() => {
    if (!regionCode || !month || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return;
    let stale = false;
    httpClient(
      `/api/scores/schemes/in-force?regionCode=${encodeURIComponent(regionCode)}&month=${encodeURIComponent(month)}`,
    )
      .then(({ json }) => {
        if (stale) return;
        const r = json as {
          scheme: ScoreScheme;
          source: { regionName: string; version: number; effectiveFrom: string } | null;
        };
        // The body is loaded once per region (a change of month only changes what it is compared with).
        if (loadedFor !== regionCode) {
          setValue('body', structuredClone(r.scheme), { shouldDirty: false });
          setLoadedFor(regionCode);
        }
        onLoaded({
          scheme: r.scheme,
          label: r.source
            ? t('scores.schemes.form.replaces', {
                region: r.source.regionName,
                version: r.source.version,
                from: r.source.effectiveFrom,
              })
            : t('scores.schemes.form.replaces_default'),
        });
      })
      .catch((e: Error) => notify(e.message, { type: 'error' }));
    return () => {
      stale = true;
    };
  }, [regionCode, month]);
  return null;
};

/** What the version changes against the scheme in force, once the form holds a valid scheme. */
const SchemeDiff = ({ replaced }: { replaced: { scheme: ScoreScheme; label: string } | null }) => {
  const t = useTranslate();
  const body = useWatch({ name: 'body' }) as unknown;
  const parsed = useMemo(() => scoreSchemeSchema.safeParse(cleanBody(body)), [body]);
  if (!replaced) return null;
  const changes = parsed.success ? diffSchemes(replaced.scheme, parsed.data) : null;
  return (
    <Box sx={{ width: '100%' }} data-testid="scheme-diff">
      <Heading>{t('scores.schemes.form.diff')}</Heading>
      <Typography variant="body2" sx={{ mb: 1 }}>
        {replaced.label}
      </Typography>
      {changes === null ? (
        <Alert severity="info">{t('scores.schemes.form.diff_incomplete')}</Alert>
      ) : changes.length === 0 ? (
        <Alert severity="info">{t('scores.schemes.form.no_changes')}</Alert>
      ) : (
        <SimpleTable
          caption={t('scores.schemes.form.diff')}
          head={[
            t('scores.schemes.form.where'),
            t('scores.schemes.form.before'),
            t('scores.schemes.form.after'),
          ]}
          rows={changes.map((c) => [c.where, c.before, c.after])}
        />
      )}
    </Box>
  );
};

const ItemInputs = () => (
  <>
    <SelectInput
      source="indicator"
      label="scores.schemes.indicator"
      choices={indicatorChoices}
      translateChoice={false}
    />
    <NumberInput source="weight" label="scores.schemes.weight" min={0} max={100} sx={{ width: 110 }} />
    <SelectInput
      source="rule.kind"
      label="scores.schemes.rule"
      choices={ruleChoices}
      translateChoice={false}
      emptyText="scores.schemes.shown_only"
    />
    <FormDataConsumer>
      {({ scopedFormData }) => {
        const kind = (scopedFormData as { rule?: { kind?: string } } | undefined)?.rule?.kind;
        if (kind === 'linear')
          return (
            <>
              <NumberInput source="rule.floor" label="scores.schemes.form.floor" sx={{ width: 130 }} />
              <NumberInput source="rule.target" label="scores.schemes.form.target" sx={{ width: 130 }} />
            </>
          );
        if (kind === 'deduct')
          return <NumberInput source="rule.per" label="scores.schemes.form.per" sx={{ width: 130 }} />;
        if (kind === 'bands')
          return (
            <ArrayInput source="rule.bands" label="scores.schemes.form.bands">
              <SimpleFormIterator inline disableReordering>
                <NumberInput source="from" label="scores.schemes.form.band_from" sx={{ width: 120 }} />
                <NumberInput source="share" label="scores.schemes.form.band_share" sx={{ width: 120 }} />
              </SimpleFormIterator>
            </ArrayInput>
          );
        return null;
      }}
    </FormDataConsumer>
    <SelectInput
      source="whenEmpty"
      label="scores.schemes.form.when_empty"
      choices={[
        { id: 'full', name: 'scores.schemes.form.empty_full' },
        { id: 'zero', name: 'scores.schemes.form.empty_zero' },
      ]}
    />
  </>
);

const SchemeFormBody = () => {
  const t = useTranslate();
  const [replaced, setReplaced] = useState<{ scheme: ScoreScheme; label: string } | null>(null);
  return (
    <>
      <ReferenceInput source="regionCode" reference="regions" sort={{ field: 'code', order: 'ASC' }}>
        <AutocompleteInput
          label="scores.schemes.fields.regionName"
          optionText={regionText}
          filterToQuery={(q: string) => ({ q })}
          sx={{ minWidth: 300 }}
        />
      </ReferenceInput>
      <TextInput
        source="effectiveFrom"
        label="scores.schemes.fields.effectiveFrom"
        helperText="scores.schemes.form.month_help"
      />
      <TextInput source="note" label="scores.schemes.fields.note" multiline fullWidth />
      <StartFromInForce onLoaded={setReplaced} />
      <Alert severity="info" sx={{ mb: 1, width: '100%' }}>
        {t('scores.schemes.form.rates_help')}
      </Alert>
      <TextInput source="body.name" label="scores.schemes.fields.name" fullWidth />
      <NumberInput source="body.awardBar" label="scores.schemes.award_bar" />
      <NumberInput source="body.followUpWithinDays" label="scores.schemes.follow_up_days" />
      <ArrayInput source="body.classes" label="scores.schemes.classes">
        <SimpleFormIterator inline disableReordering>
          <TextInput source="name" label="scores.schemes.form.class_name" />
          <NumberInput source="from" label="scores.schemes.form.class_from" />
        </SimpleFormIterator>
      </ArrayInput>
      {schemeSections.map((s) => (
        <ArrayInput key={s} source={`body.sections.${s}`} label={`scores.schemes.sections.${s}`}>
          <SimpleFormIterator inline disableReordering>
            <ItemInputs />
          </SimpleFormIterator>
        </ArrayInput>
      ))}
      <SchemeDiff replaced={replaced} />
    </>
  );
};

/**
 * 制定考核办法: a new version of a region's scheme from a month on, starting from the scheme in force there, validated
 * by the API's own schema (domain/scores/scheme.ts: weights adding to 100 per kind of unit, rules from the closed set,
 * classes from high to low) with its Chinese messages beside each field, and compared with the scheme it replaces.
 */
export const SchemeCreate = () => (
  <Create redirect="list" transform={clean} title="scores.schemes.form.title">
    <SimpleForm
      resolver={resolver}
      defaultValues={{ effectiveFrom: monthOf(new Date()), body: structuredClone(DEFAULT_SCORE_SCHEME) }}
    >
      <SchemeFormBody />
    </SimpleForm>
  </Create>
);
