/**
 * Authoring a deadline policy (督办时限规定): everything the console's form, the diff against the policy a version
 * overrides, and the preview of a case listed today need, derived from `casePolicySchema` (domain/policy.ts) and
 * its Chinese labels. A field added to the schema with a `.meta({ title, description, from })` is authorable,
 * diffed and previewed without touching this module or the form.
 */
import { z } from 'zod';
import { computeDates, type WorkingCalendar } from './calendar.js';
import { escalationSteps } from './case-status.js';
import {
  casePolicySchema,
  escalationStepLabels,
  type CasePolicy,
  type Duration,
  type PolicyAnchor,
} from './policy.js';
import { isoDate } from './dates.js';

/** Nominal calendar days of a duration, to order rungs of mixed units (5 working days ≈ a week). */
const nominalDays = (d: Duration) => (d.unit === 'working' ? (d.amount * 7) / 5 : d.amount);

/**
 * The schema an administrator's policy must pass: the case schema, plus the rules that span fields — the ladder's
 * rungs each once, in rising order, each starting no earlier than the rung before it.
 */
export const policyDraftSchema = casePolicySchema.superRefine((p, ctx) => {
  let lastRank = -1;
  let lastAfter = -1;
  const seen = new Set<string>();
  p.escalation.forEach((rung, i) => {
    const rank = escalationSteps.indexOf(rung.step);
    if (seen.has(rung.step))
      ctx.addIssue({
        code: 'custom',
        path: ['escalation', i, 'step'],
        message: `“${escalationStepLabels[rung.step]}”重复`,
      });
    else if (rank < lastRank)
      ctx.addIssue({
        code: 'custom',
        path: ['escalation', i, 'step'],
        message: `梯级应由低到高排列：“${escalationStepLabels[rung.step]}”不能排在“${escalationStepLabels[escalationSteps[lastRank]!]}”之后`,
      });
    const after = nominalDays(rung.after);
    if (after < lastAfter)
      ctx.addIssue({
        code: 'custom',
        path: ['escalation', i, 'after', 'amount'],
        message: '启动时间不能早于上一级',
      });
    seen.add(rung.step);
    lastRank = Math.max(lastRank, rank);
    lastAfter = Math.max(lastAfter, after);
  });
});

/** A new version of a region's policy, as the API takes it and the console's form validates it. */
export const policyInputSchema = z.object({
  regionCode: z
    .string({ error: '请选择适用区域' })
    .regex(/^\d{6,12}$/, { error: '请选择适用区域' })
    .meta({ title: '适用区域' }),
  effectiveFrom: isoDate.meta({ title: '施行日期' }),
  note: z.string().trim().max(500).nullish().meta({ title: '制定说明' }),
  body: policyDraftSchema,
});
export type PolicyInput = z.input<typeof policyInputSchema>;

// ---------- the form model: the schema as a tree of labelled fields ----------

export type PolicyField =
  | { kind: 'duration'; key: string; title: string; description?: string; from: PolicyAnchor }
  | { kind: 'number'; key: string; title: string; description?: string; min?: number; max?: number }
  | { kind: 'text'; key: string; title: string; description?: string; maxLength?: number }
  | { kind: 'boolean'; key: string; title: string; description?: string }
  | {
      kind: 'enum';
      key: string;
      title: string;
      description?: string;
      options: Array<{ value: string; label: string }>;
    }
  | { kind: 'group'; key: string; title: string; description?: string; fields: PolicyField[] }
  | {
      kind: 'list';
      key: string;
      title: string;
      description?: string;
      maxItems?: number;
      /** The item's shape; its key is ''. */
      item: PolicyField;
    };

interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  labels?: Record<string, string>;
  from?: PolicyAnchor;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  maxItems?: number;
  anyOf?: JsonSchema[];
  default?: unknown;
}

const isDuration = (s: JsonSchema) =>
  s.type === 'object' &&
  !!s.properties &&
  Object.keys(s.properties).sort().join() === 'amount,unit' &&
  !!s.properties.unit?.enum;

