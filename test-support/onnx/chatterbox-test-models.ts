/**
 * Small Chatterbox Turbo graphs with the published names, element types, cache layout and loop semantics
 * (electron/worker/engines/chatterbox/chatterbox-contract.ts), computing deterministic, audible output:
 *
 * - `speech_encoder`: `audio_values` float32 [1,N] → `audio_features` [1,P,D] (P = ⌊N/4800⌋; channel 1
 *   the frame's mean absolute amplitude, so a clip's loudness shapes the voice), `audio_tokens` int64
 *   [1,P], `speaker_embeddings` [1,192] (the clip's amplitude), `speaker_features` [1,2P,80].
 * - `embed_tokens`: `input_ids` int64 [1,T] → `inputs_embeds` [1,T,D], a table lookup over the speech
 *   vocabulary: channel 0 is 1 for text ids (< 300 here), channel 3 is 1 for speech tokens (≥ 300).
 * - `language_model`: `inputs_embeds` [1,T,D], `attention_mask` int64 [1,past+T], `position_ids` int64
 *   [1,T], `past_key_values.<i>.key|value` float32 [1,H,past,D/H] → `logits` [1,T,6563] and
 *   `present.<i>.*` = the past with this call's embeddings appended (so the cache holds everything fed:
 *   nothing works unless it is carried). From the cache: text tokens t, speech tokens fed back s, voice
 *   amplitude a. STOP wins once s ≥ `tokensPerTextToken` · t (`neverEnds`: never); otherwise a band of 64
 *   speech tokens from 1000 has logits 2·sin(0.3j + 0.7s + 5a) (so temperature and seed matter). Logits
 *   are NaN when the cache length disagrees with the attention mask or the last position id + 1 (the loop
 *   semantics are checked), or once s > `nanAfterSteps`.
 * - `conditional_decoder`: `speech_tokens` int64 [1,S], `speaker_embeddings` [1,192], `speaker_features`
 *   [1,F,80] → `waveform` [1,(S − F/2)·960]: a tone whose pitch follows the mean token, its level the
 *   speaker, swelling at 4 Hz like syllables (the prompt's F/2 tokens make no audio, as in the published decoder).
 */
import { OnnxGraphBuilder } from './onnx-graph';

export const CHATTERBOX_TEST_WIDTH = 16;
export const CHATTERBOX_TEST_TEXT_IDS = 300;
const VOCAB = 6563;
const STOP = 6562;
const BAND_START = 1000;
const BAND = 64;
const FRAME = 4800;
const SAMPLES_PER_TOKEN = 960;
const TO_FLOAT = { to: 1 };
const TO_INT64 = { to: 7 };

export interface ChatterboxTestModelOptions {
  /** Embedding width D (1024 published). */
  width?: number;
  /** Transformer layers (24 published), each with a key and a value cache. */
  layers?: number;
  /** KV heads H (16 published); the head size is D/H (64 published). */
  heads?: number;
  /** Speech tokens per text token before STOP. */
  tokensPerTextToken?: number;
  neverEnds?: boolean;
  nanAfterSteps?: number;
  /** Extra MatMul+Tanh layers of [D,D] on the last position (benchmarks: graphs of realistic cost). */
  backboneLayers?: number;
}

const int64 = (g: OnnxGraphBuilder, values: number[]) => g.constant('int64', [values.length], values);

function dimOf(g: OnnxGraphBuilder, tensor: string, axis: number): string {
  return g.node('Gather', [g.node('Shape', [tensor]), g.scalar('int64', axis)], { axis: 0 });
}

export function buildChatterboxSpeechEncoder(options: ChatterboxTestModelOptions = {}): Uint8Array {
  const width = options.width ?? CHATTERBOX_TEST_WIDTH;
  const g = new OnnxGraphBuilder('speech_encoder');
  g.input('audio_values', 'float32', ['batch_size', 'num_samples']);
  const frames = g.node('Div', [dimOf(g, 'audio_values', 1), g.scalar('int64', FRAME)]);
  const end = g.node('Unsqueeze', [g.node('Mul', [frames, g.scalar('int64', FRAME)]), int64(g, [0])]);
  const whole = g.node('Slice', ['audio_values', int64(g, [0]), end, int64(g, [1])]);
  const byFrame = g.node('Reshape', [whole, int64(g, [1, -1, FRAME])]);
  const loudness = g.node('ReduceMean', [g.node('Abs', [byFrame])], { axes: [2], keepdims: 1 }); // [1,P,1]
  const row = g.constant(
    'float32',
    [1, 1, width],
    Array.from({ length: width }, (_, k) => (k === 1 ? 1 : 0)),
  );
  g.node('Mul', [loudness, row], {}, 'audio_features');
  const tokens = g.node(
    'Cast',
    [g.node('Floor', [g.node('Mul', [loudness, g.scalar('float32', 1000)])])],
    TO_INT64,
  );
  g.node(
    'Reshape',
    [g.node('Mod', [tokens, g.scalar('int64', 6561)]), int64(g, [1, -1])],
    {},
    'audio_tokens',
  );
  const mean = g.node('ReduceMean', [loudness], { keepdims: 0 });
  g.node(
    'Mul',
    [g.constant('float32', [1, 192], new Array<number>(192).fill(1)), mean],
    {},
    'speaker_embeddings',
  );
  const twice = g.node('Concat', [loudness, loudness], { axis: 2 }); // [1,P,2]
  const features = g.node('Reshape', [twice, int64(g, [1, -1, 1])]); // [1,2P,1]
  g.node(
    'Mul',
    [features, g.constant('float32', [1, 1, 80], new Array<number>(80).fill(1))],
    {},
    'speaker_features',
  );
  g.output('audio_features', 'float32', ['batch_size', 'sequence_length', width]);
  g.output('audio_tokens', 'int64', ['batch_size', 'audio_sequence_length']);
  g.output('speaker_embeddings', 'float32', ['batch_size', 192]);
  g.output('speaker_features', 'float32', ['batch_size', 'feature_dim', 80]);
  return g.build();
}

