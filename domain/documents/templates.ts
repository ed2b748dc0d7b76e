/**
 * Document templates: the words of each kind of document, per jurisdiction, edited by administrators and
 * versioned (db/schema/documents.ts). The layout is not theirs to change: it is GB/T 9704's, fixed in the engine.
 *
 * A template's fields are text with `{{占位符}}` placeholders (mustache, logic-less: an administrator's template
 * cannot run code). In the body each line is a paragraph; a line opening with 一、 is a first-level heading,
 * （一） a second-level one, 1. a third-level one (when short, as headings are); a line `[[表格:名称]]` or
 * `[[图表:名称]]` alone places the table or chart of that name from the document's data.
 */
import Mustache from 'mustache';
import { z } from 'zod';
import type { Block } from './model.js';
import { documentKinds, variablesOf, type DocumentKind } from './kinds.js';

export const templateBodySchema = z.object({
  title: z.string().trim().min(1, { error: '标题不能为空' }).max(200, { error: '标题不能超过200个字' }),
  addressee: z.string().trim().max(500, { error: '主送机关不能超过500个字' }).optional(),
  body: z.string().trim().min(1, { error: '正文不能为空' }).max(20_000, { error: '正文不能超过20000个字' }),
  attachments: z.string().trim().max(2000).optional(), // one per line
  note: z.string().trim().max(200).optional(), // 附注
  cc: z.string().trim().max(500).optional(), // 抄送
});
export type TemplateBody = z.infer<typeof templateBodySchema>;
export const documentKindSchema = z.enum(documentKinds, { error: '文种无效' });

export interface TemplateData {
  /** Placeholder values (strings), by Chinese name. */
  values: Record<string, string>;
  tables?: Record<string, Extract<Block, { type: 'table' }>>;
  charts?: Record<string, Extract<Block, { type: 'chart' }>>;
}

const EMBED = /^\[\[(表格|图表):([^\]\s]+)\]\]$/;
const H1 = /^[一二三四五六七八九十百]+、/;
const H2 = /^（[一二三四五六七八九十百]+）/;
const H3 = /^\d+[.．]\s*\S/;
const HEADING_MAX = 40; // longer lines that open with an ordinal are paragraphs that start with one

/** The placeholder names a template uses (every tag kind: `{{x}}`, `{{{x}}}`, `{{#x}}`...). */
export function placeholdersOf(text: string): string[] {
  const out = new Set<string>();
  const walk = (tokens: unknown[]) => {
    for (const t of tokens as [string, string, number, number, unknown[]?][]) {
      if (t[0] !== 'text') out.add(t[1]);
      if (Array.isArray(t[4])) walk(t[4]);
    }
  };
  walk(Mustache.parse(text));
  return [...out].filter((n) => n !== '.');
}

/**
 * Checks a template before it is saved: mustache syntax, and every placeholder known for the kind. Returns the
 * problems keyed by field (`body`, `title`...), in Chinese; empty when the template is good.
 */
export function checkTemplate(kind: DocumentKind, t: TemplateBody): Record<string, string> {
  const known = variablesOf(kind);
  const errors: Record<string, string> = {};
  for (const [field, text] of Object.entries(t) as [keyof TemplateBody, string | undefined][]) {
    if (!text) continue;
    let names: string[];
    try {
      names = placeholdersOf(text);
    } catch (err) {
      errors[field] = `占位符写法有误：${(err as Error).message}`;
      continue;
    }
    const unknown = names.filter((n) => !(n in known));
    if (unknown.length > 0)
      errors[field] =
        `未知的占位符：${unknown.map((n) => `{{${n}}}`).join('、')}（可用：${Object.keys(known).join('、')}）`;
  }
  return errors;
}

// Output is data for the layout, never HTML: nothing to escape here (the engine sets every string as text).
const render = (text: string, values: Record<string, string>) =>
  Mustache.render(text, values, {}, { escape: (s: string) => s });

export interface RenderedTemplate {
  title: string;
  addressee?: string;
  blocks: Block[];
  attachments?: string[];
  note?: string;
  cc?: string;
}

