import {
  Box,
  Button,
  Card,
  CardContent,
  Checkbox,
  FormControl,
  FormControlLabel,
  FormHelperText,
  FormLabel,
  MenuItem,
  Radio,
  RadioGroup,
  TextField,
  ToggleButton,
  ToggleButtonGroup,
  Typography,
} from '@mui/material';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useGetIdentity, useNotify, useTranslate } from 'react-admin';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { shanghaiDate } from '../../../domain/calendar';
import { patrolInput, selfInspectionInput } from '../../../domain/hazards/checklist';
import { formatHazardNo } from '../../../domain/hazards/labels';
import { rectifyInput, reportHazardInput } from '../../../domain/hazards/schemas';
import { useChecklistItems, useHazard, useMyUnits, usePatrolChecklist, useSelfInspectionTasks } from './api';
import { newItem, submitItem, type OutboxItem, type OutboxKind, type OutboxPhoto } from './outbox';
import { bigButton, FieldPage, GpsField, PhotoInput, useGps } from './parts';

type Errors = Record<string, string>;

/** The zod schema's messages by field path (the domain's Chinese messages, the same the API answers with). */
function fieldErrors(schema: z.ZodType, value: unknown): Errors | undefined {
  const r = schema.safeParse(value);
  if (r.success) return undefined;
  const out: Errors = {};
  for (const issue of r.error.issues) out[issue.path.join('.')] ??= issue.message;
  return out;
}

/** Keeps the record on the phone and sends it now if the network allows; answers with what became of it. */
function useSubmit(kind: OutboxKind) {
  const t = useTranslate();
  const notify = useNotify();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const submit = async (
    item: Omit<OutboxItem, 'id' | 'key' | 'kind' | 'createdAt' | 'attempts'>,
  ): Promise<Errors | undefined> => {
    setBusy(true);
    try {
      const r = await submitItem(newItem(kind, item));
      if (r.state === 'refused') {
        notify(r.message, { type: 'error' });
        return r.errors ?? {};
      }
      if (r.state === 'waiting') notify('field.saved_offline', { type: 'warning', autoHideDuration: 8000 });
      else notify(`field.sent_${kind}`, { type: 'success' });
      void queryClient.invalidateQueries({ queryKey: ['field'] });
      navigate('/');
      return undefined;
    } catch (err) {
      notify(err instanceof Error ? err.message : t('ra.notification.http_error'), { type: 'error' });
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { submit, busy };
}

const SubmitBar = ({ busy }: { busy: boolean }) => {
  const t = useTranslate();
  return (
    // On a phone the button is pinned to the bottom of the screen (in reach of the thumb, above the fields); on a
    // desk it follows the form's end.
    <Box
      sx={{
        position: { xs: 'fixed', sm: 'sticky' },
        bottom: 0,
        left: 0,
        right: 0,
        px: { xs: 1.5, sm: 0 },
        py: 1,
        bgcolor: 'background.paper',
        borderTop: { xs: 1, sm: 0 },
        borderColor: 'divider',
        zIndex: 2,
      }}
    >
      <Button
        type="submit"
        variant="contained"
        fullWidth
        disabled={busy}
        sx={{ ...bigButton, minHeight: 52 }}
      >
        {t(busy ? 'field.submitting' : 'field.submit')}
      </Button>
    </Box>
  );
};

const Form = ({ onSubmit, children }: { onSubmit: () => void; children: ReactNode }) => (
  <Card>
    <CardContent
      component="form"
      noValidate
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onSubmit();
      }}
      sx={{ display: 'flex', flexDirection: 'column', gap: 2, px: { xs: 1.5, sm: 2 }, pb: { xs: 10, sm: 2 } }}
    >
      {children}
    </CardContent>
  </Card>
);

