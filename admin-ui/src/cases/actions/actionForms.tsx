import { createContext, useContext, useEffect, type ReactNode } from 'react';
import {
  ArrayInput,
  AutocompleteArrayInput,
  AutocompleteInput,
  BooleanInput,
  CheckboxGroupInput,
  NumberInput,
  RadioButtonGroupInput,
  ReferenceArrayInput,
  ReferenceInput,
  SelectInput,
  SimpleFormIterator,
  TextInput,
  useGetList,
  useTranslate,
} from 'react-admin';
import { Typography } from '@mui/material';
import { useFormContext, useWatch } from 'react-hook-form';
import { z } from 'zod';
import * as commands from '../../../../domain/commands';
import type { ExpertOpinion, InvitedExpert } from '../../../../domain/commands';
import type { CaseAction } from '../../../../domain/case-actions';
import { escalationSteps, listingLevels, type ListingLevel } from '../../../../domain/case-status';
import { authorityPath, levelAbove, listingLevelDepth } from '../../../../domain/case/labels';
import { futureDateFields } from '../../../../domain/command-dates';
import type { DocumentKind } from '../../../../domain/uploads';
import { DateInput, UploadInput, useSchemaHints, type FieldHint } from '../../common/forms';

/** A case as the forms read it: the read-model row with the workflow's view. */
export interface CaseForForms {
  id: string;
  status: string;
  /** 挂牌层级: 提级督办 offers the levels above it. */
  level?: string | null;
  /** The case's region path: the 包案领导 picker asks for the leaders over the listing level's part of it. */
  regionPath?: string;
  view?: {
    escalations?: Array<{ id: string; step: string; status: string; reason?: string }>;
    acceptanceFailures?: number;
    details?: {
      invitedExperts?: InvitedExpert[];
      expertOpinions?: ExpertOpinion[];
      /** 停表申请 awaiting a decision: its days are the decision's default. */
      pendingSuspension?: { days: number; reason: string };
    };
  } | null;
}

/** Invitations and opinions of the acceptance round now running (验收轮次), as the workflow counts them. */
export function currentRound(record: CaseForForms): {
  invited: InvitedExpert[];
  opinions: ExpertOpinion[];
} {
  const round = (record.view?.acceptanceFailures ?? 0) + 1;
  return {
    invited: (record.view?.details?.invitedExperts ?? []).filter((e) => e.round === round),
    opinions: (record.view?.details?.expertOpinions ?? []).filter((o) => o.round === round),
  };
}

/** Files picked in a form; they are uploaded to the case first and sent as documentIds. */
const files = (min: number, message: string) =>
  z.preprocess(
    (v) => v ?? [], // an untouched file input has no value yet
    z.array(z.object({ rawFile: z.instanceof(File) }).loose()).min(min, { error: message }),
  );

export interface ActionForm {
  /** The zod schema the form validates with: the API's own input schema, files in place of documentIds. */
  schema: z.ZodType;
  /** Upload kind for the picked files, when the form takes files. */
  documentKind?: string;
  /** One required file of its own (a signed scan), uploaded first and sent as the id field `to`. */
  singleFile?: { source: string; to: string; kind: DocumentKind };
  defaults?: (record: CaseForForms) => Record<string, unknown>;
  Fields: (props: { record: CaseForForms }) => ReactNode;
  /** Destructive or final actions get a warning-coloured button. */
  tone?: 'primary' | 'warning' | 'error';
}

/** The form's schema and action, for the inputs' required markers and limits (said before anything is sent). */
export const FormSchemaContext = createContext<{ schema: z.ZodType; action: CaseAction } | null>(null);

const tomorrowShanghai = () =>
  new Date(Date.now() + 32 * 3_600_000).toLocaleDateString('sv-SE', { timeZone: 'UTC' });

/**
 * `hint('measures')` → `{ isRequired, helperText }` from the form's schema; a date the command takes for the future
 * (domain/command-dates.ts) also gets its earliest day (`minDate`), which the calendar and the field's line say.
 */
export function useHint() {
  const ctx = useContext(FormSchemaContext);
  const hints = useSchemaHints(ctx?.schema ?? z.object({}));
  return (source: string, opts?: { required?: boolean }): FieldHint & { minDate?: string } => {
    const future = ctx && futureDateFields[ctx.action]?.[source];
    return { ...hints(source, opts), ...(future ? { minDate: tomorrowShanghai() } : {}) };
  };
}

