/** Messages between the inference worker's main thread and its espeak threads (espeak-pool.ts). */
import type { EspeakSynthOptions } from './espeak-wasm';

/** workerData of an espeak thread. */
export interface EspeakThreadData {
  /**
   * One Int32 the pool sets to the id of a request to stop: synthesis runs synchronously on the thread, so
   * a message could not reach it before the request ends.
   */
  cancel: SharedArrayBuffer;
}

export type ToEspeakThread = { type: 'synthesize'; id: number; text: string; options: EspeakSynthOptions };

export type EspeakThreadFailure = 'unknown-voice' | 'engine-failed';

export type FromEspeakThread =
  | { type: 'ready' }
  /** Mono float32 samples at the thread's sample rate, about a second per message. */
  | { type: 'audio'; id: number; pcm: Float32Array }
  | { type: 'done'; id: number; cancelled: boolean }
  | { type: 'failed'; id: number; code: EspeakThreadFailure; message: string };
