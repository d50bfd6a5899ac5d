/**
 * Owns one managed sidecar: a local speech server started on demand and supervised like the inference
 * worker.
 *
 * - `acquire()` starts it if needed (on a free loopback port, in its own process group), waits until GET
 *   <healthPath> answers 2xx within the load timeout, and hands out `{ baseUrl, release() }`.
 * - A start that never gets healthy (VibeVoice's "Loading diffusion model" hang) is stopped at the load
 *   timeout with a message saying so, what it printed last, and what to try.
 * - A port taken between picking and binding ("could not bind", EADDRINUSE) is retried on a new port.
 * - A crash (exit while starting or serving) is restarted on the next acquire under the worker's bounded
 *   RestartPolicy (3 in 5 minutes); past it the supervisor gives up with a clear error until reset.
 * - Idle for `idleTimeoutS` with no request in flight: stopped, its memory goes back. `dispose()` (app or
 *   CLI quit) stops it; the whole process group goes (SIGTERM, SIGKILL after a grace period), so no
 *   grandchild is left behind.
 * - An optional admission gate (the watchdog's memory view) is asked before every start and request.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { Logger } from '../util/logger';
import { silentLogger } from '../util/logger';
import { TypedEmitter } from '../util/typed-emitter';
import { RestartPolicy } from '../worker/restart-policy';
import type { EndpointLease, EndpointSource } from './endpoint-source';
import { findFreePort } from './free-port';
import type { HealthAnswer } from './health-probe';
import { describeHealthAnswer, probeHealth } from './health-probe';
import { LogTail } from './log-tail';
import { reapOrphan, removeRecord, writeRecord } from './orphan-record';
import { groupMembers, killTree, spawnGroup, trackTree, untrackTree } from './process-tree';
import type { SidecarDefinition } from './sidecar-definition';
import { planLaunch, SIDECAR_HOST } from './sidecar-definition';
import { SidecarError } from './sidecar-errors';

export type SidecarState = 'stopped' | 'starting' | 'ready' | 'stopping' | 'crashed' | 'failed';

export interface SidecarStatus {
  name: string;
  state: SidecarState;
  pid: number | null;
  port: number | null;
  baseUrl: string | null;
  inFlight: number;
  /** How long the last successful start took until healthy. */
  lastLoadMs: number | null;
  recentRestarts: number;
  /** Why it last stopped or failed, in words. */
  lastError: string | null;
  /** What it printed last (bounded). */
  logTail: string[];
}

export type SidecarEvents = {
  state: SidecarStatus;
  ready: { pid: number; port: number; loadMs: number };
  /** The process group is gone; `expected` for stops the supervisor asked for. */
  exited: { pid: number; code: number | null; signal: string | null; expected: boolean; reason: string };
  'gave-up': { reason: string };
};

/** What the watchdog side decides (see sidecar-memory-gate.ts); all optional for a bare supervisor. */
export interface SidecarAdmission {
  /** Resolves when a start fits in memory now; rejects when it never can or the wait runs out. */
  beforeStart(signal: AbortSignal): Promise<void>;
  /** The sidecar is healthy: calibrate what loading it took. */
  onReady(): void;
  /** Waits while requests are paused or do not fit; returns what to call when the request is over. */
  beforeRequest(chars: number, signal: AbortSignal): Promise<() => void>;
  /** Multiplier (≤ 1) on the definition's maxRequestChars, lowered under memory pressure. */
  readonly requestScale: number;
}

export interface SidecarLease extends EndpointLease {
  /** Most characters the next request should carry (smaller under memory pressure). */
  maxChars: number;
  /**
   * The server stopped answering this request (its deadline passed): it is ended now, as a hung worker
   * is, and the next acquire starts a fresh one (counted against the restart policy). Release as usual.
   */
  reportHung(reason: string): void;
}

export interface SidecarSupervisorOptions {
  restartPolicy?: RestartPolicy;
  /** A free port for each start (tests hand out a taken one first). Default: the OS picks one. */
  pickPort?: () => Promise<number>;
  /** Folder for the config file written per start; default a temporary folder removed on dispose. */
  runDir?: string;
  /** Environment the sidecar inherits (the definition's env is added). Default process.env. */
  env?: NodeJS.ProcessEnv;
  admission?: SidecarAdmission;
  /** Time between health polls while loading. Default 250 ms. */
  healthPollMs?: number;
  /** SIGTERM → SIGKILL grace period. Default 5 s. */
  killGraceMs?: number;
  /**
   * Where a record of the running sidecar is kept (the data folder's `sidecars/`), so that one left by a
   * host that was killed outright is ended at the next start. Default none.
   */
  recordDir?: string;
  /** Starts on a new port after a bind failure, per start. Default 3. */
  maxPortAttempts?: number;
  logger?: Logger;
}

