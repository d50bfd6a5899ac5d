/**
 * The Pocket TTS ONNX contract, as published by the export this engine is built against:
 * **KevinAHM/pocket-tts-onnx** (Hugging Face; Kyutai's weights under CC-BY-4.0, its runtime
 * `pocket_tts_onnx.py` under Apache-2.0). Its runtime is the reference for the loop; the graph names,
 * shapes and order below were read in runtimes written against that export (found with a code search
 * over public repositories; "the Kotlin runtime" is package de.dbaelz.ttm.tts.pocket,
 * PocketTtsExecutor.kt; "the web worker" is a worker for its `onnx/english_2026-04` bundle) and in
 * Kyutai's reference code (github kyutai-labs/pocket-tts):
 *
 * - Folder (`onnx/` beside `tokenizer.model` and `reference_sample.wav`): `text_conditioner.onnx`,
 *   `mimi_encoder.onnx`, `flow_lm_main.onnx`, `flow_lm_flow.onnx`, `mimi_decoder.onnx`, several also as
 *   `*_int8.onnx`; per-language bundles (`onnx/<language>_<date>/`) add `bundle.json` (state
 *   manifests, flags) and `bos_before_voice.npy` (an install script naming "Source:
 *   KevinAHM/pocket-tts-onnx" with its required files; the web worker's file list).
 * - `text_conditioner`: `token_ids` int64 [1,T] (SentencePiece ids, no BOS/EOS) → first output float32
 *   [1,T,1024] (the Kotlin runtime; the web worker).
 * - `mimi_encoder`: `audio` float32 [1,1,N], mono 24 kHz → first output, the voice conditioning
 *   [1,S,1024] (S ≈ N/1920; flatten to [1,S,last dim]) (both runtimes).
 * - `flow_lm_main`: `sequence` float32 [1,S,32] (latents; [1,0,32] when prompting, NaN [1,1,32] for
 *   the first frame), `text_embeddings` float32 [1,T,1024] ([1,0,1024] while generating), and
 *   `state_<i>` inputs; outputs in order: conditioning [1,1024], eos logit [1,1], then `out_state_<i>`
 *   which become `state_<i>` of the next call. Per transformer layer the state is a KV cache float32
 *   [2,1,1000,16,64] (filled NaN), `current_end` float32 [0] and `step` int64 [1] (bundle.json's
 *   `flow_lm_state_manifest`, as quoted in the tests of a Rust runtime). Prompting order: voice
 *   conditioning, then the text, each with an empty `sequence` (the Kotlin runtime; the web worker).
 * - `flow_lm_flow`: `c` [1,1024], `s` [1,1], `t` [1,1], `x` [1,32] → first output, the flow direction
 *   [1,32]; Euler steps `x += v / steps` for s = j/steps, t = (j+1)/steps, starting from Gaussian noise
 *   with std √temperature (LSD decoding; kyutai-labs/pocket-tts `default_parameters.py`: temperature
 *   0.7, 1 LSD step, EOS threshold −4).
 * - `mimi_decoder`: `latent` float32 [1,F,32] plus `state_<i>` → first output audio float32
 *   [1,1,F·1920] at 24 kHz (12.5 frames per second), then `out_state_<i>`.
 * - Loop (kyutai-labs/pocket-tts `models/tts_model.py`): a frame is EOS when its logit exceeds the
 *   threshold; generation stops `frames_after_eos` frames later (3 for texts of ≤4 words, else 1, plus 2;
 *   a bundle's `model_recommended_frames_after_eos` overrides); at most
 *   ⌈(tokens / 3 + 2 s) · 12.5⌉ frames (`_estimate_max_gen_len`); each chunk starts again from the
 *   voice's prompted state. Text is prepared as `prepare_text_prompt` does (capital first letter, a full
 *   stop after a final letter or digit, optional 8-space padding for short inputs).
 *
 * Without bundle.json, states start as the session declares them (dynamic dimensions 0) filled with
 * zeros, as the runtimes written against the first release do.
 */
import type { StateEntrySpec } from '../onnx/ort-thread-protocol';
import type { ValueInfo } from '../onnx/tensor-payload';

export const POCKET_SAMPLE_RATE = 24_000;
export const POCKET_FRAME_RATE = 12.5;
export const POCKET_SAMPLES_PER_FRAME = 1_920;
export const POCKET_LATENT_DIM = 32;
export const POCKET_DEFAULTS = { temperature: 0.7, lsdSteps: 1, eosThreshold: -4 } as const;
/**
 * The published export's KV caches (6 layers × [2,1,1000,16,64] float32) twice over, a voice's prompted
 * state and a chunk's working copy: what a loaded pack needs besides its weights, before measuring.
 */
export const POCKET_STATE_BYTES = 2 * 6 * 2 * 1000 * 16 * 64 * 4;

/** The five graphs, by the key a pack's `ModelSpec.files` holds them under (also their file stems). */
export const POCKET_GRAPHS = [
  'text_conditioner',
  'mimi_encoder',
  'flow_lm_main',
  'flow_lm_flow',
  'mimi_decoder',
] as const;
export type PocketGraph = (typeof POCKET_GRAPHS)[number];

