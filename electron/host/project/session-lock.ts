/**
 * The clean-shutdown marker: while a project is open, `autosave/session.lock` names the process that has it
 * open. A lock whose process is gone means the last session ended without a clean close, so an autosave
 * left beside it holds edits worth offering back.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import * as z from 'zod';
import { writeFileAtomic } from '../files/atomic-write';
import { errorCode, type RetryOptions } from './fs-retry';
import { isProcessAlive } from './process-alive';

export const SessionLockSchema = z.object({
  pid: z.number().int().positive(),
  hostname: z.string(),
  sessionId: z.string().min(1),
  startedAtMs: z.number().int().nonnegative(),
});
export type SessionLock = z.infer<typeof SessionLockSchema>;

/** Sessions opened by this process and not yet ended (a pid alone cannot tell them apart). */
const sessionsOfThisProcess = new Set<string>();

export async function writeSessionLock(file: string, retry?: RetryOptions): Promise<SessionLock> {
  const lock: SessionLock = {
    pid: process.pid,
    hostname: os.hostname(),
    sessionId: randomUUID(),
    startedAtMs: Date.now(),
  };
  await writeFileAtomic(file, `${JSON.stringify(lock, null, 2)}\n`, { retry });
  sessionsOfThisProcess.add(lock.sessionId);
  return lock;
}

/** Forget a session of this process (its lock file, if still on disk, now reads as an unclean exit). */
export function endSessionInProcess(sessionId: string): void {
  sessionsOfThisProcess.delete(sessionId);
}

export type LockState =
  | { kind: 'absent' }
  | { kind: 'unreadable' }
  | { kind: 'stale'; lock: SessionLock }
  | { kind: 'live'; lock: SessionLock; otherHost: boolean };

/** Reads a lock and decides whether its session is still running. */
export async function readSessionLock(file: string): Promise<LockState> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { kind: 'absent' };
    return { kind: 'unreadable' };
  }
  let parsed: ReturnType<typeof SessionLockSchema.safeParse>;
  try {
    parsed = SessionLockSchema.safeParse(JSON.parse(text));
  } catch {
    return { kind: 'unreadable' };
  }
  if (!parsed.success) return { kind: 'unreadable' };
  const lock = parsed.data;
  if (lock.hostname !== os.hostname()) {
    // A folder on a shared drive, open on another computer: its process cannot be checked from here.
    return { kind: 'live', lock, otherHost: true };
  }
  const live =
    lock.pid === process.pid ? sessionsOfThisProcess.has(lock.sessionId) : isProcessAlive(lock.pid);
  return live ? { kind: 'live', lock, otherHost: false } : { kind: 'stale', lock };
}
