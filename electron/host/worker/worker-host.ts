/**
 * Owns the inference worker process: starts it, sends calls, streams audio back, watches heartbeats and
 * deadlines, and restarts it within a bounded policy. A native crash or a hang in the worker becomes a
 * typed, rejected call here — never a crashed host.
 */
import { DisposableSlot } from '../../../shared/lifecycle/disposable';
import type { HostToWorker, WorkerRequest, WorkerToHost } from '../../../shared/protocol/worker-protocol';
import { interval, timeout } from '../util/disposables';
import type { Logger } from '../util/logger';
import { silentLogger } from '../util/logger';
import { TypedEmitter } from '../util/typed-emitter';
import type { SpawnWorker, WorkerChannel } from './worker-channel';
import { forkWorker } from './worker-channel';
import { WorkerCallError } from './worker-errors';
import { RestartPolicy } from './restart-policy';

/** Ways a worker can fail before it says ready that a fresh start can get past. */
const STARTUP_FAILURES = new Set<WorkerCallError['code']>(['worker-crashed', 'worker-hung']);

export interface WorkerHostOptions {
  spawn?: SpawnWorker;
  env?: NodeJS.ProcessEnv;
  /** No message (heartbeat or reply) for this long means the worker is hung. */
  hangTimeoutMs?: number;
  /** How long the worker may take to start and say ready. */
  startupTimeoutMs?: number;
  restartPolicy?: RestartPolicy;
  logger?: Logger;
}

export interface CallOptions {
  /** Reject with `deadline-exceeded` and restart the worker if the call takes longer. */
  deadlineMs?: number;
  onAudio?: (pcm: Float32Array, sampleRate: number) => void;
}

export type WorkerHostEvents = {
  started: { pid: number | undefined };
  crashed: { code: number | null; signal: string | null; reason: string };
  hung: { reason: string };
  restarted: { pid: number | undefined; recentRestarts: number };
  'gave-up': { reason: string };
  heartbeat: { rssBytes: number; atMs: number };
};

interface PendingCall {
  resolve: (value: unknown) => void;
  reject: (error: WorkerCallError) => void;
  onAudio?: (pcm: Float32Array, sampleRate: number) => void;
  timer?: NodeJS.Timeout;
  /** Next expected audio sequence number: out-of-order audio is a protocol error. */
  nextSeq: number;
}

export class WorkerHost {
  readonly events = new TypedEmitter<WorkerHostEvents>();
  private channel: WorkerChannel | undefined;
  private ready: Promise<void> | undefined;
  private readonly pending = new Map<number, PendingCall>();
  private nextCallId = 1;
  private lastMessageAtMs = 0;
  /** The call the worker said it is computing (from its last heartbeat), if that call has a deadline. */
  private busyCallId: number | null = null;
  /** The running worker's heartbeat check. */
  private readonly hangWatch = new DisposableSlot();
  private hasStarted = false;
  private gaveUp = false;
  private deliberateRestart = false;
  private disposed = false;
  private readonly spawn: SpawnWorker;
  private readonly hangTimeoutMs: number;
  private readonly startupTimeoutMs: number;
  readonly restartPolicy: RestartPolicy;
  private readonly logger: Logger;
  lastRssBytes: number | null = null;

  constructor(private readonly options: WorkerHostOptions = {}) {
    this.spawn = options.spawn ?? forkWorker;
    this.hangTimeoutMs = options.hangTimeoutMs ?? 10_000;
    this.startupTimeoutMs = options.startupTimeoutMs ?? 30_000;
    this.restartPolicy = options.restartPolicy ?? new RestartPolicy();
    this.logger = options.logger ?? silentLogger;
  }

  get pid(): number | undefined {
    return this.channel?.pid;
  }

  get isRunning(): boolean {
    return this.channel !== undefined;
  }

  /** Sends a request and resolves with the worker's result value. */
  async call<T>(request: WorkerRequest, options: CallOptions = {}): Promise<T> {
    await this.ensureRunning();
    const channel = this.channel;
    if (!channel) throw new WorkerCallError('worker-unavailable', 'the inference worker is not running');
    const callId = this.nextCallId++;
    return new Promise<T>((resolve, reject) => {
      const pending: PendingCall = {
        resolve: resolve as (value: unknown) => void,
        reject,
        onAudio: options.onAudio,
        nextSeq: 0,
      };
      if (options.deadlineMs !== undefined) {
        pending.timer = setTimeout(() => {
          this.recycle(
            'deadline-exceeded',
            `${request.type} took longer than its ${Math.round(options.deadlineMs! / 1000)} s deadline`,
            callId,
          );
        }, options.deadlineMs);
      }
      this.pending.set(callId, pending);
      channel.postMessage({ ...request, callId } as HostToWorker);
    });
  }

