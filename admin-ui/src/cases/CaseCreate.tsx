import { zodResolver } from '@hookform/resolvers/zod';
import { useMemo, useState } from 'react';
import {
  AutocompleteInput,
  Create,
  ReferenceInput,
  SelectInput,
  SimpleForm,
  TextInput,
  useGetIdentity,
  usePermissions,
  useTranslate,
} from 'react-admin';
import type { FieldValues, Resolver } from 'react-hook-form';
import { reportCaseInput } from '../../../domain/commands';
import { caseSources } from '../../../domain/case-status';
import type { Role } from '../../../domain/roles';
import { useSchemaHints } from '../common/forms';
import { withoutEmpty } from './actions/CaseActions';
import { clauseLabel } from './actions/actionForms';

/** Which sources each reporter may choose: an enterprise reports its own hazards, a grid member patrols. */
const SOURCES_BY_ROLE: Partial<Record<Role, readonly string[]>> = {
  enterprise: ['self_report'],
  grid_member: ['grid_patrol'],
  supervisor: ['inspection', 'covert_check', 'public_report', 'self_report', 'grid_patrol'],
};

/** 发现隐患: the report form, validated with the API's own schema. */
export const CaseCreate = () => {
  const t = useTranslate();
  const { permissions } = usePermissions<Role>();
  const { identity } = useGetIdentity();
  const sources = (permissions && SOURCES_BY_ROLE[permissions]) ?? caseSources;
  const noOptions = t('ra.navigation.no_results');
  const hint = useSchemaHints(reportCaseInput);
  const resolver = useMemo<Resolver<FieldValues>>(() => {
    const zr = zodResolver(reportCaseInput as never) as unknown as Resolver<FieldValues>;
    return (values, ctx, options) => zr(withoutEmpty(values), ctx, options);
  }, []);
  // One key for this form: a submission retried after a network failure replays the first answer (one case). A
  // refused one (4xx) frees the key on the server, so the corrected form may send it again.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const defaults = {
    source: sources[0],
    regionCode: (identity?.regionCode as string | undefined) ?? undefined,
    enterpriseId: (identity?.enterpriseId as string | undefined) ?? undefined,
  };
  return (
    <Create
      redirect="show"
      transform={(v: FieldValues) => withoutEmpty(v)}
      mutationOptions={{ meta: { idempotencyKey } }}
    >
      <SimpleForm resolver={resolver} defaultValues={defaults} key={identity?.id as string | undefined}>
        <SelectInput
          {...hint('source')}
          source="source"
          choices={sources.map((s) => ({ id: s, name: t(`source.${s}`) }))}
        />
        {permissions !== 'enterprise' && (
          <ReferenceInput
            source="enterpriseId"
            reference="enterprises"
            sort={{ field: 'name', order: 'ASC' }}
          >
            <AutocompleteInput
              {...hint('enterpriseId')}
              label="resources.cases.fields.enterpriseName"
              optionText="name"
              filterToQuery={(q: string) => ({ q })}
              noOptionsText={noOptions}
              fullWidth
            />
          </ReferenceInput>
        )}
        <ReferenceInput
          source="regionCode"
          reference="regions"
          sort={{ field: 'code', order: 'ASC' }}
          perPage={50}
        >
          <AutocompleteInput
            {...hint('regionCode')}
            label="resources.cases.fields.regionCode"
            optionText={(r: { code: string; name: string }) => `${r.name}（${r.code}）`}
            filterToQuery={(q: string) => ({ q })}
            noOptionsText={noOptions}
            fullWidth
          />
        </ReferenceInput>
        <TextInput {...hint('title')} source="title" fullWidth />
        <TextInput {...hint('description')} source="description" multiline minRows={3} fullWidth />
        <TextInput {...hint('location')} source="location" fullWidth />
        <ReferenceInput
          source="suspectedClauseId"
          reference="clauses"
          sort={{ field: 'sortOrder', order: 'ASC' }}
          perPage={100}
        >
          <AutocompleteInput
            label="resources.cases.fields.suspectedClauseId"
            helperText={t('case_page.clause_hint')}
            optionText={clauseLabel}
            openOnFocus
            filterToQuery={(q: string) => ({ q })}
            noOptionsText={noOptions}
            fullWidth
          />
        </ReferenceInput>
      </SimpleForm>
    </Create>
  );
};
