/**
 * The process boundaries fail the compiler, not just lint: a file of each project that imports what its
 * project may not (another process's code, a testing helper, Electron, a Node-only or UI package, a Node
 * built-in where there is no Node) is an error of that project's compile (as `tsc -b` runs it), naming
 * what is wrong. One import
 * that is allowed per project is the control: the probes themselves compile.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProbeImport } from './tsc-probe';
import { probeImports, REPO_ROOT } from './tsc-probe';

interface Case extends ProbeImport {
  /** The diagnostic tsc must report for this import; undefined: none (an allowed import). */
  error?: RegExp;
}

const notListed = (file: string): RegExp =>
  new RegExp(`error TS6307: File '[^']*/${file.replace(/[.]/g, '\\.')}' is not listed within the file list`);
const banned = (file: string): RegExp =>
  new RegExp(`error TS2306: File '[^']*/boundaries/${file}\\.d\\.ts' is not a module`);
const noNode = (name: string): RegExp => new RegExp(`error TS2307: Cannot find module '${name}'`);

const ELECTRON = banned('electron-is-for-main-and-preload');
const NODE_PACKAGE = banned('node-only-package-not-here');
const UI = banned('ui-library-is-for-the-renderer');

const PROJECTS: Record<string, Case[]> = {
  'shared/tsconfig.json': [
    {
      name: 'host',
      specifier: './electron/host/util/logger',
      error: notListed('electron/host/util/logger.ts'),
    },
    {
      name: 'renderer',
      specifier: './renderer/src/util/format',
      error: notListed('renderer/src/util/format.ts'),
    },
    {
      name: 'testing',
      specifier: './shared/script/testing/parse-helpers',
      error: notListed('shared/script/testing/parse-helpers.ts'),
    },
    { name: 'electron', specifier: 'electron', error: ELECTRON },
    { name: 'ws', specifier: 'ws', error: NODE_PACKAGE },
    { name: 'react', specifier: 'react', error: UI },
    { name: 'fs', specifier: 'node:fs', error: noNode('node:fs') },
    { name: 'allowed', specifier: 'zod' },
  ],
  'renderer/tsconfig.json': [
    {
      name: 'host',
      specifier: './electron/host/util/logger',
      error: notListed('electron/host/util/logger.ts'),
    },
    {
      name: 'fakeApi',
      specifier: './renderer/src/dev/fake-audio',
      error: notListed('renderer/src/dev/fake-audio.ts'),
    },
    { name: 'electron', specifier: 'electron', error: ELECTRON },
    { name: 'ws', specifier: 'ws', error: NODE_PACKAGE },
    { name: 'ort', specifier: 'onnxruntime-node', error: NODE_PACKAGE },
    { name: 'fs', specifier: 'node:fs', error: noNode('node:fs') },
    { name: 'allowed', specifier: './shared/model/time' },
  ],
  'electron/worker/tsconfig.json': [
    {
      name: 'host',
      specifier: './electron/host/util/logger',
      error: notListed('electron/host/util/logger.ts'),
    },
    {
      name: 'main',
      specifier: './electron/main/window-options',
      error: notListed('electron/main/window-options.ts'),
    },
    { name: 'server', specifier: './electron/server/auth', error: notListed('electron/server/auth.ts') },
    {
      name: 'renderer',
      specifier: './renderer/src/util/format',
      error: notListed('renderer/src/util/format.ts'),
    },
    { name: 'electron', specifier: 'electron', error: ELECTRON },
    { name: 'allowed', specifier: './shared/model/time' },
    { name: 'allowedNode', specifier: 'node:path' },
  ],
  'electron/host/tsconfig.json': [
    { name: 'testSupport', specifier: './test-support/poll', error: notListed('test-support/poll.ts') },
    {
      name: 'testing',
      specifier: './electron/host/files/testing/temp-files-of',
      error: notListed('electron/host/files/testing/temp-files-of.ts'),
    },
    { name: 'server', specifier: './electron/server/auth', error: notListed('electron/server/auth.ts') },
    {
      name: 'cli',
      specifier: './electron/cli/negative-values',
      error: notListed('electron/cli/negative-values.ts'),
    },
    { name: 'electron', specifier: 'electron', error: ELECTRON },
    { name: 'react', specifier: 'react', error: UI },
    { name: 'allowed', specifier: './electron/worker/faults' },
  ],
};

describe('a forbidden import fails the build', () => {
  beforeAll(() => {
    // The allowed imports of other projects read their declarations (up to date after `npm run typecheck`).
    const tsc = path.join(REPO_ROOT, 'node_modules', 'typescript', 'lib', 'tsc.js');
    execFileSync(process.execPath, [tsc, '-b', 'electron/worker/tsconfig.json'], { cwd: REPO_ROOT });
  });

  for (const [project, cases] of Object.entries(PROJECTS)) {
    it(`${project}: each forbidden import is an error naming what is wrong, the allowed ones compile`, () => {
      const result = probeImports(project, cases);
      for (const probe of cases) {
        const errors = result.errorsOf(probe.name);
        if (probe.error) expect(errors.join('\n'), `${project} ${probe.name}`).toMatch(probe.error);
        else expect(errors, `${project} ${probe.name}\n${result.output}`).toEqual([]);
      }
    });
  }
});