  /** Asks the worker to stop a running call; the call then rejects with `cancelled`. */
  cancel(targetCallId: number): void {
    this.channel?.postMessage({ type: 'cancel', callId: this.nextCallId++, targetCallId });
  }

  /**
   * Ends the worker now (e.g. to give GPU memory back) and starts a new one. A restart the host asks for
   * does not count against the crash budget, which is for crashes and hangs.
   */
  async restart(reason: string): Promise<void> {
    this.recycle('worker-crashed', `worker restarted: ${reason}`);
    this.deliberateRestart = true;
    await this.ensureRunning();
  }

  /** After the restart budget is spent, the user can allow new attempts. */
  resetAfterGiveUp(): void {
    this.gaveUp = false;
    this.restartPolicy.reset();
  }

  private async ensureRunning(): Promise<void> {
    if (this.disposed) throw new WorkerCallError('worker-unavailable', 'the worker host has been shut down');
    if (this.ready) return this.ready;
    if (this.gaveUp) {
      throw new WorkerCallError(
        'worker-unavailable',
        `the inference worker failed ${this.restartPolicy.maxRestarts} times in ${Math.round(this.restartPolicy.windowMs / 60_000)} minutes and was stopped`,
      );
    }
    let counted = this.hasStarted && !this.deliberateRestart;
    this.deliberateRestart = false;
    // A worker that dies or hangs while it starts (a driver crash, an antivirus, memory) is a crash like any
    // other: it is started again within the same restart policy, and only a spent budget fails the call.
    for (;;) {
      if (this.disposed)
        throw new WorkerCallError('worker-unavailable', 'the worker host has been shut down');
      if (counted) this.spendRestart();
      counted = true;
      const ready = this.startChannel();
      this.ready = ready;
      try {
        await ready;
        return;
      } catch (error) {
        if (this.ready === ready) this.ready = undefined;
        if (!(error instanceof WorkerCallError) || !STARTUP_FAILURES.has(error.code)) throw error;
        this.logger.warn(`the inference worker failed while starting: ${error.message}`);
      }
    }
  }

  /** Counts a restart against the policy; throws (and gives up) when its budget is spent. */
  private spendRestart(): void {
    if (this.restartPolicy.tryRestart()) return;
    this.gaveUp = true;
    const reason = `the inference worker crashed or hung ${this.restartPolicy.maxRestarts} times within ${Math.round(this.restartPolicy.windowMs / 60_000)} minutes; rendering stopped. Finished turns are kept.`;
    this.events.emit('gave-up', { reason });
    throw new WorkerCallError('worker-unavailable', reason);
  }

  /** Ends the worker process at once (SIGKILL), e.g. when the user forces the CLI to stop. */
  killNow(): void {
    const channel = this.channel;
    this.disposed = true;
    this.detach();
    channel?.kill();
    this.rejectAll('worker-unavailable', 'the inference worker was stopped');
  }

  private startChannel(): Promise<void> {
    const isRestart = this.hasStarted;
    this.hasStarted = true;
    const channel = this.spawn({ ...process.env, ...this.options.env });
    this.channel = channel;
    this.lastMessageAtMs = Date.now();
    return new Promise<void>((resolve, reject) => {
      const startupTimer = setTimeout(() => {
        reject(
          new WorkerCallError(
            'worker-hung',
            `the inference worker did not start within ${this.startupTimeoutMs / 1000} s`,
          ),
        );
        this.recycle('worker-hung', 'the worker did not start in time');
      }, this.startupTimeoutMs);
      channel.onMessage((message) => {
        if (this.channel !== channel) return;
        this.lastMessageAtMs = Date.now();
        if (message.type === 'ready') {
          clearTimeout(startupTimer);
          this.startHangWatch();
          this.events.emit('started', { pid: channel.pid });
          if (isRestart)
            this.events.emit('restarted', {
              pid: channel.pid,
              recentRestarts: this.restartPolicy.recentRestarts,
            });
          resolve();
          return;
        }
        this.onMessage(message);
      });
      channel.onExit((code, signal) => {
        clearTimeout(startupTimer);
        if (this.channel !== channel) {
          // Ended by the host (shut down or recycled) before it was ready: whoever waits for it stops waiting.
          reject(
            new WorkerCallError(
              this.disposed ? 'worker-unavailable' : 'worker-crashed',
              'the inference worker was stopped before it was ready',
            ),
          );
          return;
        }
        const reason = signal
          ? `the inference worker was killed by ${signal}`
          : `the inference worker exited with code ${code}`;
        this.logger.warn(reason);
        this.detach();
        this.rejectAll('worker-crashed', reason);
        this.events.emit('crashed', { code, signal, reason });
        reject(new WorkerCallError('worker-crashed', reason));
      });
    });
  }

