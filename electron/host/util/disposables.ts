/**
 * Node resources as disposables for a DisposableStore (shared/lifecycle/disposable.ts): timers and
 * listeners on Node event emitters (processes, sockets, servers, threads).
 */
import type { Disposable } from '../../../shared/lifecycle/disposable';
import { toDisposable } from '../../../shared/lifecycle/disposable';

export interface TimerOptions {
  /** The timer alone does not keep the process alive (Node's `unref`). */
  unref?: boolean;
}

/** `setTimeout` that disposing clears. */
export function timeout(run: () => void, ms: number, options: TimerOptions = {}): Disposable {
  const timer = setTimeout(run, ms);
  if (options.unref) timer.unref();
  return toDisposable(() => clearTimeout(timer));
}

/** `setInterval` that disposing clears. */
export function interval(run: () => void, ms: number, options: TimerOptions = {}): Disposable {
  const timer = setInterval(run, ms);
  if (options.unref) timer.unref();
  return toDisposable(() => clearInterval(timer));
}

interface NodeEmitter<Listener> {
  on(event: string, listener: Listener): unknown;
  off(event: string, listener: Listener): unknown;
}

/** Adds a listener that disposing removes. */
export function listen<Listener extends (...args: never[]) => void>(
  emitter: NodeEmitter<Listener>,
  event: string,
  listener: Listener,
): Disposable {
  emitter.on(event, listener);
  return toDisposable(() => emitter.off(event, listener));
}

/** Runs `run` when `signal` aborts (not if it already has); disposing removes the listener. */
export function onAbort(signal: AbortSignal, run: () => void): Disposable {
  signal.addEventListener('abort', run, { once: true });
  return toDisposable(() => signal.removeEventListener('abort', run));
}

/**
 * Waits for `promise` for at most `ms`; true when it settled in time. The timer is cleared either way, so
 * a process is never kept alive by a wait that is over.
 */
export async function waitAtMost(
  promise: Promise<unknown>,
  ms: number,
  options: TimerOptions = {},
): Promise<boolean> {
  let timer: Disposable | undefined;
  const expired = new Promise<false>((resolve) => (timer = timeout(() => resolve(false), ms, options)));
  try {
    return await Promise.race([
      promise.then(
        () => true as const,
        () => true as const,
      ),
      expired,
    ]);
  } finally {
    timer?.dispose();
  }
}
