import { Alert, Box, Card, CardContent, Chip, Stack, Typography } from '@mui/material';
import {
  DataTable,
  FunctionField,
  Labeled,
  Link,
  Pagination,
  ReferenceManyField,
  Show,
  TabbedShowLayout,
  TabbedShowLayoutTabs,
  TextField,
  useCreatePath,
  useGetList,
  useGetOne,
  usePermissions,
  useRecordContext,
  useResourceDefinitions,
  useTranslate,
} from 'react-admin';
import type { ExpertOpinion, InvitedExpert } from '../../../domain/commands';
import type { LevelRaise } from '../../../domain/case/model';
import { formatDate } from '../common/format';
import { ResponsiveDataTable } from '../common/responsive';
import { useAssignee, useTaskTitle, type TaskRecord } from '../tasks/TasksByCase';
import { CaseActions } from './actions/CaseActions';
import { CaseOfficialDocuments } from '../official-documents/OfficialDocuments';
import { caseNo, DeadlineCountdown, formatShanghai, StatusChip } from './CaseFields';
import type { Role } from '../../../domain/roles';

/**
 * The years a running case's deadlines were estimated for (weekends only, the year's holidays not entered):
 * `details.calendarEstimate.years`, or read from the older sentence `details.calendarWarning`.
 */
export function estimatedYears(details: Record<string, unknown> | undefined): number[] {
  const structured = (details?.calendarEstimate as { years?: unknown } | undefined)?.years;
  if (Array.isArray(structured)) return structured.map(Number).filter(Number.isInteger);
  const sentence = details?.calendarWarning;
  if (typeof sentence !== 'string') return [];
  return [...new Set([...sentence.matchAll(/(\d{4})年/g)].map((m) => Number(m[1])))];
}

/**
 * An estimated deadline: the administrator, who can enter the year, is told which year and led to the calendar;
 * everyone else sees only the neutral mark 期限按周末规则估算 — nothing they must do.
 */
const CalendarEstimateNote = ({ details }: { details: Record<string, unknown> | undefined }) => {
  const t = useTranslate();
  const { permissions } = usePermissions<Role>();
  const years = estimatedYears(details);
  if (!details?.calendarWarning && years.length === 0) return null;
  if (permissions === 'admin')
    return (
      <Alert
        severity="warning"
        sx={{ mt: 1 }}
        data-testid="calendar-estimate"
        action={<Link to="/calendar-years">{t('calendar.task.title')}</Link>}
      >
        {t('calendar.estimate_admin', { years: years.join('、') || '—' })}
      </Alert>
    );
  return (
    <Chip
      size="small"
      variant="outlined"
      sx={{ mt: 1 }}
      data-testid="calendar-estimate"
      label={t('calendar.estimate_mark')}
    />
  );
};

interface CaseRecord {
  id: string;
  enterpriseId?: string | null;
  enterpriseName?: string | null;
  clauseId?: string | null;
  caseNo: number;
  title: string;
  status: string;
  level: string | null;
  overdue: boolean;
  deadline: string | null;
  escalationStep: string | null;
  view?: {
    deadlineKind?: string | null;
    details?: Record<string, unknown>;
    planReturns?: number;
    extensionCount?: number;
    acceptanceFailures?: number;
  } | null;
}

/**
 * 停表: while the clock stands no deadline runs, so the header says until when it stands and how many working days
 * of the rectification deadline remain after it, instead of a countdown.
 */
export const SuspendedUntil = ({ record }: { record: CaseRecord }) => {
  const t = useTranslate();
  const s = record.view?.details?.suspension as { until?: string; remainingWorkingDays?: number } | undefined;
  const days = s?.remainingWorkingDays;
  if (days === undefined) return null;
  return (
    <Chip
      size="small"
      color="warning"
      data-testid="case-suspended-until"
      label={
        s?.until ? t('case.suspended_until', { until: s.until, days }) : t('case.suspended_open', { days })
      }
    />
  );
};
/** Whether the clock stands with the working days kept (fix 11): then the header shows them, not a countdown. */
const stoppedWithDays = (record: CaseRecord) =>
  record.status === 'suspended' &&
  (record.view?.details?.suspension as { remainingWorkingDays?: number } | undefined)
    ?.remainingWorkingDays !== undefined;

