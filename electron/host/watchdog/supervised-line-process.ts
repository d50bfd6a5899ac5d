/**
 * Keeps one long-lived child process that prints lines (nvidia-smi in loop mode) alive and honest:
 * lines are split across chunk boundaries and handed on; a child that prints no valid line within a
 * deadline (hung, or printing garbage) is killed; a child that exits is restarted with exponential
 * backoff; after `maxFailures` consecutive failures the supervisor gives up and says why, once.
 * Nothing here blocks: every wait is a timer, every read is an event.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { DisposableSlot } from '../../../shared/lifecycle/disposable';
import { timeout, waitAtMost } from '../util/disposables';
import { TypedEmitter } from '../util/typed-emitter';
import { LineSplitter } from './line-splitter';
import type { NvidiaSmiCommand } from './nvidia-smi-locate';

export interface SupervisedLineProcessOptions {
  command: NvidiaSmiCommand;
  args: string[];
  /** Handles one line; returns whether it was a valid line (only valid lines count as signs of life). */
  onLine: (line: string) => boolean;
  /** No valid line this long after (re)start: the child is treated as hung. null: no start deadline. */
  firstLineDeadlineMs: number | null;
  /** No valid line this long while running: hung. null: silence is allowed (e.g. no processes to list). */
  silenceDeadlineMs: number | null;
  /**
   * This many unreadable lines in a row (no valid one between) is a failure as soon as it happens, without
   * waiting out a deadline: a child that talks but never makes sense. null: only the deadlines judge.
   */
  maxUnreadableLines?: number | null;
  /** Consecutive failures (exit, hang, garbage) before giving up. */
  maxFailures: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /**
   * A child counts as recovered (the failure count goes back to zero) once it has printed valid lines for
   * this long, so one that prints a line and dies is still given up on.
   */
  stableAfterMs: number;
  env?: NodeJS.ProcessEnv;
}

export type SupervisedLineProcessEvents = {
  started: { pid: number | undefined };
  failure: { reason: string; consecutiveFailures: number; retryInMs: number | null };
  'gave-up': { reason: string; failures: number };
};

export type SupervisorState = 'idle' | 'running' | 'backoff' | 'gave-up' | 'disposed';

export class SupervisedLineProcess {
  readonly events = new TypedEmitter<SupervisedLineProcessEvents>();
  private child: ChildProcess | undefined;
  /** The current child's deadline (re-armed as lines arrive). */
  private readonly deadline = new DisposableSlot();
  /** The wait before the next start after a failure. */
  private readonly restart = new DisposableSlot();
  private consecutiveFailures = 0;
  private lastValidLineAtMs = 0;
  private sawValidLine = false;
  private launchedAtMs = 0;
  private lastNoise = '';
  private unreadableInARow = 0;
  private stateValue: SupervisorState = 'idle';
  private exitWaiters = new Set<() => void>();
  private launchCount = 0;

  constructor(private readonly options: SupervisedLineProcessOptions) {}

  get state(): SupervisorState {
    return this.stateValue;
  }

  /** How many times a child has been started (1 + restarts). */
  get launches(): number {
    return this.launchCount;
  }

