import { defineConfig } from 'vitest/config';

// One config, three projects. `pool: 'forks'` because Temporal's native addon and worker threads do not mix.
export default defineConfig({
  test: {
    pool: 'forks',
    globalSetup: ['./test/helpers/global-setup.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/domain/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: [
            'test/integration/**/*.test.ts',
            'test/workflows/**/*.test.ts',
            'test/activities/**/*.test.ts',
            'test/api/**/*.test.ts',
            'test/db/**/*.test.ts',
            'test/registry/**/*.test.ts',
            'test/documents/**/*.test.ts',
            'test/notifications/**/*.test.ts',
            'test/public/**/*.test.ts',
          ],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'ui',
          include: ['test/admin-ui/**/*.test.tsx'],
          environment: 'jsdom',
          setupFiles: ['./test/helpers/ui-setup.ts'],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
