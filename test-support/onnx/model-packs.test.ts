/**
 * Model packs end to end with the test models: import the distributed layouts into a temp models folder
 * (the model loaded once by real onnxruntime in a child process), load them through the real engines
 * from their manifests, synthesize, and break files to see the typed errors. Also the LRU model cache
 * under a budget that holds only one of the packs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessInspector } from '../../electron/host/models/in-process-inspector';
import type { InstalledPack } from '../../electron/host/models/model-packs';
import { ModelPacks } from '../../electron/host/models/model-packs';
import { createOnnxEngines } from '../../electron/worker/engines/onnx/create-onnx-engines';
import type { SynthesizeRequest } from '../../shared/protocol/worker-protocol';
import { writeKokoroTestPack, writePiperTestPack } from './test-packs';
import { concat, letterPhonemizer, makeTempDir, maxAbsDifference, neverAborted, rms } from './test-helpers';

const temp = makeTempDir('model-packs');
const modelsDir = path.join(temp.dir, 'data', 'models');
// Loading models in-process keeps this file fast; one import below goes through the host's default
// inspector (onnxruntime in a child process) to prove that path.
const packs = new ModelPacks({ modelsDir, inspector: inProcessInspector });
const hostPacks = new ModelPacks({ modelsDir });
const onnx = createOnnxEngines({ phonemizer: letterPhonemizer, budgetBytes: 1024 ** 3 });
let kokoro: InstalledPack;
let kokoroNpz: InstalledPack;
let piper: InstalledPack;
let piperDuo: InstalledPack;

beforeAll(async () => {
  const downloads = path.join(temp.dir, 'downloads');
  await writeKokoroTestPack(path.join(downloads, 'Kokoro-test-ONNX'), { withVariant: true });
  await writeKokoroTestPack(path.join(downloads, 'kokoro-onnx'), {
    layout: 'npz',
    npzCompression: 'deflate',
  });
  await writePiperTestPack(path.join(downloads, 'en_US-test-medium'));
  await writePiperTestPack(path.join(downloads, 'en_US-duo-medium'), {
    name: 'en_US-duo-medium',
    numSpeakers: 2,
  });
  [kokoro, kokoroNpz, piper, piperDuo] = await Promise.all([
    packs.importPack(path.join(downloads, 'Kokoro-test-ONNX')),
    packs.importPack(path.join(downloads, 'kokoro-onnx'), { license: 'Apache-2.0' }),
    packs.importPack(path.join(downloads, 'en_US-test-medium')),
    hostPacks.importPack(path.join(downloads, 'en_US-duo-medium')),
  ]);
});

afterAll(async () => {
  for (const engine of onnx.engines) await engine.dispose();
  temp.cleanup();
});

function request(pack: InstalledPack, voice: string, text: string): SynthesizeRequest {
  return {
    engine: pack.manifest.engine,
    model: packs.toModelSpec(pack, ['cpu']),
    voice,
    text,
    params: { ratePercent: 100, pitchSemitones: 0 },
    chunkIndex: 0,
  };
}

async function synth(req: SynthesizeRequest): Promise<Float32Array> {
  const engine = req.engine === 'kokoro' ? onnx.kokoro : onnx.piper;
  const blocks: Float32Array[] = [];
  await engine.synthesize(req, neverAborted, (pcm) => blocks.push(pcm));
  return concat(blocks);
}

describe('model packs with the test models', () => {
  it('imports both layouts of Kokoro and Piper with one and two speakers', async () => {
    const listing = await packs.listPacks();
    expect(listing.broken).toEqual([]);
    expect(
      listing.packs.map((pack) => [
        pack.manifest.id,
        pack.manifest.engine,
        pack.manifest.voices.map((voice) => voice.id),
      ]),
    ).toEqual([
      ['Kokoro-test-ONNX', 'kokoro', ['af_test', 'am_test']],
      ['en_US-duo-medium', 'piper', ['alice', 'bob']],
      ['en_US-test-medium', 'piper', ['default']],
      ['kokoro-onnx', 'kokoro', ['af_test', 'am_test']],
    ]);
    expect(kokoro.manifest.inputs).toEqual(['input_ids', 'style', 'speed']);
    expect(piperDuo.manifest.inputs).toEqual(['input', 'input_lengths', 'scales', 'sid']);
    expect(kokoroNpz.manifest.files.map((file) => file.role).sort()).toEqual([
      'model',
      'vocab',
      'voices-archive',
    ]);
  });

  it('loads every pack through the real engines and renders plausible, deterministic, voice-dependent audio', async () => {
    for (const [pack, voices] of [
      [kokoro, ['af_test', 'am_test']],
      [kokoroNpz, ['af_test', 'am_test']],
      [piperDuo, ['alice', 'bob']],
    ] as const) {
      const first = await synth(request(pack, voices[0], 'Hello there.'));
      const again = await synth(request(pack, voices[0], 'Hello there.'));
      const other = await synth(request(pack, voices[1], 'Hello there.'));
      const seconds = first.length / pack.manifest.sampleRate;
      expect(seconds).toBeGreaterThan(0.1);
      expect(seconds).toBeLessThan(2);
      expect(rms(first)).toBeGreaterThan(0.05);
      expect(maxAbsDifference(first, again)).toBe(0);
      expect(maxAbsDifference(first, other)).toBeGreaterThan(0.05);
    }
    expect(rms(await synth(request(piper, 'default', 'Single speaker.')))).toBeGreaterThan(0.05);
    // The two Kokoro layouts hold the same voices: identical audio.
    const fromBin = await synth(request(kokoro, 'am_test', 'Same voice.'));
    expect(maxAbsDifference(fromBin, await synth(request(kokoroNpz, 'am_test', 'Same voice.')))).toBe(0);
  });

  it('verifies installed packs by hash and by loading the model', async () => {
    for (const pack of [kokoro, kokoroNpz, piper, piperDuo]) {
      await expect(packs.verifyPack(pack.manifest.id, { loadModel: true })).resolves.toMatchObject({
        id: pack.manifest.id,
      });
    }
  });

  it('refuses a folder whose .onnx does not have the engine’s inputs (real onnxruntime signature)', async () => {
    const folder = path.join(temp.dir, 'downloads', 'mixed-up');
    await writeKokoroTestPack(folder);
    const wrong = path.join(temp.dir, 'downloads', 'wrong-piper');
    await writePiperTestPack(wrong);
    fs.copyFileSync(path.join(wrong, 'en_US-test-medium.onnx'), path.join(folder, 'model.onnx'));
    await expect(packs.importPack(folder)).rejects.toMatchObject({
      code: 'model-mismatch',
      message: expect.stringContaining('input_ids (or tokens), style and speed'),
    });
    fs.writeFileSync(path.join(folder, 'model.onnx'), 'definitely not protobuf');
    await expect(packs.importPack(folder)).rejects.toMatchObject({
      code: 'model-unloadable',
      file: path.join(folder, 'model.onnx'),
    });
  });

  it('reports damaged and missing files by name, in verify and in the engines, and keeps going', async () => {
    const downloads = path.join(temp.dir, 'downloads');
    await writePiperTestPack(path.join(downloads, 'en_US-fragile-low'), { name: 'en_US-fragile-low' });
    const fragile = await packs.importPack(path.join(downloads, 'en_US-fragile-low'));
    const modelFile = path.join(fragile.dir, 'en_US-fragile-low.onnx');
    fs.truncateSync(modelFile, 100);
    await expect(packs.verifyPack('en_US-fragile-low')).rejects.toMatchObject({
      code: 'file-mismatch',
      file: 'en_US-fragile-low.onnx',
    });
    await expect(onnx.piper.load(packs.toModelSpec(fragile, ['cpu']))).rejects.toMatchObject({
      code: 'model-invalid',
      message: expect.stringContaining('en_US-fragile-low.onnx'),
    });

    await writeKokoroTestPack(path.join(downloads, 'kokoro-fragile'));
    const fragileKokoro = await packs.importPack(path.join(downloads, 'kokoro-fragile'));
    fs.rmSync(path.join(fragileKokoro.dir, 'voices', 'am_test.bin'));
    await expect(packs.verifyPack('kokoro-fragile')).rejects.toMatchObject({
      code: 'file-missing',
      file: 'voices/am_test.bin',
    });
    await expect(synth(request(fragileKokoro, 'af_test', 'Hi.'))).rejects.toMatchObject({
      code: 'model-missing',
      message: expect.stringContaining('am_test.bin'),
    });
    // The engines still work for intact packs.
    expect(rms(await synth(request(piper, 'default', 'Still here.')))).toBeGreaterThan(0.05);
  });
});

describe('ModelCache with real sessions', () => {
  it('keeps loaded models under the budget, unloading the least recently used first', async () => {
    const small = createOnnxEngines({ phonemizer: letterPhonemizer, budgetBytes: 1 });
    try {
      const kokoroSpec = packs.toModelSpec(kokoro, ['cpu']);
      const piperSpec = packs.toModelSpec(piper, ['cpu']);
      await small.kokoro.load(kokoroSpec);
      expect(small.cache.ids).toEqual(['Kokoro-test-ONNX']);
      await small.piper.load(piperSpec);
      expect(small.cache.ids).toEqual(['en_US-test-medium']);
      await small.cache.setBudget(1024 ** 3);
      await small.kokoro.load(kokoroSpec);
      expect(small.cache.ids).toEqual(['en_US-test-medium', 'Kokoro-test-ONNX']);
      await small.cache.setBudget(small.cache.usedBytes - 1);
      expect(small.cache.ids).toEqual(['Kokoro-test-ONNX']);
      await small.kokoro.unload('Kokoro-test-ONNX');
      expect(small.cache.ids).toEqual([]);
    } finally {
      for (const engine of small.engines) await engine.dispose();
    }
  });
});
