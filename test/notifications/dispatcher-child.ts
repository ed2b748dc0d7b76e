/**
 * A notification worker in its own process, so the dispatcher test can kill it (SIGKILL) in the middle of a batch.
 * Configured by the parent through the environment.
 */
import { NativeConnection } from '@temporalio/worker';
import { createNotificationWorker } from '../../activities/worker.js';
import { openDatabase } from '../../db/client.js';

const env = process.env;
const database = await openDatabase({ url: env.CHILD_DATABASE_URL, poolSize: 2 });
const connection = await NativeConnection.connect({ address: env.CHILD_TEMPORAL_ADDRESS! });
const worker = await createNotificationWorker({
  connection,
  namespace: env.CHILD_TEMPORAL_NAMESPACE ?? 'default',
  db: database.db,
  config: {
    SMTP_URL: env.CHILD_SMTP_URL,
    MAIL_FROM: '督办系统 <duban@test>',
    SMS_GATEWAY_URL: env.CHILD_SMS_URL,
    SMS_GATEWAY_TOKEN: 'sms-token',
    PUBLIC_BASE_URL: 'http://duban.test',
  },
  leaseMs: Number(env.CHILD_LEASE_MS ?? 3000),
  options: { shutdownGraceTime: '1s' },
});
process.stdout.write('ready\n');
await worker.run();
