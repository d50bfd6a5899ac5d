/**
 * Streaming sample-rate converter between any two integer rates: a rational polyphase filter
 * (L/M = out/in in lowest terms) with Kaiser-windowed sinc phases (80 dB design, >= 70 dB stopband from
 * the lower rate's Nyquist frequency upwards, 64 taps at the lower rate); the coefficient tables and the
 * dot-product kernels are in resampler-kernel.ts.
 *
 * Output frame n sits at input position n * in / out, with zero latency: the filter looks ahead instead
 * of delaying. Every output depends only on the input and a fixed coefficient table, summed in a fixed
 * order, so the output is bit-identical however the input is split into blocks. After flush() the
 * stream holds exactly round(inputFrames * out / in) frames.
 */
import { AudioArgumentError } from './audio-errors';
import {
  dotFolded,
  dotPlain,
  filterDesign,
  foldedBlock4,
  foldedSingle,
  plainBlock4,
  plainSingle,
  INTERPOLATED_PHASES,
  ROW_MIRRORED,
  ROW_PLAIN,
} from './resampler-kernel';
import type { FilterDesign } from './resampler-kernel';

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Frames a stream of `inputFrames` holds after conversion: round(inputFrames * outRate / inRate). */
export function resampledLength(inputFrames: number, inRate: number, outRate: number): number {
  const g = gcd(inRate, outRate);
  const up = outRate / g;
  const down = inRate / g;
  return Math.floor((2 * inputFrames * up + down) / (2 * down));
}

export class Resampler {
  readonly inRate: number;
  readonly outRate: number;
  readonly channels: number;
  /** Interpolation factor L and decimation factor M (out/in = L/M in lowest terms). */
  private readonly up: number;
  private readonly down: number;
  private readonly taps: number;
  private readonly design: FilterDesign;
  /** Interpolated designs only: the current output's coefficients. */
  private readonly row: Float64Array;
  /** Per-channel input history; buffer[c][0] is input frame `bufferStart` (negative = leading zeros). */
  private buffers: Float32Array[];
  private bufferStart = 0;
  private bufferFrames = 0;
  private inputFrames = 0;
  /** Next output frame index and its input position k + phase / L. */
  private outputIndex = 0;
  private k = 0;
  private phase = 0;

  constructor(inRate: number, outRate: number, channels = 1) {
    for (const [name, rate] of [
      ['input', inRate],
      ['output', outRate],
    ] as const) {
      if (!Number.isInteger(rate) || rate < 1) {
        throw new AudioArgumentError(`The resampler's ${name} rate must be a positive integer; got ${rate}.`);
      }
    }
    if (!Number.isInteger(channels) || channels < 1) {
      throw new AudioArgumentError(`The resampler needs at least one channel; got ${channels}.`);
    }
    this.inRate = inRate;
    this.outRate = outRate;
    this.channels = channels;
    const g = gcd(inRate, outRate);
    this.up = outRate / g;
    this.down = inRate / g;

    this.design = filterDesign(this.up, this.down);
    this.taps = this.design.taps;
    this.row = new Float64Array(this.design.exact ? 0 : this.taps);
    this.buffers = [];
    this.reset();
  }

  /** Same rate in and out: blocks pass through unchanged. */
  get isIdentity(): boolean {
    return this.up === this.down;
  }

  /** Forgets all input, ready for a new stream. */
  reset(): void {
    const lead = this.taps / 2 - 1;
    const capacity = Math.max(this.taps * 4, 4096);
    this.buffers = Array.from({ length: this.channels }, () => new Float32Array(capacity));
    this.bufferStart = -lead;
    this.bufferFrames = lead;
    this.inputFrames = 0;
    this.outputIndex = 0;
    this.k = 0;
    this.phase = 0;
  }

  /** Converts one interleaved block; returns the output frames that are complete so far (a new array). */
  process(interleaved: Float32Array): Float32Array {
    const frames = interleaved.length / this.channels;
    if (!Number.isInteger(frames)) {
      throw new AudioArgumentError(
        `A ${this.channels}-channel block must hold whole frames; got ${interleaved.length} samples.`,
      );
    }
    this.inputFrames += frames;
    if (this.isIdentity) return interleaved.slice();
    this.append(interleaved, frames);
    // Output n is ready when its rightmost tap, k + taps/2, has arrived.
    const lastReadyK = this.inputFrames - 1 - this.taps / 2;
    const ready = lastReadyK < 0 ? 0 : ceilDiv((lastReadyK + 1) * this.up, this.down) - this.outputIndex;
    return this.produce(Math.max(0, ready));
  }

