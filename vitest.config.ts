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
    // Each worker keeps its modules from one file to the next: importing the
    // server, PGlite and the schemas afresh for each of ~280 files was 40% of
    // the run (7.2 -> 4.2 min here). A test file therefore must not rely on
    // module state another file may have left (see admin-calls' `answers`).
    isolate: false,
    globalSetup: ['packages/testing/src/cli/build-for-tests.ts'],
    // Vitest's default (one fewer than the cores) is one worker on CI's two
    // cores, but most of the suite waits on PostgreSQL, PGlite processes and
    // timers rather than computing: two workers took the suite from 708 s to
    // 566 s there.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
