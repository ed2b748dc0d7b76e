import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The arrows point down: domain/ imports no db/, api/, workflows/, activities/ (nor config/ or scripts/); db/ imports
 * no api/ and does not drive Temporal. The rule lives in eslint.config.js; `make test` does not run the linter, so
 * this test runs that rule (and only it, without type information, so it takes seconds) on the real tree and on
 * fixtures that break it.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RULE = '@typescript-eslint/no-restricted-imports';

function eslint(): ESLint {
  return new ESLint({
    cwd: root,
    // Only the layering rule; the type-aware rules need the project service, which fixtures outside it lack.
    ruleFilter: ({ ruleId }) => ruleId === RULE,
    overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
  });
}

async function violations(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint().lintText(code, { filePath: path.join(root, filePath) });
  return (result?.messages ?? []).filter((m) => m.ruleId === RULE).map((m) => m.message);
}

function tsFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}

describe('layering: the arrows point down', () => {
  // The first lint loads the config and its plugins (seconds on a loaded machine: 5 s ran out in CI); load it once here.
  beforeAll(() => violations('', 'domain/x.ts'), 120_000);

  it.each([
    ['domain/case/x.ts', "import { db } from '../../db/client.js';"],
    ['domain/x.ts', "import type { Config } from '../config/config.js';"],
    ['domain/x.ts', "export { createApp } from '../api/app.js';"],
    ['domain/scores/x.ts', "import * as defs from '../../workflows/definitions.js';"],
    ['domain/x.ts', "import type { Activities } from '../activities/case-activities.js';"],
    ['domain/x.ts', "import { proxyActivities } from '@temporalio/workflow';"],
    ['domain/x.ts', "import { sql } from 'drizzle-orm';"],
    ['db/queries/x.ts', "import { loadConfig } from '../../api/config.js';"],
    ['db/x.ts', "import { AppError } from '../api/errors.js';"],
    ['db/seed/x.ts', "import type { Client } from '@temporalio/client';"],
    ['db/seed/x.ts', "import * as defs from '../../workflows/definitions.js';"],
  ])(
    '%s: %s is refused',
    async (file, code) => {
      expect(await violations(code, file)).toHaveLength(1);
    },
    30_000,
  );

  it.each([
    ['domain/case/x.ts', "import { z } from 'zod';\nimport { addWorkingDays } from '../calendar.js';"],
    [
      'db/queries/x.ts',
      "import { loadConfig } from '../../config/config.js';\nimport { CASE_STATUSES } from '../../domain/case-status.js';",
    ],
  ])(
    '%s: imports downward are allowed',
    async (file, code) => {
      expect(await violations(code, file)).toEqual([]);
    },
    30_000,
  );

  it('domain/ and db/ obey the rule today', async () => {
    const files = [...tsFiles('domain'), ...tsFiles('db')];
    expect(files.length).toBeGreaterThan(50);
    const results = await eslint().lintFiles(files);
    const broken = results.flatMap((r) =>
      r.messages
        .filter((m) => m.ruleId === RULE)
        .map((m) => `${path.relative(root, r.filePath)}:${m.line} ${m.message}`),
    );
    expect(broken).toEqual([]);
  }, 120_000);

  it('no dynamic import() crosses the arrows either (the lint rule sees static imports only)', () => {
    const upward: Record<string, RegExp> = {
      domain: /import\(\s*['"](\.\.\/)+(db|api|workflows|activities|config|scripts)\//,
      db: /import\(\s*['"](\.\.\/)+(api|workflows|activities|scripts)\/|import\(\s*['"]@temporalio\//,
    };
    const broken: string[] = [];
    for (const [dir, pattern] of Object.entries(upward)) {
      for (const file of tsFiles(dir)) {
        if (pattern.test(readFileSync(path.join(root, file), 'utf8'))) broken.push(file);
      }
    }
    expect(broken).toEqual([]);
  });
});
