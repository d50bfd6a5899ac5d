/**
 * A Kokoro-contract test model whose run costs about what a real Kokoro run does, for the ONNX benchmark:
 * the same inputs and output as test-support's Kokoro test model (`input_ids` int64 [1,T], `style` float32
 * [1,256], `speed` float32 [1] → `waveform` float32 [N] at 24 kHz), with
 * - a stack of `layers` dense layers (MatMul + Tanh, `width`×`width`, distinct weights per layer) over a
 *   per-token embedding, so the compute grows with the token count as a real model's does; 80 layers of
 *   1024² float32 make a 336 MB file, about the size of Kokoro's float32 export, so loading costs alike;
 * - `samplesPerToken` samples of audio per token (real Kokoro speaks ~13 tokens a second: ~1800 samples).
 * The dense stack's mean is folded into the amplitude (×1e-6), so the runtime cannot skip it.
 */
import type { OnnxGraphBuilder as GraphBuilder } from '../test-support/onnx/onnx-graph';
import { OnnxGraphBuilder } from '../test-support/onnx/onnx-graph';
import { KOKORO_TEST_ID_LIMIT, kokoroTableValues } from '../test-support/onnx/test-model-contract';

export interface HeavyKokoroModelOptions {
  /** Dense layers (default 80). */
  layers?: number;
  /** Width of each layer (default 1024). */
  width?: number;
  /** Audio samples per token at speed 1 (default 1600). */
  samplesPerToken?: number;
}

const TO_FLOAT = { to: 1 };
const TO_INT64 = { to: 7 };

/** Deterministic values in [-scale, scale) (a 32-bit LCG): no structure the runtime could exploit. */
function pseudoRandom(count: number, seed: number, scale: number): Float32Array {
  const values = new Float32Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    values[i] = (state / 2 ** 32 - 0.5) * 2 * scale;
  }
  return values;
}

export function buildHeavyKokoroModel(options: HeavyKokoroModelOptions = {}): Uint8Array {
  const layers = options.layers ?? 80;
  const width = options.width ?? 1024;
  const samplesPerToken = options.samplesPerToken ?? 1600;
  const g = new OnnxGraphBuilder('kokoro_heavy_bench');
  g.input('input_ids', 'int64', [1, 'sequence_length']);
  g.input('style', 'float32', [1, 256]);
  g.input('speed', 'float32', [1]);

  const ids = g.node('Reshape', ['input_ids', g.constant('int64', [1], [-1])]);

  // The dense stack: [T, width] through `layers` MatMul + Tanh, reduced to one number.
  const embedding = g.constant(
    'float32',
    [KOKORO_TEST_ID_LIMIT, width],
    pseudoRandom(KOKORO_TEST_ID_LIMIT * width, 1, 1),
  );
  let hidden = g.node('Gather', [embedding, ids], { axis: 0 });
  const scale = Math.sqrt(3 / width);
  for (let layer = 0; layer < layers; layer++) {
    const weights = g.constant('float32', [width, width], pseudoRandom(width * width, layer + 2, scale));
    hidden = g.node('Tanh', [g.node('MatMul', [hidden, weights])]);
  }
  const stackMean = g.node('ReduceMean', [hidden], { keepdims: 0 });

  // The waveform: a sine burst per token, as the Kokoro test model computes it.
  const table = g.constant('float32', [KOKORO_TEST_ID_LIMIT], kokoroTableValues());
  const frequencies = g.node('Gather', [table, ids], { axis: 0 });
  const samples = g.node('Div', [g.constant('float32', [1], [samplesPerToken]), 'speed']);
  const pitch = g.node('Add', [g.scalar('float32', 1), g.node('ReduceMean', ['style'], { keepdims: 0 })]);
  const amplitude = g.node('Add', [
    g.node('ReduceMean', [g.node('Abs', ['style'])], { keepdims: 0 }),
    g.node('Mul', [stackMean, g.scalar('float32', 1e-6)]),
  ]);
  const wave = bursts(g, frequencies, ramp(g, samples), pitch, amplitude);
  g.node('Reshape', [wave, g.constant('int64', [1], [-1])], {}, 'waveform');
  g.output('waveform', 'float32', ['num_samples']);
  return g.build();
}

/** A float [n] ramp 0..n-1 for n = floor(samples). */
function ramp(g: GraphBuilder, samples: string): string {
  const count = g.node('Reshape', [
    g.node('Cast', [g.node('Floor', [samples])], TO_INT64),
    g.constant('int64', [0], []),
  ]);
  return g.node('Cast', [g.node('Range', [g.scalar('int64', 0), count, g.scalar('int64', 1)])], TO_FLOAT);
}

/** sin(freq[t] · pitch · k) · amplitude as a [T, n] tensor. */
function bursts(
  g: GraphBuilder,
  frequencies: string,
  rampF: string,
  pitch: string,
  amplitude: string,
): string {
  const column = g.node('Unsqueeze', [frequencies, g.constant('int64', [1], [1])]);
  const row = g.node('Unsqueeze', [rampF, g.constant('int64', [1], [0])]);
  const phase = g.node('Mul', [g.node('Mul', [column, row]), pitch]);
  return g.node('Mul', [g.node('Sin', [phase]), amplitude]);
}
