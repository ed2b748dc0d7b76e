import DescriptionIcon from '@mui/icons-material/DescriptionOutlined';
import {
  Box,
  Chip,
  Link as MuiLink,
  List as MuiList,
  ListItem,
  ListItemIcon,
  ListItemText,
  Typography,
} from '@mui/material';
import {
  DataTable,
  FunctionField,
  Link,
  List,
  ListBase,
  ReferenceField,
  SelectInput,
  Show,
  SimpleShowLayout,
  TextField,
  useListContext,
  useLocaleState,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { documentKinds, documentKindSpecs } from '../../../domain/documents/kinds';
import { caseNo, formatDate } from '../common/format';
import { CardList, useIsPhone } from '../common/responsive';

export interface OfficialDocumentRecord {
  id: string;
  kind: string;
  kindName: string;
  number: string;
  title: string;
  issuedOn: string;
  caseId: string | null;
  escalationId: string | null;
  audience: 'enterprise' | 'internal' | 'bulletin';
  templateVersion: number;
  sha256: string;
}

/** PDF for reading and printing, DOCX for editing; both through the API in the caller's scope. */
export const DownloadLinks = ({ record }: { record?: OfficialDocumentRecord }) => {
  const t = useTranslate();
  const r = useRecordContext<OfficialDocumentRecord>() ?? record;
  if (!r) return null;
  return (
    <Box sx={{ display: 'flex', gap: 1.5, flexWrap: 'wrap' }}>
      <MuiLink href={`/api/official-documents/${r.id}/pdf`} target="_blank" rel="noreferrer">
        {t('official_documents.pdf')}
      </MuiLink>
      <MuiLink href={`/api/official-documents/${r.id}/docx`}>{t('official_documents.docx')}</MuiLink>
    </Box>
  );
};

/** A document's kind: the API names it in Chinese; in English by the console's own name of the kind. */
const useKindName = () => {
  const t = useTranslate();
  const [locale] = useLocaleState();
  return (r: Pick<OfficialDocumentRecord, 'kind' | 'kindName'>) =>
    locale === 'zh' ? r.kindName : t(`document_kind.${r.kind}`, { _: r.kindName });
};

/** A document's own title is Chinese text whatever the console's language (said so for screen readers). */
const DocumentTitle = ({ title }: { title: string }) => <span lang="zh-CN">{title}</span>;

const kindChoices = documentKinds.map((k) => ({ id: k, name: documentKindSpecs[k].name }));

/** 公文: what was issued in the caller's scope (an enterprise: what was issued to it), newest first. */
export const OfficialDocumentList = () => {
  const phone = useIsPhone();
  const t = useTranslate();
  const kindName = useKindName();
  return (
    <List
      sort={{ field: 'issuedAt', order: 'DESC' }}
      filters={[<SelectInput key="kind" source="kind" choices={kindChoices} alwaysOn />]}
      exporter={false}
    >
      {phone ? (
        <CardList<OfficialDocumentRecord>
          rowClick="show"
          card={{
            overline: (r) => `${r.number} · ${formatDate(r.issuedOn)}`,
            title: (r) => <DocumentTitle title={r.title} />,
            badges: (r) => <Chip size="small" label={kindName(r)} />,
            lines: (r) => [<DownloadLinks key="d" record={r} />],
          }}
        />
      ) : (
        <DataTable bulkActionButtons={false} rowClick="show">
          <DataTable.Col source="number" />
          <DataTable.Col
            source="title"
            render={(r: OfficialDocumentRecord) => <DocumentTitle title={r.title} />}
          />
          <DataTable.Col source="kindName" render={(r: OfficialDocumentRecord) => kindName(r)} />
          <DataTable.Col source="issuedOn" render={(r: OfficialDocumentRecord) => formatDate(r.issuedOn)} />
          <DataTable.Col
            source="audience"
            render={(r: OfficialDocumentRecord) => t(`official_documents.audience.${r.audience}`)}
          />
          <DataTable.Col label="" render={(r: OfficialDocumentRecord) => <DownloadLinks record={r} />} />
        </DataTable>
      )}
    </List>
  );
};

export const OfficialDocumentShow = () => {
  const t = useTranslate();
  const kindName = useKindName();
  return (
    <Show>
      <SimpleShowLayout>
        <TextField source="number" />
        <FunctionField
          source="title"
          render={(r: OfficialDocumentRecord) => <DocumentTitle title={r.title} />}
        />
        <FunctionField source="kindName" render={(r: OfficialDocumentRecord) => kindName(r)} />
        <TextField source="issuedOn" />
        <ReferenceField source="caseId" reference="cases" link="show" emptyText="—">
          <CaseNumber />
        </ReferenceField>
        <TextField source="templateVersion" />
        <TextField source="sha256" sx={{ overflowWrap: 'anywhere', fontFamily: 'monospace' }} />
        <FunctionField
          source="audience"
          render={(r: OfficialDocumentRecord) => t(`official_documents.audience.${r.audience}`)}
        />
        <DownloadLinks />
      </SimpleShowLayout>
    </Show>
  );
};

const CaseNumber = () => {
  const r = useRecordContext<{ caseNo: number; title: string }>();
  return r ? (
    <span>
      {caseNo(r.caseNo)} {r.title}
    </span>
  ) : null;
};

/**
 * Issued documents as a short list (the list of a ListBase around it): each with its title, number and date, and its
 * PDF and DOCX. One list for every place that shows them: a case's page (with each document's kind) and the
 * enterprise's home (each title opening the document's page).
 */
export const IssuedDocumentList = ({
  empty,
  testId,
  withKind = false,
  linked = false,
}: {
  /** The message said when there is none. */ empty: string;
  testId: string;
  withKind?: boolean;
  /** The title opens the document's page. */ linked?: boolean;
}) => {
  const t = useTranslate();
  const kindName = useKindName();
  const { data, isPending } = useListContext<OfficialDocumentRecord>();
  if (isPending) return null;
  if (!data?.length)
    return (
      <Typography variant="body2" color="text.secondary">
        {t(empty)}
      </Typography>
    );
  return (
    <MuiList dense disablePadding data-testid={testId}>
      {data.map((d) => (
        <ListItem key={d.id} divider disableGutters alignItems="flex-start">
          <ListItemIcon sx={{ minWidth: 36, mt: 0.5 }}>
            {linked ? <DescriptionIcon color="primary" /> : <DescriptionIcon fontSize="small" />}
          </ListItemIcon>
          <ListItemText
            primary={
              linked ? (
                <MuiLink component={Link} to={`/official-documents/${d.id}/show`} underline="hover">
                  <DocumentTitle title={d.title} />
                </MuiLink>
              ) : (
                <DocumentTitle title={d.title} />
              )
            }
            secondary={
              <>
                <span style={{ display: 'block' }}>
                  {d.number} · {formatDate(d.issuedOn)}
                  {withKind ? ` · ${kindName(d)}` : null}
                </span>
                <DownloadLinks record={d} />
              </>
            }
            slotProps={{ secondary: { component: 'div' } }}
          />
        </ListItem>
      ))}
    </MuiList>
  );
};

/** The documents issued on a case (挂牌督办通知书, 督办函, 约谈通知书…), on its page. */
export const CaseOfficialDocuments = ({ caseId }: { caseId: string }) => {
  const t = useTranslate();
  return (
    <Box sx={{ mb: 2 }}>
      <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600, mb: 0.5 }}>
        {t('official_documents.case_title')}
      </Typography>
      <ListBase
        resource="official-documents"
        filter={{ caseId }}
        sort={{ field: 'issuedAt', order: 'ASC' }}
        perPage={100}
        disableSyncWithLocation
      >
        <IssuedDocumentList empty="official_documents.none" testId="case-official-documents" withKind />
      </ListBase>
    </Box>
  );
};
