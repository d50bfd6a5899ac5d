import { describe, expect, it } from 'vitest';
import { collectFloat32 as collect, processInBlocks } from '../../../../test-support/float32';
import { noise, randomSplits } from '../../audio/testing/oracle';
import { TruePeakLimiter } from '../loudness/limiter';
import type { LimiterOptions } from '../loudness/limiter';
import { limitOnThread } from './threaded-limiter';

/** Quiet stretches, then loud ones far over the ceiling: the limiter both rests and works. */
function episode(frames: number, channels: 1 | 2): Float32Array {
  const out = noise(frames, channels, 0.9, 7);
  const stretch = 4_410 * channels;
  for (let at = 0; at < out.length; at += 2 * stretch) {
    for (let i = at; i < Math.min(out.length, at + stretch); i++) out[i] = (out[i] as number) * 0.05;
  }
  return out;
}

async function* blocks(signal: Float32Array, channels: number, seed: number): AsyncGenerator<Float32Array> {
  let at = 0;
  for (const frames of randomSplits(signal.length / channels, 6_000, seed)) {
    yield signal.subarray(at, at + frames * channels);
    at += frames * channels;
  }
}

describe('limitOnThread', () => {
  for (const channels of [1, 2] as const) {
    it(`gives the limiter's own output, sample for sample (${channels} ch, random blocks)`, async () => {
      const options: LimiterOptions = { sampleRate: 44_100, channels, inputGain: 1.6 };
      const signal = episode(44_100 * 3, channels);
      const threaded = await collect(limitOnThread(blocks(signal, channels, 3), options));
      const expected = processInBlocks(
        new TruePeakLimiter(options),
        signal,
        randomSplits(signal.length / channels, 6_000, 3),
      );
      expect(threaded.length).toBe(signal.length);
      expect(Buffer.from(threaded.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
      // It did limit: nothing near the input's loudest sample is left.
      expect(threaded.reduce((peak, v) => Math.max(peak, Math.abs(v)), 0)).toBeLessThan(0.9);
    });
  }

  it('leaves the source untouched (blocks go to the thread as copies)', async () => {
    const signal = episode(20_000, 1);
    const before = signal.slice();
    await collect(limitOnThread(blocks(signal, 1, 5), { sampleRate: 44_100, channels: 1, inputGain: 2 }));
    expect(Buffer.from(signal.buffer).equals(Buffer.from(before.buffer))).toBe(true);
  });

  it('reports a limiter that refuses its settings as an error, not a hang', async () => {
    const run = collect(
      limitOnThread(blocks(episode(1_000, 1), 1, 1), { sampleRate: 44_100, channels: 1, inputGain: -1 }),
    );
    await expect(run).rejects.toThrow(
      /the export's limiter stopped: .*input gain must be a finite number >= 0/,
    );
  });

  it('closes the source when the consumer stops early', async () => {
    let closed = false;
    async function* source(): AsyncGenerator<Float32Array> {
      try {
        for (let i = 0; i < 100; i++) yield episode(4_096, 1);
      } finally {
        closed = true;
      }
    }
    for await (const block of limitOnThread(source(), { sampleRate: 44_100, channels: 1 })) {
      expect(block.length).toBeGreaterThan(0);
      break;
    }
    expect(closed).toBe(true);
  });
});
