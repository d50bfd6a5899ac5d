/**
 * Messages of a block thread: a stream of blocks goes in, in order, and every message is answered in order
 * with what it completed (the MP3 encoder's thread: MP3 bytes; the limiter's: limited samples). Arrays
 * travel as transfers: a sender gives away the buffer of what it sends.
 */

export type ToBlockThread<In> =
  /** The next block, in order. */
  | { type: 'block'; data: In }
  /** The input has ended: send what is still held back (an encoder's last frames, a limiter's delay). */
  | { type: 'end' };

export type FromBlockThread<Out> =
  /** What a block completed (may be empty: an encoder works in whole frames, a limiter has a delay). */
  | { type: 'block'; data: Out }
  /** What `end` let out. */
  | { type: 'tail'; data: Out }
  /** The thread stopped: nothing more is answered. */
  | { type: 'failed'; message: string };