/** 上报隐患 on site: the enterprise (the grid member's units, or the staff's own), what and where, photos, GPS. */
export const ReportHazardPage = () => {
  const t = useTranslate();
  const { data: identity } = useGetIdentity();
  const role = identity?.role as string | undefined;
  const [params] = useSearchParams();
  const units = useMyUnits(role === 'grid_member');
  const { gps, locate, coords } = useGps();
  const { submit, busy } = useSubmit('hazard');
  const [enterpriseId, setEnterpriseId] = useState(params.get('enterpriseId') ?? '');
  const [description, setDescription] = useState('');
  const [location, setLocation] = useState('');
  const [category, setCategory] = useState<'site' | 'management'>('site');
  const [foundOn, setFoundOn] = useState(shanghaiDate(new Date()));
  const [photos, setPhotos] = useState<OutboxPhoto[]>([]);
  const [errors, setErrors] = useState<Errors>({});
  const ownEnterprise = role === 'enterprise' ? ((identity?.enterpriseId as string | null) ?? '') : '';
  const unitList = units.data ?? [];
  const send = async () => {
    const body = {
      enterpriseId: ownEnterprise || enterpriseId,
      source:
        role === 'grid_member' ? 'grid_patrol' : role === 'enterprise' ? 'self_inspection' : 'inspection',
      category,
      description: description.trim(),
      ...(location.trim() ? { location: location.trim() } : {}),
      foundOn,
      ...coords,
    };
    const found = { ...fieldErrors(reportHazardInput, body) };
    if (!body.enterpriseId) found.enterpriseId = t('field.enterprise_pick');
    if (!photos.length) found.photos = t('field.photos_required');
    setErrors(found);
    if (Object.keys(found).length) return;
    const name = unitList.find((u) => u.enterpriseId === body.enterpriseId)?.name;
    const refused = await submit({
      label: `${t('field.report')}：${name ? `${name} · ` : ''}${body.description.slice(0, 40)}`,
      body,
      photos,
    });
    if (refused) setErrors(refused);
  };
  return (
    <FieldPage title="field.report_title">
      <Form onSubmit={() => void send()}>
        {role === 'grid_member' && (
          <TextField
            select
            label={t('field.enterprise')}
            value={enterpriseId}
            onChange={(e) => setEnterpriseId(e.target.value)}
            error={!!errors.enterpriseId}
            helperText={errors.enterpriseId ?? (unitList.length ? ' ' : t('field.none_assigned'))}
            required
            fullWidth
          >
            {[...new Map(unitList.map((u) => [u.enterpriseId, u])).values()].map((u) => (
              <MenuItem key={u.enterpriseId} value={u.enterpriseId} sx={{ minHeight: 48 }}>
                {u.name}
              </MenuItem>
            ))}
          </TextField>
        )}
        <TextField
          label={t('field.description')}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          error={!!errors.description}
          helperText={errors.description ?? t('field.description_help')}
          required
          multiline
          minRows={3}
          fullWidth
        />
        <TextField
          label={t('field.location')}
          value={location}
          onChange={(e) => setLocation(e.target.value)}
          error={!!errors.location}
          helperText={errors.location}
          fullWidth
        />
        <FormControl>
          <FormLabel id="field-category">{t('field.category')}</FormLabel>
          <RadioGroup
            row
            aria-labelledby="field-category"
            value={category}
            onChange={(e) => setCategory(e.target.value as 'site' | 'management')}
          >
            <FormControlLabel value="site" control={<Radio />} label={t('field.category_site')} />
            <FormControlLabel value="management" control={<Radio />} label={t('field.category_management')} />
          </RadioGroup>
        </FormControl>
        <TextField
          type="date"
          label={t('field.found_on')}
          value={foundOn}
          onChange={(e) => setFoundOn(e.target.value)}
          error={!!errors.foundOn}
          helperText={errors.foundOn}
          slotProps={{ inputLabel: { shrink: true } }}
          required
          fullWidth
        />
        <PhotoInput label="field.photos" photos={photos} onChange={setPhotos} error={errors.photos} />
        <GpsField gps={gps} locate={locate} />
        {(errors.lat || errors.lng) && <FormHelperText error>{errors.lat ?? errors.lng}</FormHelperText>}
        <SubmitBar busy={busy} />
      </Form>
    </FieldPage>
  );
};

