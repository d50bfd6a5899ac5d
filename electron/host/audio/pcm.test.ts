import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../test-support/seeded-random';
import { packLittleEndian, quantize, quantize16LittleEndian, TpdfDither } from './pcm';

/** Samples across and beyond full scale, exact half steps, and NaN. */
function awkwardSamples(count: number): Float32Array {
  const random = seededRandom(11);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = (random() * 2 - 1) * 1.2;
  out.set([1, -1, 0.99999, -1.5, Number.NaN, 0.5 / 32_768, -0.5 / 32_768, 1.5 / 32_768, -0], 0);
  return out;
}

function twoStep(input: Float32Array, dither: TpdfDither | null): Uint8Array {
  const ints = new Int32Array(input.length);
  quantize(input, 16, ints, input.length, dither);
  const out = new Uint8Array(input.length * 2);
  packLittleEndian(ints, input.length, 16, out);
  return out;
}

describe('quantize16LittleEndian', () => {
  it('writes the same bytes as quantize + packLittleEndian, with and without dither', () => {
    const input = awkwardSamples(10_001);
    for (const dithered of [false, true]) {
      const expected = twoStep(input, dithered ? new TpdfDither(5) : null);
      const out = new Uint8Array(input.length * 2);
      quantize16LittleEndian(input, out, input.length, dithered ? new TpdfDither(5) : null);
      expect(Buffer.from(out).equals(Buffer.from(expected))).toBe(true);
    }
    const decoded = new Int16Array(twoStep(input, null).buffer);
    expect([...decoded.subarray(0, 9)]).toEqual([32_767, -32_768, 32_767, -32_768, 0, 1, 0, 2, 0]);
  });

  it('handles an output that starts at an odd byte, and only the first `count` samples', () => {
    const input = awkwardSamples(1_001);
    const backing = new Uint8Array(2 * 1_000 + 3).fill(0xee);
    const odd = backing.subarray(1, 1 + 2 * 1_000);
    quantize16LittleEndian(input, odd, 1_000);
    expect(Buffer.from(odd).equals(Buffer.from(twoStep(input.subarray(0, 1_000), null)))).toBe(true);
    expect([backing[0], backing.at(-2), backing.at(-1)]).toEqual([0xee, 0xee, 0xee]);
  });
});
