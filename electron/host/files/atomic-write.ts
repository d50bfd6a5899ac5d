/**
 * Crash-safe file replacement, the one way this app replaces a file whole: a reader (or the next start
 * after a crash or power cut) sees either the old content or the new, never a torn mix, and two writers of
 * the same file never share a temp file (the last rename wins, whole).
 *
 * 1. write a temp file of this writer's own beside the target (temp-files.ts) and fsync it;
 * 2. optionally keep the current file as a backup (hard link, or a synced copy where links are impossible),
 *    staged under its own temp name and renamed into place, so the backup is never half-written either;
 * 3. rename the temp file over the target (retried while Windows reports the file as locked);
 * 4. fsync the folder so the rename itself is durable (where the platform can sync a folder).
 *
 * On any failure the temp files are removed and the error names the file (a full disk: how much space the
 * write needed, write-errors.ts).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { errorCode, withLockRetry, type RetryOptions } from '../project/fs-retry';
import { ownTempFile, removeTempFile, releaseTempFile, tempPathFor } from './temp-files';
import { writeFailure } from './write-errors';

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
  ownTempFile(staged);
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
    releaseTempFile(staged);
  } catch (error) {
    throw await writeFailure(error, backupFile);
  } finally {
    await removeTempFile(staged).catch(() => undefined);
  }
}

/** Renames a finished temp file over `file`, retried while Windows reports the target as locked. */
export async function renameIntoPlace(temp: string, file: string, retry: RetryOptions = {}): Promise<void> {
  await withLockRetry(() => fs.rename(temp, file), retry);
  releaseTempFile(temp);
}

/** Replaces `file` with `data` atomically and durably (see the file comment for the steps). */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const retry: RetryOptions = { platform: options.platform, ...options.retry };
  const temp = tempPathFor(file);
  ownTempFile(temp);
  try {
    await writeAndSync(temp, data);
    if (options.backupFile !== undefined) await keepBackup(file, options.backupFile, retry);
    await renameIntoPlace(temp, file, retry);
  } catch (error) {
    await removeTempFile(temp).catch(() => undefined);
    throw await writeFailure(
      error,
      file,
      typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength,
    );
  }
  await syncDir(path.dirname(file));
}

/**
 * Writes `file` whole unless it exists already (a copy kept once, never replaced): the content goes to a
 * temp file first and is linked into place, so a full disk or a crash never leaves a short file under the
 * real name that would later pass for the complete one. Returns whether this call wrote it.
 */
export async function writeFileAtomicIfAbsent(file: string, data: string | Uint8Array): Promise<boolean> {
  const temp = tempPathFor(file);
  ownTempFile(temp);
  try {
    await writeAndSync(temp, data);
    try {
      await fs.link(temp, file);
    } catch (error) {
      if (errorCode(error) === 'EEXIST') return false;
      // No hard links here (FAT, some shares): rename, after a look (a race here keeps the later copy).
      if (
        await fs.stat(file).then(
          () => true,
          () => false,
        )
      )
        return false;
      await fs.rename(temp, file);
    }
  } catch (error) {
    throw await writeFailure(
      error,
      file,
      typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength,
    );
  } finally {
    await removeTempFile(temp).catch(() => undefined);
  }
  await syncDir(path.dirname(file));
  return true;
}

/** Removes a file if it exists, retrying while Windows reports it as locked. */
export async function removeFile(file: string, retry: RetryOptions = {}): Promise<void> {
  await withLockRetry(() => fs.rm(file, { force: true }), retry);
}
