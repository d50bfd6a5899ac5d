/** The first chunk of a fresh worker carries the engine's start-up: counted once, not as slowness. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EstimateStore, keepRecentChunks } from './estimates';
import type { ModelFigures } from './estimates';
import { MIB } from './units';

const espeak: ModelFigures = { modelId: 'espeak', provider: 'wasm', manifestBytes: 64 * MIB };
const chunk = (chunkChars: number, elapsedMs: number, cold = false) => ({
  ...espeak,
  peakBytes: 70 * MIB,
  chunkChars,
  elapsedMs,
  ...(cold ? { cold: true } : {}),
});

describe('EstimateStore: start-up and speed', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'roundtable-estimates-startup-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('leaves the first chunk of a worker out of the speed, and counts its excess as start-up', async () => {
    const file = path.join(dir, 'calibration.json');
    const store = await EstimateStore.open(file);
    // A cold chunk alone: the only speed there is (as before this distinction), and no start-up known.
    await store.recordObservation(chunk(200, 700, true));
    expect(store.charsPerSecond(espeak)).toEqual({ charsPerSecond: 200 / 0.7, basis: 'observed' });
    expect(store.startupMs(espeak)).toBe(0);
    await store.recordObservation(chunk(100, 50));
    await store.recordObservation(chunk(300, 150));
    // 400 characters in 200 ms: 2000 a second; the cold chunk's 200 would take 100 ms, it took 700.
    expect(store.charsPerSecond(espeak).charsPerSecond).toBeCloseTo(2000, 9);
    expect(store.startupMs(espeak)).toBeCloseTo(600, 9);
    // Two more cold starts: the median excess counts (600, 900, 300 → 600).
    await store.recordObservation(chunk(200, 1000, true));
    await store.recordObservation(chunk(200, 400, true));
    expect(store.startupMs(espeak)).toBeCloseTo(600, 9);
    // The flag survives the file.
    const reopened = await EstimateStore.open(file);
    expect(reopened.startupMs(espeak)).toBeCloseTo(600, 9);
    expect(reopened.charsPerSecond(espeak).charsPerSecond).toBeCloseTo(2000, 9);
  });

  it('keeps the newest warm chunks and the newest cold ones, in order', () => {
    const chunks: { id: number; cold?: boolean }[] = [
      { id: 1, cold: true },
      ...Array.from({ length: 30 }, (_, i) => ({ id: 2 + i })),
      { id: 40, cold: true },
      { id: 41 },
    ];
    const kept = keepRecentChunks(chunks, 20);
    expect(kept.filter((one) => !('cold' in one)).map((one) => one.id)).toEqual([
      ...Array.from({ length: 19 }, (_, i) => 13 + i),
      41,
    ]);
    expect(kept.filter((one) => 'cold' in one).map((one) => one.id)).toEqual([1, 40]);
    expect(kept.map((one) => one.id)).toEqual([...kept.map((one) => one.id)].sort((a, b) => a - b));
    const manyCold: { id: number; cold?: boolean }[] = Array.from({ length: 8 }, (_, i) => ({
      id: i,
      cold: true,
    }));
    expect(keepRecentChunks(manyCold, 20).map((one) => one.id)).toEqual([3, 4, 5, 6, 7]);
  });
});
