import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

/**
 * 待发送 (the phone's outbox): a hazard report, a patrol or a rectification made on site is written here first, photos
 * included, with the Idempotency-Key it will be sent under, and leaves only when the server has it. Sending is a
 * sequence of steps each safe to repeat:
 *
 * - the record (POST /general-hazards, /patrols, /general-hazards/{id}/rectify, /self-inspections) carries the
 *   item's Idempotency-Key:
 *   a retry whose first attempt reached the server is answered with the first response, never a second record;
 *   a hazard, patrol or rectification also carries the item's id as clientId, which outlives the key (see newItem);
 * - each photo is uploaded to the record (POST /documents); the server stores the same bytes on the same record once,
 *   so a photo whose answer was lost is not stored twice either.
 *
 * The step reached is saved after each one, so a phone closed half way resumes where it stopped. Items are sent when
 * the network comes back (the `online` event), when the console starts, and right after they are made.
 */
export type OutboxKind = 'hazard' | 'patrol' | 'rectify' | 'self_inspection';

export interface OutboxPhoto {
  name: string;
  type: string;
  blob: Blob;
  /** The document id once uploaded. */
  documentId?: string;
}

export interface OutboxItem {
  id: string;
  kind: OutboxKind;
  /** The Idempotency-Key of the record's request: the same for every attempt. */
  key: string;
  /** What the list of pending items says (企业名称 · 描述). */
  label: string;
  createdAt: string;
  /** The JSON body of the record's request (a rectification's documentIds are added when sent). */
  body: Record<string, unknown>;
  /** rectify: the hazard it rectifies. */
  hazardId?: string;
  photos: OutboxPhoto[];
  /** The record's id once the server has it (hazard or patrol), so the photos go to it. */
  recordId?: string;
  attempts: number;
  /** A refusal the server gave (4xx): the item waits for the user to fix or discard it. */
  refused?: { message: string; errors?: Record<string, string> };
}

interface OutboxDb extends DBSchema {
  items: { key: string; value: OutboxItem };
}

const DB_NAME = 'duban-field';
let opening: Promise<IDBPDatabase<OutboxDb>> | undefined;
const db = () =>
  (opening ??= openDB<OutboxDb>(DB_NAME, 1, {
    upgrade(d) {
      d.createObjectStore('items', { keyPath: 'id' });
    },
  }));

const listeners = new Set<() => void>();
/** Called whenever the outbox changes (this tab); the pending count re-reads it. */
export const onOutboxChange = (f: () => void) => {
  listeners.add(f);
  return () => listeners.delete(f);
};
const changed = () => listeners.forEach((f) => f());

export async function outboxItems(): Promise<OutboxItem[]> {
  const all = await (await db()).getAll('items');
  return all.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export async function putItem(item: OutboxItem): Promise<void> {
  await (await db()).put('items', item);
  changed();
}

export async function discardItem(id: string): Promise<void> {
  await (await db()).delete('items', id);
  changed();
}

export const newId = () => crypto.randomUUID();

/**
 * A new outbox item. Its id is also the record's clientId (a hazard report, a patrol, a rectification): the server
 * keeps it for ever (a rectification's in its event), so the record sent again after its Idempotency-Key expired
 * (24 h; a phone offline for days, an answer lost) is answered with the first one instead of being made twice or
 * refused. It goes into the body when the item
 * is made, not when sent, so every attempt sends the same body under the same key.
 */
export function newItem(
  kind: OutboxKind,
  item: Omit<OutboxItem, 'id' | 'key' | 'kind' | 'createdAt' | 'attempts'>,
): OutboxItem {
  const id = newId();
  return {
    ...item,
    // A rectification too: sent again late, it is answered as done instead of refused (the hazard is closed by then).
    // A self-inspection needs none: the server keeps one per sheet and period, so a late resend is refused, not doubled.
    body: kind === 'self_inspection' ? item.body : { ...item.body, clientId: id },
    id,
    key: newId(),
    kind,
    createdAt: new Date().toISOString(),
    attempts: 0,
  };
}

/** The network failed (no answer at all) or the server could not answer now (5xx): try again later. */
class Offline extends Error {}
/** The server refused the request (4xx): sending it again unchanged would be refused again. */
class Refused extends Error {
  constructor(
    message: string,
    readonly errors?: Record<string, string>,
  ) {
    super(message);
  }
}

async function send(url: string, init: RequestInit): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, credentials: 'include' });
  } catch {
    throw new Offline('network');
  }
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    // An answer that is not JSON (a proxy's error page): treated by its status.
  }
  if (res.ok) return json;
  if (res.status >= 500 || res.status === 408 || res.status === 429 || res.status === 401)
    throw new Offline(String(res.status));
  const err = json as { error?: { message?: string }; errors?: Record<string, string> };
  throw new Refused(err.error?.message ?? `HTTP ${res.status}`, err.errors);
}

