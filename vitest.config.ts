import os from 'node:os';
import { defineConfig } from 'vitest/config';
import DurationTableSequencer from './test-support/file-order';

export default defineConfig({
  test: {
    // Hang guards only, never budgets: on a machine loaded 10x (seen here: load 25 on 2 cores) a CPU-heavy
    // test that takes 6 s idle takes a minute. Speed targets live in `npm run bench`.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Longest files first, also on a fresh clone that has no durations of its own yet
    // (test-support/file-order.ts: 301.5 s in file-size order, 286.6 s from the table, one clone).
    sequence: { sequencer: DurationTableSequencer },
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
          globalSetup: [
            'test-support/oracles-setup.ts',
            'test-support/cli-bundle-setup.ts',
            'test-support/sibling-bundle-setup.ts',
          ],
          // Files share a worker process and its loaded modules (import time 65 s -> 25 s of the run). The
          // tests keep no state between files: each makes its own temp folders, hosts and servers, restores
          // its spies and stubbed environment, and only desktop-app.test.ts mocks a module ('electron',
          // which nothing else imports). (Reverted once when voice-levels.test.ts failed in a shared run: the
          // cause was that test's 0.01 LU margin, not shared state; see docs/benchmarks.md, "Test suite".)
          isolate: false,
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
