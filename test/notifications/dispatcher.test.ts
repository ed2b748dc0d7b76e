import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createCaseWorker } from '../../activities/worker.js';
import { schema } from '../../db/client.js';
import { enqueueNotifications } from '../../db/queries/outbox.js';
import type { NotificationIntent } from '../../domain/notifications.js';
import { TASK_QUEUE } from '../../workflows/definitions.js';
import { createTestDatabase } from '../helpers/db.js';
import { repoRoot } from '../helpers/paths.js';
import { createDevServerEnv } from '../helpers/temporal.js';
import { seedRegistry, workflowBundle, type TestDb } from '../workflows/fixture.js';

const SECRET = 'webhook-secret';
const N = 5; // notifications, each on in-app, e-mail, SMS and a webhook

/** A gate a server handler waits at; the test opens it (or kills the client first). */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  let reached!: () => void;
  const arrived = new Promise<void>((r) => (reached = r));
  return { opened, open, arrived, reached };
}

const bodyOf = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let s = '';
    req.on('data', (c: Buffer) => (s += c.toString()));
    req.on('end', () => resolve(s));
  });

/**
 * Exactly once per channel against real receivers: an SMTP server (smtp-server), an SMS gateway and a webhook
 * receiver over HTTP, and the dispatcher in a child process under a real Temporal dev server, killed twice in the
 * middle of a batch.
 */
