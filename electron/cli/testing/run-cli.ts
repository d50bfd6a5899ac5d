/** Test helper: runs the real `roundtable` command (bin/roundtable.js) as a child process and waits. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
      timeout: 240_000,
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
}
