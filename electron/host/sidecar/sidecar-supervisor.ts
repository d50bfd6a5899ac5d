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
import { waitAtMost } from '../util/disposables';
import type { Logger } from '../util/logger';
import { silentLogger } from '../util/logger';
import { TypedEmitter } from '../util/typed-emitter';
import { RestartPolicy } from '../worker/restart-policy';
import type { EndpointSource } from './endpoint-source';
import { findFreePort } from './free-port';
import type { HealthAnswer } from './health-probe';
import { LogTail } from './log-tail';
import { reapOrphanAndSay } from './orphan-record';
import { groupLeaderFirst, killTree, untrackTree } from './process-tree';
import type { SidecarDefinition } from './sidecar-definition';
import { gaveUpError, loadTimeoutError, SidecarError } from './sidecar-errors';
import { raceAbort, throwIfAborted } from './abort-race';
import type { LaunchOutcome, Running } from './sidecar-process';
import { baseUrlOf, exitReason, isBindFailure, spawnSidecar, waitHealthy } from './sidecar-process';
import { IdleTimer } from './idle-timer';
import type {
  SidecarEvents,
  SidecarLease,
  SidecarState,
  SidecarStatus,
  SidecarSupervisorOptions,
} from './sidecar-types';

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
  private readonly idle = new IdleTimer();
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
    return pid === undefined ? [] : groupLeaderFirst(pid);
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
      this.idle.cancel();
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
          const error = gaveUpError(this.name, this.restartPolicy, this.lastError);
          this.lastError = error.message;
          this.events.emit('gave-up', { reason: error.message });
          this.logger.error(error.message);
          throw error;
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
    await reapOrphanAndSay(dir, this.name, this.logger);
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
      if (isBindFailure(running.tail) && attempt < attempts) {
        this.logger.warn(`${this.name} could not bind port ${port}; starting again on another port`);
        continue;
      }
      return outcome;
    }
  }

  private async spawn(port: number): Promise<Running | undefined> {
    const spawned = await spawnSidecar({
      definition: this.definition,
      port,
      runDir: await this.runDir(),
      env: this.options.env ?? process.env,
      beforeSpawn: (tail) => {
        this.lastTail = tail;
        this.setState('starting');
      },
      onExit: (running, code, signal) => this.onExit(running, code, signal),
      onRunning: (running) => (this.running = running),
      recordDir: this.options.recordDir,
      logger: this.logger,
    });
    if (spawned.kind === 'not-started') this.lastError = spawned.reason;
    if (spawned.kind === 'not-found') this.setState('failed');
    if (spawned.kind === 'not-found') throw spawned.error;
    return spawned.kind === 'running' ? spawned.running : undefined;
  }

  private onExit(running: Running, code: number | null, signal: NodeJS.Signals | null): void {
    const reason = exitReason(this.name, running, code, signal, this.stateValue === 'starting');
    this.events.emit('exited', { pid: running.pid, code, signal, expected: running.expected, reason });
    if (running.expected || this.running !== running) return;
    // The leader died on its own; anything it left in its group goes too.
    void killTree(running.pid, { graceMs: 0 }).then(() => untrackTree(running.pid));
    this.running = undefined;
    this.idle.cancel();
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
    this.idle.cancel();
    this.setState('crashed');
    void killTree(running.pid, { graceMs: this.options.killGraceMs ?? 5000 }).then(() =>
      untrackTree(running.pid),
    );
  }

  private async waitHealthy(running: Running, signal: AbortSignal): Promise<LaunchOutcome> {
    const { outcome, loadMs } = await waitHealthy(running, {
      url: `${baseUrlOf(running.port)}${this.definition.healthPath}`,
      loadTimeoutMs: this.definition.loadTimeoutS * 1000,
      pollMs: this.options.healthPollMs ?? 250,
      signal,
      exitReason: () => this.lastError ?? `${this.name} exited while starting`,
    });
    if (loadMs !== null) this.lastLoadMs = loadMs;
    return outcome;
  }

  private loadTimeoutError(lastAnswer: HealthAnswer | null): SidecarError {
    const error = loadTimeoutError(this.definition, lastAnswer, this.lastTail.summary());
    this.lastError = error.message;
    this.setState('failed');
    this.logger.warn(error.message);
    return error;
  }

  /** Stops it now (idle, memory pressure, the user); the next acquire starts it again. */
  async stop(reason: string): Promise<void> {
    this.idle.cancel();
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
    await waitAtMost(running.exited, 2000);
    untrackTree(running.pid);
    if (this.running === running) this.running = undefined;
  }

  private armIdle(): void {
    this.idle.cancel();
    const idleMs = this.definition.idleTimeoutS * 1000;
    if (this.disposed || this.inFlight > 0 || idleMs <= 0 || this.stateValue !== 'ready') return;
    this.idle.arm(idleMs, () => {
      if (this.inFlight === 0 && this.stateValue === 'ready') {
        void this.stop(`idle for ${this.definition.idleTimeoutS} s`).catch((error: unknown) =>
          this.logger.error(`stopping ${this.name} when idle failed: ${String(error)}`),
        );
      }
    });
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
