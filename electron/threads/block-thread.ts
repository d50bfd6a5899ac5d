/**
 * The calling side of a block thread (block-thread-protocol.ts; the thread runs serve-blocks.ts): blocks
 * go out as they come, answers come back in order. The caller decides how many blocks to keep in flight.
 * The thread's failure, error or exit is thrown from `next` as the caller's own error.
 */
import type { Worker } from 'node:worker_threads';
import type { FromBlockThread, ToBlockThread } from './block-thread-protocol';
import { startModuleThread } from './module-thread';
import { ThreadReplies } from './thread-replies';

export class BlockThread<In extends ArrayBufferView, Out> {
  private readonly thread: Worker;
  private readonly replies: ThreadReplies<FromBlockThread<Out>>;
  private stopped = false;

  /**
   * @param entry as for startModuleThread: the caller's `import.meta.url`, the source entry and the bundled name
   * @param failure the error to throw for the thread's message
   */
  constructor(
    entry: { callerUrl: string; sourceEntry: string; bundledName: string },
    setup: unknown,
    private readonly failure: (message: string) => Error,
  ) {
    this.thread = startModuleThread(entry.callerUrl, entry.sourceEntry, entry.bundledName, setup);
    this.replies = new ThreadReplies<FromBlockThread<Out>>(this.thread, (message) => ({
      type: 'failed',
      message,
    }));
  }

  /** Sends the next block; its buffer is given away (send a copy of anything still in use). */
  send(data: In): void {
    this.post({ type: 'block', data }, [data.buffer as ArrayBuffer]);
  }

  /** Says the input has ended; the answer is the tail. */
  end(): void {
    this.post({ type: 'end' }, []);
  }

  /** The next answer in order: what a block completed, or (`tail`) what `end` let out. */
  async next(): Promise<{ data: Out; tail: boolean }> {
    const reply = await this.replies.next();
    if (reply.type === 'failed') throw this.failure(reply.message);
    return { data: reply.data, tail: reply.type === 'tail' };
  }

  /** Ends the thread (at once: whatever is in flight is dropped). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.replies.dispose();
    await this.thread.terminate();
  }

  private post(message: ToBlockThread<In>, transfer: ArrayBuffer[]): void {
    this.thread.postMessage(message, transfer);
  }
}
