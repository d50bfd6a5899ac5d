/**
 * Coefficient tables and dot products of the polyphase resampler (resampler.ts).
 *
 * Design: a Kaiser-windowed sinc (80 dB design) in input-sample units whose stopband starts at the lower
 * rate's Nyquist frequency, with HALF_LENGTH_AT_LOWER_RATE samples of the lower rate on each side. Phase r
 * of L sits at fraction r / L between two input samples; its row of `taps` coefficients multiplies input
 * frames k - centre .. k + centre + 1 (centre = taps / 2 - 1) for the output at position k + r / L.
 *
 * Symmetry: phase L - r is phase r reversed, so phase 0 is symmetric about its centre tap (its last tap
 * is exactly 0: it lies on the window's edge) and, for even L, phase L / 2 is symmetric about the middle
 * of its row. Those rows are folded: each pair of samples that share a coefficient is added first, which
 * halves the multiplications. For L = 2 (22.05 -> 44.1 kHz, 24 -> 48 kHz) and M = 1 downsamplers every
 * output is computed that way.
 */
import { KaiserWindow, kaiserBeta, kaiserTransitionWidth, windowedSinc } from './sinc-kernel';

const STOPBAND_DB = 80;
/** Half the filter length, in samples of the lower of the two rates. */
export const HALF_LENGTH_AT_LOWER_RATE = 32;
/** Up to this many phases the table holds every exact phase; beyond, phases are interpolated. */
const MAX_EXACT_PHASES = 2048;
export const INTERPOLATED_PHASES = 1024;

/** How an exact phase row is summed: every tap, folded about its centre tap, or folded about its middle. */
export const ROW_PLAIN = 0;
export const ROW_CENTRED = 1;
export const ROW_MIRRORED = 2;

export interface FilterDesign {
  /** Coefficients per phase row (even). */
  readonly taps: number;
  /** True when `table` holds every phase (L rows); false when it holds INTERPOLATED_PHASES + 1 rows to interpolate. */
  readonly exact: boolean;
  /** Full phase rows of `taps` coefficients, each normalised to unity DC gain. */
  readonly table: Float64Array;
  /** Exact designs only: per phase, how its row is summed and where its coefficients start in `packed`. */
  readonly kinds: Uint8Array;
  readonly offsets: Int32Array;
  /** Plain rows in full; folded rows as their first half (Centred: taps / 2 values, the centre last). */
  readonly packed: Float64Array;
}

/** Coefficient tables are immutable: one per rate pair, shared by every resampler of that pair. */
const designs = new Map<string, FilterDesign>();

/** The design for out/in = up/down in lowest terms (cached). */
export function filterDesign(up: number, down: number): FilterDesign {
  const key = `${up}/${down}`;
  const cached = designs.get(key);
  if (cached !== undefined) return cached;
  // Kernel in input-sample units: cutoff below the lower Nyquist frequency so that the stopband
  // starts exactly there, support +-halfLength input samples.
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
  const values = new Float64Array(taps);
  for (let r = 0; r < rows; r++) {
    const fraction = r / rowScale;
    // Phase rows mirror each other (tau(r, j) = -tau(L - r, taps - 1 - j)): evaluate |tau| so that the
    // symmetry the folded rows rely on holds exactly, not just to rounding.
    let sum = 0;
    for (let j = 0; j < taps; j++) {
      values[j] = windowedSinc(Math.abs(fraction + centre - j), cutoff, halfLength, window);
      sum += values[j] as number;
    }
    for (let j = 0; j < taps; j++) table[r * taps + j] = (values[j] as number) / sum;
  }
  const design = { taps, exact, table, ...packRows(table, taps, exact ? up : 0) };
  designs.set(key, design);
  return design;
}

function packRows(
  table: Float64Array,
  taps: number,
  phases: number,
): Pick<FilterDesign, 'kinds' | 'offsets' | 'packed'> {
  const kinds = new Uint8Array(phases);
  const offsets = new Int32Array(phases);
  const half = taps / 2;
  let size = 0;
  for (let r = 0; r < phases; r++) {
    kinds[r] = r === 0 ? ROW_CENTRED : 2 * r === phases ? ROW_MIRRORED : ROW_PLAIN;
    offsets[r] = size;
    size += kinds[r] === ROW_PLAIN ? taps : half;
  }
  const packed = new Float64Array(size);
  for (let r = 0; r < phases; r++) {
    const row = r * taps;
    const at = offsets[r] as number;
    const count = kinds[r] === ROW_PLAIN ? taps : half;
    // Centred: taps 0 .. centre, the centre last (taps / 2 values); Mirrored: taps 0 .. taps / 2 - 1.
    packed.set(table.subarray(row, row + count), at);
  }
  return { kinds, offsets, packed };
}

/**
 * Dot product of `taps` samples from `start` with coefficients from `offset`: four partial sums in a
 * fixed order, so the result depends only on the samples and the coefficients.
 */