const multiline = { multiline: true, minRows: 3, fullWidth: true } as const;
const f = (action: string, field: string) => `actions.${action}.fields.${field}`;

const Choices = ({ source, action, options }: { source: string; action: string; options: string[] }) => {
  const t = useTranslate();
  const hint = useHint();
  return (
    <RadioButtonGroupInput
      {...hint(source)}
      source={source}
      label={f(action, source)}
      choices={options.map((o) => ({ id: o, name: t(`actions.${action}.choices.${o}`) }))}
    />
  );
};

/** The upload box of a form: says in Chinese which files it takes (the API's own table, domain/uploads.ts). */
const Upload = ({ action, kind, label }: { action: string; kind: DocumentKind; label?: string }) => {
  const hint = useHint();
  return (
    <UploadInput
      source="files"
      kind={kind}
      label={label ?? f(action, 'files')}
      isRequired={hint('files').isRequired}
    />
  );
};

/** Text, number and date inputs that carry the schema's required marker and limits. */
const Text = (props: Parameters<typeof TextInput>[0] & { source: string }) => {
  const hint = useHint();
  return <TextInput {...hint(props.source)} {...props} />;
};
const Num = (props: Parameters<typeof NumberInput>[0] & { source: string }) => {
  const hint = useHint();
  return <NumberInput {...hint(props.source)} {...props} />;
};
const Day = ({ source, label, required }: { source: string; label: string; required?: boolean }) => {
  const hint = useHint();
  const h = hint(source, required === undefined ? undefined : { required });
  return <DateInput source={source} label={label} isRequired={h.isRequired} minDate={h.minDate} />;
};
const Select = (props: Parameters<typeof SelectInput>[0] & { source: string }) => {
  const hint = useHint();
  return <SelectInput {...hint(props.source)} {...props} />;
};

interface ClauseOption {
  clauseNo: string;
  text: string;
  standardTitle?: string | null;
  standardCode?: string | null;
}
/** A clause as the picker names it: its number, its words, and the standard it belongs to. */
export const clauseLabel = (c: ClauseOption) =>
  `${c.clauseNo} ${c.text.length > 48 ? `${c.text.slice(0, 48)}…` : c.text}${c.standardTitle ? `（${c.standardTitle}）` : ''}`;

/** The clause picker: the clauses are listed as soon as it opens (no typing needed), each naming its standard. */
export const ClauseInput = ({ source, action }: { source: string; action: string }) => {
  const t = useTranslate();
  const hint = useHint();
  return (
    <ReferenceInput
      source={source}
      reference="clauses"
      sort={{ field: 'sortOrder', order: 'ASC' }}
      perPage={100}
    >
      <AutocompleteInput
        label={f(action, source)}
        isRequired={hint(source, { required: true }).isRequired}
        helperText={t('case_page.clause_hint')}
        optionText={clauseLabel}
        filterToQuery={(q: string) => ({ q })}
        openOnFocus
        fullWidth
      />
    </ReferenceInput>
  );
};

const JudgeFields = () => {
  const decision = useWatch({ name: 'decision' }) as string | undefined;
  return (
    <>
      <Choices source="decision" action="judge" options={['major', 'general', 'not_hazard']} />
      {decision === 'major' && <ClauseInput source="clauseId" action="judge" />}
      <Text source="reason" label={f('judge', 'reason')} {...multiline} />
    </>
  );
};

interface LeaderOption {
  id: string;
  displayName: string;
  regionName: string | null;
}

/**
 * 包案领导: the active leaders over the region of the chosen listing level (GET /assignees?filter={"leadsRegion"}, the
 * people the API's check accepts), each with their region; asked again when the level changes, and a leader chosen
 * for another level is cleared.
 */
