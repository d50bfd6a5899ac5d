/**
 * Writes complete test model packs in the layouts they are distributed in, built from the test models:
 * - Kokoro, onnx-community style: `model.onnx` (or `onnx/model.onnx`), `voices/af_test.bin`,
 *   `voices/am_test.bin` (raw float32 [510,1,256]) and `tokenizer.json` (`model.vocab`);
 * - Kokoro, kokoro-onnx style: `kokoro-test.onnx`, `voices-test.bin` (an .npz archive) and `config.json`
 *   (`vocab`);
 * - Piper: `<name>.onnx` + `<name>.onnx.json`, one or two speakers.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { KokoroTestModelOptions, PiperTestModelOptions } from './test-models';
import { buildKokoroTestModel, buildPiperTestModel } from './test-models';
import { PIPER_TEST_SAMPLE_RATE, kokoroTestVoice } from './test-model-contract';
import { kokoroTestVocab, piperTestPhonemeIdMap } from './test-vocab';
import { writeNpyFloat32, writeZip } from './zip-writer';

export const KOKORO_TEST_VOICES = ['af_test', 'am_test'] as const;

export interface KokoroTestPackOptions extends KokoroTestModelOptions {
  layout?: 'voices-dir' | 'npz';
  /** Put the model in `onnx/` as the Hugging Face repository does (voices-dir layout only). */
  modelInSubdir?: boolean;
  /** Also write `onnx/model_quantized.onnx` (same graph), as repositories with several variants do. */
  withVariant?: boolean;
  npzCompression?: 'stored' | 'deflate';
}

export interface WrittenPack {
  dir: string;
  /** Relative path of the .onnx file. */
  model: string;
}

export async function writeKokoroTestPack(
  dir: string,
  options: KokoroTestPackOptions = {},
): Promise<WrittenPack> {
  await fs.mkdir(dir, { recursive: true });
  const model = buildKokoroTestModel(options);
  const vocab = kokoroTestVocab();
  if (options.layout === 'npz') {
    const members = KOKORO_TEST_VOICES.map((id) => ({
      name: `${id}.npy`,
      data: writeNpyFloat32([510, 1, 256], kokoroTestVoice(id.startsWith('af') ? 'af' : 'am')),
    }));
    await fs.writeFile(path.join(dir, 'kokoro-test.onnx'), model);
    await fs.writeFile(
      path.join(dir, 'voices-test.bin'),
      writeZip(members, { compression: options.npzCompression ?? 'stored' }),
    );
    await fs.writeFile(
      path.join(dir, 'config.json'),
      JSON.stringify({ istftnet: {}, n_token: 256, vocab }, null, 2),
    );
    return { dir, model: 'kokoro-test.onnx' };
  }
  const modelPath = options.modelInSubdir || options.withVariant ? 'onnx/model.onnx' : 'model.onnx';
  await fs.mkdir(path.join(dir, path.dirname(modelPath)), { recursive: true });
  await fs.writeFile(path.join(dir, modelPath), model);
  if (options.withVariant) await fs.writeFile(path.join(dir, 'onnx/model_quantized.onnx'), model);
  await fs.mkdir(path.join(dir, 'voices'), { recursive: true });
  for (const id of KOKORO_TEST_VOICES) {
    const voice = kokoroTestVoice(id.startsWith('af') ? 'af' : 'am');
    await fs.writeFile(path.join(dir, 'voices', `${id}.bin`), Buffer.from(voice.buffer));
  }
  const tokenizer = {
    version: '1.0',
    model: { type: 'WordLevel', vocab, unk_token: '$' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '$' } }, { Sequence: { id: 'A' } }, { SpecialToken: { id: '$' } }],
    },
  };
  await fs.writeFile(path.join(dir, 'tokenizer.json'), JSON.stringify(tokenizer, null, 2));
  return { dir, model: modelPath };
}

export interface PiperTestPackOptions extends PiperTestModelOptions {
  name?: string;
  lengthScale?: number;
}

export const PIPER_TEST_SPEAKER_NAMES = ['alice', 'bob'] as const;

export async function writePiperTestPack(
  dir: string,
  options: PiperTestPackOptions = {},
): Promise<WrittenPack> {
  const name = options.name ?? 'en_US-test-medium';
  const numSpeakers = options.numSpeakers ?? 1;
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, `${name}.onnx`), buildPiperTestModel({ numSpeakers }));
  const config = {
    dataset: 'test',
    audio: { sample_rate: PIPER_TEST_SAMPLE_RATE, quality: 'medium' },
    espeak: { voice: 'en-us' },
    language: { code: 'en_US', family: 'en', region: 'US', name_english: 'English' },
    inference: { noise_scale: 0.667, length_scale: options.lengthScale ?? 1, noise_w: 0.8 },
    phoneme_type: 'espeak',
    phoneme_map: {},
    phoneme_id_map: piperTestPhonemeIdMap(),
    num_symbols: 256,
    num_speakers: numSpeakers,
    speaker_id_map:
      numSpeakers > 1
        ? Object.fromEntries(PIPER_TEST_SPEAKER_NAMES.map((speaker, index) => [speaker, index]))
        : {},
    piper_version: '1.0.0',
  };
  await fs.writeFile(path.join(dir, `${name}.onnx.json`), JSON.stringify(config, null, 2));
  return { dir, model: `${name}.onnx` };
}
