import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../db/seed/demo-registry.js';
import { repoRoot } from '../helpers/paths.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

interface Running {
  child: ChildProcess;
  output: () => string;
}

/** Starts scripts/dev.ts (what `make dev` runs after installing) and waits for its banner. */
async function startDev(env: NodeJS.ProcessEnv): Promise<Running> {
  // Embedded PGlite: no DATABASE_URL, whatever the calling shell has.
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(path.join(repoRoot, 'node_modules/.bin/tsx'), ['scripts/dev.ts'], {
    cwd: repoRoot,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so a stop can signal the whole group as a terminal's Ctrl-C does.
    detached: true,
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`make dev did not start in time:\n${out}`)), 240_000);
    const check = setInterval(() => {
      if (out.includes('Press Ctrl-C to stop.')) {
        clearInterval(check);
        clearTimeout(timer);
        resolve();
      }
    }, 200);
    child.once('exit', (code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`make dev exited with ${code}:\n${out}`));
    });
  });
  return { child, output: () => out };
}

async function stopDev(r: Running): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => r.child.once('exit', (code) => resolve(code)));
  process.kill(-r.child.pid!, 'SIGINT'); // Ctrl-C: every process of the foreground group gets SIGINT
  return exited;
}

/** Columns a string takes in a terminal (a Chinese character takes two). */
const displayWidth = (s: string) =>
  [...s].reduce((w, ch) => w + (/[\u2e80-\ua4cf\uff00-\uff60]/.test(ch) ? 2 : 1), 0);

/** What a newcomer reads: no lifecycle chatter, no error on Ctrl-C, and the demo logins in straight columns. */
function expectQuietAndAligned(out: string) {
  expect(out).not.toMatch(/\[INFO\]|Worker state changed|IllegalStateError|Cannot close connection/);
  const rows = out.split('\n').filter((l) => DEMO_USERS.some((u) => l.includes(` ${u.username} `)));
  expect(rows.length).toBeGreaterThanOrEqual(DEMO_USERS.length);
  for (const col of [(u: string) => ` ${u} `, () => 'Duban@2026'])
    expect(
      new Set(
        rows.map((l) => {
          const user = DEMO_USERS.find((u) => l.includes(` ${u.username} `))!;
          return displayWidth(l.slice(0, l.indexOf(col(user.username))));
        }),
      ).size,
    ).toBe(1);
}

describe('make dev', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'duban-dev-'));
  let running: Running | undefined;
  afterAll(async () => {
    if (running && running.child.exitCode === null) running.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('brings the product up on embedded defaults, lists a reported case, and keeps it across a restart', async () => {
    const port = await freePort();
    const env = {
      DATA_DIR: dataDir,
      PORT: String(port),
      TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`,
      TEMPORAL_UI_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
    };
    const base = `http://127.0.0.1:${port}`;
    running = await startDev(env);
    expect(running.output()).toContain(`${base}/api/docs`);
    const supervisor = DEMO_USERS.find((u) => u.role === 'supervisor')!;
    expect(running.output()).toContain(supervisor.username);

    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ database: 'up', temporal: 'up' });

    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: supervisor.username, password: supervisor.password }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const me = (await (await fetch(`${base}/api/me`, { headers: { cookie } })).json()) as {
      regionCode: string;
    };

    const title = `make dev 冒烟测试 ${Date.now()}`;
    const created = await fetch(`${base}/api/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({
        source: 'inspection',
        regionCode: me.regionCode,
        title,
        description: '检查发现的重大事故隐患线索',
      }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    const listed = async () => {
      const res = await fetch(
        `${base}/api/cases?filter=${encodeURIComponent(JSON.stringify({ q: title }))}`,
        { headers: { cookie } },
      );
      expect(res.status).toBe(200);
      return ((await res.json()) as Array<{ id: string; title: string; status: string }>).map((c) => c.id);
    };
    expect(await listed()).toContain(id);

    expect(await stopDev(running)).toBe(0);
    expectQuietAndAligned(running.output());

    running = await startDev(env);
    expect(running.output()).toContain('already present');
    const again = await fetch(`${base}/api/health`);
    expect(await again.json()).toMatchObject({ database: 'up', temporal: 'up' });
    expect(await listed()).toContain(id);
    // The workflow survived too: the case answers its query through the API.
    const one = await fetch(`${base}/api/cases/${id}`, { headers: { cookie } });
    expect(((await one.json()) as { status: string }).status).toBe('reported');
    expect(await stopDev(running)).toBe(0);
    expectQuietAndAligned(running.output());
    // Two cold starts of the whole product (Temporal dev server, PGlite, worker, API, demo data): on a loaded
    // machine that takes longer than the project's default test time.
  }, 300_000);
});
