/**
 * The Chatterbox Turbo ONNX contract, as ResembleAI publishes it in **ResembleAI/chatterbox-turbo-ONNX**
 * (Hugging Face, MIT). Its model card's Python example is the reference loop; the graph names below were
 * read there and in runtimes written against that export (found with a code search over public
 * repositories: a Rust crate's `chatterbox.rs` reading outputs by name, a Unity model-set checker that
 * requires the names per graph, and the ONNX export scripts of the Chatterbox family, which name the
 * speech encoder's outputs):
 *
 * - Folder: `onnx/<graph>.onnx` with its weights beside it in `onnx/<graph>.onnx_data`, also as
 *   `_quantized` (q8), `_q4`, `_fp16` and `_q4f16` variants; `tokenizer.json` (GPT-2 byte-level BPE) at
 *   the top.
 * - `speech_encoder`: `audio_values` float32 [1,N] (mono, 24 kHz) → `audio_features` float32 [1,P,1024]
 *   (the conditioning the language model is prompted with), `audio_tokens` int64 [1,A] (the clip's speech
 *   tokens), `speaker_embeddings` float32 [1,192], `speaker_features` float32 [1,F,80].
 * - `embed_tokens`: `input_ids` int64 [1,T] → `inputs_embeds` float32 [1,T,1024]; text ids for the
 *   prompt, then one speech token per step.
 * - `language_model` (GPT-2 medium, 24 layers): `inputs_embeds`, `attention_mask` int64 [1,past+T],
 *   `position_ids` int64 [1,T], `past_key_values.<i>.key|value` float32 [1,16,past,64] → `logits`
 *   [1,T,6563] and `present.<i>.key|value` [1,16,past+T,64], which are the next call's
 *   `past_key_values.<i>.*`.
 * - `conditional_decoder`: `speech_tokens` int64 [1,S] (the clip's `audio_tokens`, the generated tokens,
 *   three SILENCE tokens), `speaker_embeddings`, `speaker_features` → `waveform` float32 [1,samples]
 *   at 24 kHz.
 * - Loop (model card): the first step feeds `audio_features` followed by the text's embeddings, positions
 *   0…n−1; every later step the embedding of the token just chosen, at the next position; stop at
 *   STOP (6562); the tokens start after START (6561). The card decodes greedily with repetition penalty
 *   1.2 over the tokens so far (START included) and at most 1024 steps; Resemble's PyTorch
 *   `inference_turbo` samples with temperature 0.8, top-k 1000, top-p 0.95 and the same penalty, at most
 *   1000 steps: these are the defaults here, with the seed deciding the draw.
 */
import type { StateEntrySpec } from '../onnx/ort-thread-protocol';
import type { ValueInfo } from '../onnx/tensor-payload';

export const CHATTERBOX_SAMPLE_RATE = 24_000;
/** Speech tokens per second of audio (S3 tokenizer, 25 Hz). */
export const CHATTERBOX_TOKEN_RATE = 25;
export const START_SPEECH_TOKEN = 6561;
export const STOP_SPEECH_TOKEN = 6562;
export const SILENCE_TOKEN = 4299;
/** SILENCE tokens appended before decoding (model card). */
export const TRAILING_SILENCE_TOKENS = 3;
/** The reference loops' cap on generated tokens (40 s of speech). */
export const CHATTERBOX_MAX_STEPS = 1000;
/** Published cache geometry: GPT-2 medium, 16 heads of 64. */
export const CHATTERBOX_KV_HEADS = 16;
export const CHATTERBOX_HEAD_DIM = 64;
export const CHATTERBOX_LAYERS = 24;

/** Resemble's `inference_turbo` defaults. */
export const CHATTERBOX_DEFAULTS = {
  temperature: 0.8,
  topK: 1000,
  topP: 0.95,
  repetitionPenalty: 1.2,
} as const;
export type ChatterboxSampling = {
  temperature: number;
  topK: number;
  topP: number;
  repetitionPenalty: number;
};

/**
 * KV cache bytes a chunk may hold at its longest before measuring: 24 layers × key and value × 16 × 64
 * float32 per position, for a clip's conditioning (~400 positions), a chunk's text and the step limit.
 */
export const CHATTERBOX_STATE_BYTES =
  CHATTERBOX_LAYERS * 2 * CHATTERBOX_KV_HEADS * CHATTERBOX_HEAD_DIM * 4 * (400 + 100 + CHATTERBOX_MAX_STEPS);

/** The four graphs, by the key a pack's `ModelSpec.files` holds them under (also their file stems). */
export const CHATTERBOX_GRAPHS = [
  'speech_encoder',
  'embed_tokens',
  'language_model',
  'conditional_decoder',
] as const;
export type ChatterboxGraph = (typeof CHATTERBOX_GRAPHS)[number];

export const PAST_PREFIX = 'past_key_values.';
export const PRESENT_PREFIX = 'present.';