export function buildChatterboxEmbedTokens(options: ChatterboxTestModelOptions = {}): Uint8Array {
  const width = options.width ?? CHATTERBOX_TEST_WIDTH;
  const g = new OnnxGraphBuilder('embed_tokens');
  g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const table = new Float32Array(VOCAB * width);
  for (let id = 0; id < VOCAB; id++) {
    const text = id < CHATTERBOX_TEST_TEXT_IDS;
    for (let k = 0; k < width; k++)
      table[id * width + k] =
        k === 0 ? (text ? 1 : 0) : k === 3 ? (text ? 0 : 1) : k < 4 ? 0 : 0.1 * Math.sin(id * 0.7 + k);
  }
  g.node('Gather', [g.constant('float32', [VOCAB, width], table), 'input_ids'], { axis: 0 }, 'inputs_embeds');
  g.output('inputs_embeds', 'float32', ['batch_size', 'sequence_length', width]);
  return g.build();
}

export function buildChatterboxLanguageModel(options: ChatterboxTestModelOptions = {}): Uint8Array {
  const width = options.width ?? CHATTERBOX_TEST_WIDTH;
  const layers = options.layers ?? 2;
  const heads = options.heads ?? 2;
  const headDim = width / heads;
  const perText = options.tokensPerTextToken ?? 3;
  const g = new OnnxGraphBuilder('language_model');
  g.input('inputs_embeds', 'float32', ['batch_size', 'sequence_length', width]);
  g.input('attention_mask', 'int64', ['batch_size', 'total_sequence_length']);
  g.input('position_ids', 'int64', ['batch_size', 'sequence_length']);
  const fed = g.node('Transpose', [g.node('Reshape', ['inputs_embeds', int64(g, [1, -1, heads, headDim])])], {
    perm: [0, 2, 1, 3],
  });
  let firstKey = '';
  for (let layer = 0; layer < layers; layer++) {
    for (const part of ['key', 'value']) {
      const past = `past_key_values.${layer}.${part}`;
      const present = `present.${layer}.${part}`;
      g.input(past, 'float32', ['batch_size', heads, 'past_sequence_length', headDim]);
      g.node('Concat', [past, fed], { axis: 2 }, present);
      g.output(present, 'float32', ['batch_size', heads, 'total_sequence_length', headDim]);
      if (layer === 0 && part === 'key') firstKey = present;
    }
  }
  const sums = g.node('Reshape', [
    g.node('ReduceSum', [firstKey, int64(g, [0, 2])], { keepdims: 0 }),
    int64(g, [-1]),
  ]);
  const at = (i: number) => g.node('Gather', [sums, g.scalar('int64', i)], { axis: 0 });
  const [text, amplitude, speech] = [at(0), at(1), at(3)];
  // The loop's bookkeeping: cache length = attention mask length = last position id + 1.
  const length = dimOf(g, firstKey, 2);
  const maskLength = dimOf(g, 'attention_mask', 1);
  const lastPosition = g.node('ReduceMax', ['position_ids'], { keepdims: 0 });
  const consistent = g.node('And', [
    g.node('Equal', [length, maskLength]),
    g.node('Equal', [length, g.node('Add', [lastPosition, g.scalar('int64', 1)])]),
  ]);
  let guard = g.node('Where', [consistent, g.scalar('float32', 0), g.scalar('float32', Number.NaN)]);
  if (options.nanAfterSteps !== undefined) {
    const broken = g.node('Greater', [speech, g.scalar('float32', options.nanAfterSteps)]);
    guard = g.node('Add', [
      guard,
      g.node('Where', [broken, g.scalar('float32', Number.NaN), g.scalar('float32', 0)]),
    ]);
  }
  const done = options.neverEnds
    ? g.constant('bool', [], [0])
    : g.node('GreaterOrEqual', [speech, g.node('Mul', [text, g.scalar('float32', perText)])]);
  // Logits of the band: 2·sin(0.3j + 0.7s + 5a), the rest −30; STOP +30 when done, else −30.
  const j = g.node(
    'Cast',
    [g.node('Range', [g.scalar('int64', 0), g.scalar('int64', BAND), g.scalar('int64', 1)])],
    TO_FLOAT,
  );
  let drive = g.node('Add', [
    g.node('Mul', [speech, g.scalar('float32', 0.7)]),
    g.node('Mul', [amplitude, g.scalar('float32', 5)]),
  ]);
  for (let layer = 0; layer < (options.backboneLayers ?? 0); layer++) {
    if (layer === 0) drive = g.node('Reshape', [drive, int64(g, [1, 1])]);
    const weights = Array.from({ length: width * width }, (_, i) =>
      i % (width + 1) === 0 ? 1 : 0.001 * Math.sin(i),
    );
    const lastRow = g.node('Reshape', [
      g.node('Slice', ['inputs_embeds', int64(g, [-1]), int64(g, [Number.MAX_SAFE_INTEGER]), int64(g, [1])]),
      int64(g, [1, width]),
    ]);
    const hidden = g.node('Tanh', [
      g.node('MatMul', [lastRow, g.constant('float32', [width, width], weights)]),
    ]);
    drive = g.node('Add', [
      drive,
      g.node('Mul', [g.node('ReduceSum', [hidden], { keepdims: 1 }), g.scalar('float32', 0)]),
    ]);
  }
  const band = g.node('Mul', [
    g.node('Sin', [
      g.node('Add', [
        g.node('Mul', [j, g.scalar('float32', 0.3)]),
        g.node('Reshape', [drive, int64(g, [-1])]),
      ]),
    ]),
    g.scalar('float32', 2),
  ]);
  const stop = g.node('Reshape', [
    g.node('Where', [done, g.scalar('float32', 30), g.scalar('float32', -30)]),
    int64(g, [1]),
  ]);
  const row = g.node(
    'Concat',
    [
      g.constant('float32', [BAND_START], new Array<number>(BAND_START).fill(-30)),
      band,
      g.constant(
        'float32',
        [STOP - BAND_START - BAND],
        new Array<number>(STOP - BAND_START - BAND).fill(-30),
      ),
      stop,
    ],
    { axis: 0 },
  );
  const guarded = g.node('Add', [row, guard]);
  const shape = g.node(
    'Concat',
    [int64(g, [1]), g.node('Reshape', [dimOf(g, 'inputs_embeds', 1), int64(g, [1])]), int64(g, [VOCAB])],
    { axis: 0 },
  );
  g.node('Expand', [g.node('Reshape', [guarded, int64(g, [1, 1, VOCAB])]), shape], {}, 'logits');
  g.output('logits', 'float32', ['batch_size', 'sequence_length', VOCAB]);
  return g.build();
}

