/**
 * Errors of writing files, said so that the user can act: which file, and for a full disk how much space
 * is needed and how much is free. Node's own errors name neither (`ENOSPC: no space left on device, write`).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { errorCode } from '../project/fs-retry';

const DISK_FULL_CODES = new Set(['ENOSPC', 'EDQUOT']);

export function isDiskFullError(error: unknown): boolean {
  return error instanceof DiskFullError || DISK_FULL_CODES.has(errorCode(error) ?? '');
}

/** The disk (or quota) cannot take a file. Stops a render or an export at once: no later file fits either. */
export class DiskFullError extends Error {
  readonly code = 'disk-full';
  readonly hint: string;

  constructor(
    readonly file: string,
    /** Bytes the write (or the whole export) needs, when known. */
    readonly neededBytes: number | null,
    /** Bytes free for this user on the file's disk, when known. */
    readonly freeBytes: number | null,
  ) {
    const needs = neededBytes === null ? '' : `; it needs about ${formatBytes(neededBytes)}`;
    const free =
      freeBytes === null ? '' : ` and ${formatBytes(freeBytes)} ${freeBytes === 0 ? 'are' : 'is'} free there`;
    super(`the disk is full: cannot write ${file}${needs}${free}`);
    this.name = 'DiskFullError';
    this.hint = `Free ${neededBytes === null ? 'some space' : `at least ${formatBytes(Math.max(0, neededBytes - (freeBytes ?? 0)))}`} on the disk that holds ${path.dirname(file)}, or choose another place, then run again.`;
  }
}

/** Any other failed write, with the file named (the cause keeps Node's code). */
export class FileWriteError extends Error {
  readonly code: string;

  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(`cannot write ${file}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'FileWriteError';
    this.code = errorCode(cause) ?? 'write-failed';
  }
}

/** Bytes free for this user on the disk that holds `dir` (or its nearest existing parent); null if unknown. */
export async function freeBytesAt(dir: string): Promise<number | null> {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    try {
      const stats = await fs.statfs(current);
      return Number(stats.bavail) * Number(stats.bsize);
    } catch (error) {
      if (errorCode(error) !== 'ENOENT' || path.dirname(current) === current) return null;
    }
  }
}

/**
 * What to throw for a failed write of `file`: a DiskFullError (with the space needed and free) for a full
 * disk, a FileWriteError naming the file for anything else; errors that already say so pass unchanged.
 */
export async function writeFailure(
  error: unknown,
  file: string,
  neededBytes: number | null = null,
): Promise<Error> {
  if (error instanceof DiskFullError || error instanceof FileWriteError) return error;
  if (isDiskFullError(error))
    return new DiskFullError(file, neededBytes, await freeBytesAt(path.dirname(file)));
  return new FileWriteError(file, error);
}

/** Refuses before anything is written when the disk that holds `file` has less than `neededBytes` free. */
export async function requireFreeSpace(file: string, neededBytes: number): Promise<void> {
  const free = await freeBytesAt(path.dirname(file));
  if (free !== null && free < neededBytes) throw new DiskFullError(file, neededBytes, free);
}

/** 1536 → "1.5 KB", 3_500_000 → "3.5 MB" (decimal units, as file managers show sizes). */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${Math.round(value)} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
