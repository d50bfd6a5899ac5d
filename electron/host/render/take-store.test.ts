import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempFilesOf } from '../files/testing/temp-files-of';
import { makeTempDir, removeTempDir } from '../project/test-fixtures';
import { TakeDamagedError, TakeStore } from './take-store';
import type { TakePeaks } from './take-store';

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir('rt-takes-');
});
afterEach(async () => {
  await removeTempDir(dir);
});

const HASH = '0123456789abcdef0123';
const info = { engine: 'espeak', voice: 'en', text: 'Hello there.' };
const tone = (samples: number) => Float32Array.from({ length: samples }, (_, i) => 0.5 * Math.sin(i / 10));

function expectSamePeaks(actual: TakePeaks, expected: TakePeaks): void {
  expect({ ...actual, peaks: [] }).toEqual({ ...expected, peaks: [] });
  expect(actual.peaks).toHaveLength(expected.peaks.length);
  const worst = Math.max(
    ...actual.peaks.map((value, index) => Math.abs(value - (expected.peaks[index] ?? 0))),
  );
  expect(worst).toBeLessThan(1e-3);
}

describe('TakeStore', () => {
  it('lets two renders store the same take at once: both finish, the take is whole, nothing is left', async () => {
    const store = new TakeStore(dir);
    const other = new TakeStore(dir);
    const pcm = tone(24_000);
    const results = await Promise.all([
      store.put(HASH, pcm, 24_000, info),
      other.put(HASH, pcm, 24_000, info),
      store.put(HASH, pcm, 24_000, info),
    ]);
    expect(results.map((meta) => meta.durationSamples)).toEqual([24_000, 24_000, 24_000]);
    expect(await store.get(HASH)).toMatchObject({ hash: HASH, durationSamples: 24_000 });
    expect((await store.read(HASH)).pcm).toHaveLength(24_000);
    expect((await fs.readdir(dir)).sort()).toEqual([`${HASH}.json`, `${HASH}.peaks.json`, `${HASH}.wav`]);
  });

  it('removes temp files of renders killed mid-write before it stores, never a live one', async () => {
    await fs.mkdir(dir, { recursive: true });
    const dead = `${HASH}.wav.roundtable-${2 ** 22 + 5}-0123456789ab.tmp`;
    const live = `${HASH}.wav.roundtable-${process.ppid}-0123456789ab.tmp`;
    await fs.writeFile(path.join(dir, dead), 'half a take');
    await fs.writeFile(path.join(dir, live), 'being written');
    await new TakeStore(dir).put(HASH, tone(2_400), 24_000, info);
    const names = await fs.readdir(dir);
    expect(names).not.toContain(dead);
    expect(names).toContain(live);
  });

  it('treats a take replaced by garbage of the right size as missing, so the turn renders again', async () => {
    const store = new TakeStore(dir);
    await store.put(HASH, tone(4_800), 24_000, info);
    const wav = store.wavPath(HASH);
    const size = (await fs.stat(wav)).size;
    await fs.writeFile(wav, Buffer.alloc(size, 0x5a));
    expect(await store.get(HASH)).toBeUndefined();
    // A project that still refers to it gets a damaged take, said as one, with what to do.
    const error = await store.read(HASH).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TakeDamagedError);
    expect((error as TakeDamagedError).message).toBe(
      `the cached take ${HASH} (${wav}) is damaged: it is not a WAV file`,
    );
    expect((error as TakeDamagedError).hint).toMatch(/Render this turn again/);
    expect((error as TakeDamagedError).hint).not.toMatch(/choose a \.wav file/i);
    // Rendering it again replaces it.
    await store.put(HASH, tone(4_800), 24_000, info);
    expect(await store.get(HASH)).toMatchObject({ durationSamples: 4_800 });
  });

  it('keeps every field of the metadata it reads (endpoints, seed, fields of later versions)', async () => {
    const store = new TakeStore(dir);
    await store.put(HASH, tone(2_400), 24_000, { ...info, renderedBy: ['http://a'], seed: 7 });
    const metaFile = path.join(dir, `${HASH}.json`);
    const meta = JSON.parse(await fs.readFile(metaFile, 'utf8')) as Record<string, unknown>;
    await fs.writeFile(metaFile, JSON.stringify({ ...meta, later: 'kept' }));
    expect(await store.get(HASH)).toMatchObject({ renderedBy: ['http://a'], seed: 7, later: 'kept' });
  });

  it('treats a take whose WAV does not match its metadata (another length) as missing', async () => {
    const store = new TakeStore(dir);
    await store.put(HASH, tone(4_800), 24_000, info);
    const metaFile = path.join(dir, `${HASH}.json`);
    const meta = JSON.parse(await fs.readFile(metaFile, 'utf8')) as { durationSamples: number };
    await fs.writeFile(metaFile, JSON.stringify({ ...meta, durationSamples: 2_400 }));
    expect(await store.get(HASH)).toBeUndefined();
  });

  it('validates peaks before they reach the UI and computes them again from the take when damaged', async () => {
    const store = new TakeStore(dir);
    await store.put(HASH, tone(4_800), 24_000, info);
    const good = await store.peaks(HASH);
    expect(good.peaks).toHaveLength(2 * Math.ceil(4_800 / good.samplesPerPeak));
    const peaksFile = path.join(dir, `${HASH}.peaks.json`);
    for (const damaged of [
      '{"sampleRate": 24000, "samplesPerPeak": 256, "peaks": ["<img src=x>", 7]}',
      '{"sampleRate": 24000}',
      'not json',
    ]) {
      await fs.writeFile(peaksFile, damaged);
      // From the 16-bit WAV: the same peaks but for the WAV's rounding.
      const again = await store.peaks(HASH);
      expectSamePeaks(again, good);
      expect(JSON.parse(await fs.readFile(peaksFile, 'utf8'))).toEqual(again);
    }
    await fs.rm(peaksFile);
    expectSamePeaks(await store.peaks(HASH), good);
    expect(tempFilesOf(peaksFile)).toEqual([]);
  });
});