export function buildChatterboxConditionalDecoder(): Uint8Array {
  const g = new OnnxGraphBuilder('conditional_decoder');
  g.input('speech_tokens', 'int64', ['batch_size', 'num_speech_tokens']);
  g.input('speaker_embeddings', 'float32', ['batch_size', 192]);
  g.input('speaker_features', 'float32', ['batch_size', 'feature_dim', 80]);
  const prompt = g.node('Div', [dimOf(g, 'speaker_features', 1), g.scalar('int64', 2)]);
  const tokens = g.node('Sub', [dimOf(g, 'speech_tokens', 1), prompt]);
  const samples = g.node('Mul', [tokens, g.scalar('int64', SAMPLES_PER_TOKEN)]);
  const mean = g.node('ReduceMean', [g.node('Cast', ['speech_tokens'], TO_FLOAT)], { keepdims: 0 });
  const omega = g.node('Add', [
    g.scalar('float32', 0.05),
    g.node('Mul', [mean, g.scalar('float32', 0.00002)]),
  ]);
  const level = g.node('Add', [
    g.scalar('float32', 0.2),
    g.node('ReduceMean', ['speaker_embeddings'], { keepdims: 0 }),
  ]);
  const ramp = g.node(
    'Cast',
    [g.node('Range', [g.scalar('int64', 0), samples, g.scalar('int64', 1)])],
    TO_FLOAT,
  );
  // Syllable-rate (4 Hz) swell, so the take reads as speech to take QA.
  const swell = g.node('Add', [
    g.scalar('float32', 0.6),
    g.node('Mul', [
      g.node('Sin', [g.node('Mul', [ramp, g.scalar('float32', (2 * Math.PI * 4) / 24_000)])]),
      g.scalar('float32', 0.4),
    ]),
  ]);
  const tone = g.node('Mul', [g.node('Mul', [g.node('Sin', [g.node('Mul', [ramp, omega])]), level]), swell]);
  g.node('Reshape', [tone, int64(g, [1, -1])], {}, 'waveform');
  g.output('waveform', 'float32', ['batch_size', 'num_samples']);
  return g.build();
}

/** All four graphs by their published file stems. */
export function buildChatterboxTestGraphs(
  options: ChatterboxTestModelOptions = {},
): Record<string, Uint8Array> {
  return {
    speech_encoder: buildChatterboxSpeechEncoder(options),
    embed_tokens: buildChatterboxEmbedTokens(options),
    language_model: buildChatterboxLanguageModel(options),
    conditional_decoder: buildChatterboxConditionalDecoder(),
  };
}
