/**
 * The one way a sidecar can outlive the host: the host itself is killed (SIGKILL, a crash of Electron)
 * and runs no exit handler. While a sidecar runs, a small record (`<recordDir>/<name>.json`: its pid, its
 * arguments, the host's pid) says so; the next host that starts this sidecar first ends a leftover whose
 * record names a dead host and whose command line is still the recorded one (Linux /proc; elsewhere the
 * process cannot be identified safely and is left alone, with a warning).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../files/atomic-write';
import type { Logger } from '../util/logger';
import { killTree, readStat } from './process-tree';

export interface SidecarRecord {
  pid: number;
  /** The arguments it was started with (after the program). */
  args: string[];
  hostPid: number;
}

export async function writeRecord(dir: string, name: string, record: SidecarRecord): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  // Two hosts may start the same sidecar at once: each writes under a temp name of its own.
  await writeFileAtomic(path.join(dir, `${name}.json`), JSON.stringify(record));
}

export async function removeRecord(dir: string, name: string, pid?: number): Promise<void> {
  const file = path.join(dir, `${name}.json`);
  if (pid !== undefined) {
    // Only our own record: a newer start may have written its own meanwhile.
    const text = await fs.readFile(file, 'utf8').catch(() => null);
    if (text === null || (JSON.parse(text) as Partial<SidecarRecord>).pid !== pid) return;
  }
  await fs.rm(file, { force: true });
}

export type ReapOutcome =
  { kind: 'none' } | { kind: 'reaped'; pid: number } | { kind: 'left'; pid: number; reason: string };

/** Ends a sidecar a killed host left running (see the file comment). */
export async function reapOrphan(dir: string, name: string): Promise<ReapOutcome> {
  let record: SidecarRecord;
  try {
    record = JSON.parse(await fs.readFile(path.join(dir, `${name}.json`), 'utf8')) as SidecarRecord;
  } catch {
    return { kind: 'none' };
  }
  if (!Number.isInteger(record.pid) || !Array.isArray(record.args)) {
    await removeRecord(dir, name);
    return { kind: 'none' };
  }
  if (record.hostPid !== process.pid && alive(record.hostPid)) {
    return { kind: 'left', pid: record.pid, reason: `host process ${record.hostPid} still runs it` };
  }
  if (!alive(record.pid)) {
    await removeRecord(dir, name);
    return { kind: 'none' };
  }
  const cmdline = await readCmdline(record.pid);
  if (cmdline === null) {
    return { kind: 'left', pid: record.pid, reason: 'its command line cannot be read on this system' };
  }
  const tail = cmdline.slice(cmdline.length - record.args.length);
  if (record.args.length === 0 || tail.join('\0') !== record.args.join('\0')) {
    // The pid was reused by something else: not ours.
    await removeRecord(dir, name);
    return { kind: 'none' };
  }
  await killTree(record.pid, { graceMs: 2000 });
  await removeRecord(dir, name);
  return { kind: 'reaped', pid: record.pid };
}

/** Ends a leftover as `reapOrphan` does, and logs what it found. */
export async function reapOrphanAndSay(dir: string, name: string, logger: Logger): Promise<void> {
  const outcome = await reapOrphan(dir, name);
  if (outcome.kind === 'reaped') {
    logger.warn(`${name}: ended pid ${outcome.pid}, left running by a studio that was killed`);
  } else if (outcome.kind === 'left') {
    logger.warn(`${name}: pid ${outcome.pid} may be left from an earlier run (${outcome.reason})`);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return readStat(pid)?.state !== 'Z';
}

async function readCmdline(pid: number): Promise<string[] | null> {
  if (process.platform !== 'linux') return null;
  try {
    const text = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8');
    return text.split('\0').filter((part, index, all) => index < all.length - 1 || part.length > 0);
  } catch {
    return null;
  }
}
