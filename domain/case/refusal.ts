/**
 * Why a case command is refused. The workflow's update validators throw it as an `ApplicationFailure` of type
 * `CaseRefusal` (message: the Chinese message; details: `[{ code, field? }]`); the API maps the code without
 * parsing strings: forbidden → 403, conflict → 409, invalid → 422 naming the field.
 */
export type RefusalCode = 'forbidden' | 'conflict' | 'invalid';
export interface CaseRefusal {
  code: RefusalCode;
  field?: string;
  message: string;
}
export const CASE_REFUSAL = 'CaseRefusal';

export const forbidden = (message: string): CaseRefusal => ({ code: 'forbidden', message });
export const conflict = (message: string): CaseRefusal => ({ code: 'conflict', message });
export const invalid = (field: string | undefined, message: string): CaseRefusal =>
  field ? { code: 'invalid', field, message } : { code: 'invalid', message };

/** The message as validators before the table wrote it ("field: message" for a field), for older clients. */
export const legacyMessage = (r: CaseRefusal): string => (r.field ? `${r.field}: ${r.message}` : r.message);
