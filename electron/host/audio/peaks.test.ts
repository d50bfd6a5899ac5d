import { describe, expect, it } from 'vitest';
import { computePeaks, PeakBuilder } from './peaks';
import { noise, randomSplits } from './testing/oracle';

describe('PeakBuilder', () => {
  it('gives the min and max of each group of frames over all channels, last group partial', () => {
    const stereo = Float32Array.from([0.1, -0.2, 0.5, 0.0, /* | */ -0.9, 0.3, 0.2, 0.2, /* | */ 0.05, -0.05]);
    expect(Array.from(computePeaks(stereo, 2, 2))).toEqual(
      [-0.2, 0.5, -0.9, 0.3, -0.05, 0.05].map((v) => Math.fround(v)),
    );
  });

  it('streams: drained pieces join to the one-shot answer for any block split', () => {
    const input = noise(10_007, 1, 1, 5);
    const whole = computePeaks(input, 256);
    expect(whole.length).toBe(2 * Math.ceil(10_007 / 256));
    const builder = new PeakBuilder(256);
    const parts: number[] = [];
    let offset = 0;
    for (const frames of randomSplits(input.length, 700, 9)) {
      builder.push(input.subarray(offset, offset + frames));
      offset += frames;
      parts.push(...builder.drain());
    }
    parts.push(...builder.finish());
    expect(parts).toEqual(Array.from(whole));
    expect(builder.peakCount).toBe(0);
  });

  it('draws NaN-only stretches as silence and refuses bad arguments', () => {
    expect(Array.from(computePeaks(Float32Array.from([Number.NaN, Number.NaN]), 2))).toEqual([0, 0]);
    expect(() => new PeakBuilder(0)).toThrow(/samplesPerPeak/);
    expect(() => new PeakBuilder(10, 2).push(new Float32Array(3))).toThrow(/whole frames/);
  });
});
