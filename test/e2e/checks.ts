import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { caseSources, caseStatuses, escalationSteps } from '../../domain/case-status.js';
import { roles } from '../../domain/roles.js';

/**
 * Checks every browser test runs on the pages it visits: accessibility (axe-core), no raw code or untranslated key
 * on screen, and no console error. Shared by every e2e file (H12–H18): call them on each page you add.
 */

/** The phone the on-site pages must work on (390×844, an iPhone 12–15 upright). */
export const PHONE = { width: 390, height: 844 } as const;
export const DESKTOP = { width: 1440, height: 900 } as const;

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

/**
 * Runs axe-core (WCAG 2.1 A/AA rules) on the page as it stands and returns the serious and critical violations.
 * The script is evaluated through the DevTools protocol, not a <script> tag, so the console's strict CSP stays on.
 */
export async function accessibilityViolations(
  page: Page,
  opts: {
    /** Parts already checked elsewhere (the menu and title bar, the same on every page of a role). */ exclude?: string[];
  } = {},
): Promise<AxeViolation[]> {
  // Colours are judged as they settle: a snackbar or dialog still fading in is measured half transparent. Wait
  // (briefly) for every finite transition and animation to end; spinners run forever and are not waited for.
  await page
    .waitForFunction(
      () =>
        document
          .getAnimations()
          .every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity),
      undefined,
      { timeout: 3000 },
    )
    .catch(() => undefined);
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const result = await page.evaluate(async (exclude) => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<unknown> } })
      .axe;
    return (await axe.run(
      exclude.length ? { include: [document], exclude: exclude.map((e) => [e]) } : document,
      {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        resultTypes: ['violations'],
      },
    )) as { violations: AxeViolation[] };
  }, opts.exclude ?? []);
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
}

/** Fails naming each serious or critical axe violation and where it is. */
export async function expectAccessible(page: Page, where = page.url()): Promise<void> {
  const violations = await accessibilityViolations(page);
  if (violations.length)
    throw new Error(
      `${where}: ${violations.length} serious accessibility violation(s):\n` +
        violations
          .map(
            (v) =>
              `  [${v.impact}] ${v.id}: ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`,
          )
          .join('\n'),
    );
}

/** Codes the API speaks that a reader must never see raw (a Chinese label exists for each). */
const CODES = new Set<string>([
  ...caseStatuses,
  ...caseSources,
  ...escalationSteps,
  ...roles,
  'open',
  'done',
  'cancelled',
  'superseded',
  'commerce',
  'hazardous_chemicals',
]);
const FILE_EXT = /\.(pdf|png|jpe?g|webp|docx?|xlsx?|csv|txt|zip)$/i;

/**
 * Text a reader must never see: untranslated message keys (`resources.cases.fields.x`, `status.reported`), English
 * codes (`grid_patrol`, `reported`), placeholders leaking (`undefined`, `null`, `NaN`, `[object Object]`,
 * `Invalid Date`), and a space between two Chinese characters ("隐患案件 列表"). Returns what it found.
 */
export async function rawTextOnPage(
  page: Page,
  opts: {
    allow?: RegExp;
    /** More code words than the case's own (CODES). */ codes?: ReadonlySet<string>;
    /** Look for lone code words (`reported`) at all: not in English, where they are words. */ words?: boolean;
  } = {},
): Promise<string[]> {
  const text = await page.evaluate(() => {
    // Visible text only, inputs' values and the document title included (the title bar is read too).
    // (MUI's Select keeps its raw value in a transparent, aria-hidden native input: not something anyone reads.)
    const values = [...document.querySelectorAll('input')]
      .filter(
        (i) =>
          i.type !== 'hidden' &&
          i.type !== 'password' &&
          i.offsetParent !== null &&
          !i.closest('[aria-hidden="true"]') &&
          getComputedStyle(i).opacity !== '0',
      )
      .map((i) => i.value);
    return [document.title, document.body.innerText, ...values].join('\n');
  });
  const found = new Set<string>();
  for (const m of text.matchAll(/\b[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+\b/g))
    if (!FILE_EXT.test(m[0]) && !/^(hs|sup|ent|www|e\.g)\b/.test(m[0])) found.add(m[0]);
  for (const m of text.matchAll(/\b[a-z]+(?:_[a-z]+)+\b/g)) found.add(m[0]);
  // A whole word, not a part of a dotted name (`hs.supervisor`, a user name; dotted keys are caught above).
  if (opts.words !== false)
    for (const m of text.matchAll(/(?<![\w.])[a-z]+\b(?!\.\w)/g))
      if (CODES.has(m[0]) || opts.codes?.has(m[0])) found.add(m[0]);
  for (const m of text.matchAll(/\b(undefined|null|NaN|Invalid Date)\b|\[object Object\]/g)) found.add(m[0]);
  for (const m of text.matchAll(/[\u4e00-\u9fff] +[\u4e00-\u9fff]/g)) found.add(`stray space: "${m[0]}"`);
  return [...found].filter((s) => !opts.allow?.test(s));
}

export async function expectNoRawText(page: Page, opts: { allow?: RegExp; where?: string } = {}) {
  const found = await rawTextOnPage(page, opts);
  if (found.length) throw new Error(`${opts.where ?? page.url()}: raw text on screen: ${found.join(', ')}`);
}

/** True when nothing on the page is wider than the viewport (no sideways scrolling on a phone). */
export async function overflowingElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    if (document.documentElement.scrollWidth > width + 1)
      out.push(`page ${document.documentElement.scrollWidth}px`);
    for (const el of document.querySelectorAll<HTMLElement>('main *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= width + 1) continue;
      // Inside a scroll container (a tab strip, a wide table on purpose) the overflow is reachable.
      let p = el.parentElement;
      let scrolls = false;
      while (p && p !== document.body) {
        const s = getComputedStyle(p);
        if (/(auto|scroll)/.test(s.overflowX) && p.getBoundingClientRect().right <= width + 1) scrolls = true;
        if (s.position === 'fixed') scrolls = true;
        p = p.parentElement;
      }
      if (!scrolls)
        out.push(
          `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : ''} ${Math.round(r.right)}px`,
        );
      if (out.length > 5) break;
    }
    return out;
  });
}

/** Collects console errors, page errors and CSP violations of a page from now on. */
export function watchConsole(page: Page): { errors: string[] } {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return { errors };
}
