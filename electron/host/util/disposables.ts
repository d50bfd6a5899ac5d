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
