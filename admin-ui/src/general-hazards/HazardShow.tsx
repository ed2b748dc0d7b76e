import { Box, Button, Card, Chip, CardContent, Divider, Grid, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import {
  RadioButtonGroupInput,
  ReferenceField,
  SelectInput,
  Show,
  TextField,
  TextInput,
  useRecordContext,
  useTranslate,
  usePermissions,
} from 'react-admin';
import { z } from 'zod';
import type { HazardAction } from '../../../domain/hazards/lifecycle';
import { followUpMethods } from '../../../domain/hazards/lifecycle';
import { cancelInput, followUpInput, rectifyInput, spotCheckInput } from '../../../domain/hazards/schemas';
import type { Role } from '../../../domain/roles';
import { CommandDialog } from '../common/CommandDialog';
import { formatDateTime, todayShanghai } from '../common/format';
import { DateInput, UploadInput } from '../common/forms';
import { httpClient } from '../providers/http';
import { formatHazardNo, HazardDeadline, HazardLightChip, HazardStatusChip } from './labels';
import type { HazardDetail } from './types';

/** POST a command with its idempotency key (a retried request applies once). */
export const postCommand = (url: string, body: unknown, key: string) =>
  httpClient(url, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: new Headers({ 'Content-Type': 'application/json', 'Idempotency-Key': key }),
  });

/** Uploads one photo to a hazard and returns the document's id. */
export async function uploadHazardPhoto(hazardId: string, kind: 'photo' | 'after_photo', file: File) {
  const form = new FormData();
  form.append('hazardId', hazardId);
  form.append('kind', kind);
  form.append('file', file);
  const { json } = await httpClient('/api/documents', { method: 'POST', body: form });
  return (json as { id: string }).id;
}

const files = (message: string) =>
  z.preprocess(
    (v) => v ?? [],
    z.array(z.object({ rawFile: z.instanceof(File) }).loose()).min(1, { error: message }),
  );
const rectifyForm = rectifyInput.omit({ documentIds: true }).extend({ files: files('请上传整改后照片') });

const Line = ({ label, children }: { label: string; children: React.ReactNode }) => (
  <Grid size={{ xs: 12, sm: 6 }}>
    <Typography variant="caption" color="text.secondary" component="div">
      {label}
    </Typography>
    <Typography variant="body2" component="div">
      {children ?? '—'}
    </Typography>
  </Grid>
);

