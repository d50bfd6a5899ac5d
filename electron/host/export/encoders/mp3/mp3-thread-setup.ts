/**
 * workerData of an MP3 thread (mp3-thread.ts). Its messages are a block thread's
 * (threads/block-thread-protocol.ts): interleaved float blocks in, MP3 bytes out.
 */
export interface Mp3ThreadSetup {
  sampleRate: number;
  channels: 1 | 2;
  bitrateKbps: number;
}