  private onMessage(message: WorkerToHost): void {
    switch (message.type) {
      case 'heartbeat':
        this.busyCallId = message.busyCallId;
        this.lastRssBytes = message.rssBytes;
        this.events.emit('heartbeat', { rssBytes: message.rssBytes, atMs: message.atMs });
        return;
      case 'log':
        this.logger[message.level](`worker: ${message.message}`);
        return;
      case 'audio': {
        const pending = this.pending.get(message.callId);
        if (!pending) return;
        if (message.seq !== pending.nextSeq) {
          this.settle(
            message.callId,
            new WorkerCallError('engine-failed', `audio block ${message.seq} arrived out of order`),
          );
          return;
        }
        pending.nextSeq += 1;
        pending.onAudio?.(message.pcm, message.sampleRate);
        return;
      }
      case 'result':
        this.settle(message.callId, undefined, message.value);
        return;
      case 'error':
        this.settle(message.callId, new WorkerCallError(message.error.code, message.error.message));
        return;
      case 'ready':
        return;
    }
  }

  private settle(callId: number, error: WorkerCallError | undefined, value?: unknown): void {
    const pending = this.pending.get(callId);
    if (!pending) return;
    this.pending.delete(callId);
    clearTimeout(pending.timer);
    if (error) pending.reject(error);
    else pending.resolve(value);
  }

  private startHangWatch(): void {
    const checkEveryMs = Math.max(50, Math.min(1000, Math.floor(this.hangTimeoutMs / 4)));
    const check = () => {
      const silentForMs = Date.now() - this.lastMessageAtMs;
      // Busy with a call that has its own deadline: that deadline, scaled to the work, decides.
      const busyWithDeadline =
        this.busyCallId !== null && this.pending.get(this.busyCallId)?.timer !== undefined;
      if (silentForMs > this.hangTimeoutMs && !busyWithDeadline) {
        const reason = `no heartbeat from the inference worker for ${(silentForMs / 1000).toFixed(1)} s`;
        this.events.emit('hung', { reason });
        this.recycle('worker-hung', reason);
      }
    };
    this.hangWatch.set(interval(check, checkEveryMs));
  }

  /** Kills the current worker and rejects its calls (the timed-out one with `code`, others as crashed). */
  private recycle(code: WorkerCallError['code'], reason: string, culpritCallId?: number): void {
    const channel = this.channel;
    if (!channel) return;
    this.logger.warn(`recycling worker: ${reason}`);
    this.detach();
    channel.kill();
    if (culpritCallId !== undefined) this.settle(culpritCallId, new WorkerCallError(code, reason));
    this.rejectAll(culpritCallId === undefined ? code : 'worker-crashed', reason);
  }

  private detach(): void {
    this.busyCallId = null;
    this.hangWatch.clear();
    this.channel = undefined;
    this.ready = undefined;
  }

  private rejectAll(code: WorkerCallError['code'], reason: string): void {
    for (const callId of [...this.pending.keys()]) this.settle(callId, new WorkerCallError(code, reason));
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const channel = this.channel;
    this.detach();
    if (channel) {
      const exited = new Promise<void>((resolve) => channel.onExit(() => resolve()));
      channel.postMessage({ type: 'shutdown', callId: this.nextCallId++ });
      const killLater = timeout(() => channel.kill(), 2000);
      await exited;
      killLater.dispose();
    }
    this.rejectAll('worker-unavailable', 'the worker host was shut down');
    this.events.clear();
  }
}
