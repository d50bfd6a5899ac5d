/**
 * A model whose output is not numbers (NaN, Infinity) on a real worker and onnxruntime: every chunk fails
 * the checks, is retried like any failure, and nothing reaches the take cache (a NaN take would be stored
 * as silence and served from the cache ever after).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inProcessInspector } from '../../electron/host/models/in-process-inspector';
import { ModelPacks } from '../../electron/host/models/model-packs';
import { dataPaths, takeCacheDir } from '../../electron/host/paths';
import { Cleanups, kinds, renderJob, startHarness } from '../../electron/host/runtime/testing/render-harness';
import { GIB } from '../../electron/host/watchdog/units';
import { writeKokoroTestPack } from './test-packs';

const cleanups = new Cleanups();
afterEach(() => cleanups.run());

describe('an engine that returns non-finite audio', () => {
  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
  ])('fails the turn after retries (%s) and caches nothing', async (_name, factor) => {
    const dataDir = cleanups.tempDir('nan-data');
    const source = path.join(cleanups.tempDir('nan-src'), 'kokoro-broken');
    await writeKokoroTestPack(source, { outputFactor: factor });
    const packs = new ModelPacks({ modelsDir: dataPaths(dataDir).modelsDir, inspector: inProcessInspector });
    const pack = await packs.importPack(source);
    const h = startHarness(cleanups, {
      dataDir,
      watchdog: {
        readRam: () => ({ totalBytes: 16 * GIB, freeBytes: 12 * GIB, source: 'os' as const }),
        inventory: async () => ({ status: 'known' as const, gpus: [] }),
      },
    });
    const { takes } = await renderJob(h, [
      {
        segmentId: 's1',
        text: 'Hello there.',
        voice: {
          engine: 'kokoro',
          model: pack.manifest.id,
          voice: 'af_test',
          params: { ratePercent: 100, pitchSemitones: 0 },
        },
      },
    ]);
    expect(takes.size).toBe(0);
    const failed = h.progress.find((event) => event.status === 'failed');
    expect(failed?.error?.message).toMatch(
      new RegExp(
        `^the engine returned (NaN|-?Infinity) at sample \\d+ for "Hello there\\." \\(broken model or voice data\\)$`,
      ),
    );
    // Retried like any failed chunk: 4 attempts in all.
    expect(kinds(h.actions).filter((kind) => kind === 'retry-chunk')).toHaveLength(3);
    const cached = fs.existsSync(takeCacheDir(dataDir)) ? fs.readdirSync(takeCacheDir(dataDir)) : [];
    expect(cached.filter((file) => !file.startsWith('.'))).toEqual([]);
  });
});
