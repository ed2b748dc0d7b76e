import chineseMessages from '@haxqer/ra-language-chinese';
import polyglotI18nProvider from 'ra-i18n-polyglot';
import englishMessages from 'ra-language-english';
import { mergeTranslations, type TranslationMessages } from 'react-admin';
import { enAudit, zhAudit } from '../audit/messages';
import { enCommon, zhCommon } from '../common/messages';
import { enCasePage, zhCasePage } from '../cases/messages';
import { enConsole } from './console.en';
import { zhConsole } from './console.zh';
import { en as enRegistry, zh as zhRegistry } from '../registry/messages';
import * as calendar from '../calendar/messages';
import * as policies from '../policies/messages';
import * as scores from '../scores/messages';
import * as notifications from '../notifications/messages';
import * as officialDocuments from '../official-documents/messages';
import * as industries from '../industries/messages';
import * as generalHazards from '../general-hazards/messages';
import * as field from '../field/messages';
import * as checklists from '../checklists/messages';
import * as selfReports from '../self-reports/messages';
import * as grids from '../grids/messages';
import * as inspections from '../inspections/messages';
import * as grades from '../grades/messages';
import * as dutyPolicies from '../duty-policies/messages';
import { enDomain } from './en';
import { raZhGaps } from './ra-zh-gaps';
import { zhDomain } from './zh';

// The pack is CommonJS: depending on the bundler's interop the messages arrive as the module or as its default.
const chineseRa = ((chineseMessages as unknown as { default?: TranslationMessages }).default ??
  chineseMessages) as TranslationMessages;

/** react-admin's Chinese pack is merged over English, so a key the pack lacks still has a label. */
export const zhMessages = mergeTranslations(
  englishMessages,
  chineseRa,
  raZhGaps,
  zhDomain,
  zhConsole,
  zhRegistry,
  zhCommon,
  zhCasePage,
  calendar.zh,
  policies.zh,
  industries.zh,
  zhAudit,
  scores.zh,
  notifications.zh,
  officialDocuments.zh,
  generalHazards.zh,
  field.zh,
  checklists.zh,
  selfReports.zh,
  grids.zh,
  inspections.zh,
  grades.zh,
  dutyPolicies.zh,
) as TranslationMessages;
export const enMessages = mergeTranslations(
  englishMessages,
  enDomain,
  enConsole,
  enRegistry,
  enCommon,
  enCasePage,
  calendar.en,
  policies.en,
  industries.en,
  enAudit,
  scores.en,
  notifications.en,
  officialDocuments.en,
  generalHazards.en,
  field.en,
  checklists.en,
  selfReports.en,
  grids.en,
  inspections.en,
  grades.en,
  dutyPolicies.en,
) as TranslationMessages;

export const i18nProvider = polyglotI18nProvider(
  (locale) => (locale === 'en' ? enMessages : zhMessages),
  'zh',
  [
    { locale: 'zh', name: '简体中文' },
    { locale: 'en', name: 'English' },
  ],
);

/** Dates and deadlines are always shown in China's time zone, whatever the browser's. */
export const SHANGHAI: Intl.DateTimeFormatOptions = { timeZone: 'Asia/Shanghai' };
