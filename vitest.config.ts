import os from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Hang guards only, never budgets: on a machine loaded 10x (seen here: load 25 on 2 cores) a CPU-heavy
    // test that takes 6 s idle takes a minute. Speed targets live in `npm run bench`.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // One test file per core, two at least. Vitest's default left one core to the children the tests
    // start, but the suite is CPU-bound even so (measured on 2 cores: 1 worker 694 s, 2 workers 399 s,
    // 3 workers 438 s; docs/benchmarks.md, "Test suite").
    maxWorkers: Math.max(2, os.availableParallelism()),
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'shared/**/*.test.ts',
            'electron/**/*.test.ts',
            'renderer/src/**/*.test.ts',
            'test-support/**/*.test.ts',
          ],
          globalSetup: ['test-support/oracles-setup.ts', 'test-support/sibling-bundle-setup.ts'],
          // Not `isolate: false` (354 s instead of 399 s): with files sharing a process, espeak-ng state carried
          // between files changed a noisy voice's loudness (voice-levels.test.ts failed once in three busy runs).
        },
      },
      {
        // Component tests (`*.test.tsx`): React components in happy-dom, driven through Testing Library,
        // with wavesurfer.js, canvas and media elements stubbed in one place (renderer/src/testing/dom-stubs.ts).
        extends: true,
        test: {
          name: 'dom',
          environment: 'happy-dom',
          include: ['renderer/src/**/*.test.tsx'],
          setupFiles: ['renderer/src/testing/dom-stubs.ts'],
          // One DOM and one React per worker, not per file (a third of the time): every test makes its own
          // studio, and the set-up unmounts and clears storage after each.
          isolate: false,
        },
      },
    ],
  },
});
