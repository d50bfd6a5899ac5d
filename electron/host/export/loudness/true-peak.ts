/**
 * True-peak detection after ITU-R BS.1770-4 Annex 2: the signal is oversampled by a polyphase FIR
 * interpolator and the largest magnitude on the oversampled grid is the true peak. Annex 2 oversamples
 * 48 kHz by 4; here the factor is chosen so that every rate reaches at least 192 kHz (4x at 48 kHz,
 * 5x at 44.1 kHz, 8x at 24 kHz). The interpolator is a Kaiser-windowed sinc with its cutoff at the
 * input's Nyquist frequency, so phase 0 reproduces the samples exactly and the true peak is never below
 * the sample peak.
 *
 * Work is skipped where it cannot matter: a stretch of samples whose peak, times the filter's largest
 * gain (sum of |h|), cannot exceed the caller's threshold is reported by its sample magnitudes instead.
 */
import { KaiserWindow, kaiserBeta, windowedSinc } from '../../audio/sinc-kernel';

const TAPS = 32;
const HALF = TAPS / 2;
const STOPBAND_DB = 60;
const OVERSAMPLED_RATE = 192_000;
const SCAN_BLOCK = 32;

export function truePeakOversampling(sampleRate: number): number {
  return Math.max(1, Math.ceil(OVERSAMPLED_RATE / sampleRate));
}

interface PhaseTable {
  factor: number;
  rows: Float64Array;
  /**
   * For the peak-only scan: phases p and factor - p mirror each other, so per pair p (1 <= p < factor / 2)
   * `even` holds h_p[j] + h_p[TAPS-1-j] and `odd` h_p[j] - h_p[TAPS-1-j] (j < HALF); with a middle phase
   * (even factor) `middle` holds its first HALF taps (it is symmetric itself).
   */
  even: Float64Array;
  odd: Float64Array;
  middle: Float64Array | null;
  /** Largest sum of |coefficient| over the phases: the most the interpolator can amplify a peak. */
  maxGain: number;
}

const tables = new Map<number, PhaseTable>();

function phaseTable(factor: number): PhaseTable {
  const cached = tables.get(factor);
  if (cached !== undefined) return cached;
  const window = new KaiserWindow(kaiserBeta(STOPBAND_DB));
  const rows = new Float64Array(factor * TAPS);
  let maxGain = 1;
  for (let p = 0; p < factor; p++) {
    const values = Array.from({ length: TAPS }, (_, j) =>
      windowedSinc(p / factor + HALF - 1 - j, 0.5, HALF, window),
    );
    const sum = values.reduce((a, b) => a + b, 0);
    let gain = 0;
    values.forEach((value, j) => {
      rows[p * TAPS + j] = value / sum;
      gain += Math.abs(value / sum);
    });
    maxGain = Math.max(maxGain, gain);
  }
  const pairs = Math.floor((factor - 1) / 2);
  const even = new Float64Array(pairs * HALF);
  const odd = new Float64Array(pairs * HALF);
  for (let pair = 0; pair < pairs; pair++) {
    const row = (pair + 1) * TAPS;
    for (let j = 0; j < HALF; j++) {
      const a = rows[row + j] as number;
      const b = rows[row + TAPS - 1 - j] as number;
      even[pair * HALF + j] = a + b;
      odd[pair * HALF + j] = a - b;
    }
  }
  const middle = factor % 2 === 0 ? rows.slice((factor / 2) * TAPS, (factor / 2) * TAPS + HALF) : null;
  const table = { factor, rows, maxGain, even, odd, middle };
  tables.set(factor, table);
  return table;
}

/**
 * Streaming true-peak detector for one channel. For every sample fed it reports the peak of the
 * reconstructed signal over [m, m + 1), where m is the input index `latency` samples earlier.
 */
export class TruePeakDetector {
  readonly factor: number;
  /** Samples between feeding x[i] and getting the peak around x[i]. */
  readonly latency = HALF;
  private readonly rows: Float64Array;
  private readonly maxGain: number;
  private readonly table: PhaseTable;
  private readonly sums = new Float64Array(HALF);
  private readonly differences = new Float64Array(HALF);
  /** Recent input, oldest first; it starts with the silence before the stream. */
  private history = new Float32Array(4096);
  private length = TAPS - 1;

