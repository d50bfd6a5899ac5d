/**
 * Ctrl+C (SIGINT), SIGTERM and SIGHUP: the first one aborts the running command through an AbortSignal, so
 * its own clean-up runs (the render is cancelled, temporary and spool files are deleted, the worker is shut
 * down) and it ends with the signal's exit code; a second one forces the exit at once.
 */

/** Exit codes as shells report a process ended by the signal (128 + its number). */
export const STOP_EXIT_CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
export type StopSignal = keyof typeof STOP_EXIT_CODES;
const STOP_SIGNALS = Object.keys(STOP_EXIT_CODES) as StopSignal[];

/** The abort reason of a command stopped by a signal. */
export class InterruptedError extends Error {
  constructor(readonly signal: StopSignal) {
    super(`stopped by ${signal}`);
    this.name = 'InterruptedError';
  }

  get exitCode(): number {
    return STOP_EXIT_CODES[this.signal];
  }
}

/** The signal that stopped a command, if `signal` was aborted by one. */
export function interruptOf(signal: AbortSignal | undefined): InterruptedError | undefined {
  return signal?.aborted && signal.reason instanceof InterruptedError ? signal.reason : undefined;
}

/** What the handlers listen on (the process, or a fake in tests). */
export interface SignalSource {
  on(signal: StopSignal, listener: () => void): unknown;
  off(signal: StopSignal, listener: () => void): unknown;
}

export interface InterruptOptions {
  /** Runs on the second signal, before `exit`: end child processes now (synchronously). */
  onForce?: () => void;
  /** Called with the exit code on the second signal. */
  exit: (code: number) => void;
  /** One line on stderr for the forced exit. */
  stderr: (text: string) => void;
  /** Whether the command stops on the signal; if not, the first signal already forces the exit. */
  cooperative: boolean;
}

export class Interrupts {
  private readonly controller = new AbortController();
  private readonly listeners = new Map<StopSignal, () => void>();

  constructor(
    private readonly source: SignalSource,
    private readonly options: InterruptOptions,
  ) {
    for (const name of STOP_SIGNALS) {
      const listener = () => this.receive(name);
      this.listeners.set(name, listener);
      source.on(name, listener);
    }
  }

  /** Aborted (with an InterruptedError) by the first signal. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  private receive(name: StopSignal): void {
    const first = interruptOf(this.controller.signal);
    if (!first) this.controller.abort(new InterruptedError(name));
    if (!first && this.options.cooperative) return;
    try {
      this.options.onForce?.();
    } finally {
      this.options.stderr(
        first ? `\nroundtable: stopped at once (${name} again)\n` : `\nroundtable: stopped (${name})\n`,
      );
      this.options.exit((first ?? new InterruptedError(name)).exitCode);
    }
  }

  dispose(): void {
    for (const [name, listener] of this.listeners) this.source.off(name, listener);
    this.listeners.clear();
  }
}