const BIND_FAILURE =
  /could not bind|address already in use|EADDRINUSE|bind(?:ing)? failed|failed to bind|only one usage of each socket address/i;

type LaunchOutcome =
  | { kind: 'ready' }
  | { kind: 'exited'; reason: string }
  | { kind: 'load-timeout'; lastAnswer: HealthAnswer | null }
  | { kind: 'stopped' };

interface Running {
  child: ChildProcess;
  pid: number;
  port: number;
  tail: LogTail;
  exited: Promise<void>;
  /** Set when the supervisor itself ends it (stop, timeout, dispose): its exit is not a crash. */
  expected: boolean;
}

export class SidecarSupervisor implements EndpointSource {
  readonly events = new TypedEmitter<SidecarEvents>();
  readonly restartPolicy: RestartPolicy;
  private readonly logger: Logger;
  private stateValue: SidecarState = 'stopped';
  private running: Running | undefined;
  private starting: Promise<void> | undefined;
  /** Aborted to end a start in progress (stop, dispose). */
  private startAbort: AbortController | undefined;
  private inFlight = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private hasStarted = false;
  private deliberate = false;
  private gaveUp = false;
  private disposed = false;
  private lastError: string | null = null;
  private lastLoadMs: number | null = null;
  private lastTail = new LogTail();
  private runDirValue: string | undefined;
  private orphansChecked = false;

  constructor(
    readonly definition: SidecarDefinition,
    private readonly options: SidecarSupervisorOptions = {},
  ) {
    this.restartPolicy = options.restartPolicy ?? new RestartPolicy();
    this.logger = options.logger ?? silentLogger;
    this.runDirValue = options.runDir;
  }

  get name(): string {
    return this.definition.name;
  }

  get state(): SidecarState {
    return this.stateValue;
  }

  get pid(): number | null {
    return this.running?.pid ?? null;
  }

  /** Pids of every live process of the sidecar, the leader first (its process group on Linux; elsewhere the leader). */
  pids(): number[] {
    const pid = this.running?.pid;
    if (pid === undefined) return [];
    const members = groupMembers(pid);
    if (members === null) return [pid];
    return [...members.filter((member) => member === pid), ...members.filter((member) => member !== pid)];
  }

  status(): SidecarStatus {
    const running = this.stateValue === 'ready' ? this.running : undefined;
    return {
      name: this.name,
      state: this.stateValue,
      pid: this.running?.pid ?? null,
      port: running?.port ?? null,
      baseUrl: running ? baseUrlOf(running.port) : null,
      inFlight: this.inFlight,
      lastLoadMs: this.lastLoadMs,
      recentRestarts: this.restartPolicy.recentRestarts,
      lastError: this.lastError,
      logTail: (this.running?.tail ?? this.lastTail).tail(),
    };
  }

  /**
   * Starts the sidecar if needed, waits for the admission gate (paused under memory pressure, or the
   * request does not fit yet) and counts one request until `release()`.
   */
  async acquire(signal: AbortSignal, request: { chars?: number } = {}): Promise<SidecarLease> {
    const admission = this.options.admission;
    for (let attempt = 1; ; attempt += 1) {
      this.assertUsable();
      let done: () => void = () => undefined;
      try {
        await raceAbort(this.ensureReady(), signal);
        if (admission) done = await admission.beforeRequest(request.chars ?? 0, signal);
        throwIfAborted(signal);
      } catch (error) {
        done();
        this.armIdle();
        throw error;
      }
      const running = this.running;
      if (this.stateValue !== 'ready' || !running) {
        // It stopped (idle, pressure) or crashed while the request waited for memory: start it again.
        done();
        if (attempt >= 3)
          throw new SidecarError('sidecar-stopped', `${this.name} stopped while the request waited`);
        continue;
      }
      this.inFlight += 1;
      clearTimeout(this.idleTimer);
      this.idleTimer = undefined;
      let released = false;
      const scale = admission?.requestScale ?? 1;
      return {
        baseUrl: baseUrlOf(running.port),
        maxChars: Math.max(1, Math.floor(this.definition.maxRequestChars * scale)),
        release: () => {
          if (released) return;
          released = true;
          this.inFlight -= 1;
          done();
          this.armIdle();
        },
        reportHung: (reason) => this.onHung(running, reason),
      };
    }
  }

