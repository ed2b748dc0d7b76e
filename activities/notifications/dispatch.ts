/**
 * The outbox dispatcher's activity: claims messages one at a time (each under a lease), delivers each on its
 * channel, marks it, and heartbeats after every message. A dispatcher killed mid-batch leaves at most the message
 * in hand claimed; its lease lapses and the next run sends it again under the same key (docs/adr/0009).
 */
import { Context } from '@temporalio/activity';
import type { Db } from '../../db/client.js';
import {
  claimNext,
  deliverInApp,
  markFailedAttempt,
  markSent,
  webhookSecret,
} from '../../db/queries/outbox.js';
import type { Channel } from '../../domain/notifications.js';
import { sendEmail, sendWebhook, smtpMailer, type Outcome, type SmsProvider } from './channels.js';

export interface DispatchDeps {
  db: Db;
  smtpUrl?: string;
  mailFrom?: string;
  sms?: SmsProvider;
  publicBaseUrl?: string;
  /** How long a claimed message is held before another dispatcher may take it (default 2 min). */
  leaseMs?: number;
  webhookTimeoutMs?: number;
}

/** Backoff of a message's attempts: 10 s, 20 s, 40 s… up to 1 h, with jitter; given up after `MAX_ATTEMPTS`. */
export const MAX_ATTEMPTS = 10;
export function retryAt(attempts: number, now = Date.now()): Date | null {
  if (attempts >= MAX_ATTEMPTS) return null;
  const base = Math.min(3_600_000, 10_000 * 2 ** (attempts - 1));
  return new Date(now + base / 2 + Math.random() * (base / 2));
}

/** Heartbeats when running as an activity (tests may call the function directly). */
function heartbeat(details: unknown): void {
  try {
    Context.current().heartbeat(details);
  } catch {
    // not inside an activity
  }
}

export function createDispatchActivities(deps: DispatchDeps) {
  const mailer = deps.smtpUrl ? smtpMailer(deps.smtpUrl) : undefined;
  const channels: Channel[] = [
    'in_app',
    'webhook',
    ...(mailer ? (['email'] as const) : []),
    ...(deps.sms ? (['sms'] as const) : []),
  ];

  async function deliver(row: NonNullable<Awaited<ReturnType<typeof claimNext>>>): Promise<Outcome> {
    switch (row.channel) {
      case 'in_app':
        await deliverInApp(deps.db, row);
        return { status: 'sent' };
      case 'email':
        return sendEmail(mailer!, deps.mailFrom ?? 'duban@localhost', row, deps.publicBaseUrl ?? '');
      case 'sms':
        if (!row.address) return { status: 'failed', error: '没有手机号' };
        return deps.sms!.send({
          messageId: row.key,
          to: row.address,
          text: `【督办】${row.subject}：${row.body}`,
        });
      case 'webhook': {
        const secret = row.webhookId ? await webhookSecret(deps.db, row.webhookId) : undefined;
        if (!secret) return { status: 'failed', error: '订阅已停用' };
        return sendWebhook(row, secret, deps.webhookTimeoutMs);
      }
    }
  }

  return {
    /** Delivers up to `limit` due messages; `more` when it stopped at the limit with messages possibly left. */
    async dispatchOutbox(input: {
      limit: number;
    }): Promise<{ sent: number; retried: number; failed: number; more: boolean }> {
      const tally = { sent: 0, retried: 0, failed: 0 };
      for (let i = 0; i < input.limit; i++) {
        const row = await claimNext(deps.db, { channels, leaseMs: deps.leaseMs ?? 120_000 });
        if (!row) return { ...tally, more: false };
        const outcome = await deliver(row);
        if (outcome.status === 'sent') {
          if (row.channel !== 'in_app') await markSent(deps.db, row.id);
          tally.sent += 1;
        } else {
          const at = outcome.status === 'retry' ? retryAt(row.attempts) : null;
          await markFailedAttempt(deps.db, row.id, outcome.error, at);
          if (at) tally.retried += 1;
          else tally.failed += 1;
        }
        heartbeat(tally);
      }
      return { ...tally, more: true };
    },
  };
}
