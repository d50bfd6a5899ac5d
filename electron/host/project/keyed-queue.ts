/**
 * Runs tasks one at a time per key (a project folder), in the order they were queued. A failed task does
 * not stop the ones queued after it.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Resolves when everything queued for `key` so far has finished. */
  async idle(key: string): Promise<void> {
    await this.tails.get(key);
  }

  /** Keys with queued or running tasks. */
  get activeKeys(): number {
    return this.tails.size;
  }
}

/** One queue per process: two stores in one process still never write the same folder at once. */
export const projectDirQueue = new KeyedQueue();
