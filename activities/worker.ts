import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Db } from '../db/client.js';
import { TASK_QUEUE } from '../workflows/definitions.js';
import { createActivities } from './case-activities.js';

export const workflowsPath = path.join(path.dirname(fileURLToPath(import.meta.url)), '../workflows/index.ts');

/** The case worker: the workflow code (bundled from workflows/index.ts unless a prebuilt bundle is given) and its activities. */
export async function createCaseWorker(opts: {
  connection: NativeConnection;
  namespace: string;
  db: Db;
  uploadDir: string;
  taskQueue?: string;
  workflowBundle?: { code: string };
  options?: Partial<WorkerOptions>;
}): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue ?? TASK_QUEUE,
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath }),
    activities: createActivities({ db: opts.db, uploadDir: opts.uploadDir }),
    ...opts.options,
  });
}