  /** Ends the stream: returns the remaining frames so the total is exact, then resets. */
  flush(): Float32Array {
    if (this.isIdentity) {
      this.reset();
      return new Float32Array(0);
    }
    const total = resampledLength(this.inputFrames, this.inRate, this.outRate);
    const remaining = total - this.outputIndex;
    const zeros = new Float32Array((this.taps / 2 + 1) * this.channels);
    this.append(zeros, this.taps / 2 + 1);
    const out = this.produce(remaining);
    this.reset();
    return out;
  }

  private append(interleaved: Float32Array, frames: number): void {
    if (this.bufferFrames + frames > (this.buffers[0] as Float32Array).length) this.makeRoom(frames);
    const channels = this.channels;
    for (let c = 0; c < channels; c++) {
      const buffer = this.buffers[c] as Float32Array;
      if (channels === 1) {
        buffer.set(interleaved, this.bufferFrames);
        break;
      }
      let o = this.bufferFrames;
      for (let i = c; i < interleaved.length; i += channels) buffer[o++] = interleaved[i] as number;
    }
    this.bufferFrames += frames;
  }

  /**
   * Makes room for `frames` more input: drops the history no future output needs (frames before the
   * next output's first tap), then grows the buffers if that is not enough. History is only moved here,
   * when the buffers are full, not after every block.
   */
  private makeRoom(frames: number): void {
    const firstNeeded = this.k - this.taps / 2 + 1;
    const drop = Math.min(this.bufferFrames, firstNeeded - this.bufferStart);
    const kept = this.bufferFrames - Math.max(0, drop);
    const capacity = (this.buffers[0] as Float32Array).length;
    const needed = kept + frames;
    const grow = needed > capacity;
    const from = this.bufferFrames - kept;
    this.buffers = this.buffers.map((old) => {
      if (!grow) return old.copyWithin(0, from, this.bufferFrames);
      const grown = new Float32Array(Math.max(needed, 2 * capacity));
      grown.set(old.subarray(from, this.bufferFrames));
      return grown;
    });
    this.bufferStart += from;
    this.bufferFrames = kept;
  }

  private produce(count: number): Float32Array {
    const out = new Float32Array(count * this.channels);
    if (this.down === 1 && this.design.exact) this.produceUpsampled(out, count);
    else this.produceRational(out, count);
    this.outputIndex += count;
    return out;
  }

  /** Any L/M: one output at a time, each phase row summed by the kernel its symmetry allows. */
  private produceRational(out: Float32Array, count: number): void {
    const channels = this.channels;
    const taps = this.taps;
    const half = taps / 2;
    const centre = half - 1;
    const up = this.up;
    const down = this.down;
    const { exact, kinds, offsets, packed } = this.design;
    const buffers = this.buffers;
    let k = this.k;
    let phase = this.phase;
    for (let n = 0; n < count; n++) {
      const start = k - centre - this.bufferStart;
      if (exact) {
        const kind = kinds[phase];
        const offset = offsets[phase] as number;
        for (let c = 0; c < channels; c++) {
          const samples = buffers[c] as Float32Array;
          let value: number;
          if (kind === ROW_PLAIN) {
            value = dotPlain(samples, start, packed, offset, taps);
          } else if (kind === ROW_MIRRORED) {
            value = dotFolded(samples, start, start + taps - 1, packed, offset, half);
          } else {
            // Centred on tap `centre`: pairs about it, then the centre tap; the last tap is exactly 0.
            value =
              dotFolded(samples, start, start + 2 * centre, packed, offset, centre) +
              (samples[start + centre] as number) * (packed[offset + centre] as number);
          }
          out[n * channels + c] = value;
        }
      } else {
        const row = this.interpolatedRow(phase);
        for (let c = 0; c < channels; c++) {
          out[n * channels + c] = dotPlain(buffers[c] as Float32Array, start, row, 0, taps);
        }
      }
      phase += down;
      if (phase >= up) {
        k += Math.floor(phase / up);
        phase %= up;
      }
    }
    this.k = k;
    this.phase = phase;
  }