export function dotPlain(
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

/**
 * Symmetric dot product: sum over j < count of coefficients[offset + j] * (samples[low + j] +
 * samples[high - j]), four partial sums in a fixed order.
 */
export function dotFolded(
  samples: Float32Array,
  low: number,
  high: number,
  coefficients: Float64Array,
  offset: number,
  count: number,
): number {
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let j = 0;
  for (; j + 3 < count; j += 4) {
    a0 +=
      ((samples[low + j] as number) + (samples[high - j] as number)) * (coefficients[offset + j] as number);
    a1 +=
      ((samples[low + j + 1] as number) + (samples[high - j - 1] as number)) *
      (coefficients[offset + j + 1] as number);
    a2 +=
      ((samples[low + j + 2] as number) + (samples[high - j - 2] as number)) *
      (coefficients[offset + j + 2] as number);
    a3 +=
      ((samples[low + j + 3] as number) + (samples[high - j - 3] as number)) *
      (coefficients[offset + j + 3] as number);
  }
  for (; j < count; j++)
    a0 +=
      ((samples[low + j] as number) + (samples[high - j] as number)) * (coefficients[offset + j] as number);
  return a0 + a1 + (a2 + a3);
}

/*
 * Integer-factor upsampling (M = 1): consecutive input frames k, k + 1, ... each give L outputs, one per
 * phase, so the outputs of one phase at k .. k + 3 read the same samples shifted by one. The block
 * kernels compute those four together, keeping the samples in locals as the window slides, so each step
 * loads two samples (one folded) instead of eight. Every output is a single running sum over j in
 * order, exactly as the one-output kernels compute it: a block and four single outputs agree bit for bit.
 */

/**
 * Outputs for windows starting at low .. low + 3 of a folded row: sum over j < count of
 * coefficients[offset + j] * (samples[low + m + j] + samples[high + m - j]), plus
 * samples[middle + m] * middleCoefficient, written to out[at + m * stride].
 */
export function foldedBlock4(
  samples: Float32Array,
  low: number,
  high: number,
  middle: number,
  coefficients: Float64Array,
  offset: number,
  count: number,
  middleCoefficient: number,
  out: Float32Array,
  at: number,
  stride: number,
): void {
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let l0 = samples[low] as number;
  let l1 = samples[low + 1] as number;
  let l2 = samples[low + 2] as number;
  let h1 = samples[high + 1] as number;
  let h2 = samples[high + 2] as number;
  let h3 = samples[high + 3] as number;
  for (let j = 0; j < count; j++) {
    const l3 = samples[low + j + 3] as number;
    const h0 = samples[high - j] as number;
    const c = coefficients[offset + j] as number;
    a0 += (l0 + h0) * c;
    a1 += (l1 + h1) * c;
    a2 += (l2 + h2) * c;
    a3 += (l3 + h3) * c;
    l0 = l1;
    l1 = l2;
    l2 = l3;
    h3 = h2;
    h2 = h1;
    h1 = h0;
  }
  out[at] = a0 + (samples[middle] as number) * middleCoefficient;
  out[at + stride] = a1 + (samples[middle + 1] as number) * middleCoefficient;
  out[at + 2 * stride] = a2 + (samples[middle + 2] as number) * middleCoefficient;
  out[at + 3 * stride] = a3 + (samples[middle + 3] as number) * middleCoefficient;
}

/** One output of foldedBlock4 (m = 0), summed in the same order. */
export function foldedSingle(
  samples: Float32Array,
  low: number,
  high: number,
  middle: number,
  coefficients: Float64Array,
  offset: number,
  count: number,
  middleCoefficient: number,
): number {
  let a = 0;
  for (let j = 0; j < count; j++) {
    a +=
      ((samples[low + j] as number) + (samples[high - j] as number)) * (coefficients[offset + j] as number);
  }
  return a + (samples[middle] as number) * middleCoefficient;
}

/** Outputs for windows starting at low .. low + 3 of a plain row of `taps`, to out[at + m * stride]. */
export function plainBlock4(
  samples: Float32Array,
  low: number,
  coefficients: Float64Array,
  offset: number,
  taps: number,
  out: Float32Array,
  at: number,
  stride: number,
): void {
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let s0 = samples[low] as number;
  let s1 = samples[low + 1] as number;
  let s2 = samples[low + 2] as number;
  for (let j = 0; j < taps; j++) {
    const s3 = samples[low + j + 3] as number;
    const c = coefficients[offset + j] as number;
    a0 += s0 * c;
    a1 += s1 * c;
    a2 += s2 * c;
    a3 += s3 * c;
    s0 = s1;
    s1 = s2;
    s2 = s3;
  }
  out[at] = a0;
  out[at + stride] = a1;
  out[at + 2 * stride] = a2;
  out[at + 3 * stride] = a3;
}

/** One output of plainBlock4 (m = 0), summed in the same order. */
export function plainSingle(
  samples: Float32Array,
  low: number,
  coefficients: Float64Array,
  offset: number,
  taps: number,
): number {
  let a = 0;
  for (let j = 0; j < taps; j++) a += (samples[low + j] as number) * (coefficients[offset + j] as number);
  return a;
}
