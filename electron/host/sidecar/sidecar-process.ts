/**
 * One sidecar process: spawned in its own process group with its output in a log tail, and polled until
 * its health path answers (or it exits, the load timeout passes, or the start is stopped).
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import { DisposableStore } from '../../../shared/lifecycle/disposable';
import { onAbort, timeout, waitAtMost } from '../util/disposables';
import type { HealthAnswer } from './health-probe';
import { probeHealth } from './health-probe';
import { removeRecord, writeRecord } from './orphan-record';
import type { Logger } from '../util/logger';
import { LogTail } from './log-tail';
import { spawnGroup, trackTree } from './process-tree';
import type { SidecarDefinition } from './sidecar-definition';
import { planLaunch, SIDECAR_HOST } from './sidecar-definition';
import { SidecarError } from './sidecar-errors';

export type LaunchOutcome =
  | { kind: 'ready' }
  | { kind: 'exited'; reason: string }
  | { kind: 'load-timeout'; lastAnswer: HealthAnswer | null }
  | { kind: 'stopped' };

export interface Running {
  child: ChildProcess;
  pid: number;
  port: number;
  tail: LogTail;
  exited: Promise<void>;
  /** Set when the supervisor itself ends it (stop, timeout, dispose): its exit is not a crash. */
  expected: boolean;
}

const BIND_FAILURE =
  /could not bind|address already in use|EADDRINUSE|bind(?:ing)? failed|failed to bind|only one usage of each socket address/i;

/** Whether what it printed says its port was taken (a start to try again on another port). */
export function isBindFailure(tail: LogTail): boolean {
  return BIND_FAILURE.test(tail.summary(20));
}

/** Why it ended, in words, with what it printed last. */
export function exitReason(
  name: string,
  running: Running,
  code: number | null,
  signal: NodeJS.Signals | null,
  starting: boolean,
): string {
  const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  const said = running.tail.summary();
  return `${name} ${how}${starting ? ' before it was ready' : ''}${said ? `; it printed: ${said}` : ''}`;
}

export function baseUrlOf(port: number): string {
  return `http://${SIDECAR_HOST}:${port}`;
}

export interface SpawnSidecarOptions {
  definition: SidecarDefinition;
  port: number;
  /** Where its config file (if any) is written. */
  runDir: string;
  /** The environment it inherits (the definition's is added). */
  env: NodeJS.ProcessEnv;
  /** Called with its log tail just before it is spawned. */
  beforeSpawn: (tail: LogTail) => void;
  /** Called once the process has exited and its pipes are drained (or a second has passed). */
  onExit: (running: Running, code: number | null, signal: NodeJS.Signals | null) => void;
  /** Called as soon as it runs (before its run record is written, so an exit then is not missed). */
  onRunning: (running: Running) => void;
  /** Where its run record goes (see orphan-record.ts); none when undefined. */
  recordDir: string | undefined;
  logger: Logger;
}

export type SpawnOutcome =
  | { kind: 'running'; running: Running }
  /** spawn() itself threw: a start that failed (counted like a crash). */
  | { kind: 'not-started'; reason: string }
  /** The program is not there or cannot run: no restart will help. */
  | { kind: 'not-found'; error: SidecarError };

