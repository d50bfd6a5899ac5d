import { describe, expect, it } from 'vitest';
import { resample, resampledLength, Resampler } from './resampler';
import { filterDesign, INTERPOLATED_PHASES } from './resampler-kernel';
import { noise, randomSplits, sine } from './testing/oracle';
import { processInBlocks } from '../../../test-support/float32';

function rms(samples: Float32Array, from = 0, to = samples.length, stride = 1, offset = 0): number {
  let sum = 0;
  let count = 0;
  for (let i = from * stride + offset; i < to * stride; i += stride) {
    sum += (samples[i] as number) ** 2;
    count++;
  }
  return Math.sqrt(sum / count);
}

function db(ratio: number): number {
  return 20 * Math.log10(ratio);
}

/** Level of one frequency in a mono signal (Hann-windowed Goertzel), as a sine amplitude. */
function toneAmplitude(samples: Float32Array, sampleRate: number, frequencyHz: number): number {
  const n = samples.length;
  const w = (2 * Math.PI * frequencyHz) / sampleRate;
  let re = 0;
  let im = 0;
  let windowSum = 0;
  for (let i = 0; i < n; i++) {
    const hann = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
    re += (samples[i] as number) * hann * Math.cos(w * i);
    im -= (samples[i] as number) * hann * Math.sin(w * i);
    windowSum += hann;
  }
  return (2 * Math.hypot(re, im)) / windowSum;
}

const PAIRS: [number, number][] = [
  [22_050, 44_100],
  [16_000, 48_000],
  [22_050, 24_000],
  [24_000, 44_100],
  [24_000, 48_000],
  [22_050, 48_000],
  [48_000, 22_050],
  [44_100, 48_000],
  [48_000, 24_000],
  [44_100, 44_101],
];

/**
 * The filter as a plain dot product in double precision, straight from the design's full phase rows:
 * output n at input position n * in / out, zeros outside the input.
 */
function referenceResample(
  input: Float32Array,
  inRate: number,
  outRate: number,
  channels: number,
): Float64Array {
  let g = inRate;
  for (let b = outRate; b !== 0;) [g, b] = [b, g % b];
  const up = outRate / g;
  const down = inRate / g;
  const { taps, table, exact } = filterDesign(up, down);
  const centre = taps / 2 - 1;
  const frames = input.length / channels;
  const outFrames = resampledLength(frames, inRate, outRate);
  const out = new Float64Array(outFrames * channels);
  const row = new Float64Array(taps);
  for (let n = 0; n < outFrames; n++) {
    const k = Math.floor((n * down) / up);
    const phase = (n * down) % up;
    if (exact) {
      row.set(table.subarray(phase * taps, (phase + 1) * taps));
    } else {
      const position = (phase / up) * INTERPOLATED_PHASES;
      const index = Math.min(INTERPOLATED_PHASES - 1, Math.floor(position));
      const weight = position - index;
      for (let j = 0; j < taps; j++) {
        row[j] =
          (table[index * taps + j] as number) * (1 - weight) +
          (table[(index + 1) * taps + j] as number) * weight;
      }
    }
    for (let c = 0; c < channels; c++) {
      let sum = 0;
      for (let j = 0; j < taps; j++) {
        const frame = k - centre + j;
        if (frame >= 0 && frame < frames) sum += (input[frame * channels + c] as number) * (row[j] as number);
      }
      out[n * channels + c] = sum;
    }
  }
  return out;
}

