import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Checkbox,
  LinearProgress,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, SelectInput, TextInput, Title, useTranslate, useNotify } from 'react-admin';
import { followUpMethods } from '../../../domain/hazards/lifecycle';
import { bulkFollowUpInput } from '../../../domain/hazards/schemas';
import { CommandDialog } from '../common/CommandDialog';
import { useIsPhone } from '../common/responsive';
import { httpClient } from '../providers/http';
import { postCommand } from './HazardShow';
import { formatHazardNo, HazardDeadline, HazardLightChip, HazardStatusChip } from './labels';
import type { HazardRecord } from './types';

interface Worklist {
  today: string;
  red: number;
  yellow: number;
  followedUpToday: number;
  remaining: number;
  items: HazardRecord[];
}

const Count = ({ label, value, color }: { label: string; value: number; color?: string }) => (
  <Card variant="outlined" sx={{ flex: '1 1 120px' }}>
    <CardContent sx={{ py: 1, '&:last-child': { pb: 1 } }}>
      <Typography variant="caption" color="text.secondary" component="div">
        {label}
      </Typography>
      <Typography variant="h5" component="div" sx={{ color }}>
        {value}
      </Typography>
    </CardContent>
  </Card>
);

/**
 * 每日督办清单 (每天清零, seed 000): the lit hazards of the supervisor's territory not followed up today, red first, with
 * the day's counts. Selected hazards get the same follow-up in one go; the list empties as they are followed up.
 */
