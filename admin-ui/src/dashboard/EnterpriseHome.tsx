import {
  Box,
  Card,
  CardContent,
  CardHeader,
  Chip,
  Link as MuiLink,
  List as MuiList,
  ListItem,
  ListItemText,
  Typography,
} from '@mui/material';
import { Link, ListBase, useListContext, useTranslate } from 'react-admin';
import { DeadlineCountdown } from '../cases/CaseFields';
import { caseNo, formatDate } from '../common/format';
import { MyTasks } from '../tasks/MyTasks';
import { IssuedDocumentList } from '../official-documents/OfficialDocuments';

interface EscalationRecord {
  id: string;
  caseId: string;
  caseNo: number;
  caseTitle: string;
  step: string;
  reason: string;
  triggeredAt: string;
  dueAt: string | null;
  status: string;
  outcome: string | null;
}

/** 督办措施 taken against the enterprise: what was decided, on which case, why, and by when it must answer. */
const Escalations = () => {
  const t = useTranslate();
  const { data, isPending } = useListContext<EscalationRecord>();
  if (isPending) return null;
  if (!data?.length)
    return (
      <Typography variant="body2" color="text.secondary">
        {t('enterprise_home.no_escalations')}
      </Typography>
    );
  return (
    <MuiList dense disablePadding data-testid="enterprise-escalations">
      {data.map((e) => (
        <ListItem key={e.id} divider disableGutters alignItems="flex-start">
          <ListItemText
            primary={
              <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, alignItems: 'center' }}>
                <Typography component="span" sx={{ fontWeight: 600 }} color="warning.dark">
                  {t(`escalation.${e.step}`)}
                </Typography>
                <Chip size="small" variant="outlined" label={t(`escalation_status.${e.status}`)} />
                {e.status === 'open' && e.dueAt && <DeadlineCountdown deadline={e.dueAt} />}
              </Box>
            }
            secondary={
              <>
                <MuiLink component={Link} to={`/cases/${e.caseId}/show`} underline="hover">
                  {caseNo(e.caseNo)} {e.caseTitle}
                </MuiLink>
                <br />
                {formatDate(e.triggeredAt)} · {e.reason}
                {e.outcome ? (
                  <>
                    <br />
                    {t('resources.escalations.fields.outcome')}：{e.outcome}
                  </>
                ) : null}
              </>
            }
            slotProps={{ secondary: { component: 'div' } }}
          />
        </ListItem>
      ))}
    </MuiList>
  );
};

/**
 * An enterprise's home: its tasks by case first, then what the authorities decided about it — the supervision
 * measures (督办函, 约谈, 通报…) and the documents issued to it.
 */
export const EnterpriseHome = () => {
  const t = useTranslate();
  return (
    <>
      <MyTasks />
      <Box sx={{ display: 'grid', gap: 2, mt: 2, gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' } }}>
        <Card>
          <CardHeader
            title={t('enterprise_home.escalations')}
            subheader={t('enterprise_home.escalations_hint')}
            slotProps={{ title: { component: 'h2', variant: 'h6' } }}
          />
          <CardContent sx={{ pt: 0 }}>
            <ListBase
              resource="escalations"
              sort={{ field: 'triggeredAt', order: 'DESC' }}
              perPage={10}
              disableSyncWithLocation
            >
              <Escalations />
            </ListBase>
          </CardContent>
        </Card>
        <Card>
          <CardHeader
            title={t('enterprise_home.documents')}
            subheader={t('enterprise_home.documents_hint')}
            slotProps={{ title: { component: 'h2', variant: 'h6' } }}
          />
          <CardContent sx={{ pt: 0 }}>
            <ListBase
              resource="official-documents"
              sort={{ field: 'issuedAt', order: 'DESC' }}
              perPage={10}
              disableSyncWithLocation
            >
              {/* The documents issued to it (挂牌督办通知书, 督办函, 约谈通知书, 通报, 销号通知…), each as PDF and DOCX. */}
              <IssuedDocumentList empty="enterprise_home.no_documents" testId="enterprise-documents" linked />
            </ListBase>
          </CardContent>
        </Card>
      </Box>
    </>
  );
};