const LeaderInput = ({ action, record }: { action: 'list' | 'raise-level'; record: CaseForForms }) => {
  const t = useTranslate();
  const hint = useHint();
  const { setValue, getValues } = useFormContext();
  const level = useWatch({ name: 'level' }) as ListingLevel | undefined;
  const code =
    level && record.regionPath
      ? authorityPath(record.regionPath, level).split('/').filter(Boolean).pop()
      : undefined;
  const { data, isPending } = useGetList<LeaderOption>(
    'assignees',
    {
      filter: { leadsRegion: code },
      pagination: { page: 1, perPage: 100 },
      sort: { field: 'displayName', order: 'ASC' },
    },
    { enabled: !!code },
  );
  useEffect(() => {
    const chosen = getValues('owningLeaderId') as string | undefined;
    if (chosen && data && !data.some((l) => l.id === chosen)) setValue('owningLeaderId', undefined);
  }, [data, getValues, setValue]);
  return (
    <AutocompleteInput
      source="owningLeaderId"
      label={f(action, 'owningLeaderId')}
      isRequired={hint('owningLeaderId').isRequired}
      helperText={t(code ? 'case_page.leader_hint' : 'case_page.leader_pick_level')}
      choices={data ?? []}
      isPending={!!code && isPending}
      optionText={(l: LeaderOption) => (l.regionName ? `${l.displayName}（${l.regionName}）` : l.displayName)}
      noOptionsText={t('case_page.leader_none')}
      openOnFocus
      fullWidth
    />
  );
};

const ListFields = ({ record }: { record: CaseForForms }) => {
  const t = useTranslate();
  return (
    <>
      <Select
        source="level"
        label={f('list', 'level')}
        choices={listingLevels.map((l) => ({ id: l, name: t(`level.${l}`) }))}
      />
      <Text source="listingAuthority" label={f('list', 'listingAuthority')} fullWidth />
      <Text source="supervisingUnit" label={f('list', 'supervisingUnit')} fullWidth />
      <LeaderInput action="list" record={record} />
      <Day source="rectificationDeadline" label={f('list', 'rectificationDeadline')} />
      <CheckboxGroupInput
        source="interimControls"
        label={f('list', 'interimControls')}
        choices={['evacuate', 'stop_production', 'stop_use', 'other'].map((c) => ({
          id: c,
          name: t(`actions.list.choices.${c}`),
        }))}
      />
      <Text source="interimControlsNote" label={f('list', 'interimControlsNote')} {...multiline} />
    </>
  );
};

const PlanFields = () => (
  <>
    <Text source="responsiblePerson" label={f('submit-plan', 'responsiblePerson')} />
    <Text source="responsiblePhone" label={f('submit-plan', 'responsiblePhone')} />
    <Text source="measures" label={f('submit-plan', 'measures')} {...multiline} />
    <Num source="funds" label={f('submit-plan', 'funds')} min={0} />
    <Day source="timeLimit" label={f('submit-plan', 'timeLimit')} />
    <Text source="emergencyPlan" label={f('submit-plan', 'emergencyPlan')} {...multiline} />
    <Text source="objectives" label={f('submit-plan', 'objectives')} {...multiline} />
    <TextInput
      source="interimSafetyMeasures"
      label={f('submit-plan', 'interimSafetyMeasures')}
      {...multiline}
    />
    <Upload action="submit-plan" kind="plan" />
  </>
);

const AcceptanceResultFields = () => {
  const passed = useWatch({ name: 'passed' }) as boolean | undefined;
  return (
    <>
      <BooleanInput source="passed" label={f('record-acceptance', 'passed')} />
      <Day source="heldOn" label={f('record-acceptance', 'heldOn')} />
      <ArrayInput source="opinions" label={f('record-acceptance', 'opinions')}>
        <SimpleFormIterator inline disableReordering>
          <Text source="expert" label={f('record-acceptance', 'expert')} />
          <Text source="opinion" label={f('record-acceptance', 'opinion')} sx={{ minWidth: 320 }} />
        </SimpleFormIterator>
      </ArrayInput>
      {!passed && (
        <>
          <Text
            source="explanation"
            label={f('record-acceptance', 'explanation')}
            isRequired
            {...multiline}
          />
          <Day source="newDeadline" label={f('record-acceptance', 'newDeadline')} required />
        </>
      )}
    </>
  );
};