/** 整改: what was done, the day, the after-photos; the hazard closes when the server has it. */
export const RectifyPage = () => {
  const t = useTranslate();
  const { id = '' } = useParams();
  const hazard = useHazard(id);
  const { submit, busy } = useSubmit('rectify');
  const [measures, setMeasures] = useState('');
  const [responsiblePerson, setResponsiblePerson] = useState('');
  const [rectifiedOn, setRectifiedOn] = useState(shanghaiDate(new Date()));
  const [photos, setPhotos] = useState<OutboxPhoto[]>([]);
  const [errors, setErrors] = useState<Errors>({});
  const send = async () => {
    const body = {
      rectifiedOn,
      measures: measures.trim(),
      ...(responsiblePerson.trim() ? { responsiblePerson: responsiblePerson.trim() } : {}),
    };
    const found = { ...fieldErrors(rectifyInput, { ...body, documentIds: [] }) };
    if (!photos.length) found.photos = t('field.photos_required');
    setErrors(found);
    if (Object.keys(found).length) return;
    const refused = await submit({
      label: `${t('field.rectify')}：${hazard.data ? formatHazardNo(hazard.data.hazardNo) : ''} ${body.measures.slice(0, 40)}`,
      body,
      hazardId: id,
      photos,
    });
    if (refused) setErrors({ ...refused, photos: refused.documentIds ?? '' });
  };
  return (
    <FieldPage title="field.rectify_title">
      {hazard.data && (
        <Card variant="outlined" sx={{ mb: 1 }}>
          <CardContent>
            <Typography variant="caption" color="text.secondary">
              {t('field.hazard_no', { no: formatHazardNo(hazard.data.hazardNo) })} ·{' '}
              {t('field.deadline', { date: hazard.data.deadline })}
            </Typography>
            <Typography>{hazard.data.description}</Typography>
            {hazard.data.location && (
              <Typography variant="body2" color="text.secondary">
                {hazard.data.location}
              </Typography>
            )}
          </CardContent>
        </Card>
      )}
      <Form onSubmit={() => void send()}>
        <TextField
          label={t('field.measures')}
          value={measures}
          onChange={(e) => setMeasures(e.target.value)}
          error={!!errors.measures}
          helperText={errors.measures}
          required
          multiline
          minRows={3}
          fullWidth
        />
        <TextField
          type="date"
          label={t('field.rectified_on')}
          value={rectifiedOn}
          onChange={(e) => setRectifiedOn(e.target.value)}
          error={!!errors.rectifiedOn}
          helperText={errors.rectifiedOn}
          slotProps={{ inputLabel: { shrink: true } }}
          required
          fullWidth
        />
        <TextField
          label={t('field.responsible')}
          value={responsiblePerson}
          onChange={(e) => setResponsiblePerson(e.target.value)}
          error={!!errors.responsiblePerson}
          helperText={errors.responsiblePerson}
          fullWidth
        />
        <PhotoInput
          label="field.after_photos"
          photos={photos}
          onChange={setPhotos}
          error={errors.photos || undefined}
        />
        <SubmitBar busy={busy} />
      </Form>
    </FieldPage>
  );
};

interface Answer {
  ok: boolean | null;
  note: string;
  location: string;
}

