import type { FieldError, FieldErrors, FieldValues, Resolver } from 'react-hook-form';
import type { z } from 'zod';

/**
 * A react-hook-form resolver from the API's own zod schema. Unlike `zodResolver` it lets a form say where an issue
 * shows: `place(path)` maps an issue's path to the input that holds it (e.g. the make-up days of a holiday are one
 * text input, so `holidays.1.makeUpDays.0` shows at `holidays.1.makeUpDays`). `prepare` turns the form's values
 * into what the API is sent (the same transform the form's save uses), so the two cannot disagree.
 */
export function zodFormResolver<S extends z.ZodType>(
  schema: S,
  opts: {
    prepare?: (values: FieldValues) => unknown;
    place?: (path: PropertyKey[]) => PropertyKey[];
  } = {},
): Resolver<FieldValues> {
  return async (values) => {
    const r = await schema.safeParseAsync(opts.prepare ? opts.prepare(values) : values);
    if (r.success) return { values, errors: {} };
    const errors: FieldErrors<FieldValues> = {};
    for (const issue of r.error.issues) {
      const path = (opts.place ? opts.place(issue.path) : issue.path).map(String);
      if (path.length === 0) path.push('root');
      let node = errors as Record<string, unknown>;
      // Numeric keys are array items: react-hook-form keeps a field array's errors in an array, and clears them
      // only in that shape.
      path.slice(0, -1).forEach((key, i) => {
        node[key] ??= /^\d+$/.test(path[i + 1]!) ? [] : {};
        node = node[key] as Record<string, unknown>;
      });
      const leaf = path.at(-1)!;
      // The first issue of a field wins: it is the one the person fixes first.
      if (!node[leaf] || !(node[leaf] as FieldError).message)
        node[leaf] = { type: issue.code, message: issue.message } satisfies FieldError;
    }
    return { values: {}, errors };
  };
}
