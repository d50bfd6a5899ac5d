/**
 * A lock file between processes (and between jobs of one process) that write the same set of files, e.g.
 * two exports to the same output: the holder's pid is in the file, created whole (a temp file hard-linked
 * into place, which fails when the lock exists). A lock whose process is gone is taken over; one held by a
 * live holder is waited for. The lock is registered as this process's temp file, so a signal handler
 * removes it too (temp-files.ts).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { errorCode } from '../project/fs-retry';
import { isProcessAlive } from '../project/process-alive';
import { ownTempFile, releaseTempFile, removeTempFile, tempPathFor } from './temp-files';

export interface FileLockOptions {
  /** How long to wait for a live holder before giving up (a hang guard: holders hold for milliseconds). */
  timeoutMs?: number;
  /** Injected for tests: how to wait between looks at a held lock. */
  sleep?: (ms: number) => Promise<void>;
}

/** Locks held by this process (a second job here waits for the first, although the pid is the same). */
const heldHere = new Map<string, Promise<void>>();

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `body` while holding the lock `lockPath`; the lock is removed afterwards, also when `body` throws. */
export async function withFileLock<T>(
  lockPath: string,
  body: () => Promise<T>,
  options: FileLockOptions = {},
): Promise<T> {
  // Within this process: queue behind the job that holds it.
  const key = path.resolve(lockPath);
  while (heldHere.has(key)) await heldHere.get(key);
  let release!: () => void;
  heldHere.set(key, new Promise<void>((resolve) => (release = resolve)));
  try {
    await acquire(lockPath, options);
    try {
      return await body();
    } finally {
      await removeTempFile(lockPath);
    }
  } finally {
    heldHere.delete(key);
    release();
  }
}

async function acquire(lockPath: string, options: FileLockOptions): Promise<void> {
  const sleep = options.sleep ?? realSleep;
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (let wait = 5; ; wait = Math.min(200, wait * 2)) {
    if (await tryCreate(lockPath)) return;
    const holder = await readHolder(lockPath);
    if (holder === 'absent') continue;
    if (holder === null || !isProcessAlive(holder)) {
      await takeOverStale(lockPath);
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `another process (pid ${holder}) holds ${lockPath}; if no other Roundtable is running, delete that file`,
      );
    }
    await sleep(wait);
  }
}

/** Creates the lock whole; false when it exists. */
async function tryCreate(lockPath: string): Promise<boolean> {
  const temp = tempPathFor(lockPath);
  ownTempFile(temp);
  try {
    await fs.writeFile(temp, `${process.pid}\n`, { flag: 'wx' });
    ownTempFile(lockPath);
    try {
      await fs.link(temp, lockPath);
      return true;
    } catch (error) {
      if (errorCode(error) === 'EEXIST') {
        releaseTempFile(lockPath);
        return false;
      }
      // No hard links here (FAT, some shares): create it in place; a reader may see it empty for a moment.
      try {
        await fs.writeFile(lockPath, `${process.pid}\n`, { flag: 'wx' });
        return true;
      } catch (createError) {
        releaseTempFile(lockPath);
        if (errorCode(createError) === 'EEXIST') return false;
        throw createError;
      }
    }
  } finally {
    await removeTempFile(temp).catch(() => undefined);
  }
}

/** The holder's pid; null when the lock does not name one; 'absent' when it is gone. */
async function readHolder(lockPath: string): Promise<number | null | 'absent'> {
  let text: string;
  try {
    text = await fs.readFile(lockPath, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return 'absent';
    throw error;
  }
  // Empty: being created in place (no hard links); the creator is alive for all we know.
  if (text === '') return process.pid;
  const pid = Number(text.trim());
  return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
}

/**
 * Moves a stale lock out of the way. Another waiter may have replaced it with its own live lock between
 * our look and the move: then it is put back (unless yet another lock took its place).
 */
async function takeOverStale(lockPath: string): Promise<void> {
  const moved = tempPathFor(lockPath);
  ownTempFile(moved);
  try {
    await fs.rename(lockPath, moved);
  } catch (error) {
    releaseTempFile(moved);
    if (errorCode(error) === 'ENOENT') return;
    throw error;
  }
  try {
    const holder = await readHolder(moved);
    if (typeof holder === 'number' && isProcessAlive(holder)) {
      await fs.link(moved, lockPath).catch(() => undefined);
    }
  } finally {
    await removeTempFile(moved);
  }
}

/** Removes `lockPath` when the process it names is gone (a holder killed mid-way); a live lock stays. */
export async function removeStaleLock(lockPath: string): Promise<void> {
  const holder = await readHolder(lockPath);
  if (holder === 'absent' || (holder !== null && isProcessAlive(holder))) return;
  await takeOverStale(lockPath);
}
