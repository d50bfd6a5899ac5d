/**
 * The K-weighting pre-filter of ITU-R BS.1770-4 (a high shelf modelling the head, then the RLB high-pass),
 * designed for any sample rate by the bilinear transform of its analogue prototype, so 22.05, 24 and
 * 44.1 kHz are measured as exactly as 48 kHz. At 48 kHz the coefficients match the recommendation's table.
 */

export interface BiquadCoefficients {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

/** Analogue prototype of stage 1 (high shelf, about +4 dB above 2 kHz). */
const SHELF = { frequencyHz: 1681.974450955533, gainDb: 3.999843853973347, q: 0.7071752369554196 };
/** Analogue prototype of stage 2 (RLB high-pass, about 38 Hz). */
const HIGH_PASS = { frequencyHz: 38.13547087602444, q: 0.5003270373238773 };

export function kWeightingShelf(sampleRate: number): BiquadCoefficients {
  const k = Math.tan((Math.PI * SHELF.frequencyHz) / sampleRate);
  const vh = 10 ** (SHELF.gainDb / 20);
  const vb = vh ** 0.4996667741545416;
  const a0 = 1 + k / SHELF.q + k * k;
  return {
    b0: (vh + (vb * k) / SHELF.q + k * k) / a0,
    b1: (2 * (k * k - vh)) / a0,
    b2: (vh - (vb * k) / SHELF.q + k * k) / a0,
    a1: (2 * (k * k - 1)) / a0,
    a2: (1 - k / SHELF.q + k * k) / a0,
  };
}

export function kWeightingHighPass(sampleRate: number): BiquadCoefficients {
  const k = Math.tan((Math.PI * HIGH_PASS.frequencyHz) / sampleRate);
  const a0 = 1 + k / HIGH_PASS.q + k * k;
  return {
    b0: 1,
    b1: -2,
    b2: 1,
    a1: (2 * (k * k - 1)) / a0,
    a2: (1 - k / HIGH_PASS.q + k * k) / a0,
  };
}

/**
 * Both K-weighting stages for one channel, direct form I in double precision. `filterSquares` adds
 * the squared K-weighted samples of a strided channel to a running sum.
 */
export class KWeightingFilter {
  private readonly s: BiquadCoefficients;
  private readonly h: BiquadCoefficients;
  private x1 = 0;
  private x2 = 0;
  private m1 = 0;
  private m2 = 0;
  private y1 = 0;
  private y2 = 0;

  constructor(sampleRate: number) {
    this.s = kWeightingShelf(sampleRate);
    this.h = kWeightingHighPass(sampleRate);
  }

  /**
   * Filters samples `input[offset + i * stride]` for i < count and returns the sum of the squared outputs.
   */
  sumOfSquares(input: Float32Array, offset: number, stride: number, count: number): number {
    const { b0, b1, b2, a1, a2 } = this.s;
    const h = this.h;
    let { x1, x2, m1, m2, y1, y2 } = this;
    let sum = 0;
    for (let i = 0, at = offset; i < count; i++, at += stride) {
      const x = input[at] as number;
      const m = b0 * x + b1 * x1 + b2 * x2 - a1 * m1 - a2 * m2;
      x2 = x1;
      x1 = x;
      const y = h.b0 * m + h.b1 * m1 + h.b2 * m2 - h.a1 * y1 - h.a2 * y2;
      m2 = m1;
      m1 = m;
      y2 = y1;
      y1 = y;
      sum += y * y;
    }
    // Keep the recursion out of the (slow) subnormal range during long digital silence.
    const tiny = 1e-25;
    if (Math.abs(m1) < tiny && Math.abs(m2) < tiny && Math.abs(y1) < tiny && Math.abs(y2) < tiny) {
      m1 = m2 = y1 = y2 = 0;
    }
    this.x1 = x1;
    this.x2 = x2;
    this.m1 = m1;
    this.m2 = m2;
    this.y1 = y1;
    this.y2 = y2;
    return sum;
  }
}
