import { describe, expect, it } from 'vitest';
import { columnPeaks, dragTrim, initialTrim, toBase64, trimAnchor, trimProblem } from './clip-trim';

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

describe('trimming on the waveform', () => {
  const trim = { startMs: 2_000, endMs: 8_000 };
  it('a press near an edge moves that edge; elsewhere it starts a new selection', () => {
    expect(trimAnchor(trim, 2_100, 200)).toBe(8_000);
    expect(trimAnchor(trim, 7_850, 200)).toBe(2_000);
    expect(trimAnchor(trim, 5_000.4, 200)).toBe(5_000);
  });
  it('dragging keeps the selection inside the recording and in order', () => {
    expect(dragTrim(2_000, 12_000.4, 10_000)).toEqual({ startMs: 2_000, endMs: 10_000 });
    expect(dragTrim(8_000, -50, 10_000)).toEqual({ startMs: 0, endMs: 8_000 });
    // Dragging the start past the end: the end stays put as the new start.
    expect(dragTrim(8_000, 9_000.6, 10_000)).toEqual({ startMs: 8_000, endMs: 9_001 });
    // Whole milliseconds, as the host requires, whatever the pixel positions were.
    expect(dragTrim(973.8, 5_843.2, 10_000)).toEqual({ startMs: 974, endMs: 5_843 });
  });
});