  /** Pid of the running child, if any. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    if (this.stateValue !== 'idle') return;
    this.launch();
  }

  private launch(): void {
    const { command, args } = this.options;
    this.stateValue = 'running';
    this.launchCount += 1;
    this.sawValidLine = false;
    this.lastNoise = '';
    this.unreadableInARow = 0;
    this.launchedAtMs = Date.now();
    this.lastValidLineAtMs = this.launchedAtMs;
    let child: ChildProcess;
    try {
      child = spawn(command.file, [...command.prefixArgs, ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...(this.options.env ?? process.env), ...command.env },
        shell: command.shell,
        windowsHide: true,
      });
    } catch (error) {
      this.fail(`could not start ${command.file}: ${(error as Error).message}`);
      return;
    }
    this.child = child;
    const stdoutLines = new LineSplitter();
    const stderrLines = new LineSplitter(4096);
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      for (const line of stdoutLines.push(chunk)) {
        // A line that ended this child (garbage, say) ends the reading of its chunk too.
        if (this.child !== child) return;
        this.handleLine(line);
      }
    });
    child.stderr?.on('data', (chunk: string) => {
      for (const line of stderrLines.push(chunk)) if (line.trim()) this.lastNoise = line.trim().slice(0, 200);
    });
    let finished = false;
    const onGone = (reason: string) => {
      if (finished) return;
      finished = true;
      for (const resolve of this.exitWaiters) resolve();
      this.exitWaiters.clear();
      if (this.child !== child) return;
      this.fail(this.lastNoise ? `${reason} (${this.lastNoise})` : reason);
    };
    child.on('error', (error) => onGone(`could not run ${command.file}: ${error.message}`));
    child.on('exit', (code, signal) =>
      onGone(signal ? `nvidia-smi was ended by ${signal}` : `nvidia-smi exited with code ${code}`),
    );
    this.events.emit('started', { pid: child.pid });
    this.armDeadline(this.options.firstLineDeadlineMs);
  }

  private handleLine(line: string): void {
    if (line.trim().length === 0) return;
    if (this.options.onLine(line)) {
      this.unreadableInARow = 0;
      this.lastValidLineAtMs = Date.now();
      if (!this.sawValidLine) {
        this.sawValidLine = true;
        this.armDeadline(this.options.silenceDeadlineMs);
      }
      if (
        this.consecutiveFailures > 0 &&
        this.lastValidLineAtMs - this.launchedAtMs >= this.options.stableAfterMs
      ) {
        this.consecutiveFailures = 0;
      }
    } else {
      this.lastNoise = line.trim().slice(0, 200);
      this.unreadableInARow += 1;
      const limit = this.options.maxUnreadableLines ?? null;
      if (limit !== null && this.unreadableInARow >= limit) {
        this.fail(
          `nvidia-smi gave only unreadable output such as "${this.lastNoise}" (${limit} lines in a row)`,
        );
      }
    }
  }

  /** One timer per child: when it fires it checks the time since the last valid line and re-arms. */
  private armDeadline(deadlineMs: number | null): void {
    this.deadline.clear();
    if (deadlineMs === null) return;
    const check = () => {
      const silentMs = Date.now() - this.lastValidLineAtMs;
      if (silentMs >= deadlineMs) {
        const what = this.lastNoise ? `only unreadable output such as "${this.lastNoise}"` : 'no output';
        this.fail(`nvidia-smi gave ${what} for ${(silentMs / 1000).toFixed(1)} s`);
        return;
      }
      this.deadline.set(timeout(check, deadlineMs - silentMs, { unref: true }));
    };
    this.deadline.set(timeout(check, deadlineMs, { unref: true }));
  }

  private fail(reason: string): void {
    if (this.stateValue !== 'running') return;
    this.stopChild();
    this.consecutiveFailures += 1;
    if (this.consecutiveFailures >= this.options.maxFailures) {
      this.stateValue = 'gave-up';
      this.events.emit('failure', { reason, consecutiveFailures: this.consecutiveFailures, retryInMs: null });
      this.events.emit('gave-up', { reason, failures: this.consecutiveFailures });
      return;
    }
    const retryInMs = Math.min(
      this.options.backoffMaxMs,
      this.options.backoffBaseMs * 2 ** (this.consecutiveFailures - 1),
    );
    this.stateValue = 'backoff';
    this.events.emit('failure', { reason, consecutiveFailures: this.consecutiveFailures, retryInMs });
    this.restart.set(
      timeout(
        () => {
          this.restart.clear();
          if (this.stateValue === 'backoff') this.launch();
        },
        retryInMs,
        { unref: true },
      ),
    );
  }

  private stopChild(): void {
    this.deadline.clear();
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }

  /** Kills the child and clears every timer; waits (bounded) for the child to be gone. */
  async dispose(): Promise<void> {
    if (this.stateValue === 'disposed') return;
    const child = this.child;
    const running = child !== undefined && child.exitCode === null && child.signalCode === null;
    const exited = running
      ? new Promise<void>((resolve) => this.exitWaiters.add(resolve))
      : Promise.resolve();
    this.stateValue = 'disposed';
    this.restart.dispose();
    this.stopChild();
    this.deadline.dispose();
    // A process stuck in the driver may not die at once; do not hold the host's shutdown for it.
    await waitAtMost(exited, 1000);
    this.events.clear();
  }
}
