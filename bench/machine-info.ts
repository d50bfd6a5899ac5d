/** What a result was measured on: CPU, cores, memory, Node, OS, and which code (commit, local changes). */
import { spawnSync } from 'node:child_process';
import os from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  totalMemoryGiB: number;
  node: string;
  platform: string;
  date: string;
  /** The commit measured, and files of the app with uncommitted changes at the time (bench/ and docs/ left out). */
  code: { commit: string; uncommitted: string[] };
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    totalMemoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
    code: codeState(),
  };
}

function git(args: string[]): string {
  const result = spawnSync('git', args, { encoding: 'utf8' });
  return result.status === 0 ? result.stdout : '';
}

function codeState(): MachineInfo['code'] {
  const uncommitted = git(['status', '--porcelain', '--untracked-files=no'])
    .split('\n')
    .map((line) => line.slice(3).trim())
    .filter((file) => file !== '' && !file.startsWith('bench/') && !file.startsWith('docs/'));
  return { commit: git(['rev-parse', '--short', 'HEAD']).trim() || 'unknown', uncommitted };
}

/** The 1-minute load average: above the core count, other work competed for the CPU. */
export function loadAverage1(): number {
  return Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
}
