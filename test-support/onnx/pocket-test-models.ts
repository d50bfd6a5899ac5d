/**
 * Small Pocket TTS graphs with the published names, element types, state layout and loop semantics
 * (electron/worker/engines/pocket/pocket-contract.ts), computing deterministic, audible output:
 *
 * - `text_conditioner`: `token_ids` int64 [1,T] → `embeddings` float32 [1,T,D]; channel 0 is 1 for every
 *   token (so the backbone can count text), the rest a table lookup.
 * - `mimi_encoder`: `audio` float32 [1,1,N] → `latents` [1,⌊N/1920⌋,D]; channel 1 is the frame's mean
 *   absolute amplitude (so a clip's loudness shapes the voice), channel 0 is 0.
 * - `flow_lm_main`: `sequence` [1,S,32], `text_embeddings` [1,T,D], per layer `state_<3i>` the KV cache
 *   float32 [2,1,CACHE,HEADS,HEAD_DIM], `state_<3i+1>` `current_end` float32 [0], `state_<3i+2>` `step`
 *   int64 [1] → `conditioning` [1,D], `eos_logit` [1,1], `out_state_*`. The cache accumulates what it was
 *   fed (text tokens, frames, voice amplitude) and `step` grows by S+T per call: nothing works unless the
 *   state is carried. The end logit rises above −4 once the frames fed reach `framesPerToken` × the text
 *   tokens; `neverEnds` keeps it at −100, `nanAfterFrames` makes the conditioning NaN after that many.
 * - `flow_lm_flow`: `c` [1,D], `s`, `t` [1,1], `x` [1,32] → `flow_dir` [1,32] = W·c − x/2 (so the
 *   noise matters: the seed changes the take).
 * - `mimi_decoder`: `latent` [1,1,32], `state_0` bool [1] (`first`), `state_1` float32 [1] (phase) →
 *   `audio` [1,1,1920], a tone whose pitch follows the latent, continuous across frames.
 */
import { OnnxGraphBuilder } from './onnx-graph';

export const POCKET_TEST_WIDTH = 16;
export const POCKET_TEST_VOCAB = 120;
const LATENT = 32;
const FRAME = 1920;
const TO_FLOAT = { to: 1 };

export interface PocketTestModelOptions {
  /** Conditioning width D (1024 in the published export). */
  width?: number;
  /** Transformer layers, each with its cache/current_end/step triple (6 published). */
  layers?: number;
  /** KV cache [2,1,positions,heads,headDim] ([2,1,1000,16,64] published). */
  cache?: { positions: number; heads: number; headDim: number };
  framesPerToken?: number;
  neverEnds?: boolean;
  nanAfterFrames?: number;
  /** Extra MatMul+Tanh layers of [width,width] in the backbone (benchmarks: graphs of realistic cost). */
  backboneLayers?: number;
}

const int64 = (g: OnnxGraphBuilder, values: number[]) => g.constant('int64', [values.length], values);

/** Channel `index` of a [1,R,D] tensor as [1,R,1]. */
function channel(g: OnnxGraphBuilder, tensor: string, index: number): string {
  return g.node('Slice', [tensor, int64(g, [index]), int64(g, [index + 1]), int64(g, [2])]);
}

function dimOf(g: OnnxGraphBuilder, tensor: string, axis: number): string {
  return g.node('Gather', [g.node('Shape', [tensor]), g.scalar('int64', axis)], { axis: 0 });
}

export function buildPocketTextConditioner(options: PocketTestModelOptions = {}): Uint8Array {
  const width = options.width ?? POCKET_TEST_WIDTH;
  const g = new OnnxGraphBuilder('text_conditioner');
  g.input('token_ids', 'int64', [1, 'tokens']);
  const table: number[] = [];
  for (let id = 0; id < POCKET_TEST_VOCAB; id++)
    for (let k = 0; k < width; k++) table.push(k === 0 ? 1 : k === 1 ? 0 : 0.1 * Math.sin(id * 0.7 + k));
  const rows = g.constant('float32', [POCKET_TEST_VOCAB, width], table);
  g.node('Gather', [rows, 'token_ids'], { axis: 0 }, 'embeddings');
  g.output('embeddings', 'float32', [1, 'tokens', width]);
  return g.build();
}

