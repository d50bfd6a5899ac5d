/**
 * The mixing stage after speech assembly: the speech bus (interleaved, at the export rate) plus every bed,
 * each at its level, faded, and ducked by the speech (shared/model/bed-envelope.ts), as interleaved blocks exactly
 * `totalFrames` long (the programme: longer than the speech where an outro plays on).
 *
 * Streams: the speech is held only as far ahead as the longest attack (the ducker's look-ahead) plus one
 * block, and each bed reads its file a block at a time, so memory does not grow with the episode.
 */
import type { PlacedBed } from '../../../shared/model/bed-placement';
import { DuckEnvelope, speechKey } from '../../../shared/model/bed-envelope';
import { BedStream } from './bed-stream';
import type { BedStore } from './bed-store';

export const MIX_BLOCK_FRAMES = 16_384;

export interface BedMixSpec {
  placed: readonly PlacedBed[];
  store: BedStore;
  sampleRate: number;
  channels: 1 | 2;
  totalFrames: number;
  signal?: AbortSignal;
}

interface ActiveBed {
  placed: PlacedBed;
  stream: BedStream | null;
  envelope: DuckEnvelope | null;
  done: boolean;
}

export async function* mixBeds(
  speech: AsyncIterable<Float32Array>,
  spec: BedMixSpec,
): AsyncGenerator<Float32Array> {
  const { channels, totalFrames, sampleRate } = spec;
  const beds: ActiveBed[] = spec.placed
    .filter((placed) => placed.frames > 0 && placed.startFrame + placed.frames > 0)
    .map((placed) => ({
      placed,
      stream: null,
      envelope: placed.bed.duck ? new DuckEnvelope(placed.bed.duck, sampleRate) : null,
      done: false,
    }));
  const lookahead = Math.max(0, ...beds.map((bed) => bed.envelope?.lookahead ?? 0));
  // The speech not yet mixed: frames [position, position + held) and their key.
  let held = 0;
  let position = 0;
  let pending = new Float32Array(0);
  let key = new Uint8Array(0);
  let speechFrames = 0;
  const append = (block: Float32Array) => {
    const frames = block.length / channels;
    const need = held + frames;
    if (key.length < need) {
      const grown = Math.max(need, key.length * 2, MIX_BLOCK_FRAMES);
      const nextPending = new Float32Array(grown * channels);
      nextPending.set(pending.subarray(0, held * channels));
      const nextKey = new Uint8Array(grown);
      nextKey.set(key.subarray(0, held));
      pending = nextPending;
      key = nextKey;
    }
    pending.set(block, held * channels);
    speechKey(block, channels, key, held);
    held += frames;
    speechFrames += frames;
  };
  const emit = async (frames: number): Promise<Float32Array> => {
    const out = pending.slice(0, frames * channels);
    const window = { key, start: position, end: position + held };
    for (const bed of beds) await addBed(bed, out, position, frames, window, spec);
    pending.copyWithin(0, frames * channels, held * channels);
    key.copyWithin(0, frames, held);
    held -= frames;
    position += frames;
    return out;
  };

  try {
    for await (const block of speech) {
      spec.signal?.throwIfAborted();
      const room = totalFrames - speechFrames;
      if (room <= 0) continue;
      append(block.length / channels > room ? block.subarray(0, room * channels) : block);
      while (held - lookahead >= MIX_BLOCK_FRAMES) yield await emit(MIX_BLOCK_FRAMES);
    }
    // The speech has ended: the rest of the programme is silence under the beds.
    while (speechFrames < totalFrames) {
      append(new Float32Array(Math.min(MIX_BLOCK_FRAMES, totalFrames - speechFrames) * channels));
      while (held - lookahead >= MIX_BLOCK_FRAMES) yield await emit(MIX_BLOCK_FRAMES);
    }
    while (held > 0) {
      spec.signal?.throwIfAborted();
      yield await emit(Math.min(MIX_BLOCK_FRAMES, held));
    }
  } finally {
    for (const bed of beds) await bed.stream?.close();
  }
}

/** Adds `bed`'s part of frames [first, first + frames) to `out`. */
async function addBed(
  bed: ActiveBed,
  out: Float32Array,
  first: number,
  frames: number,
  window: { key: Uint8Array; start: number; end: number },
  spec: BedMixSpec,
): Promise<void> {
  if (bed.done) return;
  const { placed } = bed;
  const from = Math.max(first, placed.startFrame);
  const to = Math.min(first + frames, placed.startFrame + placed.frames);
  if (to <= from) return;
  if (!bed.stream) {
    bed.stream = new BedStream(
      await spec.store.openAtRate(placed.bed.audio, spec.sampleRate),
      placed,
      spec.sampleRate,
      spec.channels,
    );
    if (from > placed.startFrame) await bed.stream.skip(from - placed.startFrame);
  }
  const count = to - from;
  const samples = await bed.stream.read(count);
  const gains = new Float32Array(count);
  if (bed.envelope) bed.envelope.gains(from, gains, window);
  else gains.fill(1);
  const channels = spec.channels;
  const offset = (from - first) * channels;
  for (let i = 0; i < count; i++) {
    const g = gains[i] as number;
    for (let c = 0; c < channels; c++) {
      const at = offset + i * channels + c;
      out[at] = (out[at] as number) + (samples[i * channels + c] as number) * g;
    }
  }
  if (bed.stream.remaining === 0) {
    bed.done = true;
    await bed.stream.close();
    bed.stream = null;
  }
}
