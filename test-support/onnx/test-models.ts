/**
 * Tiny ONNX models with exactly the input/output contract of the real Kokoro and Piper exports, computing the
 * deterministic, audible output described in test-model-contract.ts. Only ops of ORT's CPU provider at
 * opset 13: Reshape, Gather, Cast, Div, Mul, Floor, Range, Unsqueeze, Sin, ReduceMean, Abs, Slice, Add.
 */
import type { ElemType } from './onnx-graph';
import { OnnxGraphBuilder } from './onnx-graph';
import {
  KOKORO_TEST_SAMPLES_PER_TOKEN,
  PIPER_TEST_SAMPLES_PER_ID,
  PIPER_TEST_SINGLE_SPEAKER,
  PIPER_TEST_SPEAKERS,
  kokoroTableValues,
  piperTableValues,
} from './test-model-contract';

const TO_FLOAT = { to: 1 };
const TO_INT64 = { to: 7 };

export interface KokoroTestModelOptions {
  /** `input_ids` (v1.0 exports) or `tokens` (older exports). */
  idsInput?: 'input_ids' | 'tokens';
  /** float32 in most exports, int32 in some. */
  speedType?: 'float32' | 'int32';
  /** Multiplies the waveform by this (NaN or Infinity: a broken model whose output is not numbers). */
  outputFactor?: number;
}

/** Samples n = floor(base · factor) as an int64 scalar, and a float [n] ramp 0..n-1. */
export function ramp(g: OnnxGraphBuilder, samples: string): string {
  const scalar = g.node('Reshape', [
    g.node('Cast', [g.node('Floor', [samples])], TO_INT64),
    g.constant('int64', [0], []),
  ]);
  const range = g.node('Range', [g.scalar('int64', 0), scalar, g.scalar('int64', 1)]);
  return g.node('Cast', [range], TO_FLOAT);
}

/** sin(freq[t] · pitch · k) · amplitude for t over ids and k over the ramp, as a [T, n] tensor. */
export function bursts(
  g: OnnxGraphBuilder,
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

/**
 * Kokoro contract: `input_ids`|`tokens` int64 [1,T], `style` float32 [1,256], `speed` float32|int32 [1];
 * output `waveform` float32 [N] at 24 kHz.
 */
export function buildKokoroTestModel(options: KokoroTestModelOptions = {}): Uint8Array {
  const idsName = options.idsInput ?? 'input_ids';
  const speedType: ElemType = options.speedType ?? 'float32';
  const g = new OnnxGraphBuilder('kokoro_test');
  g.input(idsName, 'int64', [1, 'sequence_length']);
  g.input('style', 'float32', [1, 256]);
  g.input('speed', speedType, [1]);

  const ids = g.node('Reshape', [idsName, g.constant('int64', [1], [-1])]);
  const table = g.constant('float32', [kokoroTableValues().length], kokoroTableValues());
  const frequencies = g.node('Gather', [table, ids], { axis: 0 });
  const speed = speedType === 'float32' ? 'speed' : g.node('Cast', ['speed'], TO_FLOAT);
  const samples = g.node('Div', [g.constant('float32', [1], [KOKORO_TEST_SAMPLES_PER_TOKEN]), speed]);
  const pitch = g.node('Add', [g.scalar('float32', 1), g.node('ReduceMean', ['style'], { keepdims: 0 })]);
  const amplitude = g.node('ReduceMean', [g.node('Abs', ['style'])], { keepdims: 0 });
  const speech = bursts(g, frequencies, ramp(g, samples), pitch, amplitude);
  const wave =
    options.outputFactor === undefined
      ? speech
      : g.node('Mul', [speech, g.scalar('float32', options.outputFactor)]);
  g.node('Reshape', [wave, g.constant('int64', [1], [-1])], {}, 'waveform');
  g.output('waveform', 'float32', ['num_samples']);
  return g.build();
}

export interface PiperTestModelOptions {
  /** More than one adds the `sid` input (speakers as in PIPER_TEST_SPEAKERS). */
  numSpeakers?: 1 | 2;
}

/**
 * Piper contract: `input` int64 [1,T], `input_lengths` int64 [1], `scales` float32 [3] (noise_scale,
 * length_scale, noise_w), `sid` int64 [1] when multi-speaker; output `output` float32 [1,1,1,S] at 22.05 kHz.
 */
export function buildPiperTestModel(options: PiperTestModelOptions = {}): Uint8Array {
  const numSpeakers = options.numSpeakers ?? 1;
  const g = new OnnxGraphBuilder('piper_test');
  g.input('input', 'int64', [1, 'phonemes']);
  g.input('input_lengths', 'int64', [1]);
  g.input('scales', 'float32', [3]);
  if (numSpeakers > 1) g.input('sid', 'int64', [1]);

  const flat = g.node('Reshape', ['input', g.constant('int64', [1], [-1])]);
  const ids = g.node('Slice', [
    flat,
    g.constant('int64', [1], [0]),
    'input_lengths',
    g.constant('int64', [1], [0]),
  ]);
  const table = g.constant('float32', [piperTableValues().length], piperTableValues());
  const frequencies = g.node('Gather', [table, ids], { axis: 0 });
  const lengthScale = g.node('Gather', ['scales', g.constant('int64', [1], [1])], { axis: 0 });
  const samples = g.node('Mul', [g.constant('float32', [1], [PIPER_TEST_SAMPLES_PER_ID]), lengthScale]);

  let pitch: string;
  let amplitude: string;
  if (numSpeakers > 1) {
    const speakers = PIPER_TEST_SPEAKERS.slice(0, numSpeakers);
    const scalar = g.constant('int64', [0], []);
    const pitches = g.constant(
      'float32',
      [speakers.length],
      speakers.map((s) => s.pitch),
    );
    const amplitudes = g.constant(
      'float32',
      [speakers.length],
      speakers.map((s) => s.amplitude),
    );
    pitch = g.node('Reshape', [g.node('Gather', [pitches, 'sid'], { axis: 0 }), scalar]);
    amplitude = g.node('Reshape', [g.node('Gather', [amplitudes, 'sid'], { axis: 0 }), scalar]);
  } else {
    pitch = g.scalar('float32', PIPER_TEST_SINGLE_SPEAKER.pitch);
    amplitude = g.scalar('float32', PIPER_TEST_SINGLE_SPEAKER.amplitude);
  }
  const wave = bursts(g, frequencies, ramp(g, samples), pitch, amplitude);
  g.node('Reshape', [wave, g.constant('int64', [4], [1, 1, 1, -1])], {}, 'output');
  g.output('output', 'float32', [1, 1, 1, 'time']);
  return g.build();
}

/**
 * A deliberately slow model for timing tests: `x` float32 [size,size] through `repeats` MatMul+Tanh layers
 * sharing one weight matrix; output `y`. Size 1024 costs about 2 GFLOP per layer.
 */
export function buildSlowTestModel(size = 1024, repeats = 6): Uint8Array {
  const g = new OnnxGraphBuilder('slow_test');
  g.input('x', 'float32', [size, size]);
  const weights = new Float32Array(size * size);
  for (let i = 0; i < weights.length; i++) weights[i] = Math.sin(i) / size;
  const w = g.constant('float32', [size, size], weights);
  let current = 'x';
  for (let r = 0; r < repeats; r++) current = g.node('Tanh', [g.node('MatMul', [current, w])]);
  g.node('Identity', [current], {}, 'y');
  g.output('y', 'float32', [size, size]);
  return g.build();
}
