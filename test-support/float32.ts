/** Float32 audio helpers for tests: join blocks, and drain a block stream into one array. */

export function concatFloat32(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Every block of `source`, copied (a source may reuse its blocks), joined. */
export async function collectFloat32(
  source: AsyncIterable<Float32Array> | (() => AsyncIterable<Float32Array>),
): Promise<Float32Array> {
  const parts: Float32Array[] = [];
  for await (const block of typeof source === 'function' ? source() : source) parts.push(block.slice());
  return concatFloat32(parts);
}

/** A block processor with a delayed tail (resampler, limiter). */
export interface StreamProcessor {
  readonly channels: number;
  process(interleaved: Float32Array): Float32Array;
  flush(): Float32Array;
}

/** Feeds `input` to `processor` in blocks of `splits` frames, then its tail; the whole output joined. */
export function processInBlocks(
  processor: StreamProcessor,
  input: Float32Array,
  splits: number[],
): Float32Array {
  const parts: Float32Array[] = [];
  let at = 0;
  for (const frames of splits) {
    parts.push(processor.process(input.slice(at, at + frames * processor.channels)));
    at += frames * processor.channels;
  }
  parts.push(processor.flush());
  return concatFloat32(parts);
}
