import DownloadIcon from '@mui/icons-material/Download';
import { Menu, MenuItem } from '@mui/material';
import { useState, type MouseEvent } from 'react';
import { Button, useListContext, useNotify, useTranslate } from 'react-admin';
import { downloadExport, exportUrl, type ExportFormat } from './api';

/**
 * Export of the whole filtered list by the server, as CSV or XLSX. react-admin's own ExportButton would page the
 * list through the browser; the server streams every row the caller may see in one response instead.
 */
export const ExportMenu = ({ resource }: { resource?: string }) => {
  const list = useListContext();
  const notify = useNotify();
  const t = useTranslate();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const name = resource ?? list.resource;
  const run = async (format: ExportFormat) => {
    setAnchor(null);
    const stamp = new Date().toISOString().slice(0, 10);
    try {
      await downloadExport(
        exportUrl(name, format, list.filterValues ?? {}, list.sort),
        `${name}-${stamp}.${format}`,
      );
    } catch (e) {
      notify('registry.export.failed', { type: 'error', messageArgs: { message: (e as Error).message } });
    }
  };
  return (
    <>
      <Button
        label="registry.export.button"
        onClick={(e: MouseEvent<HTMLButtonElement>) => setAnchor(e.currentTarget)}
        disabled={list.total === 0}
        // On a phone react-admin's Button is an icon; disabled, it drops its name (axe button-name): keep it.
        aria-label={t('registry.export.button')}
      >
        <DownloadIcon />
      </Button>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
        <MenuItem onClick={() => void run('csv')}>{t('registry.export.csv')}</MenuItem>
        <MenuItem onClick={() => void run('xlsx')}>{t('registry.export.xlsx')}</MenuItem>
      </Menu>
    </>
  );
};

/** In a list's bulk toolbar: export exactly the selected rows (e.g. the cases a report upward is about). */
export const ExportSelectedMenu = () => {
  const { selectedIds, resource, sort } = useListContext();
  const notify = useNotify();
  const t = useTranslate();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const run = async (format: ExportFormat) => {
    setAnchor(null);
    try {
      await downloadExport(exportUrl(resource, format, { id: selectedIds }, sort), `${resource}.${format}`);
    } catch (e) {
      notify('registry.export.failed', { type: 'error', messageArgs: { message: (e as Error).message } });
    }
  };
  return (
    <>
      <Button
        label="registry.export.selected"
        onClick={(e: MouseEvent<HTMLButtonElement>) => setAnchor(e.currentTarget)}
      >
        <DownloadIcon />
      </Button>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
        <MenuItem onClick={() => void run('csv')}>{t('registry.export.csv')}</MenuItem>
        <MenuItem onClick={() => void run('xlsx')}>{t('registry.export.xlsx')}</MenuItem>
      </Menu>
    </>
  );
};
