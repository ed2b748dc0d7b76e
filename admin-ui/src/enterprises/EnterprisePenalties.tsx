import {
  Alert,
  AlertTitle,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Link, useDataProvider, usePermissions, useRecordContext, useTranslate } from 'react-admin';
import type { Role } from '../../../domain/roles';
import type { DubanDataProvider } from '../providers/dataProvider';
import type { EnterpriseRecord } from './types';

/** The enterprise's penalties and closure threshold, fetched once per page (both the flag and the tab read it). */
function usePenalties() {
  const r = useRecordContext<EnterpriseRecord>();
  const dp = useDataProvider<DubanDataProvider>();
  return useQuery({
    queryKey: ['enterprises', r?.id, 'penalties'],
    queryFn: () => dp.penalties(String(r!.id)),
    enabled: !!r,
  });
}

/**
 * 安全生产法 Art. 113: a red flag at the top of 一企一档 when the enterprise has 3 penalties within 180 days or 4
 * within 365 days (domain/closure-threshold.ts); closing it is the local government's decision, the flag says so.
 */
export const ClosureThresholdFlag = () => {
  const t = useTranslate();
  const { data } = usePenalties();
  if (!data?.closureThreshold.reached) return null;
  const { penalties180, penalties365 } = data.closureThreshold;
  return (
    <Alert severity="error" variant="filled" sx={{ mb: 1 }} data-testid="closure-threshold-flag">
      <AlertTitle>{t('registry.penalties.flag')}</AlertTitle>
      {t('registry.penalties.counts', { n180: penalties180, n365: penalties365 })}
    </Alert>
  );
};

/** 行政处罚记录: every penalty recorded, newest first, each linked to its case or the inspection that decided it. */
export const PenaltyTable = () => {
  const t = useTranslate();
  // The enterprise reads that an inspection decided it; the inspection's record page is the supervisors'.
  const { permissions: role } = usePermissions<Role>();
  const { data, isPending } = usePenalties();
  if (isPending || !data) return null;
  if (data.penalties.length === 0)
    return <Typography sx={{ p: 2 }}>{t('registry.penalties.empty')}</Typography>;
  return (
    <>
      <Typography variant="body2" color="text.secondary" sx={{ p: 1 }}>
        {t('registry.penalties.counts', {
          n180: data.closureThreshold.penalties180,
          n365: data.closureThreshold.penalties365,
        })}
      </Typography>
      <Table size="small" data-testid="penalty-table">
        <TableHead>
          <TableRow>
            {['decidedOn', 'kind', 'decisionNo', 'amountYuan', 'case'].map((c) => (
              <TableCell key={c}>{t(`registry.penalties.columns.${c}`)}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {data.penalties.map((p) => (
            <TableRow key={p.id}>
              <TableCell>{p.decidedOn}</TableCell>
              <TableCell>{t(`penalty_kind.${p.kind}`)}</TableCell>
              <TableCell>{p.decisionNo}</TableCell>
              <TableCell>{p.amountYuan == null ? '—' : p.amountYuan.toLocaleString('zh-CN')}</TableCell>
              <TableCell>
                {p.caseId ? (
                  <Link to={`/cases/${p.caseId}/show`}>{t('registry.penalties.open_case')}</Link>
                ) : p.inspectionId && role !== 'enterprise' ? (
                  <Link to={`/inspections/${p.inspectionId}/show`}>
                    {t('registry.penalties.open_inspection')}
                  </Link>
                ) : (
                  t('registry.penalties.at_inspection')
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
};