export const WorklistPage = () => {
  const t = useTranslate();
  const notify = useNotify();
  const phone = useIsPhone();
  const qc = useQueryClient();
  const [selected, setSelected] = useState<string[]>([]);
  const [open, setOpen] = useState(false);
  const q = useQuery({
    queryKey: ['api', 'hazard-worklist'],
    queryFn: async () => (await httpClient('/api/general-hazards/worklist?limit=500')).json as Worklist,
  });
  const w = q.data;
  const items = w?.items ?? [];
  const toggle = (id: string) =>
    setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  const all = items.length > 0 && items.every((i) => selected.includes(i.id));
  const label = (r: HazardRecord) => `${formatHazardNo(r.hazardNo)} ${r.description}`;
  return (
    <Box sx={{ p: { xs: 1, sm: 2 } }}>
      <Title title={t('hazard.worklist.title')} />
      {q.isPending && <LinearProgress aria-label={t('ra.page.loading')} />}
      {q.error && <Alert severity="error">{(q.error as Error).message}</Alert>}
      {w && (
        <>
          <Typography variant="subtitle1" component="h2" sx={{ mb: 1 }}>
            {t('hazard.worklist.title')} · {w.today}
          </Typography>
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', mb: 2 }}>
            <Count label={t('hazard.worklist.red')} value={w.red} color="error.main" />
            <Count label={t('hazard.worklist.yellow')} value={w.yellow} color="warning.main" />
            <Count label={t('hazard.worklist.followed')} value={w.followedUpToday} />
            <Count label={t('hazard.worklist.remaining')} value={w.remaining} />
          </Stack>
          {items.length === 0 ? (
            <Alert severity="success">{t('hazard.worklist.cleared')}</Alert>
          ) : (
            <>
              <Stack direction="row" spacing={1} sx={{ mb: 1, alignItems: 'center' }}>
                <Checkbox
                  checked={all}
                  indeterminate={selected.length > 0 && !all}
                  onChange={(e) => setSelected(e.target.checked ? items.map((i) => i.id) : [])}
                  slotProps={{ input: { 'aria-label': t('hazard.worklist.select_all') } }}
                />
                <Button variant="contained" disabled={selected.length === 0} onClick={() => setOpen(true)}>
                  {t('hazard.worklist.bulk')}
                  {selected.length > 0 ? `（${selected.length}）` : ''}
                </Button>
              </Stack>
              {phone ? (
                <Stack component="ul" spacing={1} sx={{ p: 0, m: 0, listStyle: 'none' }}>
                  {items.map((r) => (
                    <Card variant="outlined" component="li" key={r.id}>
                      <CardContent sx={{ display: 'flex', gap: 1, py: 1, '&:last-child': { pb: 1 } }}>
                        <Checkbox
                          checked={selected.includes(r.id)}
                          onChange={() => toggle(r.id)}
                          slotProps={{
                            input: { 'aria-label': t('hazard.worklist.select', { name: label(r) }) },
                          }}
                          sx={{ alignSelf: 'flex-start', p: 0.5 }}
                        />
                        <Box sx={{ minWidth: 0 }}>
                          <Typography variant="caption" color="text.secondary" component="div">
                            {formatHazardNo(r.hazardNo)}
                          </Typography>
                          <Link to={`/general-hazards/${r.id}/show`}>{r.description}</Link>
                          <Box sx={{ display: 'flex', gap: 0.5, my: 0.5 }}>
                            <HazardLightChip light={r.light} />
                            <HazardStatusChip status={r.status} />
                          </Box>
                          <Typography variant="body2" color="text.secondary">
                            <HazardDeadline record={r} />
                          </Typography>
                        </Box>
                      </CardContent>
                    </Card>
                  ))}
                </Stack>
              ) : (
                <TableContainer>
                  <Table size="small" aria-label={t('hazard.worklist.title')}>
                    <TableHead>
                      <TableRow>
                        <TableCell padding="checkbox" />
                        <TableCell>{t('resources.general-hazards.fields.hazardNo')}</TableCell>
                        <TableCell>{t('resources.general-hazards.fields.light')}</TableCell>
                        <TableCell>{t('resources.general-hazards.fields.description')}</TableCell>
                        <TableCell>{t('resources.general-hazards.fields.status')}</TableCell>
                        <TableCell>{t('resources.general-hazards.fields.deadline')}</TableCell>
                      </TableRow>
                    </TableHead>
                    <TableBody>
                      {items.map((r) => (
                        <TableRow key={r.id} selected={selected.includes(r.id)}>
                          <TableCell padding="checkbox">
                            <Checkbox
                              checked={selected.includes(r.id)}
                              onChange={() => toggle(r.id)}
                              slotProps={{
                                input: { 'aria-label': t('hazard.worklist.select', { name: label(r) }) },
                              }}
                            />
                          </TableCell>
                          <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatHazardNo(r.hazardNo)}</TableCell>
                          <TableCell>
                            <HazardLightChip light={r.light} />
                          </TableCell>
                          <TableCell>
                            <Link to={`/general-hazards/${r.id}/show`}>{r.description}</Link>
                          </TableCell>
                          <TableCell>
                            <HazardStatusChip status={r.status} />
                          </TableCell>
                          <TableCell>
                            <HazardDeadline record={r} />
                          </TableCell>
                        </TableRow>
                      ))}
                    </TableBody>
                  </Table>
                </TableContainer>
              )}
            </>
          )}
        </>
      )}
      <CommandDialog
        open={open}
        onClose={() => setOpen(false)}
        title={t('hazard.worklist.bulk')}
        schema={bulkFollowUpInput}
        prepare={(v) => ({ ...v, ids: selected })}
        defaultValues={{ method: 'phone' }}
        send={async (v, key) => {
          const { json } = await postCommand('/api/general-hazards/follow-ups', { ...v, ids: selected }, key);
          const out = json as { done: string[]; refused: Array<{ id: string; reason: string }> };
          if (out.refused.length)
            notify('hazard.worklist.bulk_done', {
              type: 'warning',
              messageArgs: { done: out.done.length, refused: out.refused.length },
            });
          setSelected([]);
          await qc.invalidateQueries({ queryKey: ['api', 'hazard-worklist'] });
        }}
      >
        <SelectInput
          source="method"
          label={t('hazard.form.method')}
          choices={followUpMethods.map((m) => ({ id: m, name: t(`hazard.method.${m}`) }))}
          isRequired
        />
        <TextInput source="note" label={t('hazard.form.follow_note')} multiline minRows={2} fullWidth />
      </CommandDialog>
    </Box>
  );
};