/** The status header: state, level, the running deadline with its countdown, and the overdue badge. */
const StatusHeader = () => {
  const record = useRecordContext<CaseRecord>();
  const t = useTranslate();
  if (!record) return null;
  const kind = record.view?.deadlineKind;
  return (
    <Card variant="outlined" sx={{ mb: 2 }} data-testid="case-header">
      <CardContent>
        <Typography variant="overline">{caseNo(record.caseNo)}</Typography>
        <Typography variant="h5" gutterBottom>
          {record.title}
        </Typography>
        <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
          <StatusChip record={record} />
          {record.level && <Chip size="small" variant="outlined" label={t(`level.${record.level}`)} />}
          {record.escalationStep && (
            <Chip size="small" color="warning" label={t(`escalation.${record.escalationStep}`)} />
          )}
          {stoppedWithDays(record) && <SuspendedUntil record={record} />}
          {record.deadline && !stoppedWithDays(record) && (
            <Typography variant="body2" component="span">
              {kind ? `${t(`deadline_kind.${kind}`, { _: kind })}：` : ''}
              {formatShanghai(record.deadline, false)} · <DeadlineCountdown deadline={record.deadline} />
            </Typography>
          )}
        </Stack>
        {!TERMINAL.includes(record.status) ? <CalendarEstimateNote details={record.view?.details} /> : null}
        <CaseActions />
      </CardContent>
    </Card>
  );
};

/** Plan, listing and acceptance details the workflow keeps, shown as label/value pairs. */
const Details = ({ section }: { section: string }) => {
  const record = useRecordContext<CaseRecord>();
  const t = useTranslate();
  const data = record?.view?.details?.[section] as Record<string, unknown> | undefined;
  if (!data) return null;
  return (
    <Box sx={{ mb: 2 }}>
      <Typography variant="subtitle1">{t(`case.details.${section}`)}</Typography>
      <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: 0.5, m: 0 }}>
        {Object.entries(data)
          // remainingMs: the old 停表's milliseconds, for the workflow; a person reads the working days.
          .filter(([k, v]) => v !== null && v !== undefined && typeof v !== 'object' && k !== 'remainingMs')
          .map(([k, v]) => (
            <Box key={k} sx={{ display: 'contents' }}>
              <Typography component="dt" variant="body2" color="text.secondary">
                {t(`case.detail_fields.${k}`, { _: k })}
              </Typography>
              <Typography component="dd" variant="body2" sx={{ m: 0, whiteSpace: 'pre-wrap' }}>
                {typeof v === 'string' && ISO_INSTANT.test(v) ? formatShanghai(v, true) : String(v)}
              </Typography>
            </Box>
          ))}
      </Box>
    </Box>
  );
};

/** 验收专家: who was invited to each acceptance round, and the opinion each gave (or that it is still awaited). */
export const ExpertsPanel = () => {
  const record = useRecordContext<CaseRecord>();
  const t = useTranslate();
  const details = record?.view?.details;
  const invited = (details?.invitedExperts as InvitedExpert[] | undefined) ?? [];
  if (invited.length === 0) return null;
  const opinions = (details?.expertOpinions as ExpertOpinion[] | undefined) ?? [];
  const rounds = [...new Set(invited.map((e) => e.round))].sort((a, b) => a - b);
  return (
    <Box sx={{ mb: 2 }} data-testid="case-experts">
      <Typography variant="subtitle1">{t('case.experts.title')}</Typography>
      {rounds.map((round) => (
        <Box key={round} sx={{ mb: 1 }}>
          {rounds.length > 1 && (
            <Typography variant="body2" color="text.secondary">
              {t('case.experts.round', { round })}
            </Typography>
          )}
          {invited
            .filter((e) => e.round === round)
            .map((e) => {
              const o = opinions.find((x) => x.expertId === e.id && x.round === round);
              return (
                <Box key={e.id} sx={{ py: 0.5 }}>
                  <Stack
                    direction="row"
                    spacing={1}
                    useFlexGap
                    sx={{ alignItems: 'center', flexWrap: 'wrap' }}
                  >
                    <Typography variant="body2" component="span" sx={{ fontWeight: 500 }}>
                      {e.name}
                    </Typography>
                    <Typography variant="caption" color="text.secondary">
                      {t('case.experts.invited', { by: e.invitedBy, at: formatShanghai(e.invitedAt, true) })}
                      {e.note ? `：${e.note}` : ''}
                    </Typography>
                    {o ? (
                      <Chip
                        size="small"
                        color={o.recommendation === 'pass' ? 'success' : 'error'}
                        label={t(`case.experts.recommendation.${o.recommendation}`)}
                      />
                    ) : (
                      <Chip size="small" variant="outlined" label={t('case.experts.pending')} />
                    )}
                  </Stack>
                  {o && (
                    <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', pl: 1 }}>
                      {o.opinion}（{formatShanghai(o.at, true)}）
                    </Typography>
                  )}
                </Box>
              );
            })}
        </Box>
      ))}
    </Box>
  );
};