  /**
   * M = 1: input frames k .. k + 3 in one go, all L phases, four outputs per kernel call; single
   * outputs (summed in the same order) before and after whole blocks.
   */
  private produceUpsampled(out: Float32Array, count: number): void {
    const channels = this.channels;
    const up = this.up;
    let k = this.k;
    let phase = this.phase;
    let n = 0;
    const single = (): void => {
      for (let c = 0; c < channels; c++) out[n * channels + c] = this.upsampledOutput(c, k, phase);
      n++;
      if (++phase === up) {
        phase = 0;
        k++;
      }
    };
    while (n < count && phase !== 0) single();
    const stride = up * channels;
    for (; count - n >= 4 * up; n += 4 * up, k += 4) {
      for (let r = 0; r < up; r++) {
        for (let c = 0; c < channels; c++) this.upsampledBlock(c, k, r, out, (n + r) * channels + c, stride);
      }
    }
    while (n < count) single();
    this.k = k;
    this.phase = phase;
  }

  /** M = 1: output of channel `channel` at input frame k, phase `phase`. */
  private upsampledOutput(channel: number, k: number, phase: number): number {
    const taps = this.taps;
    const centre = taps / 2 - 1;
    const { kinds, offsets, packed } = this.design;
    const samples = this.buffers[channel] as Float32Array;
    const start = k - centre - this.bufferStart;
    const offset = offsets[phase] as number;
    const kind = kinds[phase];
    if (kind === ROW_PLAIN) return plainSingle(samples, start, packed, offset, taps);
    if (kind === ROW_MIRRORED) {
      return foldedSingle(samples, start, start + taps - 1, start, packed, offset, taps / 2, 0);
    }
    const middle = start + centre;
    return foldedSingle(
      samples,
      start,
      middle + centre,
      middle,
      packed,
      offset,
      centre,
      packed[offset + centre] as number,
    );
  }

  /** M = 1: outputs of channel `channel` at input frames k .. k + 3, phase `phase`, to out[at + m * stride]. */
  private upsampledBlock(
    channel: number,
    k: number,
    phase: number,
    out: Float32Array,
    at: number,
    stride: number,
  ): void {
    const taps = this.taps;
    const centre = taps / 2 - 1;
    const { kinds, offsets, packed } = this.design;
    const samples = this.buffers[channel] as Float32Array;
    const start = k - centre - this.bufferStart;
    const offset = offsets[phase] as number;
    const kind = kinds[phase];
    if (kind === ROW_PLAIN) {
      plainBlock4(samples, start, packed, offset, taps, out, at, stride);
    } else if (kind === ROW_MIRRORED) {
      foldedBlock4(samples, start, start + taps - 1, start, packed, offset, taps / 2, 0, out, at, stride);
    } else {
      const middle = start + centre;
      const middleCoefficient = packed[offset + centre] as number;
      foldedBlock4(
        samples,
        start,
        middle + centre,
        middle,
        packed,
        offset,
        centre,
        middleCoefficient,
        out,
        at,
        stride,
      );
    }
  }

  /** Interpolated designs: the coefficients at fraction phase / L, linear between the two nearest rows. */
  private interpolatedRow(phase: number): Float64Array {
    const taps = this.taps;
    const table = this.design.table;
    const row = this.row;
    const position = (phase / this.up) * INTERPOLATED_PHASES;
    const index = Math.min(INTERPOLATED_PHASES - 1, Math.floor(position));
    const weight = position - index;
    const a = index * taps;
    const b = a + taps;
    for (let j = 0; j < taps; j++) {
      row[j] = (table[a + j] as number) * (1 - weight) + (table[b + j] as number) * weight;
    }
    return row;
  }
}

function ceilDiv(a: number, b: number): number {
  return Math.floor((a + b - 1) / b);
}

/** Converts a whole (small) interleaved buffer, e.g. one take, in one call. */
export function resample(
  interleaved: Float32Array,
  inRate: number,
  outRate: number,
  channels = 1,
): Float32Array {
  const resampler = new Resampler(inRate, outRate, channels);
  const head = resampler.process(interleaved);
  const tail = resampler.flush();
  const out = new Float32Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  return out;
}
