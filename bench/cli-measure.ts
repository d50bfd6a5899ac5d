/**
 * Runs a `roundtable` command in a child process and measures it: wall time, when given lines first
 * appeared on its stderr (the stages of a render), GNU time's peak RSS of the largest single process
 * (the CLI or its inference worker), and the peak of the whole process tree's summed RSS from /proc.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TreeMemory } from './process-tree-memory';
import { ProcessTreeSampler } from './process-tree-memory';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GNU_TIME = '/usr/bin/time';

export interface CliMeasurement {
  wallMs: number;
  /** Largest resident set of the CLI process or any process it waited for (GNU time); -1 without it. */
  maxRssKiB: number;
  /** CPU (user + system) of the CLI and every process it waited for, the worker included (GNU time); -1 without it. */
  cpuMs: number;
  /** The process tree (CLI + worker) sampled every 100 ms. */
  tree: TreeMemory;
  /** Milliseconds from the start until each mark's pattern first matched a stderr line (null: never). */
  marksMs: Record<string, number | null>;
}

export async function measureCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  marks: Record<string, RegExp> = {},
): Promise<CliMeasurement> {
  const cli = [process.execPath, path.join(ROOT, 'bin/roundtable.js'), ...args];
  const withTime = fs.existsSync(GNU_TIME);
  const command = withTime ? [GNU_TIME, '-f', 'MAXRSS %M CPU %U %S', ...cli] : cli;
  const started = performance.now();
  const child = spawn(command[0]!, command.slice(1), {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const sampler = new ProcessTreeSampler(child.pid ?? -1, { includeRoot: !withTime });
  sampler.start();
  const marksMs: Record<string, number | null> = Object.fromEntries(Object.keys(marks).map((k) => [k, null]));
  let stderr = '';
  let pending = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    const at = performance.now() - started;
    stderr = (stderr + chunk).slice(-64 * 1024);
    // Progress bars rewrite their line with \r: both \r and \n end a line here.
    const lines = (pending + chunk).split(/[\r\n]/);
    pending = lines.pop() ?? '';
    for (const line of lines)
      for (const [name, pattern] of Object.entries(marks))
        if (marksMs[name] === null && pattern.test(line)) marksMs[name] = Math.round(at);
  });
  const status = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  const wallMs = Math.round(performance.now() - started);
  const tree = sampler.stop();
  if (status !== 0)
    throw new Error(`roundtable ${args.join(' ')} failed (${status}): ${stderr.slice(-2000)}`);
  const rss = /MAXRSS (\d+)/.exec(stderr);
  const cpu = /CPU ([\d.]+) ([\d.]+)/.exec(stderr);
  const cpuMs = cpu ? Math.round((Number(cpu[1]) + Number(cpu[2])) * 1000) : -1;
  return { wallMs, maxRssKiB: rss ? Number(rss[1]) : -1, cpuMs, tree, marksMs };
}
