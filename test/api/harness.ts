import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createApp } from '../../api/app.js';
import { configSchema } from '../../config/config.js';
import { createCaseWorker, createNotificationWorker } from '../../activities/worker.js';
import { schema } from '../../db/client.js';
import { hashPassword } from '../../db/password.js';
import { createTestDatabase } from '../helpers/db.js';
import { createDevServerEnv } from '../helpers/temporal.js';
import { temporalProcess, type TemporalProcess } from '../helpers/temporal-process.js';
import { workerProcess, type WorkerProcess } from '../helpers/worker-process.js';
import { seedDemo, type DemoSeedResult } from '../../scripts/seed/demo.js';
import { seedRegistry, workflowBundle, type TestDb } from '../workflows/fixture.js';

export const PASSWORD = 'Duban#Test2026';

/** The real stack for API tests: PostgreSQL, a Temporal dev server, the case worker and the Hono app. */
export interface Harness {
  env: TestWorkflowEnvironment;
  db: TestDb;
  worker: Worker;
  app: ReturnType<typeof createApp>;
  config: ReturnType<typeof configSchema.parse> & { uploadDir: string };
  ids: Awaited<ReturnType<typeof seedRegistry>> & {
    users: Record<string, string>;
    otherDistrictPath: string;
  };
  stop(): Promise<void>;
}

export async function startHarness(
  opts: {
    uiDir?: string;
    config?: Record<string, string>;
    /** Another Temporal than the in-process dev server (test/helpers/temporal-process.ts: one it can stop). */
    temporal?: () => Promise<TestWorkflowEnvironment>;
    /** False: no worker in this process (test/helpers/worker-process.ts runs the production one, killable). */
    worker?: boolean;
  } = {},
): Promise<Harness> {
  const [env, db] = await Promise.all([(opts.temporal ?? createDevServerEnv)(), createTestDatabase()]);
  // DROP DATABASE ... WITH (FORCE) at teardown may reach a pooled connection that is still closing; that is
  // expected then, not an error of the code under test.
  db.pool?.on('error', () => {});
  const ids = await seedRegistry(db.db);
  await db.db.insert(schema.regions).values({
    code: '420102',
    name: '江岸区',
    level: 'district',
    parentCode: '420100',
    path: '420000/420100/420102/',
  });
  const hash = await hashPassword(PASSWORD);
  const district = '420111';
  const people = [
    { username: 'admin', role: 'admin' as const, regionCode: null },
    { username: 'sup', role: 'supervisor' as const, regionCode: district },
    { username: 'sup-other', role: 'supervisor' as const, regionCode: '420102' },
    { username: 'leader', role: 'leader' as const, regionCode: district },
    { username: 'ent', role: 'enterprise' as const, regionCode: district, enterpriseId: ids.enterpriseId },
    {
      username: 'ent-other',
      role: 'enterprise' as const,
      regionCode: district,
      enterpriseId: ids.otherEnterpriseId,
    },
    { username: 'expert', role: 'expert' as const, regionCode: district },
    { username: 'grid', role: 'grid_member' as const, regionCode: district },
  ];
  const rows = await db.db
    .insert(schema.users)
    .values(people.map((p) => ({ ...p, displayName: p.username, passwordHash: hash })))
    .returning({ id: schema.users.id, username: schema.users.username });
  const users = Object.fromEntries(rows.map((r) => [r.username, r.id]));
  const runtime = await startRuntime(env, db, opts);
  return { ...runtime, ids: { ...ids, users, otherDistrictPath: '420000/420100/420102/' } };
}

/** The stack around the demo district (scripts/seed/demo.ts, as `make dev` seeds it) instead of the test registry. */
export type DemoHarness = Omit<Harness, 'ids'> & { users: DemoSeedResult['users'] };

export async function startDemoHarness(opts: { uiDir?: string } = {}): Promise<DemoHarness> {
  const [env, db] = await Promise.all([createDevServerEnv(), createTestDatabase()]);
  db.pool?.on('error', () => {});
  const runtime = await startRuntime(env, db, opts);
  try {
    // The seed rehearses the cases' histories through the running worker, like `make dev` on a first start.
    const seeded = await seedDemo({
      db: db.db,
      client: env.client,
      uploadDir: runtime.config.uploadDir,
      workflowBundle: await workflowBundle(),
    });
    return { ...runtime, users: seeded.users };
  } catch (err) {
    await runtime.stop();
    throw err;
  }
}