/**
 * 提级督办记录: each raise of the listing, oldest first — from which level to which, the authority that lists and the
 * unit that supervises from then on, who decided it and on which day, and why. Shown only once a raise happened.
 */
export const LevelRaises = () => {
  const record = useRecordContext<CaseRecord>();
  const t = useTranslate();
  const raises = (record?.view?.details?.levelRaises as LevelRaise[] | undefined) ?? [];
  if (raises.length === 0) return null;
  const level = (l: string) => t(`level.${l}`, { _: l });
  return (
    <Box sx={{ mb: 2 }} data-testid="case-level-raises">
      <Typography variant="subtitle1">{t('case.level_raises.title')}</Typography>
      {raises.map((r, i) => {
        const rows: [string, string | null][] = [
          ['listing_authority', r.listingAuthority],
          ['supervising_unit', r.supervisingUnit],
          ['from_authority', r.fromAuthority],
          ['by', r.by],
          ['at', formatDate(r.at)],
          ['reason', r.reason?.trim() ? r.reason : null],
        ];
        return (
          <Box
            key={`${r.at}:${i}`}
            data-testid="case-level-raise"
            sx={{ py: 1, borderTop: i > 0 ? 1 : 0, borderColor: 'divider' }}
          >
            <Typography variant="body2" sx={{ fontWeight: 500 }}>
              {t('case.level_raises.levels', { from: level(r.fromLevel), to: level(r.toLevel) })}
            </Typography>
            <Box
              component="dl"
              sx={{
                display: 'grid',
                gridTemplateColumns: 'max-content 1fr',
                columnGap: 1,
                rowGap: 0.5,
                m: 0,
              }}
            >
              {rows
                .filter(([, v]) => !!v)
                .map(([k, v]) => (
                  <Box key={k} sx={{ display: 'contents' }}>
                    <Typography component="dt" variant="body2" color="text.secondary">
                      {t(`case.level_raises.${k}`)}
                    </Typography>
                    <Typography
                      component="dd"
                      variant="body2"
                      sx={{ m: 0, minWidth: 0, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
                    >
                      {v}
                    </Typography>
                  </Box>
                ))}
            </Box>
          </Box>
        );
      })}
    </Box>
  );
};

/** The words a person wrote with the step (a reason, a comment, an outcome), for the timeline. */
function eventSummary(payload: Record<string, unknown> | null): string {
  if (!payload) return '';
  for (const k of [
    'reason',
    'comment',
    'outcome',
    'summary',
    'completionReport',
    'measures',
    'title',
    'note',
    'opinion',
  ]) {
    const v = payload[k];
    if (typeof v === 'string' && v) return v.length > 80 ? `${v.slice(0, 80)}…` : v;
  }
  return '';
}

const EvidenceImage = ({ record }: { record: { id: string; mimeType: string; filename: string } }) =>
  record.mimeType.startsWith('image/') ? (
    <a href={`/api/documents/${record.id}/content`} target="_blank" rel="noreferrer">
      <img
        src={`/api/documents/${record.id}/content`}
        alt={record.filename}
        loading="lazy"
        style={{ maxHeight: 96, maxWidth: 160, objectFit: 'cover', borderRadius: 4 }}
      />
    </a>
  ) : (
    <a href={`/api/documents/${record.id}/content`} target="_blank" rel="noreferrer">
      {record.filename}
    </a>
  );

const TERMINAL = ['downgraded', 'dismissed', 'closed', 'withdrawn'];
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

const DETAIL_SECTIONS = [
  'listingPublication',
  'plan',
  'pendingExtension',
  'pendingSuspension',
  'suspension',
  'acceptanceApplication',
  'signOff',
  'withdrawal',
];

/** The official documents issued on the case, above the files. */
const CaseOfficialDocumentsOfRecord = () => {
  const record = useRecordContext<{ id: string }>();
  return record ? <CaseOfficialDocuments caseId={String(record.id)} /> : null;
};

/** 责任企业 as a link to its 一企一档 for those who may open it; plain text for everyone else (the enterprise itself). */
const EnterpriseLink = () => {
  const record = useRecordContext<CaseRecord>();
  const resources = useResourceDefinitions();
  const createPath = useCreatePath();
  if (!record?.enterpriseName) return <>—</>;
  if (!record.enterpriseId || !resources.enterprises?.hasShow) return <>{record.enterpriseName}</>;
  return (
    <Link
      to={createPath({ resource: 'enterprises', id: record.enterpriseId, type: 'show' })}
      data-testid="case-enterprise-link"
    >
      {record.enterpriseName}
    </Link>
  );
};

/** The judgement: the decision, the clause it rests on (with its standard) and the reason the judge wrote. */
const Judgement = () => {
  const record = useRecordContext<CaseRecord>();
  const t = useTranslate();
  const { data: events } = useGetList(
    'case-events',
    {
      filter: { caseId: record?.id, type: 'judged' },
      pagination: { page: 1, perPage: 1 },
      sort: { field: 'seq', order: 'DESC' },
    },
    { enabled: !!record?.id },
  );
  const { data: clause } = useGetOne(
    'clauses',
    { id: record?.clauseId ?? '' },
    { enabled: !!record?.clauseId },
  );
  const judged = events?.[0] as
    { payload?: { decision?: string; reason?: string }; actorName?: string; occurredAt?: string } | undefined;
  if (!judged) return null;
  return (
    <Box sx={{ mb: 2 }} data-testid="case-judgement">
      <Typography variant="subtitle1">{t('case_page.judgement')}</Typography>
      <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: 0.5, m: 0 }}>
        {judged.payload?.decision && (
          <>
            <Typography component="dt" variant="body2" color="text.secondary">
              {t('case_page.judgement')}
            </Typography>
            <Typography component="dd" variant="body2" sx={{ m: 0 }}>
              {t(`case_page.decision.${judged.payload.decision}`, { _: judged.payload.decision })}
              {judged.actorName ? `（${judged.actorName}，${formatDate(judged.occurredAt)}）` : ''}
            </Typography>
          </>
        )}
        {clause && (
          <>
            <Typography component="dt" variant="body2" color="text.secondary">
              {t('case_page.clause')}
            </Typography>
            <Typography component="dd" variant="body2" sx={{ m: 0 }}>
              {clause.standardTitle
                ? `${t('case_page.standard_of', { standard: clause.standardTitle })}`
                : ''}
              {clause.clauseNo}：{clause.text}
            </Typography>
          </>
        )}
        {judged.payload?.reason && (
          <>
            <Typography component="dt" variant="body2" color="text.secondary">
              {t('case_page.reason')}
            </Typography>
            <Typography component="dd" variant="body2" sx={{ m: 0, whiteSpace: 'pre-wrap' }}>
              {judged.payload.reason}
            </Typography>
          </>
        )}
      </Box>
    </Box>
  );
};

