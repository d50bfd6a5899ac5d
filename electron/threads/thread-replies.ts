/**
 * A worker thread's replies in arrival order, awaited one at a time; the thread's error or exit becomes a
 * reply of its own (the caller's failure message), so a waiting caller is never left hanging.
 */
import type { Worker } from 'node:worker_threads';

export class ThreadReplies<Reply> {
  private readonly queue: Reply[] = [];
  private waiter: ((reply: Reply) => void) | null = null;
  private readonly onMessage = (reply: Reply) => this.push(reply);
  private readonly onError = (error: Error) => this.push(this.failure(error.message));
  private readonly onExit = (code: number) => this.push(this.failure(`the thread exited (code ${code})`));

  constructor(
    private readonly thread: Worker,
    private readonly failure: (message: string) => Reply,
  ) {
    thread.on('message', this.onMessage);
    thread.on('error', this.onError);
    thread.on('exit', this.onExit);
  }

  next(): Promise<Reply> {
    const ready = this.queue.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    return new Promise((resolve) => (this.waiter = resolve));
  }

  private push(reply: Reply): void {
    const waiter = this.waiter;
    this.waiter = null;
    if (waiter) waiter(reply);
    else this.queue.push(reply);
  }

  dispose(): void {
    this.thread.off('message', this.onMessage);
    this.thread.off('error', this.onError);
    this.thread.off('exit', this.onExit);
  }
}
