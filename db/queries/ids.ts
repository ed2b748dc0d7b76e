/**
 * Whether `id` has the text form of a uuid column's value. An id that does not is answered as not found before any
 * query (PostgreSQL would refuse to compare it with a uuid column).
 */
export const isUuidText = (id: string): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
