import { describe, expect, it } from 'vitest';
import { noise, randomSplits } from '../../audio/testing/oracle';
import { TruePeakDetector, truePeakOversampling } from './true-peak';

/** Loud noise bursts between quiet stretches, with an intersample peak (alternating full scale). */
function signal(frames: number, seed: number): Float32Array {
  const out = noise(frames, 1, 0.9, seed);
  for (let i = 0; i < frames; i++) if (Math.floor(i / 3000) % 3 === 1) out[i] = (out[i] as number) * 0.02;
  for (let i = 5000; i < 5016; i++) out[i] = i % 2 === 0 ? 0.99 : -0.99;
  return out;
}

function peaksByProcess(sampleRate: number, input: Float32Array, splits: number[]): number {
  const detector = new TruePeakDetector(sampleRate);
  let best = 0;
  let at = 0;
  for (const count of splits) {
    const out = new Float64Array(count);
    detector.process(input, at, 1, count, out, 0, 0);
    for (const v of out) best = Math.max(best, v);
    at += count;
  }
  return Math.max(best, detector.tailPeak());
}

function peaksByMax(sampleRate: number, input: Float32Array, splits: number[], threshold: number): number {
  const detector = new TruePeakDetector(sampleRate);
  let best = threshold;
  let at = 0;
  for (const count of splits) {
    best = Math.max(best, detector.maxPeak(input, at, 1, count, best));
    at += count;
  }
  return Math.max(best, detector.tailPeak());
}

describe('TruePeakDetector.maxPeak', () => {
  for (const sampleRate of [22_050, 24_000, 44_100, 48_000]) {
    it(`finds the same largest true peak as process() to rounding (${sampleRate} Hz, ${truePeakOversampling(sampleRate)}x)`, () => {
      const input = signal(20_000, sampleRate);
      const splits = randomSplits(input.length, 5_000, 3);
      const exact = peaksByProcess(sampleRate, input, splits);
      expect(exact).toBeGreaterThan(1); // the alternating run overshoots full scale between samples
      expect(Math.abs(peaksByMax(sampleRate, input, splits, 0) - exact)).toBeLessThan(1e-12);
      // A running threshold (as the meter uses) changes nothing once the peak passes it.
      expect(Math.abs(peaksByMax(sampleRate, input, [input.length], 0.5) - exact)).toBeLessThan(1e-12);
    });
  }

  it('reports at most the threshold where nothing can pass it', () => {
    const quiet = noise(10_000, 1, 0.05, 4);
    const detector = new TruePeakDetector(44_100);
    expect(detector.maxPeak(quiet, 0, 1, quiet.length, 0.5)).toBeLessThanOrEqual(0.5);
  });
});
