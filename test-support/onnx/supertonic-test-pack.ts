/**
 * A Supertonic test folder laid out as Supertone publishes one on Hugging Face (Supertone/supertonic-3):
 * `onnx/{duration_predictor,text_encoder,vector_estimator,vocoder}.onnx` with the reference's input and
 * output names and types, `onnx/tts.json` (44.1 kHz, base_chunk_size 512, chunk_compress_factor 6,
 * latent_dim 24), `onnx/unicode_indexer.json`, `voice_styles/M1.json` and `F1.json` ({style_ttl [1,50,256],
 * style_dp [1,8,16]}, data nested), a model card `README.md` (license, languages) and `LICENSE`.
 *
 * What the graphs compute (small, deterministic, audible):
 * - duration = characters × 0.05 s × (1 + mean(style_dp));
 * - text_emb = 0.001 × id at every one of 256 channels;
 * - each step: x + (target − x) / (total_step − current_step + 1), target = mean(style_ttl), masked — so
 *   after N steps x = target + noise / (N + 1): the voice sets the result, the seed nudges it;
 * - vocoder: a sine of 150 + 400 × mean(latent) Hz, amplitude 0.3, 3072 samples per latent frame.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { OnnxGraphBuilder } from './onnx-graph';

export const SUPERTONIC_TEST_SECONDS_PER_CHAR = 0.05;
export const SUPERTONIC_TEST_STYLES = { M1: 0.1, F1: 0.35 } as const;
const TO_FLOAT = { to: 1 };

function durationPredictor(): Uint8Array {
  const g = new OnnxGraphBuilder('duration_predictor');
  g.input('text_ids', 'int64', [1, 'text_len']);
  g.input('style_dp', 'float32', [1, 8, 16]);
  g.input('text_mask', 'float32', [1, 1, 'text_len']);
  const count = g.node('ReduceSum', ['text_mask'], { keepdims: 0 });
  const scale = g.node('Add', [g.scalar('float32', 1), g.node('ReduceMean', ['style_dp'], { keepdims: 0 })]);
  const seconds = g.node('Mul', [
    g.node('Mul', [count, g.scalar('float32', SUPERTONIC_TEST_SECONDS_PER_CHAR)]),
    scale,
  ]);
  g.node('Reshape', [seconds, g.constant('int64', [1], [1])], {}, 'duration');
  g.output('duration', 'float32', [1]);
  return g.build();
}

function textEncoder(): Uint8Array {
  const g = new OnnxGraphBuilder('text_encoder');
  g.input('text_ids', 'int64', [1, 'text_len']);
  g.input('style_ttl', 'float32', [1, 50, 256]);
  g.input('text_mask', 'float32', [1, 1, 'text_len']);
  const ids = g.node('Unsqueeze', [g.node('Cast', ['text_ids'], TO_FLOAT), g.constant('int64', [1], [1])]);
  const masked = g.node('Mul', [ids, 'text_mask']);
  g.node('Mul', [masked, g.constant('float32', [1, 256, 1], new Array(256).fill(0.001))], {}, 'text_emb');
  g.output('text_emb', 'float32', [1, 256, 'text_len']);
  return g.build();
}

export interface SupertonicEstimatorOptions {
  /** Another name for the output (a broken graph). */
  output?: string;
}

function vectorEstimator(options: SupertonicEstimatorOptions = {}): Uint8Array {
  const g = new OnnxGraphBuilder('vector_estimator');
  g.input('noisy_latent', 'float32', [1, 144, 'latent_len']);
  g.input('text_emb', 'float32', [1, 256, 'text_len']);
  g.input('style_ttl', 'float32', [1, 50, 256]);
  g.input('text_mask', 'float32', [1, 1, 'text_len']);
  g.input('latent_mask', 'float32', [1, 1, 'latent_len']);
  g.input('current_step', 'float32', [1]);
  g.input('total_step', 'float32', [1]);
  const target = g.node('ReduceMean', ['style_ttl'], { keepdims: 0 });
  const remaining = g.node('Add', [g.node('Sub', ['total_step', 'current_step']), g.scalar('float32', 1)]);
  const step = g.node('Div', [g.node('Sub', [target, 'noisy_latent']), remaining]);
  const output = options.output ?? 'denoised_latent';
  g.node('Mul', [g.node('Add', ['noisy_latent', step]), 'latent_mask'], {}, output);
  g.output(output, 'float32', [1, 144, 'latent_len']);
  return g.build();
}

