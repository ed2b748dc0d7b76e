/**
 * The target of the API fuzz run (scripts/fuzz-api.sh): the real stack of the API tests (test/api/harness.ts:
 * a fresh PostgreSQL database cloned from the migrated template, a Temporal dev server, the case worker and
 * createApp) served over HTTP on a free local port, with a few cases started through the API so generated
 * requests also meet live workflows. Prints one JSON line `{"url", "token", "caseIds"}` on stdout once ready
 * and stops everything (servers,
 * database) on SIGTERM/SIGINT.
 * Needs TEST_DATABASE_URL (scripts/ensure-postgres.sh).
 */
import { serveApp } from '../api/http-server.js';
import type { AddressInfo } from 'node:net';
import globalSetup from '../test/helpers/global-setup.js';
import { PASSWORD, startHarness } from '../test/api/harness.js';

async function main(): Promise<void> {
  // Builds the migrated template database when this runs without vitest before it (a fresh machine).
  await globalSetup();
  const harness = await startHarness();
  const server = serveApp(harness.app, { hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      server.close();
      await harness.stop();
    })()
      .catch((err: unknown) => console.error('fuzz-target: stop failed', err))
      .finally(() => process.exit(0)));
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());

  const call = async (pathname: string, body: unknown, token?: string) => {
    const res = await fetch(url + pathname, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`fuzz-target: ${pathname} → ${res.status} ${text}`);
    return JSON.parse(text) as Record<string, unknown>;
  };
  // The administrator sees every record, so generated requests reach the most code.
  const { token } = (await call('/api/auth/tokens', { username: 'admin', password: PASSWORD })) as {
    token: string;
  };
  const sup = (await call('/api/auth/tokens', { username: 'sup', password: PASSWORD })) as { token: string };
  const caseIds: string[] = [];
  for (let i = 0; i < 8; i++) {
    const view = await call(
      '/api/cases',
      {
        source: 'inspection',
        enterpriseId: harness.ids.enterpriseId,
        regionCode: '420111',
        title: `模糊测试隐患 ${i + 1}`,
        description: '粉尘涉爆除尘系统未按规定设置锁气卸灰装置',
      },
      sup.token,
    );
    caseIds.push(String(view.id));
  }
  process.stdout.write(`${JSON.stringify({ url, token, caseIds })}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
