import { Grid } from '@mui/material';
import {
  AutocompleteInput,
  Create,
  type CreateProps,
  DateInput,
  Edit,
  type EditProps,
  maxLength,
  minLength,
  RadioButtonGroupInput,
  ReferenceInput,
  required,
  SelectInput,
  SimpleForm,
  TextInput,
} from 'react-admin';
import {
  riskGradeChoices,
  scaleChoices,
  statusChoices,
  useIndustries,
  upper,
  validateCreditCode,
  validatePhone,
} from '../registry/common';
import { pickInput } from './types';

const regionText = (r: { code: string; name: string }) => `${r.name}（${r.code}）`;

/**
 * The enterprise's own fields, validated as the API validates them (domain/registry.ts `enterpriseInputSchema`);
 * whatever only the server can know (a duplicate credit code, an unknown region) comes back as a 422/409 naming
 * the field and is shown beside it.
 */
export const EnterpriseFormFields = ({ creating }: { creating: boolean }) => {
  const { subCategoryChoices } = useIndustries();
  return (
    <Grid container columnSpacing={2} sx={{ width: '100%', maxWidth: 960 }}>
      <Grid size={{ xs: 12, md: 6 }}>
        <TextInput source="name" validate={[required(), minLength(2), maxLength(200)]} />
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <TextInput
          source="creditCode"
          parse={upper}
          validate={[required(), validateCreditCode]}
          slotProps={{ htmlInput: { maxLength: 18, spellCheck: false } }}
        />
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <ReferenceInput source="regionCode" reference="regions" sort={{ field: 'code', order: 'ASC' }}>
          <AutocompleteInput
            optionText={regionText}
            filterToQuery={(q: string) => ({ q })}
            validate={required()}
          />
        </ReferenceInput>
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <AutocompleteInput
          source="industryCode"
          choices={subCategoryChoices}
          translateChoice={false}
          validate={required()}
        />
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <RadioButtonGroupInput source="scale" choices={scaleChoices} validate={required()} />
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <SelectInput source="riskGrade" choices={riskGradeChoices} validate={required()} />
      </Grid>
      {creating && (
        <>
          <Grid size={{ xs: 12, md: 6 }}>
            <SelectInput source="status" choices={statusChoices} validate={required()} />
          </Grid>
          <Grid size={{ xs: 12, md: 6 }}>
            <DateInput source="statusChangedAt" />
          </Grid>
        </>
      )}
      <Grid size={12}>
        <TextInput source="address" validate={maxLength(300)} />
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <TextInput source="principalName" validate={maxLength(50)} />
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <TextInput source="principalPhone" validate={validatePhone} />
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <TextInput source="safetyManagerName" validate={maxLength(50)} />
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <TextInput source="safetyManagerPhone" validate={validatePhone} />
      </Grid>
    </Grid>
  );
};

export const EnterpriseCreate = (props: Partial<CreateProps>) => (
  <Create redirect="show" transform={pickInput} {...props}>
    <SimpleForm defaultValues={{ scale: 'below', riskGrade: 'D', status: 'operating' }}>
      <EnterpriseFormFields creating />
    </SimpleForm>
  </Create>
);

/**
 * Pessimistic: the API decides (department placement, duplicate codes) and its field errors must reach the form.
 * The status is changed by its own action on the show page, so that the date of the change is recorded.
 */
export const EnterpriseEdit = (props: Partial<EditProps>) => (
  <Edit
    {...props}
    mutationMode="pessimistic"
    redirect="show"
    transform={(d: Record<string, unknown>) => {
      const { status: _s, statusChangedAt: _d, ...rest } = pickInput(d);
      return rest;
    }}
  >
    <SimpleForm>
      <EnterpriseFormFields creating={false} />
    </SimpleForm>
  </Edit>
);