interface EscalationRow {
  id: string;
  step: string;
  reason: string;
  triggeredAt: string;
  status: string;
  outcome: string | null;
  documentId: string | null;
}

interface DocumentRow {
  id: string;
  mimeType: string;
  filename: string;
  kind: string;
  uploadedAt: string;
}

interface EventRecord {
  id: string;
  seq: number;
  type: string;
  payload: Record<string, unknown> | null;
  actorRole: string;
  actorName?: string | null;
  actorUnit?: string | null;
  occurredAt: string;
}

/** Who acted: the person and their unit, the role only when no person is named (the system, the public). */
function useActor() {
  const t = useTranslate();
  return (e: EventRecord) => {
    const role = t(`role.${e.actorRole}`, { _: e.actorRole });
    if (e.actorName && e.actorUnit) return t('case_page.actor', { name: e.actorName, unit: e.actorUnit });
    if (e.actorName) return `${e.actorName}（${role}）`;
    return role;
  };
}

const isOverdue = (task: { status: string; dueAt?: string | null }) =>
  task.status === 'open' && !!task.dueAt && Date.parse(task.dueAt) < Date.now();

const OverdueChip = () => {
  const t = useTranslate();
  return <Chip size="small" color="error" label={t('case_page.overdue')} data-testid="task-overdue" />;
};