  constructor(sampleRate: number) {
    const table = phaseTable(truePeakOversampling(sampleRate));
    this.table = table;
    this.factor = table.factor;
    this.rows = table.rows;
    this.maxGain = table.maxGain;
  }

  /**
   * Feeds `count` samples `input[offset + i * stride]` and writes `count` peak magnitudes to
   * `out[outOffset ...]`. A value is exact when it could exceed `threshold`; otherwise it is the sample
   * magnitude, which is at most the true value and at most `threshold`.
   */
  process(
    input: Float32Array,
    offset: number,
    stride: number,
    count: number,
    out: Float32Array | Float64Array,
    outOffset: number,
    threshold: number,
  ): void {
    this.append(input, offset, stride, count);
    this.scan(this.history, this.length - count - HALF, count, out, outOffset, threshold);
    this.trim(TAPS - 1);
  }

  /**
   * Feeds `count` samples like {@link process} and returns only their largest peak: exact when it could
   * exceed `threshold` (else at most `threshold`). For a meter: mirrored phases are summed in pairs (half
   * the multiplications), which equals {@link process}'s values to rounding, not bit for bit.
   */
  maxPeak(input: Float32Array, offset: number, stride: number, count: number, threshold: number): number {
    this.append(input, offset, stride, count);
    const peak = this.scanMax(this.length - count - HALF, count, threshold);
    this.trim(TAPS - 1);
    return peak;
  }

  private scanMax(first: number, count: number, threshold: number): number {
    const history = this.history;
    let best = 0;
    for (let block = 0; block < count; block += SCAN_BLOCK) {
      const end = Math.min(count, block + SCAN_BLOCK);
      const bound = neighbourhoodPeak(history, first + block, first + end) * this.maxGain;
      if (bound <= Math.max(threshold, best)) {
        for (let i = block; i < end; i++) {
          const v = Math.abs(history[first + i] as number);
          if (v > best) best = v;
        }
        continue;
      }
      for (let i = block; i < end; i++) {
        const peak = Math.max(Math.abs(history[first + i] as number), this.foldedPeak(first + i - HALF + 1));
        if (peak > best) best = peak;
      }
    }
    return best;
  }

  /** Largest magnitude of the non-zero phases for the window starting at `base` (mirrored pairs). */
  private foldedPeak(base: number): number {
    const history = this.history;
    const { even, odd, middle } = this.table;
    const pairs = even.length / HALF;
    if (pairs === 2 && middle === null) {
      // 5x (44.1 kHz): both pairs in one pass over the window.
      let s1 = 0;
      let d1 = 0;
      let s2 = 0;
      let d2 = 0;
      for (let j = 0; j < HALF; j++) {
        const a = history[base + j] as number;
        const b = history[base + TAPS - 1 - j] as number;
        const sum = a + b;
        const difference = a - b;
        s1 += sum * (even[j] as number);
        d1 += difference * (odd[j] as number);
        s2 += sum * (even[HALF + j] as number);
        d2 += difference * (odd[HALF + j] as number);
      }
      return Math.max((Math.abs(s1) + Math.abs(d1)) / 2, (Math.abs(s2) + Math.abs(d2)) / 2);
    }
    if (pairs === 1 && middle !== null) {
      // 4x (48 kHz): one pair and the symmetric middle phase.
      let s1 = 0;
      let d1 = 0;
      let m = 0;
      for (let j = 0; j < HALF; j++) {
        const a = history[base + j] as number;
        const b = history[base + TAPS - 1 - j] as number;
        const sum = a + b;
        s1 += sum * (even[j] as number);
        d1 += (a - b) * (odd[j] as number);
        m += sum * (middle[j] as number);
      }
      return Math.max((Math.abs(s1) + Math.abs(d1)) / 2, Math.abs(m));
    }
    // Any other factor: the window's folded sums and differences once, then every pair and the middle.
    const sums = this.sums;
    const differences = this.differences;
    let peak = 0;
    for (let j = 0; j < HALF; j++) {
      const a = history[base + j] as number;
      const b = history[base + TAPS - 1 - j] as number;
      sums[j] = a + b;
      differences[j] = a - b;
    }
    for (let pair = 0; pair < pairs; pair++) {
      const at = pair * HALF;
      let s0 = 0;
      let s1 = 0;
      let d0 = 0;
      let d1 = 0;
      for (let j = 0; j < HALF; j += 2) {
        s0 += (sums[j] as number) * (even[at + j] as number);
        s1 += (sums[j + 1] as number) * (even[at + j + 1] as number);
        d0 += (differences[j] as number) * (odd[at + j] as number);
        d1 += (differences[j + 1] as number) * (odd[at + j + 1] as number);
      }
      // The pair's samples are (sum ± difference) / 2: the larger magnitude is (|sum| + |difference|) / 2.
      const v = (Math.abs(s0 + s1) + Math.abs(d0 + d1)) / 2;
      if (v > peak) peak = v;
    }
    if (middle !== null) {
      let m0 = 0;
      let m1 = 0;
      for (let j = 0; j < HALF; j += 2) {
        m0 += (sums[j] as number) * (middle[j] as number);
        m1 += (sums[j + 1] as number) * (middle[j + 1] as number);
      }
      const v = Math.abs(m0 + m1);
      if (v > peak) peak = v;
    }
    return peak;
  }

