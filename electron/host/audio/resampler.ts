/**
 * Streaming sample-rate converter between any two integer rates: a rational polyphase filter
 * (L/M = out/in in lowest terms) with Kaiser-windowed sinc phases (80 dB design, >= 70 dB stopband from
 * the lower rate's Nyquist frequency upwards).
 *
 * Output frame n sits at input position n * in / out, with zero latency: the filter looks ahead instead
 * of delaying. Every output depends only on the input and a fixed coefficient table, summed in a fixed
 * order, so the output is bit-identical however the input is split into blocks. After flush() the
 * stream holds exactly round(inputFrames * out / in) frames.
 */
import { AudioArgumentError } from './audio-errors';
import { KaiserWindow, kaiserBeta, kaiserTransitionWidth, windowedSinc } from './sinc-kernel';

const STOPBAND_DB = 80;
/** Half the filter length, in samples of the lower of the two rates. */
const HALF_LENGTH_AT_LOWER_RATE = 48;
/** Up to this many phases the table holds every exact phase; beyond, phases are interpolated. */
const MAX_EXACT_PHASES = 2048;
const INTERPOLATED_PHASES = 1024;

interface FilterDesign {
  taps: number;
  exact: boolean;
  table: Float64Array;
}

/** Coefficient tables are immutable: one per rate pair, shared by every resampler of that pair. */
const designs = new Map<string, FilterDesign>();

function filterDesign(up: number, down: number): FilterDesign {
  const key = `${up}/${down}`;
  const cached = designs.get(key);
  if (cached !== undefined) return cached;
  // Kernel in input-sample units: cutoff below the lower Nyquist frequency so that the stopband
  // starts exactly there, support +-halfLength input samples. Each phase is normalised to unity DC gain.
  const ratio = Math.min(1, up / down);
  const halfLength = HALF_LENGTH_AT_LOWER_RATE / ratio;
  const transition = kaiserTransitionWidth(STOPBAND_DB, 2 * HALF_LENGTH_AT_LOWER_RATE);
  const cutoff = (0.5 - transition / 2) * ratio;
  const taps = 2 * Math.ceil(halfLength);
  const window = new KaiserWindow(kaiserBeta(STOPBAND_DB));
  const exact = up <= MAX_EXACT_PHASES;
  const rows = exact ? up : INTERPOLATED_PHASES + 1;
  const rowScale = exact ? up : INTERPOLATED_PHASES;
  const table = new Float64Array(rows * taps);
  const centre = taps / 2 - 1;
  for (let r = 0; r < rows; r++) {
    const fraction = r / rowScale;
    const values = Array.from({ length: taps }, (_, j) =>
      windowedSinc(fraction + centre - j, cutoff, halfLength, window),
    );
    const sum = values.reduce((a, b) => a + b, 0);
    values.forEach((value, j) => (table[r * taps + j] = value / sum));
  }
  const design = { taps, exact, table };
  designs.set(key, design);
  return design;
}

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
  /** Phase rows of `taps` coefficients: exact rows (L of them) or interpolation rows (P + 1). */
  private readonly table: Float64Array;
  private readonly exact: boolean;
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

    const design = filterDesign(this.up, this.down);
    this.taps = design.taps;
    this.exact = design.exact;
    this.table = design.table;
    this.row = new Float64Array(this.taps);
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
    const needed = this.bufferFrames + frames;
    if (needed > (this.buffers[0] as Float32Array).length) {
      const capacity = Math.max(needed, 2 * (this.buffers[0] as Float32Array).length);
      this.buffers = this.buffers.map((old) => {
        const grown = new Float32Array(capacity);
        grown.set(old.subarray(0, this.bufferFrames));
        return grown;
      });
    }
    const channels = this.channels;
    for (let c = 0; c < channels; c++) {
      const buffer = this.buffers[c] as Float32Array;
      let o = this.bufferFrames;
      for (let i = c; i < interleaved.length; i += channels) buffer[o++] = interleaved[i] as number;
    }
    this.bufferFrames += frames;
  }

  private produce(count: number): Float32Array {
    const channels = this.channels;
    const taps = this.taps;
    const up = this.up;
    const down = this.down;
    const table = this.table;
    const row = this.row;
    const out = new Float32Array(count * channels);
    let k = this.k;
    let phase = this.phase;
    for (let n = 0; n < count; n++) {
      let coefficients = table;
      let rowOffset = phase * taps;
      if (!this.exact) {
        const position = (phase / up) * INTERPOLATED_PHASES;
        const index = Math.min(INTERPOLATED_PHASES - 1, Math.floor(position));
        const weight = position - index;
        const a = index * taps;
        const b = a + taps;
        for (let j = 0; j < taps; j++)
          row[j] = (table[a + j] as number) * (1 - weight) + (table[b + j] as number) * weight;
        coefficients = row;
        rowOffset = 0;
      }
      const start = k - taps / 2 + 1 - this.bufferStart;
      for (let c = 0; c < channels; c++) {
        out[n * channels + c] = dot(this.buffers[c] as Float32Array, start, coefficients, rowOffset, taps);
      }
      phase += down;
      if (phase >= up) {
        k += Math.floor(phase / up);
        phase %= up;
      }
    }
    this.k = k;
    this.phase = phase;
    this.outputIndex += count;
    this.discardBefore(k - taps / 2 + 1);
    return out;
  }

  /** Drops history that no future output needs. */
  private discardBefore(firstNeeded: number): void {
    const drop = Math.min(this.bufferFrames, firstNeeded - this.bufferStart);
    if (drop <= 0) return;
    for (const buffer of this.buffers) buffer.copyWithin(0, drop, this.bufferFrames);
    this.bufferStart += drop;
    this.bufferFrames -= drop;
  }
}

/** Dot product of `taps` samples and coefficients, four partial sums in a fixed order (taps is even). */
function dot(
  samples: Float32Array,
  start: number,
  coefficients: Float64Array,
  offset: number,
  taps: number,
): number {
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let j = 0;
  for (; j + 3 < taps; j += 4) {
    a0 += (samples[start + j] as number) * (coefficients[offset + j] as number);
    a1 += (samples[start + j + 1] as number) * (coefficients[offset + j + 1] as number);
    a2 += (samples[start + j + 2] as number) * (coefficients[offset + j + 2] as number);
    a3 += (samples[start + j + 3] as number) * (coefficients[offset + j + 3] as number);
  }
  for (; j < taps; j++) a0 += (samples[start + j] as number) * (coefficients[offset + j] as number);
  return a0 + a1 + (a2 + a3);
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
