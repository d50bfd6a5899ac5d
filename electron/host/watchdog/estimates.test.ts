import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_PER_CHAR_BYTES, EstimateStore, fittedSlope } from './estimates';
import type { ModelFigures } from './estimates';
import { fillDiskAfter } from '../files/testing/fault-fs';
import { DiskFullError } from '../files/write-errors';
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

  it('says which file a full disk refused, and leaves no temp file (calibration.json.<pid>.<hex>.tmp before)', async () => {
    const file = path.join(dir, 'estimates.json');
    const store = await EstimateStore.open(file);
    const disk = fillDiskAfter(dir, 0);
    const error = await store
      .recordObservation({ modelId: 'kokoro-82m', provider: 'cuda', peakBytes: 400 * MIB, chunkChars: 0 })
      .catch((caught: unknown) => caught);
    disk.restore();
    expect(error).toBeInstanceOf(DiskFullError);
    expect((error as Error).message).toContain(`cannot write ${file}`);
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it('removes temp files of a process killed while it saved', async () => {
    const file = path.join(dir, 'calibration.json');
    const dead = `calibration.json.roundtable-${2 ** 22 + 5}-0123456789ab.tmp`;
    await fs.writeFile(path.join(dir, dead), '');
    await fs.writeFile(path.join(dir, 'other.json.roundtable-4194309-0123456789ab.tmp'), '');
    await EstimateStore.open(file);
    expect(await fs.readdir(dir)).toEqual(['other.json.roundtable-4194309-0123456789ab.tmp']);
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
    // Chunks: peak − smallest load (400 MiB) = 100 MiB at 200 characters, 50 MiB at 50. They span enough
    // sizes for a slope (1/3 MiB per character through both); what is left (33 MiB) is the fixed part.
    // Both with 10 % margin.
    const slope = MIB / 3;
    const fixed = 100 * MIB - 200 * slope;
    expect(store.chunkEstimate(kokoro, 300)).toMatchObject({
      bytes: Math.ceil(fixed * 1.1 + slope * 1.1 * 300),
      basis: 'observed',
    });
    // Model + chunk never under a peak that was seen.
    expect(store.modelLoadEstimate(kokoro).bytes + store.chunkEstimate(kokoro, 200).bytes).toBeGreaterThan(
      500 * MIB,
    );
    // 250 characters in 1.5 s.
    expect(store.charsPerSecond(kokoro).charsPerSecond).toBeCloseTo(250 / 1.5, 9);
    // Another provider knows nothing yet.
    expect(store.modelLoadEstimate({ ...kokoro, provider: 'cpu' }).basis).toBe('manifest');
  });

  it('does not let one tiny first chunk make long ones look enormous, or slow', async () => {
    // Seen on a real first run: "Host: hi" (2 characters) while the worker started its espeak thread grew
    // it by ~220 MB in 630 ms. Per character that read 110 MB, a 204-character chunk 23 GB: the demo was
    // refused as "will not fit", with an estimate of 12 minutes.
    const store = await EstimateStore.open(path.join(dir, 'estimates.json'));
    const espeak = { modelId: 'espeak', provider: 'wasm' as const, manifestBytes: 64 * MIB };
    await store.recordObservation({ ...espeak, peakBytes: 285_061_120, chunkChars: 2, elapsedMs: 630 });
    const estimate = store.chunkEstimate(espeak, 204);
    // The growth is a fixed cost (with margin) plus the default per-character figure for the rest.
    expect(estimate.bytes).toBe(
      Math.ceil(
        (285_061_120 - 64 * MIB - 2 * DEFAULT_PER_CHAR_BYTES) * 1.1 + DEFAULT_PER_CHAR_BYTES * 1.1 * 204,
      ),
    );
    expect(estimate.bytes).toBeLessThan(400 * MIB);
    // Still never under what was seen for that chunk.
    expect(64 * MIB + store.chunkEstimate(espeak, 2).bytes).toBeGreaterThan(285_061_120);
    // 2 characters say nothing about speed: the default stands until a real chunk is timed.
    expect(store.charsPerSecond(espeak)).toEqual({ charsPerSecond: 60, basis: 'default' });
    await store.recordObservation({ ...espeak, peakBytes: 80 * MIB, chunkChars: 150, elapsedMs: 500 });
    expect(store.charsPerSecond(espeak)).toEqual({ charsPerSecond: 300, basis: 'observed' });
  });

  it('fits a slope only to chunks that span enough sizes, and never a negative one', () => {
    expect(fittedSlope([{ chars: 100, bytes: 5 }])).toBeNull();
    expect(
      fittedSlope([
        { chars: 100, bytes: 5 },
        { chars: 150, bytes: 9 },
      ]),
    ).toBeNull(); // under 2x
    expect(
      fittedSlope([
        { chars: 10, bytes: 5 },
        { chars: 40, bytes: 9 },
      ]),
    ).toBeNull(); // under 50 apart
    expect(
      fittedSlope([
        { chars: 50, bytes: 1_000 + 50 * 300 },
        { chars: 120, bytes: 1_000 + 120 * 300 + 10 },
        { chars: 200, bytes: 1_000 + 200 * 300 - 10 },
      ]),
    ).toBeCloseTo(300, 0);
    expect(
      fittedSlope([
        { chars: 50, bytes: 9_000 },
        { chars: 200, bytes: 1_000 },
      ]),
    ).toBe(0);
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
