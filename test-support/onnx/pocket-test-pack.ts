/**
 * A Pocket TTS pack folder laid out as KevinAHM/pocket-tts-onnx publishes it: `onnx/<graph>.onnx` (and
 * `_int8` variants when asked), `tokenizer.model` (a small unigram SentencePiece model), a
 * `reference_sample.wav`, and a README whose front matter says `license: cc-by-4.0`; plus clips to clone.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ModelSpec } from '../../shared/protocol/worker-protocol';
import type { PocketTestModelOptions } from './pocket-test-models';
import { buildPocketTestGraphs } from './pocket-test-models';

export const POCKET_TEST_TOKENIZER = path.resolve(import.meta.dirname, '../sentencepiece/test-unigram.model');

/** A mono 16-bit WAV of a tone with a little vibrato: `seconds` long, `amplitude` peak. */
export function clipWav(seconds: number, amplitude: number, frequency = 180, sampleRate = 24_000): Buffer {
  const frames = Math.round(seconds * sampleRate);
  const bytes = Buffer.alloc(44 + frames * 2);
  bytes.write('RIFF', 0, 'ascii');
  bytes.writeUInt32LE(36 + frames * 2, 4);
  bytes.write('WAVEfmt ', 8, 'ascii');
  bytes.writeUInt32LE(16, 16);
  bytes.writeUInt16LE(1, 20);
  bytes.writeUInt16LE(1, 22);
  bytes.writeUInt32LE(sampleRate, 24);
  bytes.writeUInt32LE(sampleRate * 2, 28);
  bytes.writeUInt16LE(2, 32);
  bytes.writeUInt16LE(16, 34);
  bytes.write('data', 36, 'ascii');
  bytes.writeUInt32LE(frames * 2, 40);
  for (let i = 0; i < frames; i++) {
    const t = i / sampleRate;
    const value = amplitude * Math.sin(2 * Math.PI * frequency * t + 3 * Math.sin(2 * Math.PI * 5 * t));
    bytes.writeInt16LE(Math.round(value * 32_767), 44 + i * 2);
  }
  return bytes;
}

export interface PocketTestPackOptions extends PocketTestModelOptions {
  /** Also write `<graph>_int8.onnx` for the three graphs published quantised. */
  withInt8?: boolean;
}

export async function writePocketTestPack(dir: string, options: PocketTestPackOptions = {}): Promise<string> {
  await fs.mkdir(path.join(dir, 'onnx'), { recursive: true });
  for (const [graph, bytes] of Object.entries(buildPocketTestGraphs(options))) {
    await fs.writeFile(path.join(dir, 'onnx', `${graph}.onnx`), bytes);
    if (options.withInt8 && ['flow_lm_main', 'flow_lm_flow', 'mimi_decoder'].includes(graph))
      await fs.writeFile(path.join(dir, 'onnx', `${graph}_int8.onnx`), bytes);
  }
  await fs.copyFile(POCKET_TEST_TOKENIZER, path.join(dir, 'tokenizer.model'));
  await fs.writeFile(path.join(dir, 'reference_sample.wav'), clipWav(3, 0.5));
  await fs.writeFile(
    path.join(dir, 'README.md'),
    '---\nlicense: cc-by-4.0\nbase_model: kyutai/pocket-tts\n---\n\n# pocket-tts-onnx (test graphs)\n',
  );
  return dir;
}

/** The worker's view of a test pack folder as written above, without importing it. */
export function pocketSpec(id: string, dir: string, extra: Partial<ModelSpec> = {}): ModelSpec {
  const graph = (name: string) => path.join(dir, 'onnx', `${name}.onnx`);
  return {
    id,
    engine: 'pocket-tts',
    dir,
    files: {
      text_conditioner: graph('text_conditioner'),
      mimi_encoder: graph('mimi_encoder'),
      flow_lm_main: graph('flow_lm_main'),
      flow_lm_flow: graph('flow_lm_flow'),
      mimi_decoder: graph('mimi_decoder'),
      tokenizer: path.join(dir, 'tokenizer.model'),
      'voice:reference_sample': path.join(dir, 'reference_sample.wav'),
    },
    sampleRate: 24_000,
    providers: ['cpu'],
    contentHash: `test-${id}`,
    ...extra,
  };
}