/** Fills a template with the document's data and splits its body into the blocks the layout sets. */
export function renderTemplate(t: TemplateBody, data: TemplateData): RenderedTemplate {
  const v = data.values;
  const blocks: Block[] = [];
  for (const raw of render(t.body, v).split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const embed = EMBED.exec(line);
    if (embed) {
      const [, what, name] = embed;
      const block = what === '表格' ? data.tables?.[name!] : data.charts?.[name!];
      if (!block) throw new RangeError(`${what}“${name}”没有数据`);
      blocks.push(block);
    } else if (line.length <= HEADING_MAX && H1.test(line))
      blocks.push({ type: 'heading', level: 1, text: line });
    else if (line.length <= HEADING_MAX && H2.test(line))
      blocks.push({ type: 'heading', level: 2, text: line });
    else if (line.length <= HEADING_MAX && H3.test(line))
      blocks.push({ type: 'heading', level: 3, text: line });
    else blocks.push({ type: 'paragraph', text: line });
  }
  const opt = (s: string | undefined) => {
    const r = s ? render(s, v).trim() : '';
    return r || undefined;
  };
  const attachments = opt(t.attachments)
    ?.split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    title: render(t.title, v).trim(),
    ...(opt(t.addressee) ? { addressee: opt(t.addressee) } : {}),
    blocks,
    ...(attachments?.length ? { attachments } : {}),
    ...(opt(t.note) ? { note: opt(t.note) } : {}),
    ...(opt(t.cc) ? { cc: opt(t.cc) } : {}),
  };
}

