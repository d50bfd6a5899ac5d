/**
 * Entry of an MP3 encoding thread (worker_threads): LAME compiled to WebAssembly (wasm-media-encoders)
 * encodes one file's blocks in order, so that coding (the export's heaviest step) runs beside the
 * export's meter, checks and file writes instead of blocking the host's event loop. Every block is
 * answered in order with the bytes it completed.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { WasmMediaEncoder } from 'wasm-media-encoders';
import { createMp3Encoder } from 'wasm-media-encoders';
import type { FromMp3Thread, Mp3ThreadSetup, ToMp3Thread } from './mp3-thread-protocol';

/** The constant bit rates the package's types list (mp3-encoder.ts checks ours are among them). */
type LameBitrate = NonNullable<Parameters<WasmMediaEncoder<'audio/mpeg'>['configure']>[0]['bitrate']>;

const port = parentPort;
if (!port) throw new Error('mp3-thread.ts runs as a worker thread');
const setup = workerData as Mp3ThreadSetup;

/** The encoder's bytes live in WebAssembly memory that the next call reuses: send a copy. */
const reply = (message: FromMp3Thread) =>
  port.postMessage(message, 'bytes' in message ? [message.bytes.buffer as ArrayBuffer] : []);
const fail = (error: unknown) =>
  reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });

const planes = [new Float32Array(0), new Float32Array(0)];

/** The interleaved block as one plane per channel (reusing the planes while they are large enough). */
function deinterleave(pcm: Float32Array, channels: 1 | 2): Float32Array[] {
  if (channels === 1) return [pcm];
  const frames = pcm.length >> 1;
  if ((planes[0] as Float32Array).length < frames) {
    planes[0] = new Float32Array(frames);
    planes[1] = new Float32Array(frames);
  }
  const left = (planes[0] as Float32Array).subarray(0, frames);
  const right = (planes[1] as Float32Array).subarray(0, frames);
  for (let i = 0, at = 0; i < frames; i++, at += 2) {
    left[i] = pcm[at] as number;
    right[i] = pcm[at + 1] as number;
  }
  return [left, right];
}

const ready = createMp3Encoder().then((encoder) => {
  encoder.configure({
    sampleRate: setup.sampleRate,
    channels: setup.channels,
    bitrate: setup.bitrateKbps as LameBitrate,
  });
  return encoder;
});

let failed = false;
// Messages are handled one after the other: the chain keeps them in order across the encoder's start-up.
let chain: Promise<void> = Promise.resolve();
port.on('message', (message: ToMp3Thread) => {
  chain = chain.then(async () => {
    if (failed) return;
    try {
      const encoder = await ready;
      if (message.type === 'block') {
        reply({ type: 'encoded', bytes: encoder.encode(deinterleave(message.pcm, setup.channels)).slice() });
      } else {
        reply({ type: 'tail', bytes: encoder.finalize().slice() });
      }
    } catch (error) {
      failed = true;
      fail(error);
    }
  });
});