  /**
   * Peak of the last `latency` samples' neighbourhood as if the stream ended with silence now, without
   * changing the state (so a meter can report while audio is still coming).
   */
  tailPeak(): number {
    const padded = new Float32Array(this.length + HALF);
    padded.set(this.history.subarray(0, this.length));
    const out = new Float64Array(HALF);
    this.scan(padded, this.length - HALF, HALF, out, 0, 0);
    return out.reduce((a, b) => Math.max(a, b), 0);
  }

  /** Writes peaks for history positions first..first+count-1 (each needs HALF-1 before and HALF after). */
  private scan(
    history: Float32Array,
    first: number,
    count: number,
    out: Float32Array | Float64Array,
    outOffset: number,
    threshold: number,
  ): void {
    const rows = this.rows;
    const factor = this.factor;
    for (let block = 0; block < count; block += SCAN_BLOCK) {
      const end = Math.min(count, block + SCAN_BLOCK);
      if (neighbourhoodPeak(history, first + block, first + end) * this.maxGain <= threshold) {
        for (let i = block; i < end; i++) out[outOffset + i] = Math.abs(history[first + i] as number);
        continue;
      }
      for (let i = block; i < end; i++) {
        const base = first + i - HALF + 1;
        let peak = Math.abs(history[first + i] as number);
        for (let p = 1; p < factor; p++) {
          const row = p * TAPS;
          let a0 = 0;
          let a1 = 0;
          let a2 = 0;
          let a3 = 0;
          for (let j = 0; j < TAPS; j += 4) {
            a0 += (history[base + j] as number) * (rows[row + j] as number);
            a1 += (history[base + j + 1] as number) * (rows[row + j + 1] as number);
            a2 += (history[base + j + 2] as number) * (rows[row + j + 2] as number);
            a3 += (history[base + j + 3] as number) * (rows[row + j + 3] as number);
          }
          const v = Math.abs(a0 + a1 + (a2 + a3));
          if (v > peak) peak = v;
        }
        out[outOffset + i] = peak;
      }
    }
  }

  private append(input: Float32Array, offset: number, stride: number, count: number): void {
    if (this.length + count > this.history.length) {
      const grown = new Float32Array(Math.max(this.length + count, this.history.length * 2));
      grown.set(this.history.subarray(0, this.length));
      this.history = grown;
    }
    const history = this.history;
    let o = this.length;
    for (let i = 0, at = offset; i < count; i++, at += stride) history[o++] = input[at] as number;
    this.length = o;
  }

  private trim(keep: number): void {
    const drop = this.length - keep;
    if (drop <= 0) return;
    this.history.copyWithin(0, drop, this.length);
    this.length = keep;
  }
}

/** Largest |sample| from HALF - 1 before `from` to HALF after `to` - 1: what an interpolated value there can see. */
function neighbourhoodPeak(history: Float32Array, from: number, to: number): number {
  let peak = 0;
  for (let i = from - HALF + 1; i < to + HALF; i++) {
    const v = Math.abs(history[i] as number);
    if (v > peak) peak = v;
  }
  return peak;
}