function fieldOf(key: string, s: JsonSchema): PolicyField {
  // An optional field (`.optional()`, `.nullish()`) is its inner schema; the form leaves it empty.
  const inner = s.anyOf?.find((x) => x.type !== 'null') ?? s;
  const base = {
    key,
    title: s.title ?? inner.title ?? key,
    ...((s.description ?? inner.description) ? { description: s.description ?? inner.description } : {}),
  };
  if (isDuration(inner)) return { ...base, kind: 'duration', from: s.from ?? inner.from ?? 'listedOn' };
  if (inner.enum)
    return {
      ...base,
      kind: 'enum',
      options: inner.enum.map((v) => ({ value: String(v), label: inner.labels?.[String(v)] ?? String(v) })),
    };
  switch (inner.type) {
    case 'object':
      return {
        ...base,
        kind: 'group',
        fields: Object.entries(inner.properties ?? {}).map(([k, v]) => fieldOf(k, v)),
      };
    case 'array':
      return {
        ...base,
        kind: 'list',
        ...(inner.maxItems !== undefined ? { maxItems: inner.maxItems } : {}),
        item: fieldOf('', inner.items ?? {}),
      };
    case 'integer':
    case 'number':
      return {
        ...base,
        kind: 'number',
        ...(inner.minimum !== undefined ? { min: inner.minimum } : {}),
        ...(inner.maximum !== undefined ? { max: inner.maximum } : {}),
      };
    case 'boolean':
      return { ...base, kind: 'boolean' };
    default:
      return {
        ...base,
        kind: 'text',
        ...(inner.maxLength !== undefined ? { maxLength: inner.maxLength } : {}),
      };
  }
}