function vocoder(): Uint8Array {
  const g = new OnnxGraphBuilder('vocoder');
  g.input('latent', 'float32', [1, 144, 'latent_len']);
  const mean = g.node('ReduceMean', ['latent'], { keepdims: 0 });
  const frames = g.node('Gather', [g.node('Shape', ['latent']), g.scalar('int64', 2)], { axis: 0 });
  const samples = g.node('Mul', [frames, g.scalar('int64', 3072)]);
  const ramp = g.node(
    'Cast',
    [g.node('Range', [g.scalar('int64', 0), samples, g.scalar('int64', 1)])],
    TO_FLOAT,
  );
  const hz = g.node('Add', [g.scalar('float32', 150), g.node('Mul', [mean, g.scalar('float32', 400)])]);
  const radians = g.node('Mul', [hz, g.scalar('float32', (2 * Math.PI) / 44_100)]);
  const wave = g.node('Mul', [g.node('Sin', [g.node('Mul', [ramp, radians])]), g.scalar('float32', 0.3)]);
  g.node('Unsqueeze', [wave, g.constant('int64', [1], [0])], {}, 'wav_tts');
  g.output('wav_tts', 'float32', [1, 'wav_len']);
  return g.build();
}

function nested(rows: number, columns: number, value: (r: number, c: number) => number): number[][][] {
  return [Array.from({ length: rows }, (_, r) => Array.from({ length: columns }, (_, c) => value(r, c)))];
}

export interface SupertonicTestPackOptions {
  /** Model card languages (front matter); undefined: a card without `language:`. */
  languages?: string[];
  /** Leave out one of the files (path inside the folder). */
  omit?: string;
  estimator?: SupertonicEstimatorOptions;
  /** Write M1's style_ttl with these dims (a broken voice). */
  badStyleDims?: number[];
}

export async function writeSupertonicTestPack(
  dir: string,
  options: SupertonicTestPackOptions = {},
): Promise<void> {
  const files: Record<string, string | Uint8Array> = {
    'onnx/duration_predictor.onnx': durationPredictor(),
    'onnx/text_encoder.onnx': textEncoder(),
    'onnx/vector_estimator.onnx': vectorEstimator(options.estimator),
    'onnx/vocoder.onnx': vocoder(),
    'onnx/tts.json': JSON.stringify({
      tts_version: 'test',
      ae: { sample_rate: 44_100, base_chunk_size: 512 },
      ttl: { chunk_compress_factor: 6, latent_dim: 24 },
    }),
    'onnx/unicode_indexer.json': JSON.stringify(
      Array.from({ length: 0x3000 }, (_, codepoint) => (codepoint < 32 ? -1 : (codepoint % 97) + 1)),
    ),
    LICENSE: 'BigScience Open RAIL-M License\n\n(test stand-in)\n',
    'README.md': `---\nlicense: openrail\n${options.languages ? `language:\n${options.languages.map((tag) => `- ${tag}\n`).join('')}` : ''}---\n# Supertonic test model\n`,
  };
  for (const [style, level] of Object.entries(SUPERTONIC_TEST_STYLES)) {
    const ttlDims = style === 'M1' && options.badStyleDims ? options.badStyleDims : [1, 50, 256];
    files[`voice_styles/${style}.json`] = JSON.stringify({
      style_ttl: { dims: ttlDims, data: nested(50, 256, (r, c) => level + 0.01 * Math.sin(r + c)) },
      style_dp: { dims: [1, 8, 16], data: nested(8, 16, () => 0) },
    });
  }
  for (const [file, content] of Object.entries(files)) {
    if (file === options.omit) continue;
    await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), content);
  }
}
