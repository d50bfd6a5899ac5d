/**
 * The true-peak limiter of an encode pass on a thread of its own: blocks go out as they are read, limited
 * blocks come back in order, and the pass keeps a few in flight so that the limiter (one core) and the
 * output meter, checks and encoder (the other) work at the same time. The output is the same as the
 * limiter's in this thread, sample for sample (the same code on the same blocks).
 */
import type { Worker } from 'node:worker_threads';
import { startModuleThread } from '../../../threads/module-thread';
import { ThreadReplies } from '../../../threads/thread-replies';
import type { LimiterOptions } from '../loudness/limiter';
import type { FromLimiterThread, LimiterThreadSetup, ToLimiterThread } from './limiter-thread-protocol';

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
  const setup: LimiterThreadSetup = { ...options };
  const thread = startModuleThread(import.meta.url, './limiter-thread', 'limiter-thread', setup);
  const replies = new ThreadReplies<FromLimiterThread>(thread, (message) => ({ type: 'failed', message }));
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
          post(thread, { type: 'end' });
        } else {
          // A copy goes to the thread: the source may reuse or still read its block.
          const copy = next.value.slice();
          post(thread, { type: 'block', pcm: copy }, copy);
        }
        sent++;
      }
      if (received === sent) break;
      const reply = await replies.next();
      received++;
      if (reply.type === 'failed') throw new LimiterThreadError(reply.message);
      if (reply.pcm.length > 0) yield reply.pcm;
      if (reply.type === 'tail') break;
    }
  } finally {
    replies.dispose();
    await thread.terminate();
    // Stopped early (failure, abort, a consumer that broke off): let the source close its file.
    if (!ended) await iterator.return?.();
  }
}

function post(thread: Worker, message: ToLimiterThread, pcm?: Float32Array): void {
  thread.postMessage(message, pcm ? [pcm.buffer as ArrayBuffer] : []);
}
