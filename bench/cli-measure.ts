/** Runs a `roundtable` command in a child process under GNU time: wall time and peak RSS of the process tree. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface CliMeasurement {
  wallMs: number;
  /** Largest resident set of the CLI process or any process it waited for (the inference worker). */
  maxRssKiB: number;
}

export function measureCli(args: string[], env: NodeJS.ProcessEnv): CliMeasurement {
  const started = Date.now();
  const result = spawnSync('/usr/bin/time', ['-f', 'MAXRSS %M', process.execPath, path.join(ROOT, 'bin/roundtable.js'), ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = Date.now() - started;
  if (result.status !== 0) throw new Error(`roundtable ${args.join(' ')} failed (${result.status}): ${result.stderr.slice(-2000)}`);
  const match = /MAXRSS (\d+)/.exec(result.stderr);
  return { wallMs, maxRssKiB: match ? Number(match[1]) : -1 };
}
