/** Kaiser-windowed sinc kernels for the resampler and the true-peak oversampler. */

/** Zeroth-order modified Bessel function of the first kind (power series, converges fast for x < 30). */
export function besselI0(x: number): number {
  const half = x / 2;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 200; k++) {
    term *= (half / k) * (half / k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

/** Kaiser's beta for a stopband attenuation in dB. */
export function kaiserBeta(attenuationDb: number): number {
  if (attenuationDb > 50) return 0.1102 * (attenuationDb - 8.7);
  if (attenuationDb >= 21) return 0.5842 * (attenuationDb - 21) ** 0.4 + 0.07886 * (attenuationDb - 21);
  return 0;
}

/**
 * Transition band width (in cycles per sample) a Kaiser-windowed FIR of `length` taps achieves at
 * `attenuationDb` (Kaiser's estimate).
 */
export function kaiserTransitionWidth(attenuationDb: number, length: number): number {
  return (attenuationDb - 7.95) / (2.285 * 2 * Math.PI * length);
}

export class KaiserWindow {
  private readonly beta: number;
  private readonly norm: number;

  constructor(beta: number) {
    this.beta = beta;
    this.norm = 1 / besselI0(beta);
  }

  /** Window value at `x` in [-1, 1]; 0 outside. */
  at(x: number): number {
    if (x <= -1 || x >= 1) return 0;
    return besselI0(this.beta * Math.sqrt(1 - x * x)) * this.norm;
  }
}

/**
 * Low-pass windowed sinc evaluated at `tau` samples from the centre: cutoff `cutoff` in cycles per
 * sample (0..0.5), window half-length `halfLength` samples. DC gain is ~1 when summed over integer taps.
 */
export function windowedSinc(tau: number, cutoff: number, halfLength: number, window: KaiserWindow): number {
  const x = 2 * cutoff * tau;
  const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
  return 2 * cutoff * sinc * window.at(tau / halfLength);
}
