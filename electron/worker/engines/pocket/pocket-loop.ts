/**
 * One chunk of Pocket TTS speech: the text prompted into a copy of the voice's state, then the
 * autoregressive loop, one frame (80 ms) per step: `flow_lm_main` with the previous latent (its KV cache
 * stays on the onnxruntime thread and grows by one position per call) gives the conditioning and the
 * end-of-speech logit, `flow_lm_flow` turns seeded noise into the next latent, `mimi_decoder` turns the
 * latent into audio, which goes out at once. Cancel is checked before every step; the loop ends
 * `framesAfterEos` frames after the end signal, and a chunk that reaches `maxFrames` without one fails.
 */
import { EngineError, throwIfCancelled } from '../engine';
import type { TensorPayload } from '../onnx/tensor-payload';
import { float32Tensor, int64Tensor } from '../onnx/tensor-payload';
import { POCKET_FRAME_RATE, POCKET_LATENT_DIM } from './pocket-contract';
import type { PocketModel } from './pocket-model';
import { GaussianNoise } from './pocket-text';

export interface ChunkPlan {
  tokens: number[];
  maxFrames: number;
  framesAfterEos: number;
  seed: number;
  temperature: number;
  lsdSteps: number;
  eosThreshold: number;
}

/** What a finished chunk took: frames generated, and the step at which the model signalled its end. */
export interface ChunkOutcome {
  frames: number;
  eosStep: number;
}

export async function generateChunk(
  model: PocketModel,
  voiceState: number,
  plan: ChunkPlan,
  signal: AbortSignal,
  onAudio: (pcm: Float32Array) => void,
): Promise<ChunkOutcome> {
  const { thread, generation } = model.session.home;
  const { main, flow, decoder } = model.contract;
  const embedded = await model.sessions.text_conditioner.run({
    token_ids: int64Tensor(plan.tokens, [1, plan.tokens.length]),
  });
  const text = embedded[model.contract.textConditioner.output];
  if (!text || text.type !== 'float32')
    throw new EngineError('engine-failed', 'text_conditioner gave no embeddings');
  const width = text.dims.at(-1) ?? 0;
  const working = await thread.copyState(generation, voiceState);
  let decoding: number | undefined;
  try {
    decoding = await thread.createState(generation, model.decoderState);
    const mainState = { stateId: working, carry: main.carry };
    const decoderState = { stateId: decoding, carry: decoder.carry };
    await model.sessions.flow_lm_main.run(
      { sequence: float32Tensor(new Float32Array(0), [1, 0, POCKET_LATENT_DIM]), text_embeddings: text },
      mainState,
    );
    const noise = new GaussianNoise(plan.seed);
    const std = Math.sqrt(plan.temperature);
    const noText = (): TensorPayload => float32Tensor(new Float32Array(0), [1, 0, width]);
    let latent: Float32Array = new Float32Array(POCKET_LATENT_DIM).fill(Number.NaN);
    let eosStep: number | undefined;
    for (let step = 0; step < plan.maxFrames; step++) {
      throwIfCancelled(signal);
      const stepOut = await model.sessions.flow_lm_main.run(
        { sequence: float32Tensor(latent, [1, 1, POCKET_LATENT_DIM]), text_embeddings: noText() },
        mainState,
      );
      const conditioning = finite(stepOut[main.conditioning], 'flow_lm_main', 'conditioning', step);
      const eos = finite(stepOut[main.eos], 'flow_lm_main', 'end-of-speech logit', step)[0] ?? 0;
      if (eos > plan.eosThreshold && eosStep === undefined) eosStep = step;
      if (eosStep !== undefined && step >= eosStep + plan.framesAfterEos) return { frames: step, eosStep };
      const x = noise.fill(POCKET_LATENT_DIM, std);
      for (let j = 0; j < plan.lsdSteps; j++) {
        const flowOut = await model.sessions.flow_lm_flow.run({
          c: float32Tensor(conditioning, [1, conditioning.length]),
          s: float32Tensor([j / plan.lsdSteps], [1, 1]),
          t: float32Tensor([(j + 1) / plan.lsdSteps], [1, 1]),
          x: float32Tensor(x, [1, POCKET_LATENT_DIM]),
        });
        const velocity = finite(flowOut[flow.output], 'flow_lm_flow', 'flow', step);
        for (let k = 0; k < POCKET_LATENT_DIM; k++) x[k] = (x[k] ?? 0) + (velocity[k] ?? 0) / plan.lsdSteps;
      }
      const decoded = await model.sessions.mimi_decoder.run(
        { latent: float32Tensor(x, [1, 1, POCKET_LATENT_DIM]) },
        decoderState,
      );
      onAudio(finite(decoded[decoder.audio], 'mimi_decoder', 'audio', step));
      latent = x;
    }
    throw new EngineError(
      'engine-failed',
      `Pocket TTS did not finish a chunk of ${plan.tokens.length} tokens within ${plan.maxFrames} frames (${(plan.maxFrames / POCKET_FRAME_RATE).toFixed(1)} s, the limit for its length): the model never signalled the end of speech. Render the turn again with another seed, or shorten it`,
    );
  } finally {
    await thread.releaseState(generation, working);
    if (decoding !== undefined) await thread.releaseState(generation, decoding);
  }
}

/** The float32 values of an output, or a failed chunk naming the graph when it is missing or not finite. */
function finite(tensor: TensorPayload | undefined, graph: string, what: string, step: number): Float32Array {
  if (!tensor || tensor.type !== 'float32')
    throw new EngineError('engine-failed', `${graph} gave no ${what}`);
  const values = tensor.data as Float32Array;
  for (const value of values) {
    if (!Number.isFinite(value)) {
      throw new EngineError(
        'engine-failed',
        `${graph} gave a non-finite ${what} at frame ${step} (NaN or Infinity): the model or its input is broken; nothing of this chunk is kept`,
      );
    }
  }
  return values;
}
