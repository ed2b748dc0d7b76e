/**
 * Dates a person sets for the future on a case: a rectification deadline, a plan's completion date, a new deadline.
 * Today or a day already past is refused (as the workflow refuses a rectification deadline not after today), by the API (422 naming the field) and by the console before it is sent, and the
 * form says the earliest day allowed (tomorrow) under the field before anything is typed. (The workflow takes the date it is
 * given; the check is at the edge, where "today" is the request's day in Asia/Shanghai.)
 */
import type { CaseAction } from './case-actions.js';
import { shanghaiDate } from './calendar.js';

export const futureDateFields: Partial<Record<CaseAction, Readonly<Record<string, string>>>> = {
  list: { rectificationDeadline: '整改期限' },
  'submit-plan': { timeLimit: '完成时限' },
  'request-extension': { newDeadline: '申请延至' },
  'decide-extension': { newDeadline: '核定期限' },
  'record-acceptance': { newDeadline: '新的整改期限' },
};

/** Field → Chinese message for each date of `body` not after `today` (yyyy-MM-dd, Asia/Shanghai). */
export function pastDateErrors(
  action: CaseAction,
  body: unknown,
  today: string = shanghaiDate(new Date()),
): Record<string, string> {
  const fields = futureDateFields[action];
  const out: Record<string, string> = {};
  if (!fields || !body || typeof body !== 'object') return out;
  for (const [field, label] of Object.entries(fields)) {
    const v = (body as Record<string, unknown>)[field];
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && v <= today)
      out[field] = `${label}必须晚于今天（${today}）`;
  }
  return out;
}
