/**
 * Entry of a limiter thread (worker_threads, a block thread: threads/serve-blocks.ts): runs the true-peak
 * limiter of one encode pass, so that the limiter and the rest of the pass (output meter, checks, encoder)
 * use both cores. Every block is answered in order, with what the limiter returns for it. workerData: the
 * LimiterOptions.
 */
import { workerData } from 'node:worker_threads';
import { serveBlocks } from '../../../threads/serve-blocks';
import type { LimiterOptions } from '../loudness/limiter';
import { TruePeakLimiter } from '../loudness/limiter';

serveBlocks<Float32Array, Float32Array>('limiter-thread.ts', () => {
  const limiter = new TruePeakLimiter(workerData as LimiterOptions);
  return { block: (pcm) => limiter.process(pcm), end: () => limiter.flush() };
});