/** 邀请专家: pick active experts of the caller's territory (GET /assignees?filter={"role":"expert"}). */
const InviteExpertsFields = ({ record }: { record: CaseForForms }) => {
  const t = useTranslate();
  const { invited } = currentRound(record);
  return (
    <>
      {invited.length > 0 && (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {t('actions.invite-experts.already', { names: invited.map((e) => e.name).join('、') })}
        </Typography>
      )}
      <ReferenceArrayInput
        source="expertIds"
        reference="assignees"
        filter={{ role: 'expert' }}
        sort={{ field: 'displayName', order: 'ASC' }}
        perPage={50}
      >
        <AutocompleteArrayInput
          label={f('invite-experts', 'expertIds')}
          optionText="displayName"
          filterToQuery={(q: string) => ({ q })}
          fullWidth
        />
      </ReferenceArrayInput>
      <Text source="note" label={f('invite-experts', 'note')} {...multiline} />
    </>
  );
};

/**
 * 行政处罚 decided on an enforcement or joint punishment rung; counted for the 安全生产法 Art. 113 closure threshold.
 * Left empty, no penalty is sent (withoutEmpty drops the empty group).
 */
const PenaltyFields = () => {
  const t = useTranslate();
  const action = 'record-escalation-outcome';
  const kind = useWatch({ name: 'penalty.kind' }) as string | undefined;
  return (
    <>
      <Typography variant="subtitle2" sx={{ mt: 1 }}>
        {t(f(action, 'penalty.title'))}
      </Typography>
      <Typography variant="caption" color="text.secondary" sx={{ mb: 1 }}>
        {t(f(action, 'penalty.hint'))}
      </Typography>
      <Select
        source="penalty.kind"
        label={f(action, 'penalty.kind')}
        choices={commands.penaltyKinds.map((k) => ({ id: k, name: t(`penalty_kind.${k}`) }))}
        emptyText=" "
      />
      <Day source="penalty.decidedOn" label={f(action, 'penalty.decidedOn')} />
      <Text source="penalty.decisionNo" label={f(action, 'penalty.decisionNo')} fullWidth />
      {(kind === 'fine' || kind === 'other') && (
        <Num source="penalty.amountYuan" label={f(action, 'penalty.amountYuan')} min={0} />
      )}
    </>
  );
};

const EscalationOutcomeFields = ({ record }: { record: CaseForForms }) => {
  const t = useTranslate();
  const { setValue } = useFormContext();
  const open = (record.view?.escalations ?? []).filter((e) => e.status === 'open');
  const chosen = useWatch({ name: 'escalationId' }) as string | undefined;
  const step = open.find((e) => e.id === chosen)?.step;
  const isInterview = step === 'interview';
  const takesPenalty = !!step && (commands.penaltySteps as readonly string[]).includes(step);
  // A penalty typed for an enforcement rung must not ride along when another rung is chosen: the workflow refuses it.
  useEffect(() => {
    if (!takesPenalty) setValue('penalty', undefined);
  }, [takesPenalty, setValue]);
  return (
    <>
      <Select
        source="escalationId"
        label={f('record-escalation-outcome', 'escalationId')}
        choices={open.map((e) => ({ id: e.id, name: t(`escalation.${e.step}`) }))}
      />
      <Text source="outcome" label={f('record-escalation-outcome', 'outcome')} {...multiline} />
      {isInterview && (
        <Text source="minutes" label={f('record-escalation-outcome', 'minutes')} {...multiline} />
      )}
      {takesPenalty && <PenaltyFields />}
      <Upload action="record-escalation-outcome" kind="minutes" />
    </>
  );
};

const reasonOnly = (action: string, source = 'reason'): ActionForm['Fields'] =>
  function ReasonField() {
    return <Text source={source} label={f(action, source)} {...multiline} />;
  };

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

