/**
 * Importing Chatterbox Turbo folders as ResembleAI/chatterbox-turbo-ONNX lays them out: the graphs and their
 * `.onnx_data`, a precision chosen, each graph checked against the published contract, tokenizer.json
 * parsed, MIT recorded.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inProcessInspector } from '../../electron/host/models/in-process-inspector';
import { ModelPacks } from '../../electron/host/models/model-packs';
import { buildChatterboxConditionalDecoder, buildChatterboxLanguageModel } from './chatterbox-test-models';
import { writeChatterboxTestPack } from './chatterbox-test-pack';
import { OnnxGraphBuilder } from './onnx-graph';
import { makeTempDir } from './test-helpers';

const temp = makeTempDir('chatterbox-pack');
const packs = new ModelPacks({
  modelsDir: path.join(temp.dir, 'data', 'models'),
  inspector: inProcessInspector,
});
afterAll(() => temp.cleanup());

describe('Chatterbox Turbo packs', () => {
  it('imports the published layout with every graph’s weights, and hands the worker every file by key', async () => {
    const source = path.join(temp.dir, 'chatterbox-turbo-ONNX');
    await writeChatterboxTestPack(source, { withQ4: true });
    const { manifest, dir, notes } = await packs.importPack(source);
    expect(manifest.engine).toBe('chatterbox-turbo');
    expect(manifest.license).toBe('mit');
    expect(manifest.voices).toEqual([{ id: 'clip', label: 'Voice from a clip', language: 'en' }]);
    const paths = manifest.files.map((file) => `${file.role}:${file.path}`).sort();
    expect(paths).toEqual(
      [
        'doc:README.md',
        'graph:onnx/conditional_decoder.onnx',
        'graph:onnx/embed_tokens.onnx',
        'graph:onnx/speech_encoder.onnx',
        'model:onnx/language_model.onnx',
        'vocab:tokenizer.json',
        'weights:onnx/conditional_decoder.onnx_data',
        'weights:onnx/embed_tokens.onnx_data',
        'weights:onnx/language_model.onnx_data',
        'weights:onnx/speech_encoder.onnx_data',
      ].sort(),
    );
    expect(notes.join(' ')).toMatch(/took the fp32 language_model \(fp32, q4 found; choose with --model\)/);
    const spec = packs.toModelSpec({ manifest, dir });
    expect(Object.keys(spec.files).sort()).toEqual(
      ['conditional_decoder', 'embed_tokens', 'language_model', 'speech_encoder', 'tokenizer'].sort(),
    );
    expect(fs.existsSync(path.join(dir, 'onnx', 'language_model.onnx_data'))).toBe(true);
    expect(spec.voiceCacheDir).toBe(path.join(temp.dir, 'data', 'cache', 'voices'));
    expect(manifest.memory.estimateBytes).toBeGreaterThan(256 * 1024 * 1024);
    await expect(packs.verifyPack(manifest.id, { loadModel: true })).resolves.toMatchObject({
      id: manifest.id,
    });

    const q4 = await packs.importPack(source, { id: 'chatterbox-q4', model: 'q4' });
    expect(q4.manifest.files.find((file) => file.key === 'language_model')?.path).toBe(
      'onnx/language_model_q4.onnx',
    );
    expect(q4.manifest.files.map((file) => file.path)).toContain('onnx/language_model_q4.onnx_data');
  });

  it('refuses a graph without its published input or output names, naming the graph and the names', async () => {
    const wrongInput = path.join(temp.dir, 'wrong-input');
    await writeChatterboxTestPack(wrongInput);
    fs.writeFileSync(
      path.join(wrongInput, 'onnx', 'language_model.onnx'),
      buildChatterboxConditionalDecoder(),
    );
    await expect(packs.importPack(wrongInput)).rejects.toMatchObject({
      code: 'model-mismatch',
      message: expect.stringMatching(
        /language_model: its inputs are \[speech_tokens, speaker_embeddings, speaker_features\]; it needs inputs_embeds, attention_mask/,
      ),
    });
    const wrongOutput = path.join(temp.dir, 'wrong-output');
    await writeChatterboxTestPack(wrongOutput);
    fs.writeFileSync(
      path.join(wrongOutput, 'onnx', 'conditional_decoder.onnx'),
      buildChatterboxLanguageModel(),
    );
    await expect(packs.importPack(wrongOutput)).rejects.toMatchObject({
      code: 'model-mismatch',
      message: expect.stringMatching(/conditional_decoder: its inputs are \[inputs_embeds/),
    });
  });

  it('refuses the original Chatterbox export, whose graphs share the names', async () => {
    const original = path.join(temp.dir, 'original');
    await writeChatterboxTestPack(original);
    const g = new OnnxGraphBuilder('embed_tokens');
    g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
    g.input('position_ids', 'int64', ['batch_size', 'sequence_length']);
    g.input('exaggeration', 'float32', ['batch_size']);
    const ids = g.node('Cast', [g.node('Add', ['input_ids', 'position_ids'])], { to: 1 });
    const scaled = g.node('Mul', [ids, g.node('Unsqueeze', ['exaggeration', g.constant('int64', [1], [1])])]);
    g.node('Unsqueeze', [scaled, g.constant('int64', [1], [2])], {}, 'inputs_embeds');
    g.output('inputs_embeds', 'float32', ['batch_size', 'sequence_length', 1]);
    fs.writeFileSync(path.join(original, 'onnx', 'embed_tokens.onnx'), g.build());
    await expect(packs.importPack(original)).rejects.toMatchObject({
      code: 'model-mismatch',
      message: expect.stringMatching(
        /embed_tokens: it also takes position_ids, which Chatterbox Turbo's does not/,
      ),
    });
  });

  it('refuses a folder without a graph, a tokenizer.json, or a precision asked for', async () => {
    const noTokenizer = path.join(temp.dir, 'no-tokenizer');
    await writeChatterboxTestPack(noTokenizer);
    fs.rmSync(path.join(noTokenizer, 'tokenizer.json'));
    await expect(packs.importPack(noTokenizer)).rejects.toMatchObject({
      code: 'vocab-missing',
      message: expect.stringMatching(/has no tokenizer\.json/),
    });
    const noDecoder = path.join(temp.dir, 'no-decoder');
    await writeChatterboxTestPack(noDecoder);
    fs.rmSync(path.join(noDecoder, 'onnx', 'conditional_decoder.onnx'));
    await expect(packs.importPack(noDecoder)).rejects.toMatchObject({
      code: 'file-missing',
      message: expect.stringMatching(
        /has Chatterbox Turbo's speech_encoder, embed_tokens, language_model but no conditional_decoder graph/,
      ),
    });
    await expect(packs.importPack(noTokenizer, { model: 'q4f16' })).rejects.toMatchObject({
      message: expect.stringMatching(/has no q4f16 speech_encoder \(it has fp32\)/),
    });
  });
});
