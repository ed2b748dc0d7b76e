import DescriptionIcon from '@mui/icons-material/DescriptionOutlined';
import HubIcon from '@mui/icons-material/Hub';
import AccountBalanceIcon from '@mui/icons-material/AccountBalance';
import ArticleIcon from '@mui/icons-material/Article';
import { lazy, type ComponentType } from 'react';
import { OfficialDocumentList, OfficialDocumentShow } from './OfficialDocuments';

/** The administrators' pages load on first visit: nobody else downloads them. */
const page = (name: keyof typeof import('./AdminPages')) =>
  lazy(() => import('./AdminPages').then((m) => ({ default: m[name] as ComponentType })));

export const officialDocuments = {
  list: OfficialDocumentList,
  show: OfficialDocumentShow,
  icon: DescriptionIcon,
  recordRepresentation: 'number',
};
export const documentTemplates = {
  list: page('TemplateList'),
  create: page('TemplateCreate'),
  show: page('TemplateShow'),
  icon: ArticleIcon,
  recordRepresentation: (r: { version: number }) => `v${r.version}`,
};
export const issuingAuthorities = {
  list: page('AuthorityList'),
  create: page('AuthorityCreate'),
  edit: page('AuthorityEdit'),
  icon: AccountBalanceIcon,
  recordRepresentation: 'name',
};
export const webhookSubscriptions = {
  list: page('WebhookList'),
  create: page('WebhookCreate'),
  edit: page('WebhookEdit'),
  icon: HubIcon,
  recordRepresentation: 'name',
};
