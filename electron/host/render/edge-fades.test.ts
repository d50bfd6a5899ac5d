import { describe, expect, it } from 'vitest';
import { fadeEdges, EDGE_FADE_MS } from './edge-fades';

describe('fadeEdges', () => {
  it('takes a take that starts and ends at full level from and back to silence without a step', () => {
    const rate = 24_000;
    const pcm = fadeEdges(new Float32Array(rate).fill(0.8), rate);
    const fade = (EDGE_FADE_MS * rate) / 1000;
    expect(pcm[0]).toBe(0);
    expect(pcm[pcm.length - 1]).toBe(0);
    let largestStep = 0;
    for (let i = 1; i < pcm.length; i++) largestStep = Math.max(largestStep, Math.abs(pcm[i]! - pcm[i - 1]!));
    // Over 120 samples the largest step is a small fraction of the level (a click would be the level itself).
    expect(largestStep).toBeLessThan(0.8 * (Math.PI / 2 / fade) * 1.01);
    // The speech in between is untouched, bit for bit.
    expect(pcm.subarray(fade, pcm.length - fade).every((v) => v === Math.fround(0.8))).toBe(true);
    expect(pcm[fade - 1]).toBeLessThan(Math.fround(0.8));
  });

  it('handles takes shorter than two fades, and empty ones', () => {
    const short = fadeEdges(new Float32Array(10).fill(1), 48_000);
    expect(short[0]).toBe(0);
    expect(short[9]).toBe(0);
    expect(Math.max(...short)).toBeLessThanOrEqual(1);
    expect(short[4]).toBeGreaterThan(0.5);
    expect(fadeEdges(new Float32Array(0), 48_000)).toHaveLength(0);
    expect([...fadeEdges(new Float32Array([0.5]), 48_000)]).toEqual([0.5]);
  });
});