/** The commands the caller may issue now (the API's allowedActions, from the rules table), each in a dialog. */
const HazardCommands = ({ record }: { record: HazardDetail }) => {
  const t = useTranslate();
  const [open, setOpen] = useState<HazardAction | null>(null);
  const close = () => setOpen(null);
  const url = (path: string) => `/api/general-hazards/${record.id}/${path}`;
  if (!record.allowedActions?.length) return null;
  return (
    <>
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', my: 1 }}>
        {record.allowedActions.map((a) => (
          <Button
            key={a}
            variant={a === 'cancel' ? 'text' : 'contained'}
            color={a === 'cancel' ? 'error' : 'primary'}
            onClick={() => setOpen(a)}
          >
            {t(`hazard.actions.${a}`)}
          </Button>
        ))}
      </Stack>
      <CommandDialog
        open={open === 'rectify'}
        onClose={close}
        title={t('hazard.actions.rectify')}
        schema={rectifyForm}
        defaultValues={{ rectifiedOn: todayShanghai() }}
        send={async (v, key) => {
          const { files: picked = [], ...rest } = v as { files?: Array<{ rawFile: File }> };
          const documentIds: string[] = [];
          for (const f of picked)
            documentIds.push(await uploadHazardPhoto(record.id, 'after_photo', f.rawFile));
          await postCommand(url('rectify'), { ...rest, documentIds }, key);
        }}
      >
        <DateInput
          source="rectifiedOn"
          label={t('hazard.form.rectifiedOn')}
          maxDate={todayShanghai()}
          isRequired
        />
        <TextInput
          source="measures"
          label={t('hazard.form.measures')}
          multiline
          minRows={3}
          fullWidth
          isRequired
        />
        <TextInput source="responsiblePerson" label={t('hazard.form.responsiblePerson')} fullWidth />
        <UploadInput source="files" kind="after_photo" label={t('hazard.form.files')} isRequired />
      </CommandDialog>
      <CommandDialog
        open={open === 'spotCheck'}
        onClose={close}
        title={t('hazard.actions.spotCheck')}
        schema={spotCheckInput}
        defaultValues={{ result: 'passed' }}
        send={(v, key) => postCommand(url('spot-check'), v, key)}
      >
        <RadioButtonGroupInput
          source="result"
          label={t('hazard.form.result')}
          choices={[
            { id: 'passed', name: t('hazard.spot.passed') },
            { id: 'failed', name: t('hazard.spot.failed') },
          ]}
        />
        <TextInput source="note" label={t('hazard.form.note')} multiline minRows={3} fullWidth isRequired />
        <DateInput source="newDeadline" label={t('hazard.form.newDeadline')} minDate={todayShanghai()} />
      </CommandDialog>
      <CommandDialog
        open={open === 'followUp'}
        onClose={close}
        title={t('hazard.actions.followUp')}
        schema={followUpInput}
        defaultValues={{ method: 'phone' }}
        send={(v, key) => postCommand(url('follow-up'), v, key)}
      >
        <SelectInput
          source="method"
          label={t('hazard.form.method')}
          choices={followUpMethods.map((m) => ({ id: m, name: t(`hazard.method.${m}`) }))}
          isRequired
        />
        <TextInput source="note" label={t('hazard.form.follow_note')} multiline minRows={2} fullWidth />
      </CommandDialog>
      <CommandDialog
        open={open === 'cancel'}
        onClose={close}
        title={t('hazard.actions.cancel')}
        schema={cancelInput}
        send={(v, key) => postCommand(url('cancel'), v, key)}
      >
        <TextInput
          source="reason"
          label={t('hazard.form.reason')}
          multiline
          minRows={2}
          fullWidth
          isRequired
        />
      </CommandDialog>
    </>
  );
};

const eventNote = (p: Record<string, unknown> | null) =>
  [p?.measures, p?.note, p?.reason].filter((x): x is string => typeof x === 'string' && x !== '').join('；');

