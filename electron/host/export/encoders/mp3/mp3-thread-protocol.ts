/** Messages between an MP3 encoder (mp3-encoder.ts) and its encoding thread (mp3-thread.ts). */

/** workerData of an MP3 thread. */
export interface Mp3ThreadSetup {
  sampleRate: number;
  channels: 1 | 2;
  bitrateKbps: number;
}

export type ToMp3Thread =
  /** The next block of interleaved float samples, in order. */
  | { type: 'block'; pcm: Float32Array }
  /** The input has ended: flush the encoder. */
  | { type: 'end' };

export type FromMp3Thread =
  /** The MP3 bytes the block completed (often none for a short block: LAME works in whole frames). */
  | { type: 'encoded'; bytes: Uint8Array }
  /** The last frames, after `end`. */
  | { type: 'tail'; bytes: Uint8Array }
  | { type: 'failed'; message: string };
