import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { artifactsDir, repoRoot } from '../helpers/paths.js';

export const uiDist = path.join(repoRoot, 'admin-ui/dist');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Builds the console when it is missing or older than its sources, so the test runs what a user would get. */
export function ensureUiBuilt(): void {
  const index = path.join(uiDist, 'index.html');
  const sources = Math.max(
    newest(path.join(repoRoot, 'admin-ui/src')),
    newest(path.join(repoRoot, 'domain')),
  );
  const stale = !existsSync(index) || sources > statSync(index).mtimeMs;
  if (stale)
    execFileSync(
      path.join(repoRoot, 'node_modules/.bin/vite'),
      ['build', '--config', 'admin-ui/vite.config.ts'],
      // The production build a user gets: under vitest NODE_ENV is 'test', which would bundle React's development
      // build (slower, and logging dev-only warnings no user ever sees).
      { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
    );
}

/**
 * Debian's chromium, headless; the browser download of Playwright cannot work on our machines.
 *
 * Every page of every context it opens is watched for Content-Security-Policy violations (Chromium reports each as
 * a console error "Refused to …"), and closing the browser fails when there was one: the console must run under
 * its CSP (api/app.ts, docs/adr/0010-defences-at-the-edge.md), and every browser test checks that it does.
 */
export async function launchChromium(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  const violations: string[] = [];
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args: Parameters<Browser['newContext']>) => {
    const ctx = await newContext(...args);
    ctx.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text()))
        violations.push(`${m.location().url}: ${m.text()}`);
    });
    return ctx;
  };
  const close = browser.close.bind(browser);
  browser.close = async (...args: Parameters<Browser['close']>) => {
    await close(...args);
    if (violations.length > 0)
      throw new Error(`Content-Security-Policy violations in the console:\n${violations.join('\n')}`);
  };
  return browser;
}

export function screenshotPath(name: string): string {
  mkdirSync(artifactsDir, { recursive: true });
  return path.join(artifactsDir, `${name}.png`);
}