export function buildPocketMimiEncoder(options: PocketTestModelOptions = {}): Uint8Array {
  const width = options.width ?? POCKET_TEST_WIDTH;
  const g = new OnnxGraphBuilder('mimi_encoder');
  g.input('audio', 'float32', [1, 1, 'samples']);
  const frames = g.node('Div', [dimOf(g, 'audio', 2), g.scalar('int64', FRAME)]);
  const end = g.node('Unsqueeze', [g.node('Mul', [frames, g.scalar('int64', FRAME)]), int64(g, [0])]);
  const whole = g.node('Slice', ['audio', int64(g, [0]), end, int64(g, [2])]);
  const byFrame = g.node('Reshape', [whole, int64(g, [1, -1, FRAME])]);
  const loudness = g.node('ReduceMean', [g.node('Abs', [byFrame])], { axes: [2], keepdims: 1 });
  const row = g.constant(
    'float32',
    [1, 1, width],
    Array.from({ length: width }, (_, k) => (k === 1 ? 1 : 0)),
  );
  g.node('Mul', [loudness, row], {}, 'latents');
  g.output('latents', 'float32', [1, 'frames', width]);
  return g.build();
}

export function buildPocketFlowLmMain(options: PocketTestModelOptions = {}): Uint8Array {
  const width = options.width ?? POCKET_TEST_WIDTH;
  const layers = options.layers ?? 2;
  const cache = options.cache ?? { positions: 8, heads: 2, headDim: 4 };
  const framesPerToken = options.framesPerToken ?? 2;
  const g = new OnnxGraphBuilder('flow_lm_main');
  g.input('sequence', 'float32', [1, 'sequence_length', LATENT]);
  g.input('text_embeddings', 'float32', [1, 'text_length', width]);
  const cacheDims = [2, 1, cache.positions, cache.heads, cache.headDim];
  const cacheCount = cacheDims.reduce((a, b) => a * b, 1);
  const textCount = g.node('ReduceSum', [channel(g, 'text_embeddings', 0)], { keepdims: 0 });
  const voiceAmp = g.node('ReduceSum', [channel(g, 'text_embeddings', 1)], { keepdims: 0 });
  const frames = g.node('Cast', [dimOf(g, 'sequence', 1)], TO_FLOAT);
  const fed = g.node('Add', [dimOf(g, 'sequence', 1), dimOf(g, 'text_embeddings', 1)]);
  // (text tokens, frames, voice amplitude) at the head of the cache, zeros after: what this call adds.
  const counts = g.node(
    'Concat',
    [textCount, frames, voiceAmp].map((v) => g.node('Reshape', [v, int64(g, [1])])),
    {
      axis: 0,
    },
  );
  const padded = g.node('Pad', [counts, int64(g, [0, cacheCount - 3])]);
  const delta = g.node('Reshape', [padded, int64(g, cacheDims)]);
  let firstCache = '';
  for (let layer = 0; layer < layers; layer++) {
    const [kv, end, step] = [3 * layer, 3 * layer + 1, 3 * layer + 2].map((i) => `state_${i}`) as [
      string,
      string,
      string,
    ];
    g.input(kv, 'float32', cacheDims);
    g.input(end, 'float32', [0]);
    g.input(step, 'int64', [1]);
    const updated = g.node('Add', [kv, delta], {}, `out_${kv}`);
    if (layer === 0) firstCache = updated;
    g.node('Identity', [end], {}, `out_${end}`);
    g.node('Add', [step, g.node('Reshape', [fed, int64(g, [1])])], {}, `out_${step}`);
    g.output(`out_${kv}`, 'float32', cacheDims);
    g.output(`out_${end}`, 'float32', [0]);
    g.output(`out_${step}`, 'int64', [1]);
  }
  const flat = g.node('Reshape', [firstCache, int64(g, [-1])]);
  const at = (i: number) => g.node('Gather', [flat, g.scalar('int64', i)], { axis: 0 });
  const [totalText, totalFrames, amplitude] = [at(0), at(1), at(2)];
  const eos = options.neverEnds
    ? g.constant('float32', [1, 1], [-100])
    : g.node('Reshape', [
        g.node('Mul', [
          g.node('Sub', [totalFrames, g.node('Mul', [totalText, g.scalar('float32', framesPerToken)])]),
          g.scalar('float32', 10),
        ]),
        int64(g, [1, 1]),
      ]);
  g.node('Identity', [eos], {}, 'eos_logit');
  const base = g.constant(
    'float32',
    [1, width],
    Array.from({ length: width }, (_, k) => 0.2 + 0.05 * Math.cos(k)),
  );
  let hidden = g.node('Mul', [base, g.node('Add', [g.scalar('float32', 1), g.node('Tanh', [amplitude])])]);
  for (let layer = 0; layer < (options.backboneLayers ?? 0); layer++) {
    const weights = Array.from({ length: width * width }, (_, i) =>
      i % (width + 1) === 0 ? 1 : 0.001 * Math.sin(i),
    );
    hidden = g.node('Tanh', [g.node('MatMul', [hidden, g.constant('float32', [width, width], weights)])]);
  }
  if (options.nanAfterFrames !== undefined) {
    const broken = g.node('Greater', [totalFrames, g.scalar('float32', options.nanAfterFrames)]);
    hidden = g.node('Mul', [
      hidden,
      g.node('Where', [broken, g.scalar('float32', Number.NaN), g.scalar('float32', 1)]),
    ]);
  }
  g.node('Identity', [hidden], {}, 'conditioning');
  g.output('conditioning', 'float32', [1, width]);
  g.output('eos_logit', 'float32', [1, 1]);
  return g.build();
}

