import { describe, expect, it } from 'vitest';
import { columnPeaks, initialTrim, toBase64, trimProblem } from './clip-trim';

describe('clip trim', () => {
  it('proposes at most the first 30 s and enforces 3 to 30 s', () => {
    expect(initialTrim(45_000)).toEqual({ startMs: 0, endMs: 30_000 });
    expect(initialTrim(8_000)).toEqual({ startMs: 0, endMs: 8_000 });
    expect(trimProblem({ startMs: 0, endMs: 30_000 }, 45_000)).toBeNull();
    expect(trimProblem({ startMs: 0, endMs: 30_100 }, 45_000)).toMatch(/at most 30 s/);
    expect(trimProblem({ startMs: 1_000, endMs: 3_900 }, 45_000)).toMatch(/2\.9 s: choose at least 3 s/);
    expect(trimProblem({ startMs: 0, endMs: 2_000 }, 2_000)).toMatch(/recording is 2\.0 s long/);
  });

  it('draws peaks per column and encodes base64 like Node', () => {
    expect([...columnPeaks(new Float32Array([0.1, -0.5, 0.2, 0.3]), 2)]).toEqual([
      expect.closeTo(0.5, 5),
      expect.closeTo(0.3, 5),
    ]);
    const bytes = new Uint8Array(100_000).map((_, i) => (i * 31) % 256);
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });
});
