import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Db } from '../db/client.js';
import { NOTIFY_TASK_QUEUE, TASK_QUEUE } from '../workflows/definitions.js';
import type { Config } from '../config/config.js';
import { createActivities } from './case-activities.js';
import { createNotificationActivities } from './notifications/activities.js';
import { httpSmsGateway } from './notifications/channels.js';
import { createDutyActivities } from './duty-activities.js';
import { createScoreActivities } from './score-activities.js';
import { createMaintenanceActivities } from './maintenance-activities.js';
import { createCalendarActivities } from './calendar-activities.js';

export const workflowsPath = path.join(path.dirname(fileURLToPath(import.meta.url)), '../workflows/index.ts');
/**
 * Modules whose top-level code runs once per worker thread and is then shared (frozen) by every case workflow,
 * instead of once per workflow: zod's module scope, and the command schemas (built on first use and kept out of
 * the freeze's reach, see domain/command-schemas.ts), were most of the cost of creating a workflow. Only
 * stateless code belongs here (docs/adr/0005-local-activities-for-case-io.md).
 */
export const preloadModules = [
  'zod',
  path.join(path.dirname(fileURLToPath(import.meta.url)), '../domain/command-schemas.ts'),
];

/** The case worker: the workflow code (bundled from workflows/index.ts unless a prebuilt bundle is given) and its activities. */
export async function createCaseWorker(opts: {
  connection: NativeConnection;
  namespace: string;
  db: Db;
  uploadDir: string;
  taskQueue?: string;
  workflowBundle?: { code: string };
  options?: Partial<WorkerOptions>;
  /** How long the activities keep the calendar years they read (default 60 s); tests that change them use 0. */
  calendarCacheMs?: number;
  /** Licensed fonts for the documents the case steps issue (DOCUMENT_FONT_DIRS). */
  documentFontDirs?: string[];
}): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue ?? TASK_QUEUE,
    ...(opts.workflowBundle
      ? { workflowBundle: opts.workflowBundle }
      : { workflowsPath, bundlerOptions: { preloadModules } }),
    activities: {
      ...createActivities({
        db: opts.db,
        uploadDir: opts.uploadDir,
        calendarCacheMs: opts.calendarCacheMs,
        ...(opts.documentFontDirs ? { documentFontDirs: opts.documentFontDirs } : {}),
      }),
      // The daily duty sweeps of the general-hazard ledger (workflows/duty-sweep.workflow.ts).
      ...createDutyActivities({ db: opts.db }),
      // The monthly scores (workflows/scores.workflow.ts).
      ...createScoreActivities({ db: opts.db }),
      // The nightly hash-chain verification and throttle cleanup (workflows/maintenance.workflow.ts).
      ...createMaintenanceActivities({ db: opts.db }),
      // The fan-out of an entered calendar year to the cases it estimated (workflows/calendar-changed.workflow.ts).
      ...createCalendarActivities({ db: opts.db }),
    },
    ...opts.options,
  });
}

/**
 * The notification worker: activities only (outbox delivery, deadline notices) on NOTIFY_TASK_QUEUE; their
 * workflows run on the case queue. Separate so delivery can be scaled, or killed, without touching cases.
 */
export async function createNotificationWorker(opts: {
  connection: NativeConnection;
  namespace: string;
  db: Db;
  config: Pick<
    Config,
    'SMTP_URL' | 'MAIL_FROM' | 'SMS_GATEWAY_URL' | 'SMS_GATEWAY_TOKEN' | 'PUBLIC_BASE_URL'
  >;
  leaseMs?: number;
  options?: Partial<WorkerOptions>;
}): Promise<Worker> {
  const c = opts.config;
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: NOTIFY_TASK_QUEUE,
    activities: createNotificationActivities({
      db: opts.db,
      smtpUrl: c.SMTP_URL,
      mailFrom: c.MAIL_FROM,
      sms: c.SMS_GATEWAY_URL ? httpSmsGateway(c.SMS_GATEWAY_URL, c.SMS_GATEWAY_TOKEN) : undefined,
      publicBaseUrl: c.PUBLIC_BASE_URL,
      leaseMs: opts.leaseMs,
    }),
    ...opts.options,
  });
}