describe('Resampler', () => {
  it('computes the plain dot product of its filter (folded, blocked or not) within 1e-6', () => {
    for (const [inRate, outRate, channels] of [
      [22_050, 44_100, 1],
      [22_050, 44_100, 2],
      [24_000, 48_000, 2],
      [16_000, 48_000, 1],
      [48_000, 24_000, 2],
      [48_000, 44_100, 1],
      [24_000, 44_100, 1],
      [22_050, 48_000, 2],
      [44_100, 44_101, 1],
    ] as const) {
      const frames = 3_001;
      const input = noise(frames, channels, 0.9, inRate + channels);
      const expected = referenceResample(input, inRate, outRate, channels);
      for (const seed of [5, 6]) {
        const out = processInBlocks(
          new Resampler(inRate, outRate, channels),
          input,
          randomSplits(frames, 700, seed),
        );
        expect(out.length).toBe(expected.length);
        let maxError = 0;
        for (let i = 0; i < out.length; i++) {
          maxError = Math.max(maxError, Math.abs((out[i] as number) - (expected[i] as number)));
        }
        expect(maxError, `${inRate}->${outRate} x${channels} seed ${seed}`).toBeLessThan(1e-6);
      }
    }
  });

  it('passes audio through unchanged when the rates match', () => {
    const input = noise(1_000, 2, 0.5, 7);
    const resampler = new Resampler(24_000, 24_000, 2);
    expect(resampler.isIdentity).toBe(true);
    expect(Array.from(resampler.process(input))).toEqual(Array.from(input));
    expect(resampler.flush().length).toBe(0);
  });

  it('produces exactly round(input * out / in) frames', () => {
    for (const [inRate, outRate] of PAIRS) {
      for (const frames of [0, 1, 2, 7, 999, 12_345]) {
        const out = resample(noise(frames, 1, 0.5, frames), inRate, outRate);
        expect(out.length, `${inRate}->${outRate} of ${frames}`).toBe(
          Math.round((frames * outRate) / inRate),
        );
        expect(resampledLength(frames, inRate, outRate)).toBe(out.length);
      }
    }
    // Exact integer rounding even where floating point would waver.
    expect(resampledLength(1, 2, 1)).toBe(1);
    expect(resampledLength(3, 2, 1)).toBe(2);
    expect(resampledLength(90 * 60 * 44_100, 44_100, 48_000)).toBe(90 * 60 * 48_000);
  });

  it('gives bit-identical output whatever the block sizes', () => {
    for (const [inRate, outRate] of PAIRS) {
      const channels = inRate === 22_050 ? 1 : 2;
      const frames = 9_000;
      const input = noise(frames, channels, 0.8, inRate);
      const whole = processInBlocks(new Resampler(inRate, outRate, channels), input, [frames]);
      for (const seed of [1, 2]) {
        const resampler = new Resampler(inRate, outRate, channels);
        const split = processInBlocks(resampler, input, randomSplits(frames, seed === 1 ? 40 : 3_000, seed));
        expect(split.length).toBe(whole.length);
        expect(
          Buffer.from(split.buffer).equals(Buffer.from(whole.buffer)),
          `${inRate}->${outRate} seed ${seed}`,
        ).toBe(true);
      }
      // flush() resets: the same resampler converts a second stream identically.
      const reused = new Resampler(inRate, outRate, channels);
      processInBlocks(reused, noise(500, channels, 0.1, 3), [500]);
      expect(
        Buffer.from(processInBlocks(reused, input, [frames]).buffer).equals(Buffer.from(whole.buffer)),
      ).toBe(true);
    }
  });

  it('keeps a sine at its frequency, amplitude (0.1 dB) and phase, with no delay', () => {
    for (const [inRate, outRate] of PAIRS) {
      const frequency = 997;
      const seconds = 0.5;
      const input = sine(frequency, inRate, Math.round(inRate * seconds), 0.5);
      const out = resample(input, inRate, outRate);
      const ideal = sine(frequency, outRate, out.length, 0.5);
      const margin = Math.round(outRate * 0.05);
      let maxError = 0;
      for (let i = margin; i < out.length - margin; i++) {
        maxError = Math.max(maxError, Math.abs((out[i] as number) - (ideal[i] as number)));
      }
      expect(maxError, `${inRate}->${outRate}`).toBeLessThan(2e-4);
      const gainDb = db(rms(out, margin, out.length - margin) / rms(ideal, margin, out.length - margin));
      expect(Math.abs(gainDb)).toBeLessThan(0.1);
      const middle = out.subarray(margin, out.length - margin);
      const at = toneAmplitude(middle, outRate, frequency);
      expect(Math.abs(db(at / 0.5))).toBeLessThan(0.1);
      expect(toneAmplitude(middle, outRate, frequency * 1.1)).toBeLessThan(0.01);
    }
  });

  it('keeps high speech frequencies within 0.1 dB', () => {
    for (const [inRate, outRate, frequency] of [
      [24_000, 48_000, 9_000],
      [22_050, 44_100, 8_000],
      [48_000, 24_000, 9_000],
    ] as const) {
      const out = resample(sine(frequency, inRate, inRate / 2, 0.5), inRate, outRate);
      const margin = Math.round(outRate * 0.05);
      const middle = out.subarray(margin, out.length - margin);
      expect(
        Math.abs(db(rms(middle) / (0.5 * Math.SQRT1_2))),
        `${frequency} Hz ${inRate}->${outRate}`,
      ).toBeLessThan(0.1);
    }
  });

  it('suppresses aliasing of near-Nyquist tones by at least 70 dB when downsampling', () => {
    for (const [inRate, outRate, frequency] of [
      [48_000, 24_000, 22_000],
      [48_000, 22_050, 15_000],
      [44_100, 24_000, 20_000],
      [48_000, 44_100, 23_000],
    ] as const) {
      const input = sine(frequency, inRate, inRate / 2, 0.5);
      const out = resample(input, inRate, outRate);
      const margin = Math.round(outRate * 0.05);
      const leak = db(rms(out, margin, out.length - margin) / (0.5 * Math.SQRT1_2));
      expect(leak, `${frequency} Hz ${inRate}->${outRate}`).toBeLessThan(-70);
    }
  });

  it('suppresses images by at least 70 dB when upsampling', () => {
    const out = resample(sine(10_000, 24_000, 12_000, 0.5), 24_000, 48_000);
    const middle = out.subarray(2_400, out.length - 2_400);
    expect(db(toneAmplitude(middle, 48_000, 14_000) / 0.5)).toBeLessThan(-70);
    expect(Math.abs(db(toneAmplitude(middle, 48_000, 10_000) / 0.5))).toBeLessThan(0.1);
  });

  it('keeps speech flat and its images 70 dB down at 22.05 -> 44.1 kHz (the espeak take rate)', () => {
    for (const frequency of [1_000, 4_000, 8_000, 9_000, 10_500]) {
      const out = resample(sine(frequency, 22_050, 11_025, 0.5), 22_050, 44_100);
      const middle = out.subarray(2_205, out.length - 2_205);
      const image = db(toneAmplitude(middle, 44_100, 22_050 - frequency) / 0.5);
      expect(image, `image of ${frequency} Hz`).toBeLessThan(-70);
      if (frequency <= 9_000) {
        expect(Math.abs(db(toneAmplitude(middle, 44_100, frequency) / 0.5)), `${frequency} Hz`).toBeLessThan(
          0.1,
        );
      }
    }
  });

  it('keeps stereo channels apart', () => {
    const frames = 4_000;
    const input = new Float32Array(frames * 2);
    const left = sine(440, 22_050, frames, 0.7);
    for (let i = 0; i < frames; i++) input[i * 2] = left[i] as number;
    const out = resample(input, 22_050, 48_000, 2);
    expect(rms(out, 0, out.length / 2, 2, 1)).toBe(0);
    expect(rms(out, 0, out.length / 2, 2, 0)).toBeGreaterThan(0.4);
  });

  it('refuses bad rates and partial frames with clear messages', () => {
    expect(() => new Resampler(0, 48_000)).toThrow(/input rate/);
    expect(() => new Resampler(44_100, 47_999.5)).toThrow(/output rate/);
    expect(() => new Resampler(24_000, 48_000, 2).process(new Float32Array(3))).toThrow(/whole frames/);
  });
});
