/**
 * The true-peak limiter of an encode pass on a thread of its own: blocks go out as they are read, limited
 * blocks come back in order, and the pass keeps a few in flight so that the limiter (one core) and the
 * output meter, checks and encoder (the other) work at the same time. The output is the same as the
 * limiter's in this thread, sample for sample (the same code on the same blocks).
 */
import { BlockThread } from '../../../threads/block-thread';
import type { LimiterOptions } from '../loudness/limiter';

/** Blocks sent ahead of the one the pass is waiting for. */
const IN_FLIGHT = 4;

export class LimiterThreadError extends Error {
  constructor(message: string) {
    super(`the export's limiter stopped: ${message}`);
    this.name = 'LimiterThreadError';
  }
}

/** Limits `source` (interleaved blocks) on a thread; yields the output in order, tail included. */
export async function* limitOnThread(
  source: AsyncIterable<Float32Array>,
  options: LimiterOptions,
): AsyncGenerator<Float32Array> {
  const thread = new BlockThread<Float32Array, Float32Array>(
    { callerUrl: import.meta.url, sourceEntry: './limiter-thread', bundledName: 'limiter-thread' },
    { ...options },
    (message) => new LimiterThreadError(message),
  );
  const iterator = source[Symbol.asyncIterator]();
  let ended = false;
  try {
    let sent = 0;
    let received = 0;
    for (;;) {
      while (!ended && sent - received < IN_FLIGHT) {
        const next = await iterator.next();
        if (next.done) {
          ended = true;
          thread.end();
        } else {
          // A copy goes to the thread: the source may reuse or still read its block.
          thread.send(next.value.slice());
        }
        sent++;
      }
      if (received === sent) break;
      const reply = await thread.next();
      received++;
      if (reply.data.length > 0) yield reply.data;
      if (reply.tail) break;
    }
  } finally {
    await thread.stop();
    // Stopped early (failure, abort, a consumer that broke off): let the source close its file.
    if (!ended) await iterator.return?.();
  }
}