/** One form per command, validated with the same zod schema the API and the workflow use. */
export const ACTION_FORMS: Record<CaseAction, ActionForm> = {
  judge: { schema: commands.judgeInput, Fields: JudgeFields, defaults: () => ({ decision: 'major' }) },
  list: {
    // The console asks for the 包案领导 every time: the supervisory ladder's rung then reaches that one person.
    schema: commands.listInput.extend({ owningLeaderId: z.uuid({ error: '请选择包案领导' }) }),
    Fields: ListFields,
    defaults: () => ({ level: 'county', interimControls: [] }),
  },
  'confirm-publication': {
    schema: commands.confirmPublicationInput,
    defaults: (r) => ({ kind: r.status === 'signed_off' ? 'delisting' : 'listing', publishedOn: today() }),
    Fields: () => (
      <>
        <Choices source="kind" action="confirm-publication" options={['listing', 'delisting']} />
        <Day source="publishedOn" label={f('confirm-publication', 'publishedOn')} />
        <Text source="reference" label={f('confirm-publication', 'reference')} fullWidth />
      </>
    ),
  },
  'submit-plan': {
    schema: commands.submitPlanInput.omit({ documentIds: true }).extend({ files: files(0, '').optional() }),
    documentKind: 'plan',
    Fields: PlanFields,
  },
  'review-plan': {
    schema: commands.reviewPlanInput,
    defaults: () => ({ decision: 'approve' }),
    Fields: () => (
      <>
        <Choices source="decision" action="review-plan" options={['approve', 'return']} />
        <Text source="reason" label={f('review-plan', 'reason')} {...multiline} />
      </>
    ),
  },
  'report-progress': {
    schema: commands.reportProgressInput
      .omit({ documentIds: true })
      .extend({ files: files(0, '').optional() }),
    documentKind: 'evidence',
    Fields: () => (
      <>
        <Text source="summary" label={f('report-progress', 'summary')} {...multiline} />
        <Num source="percentComplete" label={f('report-progress', 'percentComplete')} min={0} max={100} />
        <Upload action="report-progress" kind="evidence" />
      </>
    ),
  },
  'request-extension': {
    schema: commands.requestExtensionInput,
    Fields: () => (
      <>
        <Day source="newDeadline" label={f('request-extension', 'newDeadline')} />
        <Text source="reason" label={f('request-extension', 'reason')} {...multiline} />
      </>
    ),
  },
  'decide-extension': {
    schema: commands.decideExtensionInput,
    defaults: () => ({ approve: true }),
    Fields: () => (
      <>
        <BooleanInput source="approve" label={f('decide-extension', 'approve')} />
        <Day source="newDeadline" label={f('decide-extension', 'newDeadline')} />
        <Text source="reason" label={f('decide-extension', 'reason')} {...multiline} />
      </>
    ),
  },
  suspend: { schema: commands.suspendInput, Fields: reasonOnly('suspend'), tone: 'warning' },
  resume: { schema: commands.resumeInput, Fields: reasonOnly('resume', 'note') },
  'request-suspension': {
    schema: commands.requestSuspensionInput
      .omit({ documentIds: true })
      .extend({ files: files(1, '申请停表须上传证明材料') }),
    documentKind: 'evidence',
    tone: 'warning',
    Fields: () => (
      <>
        <Text source="reason" label={f('request-suspension', 'reason')} {...multiline} />
        <Num source="days" label={f('request-suspension', 'days')} min={1} />
        <Upload action="request-suspension" kind="evidence" />
      </>
    ),
  },
  'decide-suspension': {
    schema: commands.decideSuspensionInput,
    defaults: (r) => ({ approve: true, days: r.view?.details?.pendingSuspension?.days }),
    Fields: () => (
      <>
        <BooleanInput source="approve" label={f('decide-suspension', 'approve')} />
        <Num source="days" label={f('decide-suspension', 'days')} min={1} />
        <Text source="reason" label={f('decide-suspension', 'reason')} {...multiline} />
      </>
    ),
  },
  'apply-acceptance': {
    schema: commands.applyAcceptanceInput
      .omit({ documentIds: true, assessmentDocumentId: true })
      .extend({ files: files(1, '申请验收须上传整改完成的证据') }),
    documentKind: 'evidence',
    Fields: () => (
      <>
        <TextInput
          source="completionReport"
          label={f('apply-acceptance', 'completionReport')}
          {...multiline}
        />
        <Upload action="apply-acceptance" kind="evidence" />
      </>
    ),
  },
  'invite-experts': {
    schema: commands.inviteExpertsRequest,
    defaults: () => ({ expertIds: [] }),
    Fields: InviteExpertsFields,
  },
  'submit-expert-opinion': {
    schema: commands.submitExpertOpinionInput,
    defaults: () => ({ recommendation: 'pass' }),
    Fields: () => (
      <>
        <Choices source="recommendation" action="submit-expert-opinion" options={['pass', 'fail']} />
        <Text source="opinion" label={f('submit-expert-opinion', 'opinion')} {...multiline} />
      </>
    ),
  },
  'record-acceptance': {
    schema: commands.recordAcceptanceInput,
    // The invited experts' opinions of this round, as given; the person recording may still edit them.
    defaults: (r) => {
      const { opinions } = currentRound(r);
      return {
        passed: opinions.length === 0 || opinions.every((o) => o.recommendation === 'pass'),
        heldOn: today(),
        opinions:
          opinions.length > 0
            ? opinions.map((o) => ({ expert: o.expertName, opinion: o.opinion }))
            : [{ expert: '', opinion: '' }],
      };
    },
    Fields: AcceptanceResultFields,
  },
  'sign-off': { schema: commands.signOffInput, Fields: reasonOnly('sign-off', 'comment') },
  withdraw: { schema: commands.withdrawInput, Fields: reasonOnly('withdraw'), tone: 'error' },
  escalate: {
    schema: commands.escalateInput,
    tone: 'warning',
    Fields: () => {
      const t = useTranslate();
      return (
        <>
          <Select
            source="step"
            label={f('escalate', 'step')}
            // 提级督办 is its own command (raise-level): it changes who lists the case.
            choices={escalationSteps
              .filter((s) => s !== 'level_raise')
              .map((s) => ({ id: s, name: t(`escalation.${s}`) }))}
          />
          <Text source="reason" label={f('escalate', 'reason')} {...multiline} />
        </>
      );
    },
  },
  'raise-level': {
    schema: commands.raiseLevelRequest,
    tone: 'warning',
    defaults: (r) => ({ level: (r.level && levelAbove(r.level as ListingLevel)) ?? undefined }),
    Fields: ({ record }) => {
      const t = useTranslate();
      const from = record.level as ListingLevel | null | undefined;
      const above = listingLevels.filter((l) => !from || listingLevelDepth[l] < listingLevelDepth[from]);
      return (
        <>
          <Select
            source="level"
            label={f('raise-level', 'level')}
            choices={above.map((l) => ({ id: l, name: t(`level.${l}`) }))}
          />
          <Text
            source="listingAuthority"
            label={f('raise-level', 'listingAuthority')}
            helperText={t('actions.raise-level.authorityHint')}
            fullWidth
          />
          <Text source="supervisingUnit" label={f('raise-level', 'supervisingUnit')} fullWidth />
          <LeaderInput action="raise-level" record={record} />
          <Text source="reason" label={f('raise-level', 'reason')} {...multiline} />
        </>
      );
    },
  },
  'attach-enterprise': {
    schema: commands.attachEnterpriseRequest,
    Fields: () => {
      const hint = useHint();
      return (
        <>
          <ReferenceInput source="enterpriseId" reference="enterprises" perPage={50}>
            <AutocompleteInput
              label={f('attach-enterprise', 'enterpriseId')}
              isRequired={hint('enterpriseId', { required: true }).isRequired}
              optionText="name"
              filterToQuery={(q: string) => ({ q })}
              openOnFocus
              fullWidth
            />
          </ReferenceInput>
          <Text source="note" label={f('attach-enterprise', 'note')} {...multiline} />
        </>
      );
    },
  },
  'submit-commitment': {
    schema: commands.submitCommitmentInput.omit({ signedScanDocumentId: true, documentIds: true }).extend({
      scan: z.preprocess(
        (v) => (Array.isArray(v) ? v[0] : v) ?? undefined,
        z.object({ rawFile: z.instanceof(File) }, { error: '须上传签字盖章的书面承诺扫描件' }).loose(),
      ),
      files: files(0, '').optional(),
    }),
    documentKind: 'other',
    singleFile: { source: 'scan', to: 'signedScanDocumentId', kind: 'minutes' },
    Fields: () => {
      const hint = useHint();
      return (
        <>
          <Text source="text" label={f('submit-commitment', 'text')} {...multiline} />
          <UploadInput
            source="scan"
            kind="minutes"
            multiple={false}
            label={f('submit-commitment', 'scan')}
            isRequired={hint('scan', { required: true }).isRequired}
          />
          <Upload action="submit-commitment" kind="other" />
        </>
      );
    },
  },
  'record-escalation-outcome': {
    schema: commands.recordEscalationOutcomeInput
      .omit({ documentIds: true })
      .extend({ files: files(0, '').optional() }),
    documentKind: 'minutes',
    defaults: (r) => ({ escalationId: r.view?.escalations?.find((e) => e.status === 'open')?.id }),
    Fields: EscalationOutcomeFields,
  },
};
