import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Hang guards only, never budgets: on a machine loaded 10x (seen here: load 25 on 2 cores) a CPU-heavy
    // test that takes 6 s idle takes a minute. Speed targets live in `npm run bench`.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
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
          globalSetup: ['test-support/oracles-setup.ts'],
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