export function buildPocketFlowLmFlow(options: PocketTestModelOptions = {}): Uint8Array {
  const width = options.width ?? POCKET_TEST_WIDTH;
  const g = new OnnxGraphBuilder('flow_lm_flow');
  g.input('c', 'float32', [1, width]);
  g.input('s', 'float32', [1, 1]);
  g.input('t', 'float32', [1, 1]);
  g.input('x', 'float32', [1, LATENT]);
  const weights = Array.from({ length: width * LATENT }, (_, i) => 0.1 * Math.cos(i * 0.37));
  const target = g.node('MatMul', ['c', g.constant('float32', [width, LATENT], weights)]);
  const halfX = g.node('Mul', ['x', g.scalar('float32', 0.5)]);
  // s and t enter with weight 0 (the published graph takes them; this one needs no time).
  const times = g.node('Mul', [g.node('Add', ['s', 't']), g.scalar('float32', 0)]);
  g.node('Add', [g.node('Sub', [target, halfX]), times], {}, 'flow_dir');
  g.output('flow_dir', 'float32', [1, LATENT]);
  return g.build();
}

export function buildPocketMimiDecoder(): Uint8Array {
  const g = new OnnxGraphBuilder('mimi_decoder');
  g.input('latent', 'float32', [1, 'frames', LATENT]);
  g.input('state_0', 'bool', [1]);
  g.input('state_1', 'float32', [1]);
  const mean = g.node('ReduceMean', ['latent'], { keepdims: 0 });
  const omega = g.node('Add', [
    g.scalar('float32', 0.06),
    g.node('Mul', [g.node('Tanh', [mean]), g.scalar('float32', 0.03)]),
  ]);
  const ramp = g.node(
    'Cast',
    [g.node('Range', [g.scalar('int64', 0), g.scalar('int64', FRAME), g.scalar('int64', 1)])],
    TO_FLOAT,
  );
  const phase = g.node('Add', [g.node('Mul', [ramp, omega]), 'state_1']);
  const tone = g.node('Mul', [g.node('Sin', [phase]), g.scalar('float32', 0.3)]);
  g.node('Reshape', [tone, int64(g, [1, 1, FRAME])], {}, 'audio');
  g.node('Add', ['state_1', g.node('Mul', [omega, g.scalar('float32', FRAME)])], {}, 'out_state_1');
  g.node('Identity', [g.constant('bool', [1], [0])], {}, 'out_state_0');
  g.output('audio', 'float32', [1, 1, 'samples']);
  g.output('out_state_0', 'bool', [1]);
  g.output('out_state_1', 'float32', [1]);
  return g.build();
}

/** All five graphs by their published file stems. */
export function buildPocketTestGraphs(options: PocketTestModelOptions = {}): Record<string, Uint8Array> {
  return {
    text_conditioner: buildPocketTextConditioner(options),
    mimi_encoder: buildPocketMimiEncoder(options),
    flow_lm_main: buildPocketFlowLmMain(options),
    flow_lm_flow: buildPocketFlowLmFlow(options),
    mimi_decoder: buildPocketMimiDecoder(),
  };
}
