import { Box, Stack, Typography } from '@mui/material';
import {
  ArrayInput,
  BooleanInput,
  NumberInput,
  SelectInput,
  SimpleFormIterator,
  TextInput,
} from 'react-admin';
import type { PolicyField } from '../../../domain/policy-authoring';

const join = (prefix: string, key: string) => (prefix && key ? `${prefix}.${key}` : prefix || key);

/**
 * The inputs of one policy field, generated from the schema's model (domain/policy-authoring.ts `policyFields`):
 * a duration is a number of days and 自然日/工作日, a group a titled block, a list (reminders, the ladder) an
 * editable list of its item. A field added to the schema appears here with its Chinese label, unchanged code.
 */
export const PolicyFieldInput = ({ field, source }: { field: PolicyField; source: string }) => {
  const path = join(source, field.key);
  const help = field.description ?? false;
  switch (field.kind) {
    case 'duration': {
      const unit = { calendar: '自然日', working: '工作日' };
      return (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start', flexWrap: 'wrap' }}>
          <NumberInput source={join(path, 'amount')} label={field.title} helperText={help} />
          <SelectInput
            source={join(path, 'unit')}
            label="计日方式"
            choices={Object.entries(unit).map(([id, name]) => ({ id, name }))}
            translateChoice={false}
            helperText={false}
            sx={{ minWidth: 120 }}
          />
        </Stack>
      );
    }
    case 'number':
      return (
        // No min/max on the input itself: the browser would refuse the form silently, in its own words, where the
        // schema names the field and the limit in Chinese.
        <NumberInput source={path} label={field.title} helperText={help} />
      );
    case 'boolean':
      return <BooleanInput source={path} label={field.title} helperText={help} />;
    case 'enum':
      return (
        <SelectInput
          source={path}
          label={field.title}
          helperText={help}
          choices={field.options.map((o) => ({ id: o.value, name: o.label }))}
          translateChoice={false}
        />
      );
    case 'text':
      return <TextInput source={path} label={field.title} helperText={help} fullWidth />;
    case 'group':
      return (
        <Box
          component="fieldset"
          sx={{ border: 1, borderColor: 'divider', borderRadius: 1, px: 2, pb: 1, mb: 1 }}
        >
          <Typography component="legend" variant="subtitle2" sx={{ px: 0.5 }}>
            {field.title}
          </Typography>
          {field.fields.map((f) => (
            <PolicyFieldInput key={f.key} field={f} source={path} />
          ))}
        </Box>
      );
    case 'list':
      return (
        <ArrayInput source={path} label={field.title} helperText={help}>
          <SimpleFormIterator inline disableReordering={field.item.kind !== 'group'}>
            {field.item.kind === 'group' ? (
              field.item.fields.map((f) => <PolicyFieldInput key={f.key} field={f} source="" />)
            ) : (
              <PolicyFieldInput field={{ ...field.item, title: field.item.title }} source="" />
            )}
          </SimpleFormIterator>
        </ArrayInput>
      );
  }
};

/** Every field of the policy, under `source` (the form keeps the body under `body`). */
export const PolicyBodyInputs = ({ fields, source }: { fields: PolicyField[]; source: string }) => (
  <>
    {fields.map((f) => (
      <PolicyFieldInput key={f.key} field={f} source={source} />
    ))}
  </>
);