/** Workers, upload directory and app on a prepared database and Temporal: what both harnesses share. */
async function startRuntime(
  env: TestWorkflowEnvironment,
  db: TestDb,
  opts: { uiDir?: string; config?: Record<string, string>; worker?: boolean },
): Promise<Omit<Harness, 'ids'>> {
  // One upload directory for the worker and the API: documents the case steps issue are served by the API.
  const uploadDir = mkdtempSync(path.join(tmpdir(), 'duban-api-uploads-'));
  const config = {
    ...configSchema.parse({ LOG_LEVEL: 'silent', ...opts.config }),
    uploadDir,
  };
  // The case worker and the notification worker, as the product runs them (GET /api/health asks for both queues).
  const workers: Worker[] = [];
  if (opts.worker !== false) {
    workers.push(
      await createCaseWorker({
        connection: env.nativeConnection,
        namespace: env.namespace ?? 'default',
        db: db.db,
        uploadDir,
        workflowBundle: await workflowBundle(),
      }),
      await createNotificationWorker({
        connection: env.nativeConnection,
        namespace: env.namespace ?? 'default',
        db: db.db,
        config,
      }),
    );
  }
  const running = Promise.all(workers.map((w) => w.run()));
  const worker = workers[0]!;
  const app = createApp({ db: db.db, temporal: env.client, config, uiDir: opts.uiDir });
  return {
    env,
    db,
    worker,
    app,
    config,
    async stop() {
      for (const w of workers) w.shutdown();
      await running;
      await env.teardown();
      await db.drop();
    },
  };
}

/** Polls `ok` every 250 ms until it holds; throws naming `what` when it does not within `ms`. */
export async function until(what: string, ok: () => Promise<boolean>, ms: number): Promise<void> {
  for (const t0 = Date.now(); Date.now() - t0 < ms; await new Promise((r) => setTimeout(r, 250)))
    if (await ok()) return;
  throw new Error(`not within ${ms} ms: ${what}`);
}

/** The harness with Temporal and the production worker as processes a test can kill (faults: worker down). */
export interface WorkerProcessHarness {
  h: Harness;
  temporal: TemporalProcess;
  /** The production worker (activities/main.ts), running when the harness is returned. */
  worker: WorkerProcess;
  /** GET /api/health: 200 while a worker polls every task queue, 503 with the reasons when none does. */
  health(): Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Kills the worker, starts Temporal again if a test stopped it (so it can be torn down), stops the harness. */
  stop(): Promise<void>;
}

/**
 * The stack with Temporal and the production worker (activities/main.ts) as separate processes, the worker killable
 * with SIGKILL as a crash would; returned once the worker runs and /api/health answers 200. The server's long poll is
 * shortened to 3 s (a live worker re-polls every 3 s) and WORKER_POLL_STALE_SECONDS to 8, so a test need not wait the
 * production default's 70 s for a dead worker to be noticed.
 */
export async function startWorkerProcessHarness(): Promise<WorkerProcessHarness> {
  const temporal = await temporalProcess({ longPollSeconds: 3 });
  let h: Harness;
  try {
    h = await startHarness({
      temporal: () => temporal.env(),
      worker: false,
      config: { WORKER_POLL_STALE_SECONDS: '8' },
    });
  } catch (err) {
    await temporal.kill();
    throw err;
  }
  const worker = workerProcess({
    NODE_ENV: 'test',
    DATABASE_URL: h.db.url,
    TEMPORAL_ADDRESS: temporal.address,
    UPLOAD_DIR: h.config.uploadDir,
    DATA_DIR: h.config.uploadDir,
  });
  const health = async () => {
    const res = await h.app.request('/api/health');
    return { status: res.status, body: await res.json() };
  };
  const stop = async () => {
    await worker.kill();
    await temporal.start().catch(() => undefined);
    await h.stop();
  };
  try {
    await worker.start();
    await until('health 200', async () => (await health()).status === 200, 60_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { h, temporal, worker, health, stop };
}

/** A logged-in client for one user: JSON in, JSON out, cookie kept. */
export async function loginAs(app: Harness['app'], username: string) {
  const res = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const call = async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const r = await app.request(url, {
      method,
      headers: { cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    return { status: r.status, headers: r.headers, body: (text ? JSON.parse(text) : null) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  return {
    /** The session cookie, for requests that are not JSON (downloads). */
    cookie,
    get: (url: string) => call('GET', url),
    post: (url: string, body?: unknown, headers?: Record<string, string>) =>
      call('POST', url, body ?? {}, headers),
    put: (url: string, body: unknown, headers?: Record<string, string>) => call('PUT', url, body, headers),
  };
}

const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** Uploads a one-pixel PNG to a case as `client` (a document of that case, uploaded by that user). */
export async function uploadTo(
  app: Harness['app'],
  client: { cookie: string },
  caseId: string,
  kind = 'evidence',
): Promise<{ status: number; body: { id: string } & Record<string, unknown> }> {
  const form = new FormData();
  form.set('file', new Blob([PNG_1X1], { type: 'image/png' }), 'evidence.png');
  form.set('caseId', caseId);
  form.set('kind', kind);
  const res = await app.request('/api/documents', {
    method: 'POST',
    headers: { cookie: client.cookie },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as { id: string } & Record<string, unknown> };
}
