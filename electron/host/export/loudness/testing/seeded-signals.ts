/**
 * Seeded test signals for the limiter and true-peak tests: speech-like syllables (voiced harmonics and
 * unvoiced noise under a smooth envelope, with pauses), a loud burst, and a signal sprinkled with the
 * values that break arithmetic (NaN, infinities, negative zero). The same seed always gives the same
 * samples, so checksums of what the limiter makes of them can be kept in a test. Used by tests only.
 */
import { seededRandom } from '../../../../../test-support/seeded-random';

/**
 * Speech-like audio with its sample peak scaled to `peak`. Syllables of 80-330 ms at 90-250 Hz with
 * harmonics up to 4 kHz (one in five unvoiced noise), separated by 50-350 ms of near silence. Stereo
 * gets a slightly different level and delay on the right.
 */
export function speechLike(
  sampleRate: number,
  frames: number,
  channels: 1 | 2,
  seed: number,
  peak = 1,
): Float32Array {
  const random = seededRandom(seed);
  const mono = new Float64Array(frames);
  let t = 0;
  while (t < frames) {
    t += Math.floor(sampleRate * (0.05 + 0.3 * random()));
    const length = Math.floor(sampleRate * (0.08 + 0.25 * random()));
    const level = 0.15 + 0.85 * random() ** 3;
    const voiced = random() < 0.8;
    const f0 = 90 + 160 * random();
    const harmonics = Math.max(1, Math.floor(4_000 / f0));
    const phases = Array.from({ length: harmonics }, () => 2 * Math.PI * random());
    for (let k = 0; k < length && t + k < frames; k++) {
      const envelope = Math.sin((Math.PI * k) / length) ** 2;
      let v = 0;
      if (voiced) {
        for (let h = 1; h <= harmonics; h++) {
          v += Math.sin((2 * Math.PI * f0 * h * k) / sampleRate + (phases[h - 1] as number)) / h;
        }
      } else {
        v = 1.5 * (random() * 2 - 1);
      }
      mono[t + k] = level * envelope * v;
    }
    t += length;
  }
  for (let i = 0; i < frames; i++) mono[i] = (mono[i] as number) + 1e-4 * (random() * 2 - 1);
  let max = 0;
  for (const v of mono) max = Math.max(max, Math.abs(v));
  const scale = max > 0 ? peak / max : 0;
  const out = new Float32Array(frames * channels);
  for (let i = 0; i < frames; i++) {
    out[i * channels] = (mono[i] as number) * scale;
    if (channels === 2) out[i * 2 + 1] = (mono[Math.max(0, i - 3)] as number) * scale * 0.8;
  }
  return out;
}

/** A 440 Hz sine at `quiet` with a stretch (one tenth of the signal, from a third) 18 dB louder. */
export function loudBurst(sampleRate: number, frames: number, channels: 1 | 2, quiet = 0.1): Float32Array {
  const out = new Float32Array(frames * channels);
  const start = Math.floor(frames / 3);
  const end = start + Math.floor(frames / 10);
  for (let i = 0; i < frames; i++) {
    const v = quiet * Math.sin((2 * Math.PI * 440 * i) / sampleRate) * (i >= start && i < end ? 8 : 1);
    for (let c = 0; c < channels; c++) out[i * channels + c] = c === 1 ? -0.5 * v : v;
  }
  return out;
}

/** Seeded noise at `amplitude` with NaN, +-Infinity and -0 at seeded places. */
export function brokenNoise(frames: number, channels: 1 | 2, seed: number, amplitude = 0.7): Float32Array {
  const random = seededRandom(seed);
  const out = new Float32Array(frames * channels);
  const specials = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0];
  for (let i = 0; i < out.length; i++) {
    const roll = random();
    out[i] =
      roll < 0.0005
        ? (specials[Math.floor(random() * specials.length)] as number)
        : (random() * 2 - 1) * amplitude;
  }
  return out;
}
