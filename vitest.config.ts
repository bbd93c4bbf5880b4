import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Tests import workspace packages from their TypeScript sources (the "source"
// export condition), so a change is tested without a rebuild.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'soak/**/*.test.ts',
      'bench/**/*.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['packages/testing/src/cli/build-for-tests.ts'],
    // Vitest's default (one fewer than the cores) is one worker on CI's two
    // cores, but most of the suite waits on PostgreSQL, PGlite processes and
    // timers rather than computing: two workers took the suite from 708 s to
    // 566 s there.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
