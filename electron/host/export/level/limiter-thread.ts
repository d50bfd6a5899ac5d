/**
 * Entry of a limiter thread (worker_threads): runs the true-peak limiter of one encode pass, so that the
 * limiter and the rest of the pass (output meter, checks, encoder) use both cores. Every block is answered
 * in order, with what the limiter returns for it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { TruePeakLimiter } from '../loudness/limiter';
import type { FromLimiterThread, LimiterThreadSetup, ToLimiterThread } from './limiter-thread-protocol';

const port = parentPort;
if (!port) throw new Error('limiter-thread.ts runs as a worker thread');
const reply = (message: FromLimiterThread, pcm?: Float32Array) =>
  port.postMessage(message, pcm ? [pcm.buffer as ArrayBuffer] : []);

let limiter: TruePeakLimiter | null = null;
let failed = false;
port.on('message', (message: ToLimiterThread) => {
  if (failed) return;
  try {
    limiter ??= new TruePeakLimiter(workerData as LimiterThreadSetup);
    if (message.type === 'block') {
      const pcm = limiter.process(message.pcm);
      reply({ type: 'limited', pcm }, pcm);
    } else {
      const pcm = limiter.flush();
      reply({ type: 'tail', pcm }, pcm);
    }
  } catch (error) {
    failed = true;
    reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
});