const postJson = (url: string, body: unknown, key: string) =>
  send(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });

async function uploadPhoto(
  target: 'hazardId' | 'patrolId',
  id: string,
  kind: 'photo' | 'after_photo',
  p: OutboxPhoto,
) {
  const form = new FormData();
  form.set(target, id);
  form.set('kind', kind);
  form.set('file', new File([p.blob], p.name, { type: p.type }));
  const doc = await send('/api/documents', { method: 'POST', body: form });
  return String(doc.id);
}

/** Sends one item, step by step, saving progress; throws Offline or Refused. */
async function sendItem(item: OutboxItem): Promise<void> {
  const save = () => putItem(item);
  if (item.kind === 'rectify') {
    for (const p of item.photos)
      if (!p.documentId) {
        p.documentId = await uploadPhoto('hazardId', item.hazardId!, 'after_photo', p);
        await save();
      }
    await postJson(
      `/api/general-hazards/${item.hazardId!}/rectify`,
      { ...item.body, documentIds: item.photos.map((p) => p.documentId) },
      item.key,
    );
    return;
  }
  if (item.kind === 'self_inspection') {
    await postJson('/api/self-inspections', item.body, item.key);
    return;
  }
  if (!item.recordId) {
    const url = item.kind === 'hazard' ? '/api/general-hazards' : '/api/patrols';
    const made = await postJson(url, item.body, item.key);
    item.recordId = String(made.id);
    await save();
  }
  for (const p of item.photos)
    if (!p.documentId) {
      p.documentId = await uploadPhoto(
        item.kind === 'hazard' ? 'hazardId' : 'patrolId',
        item.recordId,
        'photo',
        p,
      );
      await save();
    }
}

export type SendResult =
  | { state: 'sent'; recordId?: string }
  | { state: 'waiting' }
  | { state: 'refused'; message: string; errors?: Record<string, string> };

/** Sends one item now; on success it leaves the outbox. */
export async function sendNow(item: OutboxItem): Promise<SendResult> {
  item.attempts += 1;
  try {
    await sendItem(item);
    await discardItem(item.id);
    return { state: 'sent', recordId: item.recordId };
  } catch (err) {
    if (err instanceof Refused) {
      item.refused = { message: err.message, errors: err.errors };
      await putItem(item);
      return { state: 'refused', message: err.message, errors: err.errors };
    }
    await putItem(item);
    return { state: 'waiting' };
  }
}

let flushing: Promise<number> | undefined;
/**
 * Sends every pending item that the server has not refused, oldest first; stops at the first that cannot be sent
 * (no network). One flush at a time: the `online` event and a start-up flush never send the same item together.
 * Returns how many were sent.
 */
export function flushOutbox(): Promise<number> {
  flushing ??= (async () => {
    let sent = 0;
    for (const item of await outboxItems()) {
      if (item.refused) continue;
      const r = await sendNow(item);
      if (r.state === 'sent') sent += 1;
      if (r.state === 'waiting') break;
    }
    return sent;
  })().finally(() => (flushing = undefined));
  return flushing;
}

async function itemById(id: string): Promise<OutboxItem | undefined> {
  return (await db()).get('items', id);
}

/**
 * Keeps a new item and tries to send it at once (through the one flush, so it is never sent twice side by side).
 * `sent`: the server has it; `waiting`: kept on the phone until the network returns; `refused`: the server said no
 * (field errors for the form) and the item is discarded, since the form is still open to fix it.
 */
export async function submitItem(item: OutboxItem): Promise<SendResult> {
  await putItem(item);
  for (let round = 0; round < 2; round += 1) {
    await flushOutbox();
    const now = await itemById(item.id);
    if (!now) return { state: 'sent', recordId: item.recordId };
    if (now.refused) {
      await discardItem(item.id);
      return { state: 'refused', ...now.refused };
    }
    // A flush already running read the list before this item was kept: run one more.
    if (now.attempts > 0) break;
  }
  return { state: 'waiting' };
}
