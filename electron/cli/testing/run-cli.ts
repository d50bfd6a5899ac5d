/** Test helper: runs the real `roundtable` command (bin/roundtable.js) as a child process and waits. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { fileURLToPath } from 'node:url';
import { HANG_GUARD_MS } from '../../../test-support/hang-guard';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const BIN = path.join(ROOT, 'bin/roundtable.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A runner bound to one environment and working folder, as each CLI test file uses. */
export function cliRunner(env: NodeJS.ProcessEnv, cwd: string): (args: string[]) => CliRun {
  return (args) => {
    const result = spawnSync(process.execPath, [BIN, ...args], {
      env,
      encoding: 'utf8',
      cwd,
      timeout: HANG_GUARD_MS,
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
}

/**
 * A CLI test file's workspace: a temporary folder (removed after the file's tests) with its own data
 * folder, the given output folders made (exports never create folders), a runner and a file writer.
 */
export function cliWorkspace(folders: string[] = [], prefix = 'rt-cli-') {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const env = { ...process.env, ROUNDTABLE_DATA_DIR: path.join(work, 'data'), ROUNDTABLE_FAULTS: '' };
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
  for (const folder of folders) fs.mkdirSync(path.join(work, folder));
  const write = (name: string, text: string): string => {
    const file = path.join(work, name);
    fs.writeFileSync(file, text);
    return file;
  };
  return { work, env, run: cliRunner(env, work), write };
}
