import { Box, Button, Chip, Typography } from '@mui/material';
import { useState } from 'react';
import {
  DataTable,
  List,
  TopToolbar,
  FilterButton,
  SelectInput,
  useGetOne,
  usePermissions,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { escalationSteps } from '../../../domain/case-status';
import type { Role } from '../../../domain/roles';
import { ExportMenu } from '../import-export/ExportMenu';
import { ActionDialog } from '../cases/actions/CaseActions';
import type { CaseForForms } from '../cases/actions/actionForms';
import { CaseNo, caseNo, DeadlineCountdown, formatShanghai } from '../cases/CaseFields';
import { ResponsiveDataTable } from '../common/responsive';

interface EscalationRecord {
  id: string;
  caseId: string;
  step: string;
  reason: string;
  triggeredAt: string;
  dueAt: string | null;
  status: string;
  outcome: string | null;
  caseNo: number;
  caseTitle: string;
  enterpriseName: string | null;
}

/** Opens the outcome form (interview minutes for 约谈) for this rung, on its case. */
const OutcomeButton = () => {
  const record = useRecordContext<EscalationRecord>();
  const t = useTranslate();
  const [open, setOpen] = useState(false);
  const { data: kase } = useGetOne<CaseForForms>('cases', { id: record?.caseId ?? '' }, { enabled: open });
  if (!record || record.status !== 'open') return null;
  // Clicks inside the dialog bubble through React's tree to the row, which would open the case: stop them here.
  return (
    <span onClick={(e) => e.stopPropagation()}>
      <Button size="small" variant="outlined" onClick={() => setOpen(true)}>
        {t(record.step === 'interview' ? 'escalations.record_minutes' : 'escalations.record_outcome')}
      </Button>
      {open && kase && (
        <ActionDialog
          action="record-escalation-outcome"
          record={{
            ...kase,
            // the form preselects this rung
            view: {
              ...kase.view,
              escalations: [...(kase.view?.escalations ?? [])].sort((a) => (a.id === record.id ? -1 : 1)),
            },
          }}
          open
          onClose={() => setOpen(false)}
        />
      )}
    </span>
  );
};

/** 督办台账: every rung of the escalation ladder in the caller's territory, open ones first. */
export const EscalationList = () => {
  const t = useTranslate();
  const { permissions } = usePermissions<Role>();
  const canAct = permissions === 'supervisor' || permissions === 'admin';
  const filters = [
    <SelectInput
      source="step"
      key="step"
      choices={escalationSteps.map((s) => ({ id: s, name: t(`escalation.${s}`) }))}
    />,
    <SelectInput
      source="status"
      key="status"
      alwaysOn
      choices={['open', 'done', 'superseded', 'cancelled'].map((s) => ({
        id: s,
        name: t(`escalation_status.${s}`),
      }))}
    />,
  ];
  return (
    <List
      actions={
        <TopToolbar>
          <FilterButton />
          <ExportMenu />
        </TopToolbar>
      }
      filters={filters}
      filterDefaultValues={{ status: 'open' }}
      sort={{ field: 'triggeredAt', order: 'DESC' }}
    >
      <ResponsiveDataTable<EscalationRecord>
        rowClick={(_id, _res, r) => `/cases/${(r as EscalationRecord).caseId}/show`}
        bulkActionButtons={false}
        card={{
          overline: (r) => `${caseNo(r.caseNo)}${r.enterpriseName ? ` · ${r.enterpriseName}` : ''}`,
          title: (r) => `${t(`escalation.${r.step}`)}：${r.caseTitle}`,
          badges: (r) => (
            <>
              <Chip size="small" label={t(`escalation_status.${r.status}`)} />
              {r.dueAt && r.status === 'open' && <DeadlineCountdown deadline={r.dueAt} />}
            </>
          ),
          lines: (r) => [
            r.reason,
            `${t('resources.escalations.fields.triggeredAt')}：${formatShanghai(r.triggeredAt, false)}`,
            r.outcome && `${t('resources.escalations.fields.outcome')}：${r.outcome}`,
            canAct && r.status === 'open' && <OutcomeButton key="act" />,
          ],
        }}
      >
        <DataTable.Col
          source="caseNo"
          label="resources.escalations.fields.caseId"
          render={(r: EscalationRecord) => (
            <Box sx={{ minWidth: 180 }}>
              <CaseNo n={r.caseNo} />
              <Typography variant="body2">{r.caseTitle}</Typography>
              {r.enterpriseName && (
                <Typography variant="caption" color="text.secondary">
                  {r.enterpriseName}
                </Typography>
              )}
            </Box>
          )}
        />
        <DataTable.Col source="step" render={(r: EscalationRecord) => t(`escalation.${r.step}`)} />
        <DataTable.Col source="reason" />
        <DataTable.Col
          source="triggeredAt"
          render={(r: EscalationRecord) => formatShanghai(r.triggeredAt, true)}
        />
        <DataTable.Col
          source="dueAt"
          render={(r: EscalationRecord) =>
            r.dueAt ? (
              <span style={{ whiteSpace: 'nowrap' }}>
                {formatShanghai(r.dueAt, false)}{' '}
                {r.status === 'open' && <DeadlineCountdown deadline={r.dueAt} />}
              </span>
            ) : (
              '—'
            )
          }
        />
        <DataTable.Col source="status" render={(r: EscalationRecord) => t(`escalation_status.${r.status}`)} />
        <DataTable.Col source="outcome" />
        {canAct && (
          <DataTable.Col label="escalations.act">
            <OutcomeButton />
          </DataTable.Col>
        )}
      </ResponsiveDataTable>
    </List>
  );
};
