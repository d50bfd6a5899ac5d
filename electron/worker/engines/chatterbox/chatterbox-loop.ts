/**
 * One chunk of Chatterbox Turbo speech, as the model card's loop has it: the text's embeddings after the
 * voice's `audio_features` in the first `language_model` call (positions 0…n−1), then one speech token
 * per step (its embedding from `embed_tokens`, at the next position) until STOP; then
 * `conditional_decoder` turns the clip's tokens, the new ones and three SILENCE tokens into audio. The KV
 * cache (`past_key_values.*` ← `present.*`) stays on the onnxruntime thread as a resident state; only an
 * embedding and a row of logits cross per step. Cancel is checked before every step, a chunk that reaches
 * `maxSteps` without STOP fails, and so does a non-finite output (nothing of the chunk is kept).
 */
import { EngineError, throwIfCancelled } from '../engine';
import type { TensorPayload } from '../onnx/tensor-payload';
import { int64Tensor } from '../onnx/tensor-payload';
import type { ChatterboxSampling } from './chatterbox-contract';
import {
  CHATTERBOX_TOKEN_RATE,
  SILENCE_TOKEN,
  START_SPEECH_TOKEN,
  STOP_SPEECH_TOKEN,
  TRAILING_SILENCE_TOKENS,
} from './chatterbox-contract';
import type { ChatterboxModel } from './chatterbox-model';
import { SeededUniform, chooseToken } from './chatterbox-sampling';
import type { ChatterboxVoice } from './chatterbox-voices';

export interface ChunkPlan {
  textIds: number[];
  maxSteps: number;
  seed: number;
  sampling: ChatterboxSampling;
}

export interface ChunkOutcome {
  audio: Float32Array;
  /** Speech tokens generated (STOP not counted). */
  tokens: number;
}

export async function generateChunk(
  model: ChatterboxModel,
  voice: ChatterboxVoice,
  plan: ChunkPlan,
  signal: AbortSignal,
  onStep?: () => void,
): Promise<ChunkOutcome> {
  const { embed_tokens: embed, language_model: lm, conditional_decoder: decoder } = model.sessions;
  const text = finite(
    (await embed.run({ input_ids: int64Tensor(plan.textIds, [1, plan.textIds.length]) })).inputs_embeds,
    'embed_tokens',
    'inputs_embeds',
    0,
  );
  const width = text.dims.at(-1) ?? 0;
  const features = voice.audio_features;
  if ((features.dims.at(-1) ?? -1) !== width)
    throw new EngineError(
      'model-invalid',
      `the voice's audio_features are ${features.dims.at(-1) ?? '?'} wide and the text embeddings ${width}: the graphs are not from one export`,
    );
  const prompt = new Float32Array(features.data.length + text.data.length);
  prompt.set(features.data as Float32Array, 0);
  prompt.set(text.data as Float32Array, features.data.length);
  const { thread, generation } = lm.home;
  const stateId = await thread.createState(generation, model.contract.initial);
  const state = { stateId, carry: model.contract.carry };
  const random = new SeededUniform(plan.seed);
  const history = [START_SPEECH_TOKEN];
  const generated: number[] = [];
  try {
    let embeds: TensorPayload = { type: 'float32', data: prompt, dims: [1, prompt.length / width, width] };
    let length = 0;
    for (let step = 0; ; step++) {
      throwIfCancelled(signal);
      if (step >= plan.maxSteps)
        throw new EngineError(
          'engine-failed',
          `Chatterbox Turbo did not finish a chunk of ${plan.textIds.length} text tokens within ${plan.maxSteps} speech tokens (${(plan.maxSteps / CHATTERBOX_TOKEN_RATE).toFixed(1)} s, the limit for its length): the model never gave its stop token. Render the turn again with another seed, or shorten it`,
        );
      onStep?.();
      const fed = embeds.dims[1] ?? 1;
      const positions = Array.from({ length: fed }, (_, i) => length + i);
      length += fed;
      const out = await lm.run(
        {
          inputs_embeds: embeds,
          attention_mask: int64Tensor(new Array<number>(length).fill(1), [1, length]),
          ...(model.contract.positionIds ? { position_ids: int64Tensor(positions, [1, fed]) } : {}),
        },
        state,
      );
      const logits = finite(out.logits, 'language_model', 'logits', step);
      const vocabulary = logits.dims.at(-1) ?? 0;
      const last = (logits.data as Float32Array).subarray(logits.data.length - vocabulary);
      const token = chooseToken(last, history, plan.sampling, random);
      history.push(token);
      if (token === STOP_SPEECH_TOKEN) break;
      generated.push(token);
      embeds = finite(
        (await embed.run({ input_ids: int64Tensor([token], [1, 1]) })).inputs_embeds,
        'embed_tokens',
        'inputs_embeds',
        step,
      );
    }
  } finally {
    await thread.releaseState(generation, stateId);
  }
  throwIfCancelled(signal);
  const speech = [
    ...Array.from(voice.audio_tokens.data as BigInt64Array, Number),
    ...generated.filter((token) => token < START_SPEECH_TOKEN),
    ...new Array<number>(TRAILING_SILENCE_TOKENS).fill(SILENCE_TOKEN),
  ];
  const decoded = await decoder.run({
    speech_tokens: int64Tensor(speech, [1, speech.length]),
    // Copies: a feed's buffer is handed over to the onnxruntime thread, and the voice serves later chunks.
    speaker_embeddings: copyOf(voice.speaker_embeddings),
    speaker_features: copyOf(voice.speaker_features),
  });
  const waveform = finite(decoded.waveform, 'conditional_decoder', 'waveform', generated.length);
  return { audio: waveform.data as Float32Array, tokens: generated.length };
}

function copyOf(tensor: TensorPayload): TensorPayload {
  return { ...tensor, data: tensor.data.slice(), dims: [...tensor.dims] };
}

/** A float32 output, or a failed chunk naming the graph when it is missing or not finite. */
function finite(tensor: TensorPayload | undefined, graph: string, what: string, step: number): TensorPayload {
  if (!tensor || tensor.type !== 'float32')
    throw new EngineError('engine-failed', `${graph} gave no ${what}`);
  for (const value of tensor.data as Float32Array) {
    if (!Number.isFinite(value))
      throw new EngineError(
        'engine-failed',
        `${graph} gave a non-finite ${what} at step ${step} (NaN or Infinity): the model or its input is broken; nothing of this chunk is kept`,
      );
  }
  return tensor;
}
