/**
 * Entry of an MP3 encoding thread (worker_threads): LAME compiled to WebAssembly (wasm-media-encoders)
 * encodes one file's blocks in order, so that coding (the export's heaviest step) runs beside the
 * export's meter, checks and file writes. A block thread (threads/serve-blocks.ts): every block is
 * answered in order with the bytes it completed.
 */
import { workerData } from 'node:worker_threads';
import type { WasmMediaEncoder } from 'wasm-media-encoders';
import { createMp3Encoder } from 'wasm-media-encoders';
import { serveBlocks } from '../../../../threads/serve-blocks';
import type { Mp3ThreadSetup } from './mp3-thread-setup';

/** The constant bit rates the package's types list (mp3-encoder.ts checks ours are among them). */
type LameBitrate = NonNullable<Parameters<WasmMediaEncoder<'audio/mpeg'>['configure']>[0]['bitrate']>;

const setup = workerData as Mp3ThreadSetup;

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

// Started at once, so that WebAssembly compiles while the export opens its file.
const ready = createMp3Encoder().then((encoder) => {
  encoder.configure({
    sampleRate: setup.sampleRate,
    channels: setup.channels,
    bitrate: setup.bitrateKbps as LameBitrate,
  });
  return encoder;
});

// The encoder's bytes live in WebAssembly memory that the next call reuses: each answer is a copy.
serveBlocks<Float32Array, Uint8Array>('mp3-thread.ts', async () => {
  const encoder = await ready;
  return {
    block: (pcm) => encoder.encode(deinterleave(pcm, setup.channels)).slice(),
    end: () => encoder.finalize().slice(),
  };
});