/** Spawns the plan's program with its exit watched and its run record written. */
export async function spawnSidecar(options: SpawnSidecarOptions): Promise<SpawnOutcome> {
  const { definition, port } = options;
  const { name } = definition;
  const plan = planLaunch(definition, port, options.runDir);
  if (plan.config) await fs.writeFile(plan.config.path, plan.config.text, 'utf8');
  const tail = new LogTail();
  options.beforeSpawn(tail);
  let child: ChildProcess;
  try {
    const env = { ...options.env, ...plan.env };
    child = spawnGroup({ file: plan.file, args: plan.args, env, cwd: definition.cwd });
  } catch (error) {
    return {
      kind: 'not-started',
      reason: `${name}: could not start ${plan.file}: ${(error as Error).message}`,
    };
  }
  const spawnError = await new Promise<Error | null>((resolve) => {
    child.once('spawn', () => resolve(null));
    child.once('error', (error) => resolve(error));
  });
  if (spawnError || child.pid === undefined) {
    const code = (spawnError as NodeJS.ErrnoException | null)?.code;
    const batch = /\.(cmd|bat)$/i.test(plan.file);
    const error = new SidecarError(
      'sidecar-not-found',
      `${name}: could not start "${plan.file}" (${code === 'ENOENT' ? 'no such program' : (spawnError?.message ?? 'no pid')})`,
      batch
        ? 'A .cmd or .bat file needs a shell, and sidecars run without one: give the server program (.exe) itself.'
        : 'Give the full path of the server program (e.g. the audiocpp_server you unpacked) in the command.',
    );
    return { kind: 'not-found', error };
  }
  const pid = child.pid;
  trackTree(pid);
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => tail.push('stdout', chunk));
  child.stderr?.on('data', (chunk: string) => tail.push('stderr', chunk));
  child.stdout?.on('end', () => tail.end('stdout'));
  child.stderr?.on('end', () => tail.end('stderr'));
  let resolveExited!: () => void;
  const running: Running = {
    child,
    pid,
    port,
    tail,
    exited: new Promise<void>((resolve) => (resolveExited = resolve)),
    expected: false,
  };
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  child.once('exit', (code, signal) => {
    // Its last words may still be in the pipes: wait for them, but not for a grandchild holding them open.
    void waitAtMost(closed, 1000, { unref: true }).then(() => {
      resolveExited();
      options.onExit(running, code, signal);
      if (options.recordDir) void removeRecord(options.recordDir, name, pid).catch(() => undefined);
    });
  });
  options.onRunning(running);
  // After the exit listener: an exit during this write is not missed.
  if (options.recordDir) {
    await writeRecord(options.recordDir, name, { pid, args: plan.args, hostPid: process.pid }).catch(
      (error: unknown) => options.logger.warn(`${name}: could not write its run record: ${String(error)}`),
    );
  }
  options.logger.info(`${name} started (pid ${pid}, port ${port})`);
  return { kind: 'running', running };
}

export interface WaitHealthyOptions {
  url: string;
  loadTimeoutMs: number;
  pollMs: number;
  signal: AbortSignal;
  /** Why it exited, asked when it has. */
  exitReason: () => string;
}

/** Polls the health URL until it answers 2xx; `loadMs` is how long that took (null when it did not). */
export async function waitHealthy(
  running: Running,
  options: WaitHealthyOptions,
): Promise<{ outcome: LaunchOutcome; loadMs: number | null }> {
  const { url, pollMs, signal } = options;
  const startedAt = Date.now();
  const deadline = startedAt + options.loadTimeoutMs;
  let gone = false;
  void running.exited.then(() => (gone = true));
  let lastAnswer: HealthAnswer | null = null;
  const end = (outcome: LaunchOutcome) => ({ outcome, loadMs: null });
  for (;;) {
    if (signal.aborted) return end({ kind: 'stopped' });
    if (gone) return end({ kind: 'exited', reason: options.exitReason() });
    const left = deadline - Date.now();
    if (left <= 0) return end({ kind: 'load-timeout', lastAnswer });
    lastAnswer = await probeHealth(url, Math.min(2000, Math.max(100, left)));
    if (lastAnswer.ok && !gone) return { outcome: { kind: 'ready' }, loadMs: Date.now() - startedAt };
    await Promise.race([
      running.exited,
      new Promise<void>((resolve) => {
        const pause = new DisposableStore();
        const done = () => {
          pause.dispose();
          resolve();
        };
        pause.add(timeout(done, Math.min(pollMs, Math.max(0, deadline - Date.now()))));
        pause.add(onAbort(signal, done));
      }),
    ]);
  }
}