/** The built-in words of every kind, in force wherever no administrator has written a jurisdiction's own. */
export const defaultTemplates: Record<DocumentKind, TemplateBody> = {
  listing_notice: {
    title: '重大事故隐患挂牌督办通知书',
    addressee: '{{企业名称}}',
    body: [
      '经检查认定，你单位存在重大事故隐患：{{隐患名称}}（案件编号：{{案件编号}}）。',
      '隐患情况：{{隐患描述}}{{#隐患位置}}（位置：{{隐患位置}}）{{/隐患位置}}',
      '判定依据：{{判定依据}}。',
      '根据《中华人民共和国安全生产法》和重大事故隐患挂牌督办有关规定，决定自{{挂牌日期}}起对该隐患实行{{挂牌层级}}挂牌督办，挂牌单位为{{挂牌单位}}，督办单位为{{督办单位}}。现将有关要求通知如下：',
      '一、立即落实整改责任',
      '你单位主要负责人对隐患整改负总责，须于{{方案提交期限}}前报送整改方案，做到责任、措施、资金、时限和应急预案“五到位”。',
      '二、严格落实临时管控措施',
      '整改期间须采取有效的安全防范和监控措施，必要时停产停业或者停止使用相关设施、设备，防止发生生产安全事故。',
      '三、按期完成整改',
      '你单位须于{{整改期限}}前完成整改，并向督办单位提出验收申请。逾期未完成整改的，将依法依规升级督办。',
    ].join('\n'),
    cc: '{{督办单位}}',
  },
  urging_letter: {
    title: '关于督促{{企业名称}}加快重大事故隐患整改的督办函',
    addressee: '{{企业名称}}',
    body: [
      '你单位重大事故隐患“{{隐患名称}}”（案件编号：{{案件编号}}）于{{挂牌日期}}挂牌督办，{{督办事由}}。',
      '请你单位高度重视，立即采取有效措施加快整改，并于{{办理期限}}前将整改进展书面报送{{督办单位}}。逾期仍未整改的，将依规约谈你单位主要负责人。',
    ].join('\n'),
  },
  interview_notice: {
    title: '约谈通知书',
    addressee: '{{企业名称}}',
    body: [
      '你单位重大事故隐患“{{隐患名称}}”（案件编号：{{案件编号}}）{{督办事由}}。',
      '经研究，决定约谈你单位主要负责人。请你单位主要负责人于{{办理期限}}前到{{督办单位}}接受约谈，并书面说明隐患整改滞后的原因、下一步整改措施和完成时限。',
      '约谈后，你单位须在规定时限内提交书面整改承诺。',
    ].join('\n'),
  },
  public_notice: {
    title: '关于{{企业名称}}重大事故隐患逾期未整改情况的通报',
    addressee: '各街道（乡镇）、各有关部门',
    body: [
      '{{企业名称}}重大事故隐患“{{隐患名称}}”（案件编号：{{案件编号}}）于{{挂牌日期}}由{{挂牌单位}}挂牌督办，整改期限为{{整改期限}}。该单位{{督办事由}}，经督办、约谈仍未按期完成整改。',
      '现予以通报。请各单位引以为戒，举一反三，切实落实安全生产主体责任。{{督办单位}}要继续跟踪督办，督促该单位于{{办理期限}}前完成整改。',
    ].join('\n'),
  },
  level_raise_letter: {
    title: '关于提请提级督办{{企业名称}}重大事故隐患的函',
    addressee: '上级安全生产委员会办公室',
    body: [
      '{{企业名称}}重大事故隐患“{{隐患名称}}”（案件编号：{{案件编号}}）于{{挂牌日期}}实行{{挂牌层级}}挂牌督办。该单位{{督办事由}}，经督办、约谈、通报仍未完成整改。',
      '根据重大事故隐患挂牌督办有关规定，特提请提级督办。请于{{办理期限}}前予以研究。',
    ].join('\n'),
  },
  // The authority above raised the case itself: its notice that it takes over the supervision (not a request).
  level_raise_notice: {
    title: '关于对{{企业名称}}重大事故隐患提级督办的通知',
    addressee: '{{原挂牌单位}}、{{企业名称}}',
    body: [
      '{{企业名称}}重大事故隐患“{{隐患名称}}”（案件编号：{{案件编号}}）于{{挂牌日期}}由{{原挂牌单位}}实行{{挂牌层级}}挂牌督办，整改期限为{{整改期限}}。',
      '因{{提级理由}}，根据重大事故隐患挂牌督办有关规定，经研究，决定对该隐患提级督办，自即日起由{{挂牌单位}}实行{{提级层级}}挂牌督办，督办单位为{{督办单位}}。',
      '请{{原挂牌单位}}{{#办理期限}}于{{办理期限}}前{{/办理期限}}将该隐患督办材料移交{{督办单位}}，并继续配合做好督促整改工作。请{{企业名称}}严格落实整改责任，按期完成整改，整改进展、延期申请和验收申请一律报送{{督办单位}}。',
    ].join('\n'),
  },
  enforcement_advice: {
    title: '执法建议书',
    addressee: '{{督办单位}}',
    body: [
      '{{企业名称}}重大事故隐患“{{隐患名称}}”（案件编号：{{案件编号}}）{{督办事由}}，经督办、约谈、通报仍未完成整改。',
      '根据《中华人民共和国安全生产法》第一百零二条，建议依法责令其立即消除事故隐患；拒不执行的，依法责令停产停业整顿，并依法予以罚款。请于{{办理期限}}前将处理结果反馈{{发文机关}}。',
    ].join('\n'),
  },
  joint_punishment_letter: {
    title: '关于对{{企业名称}}实施联合惩戒的建议函',
    addressee: '各有关部门',
    body: [
      '{{企业名称}}重大事故隐患“{{隐患名称}}”（案件编号：{{案件编号}}）{{督办事由}}，经执法处理仍未完成整改。',
      '根据安全生产领域失信行为联合惩戒有关规定，建议将该单位纳入安全生产失信惩戒名单，依法实施联合惩戒。请于{{办理期限}}前将实施情况反馈{{发文机关}}。',
    ].join('\n'),
  },
  delisting_notice: {
    title: '重大事故隐患销号（摘牌）通知书',
    addressee: '{{企业名称}}',
    body: [
      '你单位重大事故隐患“{{隐患名称}}”（案件编号：{{案件编号}}）于{{挂牌日期}}挂牌督办。经验收，{{验收意见}}',
      '经审核，同意该隐患于{{销号日期}}销号（摘牌）。请你单位巩固整改成果，建立健全隐患排查治理长效机制，防止同类隐患再次发生。',
    ].join('\n'),
    cc: '{{督办单位}}',
  },
  monthly_bulletin: {
    title: '关于{{期间}}重大事故隐患督办情况的通报',
    addressee: '各街道（乡镇）、各有关部门',
    body: '现将{{期间}}全区重大事故隐患督办情况通报如下。',
  },
};

/** Values a template preview fills in, so an administrator sees the words in place before saving. */
export const sampleValues: Record<string, string> = {
  企业名称: '武汉示例机械制造有限公司',
  隐患名称: '喷涂车间有机废气收集管道未设置阻火器',
  隐患描述: '检查发现喷涂车间废气管道与RTO之间未设阻火器。',
  隐患位置: '喷涂车间',
  案件编号: 'ZD-2026-000123',
  判定依据: '《工贸企业重大事故隐患判定标准》第十二条（一）',
  挂牌层级: '县级',
  挂牌单位: '洪山区安全生产委员会办公室',
  督办单位: '洪山区应急管理局',
  挂牌日期: '2026年3月2日',
  整改期限: '2026年12月2日',
  方案提交期限: '2026年3月16日',
  督办事由: '整改期限逾期未完成',
  原挂牌单位: '洪山区安全生产委员会办公室',
  提级层级: '市级',
  提级理由: '该隐患经督办、约谈、通报仍未完成整改',
  办理期限: '2026年12月9日',
  销号日期: '2026年12月20日',
  验收意见: '隐患已消除，验收合格。',
  发文机关: '武汉市洪山区安全生产委员会办公室',
  成文日期: '2026年12月2日',
  期间: '2026年11月',
};
