/** Importing Pocket TTS folders: the published layouts, each graph checked against the contract, side files parsed. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inProcessInspector } from '../../electron/host/models/in-process-inspector';
import { ModelPacks } from '../../electron/host/models/model-packs';
import { buildPocketFlowLmFlow } from './pocket-test-models';
import { writePocketTestPack } from './pocket-test-pack';
import { makeTempDir } from './test-helpers';

const temp = makeTempDir('pocket-pack');
const packs = new ModelPacks({
  modelsDir: path.join(temp.dir, 'data', 'models'),
  inspector: inProcessInspector,
});
afterAll(() => temp.cleanup());

describe('Pocket TTS packs', () => {
  it('imports a per-language bundle folder (graphs beside bundle.json) and hands the worker every file by key', async () => {
    const bundle = path.join(temp.dir, 'english_2026-04');
    await writePocketTestPack(bundle);
    // A bundle folder holds its graphs itself, with bundle.json and bos_before_voice.npy.
    for (const name of fs.readdirSync(path.join(bundle, 'onnx')))
      fs.renameSync(path.join(bundle, 'onnx', name), path.join(bundle, name));
    fs.writeFileSync(
      path.join(bundle, 'bundle.json'),
      JSON.stringify({ sample_rate: 24000, insert_bos_before_voice: false }),
    );
    fs.rmSync(path.join(bundle, 'README.md'));
    const { manifest, dir } = await packs.importPack(bundle, { id: 'pocket-en' });
    expect(manifest.engine).toBe('pocket-tts');
    expect(manifest.license).toBe('CC-BY-4.0 (Kyutai Pocket TTS weights)');
    const spec = packs.toModelSpec({ manifest, dir });
    expect(Object.keys(spec.files).sort()).toEqual(
      [
        'bundle',
        'flow_lm_flow',
        'flow_lm_main',
        'mimi_decoder',
        'mimi_encoder',
        'text_conditioner',
        'tokenizer',
        'voice:reference_sample',
      ].sort(),
    );
    expect(spec.voiceCacheDir).toBe(path.join(temp.dir, 'data', 'cache', 'voices'));
    expect(manifest.memory.estimateBytes).toBeGreaterThan(64 * 1024 * 1024);
    await expect(packs.verifyPack('pocket-en', { loadModel: true })).resolves.toMatchObject({
      id: 'pocket-en',
    });
  });

  it('refuses a folder whose graph does not have its published inputs, naming the graph', async () => {
    const broken = path.join(temp.dir, 'broken');
    await writePocketTestPack(broken);
    fs.writeFileSync(path.join(broken, 'onnx', 'flow_lm_main.onnx'), buildPocketFlowLmFlow());
    await expect(packs.importPack(broken)).rejects.toMatchObject({
      code: 'model-mismatch',
      message: expect.stringMatching(/flow_lm_main: its inputs are \[c, s, t, x\]/),
    });
  });

  it('refuses a folder without a usable tokenizer.model', async () => {
    const noTokenizer = path.join(temp.dir, 'no-tokenizer');
    await writePocketTestPack(noTokenizer);
    fs.writeFileSync(path.join(noTokenizer, 'tokenizer.model'), '{"not": "sentencepiece"}');
    await expect(packs.importPack(noTokenizer)).rejects.toMatchObject({
      code: 'vocab-missing',
      message: expect.stringMatching(/tokenizer\.model/),
    });
  });
});
