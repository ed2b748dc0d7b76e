/**
 * Starting a case: the round trip of POST /api/cases (报告隐患) on the real stack (PostgreSQL, a Temporal dev server,
 * the case worker, the app in-process), by one supervisor, one request at a time: median, quartiles, and how many
 * statements each report sent to the `cases` table (start + polling the read model sent one per 50 ms poll;
 * update-with-start one read of the row's columns).
 *
 * With `--before <dir>` (a checkout of an earlier commit whose node_modules resolve to this one's, e.g.
 * `git archive <commit> | tar -x -C dir && ln -s $PWD/node_modules dir/`), that commit's app runs beside this one on
 * the same database, Temporal and worker, the two interleaved request by request (order alternating), so the machine's
 * load falls on both alike; the median of the paired differences is printed too. Each app has its own pool, so its
 * statements are counted apart from the worker's.
 * Prints a table and writes bench/results/case-start.json.
 *   npx tsx bench/case-start.ts [--requests 30] [--before /tmp/duban-before]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../api/app.js';
import { openDatabase } from '../db/client.js';
import globalSetup from '../test/helpers/global-setup.js';
import { loginAs, startHarness, type Harness } from '../test/api/harness.js';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '30' },
    before: { type: 'string' },
  },
});
const REQUESTS = Number(values.requests);
const WARM_UP = 3;

await globalSetup();
const h = await startHarness();
const pools: Array<Awaited<ReturnType<typeof openDatabase>>> = [];
try {
  type App = Harness['app'];
  type MakeApp = (deps: Parameters<typeof createApp>[0]) => App;
  /** An app on its own pool whose statements reading `cases` are counted. */
  const counted = async (name: string, make: MakeApp) => {
    const own = await openDatabase({ url: h.db.url, poolSize: 4 });
    pools.push(own);
    const pool = own.pool!;
    const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
    const app = { name, caseReads: 0, app: undefined as unknown as App };
    pool.query = ((...args: unknown[]) => {
      const q = args[0] as string | { text: string };
      if (/from "cases"/.test(typeof q === 'string' ? q : q.text)) app.caseReads += 1;
      return query(...args);
    }) as typeof pool.query;
    app.app = make({ db: own.db, temporal: h.env.client, config: h.config });
    return app;
  };
  const apps = [await counted('this commit', createApp)];
  if (values.before) {
    const dir = path.resolve(values.before);
    const before = (await import(path.join(dir, 'api/app.ts'))) as { createApp: MakeApp };
    apps.unshift(await counted(`before (${path.basename(dir)})`, before.createApp));
  }
  const clients = await Promise.all(apps.map((a) => loginAs(a.app, 'sup')));
  const times: number[][] = apps.map(() => []);
  const reads: number[][] = apps.map(() => []);
  const report = async (i: number, n: number) => {
    const readsBefore = apps[i]!.caseReads;
    const t0 = performance.now();
    const res = await clients[i]!.post('/api/cases', {
      source: 'inspection',
      enterpriseId: h.ids.enterpriseId,
      regionCode: '420111',
      title: `基准报告 ${n}`,
      description: '执法检查发现除尘器未设置泄爆装置',
    });
    const ms = performance.now() - t0;
    if (res.status !== 201) throw new Error(`${apps[i]!.name}: ${res.status} ${JSON.stringify(res.body)}`);
    return { ms, reads: apps[i]!.caseReads - readsBefore };
  };
  for (let n = 0; n < WARM_UP; n++) for (let i = 0; i < apps.length; i++) await report(i, -n);
  for (let n = 0; n < REQUESTS; n++) {
    // Alternate which app goes first, so neither always meets the worker's tail of the other's case.
    const order = apps.map((_, i) => i);
    if (n % 2 === 1) order.reverse();
    for (const i of order) {
      const r = await report(i, n);
      times[i]!.push(r.ms);
      reads[i]!.push(r.reads);
    }
  }
  const q = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))]!;
  };
  const rows = apps.map((a, i) => ({
    app: a.name,
    requests: times[i]!.length,
    p25: q(times[i]!, 0.25),
    median: q(times[i]!, 0.5),
    p75: q(times[i]!, 0.75),
    min: Math.min(...times[i]!),
    max: Math.max(...times[i]!),
    caseReadsPerReport: reads[i]!.reduce((x, y) => x + y, 0) / reads[i]!.length,
    caseReadsMax: Math.max(...reads[i]!),
  }));
  // Paired: each request of one app against the other's beside it (the same moment's load), then the median.
  const paired =
    apps.length === 2
      ? q(
          times[0]!.map((b, n) => b - times[1]![n]!),
          0.5,
        )
      : undefined;
  const fmt = (x: number, w = 8) => x.toFixed(1).padStart(w);
  console.log(
    `POST /api/cases round trip (ms), ${REQUESTS} each, interleaved; load average ${loadAverage()}`,
  );
  console.log(
    `${'app'.padEnd(28)}${['p25', 'median', 'p75', 'min', 'max'].map((c) => c.padStart(8)).join('')}` +
      `${'cases reads/report (max)'.padStart(27)}`,
  );
  for (const r of rows)
    console.log(
      `${r.app.padEnd(28)}${[r.p25, r.median, r.p75, r.min, r.max].map((x) => fmt(x)).join('')}` +
        `${fmt(r.caseReadsPerReport, 21)} (${r.caseReadsMax})`,
    );
  if (paired !== undefined) {
    console.log(`median ratio this/before: ${(rows[1]!.median / rows[0]!.median).toFixed(2)}`);
    console.log(`median of paired differences, before − this: ${paired.toFixed(1)} ms`);
  }
  const out = path.resolve(import.meta.dirname, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    path.join(out, 'case-start.json'),
    JSON.stringify(
      { at: new Date().toISOString(), loadAverage: loadAverage(), rows, pairedMedianMs: paired },
      null,
      2,
    ),
  );
} finally {
  await Promise.all(pools.map((p) => p.close()));
  await h.stop();
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
}
