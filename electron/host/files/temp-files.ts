/**
 * The temporary files this app writes beside their targets. Every writer gets a name of its own,
 * `<target>.roundtable-<pid>-<12 hex>.tmp`, so two writers (two runs, two exports in one process) never share
 * one; the name says the app made it and which process, so clean-up can tell ours from a user's files and
 * find the ones whose process is gone.
 *
 * While a temp file exists this process registers it as its own, so that a signal handler (or any last
 * exit path) can remove every one synchronously: `removeOwnedTempFilesSync`, which also runs on 'exit'.
 */
import { randomBytes } from 'node:crypto';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { isProcessAlive } from '../project/process-alive';

const TEMP_NAME = /^(.+)\.roundtable-(\d+)-([0-9a-f]{12})\.tmp$/;

/** A new temp path beside `target` that no other writer uses. */
export function tempPathFor(target: string): string {
  return `${target}.roundtable-${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
}

/** The target and the writing process of one of our temp names (a base name), or null for any other name. */
export function parseTempName(name: string): { target: string; pid: number } | null {
  const match = TEMP_NAME.exec(name);
  if (match === null) return null;
  return { target: match[1] ?? '', pid: Number(match[2]) };
}

const owned = new Set<string>();

/** Told of every registration and release (an export thread mirrors its temp files into the host's). */
export type TempFileListener = (file: string, owned: boolean) => void;
let listener: TempFileListener | null = null;

/**
 * Reports this thread's registrations and releases to `next` (null: stop). A worker thread's registry is
 * its own; one that writes temp files passes them on, so that the main thread's signal and exit handlers
 * remove them too (see export/thread/export-thread.ts).
 */
export function reportTempFiles(next: TempFileListener | null): void {
  listener = next;
}

let exitHookInstalled = false;

/** Registers a file this process must remove if it ends before the file is renamed or deleted. */
export function ownTempFile(file: string): void {
  owned.add(path.resolve(file));
  listener?.(path.resolve(file), true);
  if (!exitHookInstalled) {
    // Whatever ends the process (process.exit with work still in flight included), nothing half-written stays.
    exitHookInstalled = true;
    process.once('exit', () => removeOwnedTempFilesSync());
  }
}

/** The file was renamed into place or deleted: no longer ours to clean up. */
export function releaseTempFile(file: string): void {
  owned.delete(path.resolve(file));
  // Said even for a file this thread did not register: another thread may have (a recording's spool).
  listener?.(path.resolve(file), false);
}

/** The files currently registered (tests, diagnostics). */
export function ownedTempFiles(): string[] {
  return [...owned];
}

/**
 * Removes every temp file (and lock) this process still owns: for SIGINT/SIGTERM handlers and last exit
 * paths, where nothing asynchronous runs any more. Returns the files it removed; never throws.
 */
export function removeOwnedTempFilesSync(): string[] {
  const removed: string[] = [];
  for (const file of owned) {
    try {
      fsSync.rmSync(file, { force: true });
      removed.push(file);
    } catch {
      // Nothing more can be done while the process ends.
    }
    owned.delete(file);
    listener?.(file, false);
  }
  return removed;
}

/**
 * Deletes `file` (missing is fine, and so is a path through a file, ENOTDIR: nothing can be there) and
 * forgets it. Any other failure keeps it registered, so the exit clean-up tries again.
 */
export async function removeTempFile(file: string): Promise<void> {
  try {
    await fs.rm(file, { force: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOTDIR') throw error;
  }
  releaseTempFile(file);
}

/** Temp names of earlier versions, `<target>.tmp-<pid>-<n>`: only ever matched for named targets. */
const LEGACY_TEMP_NAME = /^(.+)\.tmp-(\d+)-(\d+)$/;

/**
 * Deletes our temp files in `dir` whose process is gone (a writer killed mid-write). Only names this app
 * makes are touched, and never those of a live process (this one included). `targets` narrows it to temp
 * files of the given target base names (a list, e.g. `['project.json']`, or a test); with a list, the
 * `<name>.tmp-<pid>-<n>` files of earlier versions are removed too, never a user's file of that pattern.
 * Best effort: returns the names it removed.
 */
export async function removeStaleTempFiles(
  dir: string,
  targets?: readonly string[] | ((target: string) => boolean),
): Promise<string[]> {
  const named = Array.isArray(targets) ? new Set<string>(targets) : null;
  const wanted = (target: string) =>
    named ? named.has(target) : typeof targets === 'function' ? targets(target) : true;
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const legacy = named ? LEGACY_TEMP_NAME.exec(name) : null;
    const parsed =
      parseTempName(name) ?? (legacy ? { target: legacy[1] ?? '', pid: Number(legacy[2]) } : null);
    if (parsed === null || !wanted(parsed.target) || isProcessAlive(parsed.pid)) continue;
    try {
      await fs.rm(path.join(dir, name), { force: true });
      removed.push(name);
    } catch {
      // Left for the next run.
    }
  }
  return removed;
}
