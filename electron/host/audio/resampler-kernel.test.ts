import { describe, expect, it } from 'vitest';
import {
  dotFolded,
  dotPlain,
  filterDesign,
  foldedBlock4,
  foldedSingle,
  plainBlock4,
  plainSingle,
  ROW_CENTRED,
  ROW_MIRRORED,
  ROW_PLAIN,
} from './resampler-kernel';
import { noise } from './testing/oracle';

/** Plain dot product in the simplest order, as the reference. */
function reference(samples: Float32Array, start: number, row: Float64Array): number {
  let sum = 0;
  for (let j = 0; j < row.length; j++) sum += (samples[start + j] as number) * (row[j] as number);
  return sum;
}

describe('filterDesign', () => {
  it('uses 64 taps at the lower rate and more in input samples when downsampling', () => {
    expect(filterDesign(2, 1).taps).toBe(64);
    expect(filterDesign(147, 80).taps).toBe(64);
    expect(filterDesign(1, 2).taps).toBe(128);
    expect(filterDesign(147, 160).taps).toBe(70); // 48 -> 44.1 kHz: 32 / 0.91875 -> 35 each side
  });

  it('makes phase L - r the mirror image of phase r, phase 0 symmetric about its centre with a zero last tap', () => {
    for (const [up, down] of [
      [2, 1],
      [3, 1],
      [147, 80],
      [160, 147],
      [1, 2],
      [147, 160],
    ] as const) {
      const { taps, table, kinds } = filterDesign(up, down);
      const centre = taps / 2 - 1;
      const row = (r: number) => table.subarray(r * taps, (r + 1) * taps);
      for (let r = 1; r < up; r++) {
        const mirrored = Array.from(row(up - r)).reverse();
        // Exact for the folded row L / 2; other phases agree to rounding (fractions such as 1/3 and 2/3).
        if (2 * r === up) expect(mirrored, `${up}/${down} phase ${r}`).toEqual(Array.from(row(r)));
        row(r).forEach((value, j) => expect(Math.abs(value - (mirrored[j] as number))).toBeLessThan(1e-15));
      }
      const zero = row(0);
      expect(Math.abs(zero[taps - 1] as number)).toBe(0);
      for (let d = 1; d <= centre; d++) expect(zero[centre - d]).toBe(zero[centre + d]);
      // Every phase has unity DC gain.
      for (let r = 0; r < up; r++) expect(row(r).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect(kinds[0]).toBe(ROW_CENTRED);
      for (let r = 1; r < up; r++) expect(kinds[r]).toBe(2 * r === up ? ROW_MIRRORED : ROW_PLAIN);
    }
  });

  it('shares one design per rate pair', () => {
    expect(filterDesign(2, 1)).toBe(filterDesign(2, 1));
  });
});

describe('resampler kernels', () => {
  const samples = noise(400, 1, 0.9, 11);
  const coefficients = Float64Array.from({ length: 80 }, (_, j) => Math.sin(j * 0.7) / (j + 1));

  it('folded dot products equal the plain dot product of the symmetric row (odd and even counts)', () => {
    for (const count of [1, 3, 4, 31, 32, 35]) {
      const half = coefficients.subarray(5, 5 + count);
      // Mirrored row: 2 * count taps, h[j] = h[2 * count - 1 - j].
      const mirrored = Float64Array.from(
        { length: 2 * count },
        (_, j) => half[Math.min(j, 2 * count - 1 - j)] as number,
      );
      const expected = reference(samples, 17, mirrored);
      expect(dotFolded(samples, 17, 16 + 2 * count, coefficients, 5, count)).toBeCloseTo(expected, 12);
      expect(foldedSingle(samples, 17, 16 + 2 * count, 17, coefficients, 5, count, 0)).toBeCloseTo(
        expected,
        12,
      );
      // Centred row: 2 * count + 1 taps around a middle coefficient m.
      const m = 0.37;
      const centred = Float64Array.from({ length: 2 * count + 1 }, (_, j) =>
        j === count ? m : (half[Math.min(j, 2 * count - j)] as number),
      );
      const expectedCentred = reference(samples, 40, centred);
      expect(foldedSingle(samples, 40, 40 + 2 * count, 40 + count, coefficients, 5, count, m)).toBeCloseTo(
        expectedCentred,
        12,
      );
      expect(dotPlain(samples, 40, centred, 0, centred.length)).toBeCloseTo(expectedCentred, 12);
    }
  });

  it('block kernels give the single-output kernels bit for bit', () => {
    for (const count of [1, 2, 5, 31, 32, 64]) {
      const out = new Float32Array(4 * 3);
      foldedBlock4(samples, 20, 120, 70, coefficients, 3, count, 0.25, out, 1, 3);
      plainBlock4(samples, 150, coefficients, 7, count, out, 2, 3);
      for (let m = 0; m < 4; m++) {
        expect(out[1 + 3 * m]).toBe(
          Math.fround(foldedSingle(samples, 20 + m, 120 + m, 70 + m, coefficients, 3, count, 0.25)),
        );
        expect(out[2 + 3 * m]).toBe(Math.fround(plainSingle(samples, 150 + m, coefficients, 7, count)));
        expect(out[3 * m]).toBe(0);
      }
    }
  });
});