/** 巡查记录: the checklist item by item (合格 / 不合格 with what was found), the conclusion, photos and GPS. */
export const PatrolPage = () => {
  const t = useTranslate();
  const { gridId = '', enterpriseId = '' } = useParams();
  const units = useMyUnits(true);
  const checklist = usePatrolChecklist();
  const { gps, locate, coords } = useGps();
  const { submit, busy } = useSubmit('patrol');
  const [answers, setAnswers] = useState<Record<number, Answer>>({});
  const [closed, setClosed] = useState(false);
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<OutboxPhoto[]>([]);
  const [errors, setErrors] = useState<Errors>({});
  const unit = units.data?.find((u) => u.enterpriseId === enterpriseId && u.gridId === gridId);
  const items = checklist.data ?? [];
  const answer = (i: number): Answer => answers[i] ?? { ok: null, note: '', location: '' };
  const set = (i: number, a: Partial<Answer>) => setAnswers((s) => ({ ...s, [i]: { ...answer(i), ...a } }));
  const send = async () => {
    const found: Errors = {};
    if (!closed)
      items.forEach((_, i) => {
        if (answer(i).ok === null) found[`results.${i}.ok`] = t('ra.validation.required');
      });
    const results = closed
      ? []
      : items.map((item, i) => ({
          ...(item.id ? { itemId: item.id } : {}),
          content: item.content,
          ok: answer(i).ok !== false,
          ...(answer(i).ok === false && answer(i).note.trim() ? { note: answer(i).note.trim() } : {}),
          ...(answer(i).ok === false && answer(i).location.trim()
            ? { location: answer(i).location.trim() }
            : {}),
        }));
    const body = {
      gridId,
      enterpriseId,
      patrolledOn: shanghaiDate(new Date()),
      outcome: closed ? 'premises_closed' : results.some((r) => !r.ok) ? 'hazards_found' : 'ok',
      results,
      ...(note.trim() ? { note: note.trim() } : {}),
      ...coords,
    };
    Object.assign(found, fieldErrors(patrolInput, body) ?? {}, found);
    setErrors(found);
    if (Object.keys(found).length) return;
    const refused = await submit({
      label: `${t('field.patrol')}：${unit?.name ?? ''}`,
      body,
      photos,
    });
    if (refused) setErrors(refused);
  };
  return (
    <FieldPage title="field.patrol_title">
      {unit && (
        <Typography sx={{ mb: 1 }}>
          <strong>{unit.name}</strong> · {t('field.grid')}：{unit.gridName}
        </Typography>
      )}
      <Form onSubmit={() => void send()}>
        <FormControlLabel
          control={<Checkbox checked={closed} onChange={(e) => setClosed(e.target.checked)} />}
          label={t('field.outcome_closed')}
        />
        {!closed && (
          <Box component="fieldset" sx={{ border: 0, p: 0, m: 0 }}>
            <Typography component="legend" variant="subtitle1" sx={{ fontWeight: 600, mb: 1 }}>
              {t('field.checklist')}
            </Typography>
            {items.map((item, i) => {
              const a = answer(i);
              const err = errors[`results.${i}.ok`] ?? errors[`results.${i}.note`];
              return (
                <Box key={item.id ?? item.content} sx={{ py: 1, borderBottom: 1, borderColor: 'divider' }}>
                  <Typography id={`patrol-item-${i}`}>{item.content}</Typography>
                  <ToggleButtonGroup
                    exclusive
                    fullWidth
                    value={a.ok === null ? null : a.ok ? 'ok' : 'fail'}
                    onChange={(_, v: string | null) => v && set(i, { ok: v === 'ok' })}
                    aria-labelledby={`patrol-item-${i}`}
                    sx={{ mt: 0.5 }}
                  >
                    <ToggleButton value="ok" color="success" sx={{ minHeight: 48 }}>
                      {t('field.item_ok')}
                    </ToggleButton>
                    <ToggleButton value="fail" color="error" sx={{ minHeight: 48 }}>
                      {t('field.item_fail')}
                    </ToggleButton>
                  </ToggleButtonGroup>
                  {a.ok === false && (
                    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1, mt: 1 }}>
                      <TextField
                        label={t('field.item_note')}
                        value={a.note}
                        onChange={(e) => set(i, { note: e.target.value })}
                        error={!!errors[`results.${i}.note`]}
                        required
                        multiline
                        fullWidth
                      />
                      <TextField
                        label={t('field.item_location')}
                        value={a.location}
                        onChange={(e) => set(i, { location: e.target.value })}
                        fullWidth
                      />
                    </Box>
                  )}
                  {err && <FormHelperText error>{err}</FormHelperText>}
                </Box>
              );
            })}
          </Box>
        )}
        {(errors.results || errors.outcome) && (
          <FormHelperText error>{errors.results ?? errors.outcome}</FormHelperText>
        )}
        <TextField
          label={t('field.patrol_note')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          error={!!errors.note}
          helperText={errors.note}
          multiline
          fullWidth
        />
        <PhotoInput label="field.photos" photos={photos} onChange={setPhotos} error={errors.photos} />
        <GpsField gps={gps} locate={locate} />
        {(errors.gridId || errors.enterpriseId) && (
          <FormHelperText error>{errors.gridId ?? errors.enterpriseId}</FormHelperText>
        )}
        <SubmitBar busy={busy} />
      </Form>
    </FieldPage>
  );
};

/**
 * 自查记录 on site: one sheet of the enterprise's accepted checklist (企业清单 / 车间表册 / 岗位卡片, at its frequency)
 * for the current period, every item answered 合格 or 不合格; each failed item, with what was found, becomes a general
 * hazard naming the item (the API's recordSelfInspection). Kept in the outbox like every on-site record.
 */
