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
