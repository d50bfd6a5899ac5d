/**
 * Starting a sidecar so that it and everything it starts can be ended together, and ending it.
 *
 * - POSIX: spawned `detached`, so it leads a new process group (pgid = its pid) that its children join
 *   unless they leave on purpose. Ending it: SIGTERM to the group, then SIGKILL to the group after a
 *   grace period, then wait until no process of the group is left.
 * - Windows: Node cannot put a child into a job object, so the tree is ended with `taskkill /PID <pid> /T
 *   /F` (the process and every descendant it can still find by parent pid; a descendant whose parent
 *   already exited is beyond its reach). There is no graceful step: console servers get no WM_CLOSE.
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';

export interface SpawnGroupOptions {
  file: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
}

export function spawnGroup(options: SpawnGroupOptions): ChildProcess {
  return spawn(options.file, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
    windowsHide: true,
    shell: false,
  });
}

/** The group's live members with the leader first (on Linux; elsewhere the leader alone). */
export function groupLeaderFirst(pid: number): number[] {
  const members = groupMembers(pid);
  if (members === null) return [pid];
  return [...members.filter((member) => member === pid), ...members.filter((member) => member !== pid)];
}

/** Pids of the live (not zombie) processes in process group `pgid` (Linux /proc; elsewhere unknown). */
export function groupMembers(pgid: number): number[] | null {
  if (process.platform !== 'linux') return null;
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return null;
  }
  const members: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat && stat.pgid === pgid && stat.state !== 'Z') members.push(Number(entry));
  }
  return members;
}

/** State and process group from /proc/<pid>/stat; null if the process is gone. */
export function readStat(pid: number): { state: string; ppid: number; pgid: number } | null {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so split after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '', ppid: Number(fields[1]), pgid: Number(fields[2]) };
}

/** Whether any process of the group (POSIX) or the process itself (Windows) is still alive. */
export function treeAlive(pid: number): boolean {
  if (process.platform === 'win32') return signalAlive(pid);
  const members = groupMembers(pid);
  if (members !== null) return members.length > 0;
  return signalAlive(-pid);
}

function signalAlive(target: number): boolean {
  try {
    process.kill(target, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

export interface KillTreeOptions {
  /** Time between SIGTERM and SIGKILL. Default 5 s. */
  graceMs?: number;
  /** How often to look whether the group is gone. Default 50 ms. */
  pollMs?: number;
  /** Longest to wait after SIGKILL before giving up (a process stuck in the driver). Default 10 s. */
  killWaitMs?: number;
}

/**
 * Ends the process tree led by `pid`; resolves true once nothing of it is left, false if something
 * survived SIGKILL for `killWaitMs` (e.g. stuck in uninterruptible sleep in a GPU driver).
 */
export async function killTree(pid: number, options: KillTreeOptions = {}): Promise<boolean> {
  const pollMs = options.pollMs ?? 50;
  if (process.platform === 'win32') {
    await new Promise<void>((resolve) => {
      execFile('taskkill', ['/PID', String(pid), '/T', '/F'], { windowsHide: true }, () => resolve());
    });
    return waitUntil(() => !treeAlive(pid), options.killWaitMs ?? 10_000, pollMs);
  }
  if (!treeAlive(pid)) return true;
  signalGroup(pid, 'SIGTERM');
  if (await waitUntil(() => !treeAlive(pid), options.graceMs ?? 5000, pollMs)) return true;
  signalGroup(pid, 'SIGKILL');
  return waitUntil(() => !treeAlive(pid), options.killWaitMs ?? 10_000, pollMs);
}

/** Synchronous last resort when the host exits: SIGKILL to the group (POSIX) or taskkill (Windows). */
export function killTreeNow(pid: number): void {
  if (process.platform === 'win32') {
    try {
      // Synchronous on purpose: this runs in an 'exit' handler, where nothing asynchronous completes.
      execFileSync('taskkill', ['/PID', String(pid), '/T', '/F'], {
        windowsHide: true,
        stdio: 'ignore',
        timeout: 5000,
      });
    } catch {
      // Nothing more can be done while exiting.
    }
    return;
  }
  signalGroup(pid, 'SIGKILL');
}

async function waitUntil(done: () => boolean, timeoutMs: number, pollMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (done()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise<void>((resolve) => setTimeout(resolve, pollMs));
  }
}

const liveTrees = new Set<number>();
let exitGuardInstalled = false;

/**
 * Remembers a running tree so that, should the host exit without stopping it (an uncaught error, a CLI
 * that calls process.exit), the 'exit' handler still kills it. A host killed with SIGKILL runs no
 * handler at all: that case is not covered.
 */
export function trackTree(pid: number): void {
  liveTrees.add(pid);
  if (exitGuardInstalled) return;
  exitGuardInstalled = true;
  process.on('exit', () => {
    for (const tree of liveTrees) killTreeNow(tree);
  });
}

export function untrackTree(pid: number): void {
  liveTrees.delete(pid);
}