let model: PolicyField[] | undefined;
/** Every field of the policy, in the schema's order, with its Chinese label. */
export function policyFields(): PolicyField[] {
  if (!model) {
    const json = z.toJSONSchema(casePolicySchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    model = Object.entries(json.properties ?? {}).map(([k, v]) => fieldOf(k, v));
  }
  return model;
}

// ---------- reading a policy against its model ----------

const UNIT = { calendar: '自然日', working: '工作日' } as const;
export const formatDuration = (d: Duration) => `${d.amount}个${UNIT[d.unit]}`;

function formatValue(field: PolicyField, value: unknown): string {
  if (value === undefined || value === null) return '—';
  switch (field.kind) {
    case 'duration':
      return formatDuration(value as Duration);
    case 'enum':
      return field.options.find((o) => o.value === value)?.label ?? String(value);
    case 'boolean':
      return value ? '是' : '否';
    case 'number':
    case 'text':
      return String(value);
    default:
      return JSON.stringify(value);
  }
}

export interface PolicyLeaf {
  path: (string | number)[];
  /** The path with a ladder rung named by its step instead of its position, to compare two ladders. */
  id: string;
  /** The list item the leaf belongs to (its id and labels), when it is in one. */
  item?: { id: string; labels: string[] };
  /** The labels from the top, e.g. ['逾期升级阶梯', '第2级 督办函', '逾期后启动']. */
  labels: string[];
  field: PolicyField;
  value: unknown;
}

/** The policy's values, one per leaf field (a duration is one leaf), with the labels that name it. */
export function policyLeaves(policy: unknown): PolicyLeaf[] {
  const out: PolicyLeaf[] = [];
  type Item = PolicyLeaf['item'];
  const walk = (
    field: PolicyField,
    value: unknown,
    path: (string | number)[],
    id: string[],
    labels: string[],
    item: Item,
  ) => {
    if (field.kind === 'group') {
      const v = (value ?? {}) as Record<string, unknown>;
      for (const f of field.fields)
        walk(f, v[f.key], [...path, f.key], [...id, f.key], [...labels, f.title], item);
    } else if (field.kind === 'list') {
      (Array.isArray(value) ? value : []).forEach((entry, i) => {
        // A ladder rung is named, and compared, by its step; other items by their position.
        const step = field.item.kind === 'group' ? (entry as Record<string, unknown>)?.step : undefined;
        const rung = typeof step === 'string' && step in escalationStepLabels ? step : undefined;
        const name = rung
          ? `第${i + 1}级（${escalationStepLabels[rung as keyof typeof escalationStepLabels]}）`
          : `第${i + 1}项`;
        const itemId = [...id, rung ?? String(i)];
        const itemLabels = [
          ...labels,
          rung ? escalationStepLabels[rung as keyof typeof escalationStepLabels] : name,
        ];
        walk(field.item, entry, [...path, i], itemId, [...labels, name], {
          id: itemId.join('.'),
          labels: itemLabels,
        });
      });
    } else out.push({ path, id: id.join('.'), labels, field, value, ...(item ? { item } : {}) });
  };
  for (const f of policyFields())
    walk(f, (policy as Record<string, unknown> | null)?.[f.key], [f.key], [f.key], [f.title], undefined);
  return out;
}

export interface PolicyChange {
  path: string;
  label: string;
  before: string;
  after: string;
}

/**
 * What `after` changes against `before` (the policy it overrides), field by field in the schema's order: a
 * changed value, a rung or reminder added or removed. Empty when they are the same.
 */
export function diffPolicies(before: unknown, after: unknown): PolicyChange[] {
  const a = policyLeaves(before);
  const b = policyLeaves(after);
  const byId = (leaves: PolicyLeaf[]) => new Map(leaves.map((l) => [l.id, l]));
  const [ma, mb] = [byId(a), byId(b)];
  const itemsA = new Set(a.flatMap((l) => (l.item ? [l.item.id] : [])));
  const itemsB = new Set(b.flatMap((l) => (l.item ? [l.item.id] : [])));
  const summary = (leaves: PolicyLeaf[], itemId: string) =>
    leaves
      .filter((l) => l.item?.id === itemId && l.field.kind !== 'enum')
      .map((l) => `${l.field.title}${formatValue(l.field, l.value)}`)
      .join('，') || '已设置';
  const out: PolicyChange[] = [];
  const done = new Set<string>();
  // In the new policy's order, then whatever only the old one had.
  for (const l of [...b, ...a]) {
    if (done.has(l.id)) continue;
    done.add(l.id);
    const item = l.item;
    if (item && itemsA.has(item.id) !== itemsB.has(item.id)) {
      // A rung or reminder added or removed: one line for the whole item.
      if (done.has(`item:${item.id}`)) continue;
      done.add(`item:${item.id}`);
      const added = itemsB.has(item.id);
      out.push({
        path: item.id,
        label: item.labels.join(' / '),
        before: added ? '—' : summary(a, item.id),
        after: added ? summary(b, item.id) : '—',
      });
      continue;
    }
    const x = ma.get(l.id);
    const y = mb.get(l.id);
    const before1 = x ? formatValue(x.field, x.value) : '—';
    const after1 = y ? formatValue(y.field, y.value) : '—';
    if (before1 !== after1)
      out.push({ path: l.id, label: (y ?? x)!.labels.join(' / '), before: before1, after: after1 });
  }
  return out;
}

// ---------- the preview: the dates a case listed today would get ----------

export interface PreviewRow {
  path: string;
  label: string;
  duration: string;
  /** What it counts from, in words. */
  from: string;
  date: string;
  /** Set when the date falls in a year whose holidays are not known: estimated on weekends only. */
  estimatedYear: number | null;
}

const FROM: Record<Exclude<PolicyAnchor, `rung:${string}`>, string> = {
  reportedOn: '自发现之日',
  listedOn: '自挂牌之日',
  deadline: '自整改期限届满',
  beforeDeadline: '整改期限届满前',
  missedDeadline: '整改期限届满后',
  previous: '自上一环节',
};
const fromText = (anchor: PolicyAnchor) =>
  anchor.startsWith('rung:')
    ? `自启动${escalationStepLabels[anchor.slice(5) as keyof typeof escalationStepLabels] ?? ''}`
    : FROM[anchor as keyof typeof FROM];

/**
 * The dates a case reported and listed on `listedOn` would get under `policy`, on `calendar`, taking the longest
 * rectification allowed as its deadline: each duration counted from its anchor (`from` in the schema); a field
 * counted from the step before it (`previous`) follows the row before it in the schema's order. Pure: the API runs
 * it on the official calendar years, the same the case workflow computes on.
 */
export function previewDeadlines(
  policy: CasePolicy,
  calendar: WorkingCalendar,
  listedOn: string,
): PreviewRow[] {
  const date = (from: string, d: Duration, sign = 1) =>
    computeDates(calendar, from, [{ amount: sign * d.amount, unit: d.unit }])[0]!;
  const deadline = date(listedOn, policy.maxRectification);
  // When each rung of the ladder starts: a rung's own fields, and fields counted from a rung (`rung:interview`).
  const rungStarts = new Map(
    policy.escalation.map((r) => [r.step as string, date(deadline.date, r.after).date] as const),
  );
  const rows: PreviewRow[] = [];
  let previous = { date: listedOn };
  for (const leaf of policyLeaves(policy)) {
    if (leaf.field.kind !== 'duration' || !leaf.value) continue;
    const d = leaf.value as Duration;
    const anchor = leaf.field.from;
    const rungOfItem = leaf.item && leaf.path[0] === 'escalation' ? leaf.item.id.split('.')[1] : undefined;
    const base =
      anchor === 'reportedOn' || anchor === 'listedOn'
        ? listedOn
        : anchor === 'deadline' || anchor === 'beforeDeadline' || anchor === 'missedDeadline'
          ? deadline.date
          : anchor.startsWith('rung:')
            ? (rungStarts.get(anchor.slice(5)) ?? deadline.date)
            : rungOfItem && anchor === 'previous'
              ? (rungStarts.get(rungOfItem) ?? previous.date)
              : previous.date;
    const computed = date(base, d, anchor === 'beforeDeadline' ? -1 : 1);
    previous = computed;
    rows.push({
      path: leaf.path.join('.'),
      label: leaf.labels.join(' / '),
      duration: formatDuration(d),
      from: fromText(anchor),
      date: computed.date,
      estimatedYear: computed.unknownYear,
    });
  }
  return rows;
}