describe('the outbox dispatcher', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDb;
  let caseWorker: Worker;
  let caseWorkerRun: Promise<void>;
  let smtp: SMTPServer;
  let http: Server;
  let child: ChildProcess | undefined;
  const mails: { messageId: string; to: string; subject: string }[] = [];
  const smsWire: string[] = [];
  const smsDone = new Set<string>();
  const hookWire: { key: string; signatureOk: boolean }[] = [];
  const hookDone = new Set<string>();
  let smtpStall: ReturnType<typeof gate> | undefined;
  let hookStall: ReturnType<typeof gate> | undefined;
  let smtpUrl = '';
  let base = '';

  beforeAll(async () => {
    [env, db] = await Promise.all([createDevServerEnv(), createTestDatabase()]);
    db.pool?.on('error', () => {});
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        let raw = '';
        stream.on('data', (c: Buffer) => (raw += c.toString()));
        stream.on('end', () => {
          const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(raw)?.[1]?.trim() ?? '';
          const accept = () => {
            // Accepted (250) only now: a message whose sender died before this point was never delivered.
            mails.push({ messageId: header('Message-ID'), to: header('To'), subject: header('Subject') });
            callback();
          };
          const g = smtpStall;
          if (g && mails.length === 2) {
            smtpStall = undefined;
            g.reached();
            void g.opened.then(() => callback(new Error('sender gone')));
          } else accept();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
    const handle = async (req: IncomingMessage, res: import('node:http').ServerResponse) => {
      const body = await bodyOf(req);
      const key = String(req.headers['idempotency-key']);
      if (req.url === '/sms') {
        expect(req.headers.authorization).toBe('Bearer sms-token');
        smsWire.push(key);
        smsDone.add(key); // the gateway contract: one message per messageId
        res.writeHead(200).end('{}');
        return;
      }
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]+)$/.exec(String(req.headers['x-duban-signature'])) ?? [];
      const expected = createHmac('sha256', SECRET).update(`${t}.${body}`).digest('hex');
      hookWire.push({ key, signatureOk: v1 === expected });
      const first = !hookDone.has(key);
      hookDone.add(key); // processed once per Idempotency-Key
      const g = hookStall;
      if (g && first && hookDone.size === 3) {
        // Processed, but the answer never reaches the dispatcher: it must send again, under the same key.
        hookStall = undefined;
        g.reached();
        await g.opened;
      }
      res.writeHead(200).end('ok');
    };
    http = createServer((req, res) => void handle(req, res));
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

    const ids = await seedRegistry(db.db);
    const users = await db.db
      .insert(schema.users)
      .values(
        ['ent-a', 'ent-b'].map((u, i) => ({
          username: u,
          displayName: u,
          passwordHash: 'x',
          role: 'enterprise' as const,
          enterpriseId: ids.enterpriseId,
          phone: `1380000000${i}`,
        })),
      )
      .returning({ id: schema.users.id });
    // One person chose e-mail and SMS; the other left the default (in-app only).
    await db.db.insert(schema.notificationPreferences).values({
      userId: users[0]!.id,
      email: 'ent-a@example.cn',
      channels: ['email', 'sms'],
    });
    await db.db
      .insert(schema.webhookSubscriptions)
      .values({ name: '市平台', url: `${base}/hook`, secret: SECRET });
    const intents: NotificationIntent[] = Array.from({ length: N }, (_, i) => ({
      key: `test:${i}`,
      kind: 'document_issued',
      audience: { enterprise: ids.enterpriseId },
      subject: `公文送达 ${i}`,
      body: `第${i}份公文`,
    }));
    await db.db.transaction(async (tx) => {
      expect(await enqueueNotifications(tx, intents)).toBe(N * 5); // 2 in-app + e-mail + SMS + webhook
      expect(await enqueueNotifications(tx, intents)).toBe(0); // a retried transition writes nothing new
    });

    caseWorker = await createCaseWorker({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      db: db.db,
      uploadDir: '/tmp',
      workflowBundle: await workflowBundle(),
    });
    caseWorkerRun = caseWorker.run();
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    caseWorker?.shutdown();
    await caseWorkerRun;
    smtp?.close();
    http?.close();
    await env?.teardown();
    await db?.drop();
  });

  function startChild(): Promise<ChildProcess> {
    const p = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, 'test/notifications/dispatcher-child.ts')],
      {
        cwd: repoRoot,
        env: {
          ...process.env,
          CHILD_DATABASE_URL: db.url,
          CHILD_TEMPORAL_ADDRESS: env.address,
          CHILD_TEMPORAL_NAMESPACE: env.namespace ?? 'default',
          CHILD_SMTP_URL: smtpUrl,
          CHILD_SMS_URL: `${base}/sms`,
          CHILD_LEASE_MS: '2000',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    return new Promise((resolve, reject) => {
      p.stdout!.once('data', () => resolve(p));
      p.once('exit', (code) => reject(new Error(`dispatcher exited ${code}`)));
    });
  }
  const dispatch = () =>
    env.client.workflow.start('outboxDispatchWorkflow', {
      taskQueue: TASK_QUEUE,
      workflowId: `dispatch-${randomUUID()}`,
      args: [{ batch: 100, heartbeatTimeoutMs: 2000 }],
    });
  const kill = async (p: ChildProcess) => {
    const gone = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await gone;
  };
  const pending = async () =>
    (await db.db.select().from(schema.outbox)).filter((r) => r.status !== 'sent').length;

  it('delivers each message once on every channel although the dispatcher is killed twice mid-batch', async () => {
    const mailCut = gate();
    smtpStall = mailCut;
    child = await startChild();
    await dispatch();
    await mailCut.arrived; // an e-mail is on the wire, not yet accepted
    await kill(child);
    mailCut.open();

    const answerLost = gate();
    hookStall = answerLost;
    child = await startChild();
    await dispatch();
    await answerLost.arrived; // a webhook was processed but its answer is held
    await kill(child);
    answerLost.open();

    child = await startChild();
    // Runs until the outbox is empty, as the Schedule would every few seconds (claims of the dead held until their
    // lease lapsed).
    for (let i = 0; i < 30 && (await pending()) > 0; i++) {
      const h = await dispatch();
      await h.result();
      if ((await pending()) > 0) await new Promise((r) => setTimeout(r, 1000));
    }
    expect(await pending()).toBe(0);

    // E-mail: five accepted, each once (the one cut off before acceptance was sent again).
    expect(mails).toHaveLength(N);
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(N);
    expect(mails.every((m) => m.to.includes('ent-a@example.cn'))).toBe(true);
    // SMS: each messageId once at the gateway.
    expect(smsDone.size).toBe(N);
    expect(smsWire).toHaveLength(N);
    // Webhooks: every request signed; the one whose answer was lost came again under the same key, processed once.
    expect(hookWire.every((h) => h.signatureOk)).toBe(true);
    expect(hookDone.size).toBe(N);
    expect(hookWire).toHaveLength(N + 1);
    // In-app: one inbox row per person and notification.
    const inbox = await db.db.select().from(schema.notifications);
    expect(inbox).toHaveLength(2 * N);
    const rows = await db.db.select().from(schema.outbox).where(eq(schema.outbox.channel, 'email'));
    expect(rows.some((r) => r.attempts > 1)).toBe(true); // the cut-off e-mail took a second attempt
  });
});
