/**
 * The token sampler against cases worked out by hand from the `transformers` warpers Resemble's
 * `inference_turbo` chains (temperature, top-k, top-p, repetition penalty), and its seeded draws.
 */
import { describe, expect, it } from 'vitest';
import { SeededUniform, chooseToken } from './chatterbox-sampling';

const greedy = { temperature: 0, topK: 0, topP: 1, repetitionPenalty: 1.2 };

describe('chooseToken', () => {
  it('penalises tokens already spoken: positive scores divided, negative ones multiplied', () => {
    const random = new SeededUniform(1);
    // 3 / 1.2 = 2.5 < 2.9
    expect(chooseToken(Float32Array.of(1, 3, 2.9), [1], greedy, random)).toBe(2);
    expect(chooseToken(Float32Array.of(1, 3, 2.9), [], greedy, random)).toBe(1);
    // −0.9 · 1.2 = −1.08 < −1
    expect(chooseToken(Float32Array.of(-1, -0.9), [1], greedy, random)).toBe(0);
  });

  it('keeps only the k best with top-k, and the smallest set over p with top-p', () => {
    const draws = (sampling: { temperature: number; topK: number; topP: number }, logits: Float32Array) => {
      const seen = new Set<number>();
      const random = new SeededUniform(42);
      for (let i = 0; i < 400; i++)
        seen.add(chooseToken(logits, [], { ...sampling, repetitionPenalty: 1 }, random));
      return [...seen].sort();
    };
    const flat = Float32Array.of(0, 0.1, 0.2, 0.3);
    expect(draws({ temperature: 1, topK: 2, topP: 1 }, flat)).toEqual([2, 3]);
    expect(draws({ temperature: 1, topK: 1, topP: 1 }, flat)).toEqual([3]);
    // Probabilities 0.5, 0.3, 0.15, 0.05: summed from the least likely, 0.05 and 0.20 are ≤ 1 − 0.7 and go.
    const probabilities = Float32Array.from([0.5, 0.3, 0.15, 0.05], Math.log);
    expect(draws({ temperature: 1, topK: 0, topP: 0.7 }, probabilities)).toEqual([0, 1]);
    expect(draws({ temperature: 1, topK: 0, topP: 1 }, probabilities)).toEqual([0, 1, 2, 3]);
  });

  it('draws in proportion to the softmax, the same draws for the same seed', () => {
    const logits = Float32Array.from([0.6, 0.3, 0.1], Math.log);
    const sampling = { temperature: 1, topK: 0, topP: 1, repetitionPenalty: 1 };
    const count = (seed: number) => {
      const random = new SeededUniform(seed);
      const counts = [0, 0, 0];
      for (let i = 0; i < 3000; i++) counts[chooseToken(logits, [], sampling, random)]! += 1;
      return counts;
    };
    const counts = count(5);
    expect(counts[0]! / 3000).toBeCloseTo(0.6, 1);
    expect(counts[1]! / 3000).toBeCloseTo(0.3, 1);
    expect(count(5)).toEqual(counts);
    expect(count(6)).not.toEqual(counts);
    // A lower temperature sharpens towards the most likely token.
    const sharp = new SeededUniform(5);
    let first = 0;
    for (let i = 0; i < 3000; i++)
      if (chooseToken(logits, [], { ...sampling, temperature: 0.3 }, sharp) === 0) first++;
    expect(first / 3000).toBeGreaterThan(0.85);
  });
});