export interface StatefulContract {
  /** Non-state outputs, in order. */
  outputs: string[];
  /** Output → input name of each carried state. */
  carry: Record<string, string>;
  /** The state inputs as the session declares them (fallback when no manifest says better). */
  declared: StateEntrySpec[];
}

export interface PocketContract {
  textConditioner: { output: string };
  mimiEncoder: { output: string };
  main: StatefulContract & { conditioning: string; eos: string };
  flow: { output: string };
  decoder: StatefulContract & { audio: string };
}

type Signature = { inputs: readonly ValueInfo[]; outputs: readonly ValueInfo[] };

function check(signature: Signature, required: Record<string, string>): string | undefined {
  const names = signature.inputs.map((input) => input.name);
  for (const [name, type] of Object.entries(required)) {
    const input = signature.inputs.find((candidate) => candidate.name === name);
    if (!input) return `its inputs are [${names.join(', ')}]; it needs ${Object.keys(required).join(', ')}`;
    if (input.type !== type) return `input ${name} is ${input.type}, expected ${type}`;
  }
  return undefined;
}

function stateful(signature: Signature, what: string, minOutputs: number): StatefulContract | string {
  const stateInputs = signature.inputs.filter((input) => input.name.startsWith('state_'));
  const carry: Record<string, string> = {};
  for (const input of stateInputs) {
    const output = `out_${input.name}`;
    if (!signature.outputs.some((candidate) => candidate.name === output))
      return `${what} declares ${input.name} but no ${output} output to carry it`;
    carry[output] = input.name;
  }
  const outputs = signature.outputs.map((output) => output.name).filter((name) => !(name in carry));
  if (outputs.length < minOutputs)
    return `${what} has ${outputs.length} outputs besides its state, expected ${minOutputs}`;
  const declared: StateEntrySpec[] = [];
  for (const input of stateInputs) {
    if (input.type !== 'float32' && input.type !== 'int64' && input.type !== 'int32' && input.type !== 'bool')
      return `state ${input.name} is ${input.type}, which this engine cannot hold`;
    declared.push({
      name: input.name,
      type: input.type,
      dims: input.shape.map((dim) => (typeof dim === 'number' && dim >= 0 ? dim : 0)),
      fill: 'zeros',
    });
  }
  return { outputs, carry, declared };
}

function firstOutput(signature: Signature): string | undefined {
  return signature.outputs[0]?.name;
}

/** Each graph's contract from its session's signature, or why the graph does not fit (naming the graph). */
export function readPocketContract(signatures: Record<PocketGraph, Signature>): PocketContract | string {
  const problem = (graph: PocketGraph, reason: string) => `${graph}: ${reason}`;
  const conditioner = signatures.text_conditioner;
  const encoder = signatures.mimi_encoder;
  const main = signatures.flow_lm_main;
  const flow = signatures.flow_lm_flow;
  const decoder = signatures.mimi_decoder;
  let reason = check(conditioner, { token_ids: 'int64' });
  if (reason) return problem('text_conditioner', reason);
  reason = check(encoder, { audio: 'float32' });
  if (reason) return problem('mimi_encoder', reason);
  reason = check(main, { sequence: 'float32', text_embeddings: 'float32' });
  if (reason) return problem('flow_lm_main', reason);
  reason = check(flow, { c: 'float32', s: 'float32', t: 'float32', x: 'float32' });
  if (reason) return problem('flow_lm_flow', reason);
  reason = check(decoder, { latent: 'float32' });
  if (reason) return problem('mimi_decoder', reason);
  const mainState = stateful(main, 'flow_lm_main', 2);
  if (typeof mainState === 'string') return problem('flow_lm_main', mainState);
  if (mainState.declared.length === 0)
    return problem('flow_lm_main', 'it has no state_ inputs (no KV cache)');
  const decoderState = stateful(decoder, 'mimi_decoder', 1);
  if (typeof decoderState === 'string') return problem('mimi_decoder', decoderState);
  const conditionerOut = firstOutput(conditioner);
  const encoderOut = firstOutput(encoder);
  const flowOut = firstOutput(flow);
  if (!conditionerOut || !encoderOut || !flowOut) return 'a graph has no outputs';
  return {
    textConditioner: { output: conditionerOut },
    mimiEncoder: { output: encoderOut },
    main: { ...mainState, conditioning: mainState.outputs[0] as string, eos: mainState.outputs[1] as string },
    flow: { output: flowOut },
    decoder: { ...decoderState, audio: decoderState.outputs[0] as string },
  };
}

/** The backbone alone (what `models verify` loads): its inputs and carried KV cache. */
export function readPocketMainContract(signature: Signature): StatefulContract | string {
  const reason = check(signature, { sequence: 'float32', text_embeddings: 'float32' });
  if (reason) return `flow_lm_main: ${reason}`;
  const contract = stateful(signature, 'flow_lm_main', 2);
  if (typeof contract === 'string') return `flow_lm_main: ${contract}`;
  return contract.declared.length > 0 ? contract : 'flow_lm_main: it has no state_ inputs (no KV cache)';
}
