import UploadIcon from '@mui/icons-material/Upload';
import {
  Alert,
  Box,
  Button as MuiButton,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  LinearProgress,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useState, type ChangeEvent } from 'react';
import { Button, useNotify, useRefresh, useTranslate } from 'react-admin';
import { importFile, type ImportReport, type ImportResource } from './api';

/** Enough rows to see the pattern of what is wrong; the rest are counted. */
const SHOWN_ERRORS = 200;

const formatOf = (file: File) => /\.(csv|xlsx)$/i.exec(file.name)?.[1]?.toLowerCase();

/**
 * Import in two steps: the file is first checked (dry run) and the row-by-row report shown (row, field, reason);
 * then the user imports everything — allowed only when nothing is wrong, since an import with errors writes
 * nothing — or deliberately only the valid rows.
 */
export const ImportDialog = ({
  resource,
  open,
  onClose,
}: {
  resource: ImportResource;
  open: boolean;
  onClose: () => void;
}) => {
  const t = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const reset = () => {
    setFile(null);
    setReport(null);
    setFailure(null);
  };
  const close = () => {
    reset();
    onClose();
  };

  const check = async (f: File) => {
    reset();
    if (!formatOf(f)) {
      setFailure(t('registry.import.bad_type'));
      return;
    }
    setFile(f);
    setBusy(true);
    try {
      setReport(await importFile(resource, f, { dryRun: true, importValidRows: false }));
    } catch (e) {
      setFailure((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const run = async (importValidRows: boolean) => {
    if (!file) return;
    setBusy(true);
    try {
      const result = await importFile(resource, file, { dryRun: false, importValidRows });
      if (result.imported > 0 || result.errors.length === 0) {
        notify('registry.import.done', { type: 'success', messageArgs: { count: result.imported } });
        refresh();
        close();
      } else {
        setReport(result);
      }
    } catch (e) {
      setFailure((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const fieldLabel = (field: string) =>
    t(`resources.${resource}.fields.${field}`, { _: field === '_' || field === '' ? '—' : field });
  const errors = report?.errors ?? [];

  return (
    <Dialog open={open} onClose={close} maxWidth="md" fullWidth aria-labelledby="import-title">
      <DialogTitle id="import-title">
        {t('registry.import.title', {
          resource: t(`resources.${resource}.name`, { smart_count: 2 }),
        })}
      </DialogTitle>
      <DialogContent>
        <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', mb: 2 }}>
          <MuiButton component="label" variant="outlined" disabled={busy} startIcon={<UploadIcon />}>
            {t('registry.import.file')}
            <input
              hidden
              type="file"
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              data-testid="import-file"
              onChange={(e: ChangeEvent<HTMLInputElement>) => {
                const f = e.target.files?.[0];
                e.target.value = ''; // choosing the same file again re-checks it
                if (f) void check(f);
              }}
            />
          </MuiButton>
          <Typography variant="body2" color="text.secondary">
            {file ? file.name : t('registry.import.file_hint')}
          </Typography>
        </Box>
        {busy && <LinearProgress sx={{ mb: 2 }} aria-label={t('registry.import.checking')} />}
        {failure && (
          <Alert severity="error" sx={{ mb: 2 }}>
            {failure}
          </Alert>
        )}
        {report && (
          <>
            <Box sx={{ display: 'flex', gap: 2, mb: 1 }} data-testid="import-summary">
              <Typography>{t('registry.import.total', { count: report.total })}</Typography>
              <Typography color="success.main">
                {t('registry.import.valid', { count: report.validCount })}
              </Typography>
              <Typography color={errors.length ? 'error' : 'text.secondary'}>
                {t('registry.import.invalid', { count: errors.length })}
              </Typography>
            </Box>
            <Alert severity={errors.length ? 'warning' : 'success'} sx={{ mb: 1 }}>
              {t(errors.length ? 'registry.import.has_errors' : 'registry.import.no_errors')}
            </Alert>
            {errors.length > 0 && (
              <Table size="small" data-testid="import-errors">
                <TableHead>
                  <TableRow>
                    <TableCell>{t('registry.import.row')}</TableCell>
                    <TableCell>{t('registry.import.field')}</TableCell>
                    <TableCell>{t('registry.import.reason')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {errors.slice(0, SHOWN_ERRORS).map((e, i) => (
                    <TableRow key={`${e.row}-${e.field}-${i}`}>
                      <TableCell>{e.row}</TableCell>
                      <TableCell>{fieldLabel(e.field)}</TableCell>
                      <TableCell>{e.reason}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
            {errors.length > SHOWN_ERRORS && (
              <Typography variant="body2" sx={{ mt: 1 }}>
                {t('registry.import.more', { count: errors.length - SHOWN_ERRORS })}
              </Typography>
            )}
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button label="ra.action.cancel" onClick={close} />
        <Button
          label={t('registry.import.import_valid', { count: report?.validCount ?? 0 })}
          onClick={() => void run(true)}
          disabled={busy || !report || errors.length === 0 || report.validCount === 0}
        />
        <Button
          label="registry.import.import_all"
          variant="contained"
          onClick={() => void run(false)}
          disabled={busy || !report || errors.length > 0 || report.total === 0}
        />
      </DialogActions>
    </Dialog>
  );
};

export const ImportButton = ({ resource }: { resource: ImportResource }) => {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button label="registry.import.button" onClick={() => setOpen(true)}>
        <UploadIcon />
      </Button>
      <ImportDialog resource={resource} open={open} onClose={() => setOpen(false)} />
    </>
  );
};
