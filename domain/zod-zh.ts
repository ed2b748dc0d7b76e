import { z } from 'zod';

/**
 * The one Chinese error map of every zod schema in the product (API, console, imports). A message is shown beside
 * the field it is about, whose label the reader already sees, so it says only what is wrong and what is expected,
 * in plain words: "必填", "不能超过200个字", "须为数字", "请从选项中选择". zod's own zh-CN locale speaks the validator's
 * language ("无效输入：期望 string，实际接收 undefined"), which a clerk cannot act on.
 *
 * A message written on a schema (`{ error: '研判理由必填' }`) still wins: write one when it says more than these.
 */
const SIZE_UNIT: Record<string, string> = { string: '个字', array: '项', set: '项', file: '字节' };

const FORMAT: Record<string, string> = {
  email: '电子邮箱格式不正确',
  url: '网址格式不正确',
  uuid: '请从列表中选择',
  guid: '请从列表中选择',
  datetime: '时间格式应为 yyyy-MM-dd HH:mm',
  date: '日期格式应为 yyyy-MM-dd',
  time: '时间格式应为 HH:mm',
};

const TYPE: Record<string, string> = {
  string: '须为文字',
  number: '须为数字',
  int: '须为整数',
  bigint: '须为整数',
  boolean: '请选择是或否',
  array: '请选择',
  object: '内容不完整',
  date: '日期格式应为 yyyy-MM-dd',
  file: '请选择文件',
};

export const zhErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      // A field not sent at all, or sent empty: the reader left it blank.
      if (issue.input === undefined || issue.input === null || issue.input === '') return '必填';
      if (issue.expected === 'number' && typeof issue.input === 'number') return '须为有效的数字';
      return TYPE[issue.expected] ?? '格式不正确';
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? '必填' : `至少${min}个字`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return min <= 1 ? '至少选择一项' : `至少选择${min}项`;
      if (issue.origin === 'date') return '日期过早';
      return issue.inclusive ? `不能小于${min}` : `须大于${min}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      const unit = SIZE_UNIT[issue.origin ?? ''];
      if (unit === '项') return `最多${max}项`;
      if (unit) return `不能超过${max}${unit}`;
      if (issue.origin === 'date') return '日期过晚';
      return issue.inclusive ? `不能大于${max}` : `须小于${max}`;
    }
    case 'invalid_format':
      if (issue.format === 'starts_with') return `须以“${issue.prefix}”开头`;
      if (issue.format === 'ends_with') return `须以“${issue.suffix}”结尾`;
      if (issue.format === 'includes') return `须包含“${issue.includes}”`;
      return FORMAT[issue.format] ?? '格式不正确';
    case 'invalid_value':
      if (issue.input === undefined || issue.input === null || issue.input === '') return '必填';
      return issue.values.length === 1 ? '取值不正确' : '请从选项中选择';
    case 'not_multiple_of':
      return `须为${String(issue.divisor)}的整数倍`;
    case 'unrecognized_keys':
      return `不接受的字段：${issue.keys.join('、')}`;
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
    case 'custom':
    default:
      return '格式不正确';
  }
};

/** Installs the map in this zod instance; call once at boot (api/app.ts, admin-ui/src/main.tsx). */
export function installChineseZodMessages(): void {
  z.config({ localeError: zhErrorMap });
}