  /** Ready now, or started (or being started) and waited for. */
  private ensureReady(): Promise<void> {
    this.assertUsable();
    if (this.stateValue === 'ready' && this.running) return Promise.resolve();
    this.starting ??= this.startLoop().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private assertUsable(): void {
    if (this.disposed) throw new SidecarError('sidecar-stopped', `${this.name} has been shut down`);
    if (this.gaveUp) {
      throw new SidecarError(
        'sidecar-gave-up',
        this.lastError ?? `${this.name} failed too often and is not started again`,
        `Fix the cause shown, then test the engine again (Settings → Engines, or roundtable engines test ${this.name}).`,
      );
    }
  }

  /** Starts until healthy: crashes while starting are retried under the restart policy. */
  private async startLoop(): Promise<void> {
    const abort = new AbortController();
    this.startAbort = abort;
    try {
      await this.reapOrphanOnce();
      for (;;) {
        // Memory first: a start that has to wait (or can never fit) is not a restart.
        await this.options.admission?.beforeStart(abort.signal);
        throwIfAborted(abort.signal);
        const counted = this.hasStarted && !this.deliberate;
        this.deliberate = false;
        if (counted && !this.restartPolicy.tryRestart()) {
          this.gaveUp = true;
          this.setState('failed');
          const reason = `${this.name} crashed or failed to start ${this.restartPolicy.maxRestarts + 1} times within ${minutes(this.restartPolicy.windowMs)}; it is not started again. Last: ${this.lastError ?? 'unknown'}`;
          this.lastError = reason;
          this.events.emit('gave-up', { reason });
          this.logger.error(reason);
          throw new SidecarError(
            'sidecar-gave-up',
            reason,
            `Run the command in a terminal to see why it fails, fix it, then test the engine again (roundtable engines test ${this.name}).`,
          );
        }
        this.hasStarted = true;
        const outcome = await this.launch(abort.signal);
        switch (outcome.kind) {
          case 'ready':
            this.options.admission?.onReady();
            return;
          case 'stopped':
            throw new SidecarError('sidecar-stopped', `${this.name} was stopped while it started`);
          case 'load-timeout':
            throw this.loadTimeoutError(outcome.lastAnswer);
          case 'exited':
            this.lastError = outcome.reason;
            this.setState('crashed');
            this.logger.warn(outcome.reason);
            continue;
        }
      }
    } finally {
      if (this.startAbort === abort) this.startAbort = undefined;
    }
  }

  private async reapOrphanOnce(): Promise<void> {
    const dir = this.options.recordDir;
    if (!dir || this.orphansChecked) return;
    this.orphansChecked = true;
    const outcome = await reapOrphan(dir, this.name);
    if (outcome.kind === 'reaped') {
      this.logger.warn(`${this.name}: ended pid ${outcome.pid}, left running by a studio that was killed`);
    } else if (outcome.kind === 'left') {
      this.logger.warn(
        `${this.name}: pid ${outcome.pid} may be left from an earlier run (${outcome.reason})`,
      );
    }
  }

  /** One start (trying new ports after bind failures) until healthy, exited, timed out or stopped. */
  private async launch(signal: AbortSignal): Promise<LaunchOutcome> {
    const attempts = this.options.maxPortAttempts ?? 3;
    for (let attempt = 1; ; attempt += 1) {
      const port = await (this.options.pickPort ?? findFreePort)();
      const running = await this.spawn(port);
      if (!running) {
        return { kind: 'exited', reason: this.lastError ?? `${this.name} could not be started` };
      }
      const outcome = await this.waitHealthy(running, signal);
      if (outcome.kind === 'ready') {
        this.setState('ready');
        this.events.emit('ready', { pid: running.pid, port, loadMs: this.lastLoadMs ?? 0 });
        return outcome;
      }
      if (outcome.kind !== 'exited') {
        await this.endRunning(running, outcome.kind === 'load-timeout' ? 'load timeout' : 'stopped');
        return outcome;
      }
      if (BIND_FAILURE.test(running.tail.summary(20)) && attempt < attempts) {
        this.logger.warn(`${this.name} could not bind port ${port}; starting again on another port`);
        continue;
      }
      return outcome;
    }
  }

  private async spawn(port: number): Promise<Running | undefined> {
    const runDir = await this.runDir();
    const plan = planLaunch(this.definition, port, runDir);
    if (plan.config) await fs.writeFile(plan.config.path, plan.config.text, 'utf8');
    const tail = new LogTail();
    this.lastTail = tail;
    this.setState('starting');
    let child: ChildProcess;
    try {
      child = spawnGroup({
        file: plan.file,
        args: plan.args,
        env: { ...(this.options.env ?? process.env), ...plan.env },
        cwd: this.definition.cwd,
      });
    } catch (error) {
      this.lastError = `${this.name}: could not start ${plan.file}: ${(error as Error).message}`;
      return undefined;
    }
    const spawnError = await new Promise<Error | null>((resolve) => {
      child.once('spawn', () => resolve(null));
      child.once('error', (error) => resolve(error));
    });
    if (spawnError || child.pid === undefined) {
      const code = (spawnError as NodeJS.ErrnoException | null)?.code;
      this.setState('failed');
      const batch = /\.(cmd|bat)$/i.test(plan.file);
      throw new SidecarError(
        'sidecar-not-found',
        `${this.name}: could not start "${plan.file}" (${code === 'ENOENT' ? 'no such program' : (spawnError?.message ?? 'no pid')})`,
        batch
          ? 'A .cmd or .bat file needs a shell, and sidecars run without one: give the server program (.exe) itself.'
          : 'Give the full path of the server program (e.g. the audiocpp_server you unpacked) in the command.',
      );
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
    this.running = running;
    const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
    child.once('exit', (code, signal) => {
      // Its last words may still be in the pipes: wait for them, but not for a grandchild holding them open.
      void Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 1000).unref())]).then(() => {
        resolveExited();
        this.onExit(running, code, signal);
      });
    });
    // After the exit listener: an exit during this write is not missed.
    if (this.options.recordDir) {
      await writeRecord(this.options.recordDir, this.name, {
        pid,
        args: plan.args,
        hostPid: process.pid,
      }).catch((error: unknown) =>
        this.logger.warn(`${this.name}: could not write its run record: ${String(error)}`),
      );
    }
    this.logger.info(`${this.name} started (pid ${pid}, port ${port})`);
    return running;
  }

  private onExit(running: Running, code: number | null, signal: NodeJS.Signals | null): void {
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    const said = running.tail.summary();
    const reason = `${this.name} ${how}${this.stateValue === 'starting' ? ' before it was ready' : ''}${said ? `; it printed: ${said}` : ''}`;
    this.events.emit('exited', { pid: running.pid, code, signal, expected: running.expected, reason });
    if (this.options.recordDir) {
      void removeRecord(this.options.recordDir, this.name, running.pid).catch(() => undefined);
    }
    if (running.expected || this.running !== running) return;
    // The leader died on its own; anything it left in its group goes too.
    void killTree(running.pid, { graceMs: 0 }).then(() => untrackTree(running.pid));
    this.running = undefined;
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.lastError = reason;
    if (this.stateValue === 'ready') {
      this.logger.warn(reason);
      this.setState('crashed');
    }
  }

  private onHung(running: Running, reason: string): void {
    if (this.running !== running || this.stateValue !== 'ready') return;
    const said = running.tail.summary();
    this.lastError = `${this.name} stopped answering (${reason}) and was ended${said ? `; it printed: ${said}` : ''}`;
    this.logger.warn(this.lastError);
    running.expected = true;
    this.running = undefined;
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.setState('crashed');
    void killTree(running.pid, { graceMs: this.options.killGraceMs ?? 5000 }).then(() =>
      untrackTree(running.pid),
    );
  }

  private async waitHealthy(running: Running, signal: AbortSignal): Promise<LaunchOutcome> {
    const startedAt = Date.now();
    const deadline = startedAt + this.definition.loadTimeoutS * 1000;
    const url = `${baseUrlOf(running.port)}${this.definition.healthPath}`;
    const pollMs = this.options.healthPollMs ?? 250;
    let gone = false;
    void running.exited.then(() => (gone = true));
    let lastAnswer: HealthAnswer | null = null;
    for (;;) {
      if (signal.aborted) return { kind: 'stopped' };
      if (gone) return { kind: 'exited', reason: this.lastError ?? `${this.name} exited while starting` };
      const left = deadline - Date.now();
      if (left <= 0) return { kind: 'load-timeout', lastAnswer };
      lastAnswer = await probeHealth(url, Math.min(2000, Math.max(100, left)));
      if (lastAnswer.ok && !gone) {
        this.lastLoadMs = Date.now() - startedAt;
        return { kind: 'ready' };
      }
      await Promise.race([
        running.exited,
        new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            signal.removeEventListener('abort', done);
            resolve();
          };
          const timer = setTimeout(done, Math.min(pollMs, Math.max(0, deadline - Date.now())));
          signal.addEventListener('abort', done, { once: true });
        }),
      ]);
    }
  }

  private loadTimeoutError(lastAnswer: HealthAnswer | null): SidecarError {
    const seconds = this.definition.loadTimeoutS;
    const said = this.lastTail.summary();
    const message = `${this.name} did not become ready within its ${seconds} s load timeout (GET ${this.definition.healthPath}: ${describeHealthAnswer(lastAnswer)}), so it was stopped. ${said ? `Its last output: ${said}` : 'It printed nothing.'}`;
    this.lastError = message;
    this.setState('failed');
    this.logger.warn(message);
    return new SidecarError(
      'sidecar-load-timeout',
      message,
      `A model stuck loading (VibeVoice's "Loading diffusion model") does not finish by waiting. Try: a longer load timeout if it was still making progress (--load-timeout ${seconds * 2}); a smaller model (VibeVoice-1.5B instead of 7B, or a Q8 GGUF package); and read the output above for the cause (out of memory, a missing file).`,
    );
  }

  /** Stops it now (idle, memory pressure, the user); the next acquire starts it again. */
  async stop(reason: string): Promise<void> {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    // A stop asked for is not a crash: the next start does not count against the restart policy.
    if (this.running || this.starting) this.deliberate = true;
    this.startAbort?.abort();
    await this.starting?.catch(() => undefined);
    const running = this.running;
    if (!running) {
      if (this.stateValue !== 'failed') this.setState('stopped');
      return;
    }
    this.logger.info(`stopping ${this.name}: ${reason}`);
    await this.endRunning(running, reason);
    this.lastError = this.stateValue === 'failed' ? this.lastError : null;
    this.setState('stopped');
  }

  /**
   * Ends the running server to give its memory back (a pressure action); it starts again fresh on the
   * next request, which the admission gate lets through only when memory allows. Not counted as a crash.
   */
  async recycle(reason: string): Promise<void> {
    if (!this.running && !this.starting) return;
    await this.stop(reason);
  }

  /** After giving up, the user can allow new attempts. */
  resetAfterGiveUp(): void {
    this.gaveUp = false;
    this.deliberate = true;
    this.restartPolicy.reset();
    if (this.stateValue === 'failed') this.setState('stopped');
  }

  private async endRunning(running: Running, reason: string): Promise<void> {
    running.expected = true;
    this.setState('stopping');
    const gone = await killTree(running.pid, { graceMs: this.options.killGraceMs ?? 5000 });
    if (!gone)
      this.logger.error(`${this.name} (pid ${running.pid}) survived SIGKILL while stopping: ${reason}`);
    await Promise.race([running.exited, new Promise((resolve) => setTimeout(resolve, 2000))]);
    untrackTree(running.pid);
    if (this.running === running) this.running = undefined;
  }

  private armIdle(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    const idleMs = this.definition.idleTimeoutS * 1000;
    if (this.disposed || this.inFlight > 0 || idleMs <= 0 || this.stateValue !== 'ready') return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.inFlight === 0 && this.stateValue === 'ready') {
        void this.stop(`idle for ${this.definition.idleTimeoutS} s`).catch((error: unknown) =>
          this.logger.error(`stopping ${this.name} when idle failed: ${String(error)}`),
        );
      }
    }, idleMs);
    this.idleTimer.unref();
  }

  private async runDir(): Promise<string> {
    this.runDirValue ??= await fs.mkdtemp(path.join(os.tmpdir(), `roundtable-sidecar-${this.name}-`));
    return this.runDirValue;
  }

  private setState(state: SidecarState): void {
    if (this.stateValue === state) return;
    this.stateValue = state;
    this.events.emit('state', this.status());
  }

  /** Stops the sidecar and its whole process group, removes its temporary folder. Safe to call twice. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.stop('shutting down');
    if (!this.options.runDir && this.runDirValue) {
      await fs.rm(this.runDirValue, { recursive: true, force: true });
    }
    this.events.clear();
  }
}

function baseUrlOf(port: number): string {
  return `http://${SIDECAR_HOST}:${port}`;
}

function minutes(ms: number): string {
  const value = Math.round(ms / 60_000);
  return `${value} minute${value === 1 ? '' : 's'}`;
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) {
    throw signal.reason instanceof Error ? signal.reason : new SidecarError('sidecar-stopped', 'cancelled');
  }
}

/** The promise, or a rejection as soon as `signal` aborts (the promise itself carries on). */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}