export const CaseShow = () => {
  const t = useTranslate();
  const actor = useActor();
  const assignee = useAssignee();
  const taskTitle = useTaskTitle();
  return (
    <Show sx={{ '& .RaShow-card': { minWidth: 0 } }}>
      <StatusHeader />
      {/* Five tabs are wider than a phone: they scroll sideways inside their strip, the page does not. */}
      <TabbedShowLayout tabs={<TabbedShowLayoutTabs variant="scrollable" scrollButtons={false} />}>
        <TabbedShowLayout.Tab label="case.tabs.summary">
          <Labeled label="resources.cases.fields.enterpriseName">
            <EnterpriseLink />
          </Labeled>
          <TextField source="description" />
          <TextField source="location" emptyText="—" />
          <FunctionField source="source" render={(r: { source: string }) => t(`source.${r.source}`)} />
          <TextField source="listingAuthority" emptyText="—" />
          <TextField source="supervisingUnit" emptyText="—" />
          <TextField source="owningLeaderName" emptyText="—" />
          <FunctionField
            source="reportedAt"
            render={(r: { reportedAt: string }) => formatShanghai(r.reportedAt, true)}
          />
          <Labeled label="case.counters">
            <FunctionField
              render={(r: CaseRecord) =>
                t('case.counters_value', {
                  returns: r.view?.planReturns ?? 0,
                  extensions: r.view?.extensionCount ?? 0,
                  failures: r.view?.acceptanceFailures ?? 0,
                })
              }
            />
          </Labeled>
          <Judgement />
          <LevelRaises />
          {DETAIL_SECTIONS.map((s) => (
            <Details key={s} section={s} />
          ))}
          <ExpertsPanel />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="case.tabs.timeline" path="timeline">
          <ReferenceManyField
            reference="case-events"
            target="caseId"
            sort={{ field: 'seq', order: 'ASC' }}
            perPage={50}
            pagination={<Pagination />}
            label={false}
          >
            <ResponsiveDataTable<EventRecord>
              bulkActionButtons={false}
              rowClick={false}
              card={{
                overline: (e) => formatShanghai(e.occurredAt, true),
                title: (e) => t(`event.${e.type}`, { _: e.type }),
                lines: (e) => [actor(e), eventSummary(e.payload)],
              }}
            >
              <DataTable.Col source="seq" label="case.event.seq" />
              <DataTable.Col
                source="type"
                label="case.event.type"
                render={(e: EventRecord) => t(`event.${e.type}`, { _: e.type })}
              />
              <DataTable.Col
                source="payload"
                label="case.event.content"
                render={(e: EventRecord) => eventSummary(e.payload)}
              />
              <DataTable.Col
                source="actorRole"
                label="case.event.actor"
                render={(e: EventRecord) => actor(e)}
              />
              <DataTable.Col
                source="occurredAt"
                label="case.event.at"
                render={(e: EventRecord) => formatShanghai(e.occurredAt, true)}
              />
            </ResponsiveDataTable>
          </ReferenceManyField>
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="case.tabs.tasks" path="tasks">
          <ReferenceManyField
            reference="tasks"
            target="caseId"
            sort={{ field: 'dueAt', order: 'ASC' }}
            label={false}
          >
            <ResponsiveDataTable<TaskRecord>
              bulkActionButtons={false}
              rowClick={false}
              card={{
                title: (r) => taskTitle(r),
                badges: (r) => (
                  <>
                    <Chip size="small" label={t(`task_status.${r.status}`, { _: r.status })} />
                    {isOverdue(r) && <OverdueChip />}
                  </>
                ),
                lines: (r) => [
                  `${t('case_page.acts')}：${assignee(r)}`,
                  r.dueAt ? `${t('resources.tasks.fields.dueAt')}：${formatDate(r.dueAt)}` : '',
                ],
              }}
            >
              <DataTable.Col
                source="title"
                label="resources.tasks.fields.title"
                render={(r: TaskRecord) => taskTitle(r)}
              />
              <DataTable.Col
                source="assigneeRole"
                label="resources.tasks.fields.assigneeRole"
                render={(r: TaskRecord) => assignee(r)}
              />
              <DataTable.Col
                source="dueAt"
                label="resources.tasks.fields.dueAt"
                render={(r: TaskRecord) => (
                  <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                    <span style={{ whiteSpace: 'nowrap' }}>{formatDate(r.dueAt)}</span>
                    {isOverdue(r) && <OverdueChip />}
                  </Stack>
                )}
              />
              <DataTable.Col
                source="status"
                label="resources.tasks.fields.status"
                render={(r: TaskRecord) => t(`task_status.${r.status}`, { _: r.status })}
              />
            </ResponsiveDataTable>
          </ReferenceManyField>
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="case.tabs.escalations" path="escalations">
          <ReferenceManyField
            reference="escalations"
            target="caseId"
            sort={{ field: 'triggeredAt', order: 'ASC' }}
            label={false}
          >
            <ResponsiveDataTable<EscalationRow>
              bulkActionButtons={false}
              rowClick={false}
              card={{
                overline: (r) => formatShanghai(r.triggeredAt, true),
                title: (r) => t(`escalation.${r.step}`),
                badges: (r) => (
                  <Chip size="small" label={t(`escalation_status.${r.status}`, { _: r.status })} />
                ),
                lines: (r) => [
                  r.reason,
                  r.outcome ? `${t('resources.escalations.fields.outcome')}：${r.outcome}` : '',
                  r.documentId ? (
                    <Link to={`/official-documents/${r.documentId}/show`}>
                      {t('official_documents.open')}
                    </Link>
                  ) : (
                    ''
                  ),
                ],
              }}
            >
              <DataTable.Col
                source="step"
                label="resources.escalations.fields.step"
                render={(r: EscalationRow) => t(`escalation.${r.step}`)}
              />
              <DataTable.Col source="reason" label="resources.escalations.fields.reason" />
              <DataTable.Col
                source="triggeredAt"
                label="resources.escalations.fields.triggeredAt"
                render={(r: EscalationRow) => formatShanghai(r.triggeredAt, true)}
              />
              <DataTable.Col
                source="status"
                label="resources.escalations.fields.status"
                render={(r: EscalationRow) => t(`escalation_status.${r.status}`, { _: r.status })}
              />
              <DataTable.Col source="outcome" label="resources.escalations.fields.outcome" />
              <DataTable.Col
                source="documentId"
                label="official_documents.rung_document"
                render={(r: EscalationRow) =>
                  r.documentId ? (
                    <Link to={`/official-documents/${r.documentId}/show`}>
                      {t('official_documents.open')}
                    </Link>
                  ) : (
                    '—'
                  )
                }
              />
            </ResponsiveDataTable>
          </ReferenceManyField>
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="case.tabs.documents" path="documents">
          <CaseOfficialDocumentsOfRecord />
          <ReferenceManyField reference="documents" target="caseId" label={false}>
            <ResponsiveDataTable<DocumentRow>
              bulkActionButtons={false}
              rowClick={false}
              card={{
                overline: (r) => formatShanghai(r.uploadedAt, true),
                title: (r) => <EvidenceImage record={r} />,
                badges: (r) => <Chip size="small" label={t(`document_kind.${r.kind}`, { _: r.kind })} />,
              }}
            >
              <DataTable.Col
                source="filename"
                label="resources.documents.fields.filename"
                render={(r: DocumentRow) => <EvidenceImage record={r} />}
              />
              <DataTable.Col
                source="kind"
                label="resources.documents.fields.kind"
                render={(r: DocumentRow) => t(`document_kind.${r.kind}`, { _: r.kind })}
              />
              <DataTable.Col
                source="uploadedAt"
                label="resources.documents.fields.uploadedAt"
                render={(r: DocumentRow) => formatShanghai(r.uploadedAt, true)}
              />
            </ResponsiveDataTable>
          </ReferenceManyField>
        </TabbedShowLayout.Tab>
      </TabbedShowLayout>
    </Show>
  );
};