const HazardPage = () => {
  const t = useTranslate();
  const r = useRecordContext<HazardDetail>();
  const { permissions: role } = usePermissions<Role>();
  if (!r) return null;
  const f = (k: string) => t(`resources.general-hazards.fields.${k}`);
  return (
    <Box sx={{ p: { xs: 1.5, sm: 2 } }}>
      <Typography variant="caption" color="text.secondary">
        {formatHazardNo(r.hazardNo)} · {t(`hazard.source.${r.source}`)}
      </Typography>
      <Typography variant="h6" component="h2" sx={{ overflowWrap: 'anywhere' }}>
        {r.description}
      </Typography>
      <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap', my: 0.5 }}>
        <HazardLightChip light={r.light} />
        <HazardStatusChip status={r.status} />
        {r.spotCheck && <Chip size="small" variant="outlined" label={t(`hazard.spot.${r.spotCheck}`)} />}
      </Stack>
      <HazardCommands record={r} />
      <Card variant="outlined" sx={{ mt: 1 }}>
        <CardContent>
          <Typography variant="subtitle1" component="h3" gutterBottom>
            {t('hazard.detail')}
          </Typography>
          <Grid container spacing={1.5}>
            {role !== 'enterprise' && (
              <Line label={f('enterpriseId')}>
                <ReferenceField source="enterpriseId" reference="enterprises" link="show">
                  <TextField source="name" />
                </ReferenceField>
              </Line>
            )}
            <Line label={f('location')}>{r.location}</Line>
            <Line label={f('category')}>{t(`hazard.category.${r.category}`)}</Line>
            <Line label={f('foundOn')}>{r.foundOn}</Line>
            <Line label={f('reportedAt')}>{formatDateTime(r.reportedAt)}</Line>
            <Line label={f('deadline')}>
              <HazardDeadline record={r} />
            </Line>
            <Line label={f('responsiblePerson')}>{r.responsiblePerson}</Line>
            {r.lat !== null && r.lng !== null && (
              <Line label={f('gps')}>{t('hazard.gps_value', { lat: r.lat, lng: r.lng })}</Line>
            )}
            {r.rectifiedOn && (
              <>
                <Line label={f('rectifiedOn')}>
                  {r.rectifiedOn}
                  {r.onTime !== null && `（${t(r.onTime ? 'hazard.on_time.yes' : 'hazard.on_time.no')}）`}
                </Line>
                <Line label={f('rectification')}>{r.rectification}</Line>
              </>
            )}
            {r.spotCheck && <Line label={f('spotCheck')}>{t(`hazard.spot.${r.spotCheck}`)}</Line>}
            {r.reopenCount > 0 && (
              <Line label={f('reopenCount')}>{t('hazard.reopened_times', { count: r.reopenCount })}</Line>
            )}
          </Grid>
        </CardContent>
      </Card>
      <Card variant="outlined" sx={{ mt: 1 }}>
        <CardContent>
          <Typography variant="subtitle1" component="h3" gutterBottom>
            {t('hazard.photos')}
          </Typography>
          {(r.photos ?? []).length === 0 ? (
            <Typography variant="body2" color="text.secondary">
              {t('hazard.no_photos')}
            </Typography>
          ) : (
            <Box
              component="ul"
              sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, p: 0, m: 0, listStyle: 'none' }}
            >
              {(r.photos ?? []).map((p) => (
                <Box component="li" key={p.id} sx={{ width: { xs: '46%', sm: 180 } }}>
                  <a href={`/api/documents/${p.id}/content`} target="_blank" rel="noreferrer">
                    <Box
                      component="img"
                      src={`/api/documents/${p.id}/content`}
                      alt={`${t(`hazard.photo_kind.${p.kind}`, { _: p.filename })} ${p.filename}`}
                      sx={{ width: '100%', height: 120, objectFit: 'cover', borderRadius: 1 }}
                    />
                  </a>
                  <Typography variant="caption" component="div">
                    {t(`hazard.photo_kind.${p.kind}`, { _: p.filename })} · {formatDateTime(p.uploadedAt)}
                  </Typography>
                </Box>
              ))}
            </Box>
          )}
        </CardContent>
      </Card>
      <Card variant="outlined" sx={{ mt: 1 }}>
        <CardContent>
          <Typography variant="subtitle1" component="h3" gutterBottom>
            {t('hazard.history')}
          </Typography>
          <Stack component="ol" divider={<Divider />} spacing={1} sx={{ p: 0, m: 0, listStyle: 'none' }}>
            {(r.events ?? []).map((e) => (
              <li key={e.id}>
                <Typography variant="body2" component="div">
                  <strong>{t(`hazard.event.${e.type}`, { _: t('hazard.event.reported') })}</strong>
                  {e.type === 'spot_checked' && e.payload?.result
                    ? `（${t(`hazard.spot.${String(e.payload.result)}`)}）`
                    : ''}
                  {e.type === 'followed_up' && e.payload?.method
                    ? `（${t(`hazard.method.${String(e.payload.method)}`)}）`
                    : ''}
                  {' · '}
                  {formatDateTime(e.at)} · {t(`role.${e.actorRole}`, { _: t('role.system') })}
                </Typography>
                {eventNote(e.payload) && (
                  <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
                    {eventNote(e.payload)}
                  </Typography>
                )}
              </li>
            ))}
          </Stack>
        </CardContent>
      </Card>
    </Box>
  );
};

/** 一般隐患 record page: the hazard, its photos (as found, after rectification), its history and the commands. */
export const HazardShow = () => (
  <Show actions={false} title={<HazardTitle />}>
    <HazardPage />
  </Show>
);

const HazardTitle = () => {
  const r = useRecordContext<HazardDetail>();
  return <>{r ? formatHazardNo(r.hazardNo) : ''}</>;
};
