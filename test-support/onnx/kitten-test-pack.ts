/**
 * A Kitten TTS test folder laid out as KittenML publishes one on Hugging Face (kitten-tts-nano-0.8):
 * `config.json` (type ONNX2, model_file, voices, voice_aliases, speed_priors), `kitten_tts_test_v0_8.onnx`
 * with the published contract (`input_ids` int64 [1,T], `style` float32 [1,256], `speed` float32 [1] →
 * `waveform` float32 [N], 24 kHz), `voices.npz` with `expr-voice-<n>-<m|f>.npy` float32 [rows,256], and a
 * model card `README.md` with `license: apache-2.0`.
 *
 * The graph turns every id into a burst of a sine (frequency by id, pitch by the style row's mean, loudness
 * by its mean magnitude; 960 samples / speed per id), so distinct voices give distinct audio and every
 * chunk is longer than the 5000 samples the engine trims.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { OnnxGraphBuilder } from './onnx-graph';
import { bursts, ramp } from './test-models';
import { kokoroTableValues } from './test-model-contract';
import { writeNpyFloat32, writeZip } from './zip-writer';

export const KITTEN_TEST_SAMPLES_PER_ID = 960;
export const KITTEN_TEST_MODEL_FILE = 'kitten_tts_test_v0_8.onnx';
/** Voice key → [alias, style value of row r = base + r / 10000]. */
export const KITTEN_TEST_VOICES = {
  'expr-voice-2-m': ['Jasper', 0.2],
  'expr-voice-2-f': ['Bella', 0.45],
} as const;
export const KITTEN_TEST_ROWS = 400;

export interface KittenTestModelOptions {
  /** Another name for an input (a broken model). */
  rename?: { from: string; to: string };
  /** The style's width (256 in the published models). */
  styleWidth?: number;
}

export function buildKittenTestModel(options: KittenTestModelOptions = {}): Uint8Array {
  const name = (input: string) => (options.rename?.from === input ? options.rename.to : input);
  const g = new OnnxGraphBuilder('kitten_test');
  g.input(name('input_ids'), 'int64', [1, 'sequence']);
  g.input(name('style'), 'float32', [1, options.styleWidth ?? 256]);
  g.input(name('speed'), 'float32', [1]);
  const ids = g.node('Reshape', [name('input_ids'), g.constant('int64', [1], [-1])]);
  const table = g.constant('float32', [kokoroTableValues().length], kokoroTableValues());
  const frequencies = g.node('Gather', [table, ids], { axis: 0 });
  const samples = g.node('Div', [g.constant('float32', [1], [KITTEN_TEST_SAMPLES_PER_ID]), name('speed')]);
  const pitch = g.node('Add', [
    g.scalar('float32', 1),
    g.node('ReduceMean', [name('style')], { keepdims: 0 }),
  ]);
  const amplitude = g.node('ReduceMean', [g.node('Abs', [name('style')])], { keepdims: 0 });
  const wave = bursts(g, frequencies, ramp(g, samples), pitch, amplitude);
  g.node('Reshape', [wave, g.constant('int64', [1], [-1])], {}, 'waveform');
  g.output('waveform', 'float32', ['num_samples']);
  return g.build();
}

export function kittenTestVoiceRows(base: number, rows = KITTEN_TEST_ROWS, width = 256): Float32Array {
  const values = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) values.fill(base + r / 10_000, r * width, (r + 1) * width);
  return values;
}

export interface KittenTestPackOptions extends KittenTestModelOptions {
  /** Leave out the voices file, or write voices of another shape. */
  voices?: 'missing' | 'wrong-shape';
  config?: Record<string, unknown>;
}

export async function writeKittenTestPack(dir: string, options: KittenTestPackOptions = {}): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, KITTEN_TEST_MODEL_FILE), buildKittenTestModel(options));
  const width = options.voices === 'wrong-shape' ? 128 : 256;
  if (options.voices !== 'missing') {
    const members = Object.entries(KITTEN_TEST_VOICES).map(([key, [, base]]) => ({
      name: `${key}.npy`,
      data: writeNpyFloat32([KITTEN_TEST_ROWS, width], kittenTestVoiceRows(base, KITTEN_TEST_ROWS, width)),
    }));
    await fs.writeFile(path.join(dir, 'voices.npz'), writeZip(members, { compression: 'deflate' }));
  }
  const config = {
    name: 'Kitten TTS Test',
    version: '0.8',
    type: 'ONNX2',
    model_file: KITTEN_TEST_MODEL_FILE,
    voices: 'voices.npz',
    voice_aliases: Object.fromEntries(
      Object.entries(KITTEN_TEST_VOICES).map(([key, [alias]]) => [alias, key]),
    ),
    speed_priors: { 'expr-voice-2-m': 0.8, 'expr-voice-2-f': 0.8 },
    ...options.config,
  };
  await fs.writeFile(path.join(dir, 'config.json'), JSON.stringify(config, null, 2));
  await fs.writeFile(
    path.join(dir, 'README.md'),
    '---\nlicense: apache-2.0\n---\n# Kitten TTS test model\n\nA test stand-in for KittenML/kitten-tts-nano-0.8.\n',
  );
}
