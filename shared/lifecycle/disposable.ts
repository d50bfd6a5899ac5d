/**
 * One owner per resource. A `Disposable` releases what it holds (a timer, a listener, a process, a
 * thread) when disposed; a `DisposableStore` owns many and releases them together, last added first, so
 * a listener on a process goes before the process. Modelled on VS Code's DisposableStore, with two
 * differences: a resource added to a store that is already disposed is released at once (a late
 * listener must not outlive its owner), and one resource that fails to release does not keep the
 * others: every one is tried and the failures are reported together.
 */

/** Something that releases what it holds. `dispose()` may be called more than once. */
export interface Disposable {
  dispose(): void;
}

/** What a store accepts: a disposable, or a clean-up function such as an unsubscribe. */
export type DisposableLike = Disposable | (() => void);

/** Wraps a clean-up function; it runs at most once, however often the result is disposed. */
export function toDisposable(cleanup: () => void): Disposable {
  let done = false;
  return {
    dispose() {
      if (done) return;
      done = true;
      cleanup();
    },
  };
}

/** The resources that failed to release, after every other one was released. */
export class DisposeError extends AggregateError {
  constructor(errors: unknown[]) {
    super(
      errors,
      `${errors.length} resource${errors.length === 1 ? '' : 's'} failed to release: ${errors
        .map((error) => (error instanceof Error ? error.message : String(error)))
        .join('; ')}`,
    );
    this.name = 'DisposeError';
  }
}

export interface DisposableStoreOptions {
  /**
   * Told about each resource that failed to release. Without it, `dispose()`, `clear()` and `delete()`
   * throw a DisposeError after releasing everything else.
   */
  onError?: (error: unknown) => void;
}

/** Owns resources and releases them, last added first, when it is disposed or cleared. */
export class DisposableStore implements Disposable {
  private items: Disposable[] = [];
  private disposed = false;

  constructor(private readonly options: DisposableStoreOptions = {}) {}

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** How many resources the store holds now. */
  get size(): number {
    return this.items.length;
  }

  /**
   * Takes ownership and returns the resource (a function is wrapped). Added after the store was
   * disposed, it is released at once.
   */
  add<T extends Disposable>(item: T): T;
  add(cleanup: () => void): Disposable;
  add(item: DisposableLike): Disposable {
    const disposable = typeof item === 'function' ? toDisposable(item) : item;
    if (this.disposed) this.release([disposable]);
    else this.items.push(disposable);
    return disposable;
  }

  /** Releases one resource now and forgets it (a no-op for one the store does not hold). */
  delete(item: Disposable): void {
    const index = this.items.indexOf(item);
    if (index < 0) return;
    this.items.splice(index, 1);
    this.release([item]);
  }

  /** Releases everything held so far; the store stays usable (for resources that come and go together). */
  clear(): void {
    this.release(this.items.splice(0).reverse());
  }

  /** Releases everything and every resource added later. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.clear();
  }

  private release(items: Disposable[]): void {
    const errors: unknown[] = [];
    for (const item of items) {
      try {
        item.dispose();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length === 0) return;
    if (this.options.onError) for (const error of errors) this.options.onError(error);
    else throw new DisposeError(errors);
  }
}

/**
 * Holds at most one resource that is replaced over time (a timer that is re-armed, the current child of
 * a supervisor): setting a new one releases the one before. Like VS Code's MutableDisposable; after
 * `dispose()`, a resource that is set is released at once.
 */
export class DisposableSlot<T extends Disposable = Disposable> implements Disposable {
  private current: T | undefined;
  private disposed = false;

  get value(): T | undefined {
    return this.current;
  }

  /** Releases the resource held before (if any) and holds this one. */
  set(item: T): T {
    const previous = this.current;
    this.current = undefined;
    previous?.dispose();
    if (this.disposed) item.dispose();
    else this.current = item;
    return item;
  }

  /** Releases the resource held now, if any. */
  clear(): void {
    const previous = this.current;
    this.current = undefined;
    previous?.dispose();
  }

  dispose(): void {
    this.disposed = true;
    this.clear();
  }
}
