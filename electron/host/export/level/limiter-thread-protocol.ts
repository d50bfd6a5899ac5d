/** Messages between an encode pass (threaded-limiter.ts) and its limiter thread (limiter-thread.ts). */
import type { LimiterOptions } from '../loudness/limiter';

/** workerData of a limiter thread. */
export type LimiterThreadSetup = LimiterOptions;

export type ToLimiterThread =
  /** The next block of interleaved input, in order. */
  | { type: 'block'; pcm: Float32Array }
  /** The input has ended: send the delayed tail. */
  | { type: 'end' };

export type FromLimiterThread =
  /** The limited frames the block completed (fewer than given at the start: the limiter's delay). */
  | { type: 'limited'; pcm: Float32Array }
  | { type: 'tail'; pcm: Float32Array }
  | { type: 'failed'; message: string };
