import { Button } from '@mui/material';
import { useState } from 'react';
import {
  DataTable,
  List,
  TopToolbar,
  FilterButton,
  ReferenceField,
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
import { DeadlineCountdown, formatShanghai } from '../cases/CaseFields';

interface EscalationRecord {
  id: string;
  caseId: string;
  step: string;
  reason: string;
  triggeredAt: string;
  dueAt: string | null;
  status: string;
  outcome: string | null;
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
      <DataTable
        rowClick={(_id, _res, r) => `/cases/${(r as EscalationRecord).caseId}/show`}
        bulkActionButtons={false}
      >
        <DataTable.Col source="caseId">
          <ReferenceField source="caseId" reference="cases" link="show" />
        </DataTable.Col>
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
              <span>
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
      </DataTable>
    </List>
  );
};