export interface LanguageModelContract {
  /** `present.*` output → `past_key_values.*` input. */
  carry: Record<string, string>;
  /** The cache as it starts: every `past_key_values.*` empty ([1,heads,0,headDim]). */
  initial: StateEntrySpec[];
  /** Whether the graph takes `position_ids` (the published one does). */
  positionIds: boolean;
}

/** The language model's cache, and where the audio comes out (`waveform` of the decoder). */
export type ChatterboxContract = LanguageModelContract & { output: string };

type Signature = { inputs: readonly ValueInfo[]; outputs: readonly ValueInfo[] };

function need(signature: Signature, inputs: Record<string, string>, outputs: string[]): string | undefined {
  const inputNames = signature.inputs.map((input) => input.name);
  for (const [name, type] of Object.entries(inputs)) {
    const input = signature.inputs.find((candidate) => candidate.name === name);
    if (!input)
      return `its inputs are [${inputNames.join(', ')}]; it needs ${Object.keys(inputs).join(', ')}`;
    if (input.type !== type) return `input ${name} is ${input.type}, expected ${type}`;
  }
  const outputNames = signature.outputs.map((output) => output.name);
  for (const name of outputs)
    if (!outputNames.includes(name))
      return `its outputs are [${outputNames.join(', ')}]; it needs ${outputs.join(', ')}`;
  return undefined;
}

/** The language model's inputs, outputs and carried KV cache, or why it is not the published one. */
export function readLanguageModelContract(signature: Signature): LanguageModelContract | string {
  const reason = need(signature, { inputs_embeds: 'float32', attention_mask: 'int64' }, ['logits']);
  if (reason) return `language_model: ${reason}`;
  const past = signature.inputs.filter((input) => input.name.startsWith(PAST_PREFIX));
  if (past.length === 0) return 'language_model: it has no past_key_values.* inputs (no KV cache)';
  const carry: Record<string, string> = {};
  const initial: StateEntrySpec[] = [];
  for (const input of past) {
    const output = `${PRESENT_PREFIX}${input.name.slice(PAST_PREFIX.length)}`;
    if (!signature.outputs.some((candidate) => candidate.name === output))
      return `language_model: it takes ${input.name} but has no ${output} output to carry it`;
    if (input.type !== 'float32')
      return `language_model: its cache ${input.name} is ${input.type}; this engine holds float32 caches (import the fp32, q8 or q4 graphs with --model)`;
    carry[output] = input.name;
    const [, heads, , headDim] = input.shape;
    initial.push({
      name: input.name,
      type: 'float32',
      dims: [
        1,
        typeof heads === 'number' && heads > 0 ? heads : CHATTERBOX_KV_HEADS,
        0,
        typeof headDim === 'number' && headDim > 0 ? headDim : CHATTERBOX_HEAD_DIM,
      ],
      fill: 'zeros',
    });
  }
  const position = signature.inputs.find((input) => input.name === 'position_ids');
  if (position && position.type !== 'int64')
    return `language_model: input position_ids is ${position.type}, expected int64`;
  const known = new Set([
    'inputs_embeds',
    'attention_mask',
    'position_ids',
    ...past.map((input) => input.name),
  ]);
  const unknown = signature.inputs.find((input) => !known.has(input.name));
  if (unknown) return `language_model: it takes ${unknown.name}, which the published graph does not`;
  return { carry, initial, positionIds: position !== undefined };
}

/** Every graph's contract from its session's signature, or why one does not fit (naming the graph). */
export function readChatterboxContract(
  signatures: Record<ChatterboxGraph, Signature>,
): ChatterboxContract | string {
  let reason = need(signatures.speech_encoder, { audio_values: 'float32' }, [
    'audio_features',
    'audio_tokens',
    'speaker_embeddings',
    'speaker_features',
  ]);
  if (reason) return `speech_encoder: ${reason}`;
  reason = need(signatures.embed_tokens, { input_ids: 'int64' }, ['inputs_embeds']);
  if (reason) return `embed_tokens: ${reason}`;
  // The original Chatterbox export has graphs of the same names; its embed_tokens also takes
  // position_ids and exaggeration, which Turbo's loop does not feed.
  const extra = signatures.embed_tokens.inputs.find((input) => input.name !== 'input_ids');
  if (extra)
    return `embed_tokens: it also takes ${extra.name}, which Chatterbox Turbo's does not (is this the original Chatterbox export?)`;
  reason = need(
    signatures.conditional_decoder,
    { speech_tokens: 'int64', speaker_embeddings: 'float32', speaker_features: 'float32' },
    ['waveform'],
  );
  if (reason) return `conditional_decoder: ${reason}`;
  const languageModel = readLanguageModelContract(signatures.language_model);
  return typeof languageModel === 'string' ? languageModel : { ...languageModel, output: 'waveform' };
}
