/**
 * The limiter's output is pinned bit for bit: the checksums below were computed with the first
 * implementation (commit 3e99ecd, a plain per-sample loop) before any fast path existed, so every later
 * optimisation must reproduce it exactly, for every block split (the export plans with one limiter run
 * and encodes with another, and the two must agree).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { noise, randomSplits } from '../../audio/testing/oracle';
import { TruePeakLimiter } from './limiter';
import type { LimiterOptions } from './limiter';
import { brokenNoise, loudBurst, speechLike } from './testing/seeded-signals';

interface GoldenCase {
  name: string;
  options: LimiterOptions;
  input: () => Float32Array;
}

const CASES: GoldenCase[] = [
  {
    name: 'speech 44.1k mono, limited',
    options: { sampleRate: 44_100, channels: 1, inputGain: 1.2 },
    input: () => speechLike(44_100, 44_100 * 3, 1, 1),
  },
  {
    name: 'speech 48k stereo, short look-ahead and release',
    options: {
      sampleRate: 48_000,
      channels: 2,
      inputGain: 1.3,
      ceilingDbtp: -2,
      lookaheadMs: 3,
      releaseMs: 40,
    },
    input: () => speechLike(48_000, 48_000 * 2, 2, 2),
  },
  {
    name: 'speech 24k mono, 8x oversampling',
    options: { sampleRate: 24_000, channels: 1, inputGain: 1.6 },
    input: () => speechLike(24_000, 24_000 * 2, 1, 3),
  },
  {
    name: 'speech 22.05k stereo, long release',
    options: { sampleRate: 22_050, channels: 2, inputGain: 1.2, releaseMs: 300 },
    input: () => speechLike(22_050, 22_050 * 2, 2, 4),
  },
  {
    name: 'speech 44.1k mono, never reaches the ceiling',
    options: { sampleRate: 44_100, channels: 1, inputGain: 0.6 },
    input: () => speechLike(44_100, 44_100 * 2, 1, 5),
  },
  {
    name: 'speech 44.1k mono at unity, clip guard ceiling',
    options: { sampleRate: 44_100, channels: 1, ceilingDbtp: -0.1 },
    input: () => speechLike(44_100, 44_100 * 4, 1, 9),
  },
  {
    name: 'burst far over the ceiling 44.1k mono',
    options: { sampleRate: 44_100, channels: 1, releaseMs: 50 },
    input: () => loudBurst(44_100, 44_100 * 2, 1, 0.2),
  },
  {
    name: 'burst far over the ceiling 48k stereo',
    options: { sampleRate: 48_000, channels: 2, inputGain: 1.1 },
    input: () => loudBurst(48_000, 48_000, 2, 0.2),
  },
  {
    name: 'silence 44.1k mono',
    options: { sampleRate: 44_100, channels: 1, inputGain: 3 },
    input: () => new Float32Array(44_100),
  },
  {
    name: 'silence 48k stereo',
    options: { sampleRate: 48_000, channels: 2 },
    input: () => new Float32Array(2 * 30_000),
  },
  {
    name: 'noise with NaN, infinities and -0, 48k mono',
    options: { sampleRate: 48_000, channels: 1, inputGain: 1.2 },
    input: () => brokenNoise(24_000, 1, 6),
  },
  {
    name: 'noise with NaN, infinities and -0, 8k stereo',
    options: { sampleRate: 8_000, channels: 2 },
    input: () => brokenNoise(8_000, 2, 7, 0.3),
  },
  {
    name: 'loud noise 44.1k stereo',
    options: { sampleRate: 44_100, channels: 2, inputGain: 1.5, ceilingDbtp: -2 },
    input: () => noise(20_000, 2, 0.9, 6),
  },
  {
    name: 'short loud noise, shorter than the latency',
    options: { sampleRate: 44_100, channels: 1, inputGain: 3 },
    input: () => noise(300, 1, 0.9, 8),
  },
];

/** Golden checksums (sha256 of the output's bytes, first 16 hex digits) and stats of the first implementation. */
const GOLDEN: Record<string, string> = {
  'burst far over the ceiling 44.1k mono': '0f552422f2943c7e 32324 5.250987645130076',
  'burst far over the ceiling 48k stereo': 'dcbf5d519f411c94 32256 6.004212607279005',
  'loud noise 44.1k stereo': '6122d644358a726a 20000 9.60135971817516',
  'noise with NaN, infinities and -0, 48k mono': '4432fb76246f9a7c 24000 NaN',
  'noise with NaN, infinities and -0, 8k stereo': '473f75bc1dc5919b 5138 NaN',
  'short loud noise, shorter than the latency': '86c501d70337b2fd 300 13.496808821543649',
  'silence 44.1k mono': 'fd6f479534cdd146 0 0',
  'silence 48k stereo': 'dd046ccaee01de36 0 0',
  'speech 22.05k stereo, long release': '4b0b289923b1107f 19412 2.698853336299509',
  'speech 24k mono, 8x oversampling': '95332cba70ed8679 22375 5.136307309249575',
  'speech 44.1k mono at unity, clip guard ceiling': 'c6ec18f6209d42e2 25896 0.1503988829933957',
  'speech 44.1k mono, limited': '7ccaf4fb7114a348 37790 2.646015594556065',
  'speech 44.1k mono, never reaches the ceiling': 'c52c1d26ceb60559 0 0',
  'speech 48k stereo, short look-ahead and release': 'eda37a707b9686fe 71963 8.514831484705777',
};

function limit(options: LimiterOptions, input: Float32Array, splits: number[] | null) {
  const limiter = new TruePeakLimiter(options);
  const hash = createHash('sha256');
  let samples = 0;
  const take = (part: Float32Array) => {
    hash.update(new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
    samples += part.length;
  };
  if (splits === null) take(limiter.process(input));
  else {
    let offset = 0;
    for (const frames of splits) {
      const end = offset + frames * options.channels;
      take(limiter.process(input.subarray(offset, end)));
      offset = end;
    }
  }
  take(limiter.flush());
  expect(samples).toBe(input.length);
  const { maxReductionDb, limitedFrames } = limiter.stats;
  return `${hash.digest('hex').slice(0, 16)} ${limitedFrames} ${maxReductionDb}`;
}

function fixed(frames: number, piece: number): number[] {
  return Array.from({ length: Math.ceil(frames / piece) }, (_, i) => Math.min(piece, frames - i * piece));
}

describe('TruePeakLimiter output is pinned bit for bit', () => {
  it('matches the golden checksums whole and split into blocks of 1, 7, 4096 and random sizes', () => {
    const actual: Record<string, string> = {};
    for (const { name, options, input: make } of CASES) {
      const input = make();
      const frames = input.length / options.channels;
      const whole = limit(options, input, null);
      actual[name] = whole;
      for (const [label, splits] of [
        ['1', fixed(frames, 1)],
        ['7', fixed(frames, 7)],
        ['4096', fixed(frames, 4096)],
        ['random', randomSplits(frames, 3_000, frames)],
      ] as const) {
        expect(limit(options, input, splits), `${name}, blocks of ${label}`).toBe(whole);
      }
    }
    expect(actual).toEqual(GOLDEN);
  });
});
