/**
 * Choosing the next speech token from the language model's logits as Resemble's `inference_turbo` does,
 * in its order: temperature, top-k, top-p (the `transformers` warpers), repetition penalty over the
 * tokens so far, then a draw from the softmax; the draw comes from a seeded generator, so a seed gives the
 * same tokens on every machine. A temperature of 0 decodes greedily (the model card's ONNX example).
 */
import type { ChatterboxSampling } from './chatterbox-contract';

/** Uniform numbers in [0, 1) from a 32-bit seed (mulberry32). */
export class SeededUniform {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }
}

/**
 * The next token for `logits` (one row, not changed), given the tokens so far (`history`, START included,
 * as the model card penalises them).
 */
export function chooseToken(
  logits: Float32Array,
  history: readonly number[],
  sampling: ChatterboxSampling,
  random: SeededUniform,
): number {
  const scores = Float64Array.from(logits);
  const greedy = !(sampling.temperature > 0);
  if (!greedy && sampling.temperature !== 1)
    for (let i = 0; i < scores.length; i++) scores[i]! /= sampling.temperature;
  if (!greedy && sampling.topK > 0 && sampling.topK < scores.length) keepTopK(scores, sampling.topK);
  if (!greedy && sampling.topP < 1) keepTopP(scores, sampling.topP);
  if (sampling.repetitionPenalty !== 1) {
    for (const token of new Set(history)) {
      const score = scores[token];
      if (score === undefined) continue;
      scores[token] = score < 0 ? score * sampling.repetitionPenalty : score / sampling.repetitionPenalty;
    }
  }
  if (greedy) return argmax(scores);
  let max = Number.NEGATIVE_INFINITY;
  for (const score of scores) if (score > max) max = score;
  let total = 0;
  for (let i = 0; i < scores.length; i++) {
    const weight = Math.exp(scores[i]! - max);
    scores[i] = weight;
    total += weight;
  }
  let target = random.next() * total;
  let last = 0;
  for (let i = 0; i < scores.length; i++) {
    const weight = scores[i]!;
    if (weight === 0) continue;
    last = i;
    target -= weight;
    if (target < 0) return i;
  }
  return last;
}

function argmax(scores: Float64Array): number {
  let best = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i]! > scores[best]!) best = i;
  return best;
}

/** Every score below the k-th largest becomes −∞ (ties with it stay, as `TopKLogitsWarper` keeps them). */
function keepTopK(scores: Float64Array, k: number): void {
  const threshold = Float64Array.from(scores)
    .sort()
    .at(scores.length - k)!;
  for (let i = 0; i < scores.length; i++) if (scores[i]! < threshold) scores[i] = Number.NEGATIVE_INFINITY;
}

/**
 * `TopPLogitsWarper`: scores sorted ascending, their softmax summed from the bottom; those whose sum is
 * at most 1 − p become −∞, the most likely one always stays.
 */
function keepTopP(scores: Float64Array, p: number): void {
  const order = Array.from(scores.keys()).sort((a, b) => scores[a]! - scores[b]!);
  let max = Number.NEGATIVE_INFINITY;
  for (const score of scores) if (score > max) max = score;
  let total = 0;
  for (const score of scores) total += Math.exp(score - max);
  let cumulative = 0;
  for (let rank = 0; rank < order.length - 1; rank++) {
    const index = order[rank]!;
    cumulative += Math.exp(scores[index]! - max) / total;
    if (cumulative <= 1 - p) scores[index] = Number.NEGATIVE_INFINITY;
    else break;
  }
}
