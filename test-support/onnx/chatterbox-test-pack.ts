/**
 * A Chatterbox Turbo pack folder laid out as ResembleAI/chatterbox-turbo-ONNX publishes it:
 * `onnx/<graph>.onnx` with an `.onnx_data` beside each (placeholders: the test graphs keep their weights
 * inside; the import must still carry them), `_q4` variants when asked, a GPT-2 style `tokenizer.json`
 * (every byte, a few merges, the `[laugh]` tag) and a README whose front matter says `license: mit`.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ModelSpec } from '../../shared/protocol/worker-protocol';
import type { ChatterboxTestModelOptions } from './chatterbox-test-models';
import { buildChatterboxTestGraphs } from './chatterbox-test-models';

const GRAPHS = ['speech_encoder', 'embed_tokens', 'language_model', 'conditional_decoder'];
const MERGES = ['Ġ t', 'h e', 'Ġt he', 'Ġ a', 'i n', 'Ġ s', 'e r', 'o u', 'Ġ w', 'o n', 'Ġ b', 'l l'];

/** GPT-2's byte alphabet: bytes that print stand for themselves, the rest from U+0100 on. */
function byteChars(): string[] {
  const printable = (byte: number) =>
    (byte >= 33 && byte <= 126) || (byte >= 161 && byte <= 172) || (byte >= 174 && byte <= 255);
  let next = 256;
  return Array.from({ length: 256 }, (_, byte) => String.fromCodePoint(printable(byte) ? byte : next++));
}

/** A tokenizer.json of GPT-2's form whose ids stay below 300 (the test embedding's text range). */
export function chatterboxTestTokenizerJson(): string {
  const vocab: Record<string, number> = {};
  byteChars().forEach((char, id) => (vocab[char] = id));
  MERGES.forEach((merge, i) => (vocab[merge.replace(' ', '')] = 256 + i));
  return JSON.stringify({
    version: '1.0',
    added_tokens: [
      { id: 290, content: '[laugh]', special: false },
      { id: 291, content: '<|endoftext|>', special: true },
    ],
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: false, use_regex: true },
    decoder: { type: 'ByteLevel' },
    model: { type: 'BPE', dropout: null, unk_token: null, vocab, merges: MERGES },
  });
}

export interface ChatterboxTestPackOptions extends ChatterboxTestModelOptions {
  /** Also write `<graph>_q4.onnx` (and its data) for every graph. */
  withQ4?: boolean;
}

export async function writeChatterboxTestPack(
  dir: string,
  options: ChatterboxTestPackOptions = {},
): Promise<string> {
  await fs.mkdir(path.join(dir, 'onnx'), { recursive: true });
  for (const [graph, bytes] of Object.entries(buildChatterboxTestGraphs(options))) {
    const variants = options.withQ4 ? ['', '_q4'] : [''];
    for (const suffix of variants) {
      await fs.writeFile(path.join(dir, 'onnx', `${graph}${suffix}.onnx`), bytes);
      await fs.writeFile(
        path.join(dir, 'onnx', `${graph}${suffix}.onnx_data`),
        `weights of ${graph}${suffix}\n`,
      );
    }
  }
  await fs.writeFile(path.join(dir, 'tokenizer.json'), chatterboxTestTokenizerJson());
  await fs.writeFile(
    path.join(dir, 'README.md'),
    '---\nlicense: mit\nbase_model: ResembleAI/chatterbox-turbo\n---\n\n# chatterbox-turbo-ONNX (test graphs)\n',
  );
  return dir;
}

/** The worker's view of a test pack folder as written above, without importing it. */
export function chatterboxSpec(id: string, dir: string, extra: Partial<ModelSpec> = {}): ModelSpec {
  const files: Record<string, string> = { tokenizer: path.join(dir, 'tokenizer.json') };
  for (const graph of GRAPHS) files[graph] = path.join(dir, 'onnx', `${graph}.onnx`);
  return {
    id,
    engine: 'chatterbox-turbo',
    dir,
    files,
    sampleRate: 24_000,
    providers: ['cpu'],
    contentHash: `test-${id}`,
    ...extra,
  };
}
