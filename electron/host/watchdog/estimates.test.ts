import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_PER_CHAR_BYTES, EstimateStore } from './estimates';
import type { ModelFigures } from './estimates';
import { MIB } from './units';

const kokoro: ModelFigures = { modelId: 'kokoro-82m', provider: 'cuda', manifestBytes: 600 * MIB };

describe('EstimateStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'roundtable-estimates-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('uses the manifest figures until something is observed', async () => {
    const store = await EstimateStore.open(path.join(dir, 'estimates.json'));
    expect(store.modelLoadEstimate(kokoro)).toMatchObject({ bytes: 600 * MIB, basis: 'manifest' });
    expect(store.chunkEstimate(kokoro, 100)).toMatchObject({
      bytes: 100 * DEFAULT_PER_CHAR_BYTES,
      basis: 'default',
    });
    expect(store.chunkEstimate({ ...kokoro, manifestPerCharBytes: 1000 }, 100)).toMatchObject({
      bytes: 100_000,
      basis: 'manifest',
    });
  });

  it('calibrates from observed peaks with a conservative statistic, per model and provider', async () => {
    const store = await EstimateStore.open(path.join(dir, 'estimates.json'));
    // Loads measured at 400..440 MiB: the estimate is the max + 10 %, below the manifest's 600 MiB.
    for (const mib of [400, 440, 420]) {
      await store.recordObservation({
        modelId: 'kokoro-82m',
        provider: 'cuda',
        peakBytes: mib * MIB,
        chunkChars: 0,
      });
    }
    expect(store.modelLoadEstimate(kokoro)).toEqual({
      kind: 'model',
      modelId: 'kokoro-82m',
      provider: 'cuda',
      bytes: Math.ceil(440 * MIB * 1.1),
      basis: 'observed',
    });
    // Chunks: peak − smallest load (400 MiB), per character; the worst of them + 10 %.
    await store.recordObservation({
      modelId: 'kokoro-82m',
      provider: 'cuda',
      peakBytes: 500 * MIB,
      chunkChars: 200,
      elapsedMs: 1000,
    });
    await store.recordObservation({
      modelId: 'kokoro-82m',
      provider: 'cuda',
      peakBytes: 450 * MIB,
      chunkChars: 50,
      elapsedMs: 500,
    });
    const perChar = Math.max((100 * MIB) / 200, (50 * MIB) / 50) * 1.1;
    expect(store.chunkEstimate(kokoro, 300)).toMatchObject({
      bytes: Math.ceil(perChar * 300),
      basis: 'observed',
    });
    // Model + chunk never under a peak that was seen.
    expect(store.modelLoadEstimate(kokoro).bytes + store.chunkEstimate(kokoro, 200).bytes).toBeGreaterThan(
      500 * MIB,
    );
    expect(store.charsPerSecond(kokoro)).toEqual({ charsPerSecond: 100, basis: 'observed' });
    // Another provider knows nothing yet.
    expect(store.modelLoadEstimate({ ...kokoro, provider: 'cpu' }).basis).toBe('manifest');
  });

  it('uses the 95th percentile of the last observations once there are enough, and forgets old ones', async () => {
    const store = await EstimateStore.open(path.join(dir, 'estimates.json'), { keepRecent: 20 });
    // One outlier long ago, then 20 ordinary loads: the outlier has rolled out of the window.
    await store.recordObservation({ modelId: 'm', provider: 'cpu', peakBytes: 5000 * MIB, chunkChars: 0 });
    for (let i = 1; i <= 20; i += 1) {
      await store.recordObservation({
        modelId: 'm',
        provider: 'cpu',
        peakBytes: i * 10 * MIB,
        chunkChars: 0,
      });
    }
    // Sorted 10..200 MiB: the 95th percentile (nearest rank, 19th of 20) is 190 MiB.
    expect(store.modelLoadEstimate({ modelId: 'm', provider: 'cpu', manifestBytes: 1 }).bytes).toBe(
      Math.ceil(190 * MIB * 1.1),
    );
    expect(store.observationCount('m', 'cpu')).toEqual({ loads: 20, chunks: 0 });
  });

  it('persists across restarts with atomic writes and leaves no temp files', async () => {
    const file = path.join(dir, 'nested', 'estimates.json');
    const first = await EstimateStore.open(file);
    await Promise.all([
      first.recordObservation({
        modelId: 'kokoro-82m',
        provider: 'cuda',
        peakBytes: 420 * MIB,
        chunkChars: 0,
      }),
      first.recordObservation({
        modelId: 'kokoro-82m',
        provider: 'cuda',
        peakBytes: 520 * MIB,
        chunkChars: 100,
      }),
    ]);
    await first.flush();
    expect(await fs.readdir(path.dirname(file))).toEqual(['estimates.json']);
    const saved = JSON.parse(await fs.readFile(file, 'utf8'));
    expect(saved.version).toBe(1);
    expect(saved.models['kokoro-82m|cuda'].loads).toHaveLength(1);
    expect(saved.models['kokoro-82m|cuda'].chunks).toHaveLength(1);

    const second = await EstimateStore.open(file);
    expect(second.modelLoadEstimate(kokoro)).toEqual(first.modelLoadEstimate(kokoro));
    expect(second.chunkEstimate(kokoro, 100)).toEqual(first.chunkEstimate(kokoro, 100));
  });

  it('moves a damaged file aside and starts afresh', async () => {
    const file = path.join(dir, 'estimates.json');
    await fs.writeFile(file, '{ "version": 1, "models": { "x|cpu": { "loads": [ { "peakBytes": -1 ');
    const store = await EstimateStore.open(file);
    expect(store.loadWarning).toMatch(/could not be read/);
    expect(store.modelLoadEstimate(kokoro).basis).toBe('manifest');
    expect((await fs.readdir(dir)).sort()).toEqual(['estimates.json.corrupt']);
    await store.recordObservation({ modelId: 'x', provider: 'cpu', peakBytes: 1, chunkChars: 0 });
    expect((await fs.readdir(dir)).sort()).toEqual(['estimates.json', 'estimates.json.corrupt']);
  });

  it('rejects nonsense observations', async () => {
    const store = EstimateStore.inMemory();
    await expect(
      store.recordObservation({ modelId: 'x', provider: 'cpu', peakBytes: Number.NaN, chunkChars: 0 }),
    ).rejects.toThrow(RangeError);
  });
});