export const SelfInspectionPage = () => {
  const t = useTranslate();
  const [params] = useSearchParams();
  const level = params.get('level') ?? '';
  const unitName = params.get('unit') ?? '';
  const frequency = params.get('frequency') ?? '';
  const tasks = useSelfInspectionTasks(true);
  const checklistId = tasks.data?.checklistId;
  const checklist = useChecklistItems(checklistId);
  const { gps, locate, coords } = useGps();
  const { submit, busy } = useSubmit('self_inspection');
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const [errors, setErrors] = useState<Errors>({});
  const task = tasks.data?.tasks.find(
    (k) => k.level === level && k.unitName === unitName && k.frequency === frequency,
  );
  const byId = new Map((checklist.data ?? []).map((i) => [i.id, i]));
  const items = (task?.itemIds ?? []).flatMap((id) => {
    const item = byId.get(id);
    return item ? [item] : [];
  });
  const answer = (id: string): Answer => answers[id] ?? { ok: null, note: '', location: '' };
  // An answer changed: what was said beside that item no longer holds.
  const set = (id: string, i: number, a: Partial<Answer>) => {
    setAnswers((s) => ({ ...s, [id]: { ...answer(id), ...a } }));
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !k.startsWith(`results.${i}.`))));
  };
  const send = async () => {
    const found: Errors = {};
    items.forEach((item, i) => {
      if (answer(item.id).ok === null) found[`results.${i}.ok`] = t('ra.validation.required');
    });
    const body = {
      checklistId,
      level,
      unitName,
      frequency,
      results: items.map((item) => {
        const a = answer(item.id);
        return {
          itemId: item.id,
          ok: a.ok !== false,
          ...(a.ok === false && a.note.trim() ? { note: a.note.trim() } : {}),
          ...(a.ok === false && a.location.trim() ? { location: a.location.trim() } : {}),
        };
      }),
      ...coords,
    };
    Object.assign(found, fieldErrors(selfInspectionInput, body) ?? {}, found);
    setErrors(found);
    if (Object.keys(found).length) return;
    const refused = await submit({
      label: `${t('field.self_inspection_title')}：${unitName}`,
      body,
      photos: [],
    });
    if (refused) setErrors(refused);
  };
  if (tasks.isPending || (checklistId && checklist.isPending))
    return (
      <FieldPage title="field.self_inspection_title">
        <Typography color="text.secondary">{t('ra.page.loading')}</Typography>
      </FieldPage>
    );
  if (!task || task.done)
    return (
      <FieldPage title="field.self_inspection_title">
        <Typography>{t('field.self_inspection_gone')}</Typography>
      </FieldPage>
    );
  return (
    <FieldPage title="field.self_inspection_title">
      <Typography sx={{ mb: 0.5 }}>
        <strong>
          {t('field.self_inspection_sheet', {
            level: t(`field.level.${level}`),
            unit: unitName,
            frequency: t(`field.frequency.${frequency}`),
          })}
        </strong>
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {t('field.self_inspection_period', { start: task.periodStart, end: task.periodEnd })}
      </Typography>
      <Form onSubmit={() => void send()}>
        <Box component="fieldset" sx={{ border: 0, p: 0, m: 0 }}>
          <Typography component="legend" variant="subtitle1" sx={{ fontWeight: 600 }}>
            {t('field.self_inspection_items')}
          </Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
            {t('field.self_inspection_fail_hint')}
          </Typography>
          {items.map((item, i) => {
            const a = answer(item.id);
            const err =
              errors[`results.${i}.ok`] ?? errors[`results.${i}.note`] ?? errors[`results.${i}.itemId`];
            return (
              <Box
                key={item.id}
                data-testid="self-inspection-item"
                sx={{ py: 1, borderBottom: 1, borderColor: 'divider' }}
              >
                <Typography id={`self-item-${i}`}>{item.content}</Typography>
                {item.basis && (
                  <Typography variant="caption" color="text.secondary">
                    {item.basis}
                  </Typography>
                )}
                <ToggleButtonGroup
                  exclusive
                  fullWidth
                  value={a.ok === null ? null : a.ok ? 'ok' : 'fail'}
                  onChange={(_, v: string | null) => v && set(item.id, i, { ok: v === 'ok' })}
                  aria-labelledby={`self-item-${i}`}
                  sx={{ mt: 0.5 }}
                >
                  <ToggleButton value="ok" color="success" sx={{ minHeight: 48 }}>
                    {t('field.item_ok')}
                  </ToggleButton>
                  <ToggleButton value="fail" color="error" sx={{ minHeight: 48 }}>
                    {t('field.item_fail')}
                  </ToggleButton>
                </ToggleButtonGroup>
                {a.ok === false && (
                  <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1, mt: 1 }}>
                    <TextField
                      label={t('field.item_note')}
                      value={a.note}
                      onChange={(e) => set(item.id, i, { note: e.target.value })}
                      error={!!errors[`results.${i}.note`]}
                      required
                      multiline
                      fullWidth
                    />
                    <TextField
                      label={t('field.item_location')}
                      value={a.location}
                      onChange={(e) => set(item.id, i, { location: e.target.value })}
                      fullWidth
                    />
                  </Box>
                )}
                {err && <FormHelperText error>{err}</FormHelperText>}
              </Box>
            );
          })}
        </Box>
        {(errors.results || errors.checklistId || errors.unitName) && (
          <FormHelperText error>{errors.results ?? errors.checklistId ?? errors.unitName}</FormHelperText>
        )}
        <GpsField gps={gps} locate={locate} />
        <SubmitBar busy={busy} />
      </Form>
    </FieldPage>
  );
};
