// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      '.data',
      '.tools',
      'admin-ui/dist',
      'db/migrations',
      'test-artifacts',
      'bench/results',
      '.scratch', // local throwaway scripts, never committed
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'warn',
      // Chinese documents use full-width spaces inside text.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true }],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no I/O libraries.
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'Workflow code must not import Node built-ins.' },
            {
              group: ['pg', 'drizzle-orm', 'drizzle-orm/*', '@electric-sql/*', '../db/*'],
              message: 'Workflows reach the database only through activities.',
            },
            // Activities are imported by type only (proxyActivities<ReturnType<typeof createActivities>>).
            {
              group: ['../activities/*'],
              message: 'Import activities by type only.',
              allowTypeImports: true,
            },
          ],
          paths: ['fs', 'path', 'crypto', 'os', 'child_process', 'http', 'https', 'net'],
        },
      ],
    },
  },
  {
    // The arrows point down (docs/adr, issue #12): the rules of the trade know nothing of storage, HTTP, Temporal or
    // the process's configuration. test/unit/layering.test.ts proves the rule fires and that the tree obeys it.
    files: ['domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(db|api|workflows|activities|config|scripts)(/|$)',
              message:
                'domain/ is pure: it imports no db/, api/, workflows/, activities/, config/ or scripts/.',
            },
            {
              group: [
                '@temporalio/*',
                'pg',
                'pg-*',
                'drizzle-orm',
                'drizzle-orm/*',
                '@electric-sql/*',
                'hono',
                'hono/*',
              ],
              message: 'domain/ is pure: no Temporal, database or HTTP libraries.',
            },
          ],
        },
      ],
    },
  },
  {
    // db/ is below the API and the workflows: process configuration lives in config/, seeds that drive Temporal in
    // scripts/seed/.
    files: ['db/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(api|workflows|activities|scripts)(/|$)',
              message:
                'db/ imports no api/, workflows/, activities/ or scripts/ (config is in config/, Temporal seeds in scripts/seed/).',
            },
            {
              group: ['@temporalio/*'],
              message: 'db/ does not drive Temporal: seeds that start workflows live in scripts/seed/.',
            },
          ],
        },
      ],
    },
  },
  {
    // The case routes validate, call the service (api/services/cases.ts) and map: no queries, no Temporal.
    files: ['api/routes/cases.routes.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)db/(?!queries/list-params\\.js$)',
              message: 'Case routes reach the database through api/services/cases.ts.',
            },
            {
              group: ['**/workflows/*', '@temporalio/*'],
              message: 'Case routes reach Temporal through api/services/cases.ts.',
            },
          ],
        },
      ],
    },
  },
);
