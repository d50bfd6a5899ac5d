import { describe, expect, it } from 'vitest';
import { encodeWav16, mixDown, peakDbfs } from './wav-encode';

describe('recording to WAV', () => {
  it('writes a mono 16-bit PCM WAV header and clipped samples', () => {
    const bytes = encodeWav16(new Float32Array([0, 0.5, -1, 2, -2]), 48_000);
    const view = new DataView(bytes.buffer);
    const text = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
    expect([text(0), text(8), text(12), text(36)]).toEqual(['RIFF', 'WAVE', 'fmt ', 'data']);
    expect(view.getUint32(4, true)).toBe(36 + 10);
    expect(view.getUint16(20, true)).toBe(1);
    expect(view.getUint16(22, true)).toBe(1);
    expect(view.getUint32(24, true)).toBe(48_000);
    expect(view.getUint32(28, true)).toBe(96_000);
    expect(view.getUint16(34, true)).toBe(16);
    expect(view.getUint32(40, true)).toBe(10);
    expect([0, 1, 2, 3, 4].map((i) => view.getInt16(44 + i * 2, true))).toEqual([
      0, 16_384, -32_768, 32_767, -32_768,
    ]);
  });

  it('mixes channels down to their mean', () => {
    expect([...mixDown([new Float32Array([1, 0.5]), new Float32Array([0, -0.5])])]).toEqual([0.5, 0]);
    expect(mixDown([])).toHaveLength(0);
  });

  it('measures a block’s peak in dBFS', () => {
    expect(peakDbfs(new Float32Array([0.1, -0.5]))).toBeCloseTo(-6.02, 2);
    expect(peakDbfs(new Float32Array(4))).toBe(-Infinity);
  });
});
