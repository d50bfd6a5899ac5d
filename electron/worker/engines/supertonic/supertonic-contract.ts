/**
 * The four Supertonic graphs and their contracts, as the reference inference feeds them
 * (supertone-inc/supertonic `py/helper.py` `TextToSpeech._infer`, `nodejs/helper.js` for the output
 * names):
 * - `duration_predictor.onnx`: text_ids int64 [B,T], style_dp float32 [B,8,16], text_mask float32
 *   [B,1,T] → `duration` float32 [B] (seconds);
 * - `text_encoder.onnx`: text_ids, style_ttl float32 [B,50,256], text_mask → `text_emb`;
 * - `vector_estimator.onnx`, run once per denoising step: noisy_latent float32 [B,C,L], text_emb,
 *   style_ttl, text_mask, latent_mask float32 [B,1,L], current_step float32 [B], total_step float32 [B]
 *   → `denoised_latent` [B,C,L];
 * - `vocoder.onnx`: latent [B,C,L] → `wav_tts` float32 [B,S] at 44.1 kHz.
 */
import { GRAPH_PREFIX, MODEL_FILE } from '../onnx/model-files';
import type { ValueInfo } from '../onnx/tensor-payload';

export type SupertonicGraph = 'duration_predictor' | 'text_encoder' | 'vector_estimator' | 'vocoder';

export const SUPERTONIC_GRAPHS: readonly SupertonicGraph[] = [
  'duration_predictor',
  'text_encoder',
  'vector_estimator',
  'vocoder',
];

const CONTRACTS: Record<SupertonicGraph, { inputs: Record<string, 'int64' | 'float32'>; output: string }> = {
  duration_predictor: {
    inputs: { text_ids: 'int64', style_dp: 'float32', text_mask: 'float32' },
    output: 'duration',
  },
  text_encoder: {
    inputs: { text_ids: 'int64', style_ttl: 'float32', text_mask: 'float32' },
    output: 'text_emb',
  },
  vector_estimator: {
    inputs: {
      noisy_latent: 'float32',
      text_emb: 'float32',
      style_ttl: 'float32',
      text_mask: 'float32',
      latent_mask: 'float32',
      current_step: 'float32',
      total_step: 'float32',
    },
    output: 'denoised_latent',
  },
  vocoder: { inputs: { latent: 'float32' }, output: 'wav_tts' },
};

/** The output name of a graph, or a sentence saying what does not match its contract. */
export function readSupertonicContract(
  graph: SupertonicGraph,
  inputs: readonly ValueInfo[],
  outputs: readonly ValueInfo[],
): { output: string } | string {
  const contract = CONTRACTS[graph];
  for (const [name, type] of Object.entries(contract.inputs)) {
    const input = inputs.find((value) => value.name === name);
    if (!input) {
      const names = inputs.map((value) => value.name).join(', ');
      return `its inputs are [${names}]; Supertonic's ${graph} has ${Object.keys(contract.inputs).join(', ')}`;
    }
    if (input.type !== type) return `${name} is ${input.type}, expected ${type}`;
  }
  if (!outputs.some((value) => value.name === contract.output)) {
    const names = outputs.map((value) => value.name).join(', ');
    return `its outputs are [${names}]; Supertonic's ${graph} gives ${contract.output}`;
  }
  return { output: contract.output };
}

/** `ModelSpec.files` key of a graph: the vector estimator is the pack's `model`, the others `graph:<name>`. */
export function supertonicGraphKey(graph: SupertonicGraph): string {
  return graph === 'vector_estimator' ? MODEL_FILE : `${GRAPH_PREFIX}${graph}`;
}
