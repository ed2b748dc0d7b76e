/**
 * The delivery channels of the outbox dispatcher. Each sends one message and says how it went: `sent`, `retry`
 * (a temporary failure: the network, a 5xx, a 429) or `failed` (permanent: a 4xx, no address, no transport). Every
 * message carries its outbox key, so a receiver can recognise a resend after a dispatcher crash: e-mail as its
 * Message-ID, SMS gateways and webhooks as the Idempotency-Key header.
 */
import { createHmac } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { OutboxRow } from '../../db/queries/outbox.js';

export type Outcome = { status: 'sent' } | { status: 'retry' | 'failed'; error: string };

export interface SmsMessage {
  /** Stable across resends: the gateway must send a message with a known id only once. */
  messageId: string;
  to: string;
  text: string;
}
/** An SMS provider. The product ships the HTTP gateway contract below; a provider's SDK can sit behind it. */
export interface SmsProvider {
  send(m: SmsMessage): Promise<Outcome>;
}

const fromHttp = (status: number, body: string): Outcome =>
  status >= 200 && status < 300
    ? { status: 'sent' }
    : status === 408 || status === 429 || status >= 500
      ? { status: 'retry', error: `HTTP ${status} ${body.slice(0, 200)}` }
      : { status: 'failed', error: `HTTP ${status} ${body.slice(0, 200)}` };

async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<Outcome> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    return fromHttp(res.status, await res.text().catch(() => ''));
  } catch (err) {
    return { status: 'retry', error: `网络错误：${(err as Error).message}` };
  }
}

/**
 * The SMS gateway contract (docs/notifications.md): `POST <SMS_GATEWAY_URL>` with JSON
 * `{ messageId, to, text }`, `Authorization: Bearer <SMS_GATEWAY_TOKEN>` and `Idempotency-Key: <messageId>`; 2xx means
 * accepted. A gateway must treat a repeated messageId as the same message.
 */
export function httpSmsGateway(url: string, token: string | undefined, timeoutMs = 10_000): SmsProvider {
  return {
    send: (m) =>
      post(
        url,
        JSON.stringify(m),
        { 'idempotency-key': m.messageId, ...(token ? { authorization: `Bearer ${token}` } : {}) },
        timeoutMs,
      ),
  };
}

export function smtpMailer(smtpUrl: string): Transporter {
  return nodemailer.createTransport(smtpUrl);
}

export async function sendEmail(
  mailer: Transporter,
  from: string,
  row: OutboxRow,
  baseUrl: string,
): Promise<Outcome> {
  if (!row.address) return { status: 'failed', error: '没有邮箱地址' };
  try {
    await mailer.sendMail({
      from,
      to: row.address,
      subject: row.subject,
      text: `${row.body}${row.link ? `\n\n${baseUrl}/#${row.link}` : ''}\n\n（此邮件由督办系统发送，请勿直接回复。）`,
      // The outbox key as Message-ID: a resend after a crash is the same message to any mailbox that deduplicates.
      messageId: `<${row.key.replace(/[^\w.-]/g, '.')}@duban>`,
      headers: { 'X-Duban-Key': row.key },
    });
    return { status: 'sent' };
  } catch (err) {
    const code = (err as { responseCode?: number }).responseCode;
    // 5xx from the server: the address or message is refused for good; anything else (4xx, network) may pass later.
    return code && code >= 500 && code < 600
      ? { status: 'failed', error: (err as Error).message }
      : { status: 'retry', error: (err as Error).message };
  }
}

/**
 * Webhooks to other government systems: JSON body, `Idempotency-Key`, and an HMAC-SHA256 signature over
 * `<timestamp>.<body>` with the subscription's secret: `X-Duban-Signature: t=<unix seconds>,v1=<hex>`.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export async function sendWebhook(row: OutboxRow, secret: string, timeoutMs = 10_000): Promise<Outcome> {
  const body = JSON.stringify({
    id: row.id,
    key: row.key,
    kind: row.kind,
    subject: row.subject,
    body: row.body,
    link: row.link,
    caseId: row.caseId,
    data: row.payload,
    createdAt: row.createdAt.toISOString(),
  });
  const t = Math.floor(Date.now() / 1000);
  return post(
    row.address!,
    body,
    {
      'idempotency-key': row.key,
      'x-duban-event': row.kind,
      'x-duban-signature': signWebhook(secret, t, body),
    },
    timeoutMs,
  );
}
