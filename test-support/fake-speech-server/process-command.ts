/**
 * How tests start the fake speech server as a process of its own: the bundle the test run built once
 * (test-support/sibling-bundle-setup.ts), or, outside a test run (benchmarks) or without it, its TypeScript
 * source through tsx's loader (about a second of CPU more per start, most of it tsx compiling the sources).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Set by the test run's global setup: the fake speech server bundled for this run. */
export const FAKE_SERVER_BUNDLE_ENV = 'ROUNDTABLE_TEST_FAKE_SERVER_BUNDLE';

/** Source and bundle layout of the fake server's process entry. */
export const FAKE_SERVER_ENTRY = {
  source: 'test-support/fake-speech-server/main.ts',
  outFile: 'fake-speech-server.js',
} as const;

/**
 * `process.execPath` with these arguments starts the fake server; `script` is the file it runs (what
 * `pgrep -f` finds it by).
 */
export function fakeServerProcessArgs(env: NodeJS.ProcessEnv = process.env): {
  args: string[];
  script: string;
} {
  const bundle = env[FAKE_SERVER_BUNDLE_ENV];
  if (bundle && fs.existsSync(bundle)) return { args: [bundle], script: bundle };
  const source = path.join(REPO_ROOT, FAKE_SERVER_ENTRY.source);
  return { args: [path.join(REPO_ROOT, 'bin/run-ts.js'), source], script: source };
}
