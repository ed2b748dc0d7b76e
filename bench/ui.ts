/**
 * Console benchmark, in Debian's Chromium against the real API (PostgreSQL seeded by the scale generator with
 * 20,000 cases, a Temporal dev server for the client):
 *   1. first load — compressed JavaScript transferred from opening the login page to the supervisor's home page
 *      (goal ≤ 1 MB; heavier parts such as the charts and the command forms load on demand), and what opening
 *      the case list and a case page add;
 *   2. the case list with 20,000 cases — from opening /#/cases in a fresh tab to its first page of rows on screen
 *      (goal ≤ 1 s), over several runs, next to the API's own time for the same request.
 * Writes bench/results/ui.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve } from '@hono/node-server';
import type { CDPSession, Page } from 'playwright-core';
import pg from 'pg';
import { createApp } from '../api/app.js';
import { configSchema } from '../config/config.js';
import { openDatabase } from '../db/client.js';
import { ensureUiBuilt, launchChromium, uiDist } from '../test/e2e/browser.js';
import { createDevServerEnv } from '../test/helpers/temporal.js';

const CASES = Number(process.env.BENCH_CASES ?? 20_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const admin = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
if (!admin) throw new Error('TEST_DATABASE_URL is not set (run through `make bench`)');
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

const dbName = `duban_bench_ui_${process.pid}`;
const adminClient = new pg.Client({ connectionString: admin });
await adminClient.connect();
await adminClient.query(`CREATE DATABASE ${dbName}`);
const url = new URL(admin);
url.pathname = `/${dbName}`;
const handle = await openDatabase({ url: url.toString(), poolSize: 10 });
// DROP DATABASE ... WITH (FORCE) at the end may reach a pooled connection still closing.
handle.pool?.on('error', () => {});
await handle.migrate();
console.log(`seeding ${CASES} cases…`);
execFileSync(
  path.join(root, 'node_modules/.bin/tsx'),
  [
    'scripts/seed.ts',
    '--enterprises',
    String(Math.max(5000, CASES)),
    '--cases',
    String(CASES),
    '--seed',
    '7',
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, DATABASE_URL: url.toString() } },
);
ensureUiBuilt();

const env = await createDevServerEnv();
const config = configSchema.parse({ LOG_LEVEL: 'silent' });
const app = createApp({
  db: handle.db,
  temporal: env.client,
  config: { ...config, uploadDir: mkdtempSync(path.join(tmpdir(), 'duban-bench-ui-')) },
  uiDir: uiDist,
});
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
await new Promise((r) => server.once('listening', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const browser = await launchChromium();

/** Bytes on the wire (after gzip) of every script the page fetched, from Chrome's own network accounting. */
async function scriptBytes(page: Page): Promise<{ cdp: CDPSession; total: () => number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const scripts = new Set<string>();
  let total = 0;
  cdp.on('Network.responseReceived', (e) => {
    if (e.type === 'Script') scripts.add(e.requestId);
  });
  cdp.on('Network.loadingFinished', (e) => {
    if (scripts.has(e.requestId)) total += e.encodedDataLength;
  });
  return { cdp, total: () => total };
}

const USER = 'hs.supervisor';
const PASSWORD = 'Duban@2026';
const ctx = await browser.newContext({ locale: 'zh-CN' });
const page = await ctx.newPage();
const net = await scriptBytes(page);
await page.goto(`${base}/`);
await page.getByLabel(/用户名/).fill(USER);
await page.getByLabel(/密码/).first().fill(PASSWORD);
await page.getByRole('button', { name: /登录/ }).click();
await page.getByTestId('worklist').waitFor();
await page.waitForLoadState('networkidle');
const firstLoad = net.total();
await page.goto(`${base}/#/cases`);
await page.locator('tbody tr').first().waitFor();
await page.waitForLoadState('networkidle');
const withList = net.total();
await page.locator('tbody tr').first().click();
await page.getByTestId('case-header').waitFor();
await page.waitForLoadState('networkidle');
const withCase = net.total();

// The list within the running console: from the menu click on the home page to 25 rows on screen. Each run is
// a new tab, so nothing is served from react-admin's query cache; scripts come from the HTTP cache as on any
// working day. The fresh-tab time (boot + session check + list) is reported beside it.
const listTimes: number[] = [];
const bootTimes: number[] = [];
const apiTimes: number[] = [];
const apiTime = (tab: Page) =>
  tab.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((e) => e.name.includes('/api/cases?'))
      .map((e) => e.duration),
  );
for (let i = 0; i < RUNS; i++) {
  const tab = await ctx.newPage();
  await tab.goto(`${base}/#/`);
  await tab.getByTestId('worklist').waitFor();
  const started = performance.now();
  await tab.getByRole('menuitem', { name: '隐患案件' }).click();
  await tab.locator('tbody tr').nth(24).waitFor();
  listTimes.push(performance.now() - started);
  apiTimes.push(...(await apiTime(tab)));
  await tab.close();

  const cold = await ctx.newPage();
  const t0 = performance.now();
  await cold.goto(`${base}/#/cases`);
  await cold.locator('tbody tr').nth(24).waitFor();
  bootTimes.push(performance.now() - t0);
  await cold.close();
}
await page.goto(`${base}/#/cases`);
await page.locator('tbody tr').first().waitFor();
const shown = await page.evaluate(() => document.body.innerText.match(/\d+-\d+ \/ (\d+)/)?.[1]);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
const rows = [
  [
    'first load JS (login → home), compressed',
    kb(firstLoad),
    '≤ 1024 KiB',
    firstLoad <= 1024 * 1024 ? 'met' : 'MISSED',
  ],
  ['+ case list', kb(withList), '', ''],
  ['+ case page (command forms)', kb(withCase), '', ''],
  [`case list (${CASES} cases), menu click → 25 rows, p50`, `${pct(listTimes, 50).toFixed(0)} ms`, '', ''],
  [
    `case list (${CASES} cases), menu click → 25 rows, p95`,
    `${pct(listTimes, 95).toFixed(0)} ms`,
    '≤ 1000 ms',
    pct(listTimes, 95) <= 1000 ? 'met' : 'MISSED',
  ],
  ['  of which GET /api/cases (browser-timed), p50', `${pct(apiTimes, 50).toFixed(0)} ms`, '', ''],
  ['fresh tab (boot, session, list) → 25 rows, p50', `${pct(bootTimes, 50).toFixed(0)} ms`, '', ''],
  ['fresh tab (boot, session, list) → 25 rows, p95', `${pct(bootTimes, 95).toFixed(0)} ms`, '', ''],
];
console.log(`\nConsole benchmark — ${RUNS} runs, ${shown ?? '?'} cases visible to ${USER}`);
console.table(rows.map(([what, value, goal, verdict]) => ({ what, value, goal, verdict })));
mkdirSync(path.join(root, 'bench/results'), { recursive: true });
writeFileSync(
  path.join(root, 'bench/results/ui.json'),
  JSON.stringify(
    {
      at: new Date().toISOString(),
      cases: CASES,
      runs: RUNS,
      firstLoad,
      withList,
      withCase,
      listTimes,
      apiTimes,
    },
    null,
    2,
  ),
);

await browser.close();
server.close();
await env.teardown();
await handle.close();
await adminClient.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
await adminClient.end();
