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
