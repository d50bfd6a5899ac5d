/**
 * Crash-safe file replacement: a reader (or the next start after a crash or power cut) sees either the old
 * content or the new, never a torn mix.
 *
 * 1. write `<file>.tmp-<pid>-<n>` and fsync it;
 * 2. optionally keep the current file as a backup (hard link, or a synced copy where links are impossible),
 *    staged under its own temp name and renamed into place, so the backup is never half-written either;
 * 3. rename the temp file over the target (retried while Windows reports the file as locked);
 * 4. fsync the folder so the rename itself is durable (where the platform can sync a folder).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { errorCode, withLockRetry, type RetryOptions } from './fs-retry';
import { isProcessAlive } from './process-alive';

let tempCounter = 0;

/** A unique temp path beside `file`: `<file>.tmp-<pid>-<n>`. */
export function tempPathFor(file: string): string {
  tempCounter += 1;
  return `${file}.tmp-${process.pid}-${tempCounter}`;
}

const TEMP_NAME = /^(.+)\.tmp-(\d+)-(\d+)$/;

export interface AtomicWriteOptions {
  /** Keep the previous content of the file at this path before replacing it. */
  backupFile?: string;
  retry?: RetryOptions;
  platform?: NodeJS.Platform;
}

async function writeAndSync(file: string, data: string | Uint8Array): Promise<void> {
  const handle = await fs.open(file, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncExistingFile(file: string): Promise<void> {
  const handle = await fs.open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Codes that only mean "this platform or file system cannot fsync a folder". */
const DIR_SYNC_UNSUPPORTED = new Set(['EISDIR', 'EPERM', 'EACCES', 'EINVAL', 'ENOTSUP', 'EBADF']);

/** fsync a folder so renames inside it survive a power cut; a no-op where that is not possible. */
export async function syncDir(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch (error) {
    const code = errorCode(error);
    if (code === undefined || !DIR_SYNC_UNSUPPORTED.has(code)) throw error;
  } finally {
    await handle?.close();
  }
}

async function keepBackup(file: string, backupFile: string, retry: RetryOptions): Promise<void> {
  const staged = tempPathFor(backupFile);
  try {
    try {
      await fs.link(file, staged);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return;
      // No hard links on this file system (FAT, some network shares): copy instead.
      try {
        await fs.copyFile(file, staged);
      } catch (copyError) {
        if (errorCode(copyError) === 'ENOENT') return;
        throw copyError;
      }
      await syncExistingFile(staged);
    }
    await withLockRetry(() => fs.rename(staged, backupFile), retry);
  } catch (error) {
    await fs.rm(staged, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** Replaces `file` with `data` atomically and durably (see the file comment for the steps). */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const retry: RetryOptions = { platform: options.platform, ...options.retry };
  const temp = tempPathFor(file);
  try {
    await writeAndSync(temp, data);
    if (options.backupFile !== undefined) await keepBackup(file, options.backupFile, retry);
    await withLockRetry(() => fs.rename(temp, file), retry);
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  await syncDir(path.dirname(file));
}

/** Removes a file if it exists, retrying while Windows reports it as locked. */
export async function removeFile(file: string, retry: RetryOptions = {}): Promise<void> {
  await withLockRetry(() => fs.rm(file, { force: true }), retry);
}

/**
 * Deletes temp files left in `dir` by writers that died mid-write (their process is gone): only
 * `<name>.tmp-<pid>-<n>` for the given `names` (the files this app writes there, e.g. `project.json`), so a
 * user's `thesis.docx.tmp-1-1` is never touched. Temp files of live processes, including this one, are
 * left alone. Best effort: returns the names it removed.
 */
export async function removeStaleTempFiles(dir: string, names: readonly string[]): Promise<string[]> {
  let entries: string[];
  try {
    entries = await fs.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries) {
    const match = TEMP_NAME.exec(entry);
    if (match === null || !names.includes(match[1] ?? '')) continue;
    const pid = Number(match[2]);
    if (isProcessAlive(pid)) continue;
    try {
      await fs.rm(path.join(dir, entry), { force: true });
      removed.push(entry);
    } catch {
      // Left for the next open.
    }
  }
  return removed;
}
